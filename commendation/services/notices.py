"""The public notice before the council meets: the nominees published for comment, and the
units' comments within the period."""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit import services as audit
from audit.models import AuditEvent
from commendation.models import CouncilMeeting, NoticeComment, Proposal, ProposalLine, PublicNotice
from commendation.services.proposals import line_label, require_write, reviews_for
from eligibility.services import AwardsError
from organisation.models import Unit

STATE_LEVELS = ("government", "state")  # honours the Government or the State confers: published by default


def notice_candidates(meeting: CouncilMeeting) -> list[ProposalLine]:
    """The lines a notice of ``meeting`` may publish: those of the proposals this council reviews
    in the meeting's year, in proposal order."""
    return list(
        ProposalLine.objects.filter(
            proposal__to_unit=meeting.unit, proposal__year=meeting.year, proposal__status=Proposal.Status.REVIEW
        )
        .select_related("person__unit", "unit", "title", "award_form", "proposal__unit")
        .order_by("proposal_id", "order", "pk")
    )


def preselected(candidates: list[ProposalLine]) -> set[int]:
    """The candidates ticked by default: nominees for an honour of the Government or the State."""
    return {x.pk for x in candidates if x.honour.level in STATE_LEVELS}


@transaction.atomic
def publish_notice(
    meeting: CouncilMeeting, lines: list[ProposalLine], *, opens_on: datetime.date, closes_on: datetime.date, by
) -> PublicNotice:
    """Publish nominees to the units for comment, ``opens_on``–``closes_on``, before the meeting.
    The lines must be under this council's review; by its emulation office."""
    if not reviews_for(by, meeting.unit):
        raise AwardsError(
            _("Chỉ Thường trực Hội đồng TĐKT của %(unit)s được công khai danh sách.") % {"unit": meeting.unit.name}
        )
    if not lines:
        raise AwardsError(_("Hãy chọn ít nhất một trường hợp để công khai."))
    if closes_on < opens_on:
        raise AwardsError(_("Ngày kết thúc công khai phải từ ngày bắt đầu trở đi."))
    if closes_on >= meeting.date:
        raise AwardsError(
            _("Thời gian công khai phải kết thúc trước ngày họp Hội đồng (%(date)s).")
            % {"date": meeting.date.strftime("%d/%m/%Y")}
        )
    for line in lines:
        p = line.proposal
        if p.to_unit_id != meeting.unit_id or p.status != Proposal.Status.REVIEW:
            raise AwardsError(_("%(line)s không thuộc các đề nghị Hội đồng này đang xét.") % {"line": line_label(line)})
    notice = PublicNotice.objects.create(meeting=meeting, opens_on=opens_on, closes_on=closes_on)
    notice.lines.set(lines)
    audit.record(
        by,
        AuditEvent.Action.CREATE,
        notice,
        {
            "opens_on": [None, opens_on.isoformat()],
            "closes_on": [None, closes_on.isoformat()],
            "lines": [None, sorted(line.pk for line in lines)],
        },
    )
    return notice


@transaction.atomic
def add_notice_comment(
    notice: PublicNotice,
    *,
    unit: Unit,
    text: str,
    by,
    line: ProposalLine | None = None,
    on: datetime.date | None = None,
) -> NoticeComment:
    """A unit's comment on the published list (or one line of it), within the period."""
    on = on or timezone.localdate()
    require_write(by, unit)
    if not (notice.opens_on <= on <= notice.closes_on):
        raise AwardsError(
            _("Chỉ góp ý được trong thời gian công khai, từ %(a)s đến %(b)s.")
            % {"a": notice.opens_on.strftime("%d/%m/%Y"), "b": notice.closes_on.strftime("%d/%m/%Y")}
        )
    if not text.strip():
        raise AwardsError(_("Hãy nhập nội dung góp ý."))
    if line is not None and not notice.lines.filter(pk=line.pk).exists():
        raise AwardsError(_("Trường hợp này không có trong danh sách công khai."))
    comment = NoticeComment.objects.create(
        notice=notice, line=line, unit=unit, text=text.strip(), created_by=by if getattr(by, "pk", None) else None
    )
    audit.record(by, AuditEvent.Action.CREATE, comment, {"unit": [None, unit.pk], "text": [None, comment.text]})
    return comment
