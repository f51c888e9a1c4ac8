"""Pledges (giao ước thi đua) in and out: versions, clauses, adoption and signatures."""

import datetime
from typing import Annotated, Literal

from ninja import Field, Path, Schema

from api.schemas.common import MAX_SMALL, MAX_TEXT, Day, Id, Text
from api.schemas.units import UnitRef
from cycle.models import Pledge

PathVersion = Annotated[int, Path(ge=1, le=MAX_SMALL)]


class ClauseOut(Schema):
    id: int
    order: int
    text: str


class SignatureOut(Schema):
    unit: UnitRef
    signer_name: str
    signer_position: str
    signed_on: datetime.date
    recorded_at: datetime.datetime


class PledgeOut(Schema):
    id: int
    block: int
    version: int
    title: str
    preamble: str
    status: Pledge.Status
    place: str
    signing_date: datetime.date | None
    adopted_at: int | None = Field(description="Hội nghị thông qua giao ước.")
    clauses: list[ClauseOut]
    signatures: list[SignatureOut]
    unsigned: list[UnitRef] = Field(description="Đơn vị thành viên chưa ký phiên bản này.")


class PledgeCreate(Schema):
    title: Text(255, required=True)
    preamble: Text(MAX_TEXT) = ""


class PledgePatch(Schema):
    title: Text(255, required=True) = None
    preamble: Text(MAX_TEXT) = None


class ClauseIn(Schema):
    text: Text(MAX_TEXT, required=True)


class MoveIn(Schema):
    direction: Literal["up", "down"]


class AdoptIn(Schema):
    place: Text(100, required=True)
    signing_date: Day
    conference: Id | None = Field(None, description="Hội nghị của khối đã thông qua giao ước.")


class SignIn(Schema):
    signer_name: Text(120, required=True)
    signer_position: Text(120, required=True)
    signed_on: Day
