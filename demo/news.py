"""Demo news (``seed_news()``, called by ``seed_demo`` last): the province's emulation office drafts,
from the data, an article for each year-end conference of the blocks it manages; the 2025 one (Khối
XDLL – TT – HCKT, whose vote elected next year's leader and deputy) is published on "Thông tin thi
đua", the 2026 one stays a draft for the office to finish. Through ``news.services`` with the
office's login, so the audit is the real one. Idempotent: nothing is written when articles exist."""

from django.db import transaction

from cycle.models import Conference
from news import services as news_services
from news.models import Article
from organisation.models import User

OFFICE, PROVINCE = "thuongtruc", "CAQB"
PUBLISHED_YEAR = 2025


def seed_news() -> dict:
    counts = {"articles": 0, "published_articles": 0}
    office = User.objects.filter(username=OFFICE).first()
    if office is None or Article.objects.exists():
        return counts
    conferences = (
        Conference.objects.filter(kind=Conference.Kind.YEAR_END, block__managed_by__ref=PROVINCE)
        .select_related("block")
        .order_by("block__year", "date", "pk")
    )
    with transaction.atomic():
        for conference in conferences:
            article = news_services.create_draft_from_conference(conference, by=office)
            counts["articles"] += 1
            if conference.block.year == PUBLISHED_YEAR:
                news_services.publish_article(article, by=office)
                counts["published_articles"] += 1
    return counts
