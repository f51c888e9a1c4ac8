"""Access helpers, one per object type. Outsiders get 404; read-only roles get 403 on writes.

A role is held over a unit subtree (RoleGrant). Read roles see units and people in their
subtrees; write roles change them; a plain officer sees the units of its subtree and only
its own person record. A superuser or an ADMIN grant at a root sees everything.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from organisation import tree
from organisation.models import READ_ROLES, WRITE_ROLES, Person, Role, Unit


def grants(user) -> list[tuple[str, str]]:
    """(role, path) pairs of the user, loaded once per request."""
    if not user.is_authenticated:
        return []
    cached = getattr(user, "_grant_paths", None)
    if cached is None:
        cached = list(user.grants.values_list("role", "unit__path"))
        user._grant_paths = cached
    return cached


def paths_with_role(user, role: str) -> list[str]:
    """The subtrees (paths) over which the user holds ``role``, e.g. ``Role.EMULATION_OFFICE``."""
    return [path for held, path in grants(user) if held == role]


def is_admin(user) -> bool:
    return bool(user.is_authenticated and (user.is_superuser or any(r == Role.ADMIN for r, _ in grants(user))))


def roles_of(user) -> set[str]:
    return {role for role, _ in grants(user)}


def read_paths(user) -> list[str]:
    return [path for role, path in grants(user) if role in READ_ROLES]


def write_paths(user) -> list[str]:
    return [path for role, path in grants(user) if role in WRITE_ROLES]


def unit_paths(user) -> list[str]:
    """Subtrees whose units the user may see (every role, officers included)."""
    return [path for _, path in grants(user)]


# Units -------------------------------------------------------------------------------


def visible_units(user) -> QuerySet:
    if is_admin(user):
        return Unit.objects.all()
    return Unit.objects.filter(tree.subtrees_q(unit_paths(user)))


def writable_units(user) -> QuerySet:
    if is_admin(user):
        return Unit.objects.all()
    return Unit.objects.filter(tree.subtrees_q(write_paths(user)))


def can_write_unit(user, unit: Unit) -> bool:
    return is_admin(user) or tree.path_within(unit.path, write_paths(user))


def can_create_root_unit(user) -> bool:
    """A unit without parent (a new root of the tree) is created by a superuser only."""
    return bool(user.is_authenticated and user.is_superuser)


def reads_unit_records(user, unit: Unit) -> bool:
    """Whether a read role (office, commanders, council, leaders) covers ``unit``: its people's
    records (ratings, discipline, eligibility) are open to it; a plain officer's role is not."""
    return is_admin(user) or tree.path_within(unit.path, read_paths(user))


def get_unit_for_user(user, pk, *, write: bool = False) -> Unit:
    unit = Unit.objects.select_related("parent").filter(pk=pk).first()
    if unit is None or not (is_admin(user) or tree.path_within(unit.path, unit_paths(user))):
        raise Http404
    if write and not can_write_unit(user, unit):
        raise PermissionDenied
    return unit


# People ------------------------------------------------------------------------------


def visible_people(user) -> QuerySet:
    if is_admin(user):
        return Person.objects.all()
    query = tree.subtrees_q(read_paths(user), field="unit__path")
    if user.is_authenticated and user.person_id:
        query |= Q(pk=user.person_id)
    return Person.objects.filter(query)


def can_write_person(user, person: Person) -> bool:
    if is_admin(user):
        return True
    return person.unit_id is not None and tree.path_within(person.unit.path, write_paths(user))


def get_person_for_user(user, pk, *, write: bool = False) -> Person:
    person = Person.objects.select_related("unit").filter(pk=pk).first()
    if person is None:
        raise Http404
    own = user.is_authenticated and user.person_id == person.pk
    readable = (
        is_admin(user) or own or (person.unit_id is not None and tree.path_within(person.unit.path, read_paths(user)))
    )
    if not readable:
        raise Http404
    if write and not can_write_person(user, person):
        raise PermissionDenied
    return person


def can_import(user) -> bool:
    return is_admin(user) or bool(write_paths(user))


# Users and their role grants ---------------------------------------------------------
#
# A holder of the ADMIN role over a unit manages the users whose every grant lies in that subtree (and whose
# linked person, if any, serves there; not staff accounts) and grants roles only inside it; a superuser manages every user. Nobody
# else manages anyone: another user is a 404, the user's own account is read-only (403 on writes).


def admin_paths(user) -> list[str]:
    """The subtrees over which ``user`` administers users and grants (their ADMIN grants)."""
    return paths_with_role(user, Role.ADMIN)


def manages_users(user) -> bool:
    return bool(user.is_authenticated and (user.is_superuser or admin_paths(user)))


def may_grant_at(manager, unit: Unit) -> bool:
    """Whether ``manager`` may grant a role over ``unit``'s subtree: never wider than their own admin scope."""
    return manager.is_superuser or tree.path_within(unit.path, admin_paths(manager))


def manageable_users(manager) -> QuerySet:
    """The users ``manager`` manages (see above), in one query whatever the number of grants."""
    from django.contrib.auth import get_user_model
    from django.db.models import Exists, OuterRef

    from organisation.models import RoleGrant

    users = get_user_model().objects.all()
    if not manager.is_authenticated:
        return users.none()
    if manager.is_superuser:
        return users
    paths = admin_paths(manager)
    if not paths:
        return users.none()
    outside = RoleGrant.objects.filter(user=OuterRef("pk")).exclude(tree.subtrees_q(paths, field="unit__path"))
    person_inside = Q(person__isnull=True) | tree.subtrees_q(paths, field="person__unit__path")
    # Staff accounts may open the Django admin, whose powers no grant describes: a superuser's to manage.
    return users.filter(is_superuser=False, is_staff=False).exclude(Exists(outside)).filter(person_inside)


def get_user_for_manager(manager, pk, *, write: bool = False):
    """A user as ``manager`` may see it: their own account (read-only unless they manage it) or one they
    manage; anyone else is a 404."""
    from django.contrib.auth import get_user_model

    if manages_users(manager):
        found = manageable_users(manager).filter(pk=pk).first()
        if found is not None:
            return found
    if manager.is_authenticated and manager.pk == pk:
        if write:
            raise PermissionDenied
        return get_user_model().objects.get(pk=pk)
    raise Http404


def get_grant_for_manager(manager, user, pk):
    """One of ``user``'s grants, which ``manager`` may revoke: ``user`` comes from ``get_user_for_manager``
    with ``write=True``; a grant of someone else, or unknown, is a 404."""
    grant = user.grants.select_related("unit").filter(pk=pk).first()
    if grant is None:
        raise Http404
    return grant
