"""Reports to the block (báo cáo) in and out: the block's outline and deadlines, the board, a unit's
report, its events and attachments."""

import datetime
from typing import Literal

from ninja import Field, Schema
from pydantic import model_validator

from api.schemas.common import MAX_TEXT, Day, Id, Text, check_unique
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


class OutlineSectionOut(Schema):
    id: int
    order: int
    heading: str
    guidance: str


class DeadlinesOut(Schema):
    mid_year: datetime.date | None = Field(description="Hạn nộp báo cáo sơ kết 6 tháng.")
    nine_months: datetime.date | None = Field(description="Hạn nộp báo cáo 9 tháng; không có: khối không yêu cầu.")
    year_end: datetime.date | None = Field(description="Hạn nộp báo cáo tổng kết năm.")


class OutlineOut(Schema):
    block: int
    sections: list[OutlineSectionOut]
    deadlines: DeadlinesOut
    kinds: list[ReportKind] = Field(description="Các kỳ báo cáo khối yêu cầu.")


class OutlineSectionIn(Schema):
    id: Id | None = Field(None, description="Đề mục giữ lại (sửa); không có: đề mục mới.")
    heading: Text(255, required=True)
    guidance: Text(MAX_TEXT) = ""


class DeadlinesIn(Schema):
    """Every period's deadline: null clears it (the nine-month report is then not asked for)."""

    mid_year: Day | None = None
    nine_months: Day | None = None
    year_end: Day | None = None


class OutlineIn(Schema):
    """The whole outline in its order: sections left out are deleted (refused when a unit wrote in them)."""

    sections: list[OutlineSectionIn] = Field(max_length=200)
    deadlines: DeadlinesIn | None = Field(None, description="Không gửi: giữ nguyên hạn nộp.")

    @model_validator(mode="after")
    def _valid(self):
        check_unique([s.id for s in self.sections if s.id is not None], "sections")
        return self
