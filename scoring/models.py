"""Scoring and ranking of a block-year: the rubric (bảng tiêu chí chấm điểm) as a versioned tree of
criteria, the score sheets of each round (self, cross, final), the cross-scoring assignments,
evidence files and explanation requests.

Every change has one function in ``scoring.services``; its name is in each model's docstring. The
totals and the ranking are never stored: ``scoring.services.results`` computes them from the scores
with the pure core ``scoring.core`` on every request, so the leaderboard is always current.
"""

import uuid
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cycle.models import Block
from organisation.models import Unit

POINTS = {"max_digits": 6, "decimal_places": 2}
MAX_POINTS = Decimal("1000")


class Method(models.TextChoices):
    MEAN = "mean", _("Trung bình cộng")
    MEDIAN = "median", _("Trung vị")
    TRIMMED = "trimmed", _("Trung bình sau khi bỏ điểm cao nhất và thấp nhất")


class RubricQuerySet(models.QuerySet):
    def current_for(self, block: Block):
        """The block's rubric in force: its highest version."""
        return self.filter(block=block).order_by("-version").first()


class Rubric(models.Model):
    """The block-year's scoring rules, one version. Draft (criteria editable; ``services.rubrics``:
    ``create_rubric``, ``add_criterion``, ``update_criterion``, ``delete_criterion``,
    ``import_rubric``, ``copy_rubric_from_previous_year``) → open (``open_scoring``: locked, scores
    may be entered) → closed (``close_scoring``: final results fixed). ``revise_rubric`` starts the
    next version as a draft copy; scores stay with the version they were entered on."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Dự thảo")
        OPEN = "open", _("Đang chấm điểm")
        CLOSED = "closed", _("Đã chốt kết quả")

    block = models.ForeignKey(Block, on_delete=models.CASCADE, related_name="rubrics")
    version = models.PositiveSmallIntegerField(_("phiên bản"), default=1)
    title = models.CharField(_("tiêu đề"), max_length=255)
    status = models.CharField(_("trạng thái"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    bonus_cap = models.DecimalField(
        _("điểm thưởng tối đa"),
        **POINTS,
        default=Decimal("0"),
        validators=[MinValueValidator(0), MaxValueValidator(MAX_POINTS)],
    )
    floor = models.DecimalField(
        _("tổng điểm thấp nhất (sàn điểm trừ)"),
        **POINTS,
        default=Decimal("0"),
        validators=[MinValueValidator(-MAX_POINTS), MaxValueValidator(MAX_POINTS)],
    )
    method = models.CharField(
        _("cách tổng hợp điểm chấm chéo"), max_length=10, choices=Method.choices, default=Method.MEAN
    )
    trim = models.PositiveSmallIntegerField(
        _("số điểm bỏ ở mỗi đầu (trung bình cắt)"), default=1, validators=[MaxValueValidator(5)]
    )
    scorers_per_unit = models.PositiveSmallIntegerField(
        _("số đơn vị chấm chéo mỗi đơn vị"), default=2, validators=[MinValueValidator(1), MaxValueValidator(20)]
    )
    gap = models.DecimalField(
        _("ngưỡng chênh lệch cần giải trình (điểm)"),
        **POINTS,
        default=Decimal("1"),
        validators=[MinValueValidator(0), MaxValueValidator(MAX_POINTS)],
    )
    note = models.TextField(_("ghi chú"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    opened_at = models.DateTimeField(_("mở chấm điểm lúc"), null=True, blank=True)
    closed_at = models.DateTimeField(_("chốt kết quả lúc"), null=True, blank=True)

    objects = RubricQuerySet.as_manager()

    class Meta:
        verbose_name = _("bảng tiêu chí chấm điểm")
        verbose_name_plural = _("bảng tiêu chí chấm điểm")
        ordering = ["block", "-version"]
        constraints = [models.UniqueConstraint(fields=["block", "version"], name="rubric_version_once")]

    def __str__(self):
        return f"{self.title} (v{self.version})"

    @property
    def editable(self) -> bool:
        return self.status == self.Status.DRAFT

    @property
    def scoring_open(self) -> bool:
        return self.status == self.Status.OPEN


class Criterion(models.Model):
    """One node of the rubric tree: a section (no parent), a criterion or a sub-criterion. Only leaves
    are scored. ``kind`` is that of its section: normal, bonus (điểm thưởng) or deduction (điểm trừ,
    scored as a negative number down to −max_points). Written by ``services.rubrics``."""

    class Kind(models.TextChoices):
        NORMAL = "normal", _("Tiêu chí chấm điểm")
        BONUS = "bonus", _("Điểm thưởng")
        DEDUCTION = "deduction", _("Điểm trừ")

    rubric = models.ForeignKey(Rubric, on_delete=models.CASCADE, related_name="criteria")
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.CASCADE, related_name="children")
    order = models.PositiveIntegerField(_("thứ tự"), default=0)
    code = models.CharField(_("số hiệu"), max_length=20)
    title = models.CharField(_("nội dung tiêu chí"), max_length=500)
    kind = models.CharField(_("loại"), max_length=10, choices=Kind.choices, default=Kind.NORMAL)
    max_points = models.DecimalField(
        _("điểm tối đa"), **POINTS, validators=[MinValueValidator(0), MaxValueValidator(MAX_POINTS)]
    )
    description = models.TextField(_("hướng dẫn chấm"), blank=True)
    evidence = models.TextField(_("tài liệu, minh chứng cần có"), blank=True)

    class Meta:
        verbose_name = _("tiêu chí")
        verbose_name_plural = _("tiêu chí")
        ordering = ["rubric", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["rubric", "code"], name="criterion_code_once"),
            models.CheckConstraint(condition=Q(max_points__gte=0), name="criterion_max_not_negative"),
        ]

    def __str__(self):
        return f"{self.code}. {self.title[:80]}"


class Assignment(models.Model):
    """Unit ``scorer`` cross-scores unit ``unit`` on this rubric. Made by ``services.rounds.assign_cross_scorers``
    (the balanced plan) or ``add_assignment`` (a manual one); ``remove_assignment`` deactivates it with a
    reason: the scorer's scores stay (and in the audit) but leave the result."""

    rubric = models.ForeignKey(Rubric, on_delete=models.CASCADE, related_name="assignments")
    unit = models.ForeignKey(Unit, verbose_name=_("đơn vị được chấm"), on_delete=models.PROTECT, related_name="+")
    scorer = models.ForeignKey(Unit, verbose_name=_("đơn vị chấm"), on_delete=models.PROTECT, related_name="+")
    manual = models.BooleanField(_("phân công thủ công"), default=False)
    active = models.BooleanField(_("còn hiệu lực"), default=True)
    removed_reason = models.CharField(_("lý do loại"), max_length=500, blank=True)
    removed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    removed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("phân công chấm chéo")
        verbose_name_plural = _("phân công chấm chéo")
        ordering = ["rubric", "unit_id", "scorer_id"]
        constraints = [
            models.UniqueConstraint(fields=["rubric", "unit", "scorer"], name="assignment_once"),
            models.CheckConstraint(condition=~Q(unit=models.F("scorer")), name="assignment_not_self"),
        ]

    def __str__(self):
        return f"{self.scorer_id} → {self.unit_id}"


class Sheet(models.Model):
    """One score sheet: a unit's self-score, one scorer's cross-score of a unit, or the final sheet
    (changes to the combined cross-scores, each with its reason). Scores are written cell by cell by
    ``services.rounds.save_score``; a sheet's progress is the share of criteria it has scored."""

    class Round(models.TextChoices):
        SELF = "self", _("Tự chấm")
        CROSS = "cross", _("Chấm chéo")
        FINAL = "final", _("Điểm chốt")

    rubric = models.ForeignKey(Rubric, on_delete=models.CASCADE, related_name="sheets")
    unit = models.ForeignKey(Unit, verbose_name=_("đơn vị được chấm"), on_delete=models.PROTECT, related_name="+")
    round = models.CharField(_("vòng chấm"), max_length=5, choices=Round.choices)
    scorer = models.ForeignKey(
        Unit, verbose_name=_("đơn vị chấm"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("phiếu chấm điểm")
        verbose_name_plural = _("phiếu chấm điểm")
        constraints = [
            models.UniqueConstraint(fields=["rubric", "unit", "round", "scorer"], name="sheet_once"),
            models.UniqueConstraint(
                fields=["rubric", "unit", "round"], condition=Q(scorer__isnull=True), name="sheet_final_once"
            ),
        ]
        indexes = [models.Index(fields=["rubric", "round"], name="sheet_rubric_round_idx")]

    def __str__(self):
        return f"{self.get_round_display()} {self.unit_id} ({self.scorer_id or '—'})"


class Score(models.Model):
    """One cell: a sheet's value for one (leaf) criterion, with the unit's note and figures (self) or
    the reason for a change (final). ``version`` grows with every save: a save that names an older
    version is refused as a conflict (``services.rounds.save_score``), so two people editing the same
    sheet never overwrite each other silently."""

    sheet = models.ForeignKey(Sheet, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="scores")
    value = models.DecimalField(_("điểm"), **POINTS, null=True, blank=True)
    note = models.TextField(_("giải trình, ghi chú"), blank=True)
    figures = models.CharField(_("số liệu"), max_length=500, blank=True)
    reason = models.CharField(_("lý do điều chỉnh"), max_length=500, blank=True)
    version = models.PositiveIntegerField(default=1)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("điểm")
        verbose_name_plural = _("điểm")
        constraints = [models.UniqueConstraint(fields=["sheet", "criterion"], name="score_once_per_sheet")]

    def __str__(self):
        return f"{self.sheet_id}/{self.criterion_id}: {self.value}"


def evidence_path(instance, filename):
    # The stored name is random: the user's file name is kept only as data, never as a path.
    return f"scoring/{instance.sheet.rubric.block.year}/{uuid.uuid4().hex}"


class EvidenceFile(models.Model):
    """A file a unit attaches to one criterion of its self-score, checked by ``cycle.uploads``.
    ``services.rounds.attach_evidence`` / ``remove_evidence``."""

    sheet = models.ForeignKey(Sheet, on_delete=models.CASCADE, related_name="evidence")
    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="+")
    file = models.FileField(upload_to=evidence_path)
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("minh chứng")
        verbose_name_plural = _("minh chứng")
        ordering = ["sheet", "criterion", "uploaded_at", "pk"]

    def __str__(self):
        return self.original_name


class Explanation(models.Model):
    """The leader asks a unit to explain a gap between its self-score and the cross-score
    (``services.rounds.request_explanation``); the unit answers (``answer_explanation``)."""

    rubric = models.ForeignKey(Rubric, on_delete=models.CASCADE, related_name="explanations")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="+")
    question = models.TextField(_("nội dung yêu cầu giải trình"))
    asked_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    asked_at = models.DateTimeField(auto_now_add=True)
    answer = models.TextField(_("giải trình của đơn vị"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("yêu cầu giải trình")
        verbose_name_plural = _("yêu cầu giải trình")
        ordering = ["rubric", "asked_at", "pk"]

    def __str__(self):
        return f"{self.unit_id}/{self.criterion_id}"

    @property
    def answered(self) -> bool:
        return self.answered_at is not None
