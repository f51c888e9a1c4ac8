"""The Emulation and Commendation Council's meetings: members and quorum, the agenda (proposal
lines under review), the secret vote through the voting module, and each line's outcome.

planned → held (``hold_meeting``: quorum checked) → closed (``close_meeting``). The vote:
``open_council_vote`` builds a ``voting.Election`` (persons as voters, one approve/reject question
per line or per list, thresholds of the rule set in force over the council's TOTAL membership);
ballots are cast and the election closed through ``voting.services`` only;
``record_council_result`` reads the stored results into each line's outcome.
"""

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from django.db import transaction
from django.utils.translation import gettext as _

from audit import services as audit
from audit.models import AuditEvent
from commendation.models import CouncilMeeting, CouncilMember, Proposal, ProposalLine
from eligibility import registry
from eligibility.services import AwardsError
from organisation.models import Person, Unit
from voting import services as voting
from voting import tally
from voting.models import FRACTIONS, Candidate, CandidateResult, Election, Question

# Titles whose ballot needs the national share (Decree 98/2023 art. 30 cl. 7): ≥ 90 % of the members.
NATIONAL_TITLES = frozenset({"CSTD_TQ", "CSTD_BO"})
DEFAULT_SHARES = {"ballot_share_national": 90, "ballot_share_other": 80}
REF_KIND = "commendation.proposalline"
MEETING_FIELDS = ["unit", "year", "date", "place", "chair", "quorum_share", "status"]


def _created(obj, fields) -> dict:
    return {name: [None, value] for name, value in audit.snapshot(obj, fields).items()}


def _parameter(day: datetime.date, unit: Unit, name: str, default):
    try:
        return registry.in_force(day, unit).ruleset.value(name)
    except KeyError:
        return default


def _planned(meeting: CouncilMeeting) -> None:
    if meeting.status != CouncilMeeting.Status.PLANNED:
        raise AwardsError(_("Phiên họp đã bắt đầu: không thể thay đổi thành viên hay nội dung xét."))


@transaction.atomic
def create_meeting(
    *,
    by,
    unit: Unit,
    year: int,
    date: datetime.date,
    place: str,
    chair: Person | None = None,
    quorum_share: Decimal | None = None,
    notes: str = "",
) -> CouncilMeeting:
    """A planned meeting of ``unit``'s council; the quorum defaults to the rule set's ``quorum_share``."""
    if not place.strip():
        raise AwardsError(_("Cần ghi địa điểm họp."))
    if quorum_share is None:
        quorum_share = Decimal(str(_parameter(date, unit, "quorum_share", "0.667"))).quantize(Decimal("0.001"))
    if not Decimal("0") < Decimal(quorum_share) <= 1:
        raise AwardsError(_("Tỷ lệ có mặt tối thiểu phải trong khoảng (0; 1]."))
    meeting = CouncilMeeting.objects.create(
        unit=unit, year=year, date=date, place=place.strip(), chair=chair, quorum_share=quorum_share, notes=notes
    )
    audit.record(by, AuditEvent.Action.CREATE, meeting, _created(meeting, MEETING_FIELDS))
    return meeting


@transaction.atomic
def set_members(
    meeting: CouncilMeeting, members: Sequence[tuple[Person, bool] | tuple[Person, bool, str]], *, by
) -> list[CouncilMember]:
    """The council's members for this meeting: ``(person, present[, role])``, replacing the list.
    Presence may still be corrected until the meeting is held."""
    meeting = CouncilMeeting.objects.select_for_update().get(pk=meeting.pk)
    _planned(meeting)
    if len({m[0].pk for m in members}) != len(members):
        raise AwardsError(_("Một người chỉ ghi một lần trong danh sách thành viên."))
    before = {m.person_id: m.present for m in meeting.members.all()}
    meeting.members.all().delete()
    rows = CouncilMember.objects.bulk_create(
        [
            CouncilMember(meeting=meeting, person=m[0], present=bool(m[1]), role=m[2] if len(m) > 2 else "")
            for m in members
        ]
    )
    after = {m.person_id: m.present for m in rows}
    audit.record(
        by,
        AuditEvent.Action.UPDATE,
        meeting,
        {"members": [{str(k): v for k, v in before.items()}, {str(k): v for k, v in after.items()}]},
    )
    return rows


@transaction.atomic
def set_agenda(meeting: CouncilMeeting, lines: Iterable[ProposalLine], *, by) -> list[ProposalLine]:
    """The lines the meeting reviews: lines of proposals to this council, under review (REVIEW)."""
    meeting = CouncilMeeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.status == CouncilMeeting.Status.CLOSED or meeting.election_id:
        raise AwardsError(_("Đã bỏ phiếu: không thể thay đổi nội dung xét."))
    lines = list(ProposalLine.objects.filter(pk__in=[x.pk for x in lines]).select_related("proposal"))
    if wrong := [
        str(x.pk)
        for x in lines
        if x.proposal.status != Proposal.Status.REVIEW or x.proposal.to_unit_id != meeting.unit_id
    ]:
        raise AwardsError(
            _("Chỉ xét các đề nghị gửi Hội đồng này và đang chờ Hội đồng xét (dòng %(ids)s).")
            % {"ids": ", ".join(wrong)}
        )
    before = sorted(meeting.agenda.values_list("pk", flat=True))
    meeting.agenda.set(lines)
    audit.record(by, AuditEvent.Action.UPDATE, meeting, {"agenda": [before, sorted(x.pk for x in lines)]})
    return lines


@dataclass(frozen=True)
class Quorum:
    present: int
    total: int
    needed: int

    @property
    def met(self) -> bool:
        return self.total > 0 and self.present >= self.needed


def quorum_fraction(meeting: CouncilMeeting) -> Fraction:
    """The stored share as a plain fraction (0.667 → 2/3), so that 2/3 of 9 members is 6, not 7."""
    return Fraction(str(meeting.quorum_share)).limit_denominator(20)


def check_quorum(meeting: CouncilMeeting) -> Quorum:
    """Members present against the quorum share of all members (rounded up)."""
    flags = list(meeting.members.values_list("present", flat=True))
    share = quorum_fraction(meeting) * len(flags)
    return Quorum(present=sum(flags), total=len(flags), needed=-(-share.numerator // share.denominator))


@transaction.atomic
def hold_meeting(meeting: CouncilMeeting, *, by) -> CouncilMeeting:
    """Open the meeting: refused when fewer members than the quorum are present."""
    meeting = CouncilMeeting.objects.select_for_update().get(pk=meeting.pk)
    _planned(meeting)
    quorum = check_quorum(meeting)
    if not quorum.met:
        raise AwardsError(
            _("Không đủ số thành viên Hội đồng có mặt: có %(present)s/%(total)s, cần ít nhất %(needed)s.")
            % {"present": quorum.present, "total": quorum.total, "needed": quorum.needed}
        )
    meeting.status = CouncilMeeting.Status.HELD
    meeting.save(update_fields=["status"])
    audit.record(
        by,
        AuditEvent.Action.UPDATE,
        meeting,
        {"status": ["planned", "held"], "present": [None, f"{quorum.present}/{quorum.total}"]},
    )
    return meeting


def line_share(line: ProposalLine, shares: dict) -> Fraction:
    """The approval share a line needs, of the council's total membership."""
    code = line.title.code if line.title_id else ""
    name = "ballot_share_national" if code in NATIONAL_TITLES else "ballot_share_other"
    return Fraction(Decimal(str(shares[name]))) / 100


def _fraction_text(share: Fraction) -> str:
    return f"{share.numerator}/{share.denominator}"


def _election_quorum(meeting: CouncilMeeting) -> str:
    """The election's quorum: the meeting's share when voting offers it, else the largest it offers below."""
    share = quorum_fraction(meeting)
    offered = sorted((Fraction(v) for v, _label in FRACTIONS if Fraction(v) <= share), reverse=True)
    return _fraction_text(offered[0]) if offered else "1/2"


def _label(line: ProposalLine) -> str:
    who = line.person.full_name if line.person_id else line.unit.name
    return f"{who} – {(line.title or line.award_form).name}"


@transaction.atomic
def open_council_vote(meeting: CouncilMeeting, *, by, per_list: bool = False) -> Election:
    """The secret vote on the agenda: a ``voting.Election`` organised by the council's unit, the
    members as voters (present or not: an absent member's written opinion counts), one
    approve/reject question per line — or, with ``per_list``, one per list of lines needing the
    same share — passing at ≥ ``ballot_share_national`` % (CSTĐ toàn quốc, CSTĐ Bộ) or
    ``ballot_share_other`` % of the total membership (the rule set in force on the meeting date).
    The election is opened (voting checks its quorum); ballots go through ``voting.services``."""
    meeting = CouncilMeeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.status != CouncilMeeting.Status.HELD:
        raise AwardsError(_("Chỉ bỏ phiếu khi phiên họp đang diễn ra (đủ số thành viên có mặt)."))
    if meeting.election_id:
        raise AwardsError(_("Phiên họp đã có cuộc bỏ phiếu."))
    lines = list(
        meeting.agenda.select_related("person", "unit", "title", "award_form").order_by("proposal_id", "order", "pk")
    )
    if not lines:
        raise AwardsError(_("Phiên họp chưa có nội dung xét."))
    members = list(meeting.members.select_related("person"))
    shares = {name: _parameter(meeting.date, meeting.unit, name, default) for name, default in DEFAULT_SHARES.items()}
    election = voting.create_election(
        by=by,
        title=_("Hội đồng Thi đua – Khen thưởng xét khen thưởng năm %(year)s") % {"year": meeting.year},
        organiser_unit=meeting.unit,
        year=meeting.year,
        voter_kind=Election.VoterKind.PERSONS,
        quorum=_election_quorum(meeting),
        ballot_quorum=_election_quorum(meeting),
        place=meeting.place,
        date=meeting.date,
    )
    voting.add_person_voters(election, [m.person for m in members if m.present], by=by, present=True)
    voting.add_person_voters(election, [m.person for m in members if not m.present], by=by, present=False)
    groups: dict[Fraction, list[ProposalLine]] = {}
    for line in lines:
        groups.setdefault(line_share(line, shares), []).append(line)
    if per_list:
        questions = [
            (
                _("Danh sách đề nghị cần từ %(share)s%% tổng số thành viên đồng ý") % {"share": int(share * 100)},
                share,
                group,
            )
            for share, group in sorted(groups.items())
        ]
    else:
        questions = [(_label(x), line_share(x, shares), [x]) for x in lines]
    for text, share, group in questions:
        labels = [_label(x) for x in group]
        voting.add_question(
            election,
            by=by,
            text=text,
            kind=tally.APPROVE,
            seats=0,
            base=tally.ROLL,
            fraction=_fraction_text(share),
            strict=False,
            purpose=Question.Purpose.PROPOSAL,
            title=group[0].title if len(group) == 1 else None,
            candidates=[
                voting.CandidateData(
                    label=label if labels.count(label) == 1 else f"{label} (#{x.pk})",
                    person=x.person,
                    unit=x.unit,
                    ref_kind=REF_KIND,
                    ref_id=x.pk,
                )
                for x, label in zip(group, labels, strict=True)
            ],
        )
    election = voting.open_election(election, by=by)
    meeting.election = election
    meeting.save(update_fields=["election"])
    audit.record(by, AuditEvent.Action.UPDATE, meeting, {"election": [None, election.pk]})
    return election


@transaction.atomic
def record_council_result(meeting: CouncilMeeting, *, by) -> dict[int, str]:
    """After the election is closed: each agenda line approved when it reached its share, else
    rejected (from the stored ``CandidateResult``); proposals whose lines are all reviewed become
    REVIEWED. Returns line id → outcome."""
    meeting = CouncilMeeting.objects.select_for_update(of=("self",)).select_related("election").get(pk=meeting.pk)
    if meeting.election is None or not meeting.election.is_closed:
        raise AwardsError(_("Cuộc bỏ phiếu của Hội đồng chưa kết thúc."))
    # A line is approved only by a decided question it passed: a question without enough ballots
    # (tally.SHORT) approves nothing, nor does a result too thin to publish (below the minimum of ballots).
    published = not meeting.election.results_withheld
    results = CandidateResult.objects.filter(
        result__question__election=meeting.election, candidate__ref_kind=REF_KIND
    ).select_related("candidate", "result")
    outcomes = {
        r.candidate.ref_id: (
            ProposalLine.Outcome.APPROVED
            if published and r.passes and r.result.status == tally.DECIDED
            else ProposalLine.Outcome.REJECTED
        )
        for r in results
    }
    lines = list(meeting.agenda.select_for_update().filter(pk__in=outcomes))
    changes = {}
    for line in lines:
        if line.outcome != outcomes[line.pk]:
            changes[str(line.pk)] = [line.outcome, outcomes[line.pk]]
            line.outcome = outcomes[line.pk]
    ProposalLine.objects.bulk_update(lines, ["outcome"])
    audit.record(by, AuditEvent.Action.UPDATE, meeting, {"outcomes": changes})
    proposal_ids = {x.proposal_id for x in lines}
    for proposal in Proposal.objects.select_for_update().filter(pk__in=proposal_ids, status=Proposal.Status.REVIEW):
        if not proposal.lines.filter(outcome=ProposalLine.Outcome.PENDING).exists():
            proposal.status = Proposal.Status.REVIEWED
            proposal.save(update_fields=["status", "updated_at"])
            audit.record(
                by, AuditEvent.Action.UPDATE, proposal, {"status": ["review", "reviewed"]}, note=f"meeting {meeting.pk}"
            )
    return {x.pk: x.outcome for x in lines}


@transaction.atomic
def open_second_round(meeting: CouncilMeeting, *, by) -> Election:
    """A second ballot round on the lines the first round did not approve (rules.md: at most two
    rounds, then the competent head decides): the same members (presence as recorded), each question
    repeated with its failed lines only, opened at once. The lines go back to "not reviewed" and their
    proposals back under review until the round's result is recorded; the meeting's vote becomes
    the new round (the first stays reachable as its ``previous_round``)."""
    meeting = CouncilMeeting.objects.select_for_update(of=("self",)).select_related("election").get(pk=meeting.pk)
    first = meeting.election
    if meeting.status != CouncilMeeting.Status.HELD or first is None or not first.is_closed:
        raise AwardsError(_("Chỉ bỏ phiếu vòng hai khi phiên họp đang diễn ra và vòng một đã kết thúc."))
    if first.round >= 2:
        raise AwardsError(_("Đã bỏ phiếu hai vòng: theo quy định, thủ trưởng có thẩm quyền quyết định."))
    candidates = list(Candidate.objects.filter(question__election=first, ref_kind=REF_KIND))
    outcomes = dict(ProposalLine.objects.filter(pk__in=[c.ref_id for c in candidates]).values_list("pk", "outcome"))
    if any(outcome == ProposalLine.Outcome.PENDING for outcome in outcomes.values()):
        raise AwardsError(_("Cần ghi kết quả xét của vòng một trước khi bỏ phiếu vòng hai."))
    failed = [c for c in candidates if outcomes.get(c.ref_id) == ProposalLine.Outcome.REJECTED]
    if not failed:
        raise AwardsError(_("Không có nội dung nào chưa đạt ở vòng một: không cần bỏ phiếu vòng hai."))
    election = voting.open_next_round(first, failed, by=by)
    election = voting.open_election(election, by=by)
    lines = list(ProposalLine.objects.select_for_update().filter(pk__in=[c.ref_id for c in failed]))
    for line in lines:
        line.outcome = ProposalLine.Outcome.PENDING
    ProposalLine.objects.bulk_update(lines, ["outcome"])
    for proposal in Proposal.objects.select_for_update().filter(
        pk__in={x.proposal_id for x in lines}, status=Proposal.Status.REVIEWED
    ):
        proposal.status = Proposal.Status.REVIEW
        proposal.save(update_fields=["status", "updated_at"])
        audit.record(
            by,
            AuditEvent.Action.UPDATE,
            proposal,
            {"status": ["reviewed", "review"]},
            note=f"meeting {meeting.pk}, round 2",
        )
    meeting.election = election
    meeting.save(update_fields=["election"])
    audit.record(
        by,
        AuditEvent.Action.UPDATE,
        meeting,
        {
            "election": [first.pk, election.pk],
            "round": [first.round, election.round],
            "outcomes": {str(x.pk): [ProposalLine.Outcome.REJECTED, ProposalLine.Outcome.PENDING] for x in lines},
        },
    )
    return election


def rounds(meeting: CouncilMeeting) -> list[Election]:
    """The meeting's ballot rounds, first to last (the meeting's vote is the last)."""
    out = []
    election = meeting.election
    while election is not None:
        out.append(election)
        election = election.previous_round
    return out[::-1]


@transaction.atomic
def close_meeting(meeting: CouncilMeeting, *, by) -> CouncilMeeting:
    """End the meeting; a vote held must have its results recorded first."""
    meeting = CouncilMeeting.objects.select_for_update(of=("self",)).select_related("election").get(pk=meeting.pk)
    if meeting.status != CouncilMeeting.Status.HELD:
        raise AwardsError(_("Chỉ kết thúc được phiên họp đang diễn ra."))
    if meeting.election is not None and (
        not meeting.election.is_closed or meeting.agenda.filter(outcome=ProposalLine.Outcome.PENDING).exists()
    ):
        raise AwardsError(_("Cần kết thúc bỏ phiếu và ghi kết quả xét trước khi kết thúc phiên họp."))
    meeting.status = CouncilMeeting.Status.CLOSED
    meeting.save(update_fields=["status"])
    audit.record(by, AuditEvent.Action.UPDATE, meeting, {"status": ["held", "closed"]})
    return meeting
