"""Units in and out; ``UnitRef``, the short form every other noun uses for a unit."""

import datetime
from typing import Annotated

from ninja import Field, Schema
from pydantic import WithJsonSchema, model_validator

from api.schemas.common import MAX_ID, Choice, Day, Id, SearchText, Text
from organisation.models import Unit

UnitKind = Choice(Unit.Kind, "UnitKind")
# A unit id or null (a root unit), documented as one bounded integer that may be null.
ParentId = Annotated[Id | None, WithJsonSchema({"type": ["integer", "null"], "minimum": 1, "maximum": MAX_ID})]


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
    kind: UnitKind
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
    kind: UnitKind | None = None
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
    kind: UnitKind
    parent: ParentId = Field(description="Đơn vị cấp trên; null: một đơn vị gốc (chỉ superuser được tạo).")
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
    kind: UnitKind = None
    parent: Id = None
    valid_from: Day | None = None
    valid_to: Day | None = None
