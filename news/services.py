"""Writes to the news page "Thông tin thi đua": draft from a conference, edit, publish, unpublish,
count a view; and the related articles. Every write is audited; the caller has checked access
(``news.permissions``)."""

from django.db import transaction
from django.db.models import F, Q, QuerySet
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from audit import services as audit
from audit.models import AuditEvent
from cycle.models import Conference
from news import drafting as news
from news.models import Article


class NewsError(ValueError):
    """A change the rules refuse; the message is for the user."""


def _slug(title: str) -> str:
    # "đ" has no ASCII decomposition; everything else loses its diacritics through NFKD.
    return slugify(title.replace("đ", "d").replace("Đ", "D"))[:200]


@transaction.atomic
def create_draft_from_conference(conference: Conference, *, by) -> Article:
    """A new draft article about ``conference``, its title and body generated from the data."""
    title, body = news.draft_article(conference)
    article = Article.objects.create(
        title=title[:300],
        slug=_slug(title),
        body=body,
        block=conference.block,
        conference=conference,
        year=conference.block.year,
        author=by,
    )
    audit.record(by, AuditEvent.Action.CREATE, article, {"conference": [None, conference.pk]})
    return article


@transaction.atomic
def update_article(article: Article, *, title: str, body: str, by) -> Article:
    """Change the title and body (a published article stays published)."""
    if not title.strip() or not body.strip():
        raise NewsError(_("Tiêu đề và nội dung không được để trống."))
    changes = {}
    if title != article.title:
        changes["title"] = [article.title, title]
    if body != article.body:
        changes["body"] = [len(article.body), len(body)]
    article.title, article.body, article.slug = title, body, _slug(title)
    article.save(update_fields=["title", "body", "slug", "updated_at"])
    if changes:
        audit.record(by, AuditEvent.Action.UPDATE, article, changes)
    return article


@transaction.atomic
def publish_article(article: Article, *, by) -> Article:
    """Publish a draft on the news page, dated now."""
    article = Article.objects.select_for_update().get(pk=article.pk)
    if article.is_published:
        raise NewsError(_("Tin bài đã được đăng."))
    article.status, article.published_at = Article.Status.PUBLISHED, timezone.now()
    article.save(update_fields=["status", "published_at", "updated_at"])
    audit.record(by, AuditEvent.Action.UPDATE, article, {"status": ["draft", "published"]})
    return article


@transaction.atomic
def unpublish_article(article: Article, *, by) -> Article:
    """Take a published article off the news page (back to draft, its views kept)."""
    article = Article.objects.select_for_update().get(pk=article.pk)
    if not article.is_published:
        raise NewsError(_("Tin bài chưa được đăng."))
    article.status, article.published_at = Article.Status.DRAFT, None
    article.save(update_fields=["status", "published_at", "updated_at"])
    audit.record(by, AuditEvent.Action.UPDATE, article, {"status": ["published", "draft"]})
    return article


def record_view(article: Article) -> int:
    """Count one view (an atomic increment, safe under concurrent readers); returns the new count.
    Not audited: a read is not a change."""
    Article.objects.filter(pk=article.pk).update(view_count=F("view_count") + 1)
    article.refresh_from_db(fields=["view_count"])
    return article.view_count


def related(article: Article, *, limit: int = 5) -> QuerySet:
    """Other published articles of the same block or the same year, newest first."""
    same = Q(year=article.year)
    if article.block_id:
        same |= Q(block_id=article.block_id)
    return Article.objects.published().filter(same).exclude(pk=article.pk).order_by("-published_at", "-pk")[:limit]
