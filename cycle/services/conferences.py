"""Conferences (hội nghị) of a block and who attended for each member unit.

Scoring and voting hang off these: the year-end conference is where the block votes. Who may call
what is checked by the views (``cycle.permissions.can_lead_block``).
"""

from collections.abc import Mapping

from django.db import transaction
from django.utils.translation import gettext as _

from audit import services as audit
from audit.models import AuditEvent
from cycle.models import Attendance, Block, Conference
from cycle.services import CycleError

CONFERENCE_FIELDS = ["kind", "date", "place", "chair_name", "chair_position", "notes"]


def _check(conference: Conference) -> None:
    year = conference.block.year
    if not year - 1 <= conference.date.year <= year + 1:
        raise CycleError(_("Ngày hội nghị phải trong năm %(year)s, cuối năm trước hoặc đầu năm sau.") % {"year": year})
    if not conference.place.strip():
        raise CycleError(_("Cần ghi địa điểm hội nghị."))


@transaction.atomic
def create_conference(block: Block, *, by, **fields) -> Conference:
    """Record a conference of ``block`` (kind, date, place, chair and position, notes)."""
    conference = Conference(block=block, **fields)
    _check(conference)
    conference.save()
    audit.record(by, AuditEvent.Action.CREATE, conference, audit.snapshot(conference, ["block", *CONFERENCE_FIELDS]))
    return conference


@transaction.atomic
def update_conference(conference: Conference, *, by, **changes) -> Conference:
    before = audit.snapshot(conference, CONFERENCE_FIELDS)
    for name, value in changes.items():
        if name not in CONFERENCE_FIELDS:
            raise TypeError(name)
        setattr(conference, name, value)
    _check(conference)
    conference.save(update_fields=list(changes))
    if delta := audit.diff(before, audit.snapshot(conference, CONFERENCE_FIELDS)):
        audit.record(by, AuditEvent.Action.UPDATE, conference, delta)
    return conference


@transaction.atomic
def record_attendance(conference: Conference, rows: Mapping[int, Mapping], *, by) -> list[Attendance]:
    """Set who attended for each member unit: ``rows`` maps a unit id to ``representative``,
    ``position`` and ``present``. Units left out keep what they had. Returns the conference's
    attendance in the block's member order."""
    members = {m.unit_id: m.unit for m in conference.block.memberships.select_related("unit")}
    if unknown := set(rows) - set(members):
        raise CycleError(_("Đơn vị không thuộc khối: %(ids)s.") % {"ids": ", ".join(map(str, sorted(unknown)))})
    existing = {a.unit_id: a for a in conference.attendance.all()}
    new, changed, delta = [], [], {}
    for unit_id, row in rows.items():
        values = {
            "representative": (row.get("representative") or "").strip(),
            "position": (row.get("position") or "").strip(),
            "present": bool(row.get("present")),
        }
        if values["present"] and not values["representative"]:
            raise CycleError(_("Cần ghi người dự của đơn vị %(code)s.") % {"code": members[unit_id].code})
        current = existing.get(unit_id)
        if current is None:
            new.append(Attendance(conference=conference, unit_id=unit_id, **values))
            delta[members[unit_id].code] = [None, _describe(values)]
            continue
        old = {k: getattr(current, k) for k in values}
        if old != values:
            for name, value in values.items():
                setattr(current, name, value)
            changed.append(current)
            delta[members[unit_id].code] = [_describe(old), _describe(values)]
    Attendance.objects.bulk_create(new)
    Attendance.objects.bulk_update(changed, ["representative", "position", "present"])
    if delta:
        audit.record(by, AuditEvent.Action.UPDATE, conference, {"attendance": delta})
    order = list(members)
    return sorted(conference.attendance.select_related("unit"), key=lambda a: order.index(a.unit_id))


def _describe(values: Mapping) -> str:
    who = ", ".join(v for v in (values["representative"], values["position"]) if v)
    return f"{'+' if values['present'] else '-'} {who}".strip()
