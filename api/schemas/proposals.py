"""Proposals (tờ trình đề nghị khen thưởng) in and out: a proposal and its lines with the engine's
verdicts, the dashboard, and the quotas proposals count against."""

import datetime
from typing import Literal

from ninja import Field, Schema
from pydantic import model_validator

from api.schemas.common import Choice, Id, SearchText, Text
from commendation.models import DossierFile

MAX_REPORT = 100_000  # an achievement report: the prefilled text is a few pages
MAX_LINES = 5_000  # lines ticked in one exclusion (a seniority batch runs to ~1,500)
LineStatus = Literal["eligible", "not_eligible", "postponed", "unchecked"]


class LineOut(Schema):
    id: int
    order: int
    person: int | None = Field(None, alias="person_id")
    unit: int | None = Field(None, alias="unit_id")
    name: str
    title: str | None
    award_form: str | None
    achievement: str
    summary: str = Field(
        "", description="Tóm tắt thành tích; dòng niên hạn: phương án bộ quy tắc xác định đủ điều kiện"
    )
    engine_status: str
    engine_ruleset: str
    engine_failures: list[dict]
    justification: str
    outcome: str


class ProposalOut(Schema):
    id: int
    unit: int = Field(alias="unit_id")
    to_unit: int = Field(alias="to_unit_id")
    year: int
    kind: str
    movement: int | None = Field(None, alias="movement_id")
    title: str
    achievement: str
    number: str
    status: str
    returned_reason: str


class ProposalDetailOut(ProposalOut):
    lines: list[LineOut]
    quota_warnings: list[str]


class ProposalIn(Schema):
    unit: int
    to_unit: int
    year: int = Field(ge=2000, le=2100)
    kind: str = "merit"
    movement: int | None = None
    title: str = Field(max_length=300)
    achievement: str = ""
    number: str = Field("", max_length=60)


class LineIn(Schema):
    person: int | None = None
    unit: int | None = None
    title: str | None = Field(None, description="Mã danh hiệu (CSTT, CSTDCS …)")
    award_form: str | None = Field(None, description="Mã hình thức (GK, BK_BO …)")
    summary: str = ""


class JustificationIn(Schema):
    justification: str


class ReasonIn(Schema):
    reason: str


class DashboardOut(Schema):
    movement: int | None
    name: str
    counts: dict[str, int]
    total: int
    lines: int


class QuotaIn(Schema):
    year: int = Field(ge=2000, le=2100)
    limit: int = Field(ge=0, le=10000)
    block: int | None = None
    council_unit: int | None = None
    title: str | None = Field(None, description="mã danh hiệu, ví dụ CO_BO")
    award_form: str | None = Field(None, description="mã hình thức khen thưởng, ví dụ BK_BO_TT")


class QuotaOut(Schema):
    id: int
    year: int
    scope: str
    block: int | None
    council_unit: int | None
    title: str | None
    award_form: str | None
    limit: int
    proposed: int


class ReportOut(Schema):
    line: int
    text: str
    saved: bool = Field(description="false: the report pre-filled from the records, not saved yet")
    editable: bool


class ReportIn(Schema):
    text: Text(MAX_REPORT, required=True)


class DossierFileOut(Schema):
    id: int
    kind: Choice(DossierFile.Kind, "DossierFileKind")
    line: int | None = Field(None, alias="line_id")
    name: str = Field(alias="original_name")
    size: int
    uploaded_at: datetime.datetime


class LineFilters(Schema):
    honour: Text(20) | None = Field(None, description="Mã danh hiệu hoặc hình thức (HCCSVV1, KNC_BVANTQ …)")
    unit: Id | None = Field(
        None, description="Đơn vị (gồm cấp dưới) của cá nhân hoặc tập thể; phải thuộc đơn vị đề nghị"
    )
    status: LineStatus | None = Field(None, description="Kết quả kiểm tra điều kiện; unchecked: không có quy tắc")
    search: SearchText | None = Field(None, description="Họ tên, tên tập thể (không dấu) hoặc mã")


class LinesExcludeIn(LineFilters):
    all: bool = Field(False, description="true: bỏ mọi dòng khớp bộ lọc")
    lines: list[Id] | None = Field(None, max_length=MAX_LINES, description="Hoặc chỉ các dòng này (trong bộ lọc)")
    reason: Text(300) = Field(
        "", description="Lý do loại trừ, ghi nhớ với từng trường hợp (VD: Đang bị xem xét kỷ luật)"
    )

    @model_validator(mode="after")
    def _what(self):
        if not self.all and not self.lines:
            raise ValueError("all: chọn all=true hoặc liệt kê lines")
        return self


class LinesExcludedOut(Schema):
    removed: int


class ExclusionOut(Schema):
    id: int
    person: int | None = Field(None, alias="person_id")
    unit: int | None = Field(None, alias="unit_id")
    name: str
    title: str | None
    award_form: str | None
    reason: str
    excluded_by: str | None = Field(None, description="Tên đăng nhập của người loại")
    excluded_at: datetime.datetime


class ExclusionsRestoreIn(Schema):
    all: bool = Field(False, description="true: khôi phục mọi trường hợp đã loại")
    exclusions: list[Id] | None = Field(None, max_length=MAX_LINES, description="Hoặc chỉ các trường hợp này")

    @model_validator(mode="after")
    def _what(self):
        if not self.all and not self.exclusions:
            raise ValueError("all: chọn all=true hoặc liệt kê exclusions")
        return self


class ExclusionsRestoredOut(Schema):
    restored: list[LineOut] = Field(description="Các dòng đã đưa trở lại đề nghị")
    forgotten: int = Field(
        description="Số trường hợp bỏ ghi nhớ loại trừ mà không thêm lại dòng (đã được khen, đã được đề nghị ở "
        "nơi khác, không còn thuộc đơn vị đề nghị)"
    )
