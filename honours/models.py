"""The catalogue of honours and who holds what.

``Title`` (danh hiệu) and ``AwardForm`` (hình thức khen thưởng) are two models on purpose, never one
list; ``TitleAward`` and ``FormAward`` are the held facts every other app reads."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Recipient(models.TextChoices):
    INDIVIDUAL = "individual", _("Cá nhân")
    COLLECTIVE = "collective", _("Tập thể")


class Level(models.TextChoices):
    UNIT = "unit", _("Cấp cơ sở, đơn vị")
    MINISTRY = "ministry", _("Cấp Bộ, tỉnh")
    GOVERNMENT = "government", _("Chính phủ, Thủ tướng")
    STATE = "state", _("Nhà nước, Chủ tịch nước")


class CommendationKind(models.TextChoices):
    MERIT = "merit", _("Công trạng và thành tích (hằng năm)")
    AD_HOC = "ad_hoc", _("Đột xuất")
    THEMATIC = "thematic", _("Theo phong trào, chuyên đề, theo đợt")
    CONTRIBUTION = "contribution", _("Quá trình cống hiến")
    SENIORITY = "seniority", _("Niên hạn")
    FOREIGN = "foreign", _("Đối ngoại")


class CatalogueQuerySet(models.QuerySet):
    def for_individuals(self):
        """Entries a person may receive (never a unit's title or form)."""
        return self.filter(recipient=Recipient.INDIVIDUAL)

    def for_units(self):
        """Entries a unit (a collective) may receive."""
        return self.filter(recipient=Recipient.COLLECTIVE)


class CatalogueEntry(models.Model):
    code = models.CharField(_("mã"), max_length=20, unique=True)
    name = models.CharField(_("tên"), max_length=200)
    recipient = models.CharField(_("đối tượng"), max_length=12, choices=Recipient.choices)
    level = models.CharField(_("cấp quyết định"), max_length=12, choices=Level.choices)
    bonus_multiple = models.DecimalField(
        _("tiền thưởng (lần mức lương cơ sở)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    kinds = models.JSONField(_("loại khen thưởng phục vụ"), default=list, blank=True)
    rank = models.PositiveSmallIntegerField(_("thứ bậc"), default=0, help_text=_("Cao hơn là hình thức cao hơn."))
    legal_basis = models.CharField(_("căn cứ"), max_length=200, blank=True)
    active = models.BooleanField(_("đang dùng"), default=True)

    objects = CatalogueQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["recipient", "rank", "code"]

    def __str__(self):
        return self.name


class Title(CatalogueEntry):
    """A title (danh hiệu thi đua): CSTT, CSTĐCS, Đơn vị tiên tiến, Cờ thi đua …"""

    class Meta(CatalogueEntry.Meta):
        verbose_name = _("danh hiệu thi đua")
        verbose_name_plural = _("danh hiệu thi đua")


class AwardForm(CatalogueEntry):
    """An award form (hình thức khen thưởng): Giấy khen, Bằng khen, Huân chương …"""

    class Meta(CatalogueEntry.Meta):
        verbose_name = _("hình thức khen thưởng")
        verbose_name_plural = _("hình thức khen thưởng")


ONE_HOLDER = models.Q(person__isnull=False, unit__isnull=True) | models.Q(person__isnull=True, unit__isnull=False)


class TitleAward(models.Model):
    """A title (danh hiệu) conferred on a person or a unit for the achievements of ``year``.

    Written by the decisions of the commendation issue (and ``demo.dataset.honours`` for benchmarks);
    annulment flags the row, it is never deleted."""

    title = models.ForeignKey(Title, verbose_name=_("danh hiệu"), on_delete=models.PROTECT, related_name="awards")
    person = models.ForeignKey(
        "organisation.Person",
        verbose_name=_("cá nhân"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="title_awards",
    )
    unit = models.ForeignKey(
        "organisation.Unit",
        verbose_name=_("tập thể"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="title_awards",
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    decision_ref = models.CharField(
        _("quyết định"),
        max_length=200,
        blank=True,
        help_text=_("Số, ký hiệu và ngày của quyết định, ví dụ 123/QĐ-CAT-PX01 ngày 10/12/2024."),
    )
    annulled = models.BooleanField(_("đã huỷ bỏ"), default=False)

    class Meta:
        verbose_name = _("danh hiệu đã tặng")
        verbose_name_plural = _("danh hiệu đã tặng")
        ordering = ["-year", "title__rank"]
        constraints = [
            models.CheckConstraint(condition=ONE_HOLDER, name="titleaward_one_holder"),
            # Also the index the bulk loader reads by title and year range (people, then units).
            models.UniqueConstraint(
                fields=["title", "year", "person"],
                name="titleaward_person_once",
                condition=models.Q(person__isnull=False, annulled=False),
            ),
            models.UniqueConstraint(
                fields=["title", "year", "unit"],
                name="titleaward_unit_once",
                condition=models.Q(unit__isnull=False, annulled=False),
            ),
        ]
        indexes = [
            models.Index(fields=["person", "year"], name="titleaward_person_year_idx"),
            models.Index(fields=["unit", "year"], name="titleaward_unit_year_idx"),
        ]

    def __str__(self):
        return f"{self.title.code} {self.year}: {self.person_id or self.unit_id}"


class FormAward(models.Model):
    """An award form (hình thức khen thưởng) received by a person or a unit.

    ``year`` is the year of the achievements it rewards; ``kind`` the kind of commendation
    (ad-hoc and thematic ones are no basis for a higher yearly award, Decree 152/2025 art. 4)."""

    award_form = models.ForeignKey(
        AwardForm, verbose_name=_("hình thức"), on_delete=models.PROTECT, related_name="awards"
    )
    person = models.ForeignKey(
        "organisation.Person",
        verbose_name=_("cá nhân"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="form_awards",
    )
    unit = models.ForeignKey(
        "organisation.Unit",
        verbose_name=_("tập thể"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="form_awards",
    )
    year = models.PositiveSmallIntegerField(_("năm thành tích"))
    decided_on = models.DateField(_("ngày quyết định"), null=True, blank=True)
    decision_ref = models.CharField(_("quyết định"), max_length=200, blank=True)
    kind = models.CharField(
        _("loại khen thưởng"), max_length=12, choices=CommendationKind.choices, default=CommendationKind.MERIT
    )
    annulled = models.BooleanField(_("đã huỷ bỏ"), default=False)

    class Meta:
        verbose_name = _("khen thưởng đã nhận")
        verbose_name_plural = _("khen thưởng đã nhận")
        ordering = ["-year", "award_form__rank"]
        constraints = [models.CheckConstraint(condition=ONE_HOLDER, name="formaward_one_holder")]
        indexes = [
            models.Index(fields=["award_form", "year"], name="formaward_form_year_idx"),
            models.Index(fields=["person", "year"], name="formaward_person_year_idx"),
            models.Index(fields=["unit", "year"], name="formaward_unit_year_idx"),
        ]

    def __str__(self):
        return f"{self.award_form.code} {self.year}: {self.person_id or self.unit_id}"
