"""The catalogue: titles (danh hiệu thi đua) and award forms (hình thức khen thưởng), never in one list."""

from decimal import Decimal
from typing import Annotated

from ninja import Field, Schema
from pydantic import StringConstraints

from honours.models import CommendationKind, Level, Recipient

CatalogueCode = Annotated[str, StringConstraints(pattern=r"^[A-Z0-9_]+$", min_length=1, max_length=20)]


class CatalogueOut(Schema):
    id: int
    code: str
    name: str
    recipient: Recipient
    level: Level
    bonus_multiple: Decimal | None = Field(description="Tiền thưởng, bội số của mức lương cơ sở.")
    kinds: list[CommendationKind] = Field(description="Loại khen thưởng mà danh hiệu, hình thức phục vụ.")
    rank: int
    legal_basis: str
    active: bool


class CatalogueFilters(Schema):
    recipient: Recipient | None = None


class CatalogueRef(Schema):
    code: str
    name: str
