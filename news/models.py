"""News articles of the internal page "Thông tin thi đua": drafted from a conference's data, edited and
published by the emulation office.

Every change goes through ``news.services`` (``create_draft_from_conference``, ``update_article``,
``publish_article``, ``unpublish_article``, ``record_view``).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ArticleQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Article.Status.PUBLISHED)


class Article(models.Model):
    """A news article. Draft → published (``publish_article``) → back to draft (``unpublish_article``).

    The body is plain text: paragraphs separated by a blank line, rendered escaped (no HTML)."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Bản nháp")
        PUBLISHED = "published", _("Đã đăng")

    title = models.CharField(_("tiêu đề"), max_length=300)
    slug = models.SlugField(max_length=200, blank=True, allow_unicode=False)
    body = models.TextField(_("nội dung"), help_text=_("Các đoạn văn cách nhau bằng một dòng trống."))
    block = models.ForeignKey(
        "cycle.Block",
        verbose_name=_("khối, cụm"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="articles",
    )
    conference = models.ForeignKey(
        "cycle.Conference",
        verbose_name=_("hội nghị"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="articles",
    )
    year = models.PositiveSmallIntegerField(_("năm"), db_index=True)
    status = models.CharField(_("trạng thái"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    published_at = models.DateTimeField(_("ngày đăng"), null=True, blank=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    view_count = models.PositiveIntegerField(_("lượt xem"), default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        verbose_name = _("tin bài")
        verbose_name_plural = _("tin bài")
        ordering = ["-published_at", "-created_at", "-pk"]
        indexes = [models.Index(fields=["status", "-published_at"], name="article_published_idx")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status="draft") | models.Q(published_at__isnull=False),
                name="article_published_has_date",
            )
        ]

    def __str__(self):
        return self.title

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED

    def paragraphs(self) -> list[str]:
        """The body's paragraphs (separated by blank lines), each stripped; for escaped rendering."""
        text = self.body.replace("\r\n", "\n")
        return [p.strip() for p in text.split("\n\n") if p.strip()]
