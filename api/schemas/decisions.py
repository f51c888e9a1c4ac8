"""Decisions (quyết định khen thưởng) in and out: drafts, issue, higher-level decisions, annulment."""

import datetime
from decimal import Decimal

from ninja import Field, Schema


class LineOut(Schema):
    id: int
    proposal_line: int | None
    person: int | None
    unit: int | None
    honour: str
    honour_name: str
    bonus_multiple: Decimal | None
    bonus_amount: int | None
    annulled: bool


class DecisionOut(Schema):
    id: int
    issuing_unit: int
    issuer_name: str
    external: bool
    year: int
    kind: str
    number: int | None
    symbol: str
    date: datetime.date | None
    reference: str
    subject: str
    status: str
    base_salary: int | None
    signer_name: str
    signer_position: str
    achievement_text: str
    lines: list[LineOut]


class DecisionIn(Schema):
    issuing_unit: int
    lines: list[int]
    symbol: str = Field(..., max_length=40)
    subject: str = Field(..., max_length=300)
    meeting: int | None = None
    date: datetime.date | None = None
    legal_basis: str = ""
    signer_name: str = Field("", max_length=120)
    signer_position: str = Field("", max_length=120)
    signer_authority: str = Field("", max_length=60)


class DecisionPatch(Schema):
    subject: str | None = Field(None, max_length=300)
    date: datetime.date | None = None
    legal_basis: str | None = None
    achievement_text: str | None = Field(None, max_length=300)
    signer_name: str | None = Field(None, max_length=120)
    signer_position: str | None = Field(None, max_length=120)
    signer_authority: str | None = Field(None, max_length=60)
    place: str | None = Field(None, max_length=80)


class IssueIn(Schema):
    number: int | None = Field(None, ge=1)
    date: datetime.date | None = None


class ExternalIn(Schema):
    issuing_unit: int
    issuer_name: str = Field(..., max_length=200)
    number: int = Field(..., ge=1)
    symbol: str = Field(..., max_length=40)
    date: datetime.date
    lines: list[int]
    subject: str = Field("", max_length=300)
    signer_name: str = Field("", max_length=120)
    signer_position: str = Field("", max_length=120)
    achievement_text: str = Field("", max_length=2000)


class ScanOut(Schema):
    decision: int
    name: str
    size: int


class AnnulIn(Schema):
    ground: str
    reason: str
    annulled_on: datetime.date
    annulling_reference: str = Field(..., max_length=120)
    lines: list[int] | None = None
    recovered_amount: int = Field(0, ge=0)


class AnnulmentOut(Schema):
    id: int
    decision: int
    ground: str
    reason: str
    annulled_on: datetime.date
    annulling_reference: str
    recovered_amount: int
    lines: list[int]
