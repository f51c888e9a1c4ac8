"""Decisions (quyết định khen thưởng) in and out: drafts, issue, higher-level decisions, annulment."""

import datetime
from decimal import Decimal

from ninja import Field, Schema
from pydantic import model_validator

from api.schemas.common import MAX_ID, Choice, Day, Id, Text, Year
from honours.models import CommendationKind

MAX_RECIPIENTS = 5000


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


class RecipientIn(Schema):
    """One recipient not proposed here: a person or a unit (by id, within your scope) and the code of its
    title or award form; the bonus the decision states, if it states one."""

    person: Id | None = None
    unit: Id | None = None
    honour: Text(20, required=True) = Field(..., description="Mã danh hiệu hoặc hình thức khen thưởng, ví dụ BK_BO.")
    bonus_multiple: Decimal | None = Field(None, ge=0, lt=1000, max_digits=5, decimal_places=2)
    bonus_amount: int | None = Field(None, ge=0, lt=10**9, description="Tiền thưởng ghi trong quyết định (đồng).")

    @model_validator(mode="after")
    def _one_holder(self):
        if (self.person is None) == (self.unit is None):
            raise ValueError("person, unit: exactly one")
        return self


class ExternalIn(Schema):
    issuing_unit: Id
    issuer_name: Text(200, required=True)
    number: int = Field(..., ge=1, le=MAX_ID)
    symbol: Text(40, required=True)
    date: Day
    lines: list[Id] = Field([], max_length=MAX_RECIPIENTS, description="Các dòng đề nghị được quyết định nêu.")
    recipients: list[RecipientIn] = Field(
        [], max_length=MAX_RECIPIENTS, description="Người, tập thể chưa được đề nghị, trong phạm vi của bạn."
    )
    year: Year | None = Field(None, description="Năm thành tích; mặc định: năm của đề nghị, không có thì năm ký.")
    kind: Choice(CommendationKind, "CommendationKind") | None = None
    subject: Text(300) = ""
    signer_name: Text(120) = ""
    signer_position: Text(120) = ""
    achievement_text: Text(300) = ""


class ExternalImportIn(Schema):
    """The decision's fields beside the .xlsx of its recipients (multipart)."""

    issuing_unit: Id
    issuer_name: Text(200, required=True)
    number: int = Field(..., ge=1, le=MAX_ID)
    symbol: Text(40, required=True)
    date: Day
    honour: Text(20) = Field("", description="Mã khen thưởng cho các dòng để trống cột mã danh hiệu, hình thức.")
    year: Year | None = None
    kind: Choice(CommendationKind, "CommendationKind") | None = None
    subject: Text(300) = ""
    signer_name: Text(120) = ""
    signer_position: Text(120) = ""
    achievement_text: Text(300) = ""


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
