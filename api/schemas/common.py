"""Bounds, pagination and the error body shared by every schema module.

Every input value is bounded here, before any query runs: ids fit a 32-bit key, years are
1945..2100, dates 1900..2100, strings are no longer than their model field and carry no NUL
character (PostgreSQL refuses it), so the database never sees an out-of-range value.
"""

import datetime
from typing import Annotated

from ninja import Field, Path, Schema
from ninja.pagination import LimitOffsetPagination
from pydantic import AfterValidator, StringConstraints, WithJsonSchema

MAX_ID = 2**31 - 1
MIN_YEAR, MAX_YEAR = 1945, 2100
MIN_DATE, MAX_DATE = datetime.date(1900, 1, 1), datetime.date(2100, 12, 31)
MAX_PAGE = 500
MAX_TEXT = 20_000  # a pledge clause, a preamble, one section of a report
MAX_UNITS = 500  # members of a block, units covered by a movement, attendance rows
MAX_SMALL = 32_767  # PositiveSmallIntegerField


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


def Choice(choices, name: str):
    """A model's choices (a TextChoices) under its own name in the OpenAPI document. Django names every
    nested choices class ``Kind`` or ``Status``, and the document keeps one component per name: without
    this a unit's kind would be validated against a block's."""
    return Annotated[choices, WithJsonSchema({"title": name, "type": "string", "enum": list(choices.values)})]


Id = Annotated[int, Field(ge=1, le=MAX_ID)]
Year = Annotated[int, Field(ge=MIN_YEAR, le=MAX_YEAR)]
Day = Annotated[datetime.date, Field(ge=MIN_DATE, le=MAX_DATE)]
SearchText = Text(100)
PathId = Annotated[int, Path(ge=1, le=MAX_ID)]
PathYear = Annotated[int, Path(ge=MIN_YEAR, le=MAX_YEAR)]
PathCode = Annotated[str, Path(pattern=r"^[-a-zA-Z0-9_]+$", max_length=60)]


def check_unique(ids: list[int], what: str) -> None:
    """For a model validator: the same id twice in one list is refused."""
    if len(set(ids)) != len(ids):
        raise ValueError(f"{what}: duplicate id")


class Page(LimitOffsetPagination):
    """limit/offset pagination with both ends bounded (limit ≤ 500, offset < 2^31)."""

    class Input(Schema):
        limit: int = Field(100, ge=1, le=MAX_PAGE)
        offset: int = Field(0, ge=0, le=MAX_ID)

    def __init__(self, **kwargs):
        super().__init__(max_limit=MAX_PAGE, **kwargs)


class Message(Schema):
    """The body of every error: ``{"detail": "..."}``."""

    detail: str


class ListQuery(Schema):
    # A list of one year, or of every year (council meetings, decisions). No docstring: it would
    # become the schema's description in the OpenAPI document.
    year: int | None = None
