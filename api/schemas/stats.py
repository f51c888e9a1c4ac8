"""Statistics out: tallies along one dimension, the trend over the years, totals per honour; the
scope filters as on the dashboard's query string."""

from typing import Literal

from ninja import Field, Schema

from api.schemas.common import Id, Year

Dimension = Literal["year", "recipient", "kind", "level", "honour", "authority"]


class ScopeFilters(Schema):
    """What to count, as on the dashboard's query string (checked against the caller's scope)."""

    year_from: int | None = Field(None, description="Từ năm (mặc định: 9 năm trước year_to)")
    year_to: int | None = Field(None, description="Đến năm (mặc định: năm trước)")
    year: int | None = Field(None, description="Một năm (thay cho year_from, year_to)")
    unit: int | None = Field(None, description="Đơn vị: cả cây đơn vị cấp dưới")
    block: int | None = Field(None, description="Khối, cụm: các đơn vị thành viên và cấp dưới, trong năm của khối")
    movement: int | None = Field(None, description="Phong trào: thành viên các khối của phong trào, trong năm")
    recipient: Literal["", "collective", "individual"] = Field("", description="Tập thể / cá nhân")
    kind: Literal["", "title", "form"] = Field("", description="Danh hiệu thi đua / hình thức khen thưởng")
    level: Literal["", "unit", "ministry", "government", "state"] = Field("", description="Cấp khen thưởng")


class TallyRow(Schema):
    key: str | int
    label: str
    count: int


class TallyOut(Schema):
    scope: str
    year_from: int
    year_to: int
    by: str
    rows: list[TallyRow]
    total: int
    annulled: int = Field(description="Số lượt đã huỷ bỏ trong phạm vi (không tính trong rows)")


class TrendRow(Schema):
    year: int
    collective: int
    individual: int
    total: int
    annulled: int


class HonourRow(Schema):
    kind: Literal["title", "form"]
    code: str
    name: str
    level: str
    level_label: str
    collective: int
    individual: int
    total: int


class ReportJobQuery(Schema):
    """Which report file to build, as on the report page (checked against the caller's scope)."""

    format: Literal["xlsx", "docx"] = Field(description="Định dạng tệp")
    year: Year | None = Field(None, description="Năm báo cáo (mặc định: năm đang xét)")
    unit: Id | None = Field(None, description="Đơn vị: cả cây đơn vị cấp dưới (mặc định: toàn bộ phạm vi của bạn)")
    version: Id | None = Field(None, description="Phiên bản biểu mẫu (mặc định: phiên bản áp dụng cho năm)")
