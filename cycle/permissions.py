"""Access helpers for blocks and what hangs off them. Outsiders get 404 (a member unit's officers are
outsiders to another member's registration and reports); read-only roles 403.

Who is who for a block-year:
- the *manager*: a write role over the managing body (the emulation office), or an admin;
- the *leader* (khối trưởng) and *deputy*: write roles over the leader / deputy unit — they run
  the block's year (pledge, outline, deadlines, conferences, returning reports);
- a *member*: write roles over a member unit — register, sign, submit reports for that unit;
- readers: any role over the managing body or a member unit (leaders, council members, officers).
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from cycle.models import Block, Movement
from organisation import permissions as org_perms
from organisation import tree
from organisation.models import Unit


def visible_blocks(user) -> QuerySet:
    """Blocks managed or joined by a unit in the user's scope, or by one of the units above it."""
    if org_perms.is_admin(user):
        return Block.objects.all()
    paths = org_perms.unit_paths(user)
    above = tree.ids_in_paths(paths)
    ids = Block.objects.filter(
        tree.subtrees_q(paths, field="managed_by__path")
        | tree.subtrees_q(paths, field="memberships__unit__path")
        | Q(memberships__unit__pk__in=above)
    ).values("pk")
    return Block.objects.filter(pk__in=ids)


def can_manage_block(user, block: Block) -> bool:
    return org_perms.is_admin(user) or tree.path_within(block.managed_by.path, org_perms.write_paths(user))


def _writes(user, unit: Unit | None) -> bool:
    return unit is not None and tree.path_within(unit.path, org_perms.write_paths(user))


def can_lead_block(user, block: Block) -> bool:
    """The manager, or the leader's or deputy's officers: they run the block's year."""
    return can_manage_block(user, block) or _writes(user, block.leader) or _writes(user, block.deputy)


def member_units_for(user, block: Block) -> list[Unit]:
    """The member units this user acts for (write role over them)."""
    units = [m.unit for m in block.memberships.select_related("unit")]
    if org_perms.is_admin(user):
        return units
    paths = org_perms.write_paths(user)
    return [u for u in units if tree.path_within(u.path, paths)]


def get_block_for_user(user, pk, *, write: bool = False, lead: bool = False) -> Block:
    """The block if the user may see it (else 404); with ``lead`` the user must run the block,
    with ``write`` manage it (else 403)."""
    block = Block.objects.select_related("managed_by", "leader", "deputy", "movement").filter(pk=pk).first()
    if block is None or not visible_blocks(user).filter(pk=block.pk).exists():
        raise Http404
    if write and not can_manage_block(user, block):
        raise PermissionDenied
    if lead and not can_lead_block(user, block):
        raise PermissionDenied
    return block


def get_member_unit_for_user(user, block: Block, unit_pk) -> Unit:
    """A member unit of ``block`` that the user acts for: 404 if not a member or not visible, 403 if read-only."""
    membership = block.memberships.select_related("unit").filter(unit_id=unit_pk).first()
    if membership is None:
        raise Http404
    unit = membership.unit
    if not (
        org_perms.is_admin(user)
        or tree.path_within(unit.path, org_perms.unit_paths(user))
        or can_lead_block(user, block)
    ):
        raise Http404
    if not (org_perms.is_admin(user) or _writes(user, unit)):
        raise PermissionDenied
    return unit


def visible_movements(user) -> QuerySet:
    """Movements launched in the user's scope, or covering it (from above or below)."""
    if org_perms.is_admin(user):
        return Movement.objects.all()
    paths = org_perms.unit_paths(user)
    above = tree.ids_in_paths(paths)
    ids = Movement.objects.filter(
        Q(covers__pk__in=above)
        | Q(launched_by__pk__in=above)
        | tree.subtrees_q(paths, field="launched_by__path")
        | tree.subtrees_q(paths, field="covers__path")
    ).values("pk")
    return Movement.objects.filter(pk__in=ids)


def can_manage_movement(user, movement: Movement) -> bool:
    return org_perms.is_admin(user) or tree.path_within(movement.launched_by.path, org_perms.write_paths(user))


def get_movement_for_user(user, pk, *, write: bool = False) -> Movement:
    movement = Movement.objects.select_related("launched_by").filter(pk=pk).first()
    if movement is None or not visible_movements(user).filter(pk=movement.pk).exists():
        raise Http404
    if write and not can_manage_movement(user, movement):
        raise PermissionDenied
    return movement


# What hangs off a block: the block's visibility decides; then the role for the action. --------


def get_pledge_for_user(user, pk, *, lead: bool = False):
    """The pledge if the user may see its block (else 404); with ``lead`` the user must run the block (403)."""
    from cycle.models import Pledge

    pledge = Pledge.objects.filter(pk=pk).first()
    if pledge is None:
        raise Http404
    pledge.block = get_block_for_user(user, pledge.block_id, lead=lead)
    return pledge


def get_conference_for_user(user, pk, *, lead: bool = False):
    """The conference if its block is visible (else 404); with ``lead`` the user must run the block (403)."""
    from cycle.models import Conference

    conference = Conference.objects.filter(pk=pk).first()
    if conference is None:
        raise Http404
    conference.block = get_block_for_user(user, conference.block_id, lead=lead)
    return conference


def can_read_unit_reports(user, block: Block, unit: Unit) -> bool:
    """A unit's registration and reports are read by the block's runners and by roles over the unit."""
    return (
        org_perms.is_admin(user)
        or can_lead_block(user, block)
        or tree.path_within(unit.path, org_perms.unit_paths(user))
    )


def get_member_unit_for_reader(user, block: Block, unit_pk) -> Unit:
    """A member unit whose registration and reports the user may read: 404 if not a member, and 404
    for another member's officers too (outside their scope: not even told that it exists)."""
    membership = block.memberships.select_related("unit").filter(unit_id=unit_pk).first()
    if membership is None or not can_read_unit_reports(user, block, membership.unit):
        raise Http404
    return membership.unit


def get_report_for_user(user, pk, *, write: bool = False, lead: bool = False):
    """The report if the user may read it (else 404, another member's officers too); then ``write``: act
    for its unit, ``lead``: run the block (403 for a reader who may not)."""
    from cycle.models import Report

    report = Report.objects.select_related("unit").filter(pk=pk).first()
    if report is None:
        raise Http404
    report.block = get_block_for_user(user, report.block_id)
    get_member_unit_for_reader(user, report.block, report.unit_id)
    if lead and not can_lead_block(user, report.block):
        raise PermissionDenied
    if write:
        get_member_unit_for_user(user, report.block, report.unit_id)
    return report


def get_attachment_for_user(user, pk, *, write: bool = False):
    """A report's file, readable (or, with ``write``, removable) by whoever may read (write) the report."""
    from cycle.models import ReportAttachment

    attachment = ReportAttachment.objects.filter(pk=pk).first()
    if attachment is None:
        raise Http404
    attachment.report = get_report_for_user(user, attachment.report_id, write=write)
    return attachment
