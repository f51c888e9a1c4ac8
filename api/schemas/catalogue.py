"""The catalogue: titles (danh hiệu thi đua) and award forms (hình thức khen thưởng), never in one list."""

from decimal import Decimal
from typing import Annotated

from ninja import Field, Schema
from pydantic import StringConstraints

from api.schemas.common import Text
from honours.models import CommendationKind, Level, Recipient

CatalogueCode = Annotated[str, StringConstraints(pattern=r"^[A-Z0-9_]+$", min_length=1, max_length=20)]
Multiple = Annotated[Decimal, Field(ge=0, lt=1000, max_digits=5, decimal_places=2)]


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


class CatalogueIn(Schema):
    """A new title or award form. The code is the name rule sets and awards use: it never changes."""

    code: CatalogueCode
    name: Text(200, required=True)
    recipient: Recipient
    level: Level
    bonus_multiple: Multiple | None = Field(
        None, description="Tiền thưởng, bội số của mức lương cơ sở (để trống: chưa quy định)."
    )
    kinds: list[CommendationKind] = Field(default_factory=list, max_length=len(CommendationKind.values))
    rank: Annotated[int, Field(ge=0, le=32767)] = 0
    legal_basis: Text(200, required=True) = Field(description="Căn cứ pháp lý: điều, khoản của văn bản quy định.")
    active: bool = True


class CataloguePatch(Schema):
    """The fields to change (absent: unchanged). The recipient changes only while nobody holds the entry."""

    name: Text(200, required=True) | None = None
    recipient: Recipient | None = None
    level: Level | None = None
    bonus_multiple: Multiple | None = None
    kinds: Annotated[list[CommendationKind], Field(max_length=len(CommendationKind.values))] | None = None
    rank: Annotated[int, Field(ge=0, le=32767)] | None = None
    legal_basis: Text(200, required=True) | None = None
    active: bool | None = None
