"""Access to eligibility scopes and rule set copies: outsiders 404, read-only roles 403 on writes."""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from cycle import permissions as cycle_perms
from cycle.models import Block
from eligibility.models import RuleSetCopy
from organisation import permissions as org_perms
from organisation import tree
from organisation.models import Role, Unit

reads_unit = org_perms.reads_unit_records


def get_scope_unit_for_user(user, pk) -> Unit:
    """A unit whose eligibility list the user may read (404 otherwise)."""
    unit = Unit.objects.filter(pk=pk).first()
    if unit is None or not reads_unit(user, unit):
        raise Http404
    return unit


def get_scope_block_for_user(user, pk) -> tuple[Block, list[Unit]]:
    """A block and the member units whose eligibility the user may read: all of them for the
    block's managers, else those in the user's read subtrees (404 when none)."""
    block = cycle_perms.get_block_for_user(user, pk)
    members = [m.unit for m in block.memberships.select_related("unit").order_by("order", "unit__code")]
    if not (org_perms.is_admin(user) or cycle_perms.can_manage_block(user, block)):
        members = [u for u in members if reads_unit(user, u)]
    if not members:
        raise Http404
    return block, members


def default_scope(user) -> Unit | None:
    """The widest unit the user reads (for the eligibility page's first view)."""
    paths = sorted(org_perms.read_paths(user), key=len)
    if org_perms.is_admin(user) and not paths:
        return Unit.objects.filter(parent__isnull=True).order_by("path").first()
    if not paths:
        return None
    return Unit.objects.filter(pk=tree.last_id(paths[0])).first()


def edits_rulesets_of(user, unit: Unit) -> bool:
    if org_perms.is_admin(user):
        return True
    paths = org_perms.paths_with_role(user, Role.EMULATION_OFFICE)
    return tree.path_within(unit.path, paths)


def can_copy_rulesets(user) -> bool:
    return org_perms.is_admin(user) or Role.EMULATION_OFFICE in org_perms.roles_of(user)


def ruleset_owner_choices(user):
    """Units that may own a copy the user makes: the roots of the user's office grants."""
    if org_perms.is_admin(user):
        return Unit.objects.filter(parent__isnull=True) | Unit.objects.filter(parent__parent__isnull=True)
    paths = org_perms.paths_with_role(user, Role.EMULATION_OFFICE)
    ids = [tree.last_id(p) for p in paths]
    return Unit.objects.filter(pk__in=ids)


def get_ruleset_copy_for_user(user, code: str, *, write: bool = False) -> RuleSetCopy:
    copy = RuleSetCopy.objects.select_related("owner").filter(code=code).first()
    if copy is None or not user.is_authenticated:
        raise Http404
    if write and not edits_rulesets_of(user, copy.owner):
        raise PermissionDenied
    return copy
