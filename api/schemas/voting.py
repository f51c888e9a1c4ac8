"""Elections in and out: the election with its questions and roll, a ballot, the receipt, the
results and the published ballots."""

from typing import Annotated, Literal

from ninja import Field, Schema

from api.schemas.common import Id, Year
from voting.models import Election

MAX_QUESTIONS = 100
MAX_CANDIDATES = 500
CandidateKey = Annotated[str, Field(pattern=r"^[1-9][0-9]{0,9}$")]
Answer = list[CandidateKey] | dict[CandidateKey, Literal["yes", "no"]]
QUESTION_FIELDS = (
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
    ballot_quorum: str = Field(
        ..., description="Share of the roll the ballots must reach for a question to decide anything (e.g. 2/3)."
    )
    weighted: bool
    min_ballots: int
    ballots_count: int
    chain_head: str
    runoff_of: int | None = Field(None, alias="runoff_of_id", description="The tied question this round repeats.")
    previous_round: int | None = Field(None, alias="previous_round_id", description="The round this one follows.")


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


class _DetailOut(ElectionOut):
    # The class keeps the name under which the OpenAPI document has always published this schema
    # ("_DetailOut"), so that generated clients keep their type; import it as ElectionDetailOut.
    # It reads the election as prepared by the router (questions_list, roll_list, mine).
    questions: list[QuestionOut]
    roll: list[RollEntryOut]
    my_entries: list[RollEntryOut]

    @staticmethod
    def resolve_questions(obj):
        return [
            {**{f: getattr(q, f) for f in QUESTION_FIELDS}, "candidates": q.candidates_list} for q in obj.questions_list
        ]

    @staticmethod
    def resolve_roll(obj):
        return obj.roll_list

    @staticmethod
    def resolve_my_entries(obj):
        return obj.mine


ElectionDetailOut = _DetailOut


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
    passes: bool | None
    winner: bool | None
    tied: bool | None
    excluded: bool | None


class QuestionResultOut(Schema):
    question: int
    text: str
    status: Literal["decided", "tie", "pending", "short"] | None = Field(
        ...,
        description="decided; tie (a run-off between the tied candidates for seats_left); pending (waits for the "
        "run-off of the question it excludes the winners of); short (not decided: too few ballots); "
        "null when the results are withheld.",
    )
    status_text: str
    ballots: int | None
    valid: int | None
    invalid: int | None
    base_value: int | None
    seats_left: int | None
    winners: list[int]
    candidates: list[CandidateResultOut]


class ResultsOut(Schema):
    election: int
    withheld: bool = Field(
        ..., description="Fewer ballots than min_ballots: nothing of the result is published, winners included."
    )
    ballots_count: int
    ballots_needed: int = Field(
        ..., description="Ballots a question needs to decide anything (ballot_quorum of the roll)."
    )
    chain_head: str
    questions: list[QuestionResultOut]


class PublishedBallotOut(Schema):
    receipt: str
    answers: dict
    chain_hash: str
