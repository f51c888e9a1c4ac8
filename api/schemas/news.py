"""News articles (Thông tin thi đua) in and out: drafting from a conference, editing, publishing."""

import datetime

from ninja import Schema

from api.schemas.common import Id, Text
from news import services as news_services


class ArticleOut(Schema):
    id: int
    title: str
    status: str
    block: int | None
    conference: int | None
    year: int
    published_at: datetime.datetime | None
    view_count: int

    @staticmethod
    def resolve_block(obj):
        return obj.block_id

    @staticmethod
    def resolve_conference(obj):
        return obj.conference_id


class ArticleDetailOut(ArticleOut):
    body: str
    related: list[int]

    @staticmethod
    def resolve_related(obj):
        return [a.pk for a in news_services.related(obj)]


class GenerateIn(Schema):
    conference: Id


class ArticleIn(Schema):
    title: Text(300, required=True)
    body: Text(100_000, required=True)


class PublishIn(Schema):
    published: bool = True
