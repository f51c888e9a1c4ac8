"""Certificates in and out: the certificate templates with their field positions and printer offset."""

from decimal import Decimal
from typing import Annotated, Literal

from ninja import Field, Schema

from commendation import certificates

Mm = Annotated[Decimal, Field(ge=-50, le=50, max_digits=5, decimal_places=1)]
Position = Annotated[float, Field(ge=-50, le=450)]


class FieldPosition(Schema):
    x: Position
    y: Position
    size: Annotated[float, Field(ge=4, le=72)] = 13
    width: Annotated[float, Field(ge=5, le=450)] = 100
    align: Literal["left", "center", "right"] = "center"


class TemplateOut(Schema):
    id: int
    name: str
    owner: int = Field(alias="owner_id")
    owner_name: str = Field(alias="owner.name")
    title: str | None = Field(None, alias="title.code")
    award_form: str | None = Field(None, alias="award_form.code")
    paper: str
    preprinted: bool
    authority: str
    offset_x_mm: Decimal
    offset_y_mm: Decimal
    fields: dict[str, FieldPosition]


class TemplatePatch(Schema):
    offset_x_mm: Mm | None = None
    offset_y_mm: Mm | None = None
    preprinted: bool | None = None
    authority: Annotated[str, Field(max_length=200)] | None = None
    fields: dict[Literal[tuple(certificates.FIELDS)], FieldPosition] | None = None


class TemplateCopy(Schema):
    owner: int | None = Field(None, description="Đơn vị sở hữu bản sao; mặc định: đơn vị của phòng thi đua của bạn.")
    name: Annotated[str, Field(max_length=120)] = ""


class DraftQuery(Schema):
    draft: bool = False
