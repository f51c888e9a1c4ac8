"""Registration for the year's titles and targets (đăng ký thi đua) in and out."""

import datetime
from decimal import Decimal
from typing import Literal

from ninja import Field, Schema
from pydantic import model_validator

from api.schemas.common import Id, Text, check_unique
from api.schemas.units import UnitRef


class TitleRef(Schema):
    id: int
    code: str
    name: str


class ResultsRowOut(Schema):
    recorded: int = Field(description="Số chỉ tiêu đã ghi kết quả.")
    met: int = Field(description="Số chỉ tiêu đạt (kể cả vượt).")
    exceeded: int
    complete: bool = Field(description="Mọi chỉ tiêu đã ghi kết quả (khối có thể xác nhận).")
    all_met: bool
    all_exceeded: bool
    confirmed: bool
    confirmed_at: datetime.datetime | None


class RegistrationRowOut(Schema):
    unit: UnitRef
    state: Literal["none", "draft", "confirmed"]
    titles: list[TitleRef]
    targets: int
    results: ResultsRowOut
    people: list[int] = Field(description="Số cán bộ đăng ký theo từng danh hiệu của `columns`.")
    people_total: int
    is_leader: bool
    is_deputy: bool


class RegistrationTotalsOut(Schema):
    members: int
    none: int
    draft: int
    confirmed: int
    people: list[int]
    people_total: int
    targets: int
    results_confirmed: int
    units_met: int = Field(description="Đơn vị đạt toàn bộ chỉ tiêu (đạt hoặc vượt).")
    units_exceeded: int = Field(description="Đơn vị vượt toàn bộ chỉ tiêu (hoàn thành vượt mức).")


class RegistrationBoardOut(Schema):
    columns: list[TitleRef]
    rows: list[RegistrationRowOut]
    totals: RegistrationTotalsOut


class TargetIn(Schema):
    text: Text(500, required=True)
    value: Decimal | None = Field(None, max_digits=12, decimal_places=2)
    measure: Text(40) = ""


Result = Literal["", "not_met", "met", "exceeded"]


class TargetOut(Schema):
    id: int
    order: int
    text: str
    value: Decimal | None
    measure: str
    result: Result = Field(description="Kết quả: `not_met` chưa đạt, `met` đạt, `exceeded` vượt; rỗng: chưa ghi.")
    achieved_value: Decimal | None = Field(description="Giá trị đạt được, nếu có.")
    achieved: bool | None = Field(description="Đạt (kể cả vượt) hay không; null khi chưa ghi kết quả.")


class ResultIn(Schema):
    target: Id = Field(description="Id của chỉ tiêu (`targets[].id` của đăng ký).")
    result: Result = Field(description="`not_met` chưa đạt, `met` đạt, `exceeded` vượt; rỗng: xoá kết quả.")
    achieved_value: Decimal | None = Field(None, max_digits=12, decimal_places=2)


class ResultsIn(Schema):
    """Results of targets, by target id; targets not listed keep theirs."""

    results: list[ResultIn] = Field(max_length=5000)


class ResultsWritten(Schema):
    rows: int
    changed: int


class PersonRef(Schema):
    id: int
    ident: str
    full_name: str


class PersonTitleIn(Schema):
    person: Id
    title: Id


class PersonTitleOut(Schema):
    person: PersonRef
    title: TitleRef


class RegistrationIn(Schema):
    """The whole registration: anything left out is no longer registered."""

    titles: list[Id] = Field(max_length=50, description="Danh hiệu tập thể.")
    targets: list[TargetIn] = Field(max_length=200)
    people: list[PersonTitleIn] = Field(max_length=5000, description="Cán bộ của đơn vị và danh hiệu cá nhân.")

    @model_validator(mode="after")
    def _valid(self):
        check_unique(self.titles, "titles")
        return self


class RegistrationOut(Schema):
    block: int
    unit: UnitRef
    status: Literal["none", "draft", "confirmed"]
    titles: list[TitleRef]
    targets: list[TargetOut]
    people: list[PersonTitleOut]
    confirmed_at: datetime.datetime | None
    results_confirmed_at: datetime.datetime | None
    updated_at: datetime.datetime | None


class FileRowError(Schema):
    sheet: str = Field("", description="Sheet của tệp; rỗng: cả tệp.")
    row: int | None = Field(description="Số dòng trong Excel (1 là dòng tiêu đề); null: cả tệp.")
    column: str = Field(description="Tiêu đề cột có lỗi; rỗng: cả dòng hoặc cả tệp.")
    detail: str


class FileErrorOut(Schema):
    """A file refused as a whole (nothing written): ``detail`` says so and ``errors`` lists each problem
    with its sheet, row and column, as the import page shows them. A refused upload (not .xlsx, too
    large, no file) names the field: ``file: …``."""

    detail: str | list[dict]
    errors: list[FileRowError] = []


class RegistrationImportOut(Schema):
    people: int = Field(description="Số dòng cán bộ đã đọc.")
    targets: int = Field(description="Số chỉ tiêu đã đọc.")
    changed: bool = Field(description="Đăng ký có thay đổi (cùng tệp hai lần: không).")
    registration: RegistrationOut
