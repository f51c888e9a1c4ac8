"""Conferences of a block (hội nghị) in and out, with the attendance of the member units."""

import datetime

from ninja import Field, Schema
from pydantic import model_validator

from api.schemas.common import MAX_TEXT, MAX_UNITS, Choice, Day, Id, Text, check_unique
from api.schemas.units import UnitRef
from cycle.models import Conference

ConferenceKind = Choice(Conference.Kind, "ConferenceKind")


class ConferenceOut(Schema):
    id: int
    block: int
    kind: ConferenceKind
    date: datetime.date
    place: str
    chair_name: str
    chair_position: str
    notes: str

    @staticmethod
    def resolve_block(obj) -> int:
        return obj.block_id


class AttendanceOut(Schema):
    unit: UnitRef
    recorded: bool
    present: bool
    representative: str
    position: str


class ConferenceDetailOut(ConferenceOut):
    attendance: list[AttendanceOut] = Field(description="Mọi đơn vị thành viên, theo thứ tự trong khối.")

    @staticmethod
    def resolve_attendance(obj) -> list:
        return obj.attendance_rows


class ConferenceCreate(Schema):
    kind: ConferenceKind
    date: Day
    place: Text(255, required=True)
    chair_name: Text(120) = ""
    chair_position: Text(255) = ""
    notes: Text(MAX_TEXT) = ""


class ConferencePatch(Schema):
    """Only the fields sent change (as the conference's page edits them)."""

    kind: ConferenceKind = None
    date: Day = None
    place: Text(255, required=True) = None
    chair_name: Text(120) = None
    chair_position: Text(255) = None
    notes: Text(MAX_TEXT) = None


class AttendanceIn(Schema):
    unit: Id
    present: bool = True
    representative: Text(120) = ""
    position: Text(120) = ""


class AttendanceListIn(Schema):
    """Units left out keep what they had."""

    attendance: list[AttendanceIn] = Field(max_length=MAX_UNITS)

    @model_validator(mode="after")
    def _valid(self):
        check_unique([row.unit for row in self.attendance], "attendance")
        return self
