"""Blocks and clusters (khối, cụm thi đua) in and out: members, leader and deputy, next year."""

import datetime

from ninja import Field, Schema
from pydantic import model_validator

from api.schemas.common import MAX_SMALL, MAX_UNITS, Choice, Day, Id, Text, Year, check_unique
from api.schemas.units import UnitRef
from cycle.models import Block, ReportKind

BlockKind = Choice(Block.Kind, "BlockKind")


class BlockRef(Schema):
    id: int
    name: str
    year: int


class BlockOut(Schema):
    id: int
    year: int
    kind: BlockKind
    name: str
    number: int | None
    movement: int | None
    managed_by: UnitRef
    leader: UnitRef | None
    deputy: UnitRef | None
    registration_deadline: datetime.date | None
    previous: int | None = Field(description="Khối năm trước (nếu khối được chuyển từ năm trước).")

    @staticmethod
    def resolve_movement(obj) -> int | None:
        return obj.movement_id

    @staticmethod
    def resolve_previous(obj) -> int | None:
        return obj.previous_id


class DeadlineOut(Schema):
    kind: ReportKind
    deadline: datetime.date


class BlockDetailOut(BlockOut):
    members: list[UnitRef] = Field(description="Theo thứ tự trong khối.")
    leaders_basis: str
    leaders_set_at: datetime.datetime | None
    report_deadlines: list[DeadlineOut]

    @staticmethod
    def resolve_members(obj) -> list:
        return [m.unit for m in obj.memberships.select_related("unit")]

    @staticmethod
    def resolve_report_deadlines(obj) -> list:
        return list(obj.report_deadlines.all())


class BlockFilters(Schema):
    year: Year | None = None
    movement: Id | None = None
    managed_by: Id | None = Field(None, description="Cơ quan quản lý khối (Hội đồng TĐKT).")


class BlockCreate(Schema):
    year: Year
    kind: BlockKind = Block.Kind.BLOCK
    name: Text(255, required=True)
    number: int | None = Field(None, ge=0, le=MAX_SMALL)
    movement: Id | None = None
    managed_by: Id = Field(description="Cơ quan quản lý: một đơn vị bạn có quyền ghi.")
    members: list[Id] = Field(min_length=2, max_length=MAX_UNITS, description="Ít nhất hai đơn vị, theo thứ tự.")
    leader: Id | None = None
    deputy: Id | None = None
    leaders_basis: Text(255) = ""
    registration_deadline: Day | None = None

    @model_validator(mode="after")
    def _valid(self):
        check_unique(self.members, "members")
        return self


class BlockPatch(Schema):
    """Only the fields sent change. Members: PUT /blocks/{id}/members; leader and deputy: PUT /blocks/{id}/leaders."""

    year: Year = None
    kind: BlockKind = None
    name: Text(255, required=True) = None
    number: int | None = Field(None, ge=0, le=MAX_SMALL)
    movement: Id | None = None
    registration_deadline: Day | None = None


class MembersIn(Schema):
    members: list[Id] = Field(min_length=2, max_length=MAX_UNITS)

    @model_validator(mode="after")
    def _valid(self):
        check_unique(self.members, "members")
        return self


class LeadersIn(Schema):
    leader: Id | None
    deputy: Id | None
    basis: Text(255, required=True) = Field(description="Căn cứ: số quyết định hoặc kết quả suy tôn.")


class CopyIn(Schema):
    movement: Id | None = Field(None, description="Phong trào của năm sau (không bắt buộc).")
