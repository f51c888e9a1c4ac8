"""The block's report outline and deadlines, the members' reports, their files, and the board.

The leader's officers (or the manager) write the outline (đề cương) and the deadline of each period;
each member unit writes one report per period following the outline: draft → submitted → returned
with a reason → submitted again … → accepted. Every submission keeps a copy of its text in
ReportEvent. A submission after the deadline is accepted but shown late on the board: lateness is
judged by the *first* submission, so a report returned after the deadline and sent again does not
turn late. Who may call what is checked by the views (``cycle.permissions``).
"""

import datetime
from collections.abc import Mapping
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Max, Min
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from audit import services as audit
from audit.models import AuditEvent
from cycle import uploads
from cycle.models import (
    Block,
    OutlineSection,
    Report,
    ReportAttachment,
    ReportDeadline,
    ReportEvent,
    ReportKind,
    ReportSectionText,
)
from cycle.services import CycleError, notifications
from organisation.models import Unit

MAX_ATTACHMENTS = 20
EDITABLE = (Report.Status.DRAFT, Report.Status.RETURNED)
# Periods every block reports on; the nine-month report only when the block sets its deadline.
ALWAYS = (ReportKind.MID_YEAR, ReportKind.YEAR_END)
KIND_ORDER = [ReportKind.MID_YEAR, ReportKind.NINE_MONTHS, ReportKind.YEAR_END]


# Outline --------------------------------------------------------------------------------


def _clean_heading(heading: str) -> str:
    heading = (heading or "").strip()
    if not heading:
        raise CycleError(_("Cần ghi đề mục."))
    return heading


@transaction.atomic
def add_outline_section(block: Block, *, heading: str, guidance: str = "", by) -> OutlineSection:
    """Append a section to the block's outline."""
    last = block.outline.aggregate(last=Max("order"))["last"] or 0
    section = OutlineSection.objects.create(
        block=block, order=last + 1, heading=_clean_heading(heading), guidance=(guidance or "").strip()
    )
    audit.record(by, AuditEvent.Action.CREATE, section, audit.snapshot(section, ["block", "order", "heading"]))
    return section


@transaction.atomic
def update_outline_section(section: OutlineSection, *, heading: str, guidance: str = "", by) -> OutlineSection:
    before = audit.snapshot(section, ["heading", "guidance"])
    section.heading, section.guidance = _clean_heading(heading), (guidance or "").strip()
    section.save(update_fields=["heading", "guidance"])
    if delta := audit.diff(before, audit.snapshot(section, ["heading", "guidance"])):
        audit.record(by, AuditEvent.Action.UPDATE, section, delta)
    return section


@transaction.atomic
def delete_outline_section(section: OutlineSection, *, by) -> None:
    """Remove a section nobody has written in yet (written text would go with it), renumber the rest."""
    if ReportSectionText.objects.filter(section=section).exclude(text="").exists():
        raise CycleError(
            _("Đã có đơn vị viết nội dung cho đề mục “%(heading)s”; không xoá được, hãy sửa đề mục.")
            % {"heading": section.heading}
        )
    block = section.block
    audit.record(by, AuditEvent.Action.DELETE, section, audit.snapshot(section, ["block", "order", "heading"]))
    section.delete()
    _renumber(list(block.outline.all()))


@transaction.atomic
def reorder_outline(block: Block, section_ids: list[int], *, by) -> list[OutlineSection]:
    """Put the block's sections in the order of ``section_ids`` (all of them, each once)."""
    sections = {s.pk: s for s in block.outline.all()}
    if sorted(section_ids) != sorted(sections):
        raise CycleError(_("Thứ tự đề mục không khớp với đề cương hiện tại; hãy tải lại trang."))
    old = [s.pk for s in sorted(sections.values(), key=lambda s: s.order)]
    ordered = [sections[pk] for pk in section_ids]
    _renumber(ordered)
    if old != section_ids:
        audit.record(by, AuditEvent.Action.UPDATE, block, {"outline": [old, section_ids]})
    return ordered


def move_outline_section(section: OutlineSection, *, offset: int, by) -> list[OutlineSection]:
    """Move a section up (-1) or down (+1) one place."""
    ids = list(section.block.outline.values_list("pk", flat=True))
    i = ids.index(section.pk)
    j = min(max(i + offset, 0), len(ids) - 1)
    ids.insert(j, ids.pop(i))
    return reorder_outline(section.block, ids, by=by)


@dataclass(frozen=True)
class SectionData:
    """One section of a whole outline as sent: ``id`` of a section kept (None: a new one)."""

    heading: str
    guidance: str = ""
    id: int | None = None


@transaction.atomic
def set_outline(
    block: Block,
    *,
    sections: list[SectionData],
    deadlines: Mapping[str, datetime.date | None] | None = None,
    by,
) -> list[OutlineSection]:
    """The whole outline at once (the API's PUT), in the order given: sections with an ``id`` are kept
    and edited, those without are added, those left out are deleted (refused, as one by one, when a
    unit wrote in them); with ``deadlines``, the periods' deadlines as ``set_report_deadlines``. All or
    nothing: any refusal (CycleError) leaves the outline as it was. Each change is audited as the page's
    one-by-one actions audit it."""
    current = {s.pk: s for s in block.outline.all()}
    ids = [s.id for s in sections if s.id is not None]
    if unknown := sorted({pk for pk in ids if pk not in current}):
        raise CycleError(_("Đề mục không thuộc đề cương của khối: %(ids)s.") % {"ids": ", ".join(map(str, unknown))})
    if len(set(ids)) != len(ids):
        raise CycleError(_("Một đề mục được gửi hai lần."))
    for pk in sorted(set(current) - set(ids)):
        delete_outline_section(current[pk], by=by)
    for data in sections:
        if data.id is None:
            add_outline_section(block, heading=data.heading, guidance=data.guidance, by=by)
        else:
            update_outline_section(current[data.id], heading=data.heading, guidance=data.guidance, by=by)
    # The new sections were appended in the order sent; put every section where it was sent.
    added = iter(s.pk for s in block.outline.all() if s.pk not in current)
    order = [data.id if data.id is not None else next(added) for data in sections]
    reorder_outline(block, order, by=by)
    if deadlines is not None:
        set_report_deadlines(block, deadlines=deadlines, by=by)
    return list(block.outline.all())


def _renumber(sections: list[OutlineSection]) -> None:
    for i, section in enumerate(sections, start=1):
        section.order = i
    OutlineSection.objects.bulk_update(sections, ["order"])


# Deadlines ------------------------------------------------------------------------------


@transaction.atomic
def set_report_deadlines(block: Block, *, deadlines: Mapping[str, datetime.date | None], by) -> list[ReportDeadline]:
    """Set the deadline of each period given (``None`` clears it: the nine-month report is then not
    asked for). The periods keep their order (mid-year, nine months, year-end), within the block's
    year or early the next. Returns the block's deadlines in date order."""
    if set(deadlines) - set(ReportKind.values):
        raise CycleError(_("Kỳ báo cáo không hợp lệ."))
    current = {d.kind: d for d in block.report_deadlines.all()}
    final = {k: d.deadline for k, d in current.items()} | dict(deadlines)
    final = {k: v for k, v in final.items() if v is not None}
    for day in final.values():
        if not block.year <= day.year <= block.year + 1:
            raise CycleError(_("Hạn nộp phải trong năm %(year)s hoặc đầu năm sau.") % {"year": block.year})
    dates = [final[k] for k in KIND_ORDER if k in final]
    if dates != sorted(dates):
        raise CycleError(_("Hạn nộp các kỳ phải theo thứ tự: sơ kết 6 tháng, 9 tháng, rồi tổng kết năm."))
    delta = {}
    for kind, day in deadlines.items():
        row = current.get(kind)
        old = row.deadline if row else None
        if old == day:
            continue
        delta[f"deadline_{kind}"] = [old and old.isoformat(), day and day.isoformat()]
        if day is None:
            row.delete()
        elif row is None:
            ReportDeadline.objects.create(block=block, kind=kind, deadline=day)
        else:
            row.deadline = day
            row.save(update_fields=["deadline"])
    if delta:
        audit.record(by, AuditEvent.Action.UPDATE, block, delta)
    return list(block.report_deadlines.all())


def report_kinds(block: Block) -> list[str]:
    """The periods this block reports on, in the year's order."""
    set_kinds = set(block.report_deadlines.values_list("kind", flat=True))
    return [k for k in KIND_ORDER if k in ALWAYS or k in set_kinds]


def deadline_of(block: Block, kind: str) -> datetime.date | None:
    return block.report_deadlines.filter(kind=kind).values_list("deadline", flat=True).first()


def is_late(submitted_at: datetime.datetime | None, deadline: datetime.date | None) -> bool:
    """Late when sent on a day (local time) after the deadline day."""
    return bool(submitted_at and deadline and timezone.localdate(submitted_at) > deadline)


# Reports --------------------------------------------------------------------------------


def _report_url(report: Report) -> str:
    return reverse("cycle:report_edit", args=[report.block_id, report.kind, report.unit_id])


def _check_editable(report: Report) -> None:
    if report.status == Report.Status.SUBMITTED:
        raise CycleError(_("Báo cáo đã nộp, đang chờ khối trưởng xem xét; không sửa được."))
    if report.status == Report.Status.ACCEPTED:
        raise CycleError(_("Báo cáo đã được tiếp nhận; không sửa được."))


@transaction.atomic
def save_report_draft(block: Block, *, unit: Unit, kind: str, texts: Mapping[int, str], by) -> Report:
    """Write the unit's report for ``kind`` (created on first save) section by section:
    ``texts`` maps outline section ids to text. Allowed while a draft or returned."""
    if kind not in report_kinds(block):
        raise CycleError(_("Khối không yêu cầu báo cáo kỳ này."))
    if not block.memberships.filter(unit=unit).exists():
        raise CycleError(_("Đơn vị không thuộc khối."))
    report, created = Report.objects.select_for_update().get_or_create(block=block, unit=unit, kind=kind)
    _check_editable(report)
    sections = set(block.outline.values_list("pk", flat=True))
    if set(texts) - sections:
        raise CycleError(_("Đề cương đã thay đổi; hãy tải lại trang."))
    existing = {t.section_id: t for t in report.sections.all()}
    changed, new = [], []
    for section_id, text in texts.items():
        text = (text or "").strip()
        row = existing.get(section_id)
        if row is None and text:
            new.append(ReportSectionText(report=report, section_id=section_id, text=text))
        elif row is not None and row.text != text:
            row.text = text
            changed.append(row)
    ReportSectionText.objects.bulk_create(new)
    ReportSectionText.objects.bulk_update(changed, ["text"])
    touched = sorted(r.section_id for r in new + changed)
    if created:
        audit.record(by, AuditEvent.Action.CREATE, report, {"sections": [None, touched]})
    elif touched:
        report.save(update_fields=["updated_at"])
        audit.record(by, AuditEvent.Action.UPDATE, report, {"sections": [None, touched]})
    return report


def report_snapshot(report: Report) -> dict:
    """What a submission sent: every outline section with its text, and the attached files."""
    texts = dict(report.sections.values_list("section_id", "text"))
    return {
        "sections": [
            {"id": s.pk, "heading": s.heading, "text": texts.get(s.pk, "")} for s in report.block.outline.all()
        ],
        "attachments": [
            {"id": a.pk, "name": a.original_name, "size": a.size}
            for a in report.attachments.order_by("uploaded_at", "pk")
        ],
    }


@transaction.atomic
def submit_report(report: Report, *, by) -> Report:
    """Send the report to the block leader (again, after a return). Late submissions are accepted
    and shown late on the board. Needs some text or a file."""
    report = Report.objects.select_for_update().select_related("block", "unit").get(pk=report.pk)
    _check_editable(report)
    if not (report.sections.exclude(text="").exists() or report.attachments.exists()):
        raise CycleError(_("Báo cáo chưa có nội dung: hãy viết ít nhất một đề mục hoặc đính kèm tệp."))
    old = report.status
    report.status, report.submitted_at = Report.Status.SUBMITTED, timezone.now()
    report.save(update_fields=["status", "submitted_at", "updated_at"])
    ReportEvent.objects.create(report=report, action=Report.Status.SUBMITTED, by=by, snapshot=report_snapshot(report))
    late = is_late(report.submitted_at, deadline_of(report.block, report.kind))
    audit.record(
        by, AuditEvent.Action.UPDATE, report, {"status": [old, report.status]}, note=_("nộp muộn") if late else ""
    )
    leaders = [u for u in (report.block.leader, report.block.deputy) if u is not None]
    notifications.notify_units(
        leaders,
        _("%(unit)s đã nộp %(kind)s (%(block)s).")
        % {"unit": report.unit.code, "kind": report.get_kind_display(), "block": report.block},
        _report_url(report),
    )
    return report


@transaction.atomic
def return_report(report: Report, *, reason: str, by) -> Report:
    """Send a submitted report back to its unit with the reason; the unit edits and submits again."""
    report = Report.objects.select_for_update().select_related("block", "unit").get(pk=report.pk)
    if report.status != Report.Status.SUBMITTED:
        raise CycleError(_("Chỉ trả lại được báo cáo đã nộp."))
    reason = (reason or "").strip()
    if not reason:
        raise CycleError(_("Cần ghi lý do trả lại."))
    report.status, report.returned_reason = Report.Status.RETURNED, reason
    report.save(update_fields=["status", "returned_reason", "updated_at"])
    ReportEvent.objects.create(report=report, action=Report.Status.RETURNED, by=by, reason=reason)
    audit.record(
        by, AuditEvent.Action.UPDATE, report, {"status": [Report.Status.SUBMITTED, report.status]}, note=reason
    )
    notifications.notify_units(
        [report.unit],
        _("%(kind)s của %(unit)s bị trả lại: %(reason)s")
        % {"kind": report.get_kind_display(), "unit": report.unit.code, "reason": reason},
        _report_url(report),
    )
    return report


@transaction.atomic
def accept_report(report: Report, *, by) -> Report:
    """The leader takes the submitted report in; it is final."""
    report = Report.objects.select_for_update().select_related("block", "unit").get(pk=report.pk)
    if report.status != Report.Status.SUBMITTED:
        raise CycleError(_("Chỉ tiếp nhận được báo cáo đã nộp."))
    report.status = Report.Status.ACCEPTED
    report.save(update_fields=["status", "updated_at"])
    ReportEvent.objects.create(report=report, action=Report.Status.ACCEPTED, by=by)
    audit.record(by, AuditEvent.Action.UPDATE, report, {"status": [Report.Status.SUBMITTED, report.status]})
    notifications.notify_units(
        [report.unit],
        _("%(kind)s của %(unit)s đã được tiếp nhận.") % {"kind": report.get_kind_display(), "unit": report.unit.code},
        _report_url(report),
    )
    return report


@transaction.atomic
def add_attachment(report: Report, upload, *, by) -> ReportAttachment:
    """Attach a checked file (``cycle.uploads``) under a random name; a refused file leaves no trace."""
    report = Report.objects.select_for_update().select_related("block").get(pk=report.pk)
    _check_editable(report)
    if report.attachments.count() >= MAX_ATTACHMENTS:
        raise CycleError(_("Mỗi báo cáo đính kèm tối đa %(n)s tệp.") % {"n": MAX_ATTACHMENTS})
    checked = uploads.check_upload(upload)
    attachment = ReportAttachment(
        report=report, original_name=checked.name, content_type=checked.content_type, size=checked.size, uploaded_by=by
    )
    attachment.file.save(checked.name, upload, save=False)
    try:
        attachment.save()
        audit.record(
            by,
            AuditEvent.Action.CREATE,
            attachment,
            {"report": [None, report.pk], "name": [None, checked.name], "size": [None, checked.size]},
        )
    except Exception:
        attachment.file.delete(save=False)
        raise
    return attachment


@transaction.atomic
def remove_attachment(attachment: ReportAttachment, *, by) -> None:
    """Remove a file from a report still being written. The history keeps its name (in the snapshot
    of any submission that carried it); the stored file is deleted once the removal is committed."""
    report = Report.objects.select_for_update().get(pk=attachment.report_id)
    _check_editable(report)
    audit.record(
        by,
        AuditEvent.Action.DELETE,
        attachment,
        {"report": [report.pk, None], "name": [attachment.original_name, None]},
    )
    storage, name = attachment.file.storage, attachment.file.name
    attachment.delete()
    transaction.on_commit(lambda: storage.delete(name))


# The board --------------------------------------------------------------------------------


BOARD_STATES = ["submitted", "late", "returned", "accepted", "missing"]


def report_board(block: Block, kind: str) -> dict:
    """Where each member unit stands for one period, in 4 queries whatever the number of members.

    ``rows``: one per member unit (block order) with ``state`` in ``BOARD_STATES``: *missing* (no
    report or a draft), *submitted* (on time, awaiting the leader), *late* (awaiting the leader,
    first sent after the deadline), *returned*, *accepted*; ``late`` says the first submission came
    after the deadline whatever the state, ``overdue`` that a missing report is past the deadline.
    ``counts``: units per state.
    """
    deadline = deadline_of(block, kind)
    members = list(block.memberships.select_related("unit"))
    reports = {r.unit_id: r for r in Report.objects.filter(block=block, kind=kind)}
    first_sent = dict(
        ReportEvent.objects.filter(report__in=reports.values(), action=Report.Status.SUBMITTED)
        .values("report_id")
        .annotate(first=Min("at"))
        .values_list("report_id", "first")
    )
    today = timezone.localdate()
    rows = []
    for membership in members:
        report = reports.get(membership.unit_id)
        first = first_sent.get(report.pk) if report else None
        late = is_late(first, deadline)
        if report is None or report.status == Report.Status.DRAFT:
            state = "missing"
        elif report.status == Report.Status.SUBMITTED:
            state = "late" if late else "submitted"
        else:
            state = report.status
        rows.append(
            {
                "unit": membership.unit,
                "report": report,
                "state": state,
                "late": late,
                "first_submitted_at": first,
                "overdue": state == "missing" and deadline is not None and today > deadline,
                "is_leader": membership.unit_id == block.leader_id,
                "is_deputy": membership.unit_id == block.deputy_id,
            }
        )
    counts = {state: sum(1 for r in rows if r["state"] == state) for state in BOARD_STATES}
    return {"kind": kind, "deadline": deadline, "rows": rows, "counts": counts}
