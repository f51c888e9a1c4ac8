"""Council meetings (phiên họp Hội đồng TĐKT) in and out: members, agenda, quorum, the vote."""

import datetime
from decimal import Decimal

from ninja import Field, Schema


class MemberIn(Schema):
    person: int
    present: bool = True
    role: str = Field("", max_length=120)


class MemberOut(Schema):
    person: int
    name: str
    role: str
    present: bool


class MeetingIn(Schema):
    unit: int
    year: int = Field(..., ge=2000, le=2100)
    date: datetime.date
    place: str = Field(..., max_length=255)
    quorum_share: Decimal | None = Field(None, gt=0, le=1)


class MeetingOut(Schema):
    id: int
    unit: int
    year: int
    date: datetime.date
    place: str
    status: str
    quorum_share: Decimal
    present: int
    total: int
    needed: int
    members: list[MemberOut]
    agenda: list[int]
    election: int | None = Field(None, description="The meeting's current ballot round (the last).")
    rounds: list[int] = Field(..., description="The meeting's ballot rounds (elections), first to last.")


class LinesIn(Schema):
    lines: list[int]


class VoteIn(Schema):
    per_list: bool = False
