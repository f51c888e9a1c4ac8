"""Proposals (đề nghị khen thưởng): the proposal, its lines, its dossier files, the recipients'
achievement reports, and the quotas the proposals are checked against."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from commendation.models.constraints import ONE_HONOUR
from honours.models import ONE_HOLDER, AwardForm, CommendationKind, Title


class Proposal(models.Model):
    """A unit's proposal (đề nghị khen thưởng) to the body that decides, with its lines.

    draft → submitted (``submit_proposal``, by the unit's commander) → returned with a reason
    (``return_proposal``) or under review (``start_review``) → approved / not approved, line by
    line (``record_council_result``) → decided (``issue_decision``). While at the receiving body
    (submitted, under review, reviewed) its nominees may be published for comment from
    ``published_at`` (``publish_proposal``); the public page drops them once decided or returned."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Đang soạn")
        SUBMITTED = "submitted", _("Đã trình")
        RETURNED = "returned", _("Trả lại để bổ sung")
        REVIEW = "review", _("Hội đồng đang xét")
        REVIEWED = "reviewed", _("Hội đồng đã xét")
        DECIDED = "decided", _("Đã có quyết định")

    unit = models.ForeignKey(
        "organisation.Unit", verbose_name=_("đơn vị đề nghị"), on_delete=models.PROTECT, related_name="proposals"
    )
    to_unit = models.ForeignKey(
        "organisation.Unit",
        verbose_name=_("cấp trình (Hội đồng TĐKT)"),
        on_delete=models.PROTECT,
        related_name="proposals_received",
    )
    year = models.PositiveSmallIntegerField(_("năm thành tích"), db_index=True)
    kind = models.CharField(
        _("loại khen thưởng"), max_length=12, choices=CommendationKind.choices, default=CommendationKind.MERIT
    )
    movement = models.ForeignKey(
        "cycle.Movement",
        verbose_name=_("phong trào"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="proposals",
    )
    title = models.CharField(_("trích yếu"), max_length=300)
    achievement = models.TextField(
        _("thành tích đề nghị khen thưởng"),
        blank=True,
        help_text=_("Bắt buộc với khen thưởng đột xuất: nêu thành tích cụ thể."),
    )
    number = models.CharField(_("số tờ trình"), max_length=60, blank=True)
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    returned_reason = models.TextField(_("lý do trả lại"), blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    published_at = models.DateTimeField(_("công khai danh sách từ"), null=True, blank=True)

    class Meta:
        verbose_name = _("đề nghị khen thưởng")
        verbose_name_plural = _("đề nghị khen thưởng")
        ordering = ["-year", "-created_at"]
        indexes = [models.Index(fields=["to_unit", "year", "status"], name="proposal_to_year_idx")]

    def __str__(self):
        return self.title


class ProposalLine(models.Model):
    """One recipient and one title or award form. ``achievement`` identifies the achievement it
    rewards (for the year: ``merit:2025``; ad hoc: the proposal's), so that one achievement earns
    one form (Law 2022 art. 5). The engine's verdict is stored when the line is checked; a line
    the engine finds not eligible needs a ``justification`` and is flagged to the council."""

    class Outcome(models.TextChoices):
        PENDING = "pending", _("Chưa xét")
        APPROVED = "approved", _("Hội đồng thống nhất")
        REJECTED = "rejected", _("Hội đồng không thống nhất")

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="lines")
    person = models.ForeignKey(
        "organisation.Person",
        verbose_name=_("cá nhân"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="proposal_lines",
    )
    unit = models.ForeignKey(
        "organisation.Unit",
        verbose_name=_("tập thể"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="proposal_lines",
    )
    title = models.ForeignKey(
        Title, verbose_name=_("danh hiệu"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    award_form = models.ForeignKey(
        AwardForm,
        verbose_name=_("hình thức khen thưởng"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    achievement = models.CharField(_("thành tích"), max_length=120)
    summary = models.TextField(_("tóm tắt thành tích"), blank=True)
    engine_status = models.CharField(_("kết quả kiểm tra điều kiện"), max_length=14, blank=True)
    engine_ruleset = models.CharField(_("bộ quy tắc"), max_length=60, blank=True)
    engine_failures = models.JSONField(_("điều kiện chưa đạt"), default=list, blank=True)
    justification = models.TextField(_("giải trình (trường hợp chưa đủ điều kiện)"), blank=True)
    outcome = models.CharField(_("kết quả xét"), max_length=10, choices=Outcome.choices, default=Outcome.PENDING)
    order = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("dòng đề nghị")
        verbose_name_plural = _("dòng đề nghị")
        ordering = ["proposal", "order", "pk"]
        constraints = [
            models.CheckConstraint(condition=ONE_HOLDER, name="proposalline_one_holder"),
            models.CheckConstraint(condition=ONE_HONOUR, name="proposalline_one_honour"),
        ]
        indexes = [
            models.Index(fields=["person", "achievement"], name="proposalline_person_ach_idx"),
            models.Index(fields=["unit", "achievement"], name="proposalline_unit_ach_idx"),
        ]

    def __str__(self):
        return f"{self.person_id or self.unit_id}: {self.title_id or self.award_form_id}"

    @property
    def honour(self):
        return self.title or self.award_form

    @property
    def flagged(self) -> bool:
        return self.engine_status not in ("", "eligible")


class DossierFile(models.Model):
    """A signed scan or a document attached to a proposal (tờ trình đã ký, biên bản, chứng nhận sáng kiến)."""

    class Kind(models.TextChoices):
        MEMO = "memo", _("Tờ trình")
        REPORT = "report", _("Báo cáo thành tích")
        MINUTES = "minutes", _("Biên bản")
        INITIATIVE = "initiative", _("Chứng nhận sáng kiến, đề tài")
        OTHER = "other", _("Khác")

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="files")
    line = models.ForeignKey(ProposalLine, null=True, blank=True, on_delete=models.CASCADE, related_name="files")
    kind = models.CharField(_("loại tài liệu"), max_length=12, choices=Kind.choices)
    file = models.FileField(_("tệp"), upload_to="dossiers/%Y/")
    original_name = models.CharField(max_length=255)
    size = models.PositiveIntegerField(default=0)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("tài liệu hồ sơ")
        verbose_name_plural = _("tài liệu hồ sơ")
        ordering = ["proposal", "kind", "uploaded_at"]

    def __str__(self):
        return self.original_name


class AchievementReport(models.Model):
    """The achievement report (báo cáo thành tích) of one line's recipient: pre-filled from the
    records, editable by the proposing unit."""

    line = models.OneToOneField(ProposalLine, on_delete=models.CASCADE, related_name="report")
    text = models.TextField(_("nội dung báo cáo thành tích"))
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("báo cáo thành tích")
        verbose_name_plural = _("báo cáo thành tích")

    def __str__(self):
        return str(self.line)


class Quota(models.Model):
    """How many of a title or form a block (or a council's whole year) may propose: a warning,
    not a refusal, when the proposals exceed it."""

    block = models.ForeignKey(
        "cycle.Block",
        verbose_name=_("khối, cụm"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="quotas",
    )
    council_unit = models.ForeignKey(
        "organisation.Unit",
        verbose_name=_("Hội đồng TĐKT của"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="quotas",
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    title = models.ForeignKey(Title, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    award_form = models.ForeignKey(AwardForm, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    limit = models.PositiveSmallIntegerField(_("số lượng tối đa"))

    class Meta:
        verbose_name = _("chỉ tiêu số lượng")
        verbose_name_plural = _("chỉ tiêu số lượng")
        constraints = [models.CheckConstraint(condition=ONE_HONOUR, name="quota_one_honour")]

    def __str__(self):
        return f"{self.year}: {self.title_id or self.award_form_id} ≤ {self.limit}"
