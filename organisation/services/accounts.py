"""Users (logins) and their role grants, each write in one transaction with its audit row (issue 15; the
Django admin's user pages do the same by hand). Who may do it: ``organisation.permissions`` (an ADMIN over a
unit manages the users of its subtree and grants only inside it; a superuser everyone)."""

from django.db import transaction
from django.utils.translation import gettext as _

from audit import services as audit
from audit.models import AuditEvent
from organisation import permissions, tree
from organisation.models import Person, Role, RoleGrant, Unit
from organisation.services import FieldRefused, IdentifierTaken

USER_FIELDS = ["username", "first_name", "last_name", "email", "is_active", "person"]


def _check_username_free(username: str, user=None) -> None:
    from django.contrib.auth import get_user_model

    taken = get_user_model().objects.filter(username__iexact=username)
    if user is not None:
        taken = taken.exclude(pk=user.pk)
    if taken.exists():
        raise IdentifierTaken(_("Tên đăng nhập %(username)s đã được dùng.") % {"username": username})


def _check_person(person: Person | None, user, by) -> None:
    """A login is linked to a person the acting administrator manages, and a person has one login."""
    if person is None:
        return
    in_scope = by is None or by.is_superuser
    if not in_scope and person.unit_id is not None:
        in_scope = tree.path_within(person.unit.path, permissions.admin_paths(by))
    if not in_scope:
        raise FieldRefused("person", _("Cán bộ %(person)s nằm ngoài phạm vi quản trị của bạn.") % {"person": person})
    linked = type(user).objects.filter(person=person)
    if user.pk:
        linked = linked.exclude(pk=user.pk)
    if linked.exists():
        raise FieldRefused("person", _("Cán bộ %(person)s đã có tài khoản đăng nhập khác.") % {"person": person})


def _check_password(password: str, user) -> None:
    from django.contrib.auth import password_validation
    from django.core.exceptions import ValidationError

    try:
        password_validation.validate_password(password, user)
    except ValidationError as error:
        raise FieldRefused("password", " ".join(error.messages)) from None


@transaction.atomic
def create_user(
    *,
    by,
    username: str,
    password: str | None = None,
    first_name: str = "",
    last_name: str = "",
    email: str = "",
    is_active: bool = True,
    person: Person | None = None,
):
    """A new login (never a superuser). Without ``password`` it cannot sign in with one until it is set;
    a password is checked by Django's validators. Refused: a username taken (``IdentifierTaken``), a person
    outside the administrator's scope or already linked, a weak password (``FieldRefused``)."""
    from django.contrib.auth import get_user_model

    model = get_user_model()
    _check_username_free(username)
    user = model(
        username=username, first_name=first_name, last_name=last_name, email=email, is_active=is_active, person=person
    )
    _check_person(person, user, by)
    if password:
        _check_password(password, user)
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.save()
    changes = audit.snapshot(user, USER_FIELDS)
    if password:
        changes["password"] = "***"
    audit.record(by, AuditEvent.Action.CREATE, user, changes)
    return user


@transaction.atomic
def update_user(user, *, by, password: str | None = None, **changes):
    """Change a login's names, email, activity or linked person (``changes``), and its password when
    ``password`` is given. An administrator cannot deactivate their own account."""
    if "username" in changes:
        _check_username_free(changes["username"], user)
    if "person" in changes and changes["person"] is not None and changes["person"].pk != user.person_id:
        _check_person(changes["person"], user, by)
    if changes.get("is_active") is False and by is not None and by.pk == user.pk:
        raise FieldRefused("is_active", _("Bạn không thể tự khoá tài khoản của mình."))
    before = audit.snapshot(user, USER_FIELDS)
    for name, value in changes.items():
        setattr(user, name, value)
    if password:
        _check_password(password, user)
        user.set_password(password)
    user.save()
    delta = audit.diff(before, audit.snapshot(user, USER_FIELDS))
    if password:
        delta["password"] = ["***", "***"]
    if delta:
        audit.record(by, AuditEvent.Action.UPDATE, user, delta)
    return user


@transaction.atomic
def grant_role(user, role: str, unit: Unit, *, by) -> RoleGrant:
    """Grant ``role`` over ``unit``'s subtree to ``user``. Refused (``FieldRefused`` naming ``unit``) when the
    unit lies outside the acting administrator's own admin scope: nobody grants wider than they hold."""
    if role not in Role.values:
        raise FieldRefused("role", _("Vai trò không hợp lệ: %(role)s.") % {"role": role})
    if by is not None and not permissions.may_grant_at(by, unit):
        raise FieldRefused(
            "unit",
            _("Đơn vị %(unit)s nằm ngoài phạm vi quản trị của bạn; chỉ được phân quyền trong phạm vi đó.")
            % {"unit": unit},
        )
    if RoleGrant.objects.filter(user=user, role=role, unit=unit).exists():
        raise FieldRefused("role", _("Người dùng đã có vai trò này tại đơn vị %(unit)s.") % {"unit": unit})
    grant = RoleGrant.objects.create(user=user, role=role, unit=unit)
    audit.record(
        by, AuditEvent.Action.CREATE, grant, {"user": [None, user.pk], "role": [None, role], "unit": [None, unit.pk]}
    )
    user.__dict__.pop("_grant_paths", None)
    return grant


@transaction.atomic
def revoke_grant(grant: RoleGrant, *, by) -> None:
    """Remove a grant. Refused outside the administrator's scope (``unit``), and for an administrator's own
    last ADMIN grant (``role``): they would lock themselves out."""
    if by is not None and not permissions.may_grant_at(by, grant.unit):
        raise FieldRefused("unit", _("Đơn vị %(unit)s nằm ngoài phạm vi quản trị của bạn.") % {"unit": grant.unit})
    if (
        by is not None
        and grant.user_id == by.pk
        and grant.role == Role.ADMIN
        and not by.is_superuser
        and not RoleGrant.objects.filter(user_id=by.pk, role=Role.ADMIN).exclude(pk=grant.pk).exists()
    ):
        raise FieldRefused("role", _("Không thể xoá quyền quản trị cuối cùng của chính bạn."))
    audit.record(
        by,
        AuditEvent.Action.DELETE,
        grant,
        {"user": [grant.user_id, None], "role": [grant.role, None], "unit": [grant.unit_id, None]},
    )
    grant.delete()
