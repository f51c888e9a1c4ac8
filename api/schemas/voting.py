"""Elections in and out: the election with its questions and roll, a ballot, the receipt, the
results and the published ballots."""

import datetime
from typing import Annotated, Literal

from ninja import Field, Schema

from api.schemas.common import Id, Year
from voting.models import Election, Question

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


Share = Literal["1/2", "2/3", "3/4", "4/5", "9/10", "1/1"]


class ElectionIn(Schema):
    """A draft election at a block's conference: the roll is the block's members with their attendance."""

    conference: Id
    title: str = Field(..., min_length=1, max_length=255)
    mode: Election.Mode = Election.Mode.ELECTRONIC
    layout: Election.Layout = Election.Layout.STEPS
    shuffle: bool = False
    quorum: Share = Field("2/3", description="Voters present needed to open, as a share of the roll.")
    ballot_quorum: Share = Field("2/3", description="Ballots a question needs to decide anything, share of the roll.")
    weighted: bool = False
    min_ballots: int = Field(
        3, ge=1, le=1000, description="Below this many ballots nothing of the result is published."
    )
    place: str = Field("", max_length=255)
    date: datetime.date | None = None


class QuestionIn(Schema):
    text: str = Field(..., min_length=1, max_length=500)
    kind: Literal["choose", "approve"] = "choose"
    seats: int = Field(1, ge=0, le=200, description="choose: at most k marks; approve: a quota of winners, 0 for none.")
    base: Literal["roll", "present", "valid"] = "valid"
    fraction: Share = "1/2"
    strict: bool = Field(True, description="true: more than the fraction; false: at least.")
    purpose: Question.Purpose = Question.Purpose.OTHER
    title: Id | None = Field(None, description="The title or flag the question is about (catalogue id).")
    units: list[Id] = Field([], max_length=MAX_CANDIDATES, description="Member units as candidates, in order.")
    labels: list[Annotated[str, Field(min_length=1, max_length=255)]] = Field(
        [], max_length=MAX_CANDIDATES, description="Other candidates by name, after the units."
    )
    excludes_winners_of: Id | None = Field(
        None, description="A question of the same election whose winners' votes are void here."
    )


class RollEntryIn(Schema):
    entry: Id
    present: bool | None = None
    weight: int | None = Field(None, ge=1, le=100, description="Only in a weighted election.")


class PaperIn(Schema):
    """The counting committee's figures for one question of a paper election."""

    issued: int = Field(..., ge=0, le=1_000_000)
    returned: int = Field(..., ge=0, le=1_000_000)
    valid: int = Field(..., ge=0, le=1_000_000)
    invalid: int = Field(..., ge=0, le=1_000_000)
    votes: dict[CandidateKey, Annotated[int, Field(ge=0, le=1_000_000)]] = Field(
        ..., description="Candidate id → marks (choose) or approvals (approve)."
    )
    against: dict[CandidateKey, Annotated[int, Field(ge=0, le=1_000_000)]] = Field(
        {}, description="Candidate id → rejections (approve)."
    )


class PaperOut(Schema):
    question: int = Field(..., alias="question_id")
    issued: int
    returned: int
    valid: int
    invalid: int
    votes: dict
    against: dict
