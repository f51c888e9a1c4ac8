"""Reports to the block (báo cáo) in and out: the board, a unit's report, its events and attachments."""

import datetime
from typing import Literal

from ninja import Field, Schema
from pydantic import model_validator

from api.schemas.common import MAX_TEXT, Id, Text, check_unique
from api.schemas.units import UnitRef
from cycle.models import ReportKind


class BoardRowOut(Schema):
    unit: UnitRef
    state: Literal["submitted", "late", "returned", "accepted", "missing"]
    late: bool
    overdue: bool
    first_submitted_at: datetime.datetime | None
    report: int | None
    is_leader: bool
    is_deputy: bool


class ReportBoardOut(Schema):
    kind: ReportKind
    deadline: datetime.date | None
    counts: dict[str, int]
    rows: list[BoardRowOut]


class SectionOut(Schema):
    id: int
    order: int
    heading: str
    guidance: str
    text: str


class AttachmentOut(Schema):
    id: int
    name: str
    content_type: str
    size: int
    uploaded_at: datetime.datetime

    @staticmethod
    def resolve_name(obj) -> str:
        return obj.original_name


class EventOut(Schema):
    action: str
    at: datetime.datetime
    by: str | None
    reason: str

    @staticmethod
    def resolve_by(obj) -> str | None:
        return obj.by.username if obj.by_id else None


class ReportOut(Schema):
    id: int | None
    block: int
    unit: UnitRef
    kind: ReportKind
    status: Literal["none", "draft", "submitted", "returned", "accepted"]
    deadline: datetime.date | None
    submitted_at: datetime.datetime | None
    returned_reason: str
    late: bool = Field(description="Lần nộp đầu tiên sau hạn.")
    sections: list[SectionOut]
    attachments: list[AttachmentOut]
    events: list[EventOut]


class SectionTextIn(Schema):
    section: Id
    text: Text(MAX_TEXT)


class ReportDraftIn(Schema):
    """The text of the sections sent; sections left out keep their text."""

    sections: list[SectionTextIn] = Field(max_length=200)

    @model_validator(mode="after")
    def _valid(self):
        check_unique([s.section for s in self.sections], "sections")
        return self


class ReturnIn(Schema):
    reason: Text(2000, required=True)
