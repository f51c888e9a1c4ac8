"""Elections: read them, cast a ballot (voters), open and close them (organisers), read the results
and the published receipts (after closing).

Access exactly as in the UI, through ``voting.permissions``: 404 outside your scope, 403 where you
may read but not act (not a voter, not an organiser). A change the voting rules refuse
(``VotingError``) is a 422 with its message; results before closing are a 409.

Secrecy: casting returns the receipt code once and nothing else; no route returns a ballot next to
a voter; published ballots are ordered by receipt code.
"""

import functools
from typing import Annotated, Literal

from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError
from ninja.pagination import paginate

from api.schemas import Id, Page, PathId, Year
from voting import permissions, services
from voting.models import Election
from voting.services import VotingError

router = Router(tags=["voting"])

MAX_QUESTIONS = 100
MAX_CANDIDATES = 500
CandidateKey = Annotated[str, Field(pattern=r"^[1-9][0-9]{0,9}$")]


def refusals(view):
    """A change refused by the voting rules is a 422 with the rule's (Vietnamese) message."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except VotingError as error:
            raise HttpError(422, str(error)) from error

    return wrapper


# Schemas ----------------------------------------------------------------------------------------


class ElectionOut(Schema):
    id: int
    title: str
    year: int
    round: int
    conference: int | None = Field(None, alias="conference_id")
    organiser_unit: int = Field(..., alias="organiser_unit_id")
    mode: Election.Mode
    voter_kind: Election.VoterKind
    layout: Election.Layout
    shuffle: bool
    status: Election.Status
    quorum: str
    weighted: bool
    ballots_count: int
    chain_head: str


class ElectionFilters(Schema):
    conference: Id | None = None
    year: Year | None = None
    status: Election.Status | None = None


class CandidateOut(Schema):
    id: int
    label: str
    unit: int | None = Field(None, alias="unit_id")
    person: int | None = Field(None, alias="person_id")
    ref_kind: str
    ref_id: int | None


class QuestionOut(Schema):
    id: int
    order: int
    text: str
    kind: str
    seats: int
    base: str
    fraction: str
    strict: bool
    purpose: str
    title: int | None = Field(None, alias="title_id")
    excludes_winners_of: int | None = Field(None, alias="excludes_winners_of_id")
    candidates: list[CandidateOut]


class RollEntryOut(Schema):
    id: int
    label: str
    unit: int | None = Field(None, alias="unit_id")
    person: int | None = Field(None, alias="person_id")
    weight: int
    present: bool
    has_voted: bool


class ElectionDetailOut(ElectionOut):
    questions: list[QuestionOut]
    roll: list[RollEntryOut]
    my_entries: list[RollEntryOut]


Answer = list[CandidateKey] | dict[CandidateKey, Literal["yes", "no"]]


class CastIn(Schema):
    entry: Id | None = Field(None, description="The roll entry you vote for, when you represent several.")
    answers: dict[CandidateKey, Answer] = Field(
        ..., description='Question id → candidate ids (choose) or {candidate id: "yes" | "no"} (approve).'
    )


class ReceiptOut(Schema):
    receipt: str
    message: str


class CandidateResultOut(Schema):
    candidate: int
    label: str
    votes: int | None
    against: int | None
    percent: float | None
    passes: bool
    winner: bool
    tied: bool
    excluded: bool


class QuestionResultOut(Schema):
    question: int
    text: str
    status: str
    ballots: int | None
    valid: int | None
    invalid: int | None
    base_value: int | None
    seats_left: int
    winners: list[int]
    candidates: list[CandidateResultOut]


class ResultsOut(Schema):
    election: int
    withheld: bool = Field(..., description="Too few ballots: counts per candidate are not published.")
    ballots_count: int
    chain_head: str
    questions: list[QuestionResultOut]


class PublishedBallotOut(Schema):
    receipt: str
    answers: dict
    chain_hash: str


# Routes -----------------------------------------------------------------------------------------


@router.get("/elections", response=list[ElectionOut], summary="Cuộc bỏ phiếu trong phạm vi")
@paginate(Page)
def list_elections(request, filters: Query[ElectionFilters]):
    qs = permissions.visible_elections(request.auth)
    if filters.conference:
        qs = qs.filter(conference_id=filters.conference)
    if filters.year:
        qs = qs.filter(year=filters.year)
    if filters.status:
        qs = qs.filter(status=filters.status)
    return qs.order_by("-year", "pk")


def _detail(request, election: Election) -> Election:
    election.questions_list = list(election.questions.prefetch_related("candidates"))
    for q in election.questions_list:
        q.candidates_list = list(q.candidates.all())
    election.roll_list = list(election.roll.all())
    election.mine = permissions.voter_entries(request.auth, election)
    return election


class _DetailOut(ElectionDetailOut):
    @staticmethod
    def resolve_questions(obj):
        return [
            {
                **{
                    f: getattr(q, f)
                    for f in (
                        "id",
                        "order",
                        "text",
                        "kind",
                        "seats",
                        "base",
                        "fraction",
                        "strict",
                        "purpose",
                        "title_id",
                        "excludes_winners_of_id",
                    )
                },
                "candidates": q.candidates_list,
            }
            for q in obj.questions_list
        ]

    @staticmethod
    def resolve_roll(obj):
        return obj.roll_list

    @staticmethod
    def resolve_my_entries(obj):
        return obj.mine


@router.get("/elections/{election_id}", response=_DetailOut, summary="Một cuộc bỏ phiếu: câu hỏi, cử tri")
def get_election(request, election_id: PathId):
    return _detail(request, permissions.get_election_for_user(request.auth, election_id))


@router.post("/elections/{election_id}/ballots", response={201: ReceiptOut}, summary="Bỏ phiếu")
@refusals
def cast(request, election_id: PathId, payload: CastIn):
    if len(payload.answers) > MAX_QUESTIONS or any(len(a) > MAX_CANDIDATES for a in payload.answers.values()):
        raise HttpError(422, _("Phiếu quá lớn."))
    election = permissions.get_election_for_user(request.auth, election_id)
    entry = permissions.get_voter_entry(request.auth, election, payload.entry)
    receipt = services.cast_ballot(election, entry, payload.answers, by=request.auth)
    return {"receipt": receipt, "message": _("Phiếu của bạn đã được ghi nhận")}


@router.post("/elections/{election_id}/open", response=ElectionOut, summary="Mở bỏ phiếu")
@refusals
def open_election(request, election_id: PathId):
    election = permissions.get_election_for_user(request.auth, election_id, manage=True)
    return services.open_election(election, by=request.auth)


@router.post("/elections/{election_id}/close", response=ElectionOut, summary="Kết thúc bỏ phiếu")
@refusals
def close_election(request, election_id: PathId):
    election = permissions.get_election_for_user(request.auth, election_id, manage=True)
    return services.close_election(election, by=request.auth)


def _closed(request, election_id) -> Election:
    election = permissions.get_election_for_user(request.auth, election_id)
    if not election.is_closed:
        raise HttpError(409, _("Cuộc bỏ phiếu chưa kết thúc: chưa có kết quả."))
    return election


@router.get("/elections/{election_id}/results", response=ResultsOut, summary="Kết quả (sau khi kết thúc)")
def results(request, election_id: PathId):
    election = _closed(request, election_id)
    withheld = election.results_withheld
    questions = []
    for q in election.questions.select_related("result").prefetch_related("candidates__result"):
        r = q.result
        rows = [
            {
                "candidate": c.pk,
                "label": c.label,
                "votes": None if withheld else c.result.votes,
                "against": None if withheld else c.result.against,
                "percent": None if withheld or c.result.percent is None else float(c.result.percent),
                "passes": c.result.passes,
                "winner": c.result.winner,
                "tied": c.result.tied,
                "excluded": c.result.excluded,
            }
            for c in q.candidates.all()
        ]
        questions.append(
            {
                "question": q.pk,
                "text": q.text,
                "status": r.status,
                "seats_left": r.seats_left,
                "ballots": None if withheld else r.ballots,
                "valid": None if withheld else r.valid,
                "invalid": None if withheld else r.invalid,
                "base_value": None if withheld else r.base_value,
                "winners": [row["candidate"] for row in rows if row["winner"]],
                "candidates": rows,
            }
        )
    return {
        "election": election.pk,
        "withheld": withheld,
        "ballots_count": election.ballots_count,
        "chain_head": election.chain_head,
        "questions": questions,
    }


@router.get(
    "/elections/{election_id}/receipts",
    response=list[PublishedBallotOut],
    summary="Phiếu đã công bố, theo mã biên nhận",
)
def published_ballots(request, election_id: PathId):
    election = _closed(request, election_id)
    if election.mode != Election.Mode.ELECTRONIC or election.results_withheld:
        return []
    return list(election.ballots.order_by("receipt").values("receipt", "answers", "chain_hash"))
