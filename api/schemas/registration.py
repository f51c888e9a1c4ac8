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


class RegistrationRowOut(Schema):
    unit: UnitRef
    state: Literal["none", "draft", "confirmed"]
    titles: list[TitleRef]
    targets: int
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


class RegistrationBoardOut(Schema):
    columns: list[TitleRef]
    rows: list[RegistrationRowOut]
    totals: RegistrationTotalsOut


class TargetIn(Schema):
    text: Text(500, required=True)
    value: Decimal | None = Field(None, max_digits=12, decimal_places=2)
    measure: Text(40) = ""


class TargetOut(Schema):
    text: str
    value: Decimal | None
    measure: str
    achieved: bool | None


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
    updated_at: datetime.datetime | None
