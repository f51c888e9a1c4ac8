"""What goes in and out of the API.

Every input value is bounded here, before any query runs: ids fit a 32-bit key, years are
1945..2100, dates 1900..2100, strings are no longer than their model field and carry no NUL
character (PostgreSQL refuses it), so the database never sees an out-of-range value.
"""

import datetime
from typing import Annotated

from ninja import Field, Path, Schema
from ninja.pagination import LimitOffsetPagination
from pydantic import AfterValidator, StringConstraints, model_validator

from organisation.models import Rank, Rating, Sex, Unit

MAX_ID = 2**31 - 1
MIN_YEAR, MAX_YEAR = 1945, 2100
MIN_DATE, MAX_DATE = datetime.date(1900, 1, 1), datetime.date(2100, 12, 31)
MAX_PAGE = 500


def _no_nul(value: str) -> str:
    if "\x00" in value:
        raise ValueError("NUL")
    return value


def Text(max_length: int, *, required: bool = False):
    """A stripped string of at most ``max_length`` characters (the model field's length)."""
    return Annotated[
        str,
        StringConstraints(strip_whitespace=True, min_length=1 if required else 0, max_length=max_length),
        AfterValidator(_no_nul),
    ]


Id = Annotated[int, Field(ge=1, le=MAX_ID)]
Year = Annotated[int, Field(ge=MIN_YEAR, le=MAX_YEAR)]
Day = Annotated[datetime.date, Field(ge=MIN_DATE, le=MAX_DATE)]
SearchText = Text(100)
PathId = Annotated[int, Path(ge=1, le=MAX_ID)]
PathYear = Annotated[int, Path(ge=MIN_YEAR, le=MAX_YEAR)]


class Page(LimitOffsetPagination):
    """limit/offset pagination with both ends bounded (limit ≤ 500, offset < 2^31)."""

    class Input(Schema):
        limit: int = Field(100, ge=1, le=MAX_PAGE)
        offset: int = Field(0, ge=0, le=MAX_ID)

    def __init__(self, **kwargs):
        super().__init__(max_limit=MAX_PAGE, **kwargs)


class Message(Schema):
    detail: str


# Units -------------------------------------------------------------------------------


class UnitRef(Schema):
    id: int
    code: str
    name: str


class UnitOut(Schema):
    id: int
    ref: str
    code: str
    name: str
    short_name: str
    kind: Unit.Kind
    parent: int | None
    depth: int
    valid_from: datetime.date | None
    valid_to: datetime.date | None

    @staticmethod
    def resolve_parent(obj) -> int | None:
        return obj.parent_id


class UnitDetailOut(UnitOut):
    ancestors: list[UnitRef] = Field(description="Từ gốc xuống đơn vị cấp trên trực tiếp.")
    lineage_ids: list[int] = Field(description="Đơn vị này và mọi đơn vị tiền thân (sáp nhập, chia tách).")


class UnitFilters(Schema):
    q: SearchText | None = Field(None, description="Tìm theo mã, mã định danh hoặc tên (không dấu).")
    kind: Unit.Kind | None = None
    parent: Id | None = Field(None, description="Chỉ các đơn vị trực thuộc đơn vị này.")
    under: Id | None = Field(None, description="Đơn vị này và mọi đơn vị cấp dưới.")
    active_on: Day | None = Field(None, description="Chỉ các đơn vị hoạt động vào ngày này.")


def _check_period(valid_from, valid_to) -> None:
    if valid_from and valid_to and valid_to < valid_from:
        raise ValueError("valid_to < valid_from")


class UnitCreate(Schema):
    ref: Text(40, required=True)
    code: Text(20, required=True)
    name: Text(255, required=True)
    short_name: Text(100) = ""
    kind: Unit.Kind
    parent: Id
    valid_from: Day | None = None
    valid_to: Day | None = None
    basis: Text(255) = Field("", description="Căn cứ (số quyết định thành lập).")

    @model_validator(mode="after")
    def _period(self):
        _check_period(self.valid_from, self.valid_to)
        return self


class UnitPatch(Schema):
    """Only the fields sent change. ``parent`` moves the unit with its subtree."""

    # Non-nullable fields default to None but refuse an explicit null (the default is not validated).
    ref: Text(40, required=True) = None
    code: Text(20, required=True) = None
    name: Text(255, required=True) = None
    short_name: Text(100) = None
    kind: Unit.Kind = None
    parent: Id = None
    valid_from: Day | None = None
    valid_to: Day | None = None


# People ------------------------------------------------------------------------------


class PersonOut(Schema):
    id: int
    ident: str
    full_name: str
    birth_date: datetime.date | None
    sex: Sex
    rank: Rank
    position: str
    service_start: datetime.date | None
    unit: UnitRef | None


class PersonFilters(Schema):
    q: SearchText | None = Field(None, description="Tìm theo mã cán bộ hoặc họ tên (không dấu).")
    unit: Id | None = None
    include_subunits: bool = Field(True, description="Với `unit`: gồm cả cán bộ của các đơn vị cấp dưới.")
    rank: Rank | None = None
    sex: Sex | None = None


class PersonCreate(Schema):
    ident: Text(32, required=True)
    full_name: Text(120, required=True)
    birth_date: Day | None = None
    sex: Sex
    rank: Rank = Rank.NONE
    position: Text(120) = ""
    service_start: Day | None = None
    unit: Id
    start: Day | None = Field(None, description="Ngày bắt đầu công tác ở đơn vị; mặc định ngày vào ngành hoặc hôm nay.")


class PersonPatch(Schema):
    """Only the fields sent change. A change of unit is a transfer: POST /people/{id}/assignments."""

    ident: Text(32, required=True) = None
    full_name: Text(120, required=True) = None
    birth_date: Day | None = None
    sex: Sex = None
    rank: Rank = None
    position: Text(120) = None
    service_start: Day | None = None


class AssignmentOut(Schema):
    id: int
    unit: UnitRef
    start: datetime.date
    end: datetime.date | None
    position: str
    basis: str


class TransferIn(Schema):
    unit: Id
    start: Day
    position: Text(120) = ""
    basis: Text(255) = Field("", description="Căn cứ (số quyết định điều động).")


# Ratings -----------------------------------------------------------------------------


class RatingOut(Schema):
    year: int
    rating: Rating


class RatingIn(Schema):
    rating: Rating


# Me ----------------------------------------------------------------------------------


class RoleOut(Schema):
    role: str
    label: str
    unit: UnitRef


class MeOut(Schema):
    username: str
    full_name: str
    is_admin: bool
    person: int | None
    roles: list[RoleOut]
