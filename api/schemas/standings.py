"""Block standings in and out: each member's rank and share of the vote (for the Cờ thi đua)."""

from decimal import Decimal

from ninja import Field, Schema
from pydantic import model_validator

from api.schemas.common import MAX_SMALL, Id, Text
from api.schemas.units import UnitRef

MAX_ROWS = 500  # standings of a block


class StandingOut(Schema):
    unit: UnitRef
    rank: int | None = Field(description="null: chưa có kết quả.")
    vote_share: Decimal | None = Field(description="Tỷ lệ phiếu suy tôn (%).")


class StandingsOut(Schema):
    block: int
    year: int
    source: str
    rows: list[StandingOut] = Field(description="Mọi đơn vị thành viên, theo thứ tự của khối.")


class StandingIn(Schema):
    unit: Id
    rank: int = Field(ge=1, le=MAX_SMALL)
    vote_share: Decimal | None = Field(None, ge=0, le=100, max_digits=5, decimal_places=2)


class StandingsIn(Schema):
    source: Text(300) = Field("", description="Nguồn kết quả (biên bản hội nghị, kết quả chấm điểm).")
    rows: list[StandingIn] = Field(max_length=MAX_ROWS, description="Thay toàn bộ kết quả của khối.")

    @model_validator(mode="after")
    def _unique(self):
        units = [r.unit for r in self.rows]
        if len(set(units)) != len(units):
            raise ValueError("rows: duplicate unit")
        return self
