"""Emulation movements (phong trào thi đua) in and out."""

import datetime

from ninja import Field, Schema
from pydantic import model_validator

from api.schemas.common import MAX_TEXT, MAX_UNITS, Choice, Day, Id, Text, Year, check_unique
from api.schemas.units import UnitRef
from cycle.models import Movement


def _check_period(start, end) -> None:
    if start and end and end < start:
        raise ValueError("end_date < start_date")


MovementKind = Choice(Movement.Kind, "MovementKind")


class MovementOut(Schema):
    id: int
    name: str
    kind: MovementKind
    year: int
    start_date: datetime.date
    end_date: datetime.date
    theme: str
    slogan: str
    description: str
    launched_by: UnitRef
    covers: list[UnitRef]

    @staticmethod
    def resolve_covers(obj) -> list:
        return list(obj.covers.all())


class MovementFilters(Schema):
    year: Year | None = None


class MovementCreate(Schema):
    name: Text(255, required=True)
    kind: MovementKind = Movement.Kind.REGULAR
    year: Year
    start_date: Day
    end_date: Day
    theme: Text(500) = ""
    slogan: Text(500) = ""
    description: Text(MAX_TEXT) = ""
    launched_by: Id = Field(description="Đơn vị phát động: một đơn vị bạn có quyền ghi.")
    covers: list[Id] = Field(
        [], max_length=MAX_UNITS, description="Phạm vi (đơn vị và cấp dưới); để trống: toàn bộ đơn vị phát động."
    )

    @model_validator(mode="after")
    def _valid(self):
        _check_period(self.start_date, self.end_date)
        check_unique(self.covers, "covers")
        return self


class MovementPatch(Schema):
    """Only the fields sent change."""

    name: Text(255, required=True) = None
    kind: MovementKind = None
    year: Year = None
    start_date: Day = None
    end_date: Day = None
    theme: Text(500) = None
    slogan: Text(500) = None
    description: Text(MAX_TEXT) = None
    launched_by: Id = None
    covers: list[Id] = Field(None, max_length=MAX_UNITS)

    @model_validator(mode="after")
    def _valid(self):
        _check_period(self.start_date, self.end_date)
        check_unique(self.covers or [], "covers")
        return self
