"""What each user owes in the yearly cycle, computed from the data every time, and their notifications.

Nothing is stored: a task disappears as soon as the data says it is done (the registration is
confirmed, the unit has signed, the report is in). ``open_tasks`` runs a fixed number of queries
(at most seven) whatever the number of blocks, units and reports.
"""

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cycle.models import (
    Block,
    BlockMember,
    Notification,
    Pledge,
    PledgeSignature,
    Registration,
    Report,
    ReportDeadline,
    ReportKind,
)
from organisation import permissions as org_perms
from organisation import tree
from organisation.models import Role, Unit

# Blocks older than last year are closed: their missing steps are history, not tasks.
YEARS_BACK = 1

# The report of a year as the object of a sentence ("Nộp báo cáo sơ kết 6 tháng năm 2026 …"): the year is
# part of the name, so the year-end report reads "báo cáo tổng kết năm 2026", not "tổng kết năm năm 2026".
REPORT_NAMES = {
    ReportKind.MID_YEAR: gettext_lazy("báo cáo sơ kết 6 tháng năm %(year)s"),
    ReportKind.NINE_MONTHS: gettext_lazy("báo cáo 9 tháng năm %(year)s"),
    ReportKind.YEAR_END: gettext_lazy("báo cáo tổng kết năm %(year)s"),
}


def report_name(kind: str, year: int) -> str:
    return REPORT_NAMES[kind] % {"year": year}


class TaskKind:
    REGISTER = "register"
    CONFIRM = "confirm"
    SIGN = "sign"
    SUBMIT = "submit"
    RESUBMIT = "resubmit"
    ACCEPT = "accept"

    ORDER = [REGISTER, CONFIRM, SIGN, SUBMIT, RESUBMIT, ACCEPT]


@dataclass(frozen=True)
class Task:
    """One thing the user has to do for one unit of one block-year."""

    kind: str
    text: str
    block: Block
    unit: Unit
    deadline: datetime.date | None
    url: str
    overdue: bool


def open_tasks(user, today: datetime.date) -> list[Task]:
    """Everything ``user`` owes, soonest deadline first (those without a deadline last).

    The user acts for a member unit of a block-year when they hold a write role over it, and does
    not manage the block (the manager follows the boards; the units' steps are not theirs). For such
    a unit, until done: register it (deadline: the block's registration deadline); confirm its draft
    registration (its commanders only, instead of registering); sign the adopted current pledge
    (deadline: the signing date); submit each report whose period has a deadline; submit again a
    report returned. For the leader unit's officers, also: each report awaiting acceptance.
    Blocks of years before last year are left out. ``overdue``: the deadline is before ``today``.
    """
    paths = org_perms.write_paths(user)
    if not paths:
        return []
    memberships = [
        m
        for m in BlockMember.objects.filter(
            tree.subtrees_q(paths, field="unit__path"), block__year__gte=today.year - YEARS_BACK
        ).select_related("block__managed_by", "unit")
        if not tree.path_within(m.block.managed_by.path, paths)
    ]
    if not memberships:
        return []
    blocks = {m.block_id: m.block for m in memberships}
    acting = {(m.block_id, m.unit_id): m.unit for m in memberships}
    unit_ids = {m.unit_id for m in memberships}
    led = {m.block_id for m in memberships if m.unit_id == m.block.leader_id}

    registrations = {
        (block_id, unit_id): status
        for block_id, unit_id, status in Registration.objects.filter(
            block_id__in=blocks, unit_id__in=unit_ids
        ).values_list("block_id", "unit_id", "status")
    }
    pledges: dict[int, Pledge] = {}
    for pledge in (
        Pledge.objects.filter(block_id__in=blocks)
        .only("pk", "block_id", "version", "status", "signing_date")
        .order_by("version")
    ):
        pledges[pledge.block_id] = pledge  # the last version wins
    adopted = {p.pk: p for p in pledges.values() if p.status == Pledge.Status.ADOPTED}
    signed = set(
        PledgeSignature.objects.filter(pledge_id__in=adopted, unit_id__in=unit_ids).values_list("pledge_id", "unit_id")
    )
    deadlines: dict[int, dict[str, datetime.date]] = {}
    for row in ReportDeadline.objects.filter(block_id__in=blocks):
        deadlines.setdefault(row.block_id, {})[row.kind] = row.deadline
    reports = list(
        Report.objects.filter(block_id__in=blocks)
        .filter(Q(unit_id__in=unit_ids) | Q(block_id__in=led, status=Report.Status.SUBMITTED))
        .select_related("unit")
    )
    by_unit = {(r.block_id, r.unit_id, r.kind): r for r in reports}

    drafts = [key for key, status in registrations.items() if key in acting and status == Registration.Status.DRAFT]
    command = list(user.grants.filter(role=Role.COMMANDER).values_list("unit__path", flat=True)) if drafts else []

    tasks: list[Task] = []

    def add(kind, text, block, unit, deadline, url):
        tasks.append(
            Task(
                kind=kind,
                text=text,
                block=block,
                unit=unit,
                deadline=deadline,
                url=url,
                overdue=deadline is not None and deadline < today,
            )
        )

    for (block_id, unit_id), unit in acting.items():
        block = blocks[block_id]
        names = {"year": block.year, "unit": unit.code}
        status = registrations.get((block_id, unit_id))
        if status != Registration.Status.CONFIRMED:
            url = reverse("cycle:registration_edit", args=[block_id, unit_id])
            if status == Registration.Status.DRAFT and tree.path_within(unit.path, command):
                add(
                    TaskKind.CONFIRM,
                    _("Xác nhận đăng ký thi đua năm %(year)s của %(unit)s") % names,
                    block,
                    unit,
                    block.registration_deadline,
                    url,
                )
            else:
                add(
                    TaskKind.REGISTER,
                    _("Đăng ký thi đua năm %(year)s của %(unit)s") % names,
                    block,
                    unit,
                    block.registration_deadline,
                    url,
                )
        pledge = pledges.get(block_id)
        if pledge is not None and pledge.pk in adopted and (pledge.pk, unit_id) not in signed:
            add(
                TaskKind.SIGN,
                _("Ký giao ước thi đua năm %(year)s cho %(unit)s") % names,
                block,
                unit,
                pledge.signing_date,
                reverse("cycle:pledge_sign", args=[pledge.pk, unit_id]),
            )
        for kind, deadline in deadlines.get(block_id, {}).items():
            report = by_unit.get((block_id, unit_id, kind))
            url = reverse("cycle:report_edit", args=[block_id, kind, unit_id])
            report_names = names | {"report": report_name(kind, block.year)}
            if report is None or report.status == Report.Status.DRAFT:
                add(
                    TaskKind.SUBMIT,
                    _("Nộp %(report)s của %(unit)s") % report_names,
                    block,
                    unit,
                    deadline,
                    url,
                )
            elif report.status == Report.Status.RETURNED:
                # Lateness is judged by the first submission: once the period's deadline has passed,
                # sending again has no deadline of its own.
                add(
                    TaskKind.RESUBMIT,
                    _("Sửa và nộp lại %(report)s của %(unit)s (bị trả lại)") % report_names,
                    block,
                    unit,
                    deadline if deadline >= today else None,
                    url,
                )

    for report in reports:
        if report.block_id in led and report.status == Report.Status.SUBMITTED:
            block = blocks[report.block_id]
            add(
                TaskKind.ACCEPT,
                _("Xem xét, tiếp nhận %(report)s của %(unit)s")
                % {"report": report_name(report.kind, block.year), "unit": report.unit.code},
                block,
                report.unit,
                None,
                reverse("cycle:report_edit", args=[block.pk, report.kind, report.unit_id]),
            )

    tasks.sort(
        key=lambda t: (
            t.deadline is None,
            t.deadline or datetime.date.max,
            -t.block.year,
            t.block.name,
            t.unit.code,
            TaskKind.ORDER.index(t.kind),
        )
    )
    return tasks


# Notifications ----------------------------------------------------------------------------


def unread_notifications(user, *, limit: int = 5) -> list[Notification]:
    """The user's latest unread notifications, newest first (1 query)."""
    return list(Notification.objects.filter(user=user, read_at__isnull=True).order_by("-created_at", "-pk")[:limit])


@transaction.atomic
def mark_notifications_read(user) -> int:
    """Mark every unread notification of ``user`` as read now; returns how many were (1 query)."""
    return Notification.objects.filter(user=user, read_at__isnull=True).update(read_at=timezone.now())
