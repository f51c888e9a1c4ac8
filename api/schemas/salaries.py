"""The base salary table (mức lương cơ sở): bonuses are multiples of the amount in force on the
decision date."""

import datetime
from typing import Annotated

from ninja import Field, Schema

from api.schemas.common import Text

Basis = Text(200, required=True)
Amount = Annotated[int, Field(gt=0, le=100_000_000)]
Day = Annotated[datetime.date, Field(ge=datetime.date(1990, 1, 1), le=datetime.date(2100, 12, 31))]


class BaseSalaryOut(Schema):
    id: int
    valid_from: datetime.date = Field(description="Áp dụng từ ngày (đến ngày trước dòng kế tiếp).")
    amount: int = Field(description="Mức lương cơ sở, đồng.")
    legal_basis: str


class BaseSalaryIn(Schema):
    valid_from: Day
    amount: Amount
    legal_basis: Basis = Field(description="Nghị định quy định mức lương cơ sở.")


class BaseSalaryPatch(Schema):
    valid_from: Day | None = None
    amount: Amount | None = None
    legal_basis: Basis | None = None
