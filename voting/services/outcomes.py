"""What an election decided, for the apps above voting: the block leader and deputy, cited results."""

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from audit import services as audit
from audit.models import AuditEvent
from cycle.models import Block, Conference
from cycle.services import blocks as block_services
from organisation.models import Unit
from voting import tally
from voting.models import (
    CandidateResult,
    Election,
    Question,
)
from voting.services.common import VotingError

PAPER_MESSAGES = {
    "negative": _("Số liệu không được âm."),
    "negative_votes": _("Số phiếu của ứng viên không được âm."),
    "unknown_candidate": _("Có ứng viên không thuộc câu hỏi."),
    "issued_gt_present": _("Số phiếu phát ra (%(issued)s) nhiều hơn số cử tri có mặt (%(present)s)."),
    "returned_gt_issued": _("Số phiếu thu về (%(returned)s) nhiều hơn số phiếu phát ra (%(issued)s)."),
    "valid_invalid_ne_returned": _(
        "Số phiếu hợp lệ (%(valid)s) cộng không hợp lệ (%(invalid)s) phải bằng số phiếu thu về (%(returned)s)."
    ),
    "votes_gt_valid": _("%(candidate)s có %(votes)s phiếu, nhiều hơn số phiếu hợp lệ (%(valid)s)."),
    "marks_gt_seats": _(
        "Tổng số phiếu bầu cho các ứng viên (%(marks)s) vượt quá số phiếu hợp lệ × số được chọn "
        "(%(valid)s × %(seats)s)."
    ),
    "approvals_gt_valid": _(
        "%(candidate)s: đồng ý (%(yes)s) cộng không đồng ý (%(no)s) nhiều hơn số phiếu hợp lệ (%(valid)s)."
    ),
}


# Below its minimum number of ballots an election publishes nothing, winners included: they would
# show how the few voters voted. Every answer below reads results through this filter.
PUBLISHED = Q(ballots_count__gte=F("min_ballots"))


def _winner_unit(election: Election, purpose: str) -> Unit | None:
    found = (
        CandidateResult.objects.filter(
            result__question__election=election,
            result__question__election__ballots_count__gte=F("result__question__election__min_ballots"),
            result__question__purpose=purpose,
            result__status=tally.DECIDED,
            winner=True,
        )
        .select_related("candidate__unit")
        .first()
    )
    return found.candidate.unit if found else None


def leader_result(election: Election) -> tuple[Unit | None, Unit | None]:
    """The units elected leader and deputy by this election (None where undecided)."""
    return _winner_unit(election, Question.Purpose.LEADER), _winner_unit(election, Question.Purpose.DEPUTY)


def leaders_basis(election: Election) -> str:
    day = election_day(election)
    if election.conference_id:
        return _("Kết quả bỏ phiếu suy tôn tại hội nghị %(kind)s ngày %(day)s") % {
            "kind": election.conference.get_kind_display().lower(),
            "day": day.strftime("%d/%m/%Y") if day else "",
        }
    return _("Kết quả bỏ phiếu: %(title)s") % {"title": election.title}


@transaction.atomic
def apply_block_leaders(election: Election, *, by) -> Block | None:
    """Make the elected leader and deputy next year's leader and deputy of the conference's block.

    When next year's block exists: ``cycle.services.blocks.assign_block_leaders``. Otherwise the
    election is marked applied, and "start next year from this one"
    (``copy_block_to_next_year``) takes them from ``elected_for_next_year``. Returns next
    year's block when it exists."""
    election = Election.objects.select_for_update().get(pk=election.pk)
    if not election.is_closed or election.conference_id is None:
        raise VotingError(_("Chỉ áp dụng kết quả của cuộc bỏ phiếu đã kết thúc tại hội nghị của khối."))
    leader, deputy = leader_result(election)
    if leader is None or deputy is None:
        raise VotingError(
            _(
                "Chưa bầu được cả khối trưởng và khối phó (hoà, không ai đạt tỷ lệ, chưa đủ số phiếu hoặc kết quả không được công bố)."
            )
        )
    block = election.conference.block
    election.applied_at = timezone.now()
    election.save(update_fields=["applied_at"])
    audit.record(by, AuditEvent.Action.UPDATE, election, {"applied": [None, [leader.code, deputy.code]]})
    following = Block.objects.filter(previous=block).first()
    if following is None:
        return None
    return block_services.assign_block_leaders(
        following, leader=leader, deputy=deputy, basis=leaders_basis(election), by=by
    )


def elected_for_next_year(block: Block):
    """``(leader, deputy, basis)`` from the last applied election at one of the block's conferences,
    or None. Registered in ``cycle.services.blocks.NEXT_YEAR_LEADERS`` (see ``voting.apps``)."""
    election = (
        Election.objects.filter(conference__block=block, status=Election.Status.CLOSED, applied_at__isnull=False)
        .order_by("-applied_at")
        .first()
    )
    if election is None:
        return None
    leader, deputy = leader_result(election)
    return (leader, deputy, leaders_basis(election)) if leader and deputy else None


def cited_results(*, unit: Unit, year: int | None = None):
    """What the unit won by vote (titles, flags, leader), for proposals to cite: the winning
    ``CandidateResult`` rows with their question and election."""
    rows = CandidateResult.objects.filter(
        winner=True,
        candidate__unit=unit,
        result__status=tally.DECIDED,
        result__question__election__ballots_count__gte=F("result__question__election__min_ballots"),
    )
    if year is not None:
        rows = rows.filter(result__question__election__year=year)
    return rows.select_related("result__question__election", "result__question__title", "candidate")


def election_day(election: Election) -> datetime.date | None:
    return election.date or (election.closed_at.date() if election.closed_at else None)


@dataclass(frozen=True)
class FlagShares:
    """The vote shares of a block's Cờ thi đua question: unit id → percent of the ballots."""

    election: str
    question: str
    shares: dict


def flag_shares(block: Block) -> FlagShares | None:
    """The Cờ thi đua question of the block's latest closed election (Cờ thi đua của Bộ Công an when
    there are several); None when the block has no closed election or it asked no such question."""
    election = (
        Election.objects.filter(PUBLISHED, conference__block=block, status=Election.Status.CLOSED)
        .order_by("-closed_at", "-pk")
        .first()
    )
    if election is None:
        return None
    flags = list(
        Question.objects.filter(election=election, purpose=Question.Purpose.FLAG)
        .select_related("title")
        .order_by("order", "pk")
    )
    flag = next((q for q in flags if q.title and q.title.code == "CO_BO"), flags[0] if flags else None)
    if flag is None:
        return None
    rows = CandidateResult.objects.filter(result__question=flag, candidate__unit__isnull=False)
    shares = {uid: pct for uid, pct in rows.values_list("candidate__unit_id", "percent") if pct is not None}
    return FlagShares(election=election.title, question=flag.text, shares=shares)


@dataclass(frozen=True)
class QuestionOutcome:
    """One question of a closed election: its winners as (unit or None, label, votes), and the ballots counted."""

    text: str
    purpose: str
    winners: tuple
    ballots: int


def conference_outcomes(conference: Conference) -> tuple[list[QuestionOutcome], Unit | None, Unit | None]:
    """The winners of every closed election of a conference, question by question, and the leader and
    deputy it elected (the later election wins)."""
    elections = list(
        Election.objects.filter(PUBLISHED, conference=conference, status=Election.Status.CLOSED).order_by("pk")
    )
    outcomes, leader, deputy = [], None, None
    for election in elections:
        found_leader, found_deputy = leader_result(election)
        leader, deputy = found_leader or leader, found_deputy or deputy
        winners = (
            CandidateResult.objects.filter(result__question__election=election, winner=True)
            .select_related("candidate__unit", "result__question")
            .order_by("result__question__order", "result__question_id", "-votes", "candidate__order")
        )
        grouped: dict[int, list] = {}
        questions: dict[int, Question] = {}
        ballots: dict[int, int] = {}
        for row in winners:
            question = row.result.question
            questions[question.pk] = question
            ballots[question.pk] = row.result.ballots
            grouped.setdefault(question.pk, []).append((row.candidate.unit, row.candidate.label, row.votes))
        for pk, rows in grouped.items():
            outcomes.append(QuestionOutcome(questions[pk].text, questions[pk].purpose, tuple(rows), ballots[pk]))
    return outcomes, leader, deputy
