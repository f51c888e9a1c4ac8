"""Rule sets (bộ quy tắc xét khen thưởng) and their editable copies in and out."""

import datetime
from typing import Annotated, Any, Literal

from ninja import Field, Schema
from pydantic import StrictBool, StrictInt, StringConstraints

from api.schemas.common import Day, Id, Text, Year
from api.schemas.units import UnitRef

MAX_PARAMETERS = 200  # parameters changed in one request
Code = Annotated[str, StringConstraints(pattern=r"^[-a-zA-Z0-9_]+$", min_length=1, max_length=60)]
# A rule set parameter: a number, a switch, a code (rating, form, level …) or a list of codes.
ParamValue = StrictBool | StrictInt | float | Text(100) | list[Text(60)] | None


class RuleSetOut(Schema):
    code: str
    name: str
    effective_from: datetime.date
    effective_to: datetime.date | None
    builtin: bool = Field(description="Bộ có sẵn (tệp YAML), không sửa được; sao chép để sửa.")
    active: bool = Field(
        description="Bản sao: đang áp dụng cho đơn vị sở hữu và cấp dưới, thay bộ gốc. Bộ có sẵn: luôn true."
    )
    owner: UnitRef | None = Field(description="Đơn vị áp dụng bản sao (bộ có sẵn: null).")
    based_on: str | None
    version: int | None


class ParameterOut(Schema):
    name: str
    value: Any
    label: str
    source: str
    confidence: str


class ConditionOut(Schema):
    predicate: str
    params: dict = Field(description="Tham số như trong bộ quy tắc (“$tên” là tham số của bộ).")
    text: str = Field(description="Điều kiện bằng lời, với giá trị tham số của năm được mô tả.")
    basis: str
    note: str
    enabled: bool = Field(description="false: tắt bởi một tham số bật/tắt (“when”).")


class AlternativeOut(Schema):
    label: str
    note: str
    enabled: bool
    conditions: list[ConditionOut]


class RuleOut(Schema):
    code: str
    kind: Literal["title", "form"]
    name: str
    basis: str
    source: str
    confidence: str
    note: str
    collective_code: str
    individual: list[AlternativeOut] = Field(description="Phương án cho cá nhân: đạt một phương án là đủ.")
    collective: list[AlternativeOut] = Field(description="Phương án cho tập thể.")


class CommonOut(Schema):
    individual: list[ConditionOut]
    collective: list[ConditionOut]


class RuleSetDetailOut(RuleSetOut):
    legal_basis: str
    note: str
    described_year: int = Field(description="Năm dùng để diễn đạt các điều kiện (thời hạn xét, khoảng năm).")
    parameters: list[ParameterOut]
    common: CommonOut = Field(description="Điều kiện thêm vào mọi phương án, theo đối tượng.")
    rules: list[RuleOut]


class RuleSetQuery(Schema):
    year: Year | None = Field(None, description="Năm để diễn đạt điều kiện; mặc định năm nay nếu bộ còn hiệu lực.")


class InForceQuery(Schema):
    year: Year
    unit: Id | None = Field(None, description="Đơn vị được xét (bản sao đang áp dụng cho đơn vị này được ưu tiên).")


class InForceOut(Schema):
    year: int
    cutoff: datetime.date = Field(description="Ngày chốt: năm được xét theo bộ quy tắc có hiệu lực ngày này.")
    unit: UnitRef | None
    ruleset: RuleSetOut


class RuleSetCopyIn(Schema):
    base: Code = Field(description="Mã bộ quy tắc gốc (có sẵn hoặc bản sao).")
    code: Annotated[str, StringConstraints(pattern=r"^[a-z0-9_]+$", min_length=1, max_length=60)] = Field(
        description="Mã bản sao: chữ thường không dấu, chữ số, dấu gạch dưới."
    )
    name: Text(200, required=True)
    owner: Id = Field(description="Đơn vị áp dụng: một đơn vị thuộc phạm vi văn phòng thi đua của bạn.")


class RuleSetPatch(Schema):
    """Only the fields sent change; ``effective_to: null`` removes the end of the period."""

    name: Text(200, required=True) = None
    effective_from: Day = None
    effective_to: Day | None = None
    parameters: dict[Text(60, required=True), ParamValue] | None = Field(
        None, max_length=MAX_PARAMETERS, description="Tên tham số → giá trị mới."
    )
    note: Text(255) = Field("", description="Lý do thay đổi (ghi vào nhật ký).")
