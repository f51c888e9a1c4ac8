"""Disclosure (công khai) in and out: the office's switch, and what the public pages show — never a
birth date, an identifier, a bonus or a person's internal id."""

import datetime

from ninja import Field, Schema

from api.schemas.common import MAX_ID


class PublishIn(Schema):
    published: bool


class PublishOut(Schema):
    id: int
    published: bool
    published_at: datetime.datetime | None
    public_url: str = Field(description="The public page while published, else empty")


class BodyOut(Schema):
    ref: str = Field(description="The body's unit identifier (mã định danh), as in /cong-khai/<ref>/")
    name: str
    decisions: int
    nominee_lists: int


class RecipientOut(Schema):
    name: str
    rank: str
    position: str
    unit: str
    honour: str
    annulled: bool


class PublicDecisionOut(Schema):
    id: int
    number: int
    symbol: str
    date: datetime.date
    subject: str
    issuer: str
    signer: str
    status: str
    annulled: bool
    url: str
    recipients: list[RecipientOut]


class PublicDecisionPage(Schema):
    count: int
    page: int
    pages: int
    results: list[PublicDecisionOut]


class PublicDecisionsQuery(Schema):
    q: str = Field("", max_length=100, description="A recipient's name (as issued) or words of the subject")
    page: int = Field(1, ge=1, le=MAX_ID)


class NomineeListOut(Schema):
    id: int
    title: str
    proposing_unit: str
    year: int
    published_on: datetime.date
    url: str
    nominees: list[RecipientOut]
