"""Movements, blocks and clusters per year, their members, leader and deputy, and the next year."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit import services as audit
from audit.models import AuditEvent
from cycle.models import Block, BlockMember, Movement, OutlineSection, Pledge, PledgeClause, ReportDeadline
from cycle.services import CycleError
from organisation.models import Unit
from organisation.params import current_year

BLOCK_FIELDS = ["year", "kind", "name", "number", "movement", "managed_by", "leader", "deputy", "registration_deadline"]
MOVEMENT_FIELDS = ["name", "kind", "year", "start_date", "end_date", "theme", "slogan", "launched_by"]

# Who leads a block copied to next year: each source is f(block) -> (leader, deputy, basis) or None, asked in
# order; voting registers the pair its last applied election chose (``voting.apps``). None: the new year starts
# with no leader and deputy, to be set with their own basis (last year's basis is last year's).
NEXT_YEAR_LEADERS: list = []

# What else a block copied to next year carries: each hook is f(old, new, by=user), called inside the copy's
# transaction; scoring registers the copy of the rubric (``scoring.apps``).
AFTER_NEXT_YEAR: list = []

# Warnings shown on the block page: each source is f(block) -> list[str]; news registers the check that the
# stored standings follow the final leaderboard (``news.apps``).
BLOCK_NOTICES: list = []


def block_notices(block: Block) -> list[str]:
    """Every registered source's warnings about ``block``, in order."""
    return [text for source in BLOCK_NOTICES for text in source(block)]


def leaders_for_next_year(block: Block):
    """The first answer of the registered sources, or None."""
    for source in NEXT_YEAR_LEADERS:
        if (found := source(block)) is not None:
            return found
    return None


class BlockNameTaken(CycleError):
    """The managing body already has a block of this name in this year (the API answers 409)."""


@transaction.atomic
def create_movement(*, by, covers: list[Unit], **fields) -> Movement:
    """Launch a movement (regular or thematic) over the subtrees of ``covers``."""
    if fields["end_date"] < fields["start_date"]:
        raise CycleError(_("Ngày kết thúc phải sau ngày bắt đầu."))
    movement = Movement.objects.create(**fields)
    movement.covers.set(covers or [fields["launched_by"]])
    audit.record(
        by,
        AuditEvent.Action.CREATE,
        movement,
        audit.snapshot(movement, MOVEMENT_FIELDS) | {"covers": [None, [u.pk for u in covers]]},
    )
    return movement


@transaction.atomic
def update_movement(movement: Movement, *, by, covers: list[Unit] | None = None, **changes) -> Movement:
    before = audit.snapshot(movement, MOVEMENT_FIELDS)
    for name, value in changes.items():
        setattr(movement, name, value)
    if movement.end_date < movement.start_date:
        raise CycleError(_("Ngày kết thúc phải sau ngày bắt đầu."))
    movement.save()
    delta = audit.diff(before, audit.snapshot(movement, MOVEMENT_FIELDS))
    if covers is not None:
        old = sorted(movement.covers.values_list("pk", flat=True))
        movement.covers.set(covers)
        if old != sorted(u.pk for u in covers):
            delta["covers"] = [old, sorted(u.pk for u in covers)]
    if delta:
        audit.record(by, AuditEvent.Action.UPDATE, movement, delta)
    return movement


@transaction.atomic
def create_block(*, by, members: list[Unit], **fields) -> Block:
    """Form a block or cluster for a year with its member units (any kind of unit)."""
    _check_name_free(fields["managed_by"], fields["year"], fields["name"])
    block = Block.objects.create(**fields)
    _check_leaders(block, {u.pk for u in members})
    BlockMember.objects.bulk_create([BlockMember(block=block, unit=u, order=i) for i, u in enumerate(members)])
    audit.record(
        by,
        AuditEvent.Action.CREATE,
        block,
        audit.snapshot(block, BLOCK_FIELDS) | {"members": [None, [u.pk for u in members]]},
    )
    return block


def _check_leaders(block: Block, member_ids: set[int]) -> None:
    if block.leader_id and block.leader_id not in member_ids:
        raise CycleError(_("Khối trưởng phải là đơn vị thành viên của khối."))
    if block.deputy_id and block.deputy_id not in member_ids:
        raise CycleError(_("Khối phó phải là đơn vị thành viên của khối."))
    if block.leader_id and block.leader_id == block.deputy_id:
        raise CycleError(_("Khối trưởng và khối phó phải là hai đơn vị khác nhau."))


def _check_name_free(managed_by: Unit | int, year: int, name: str, block: Block | None = None) -> None:
    """A managing body names each of its blocks once a year."""
    taken = Block.objects.filter(managed_by=managed_by, year=year, name=name)
    if block is not None:
        taken = taken.exclude(pk=block.pk)
    if taken.exists():
        raise BlockNameTaken(_("Đã có khối cùng tên trong năm %(year)s.") % {"year": year})


@transaction.atomic
def update_block(block: Block, *, by, **changes) -> Block:
    if changes.keys() & {"managed_by", "year", "name"}:
        _check_name_free(
            changes.get("managed_by", block.managed_by_id),
            changes.get("year", block.year),
            changes.get("name", block.name),
            block,
        )
    before = audit.snapshot(block, BLOCK_FIELDS)
    for name, value in changes.items():
        setattr(block, name, value)
    block.save()
    if delta := audit.diff(before, audit.snapshot(block, BLOCK_FIELDS)):
        audit.record(by, AuditEvent.Action.UPDATE, block, delta)
    return block


@transaction.atomic
def set_block_members(block: Block, members: list[Unit], *, by) -> Block:
    """Replace the member list; the leader and deputy must stay members."""
    ids = [u.pk for u in members]
    _check_leaders(block, set(ids))
    old = list(block.memberships.values_list("unit_id", flat=True))
    block.memberships.exclude(unit_id__in=ids).delete()
    existing = set(block.memberships.values_list("unit_id", flat=True))
    BlockMember.objects.bulk_create(
        [BlockMember(block=block, unit=u, order=i) for i, u in enumerate(members) if u.pk not in existing]
    )
    for i, unit_id in enumerate(ids):
        block.memberships.filter(unit_id=unit_id).update(order=i)
    if sorted(old) != sorted(ids):
        audit.record(by, AuditEvent.Action.UPDATE, block, {"members": [sorted(old), sorted(ids)]})
    return block


@transaction.atomic
def assign_block_leaders(block: Block, *, leader: Unit | None, deputy: Unit | None, basis: str, by) -> Block:
    """Set the year's leader (khối trưởng) and deputy (khối phó), with who set them and on what basis
    (an assignment by the council, or the result of last year's vote)."""
    block = Block.objects.select_for_update().get(pk=block.pk)
    old = [block.leader_id, block.deputy_id]
    block.leader, block.deputy = leader, deputy
    _check_leaders(block, set(block.memberships.values_list("unit_id", flat=True)))
    if not basis.strip():
        raise CycleError(_("Cần ghi căn cứ chọn khối trưởng, khối phó (quyết định hoặc kết quả bỏ phiếu)."))
    block.leaders_basis = basis.strip()
    block.leaders_set_by = by
    block.leaders_set_at = timezone.now()
    block.save(update_fields=["leader", "deputy", "leaders_basis", "leaders_set_by", "leaders_set_at"])
    audit.record(
        by,
        AuditEvent.Action.UPDATE,
        block,
        {"leader": [old[0], block.leader_id], "deputy": [old[1], block.deputy_id]},
        note=block.leaders_basis,
    )
    return block


def next_year_problem(block: Block) -> str:
    """Why this block cannot start next year, or "" when it can: once per block (not when next year is
    already linked to it or a block of the same name exists in it), and not ahead of time — a block of a
    year that has not begun cannot start the year after (so a freshly started year does not offer the
    next one at once)."""
    year = block.year + 1
    if Block.objects.filter(previous=block).exists():
        return _("Khối này đã được chuyển sang năm sau.")
    if Block.objects.filter(managed_by=block.managed_by_id, year=year, name=block.name).exists():
        return _("Đã có khối cùng tên trong năm %(year)s.") % {"year": year}
    if block.year > current_year():
        return _("Chưa thể bắt đầu năm %(next)s khi năm %(year)s chưa bắt đầu.") % {"next": year, "year": block.year}
    return ""


@transaction.atomic
def copy_block_to_next_year(block: Block, *, by, movement: Movement | None = None) -> Block:
    """Start next year from this one: members, the leader and deputy elected for next year (none when
    no election chose them: last year's pair and basis are last year's), the report outline, the
    deadlines moved a year on, the last pledge's clauses as a new draft, and what ``AFTER_NEXT_YEAR``
    adds (the rubric, as a draft). Signatures, registrations, reports and scores stay with their year.
    Refused for the reasons of ``next_year_problem``."""
    year = block.year + 1
    if Block.objects.filter(previous=block).exists():
        raise CycleError(_("Khối này đã được chuyển sang năm sau."))
    _check_name_free(block.managed_by_id, year, block.name)  # the API answers 409
    if problem := next_year_problem(block):  # what remains: a year that has not begun
        raise CycleError(problem)
    elected = leaders_for_next_year(block)
    leader, deputy, basis = elected if elected else (None, None, "")
    new = Block.objects.create(
        year=year,
        kind=block.kind,
        name=block.name,
        number=block.number,
        managed_by=block.managed_by,
        previous=block,
        movement=movement,
        leader=leader,
        deputy=deputy,
        leaders_basis=basis,
        leaders_set_by=by if leader else None,
        leaders_set_at=timezone.now() if leader else None,
        registration_deadline=_shift_year(block.registration_deadline),
    )
    BlockMember.objects.bulk_create(
        [BlockMember(block=new, unit_id=m.unit_id, order=m.order) for m in block.memberships.all()]
    )
    OutlineSection.objects.bulk_create(
        [OutlineSection(block=new, order=s.order, heading=s.heading, guidance=s.guidance) for s in block.outline.all()]
    )
    ReportDeadline.objects.bulk_create(
        [ReportDeadline(block=new, kind=d.kind, deadline=_shift_year(d.deadline)) for d in block.report_deadlines.all()]
    )
    last = block.pledges.order_by("-version").first()
    if last is not None:
        pledge = Pledge.objects.create(
            block=new,
            version=1,
            title=last.title.replace(str(block.year), str(year)),
            preamble=last.preamble,
            place=last.place,
            created_by=by,
        )
        PledgeClause.objects.bulk_create(
            [
                PledgeClause(pledge=pledge, order=c.order, text=c.text.replace(f"năm {block.year}", f"năm {year}"))
                for c in last.clauses.all()
            ]
        )
    audit.record(by, AuditEvent.Action.CREATE, new, audit.snapshot(new, BLOCK_FIELDS), note=f"copy of {block.pk}")
    for hook in AFTER_NEXT_YEAR:
        hook(block, new, by=by)
    return new


def _shift_year(day):
    if day is None:
        return None
    try:
        return day.replace(year=day.year + 1)
    except ValueError:  # 29/02
        return day.replace(year=day.year + 1, day=28)


def block_history(block: Block) -> list[Block]:
    """The same block across years, oldest first, in one query: the blocks of the same managing
    body and name, and the ones linked to it by "start next year from this one"."""
    from django.db.models import Q

    query = Q(managed_by=block.managed_by_id, name=block.name) | Q(previous=block)
    if block.previous_id:
        query |= Q(pk=block.previous_id)
    return list(Block.objects.filter(query).select_related("leader", "deputy").order_by("year"))
