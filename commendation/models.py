"""The commendation workflow: proposals and their dossiers, the council and its meetings,
decisions with their recipients and bonuses, annulment, certificates.

Every status change has one function in ``awards.services_commendation`` (named in each model's
docstring); nothing else writes these rows."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from honours.models import ONE_HOLDER, AwardForm, CommendationKind, Title, TitleAward

_ONE_HONOUR = models.Q(title__isnull=False, award_form__isnull=True) | models.Q(
    title__isnull=True, award_form__isnull=False
)


class BaseSalary(models.Model):
    """The base salary (mức lương cơ sở) from a date: bonuses are multiples of the one in force on
    the decision date (Decree 152/2025 art. 49–54)."""

    valid_from = models.DateField(_("áp dụng từ ngày"), unique=True)
    amount = models.PositiveIntegerField(_("mức lương cơ sở (đồng)"))
    legal_basis = models.CharField(_("căn cứ"), max_length=200)

    class Meta:
        verbose_name = _("mức lương cơ sở")
        verbose_name_plural = _("mức lương cơ sở")
        ordering = ["-valid_from"]

    def __str__(self):
        return f"{self.amount} ({self.valid_from:%d/%m/%Y})"


class Proposal(models.Model):
    """A unit's proposal (đề nghị khen thưởng) to the body that decides, with its lines.

    draft → submitted (``submit_proposal``, by the unit's commander) → returned with a reason
    (``return_proposal``) or under review (``start_review``) → approved / not approved, line by
    line (``record_council_result``) → decided (``issue_decision``)."""

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
            models.CheckConstraint(condition=_ONE_HONOUR, name="proposalline_one_honour"),
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
        constraints = [models.CheckConstraint(condition=_ONE_HONOUR, name="quota_one_honour")]

    def __str__(self):
        return f"{self.year}: {self.title_id or self.award_form_id} ≤ {self.limit}"


class CouncilMeeting(models.Model):
    """A meeting of a unit's Emulation and Commendation Council. planned → held
    (``hold_meeting``, quorum checked) → closed (``close_meeting``). Its agenda is proposal lines;
    its secret vote is a ``voting.Election`` (``open_council_vote``)."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("Dự kiến")
        HELD = "held", _("Đang họp")
        CLOSED = "closed", _("Đã kết thúc")

    unit = models.ForeignKey(
        "organisation.Unit",
        verbose_name=_("Hội đồng TĐKT của"),
        on_delete=models.PROTECT,
        related_name="council_meetings",
    )
    year = models.PositiveSmallIntegerField(_("năm xét"))
    date = models.DateField(_("ngày họp"))
    place = models.CharField(_("địa điểm"), max_length=255)
    chair = models.ForeignKey(
        "organisation.Person",
        verbose_name=_("chủ trì"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    quorum_share = models.DecimalField(_("tỷ lệ có mặt tối thiểu"), max_digits=4, decimal_places=3, default=0.667)
    status = models.CharField(_("trạng thái"), max_length=8, choices=Status.choices, default=Status.PLANNED)
    agenda = models.ManyToManyField(ProposalLine, verbose_name=_("nội dung xét"), blank=True, related_name="meetings")
    election = models.OneToOneField(
        "voting.Election",
        verbose_name=_("cuộc bỏ phiếu kín"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="council_meeting",
    )
    notes = models.TextField(_("ghi chú"), blank=True)

    class Meta:
        verbose_name = _("phiên họp Hội đồng TĐKT")
        verbose_name_plural = _("phiên họp Hội đồng TĐKT")
        ordering = ["-date"]

    def __str__(self):
        return f"{self.unit_id} {self.date:%d/%m/%Y}"


class CouncilMember(models.Model):
    """A member of a meeting's council and whether present; absent members may give a written opinion."""

    meeting = models.ForeignKey(CouncilMeeting, on_delete=models.CASCADE, related_name="members")
    person = models.ForeignKey("organisation.Person", on_delete=models.PROTECT, related_name="+")
    role = models.CharField(_("chức danh trong Hội đồng"), max_length=120, blank=True)
    present = models.BooleanField(_("có mặt"), default=True)

    class Meta:
        verbose_name = _("thành viên Hội đồng")
        verbose_name_plural = _("thành viên Hội đồng")
        constraints = [models.UniqueConstraint(fields=["meeting", "person"], name="councilmember_once")]

    def __str__(self):
        return f"{self.meeting_id}: {self.person_id}"


class PublicNotice(models.Model):
    """Nominees for state-level forms published to the units for comment before the meeting."""

    meeting = models.ForeignKey(CouncilMeeting, on_delete=models.CASCADE, related_name="notices")
    lines = models.ManyToManyField(ProposalLine, related_name="notices")
    opens_on = models.DateField(_("từ ngày"))
    closes_on = models.DateField(_("đến ngày"))

    class Meta:
        verbose_name = _("công khai danh sách đề nghị")
        verbose_name_plural = _("công khai danh sách đề nghị")

    def __str__(self):
        return f"{self.meeting_id}: {self.opens_on:%d/%m/%Y}–{self.closes_on:%d/%m/%Y}"


class NoticeComment(models.Model):
    notice = models.ForeignKey(PublicNotice, on_delete=models.CASCADE, related_name="comments")
    line = models.ForeignKey(ProposalLine, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    unit = models.ForeignKey(
        "organisation.Unit", verbose_name=_("đơn vị góp ý"), on_delete=models.PROTECT, related_name="+"
    )
    text = models.TextField(_("ý kiến"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("ý kiến góp ý")
        verbose_name_plural = _("ý kiến góp ý")
        ordering = ["created_at"]

    def __str__(self):
        return self.text[:60]


class Decision(models.Model):
    """A decision (quyết định khen thưởng). draft → issued (``issue_decision``: numbered, bonuses
    fixed from the base salary in force on its date, titles and awards written to the yearly
    records) → annulled (``annul_decision``). An issued decision is never edited. A decision of a
    higher level (the Prime Minister's Bằng khen, the President's orders) is recorded with
    ``external`` set, by its number, date and recipients."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Dự thảo")
        ISSUED = "issued", _("Đã ban hành")
        ANNULLED = "annulled", _("Đã huỷ bỏ")

    issuing_unit = models.ForeignKey(
        "organisation.Unit", verbose_name=_("cơ quan ban hành"), on_delete=models.PROTECT, related_name="decisions"
    )
    issuer_name = models.CharField(
        _("cơ quan ban hành (ghi trên văn bản)"),
        max_length=200,
        blank=True,
        help_text=_("Với quyết định cấp trên: Thủ tướng Chính phủ, Chủ tịch nước …"),
    )
    external = models.BooleanField(_("quyết định của cấp trên"), default=False)
    year = models.PositiveSmallIntegerField(_("năm thành tích"))
    kind = models.CharField(
        _("loại khen thưởng"), max_length=12, choices=CommendationKind.choices, default=CommendationKind.MERIT
    )
    number = models.PositiveIntegerField(_("số"), null=True, blank=True)
    symbol = models.CharField(_("ký hiệu"), max_length=40, help_text=_("Ví dụ QĐ-BCA, QĐ-CAT-PX03."))
    date = models.DateField(_("ngày ký"), null=True, blank=True)
    place = models.CharField(_("địa danh"), max_length=80, blank=True)
    subject = models.CharField(_("trích yếu"), max_length=300)
    legal_basis = models.TextField(_("căn cứ"), blank=True)
    achievement_text = models.CharField(_("thành tích ghi trên bằng"), max_length=300, blank=True)
    signer_name = models.CharField(_("người ký"), max_length=120, blank=True)
    signer_position = models.CharField(_("chức vụ người ký"), max_length=120, blank=True)
    signer_authority = models.CharField(_("quyền hạn ký"), max_length=60, blank=True, help_text=_("Ví dụ KT. GIÁM ĐỐC"))
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    meeting = models.ForeignKey(
        CouncilMeeting, null=True, blank=True, on_delete=models.SET_NULL, related_name="decisions"
    )
    base_salary = models.PositiveIntegerField(_("mức lương cơ sở áp dụng"), null=True, blank=True)
    issued_at = models.DateTimeField(null=True, blank=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("quyết định khen thưởng")
        verbose_name_plural = _("quyết định khen thưởng")
        ordering = ["-date", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["issuing_unit", "symbol", "number", "date"],
                name="decision_number_once",
                condition=models.Q(number__isnull=False),
            ),
        ]

    def __str__(self):
        return self.reference or self.subject

    @property
    def reference(self) -> str:
        """ "1234/QĐ-BCA ngày 10/12/2025"."""
        if not self.number or not self.date:
            return ""
        return f"{self.number:02d}/{self.symbol} ngày {self.date:%d/%m/%Y}"


class DecisionLine(models.Model):
    """One recipient of a decision: the title or form, the bonus (multiple × base salary, rounded
    up to 10,000 VND), and, once issued, the yearly record it wrote."""

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="lines")
    proposal_line = models.OneToOneField(
        ProposalLine, null=True, blank=True, on_delete=models.PROTECT, related_name="decision_line"
    )
    person = models.ForeignKey(
        "organisation.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="decision_lines"
    )
    unit = models.ForeignKey(
        "organisation.Unit", null=True, blank=True, on_delete=models.PROTECT, related_name="decision_lines"
    )
    title = models.ForeignKey(Title, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    award_form = models.ForeignKey(AwardForm, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    bonus_multiple = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    bonus_amount = models.PositiveIntegerField(_("tiền thưởng (đồng)"), null=True, blank=True)
    title_award = models.OneToOneField(
        TitleAward, null=True, blank=True, on_delete=models.SET_NULL, related_name="decision_line"
    )
    form_award = models.OneToOneField(
        "honours.FormAward", null=True, blank=True, on_delete=models.SET_NULL, related_name="decision_line"
    )
    register_number = models.CharField(_("số vào sổ"), max_length=40, blank=True)
    annulled = models.BooleanField(_("đã huỷ bỏ"), default=False)
    order = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("người, tập thể được khen thưởng")
        verbose_name_plural = _("danh sách khen thưởng")
        ordering = ["decision", "order", "pk"]
        constraints = [
            models.CheckConstraint(condition=ONE_HOLDER, name="decisionline_one_holder"),
            models.CheckConstraint(condition=_ONE_HONOUR, name="decisionline_one_honour"),
        ]

    def __str__(self):
        return f"{self.decision_id}: {self.person_id or self.unit_id}"


class Annulment(models.Model):
    """The annulment of a decision or of some of its lines (Law 2022 chapter VII):
    ``annul_decision``. The record stays; the awards leave every count and verdict."""

    class Ground(models.TextChoices):
        FRAUD = "fraud", _("Kê khai không trung thực thành tích")
        FORGED = "forged", _("Làm giả hồ sơ, giấy tờ")
        UNLAWFUL = "unlawful", _("Đề nghị, xét, quyết định khen thưởng trái pháp luật")
        NOT_MET = "not_met", _("Sau khi khen thưởng phát hiện không đủ tiêu chuẩn")

    decision = models.ForeignKey(Decision, on_delete=models.PROTECT, related_name="annulments")
    lines = models.ManyToManyField(DecisionLine, related_name="annulments")
    ground = models.CharField(_("căn cứ huỷ bỏ"), max_length=10, choices=Ground.choices)
    reason = models.TextField(_("lý do"))
    annulled_on = models.DateField(_("ngày huỷ bỏ"))
    annulling_reference = models.CharField(_("số, ký hiệu quyết định huỷ bỏ"), max_length=120)
    recovered_amount = models.PositiveIntegerField(_("tiền thưởng đã thu hồi (đồng)"), default=0)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("huỷ bỏ quyết định khen thưởng")
        verbose_name_plural = _("huỷ bỏ quyết định khen thưởng")
        ordering = ["-annulled_on"]

    def __str__(self):
        return self.annulling_reference


class CertificateTemplate(models.Model):
    """How a certificate is printed: on blank paper (the whole design) or on pre-printed stock
    (only the variable fields, at ``fields`` positions in mm, shifted by the printer offset)."""

    class Paper(models.TextChoices):
        A4_LANDSCAPE = "a4l", _("A4 ngang")
        A3_LANDSCAPE = "a3l", _("A3 ngang")

    name = models.CharField(_("tên mẫu"), max_length=120)
    title = models.ForeignKey(Title, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    award_form = models.ForeignKey(AwardForm, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    paper = models.CharField(_("khổ giấy"), max_length=4, choices=Paper.choices, default=Paper.A4_LANDSCAPE)
    preprinted = models.BooleanField(_("in trên phôi in sẵn"), default=False)
    fields = models.JSONField(_("vị trí các trường (mm)"), default=dict, blank=True)
    offset_x_mm = models.DecimalField(_("lệch ngang (mm)"), max_digits=5, decimal_places=1, default=0)
    offset_y_mm = models.DecimalField(_("lệch dọc (mm)"), max_digits=5, decimal_places=1, default=0)
    authority = models.CharField(
        _("cấp tặng ghi trên bằng"), max_length=200, blank=True, help_text=_("Ví dụ: BỘ TRƯỞNG BỘ CÔNG AN")
    )

    class Meta:
        verbose_name = _("mẫu in bằng, giấy khen")
        verbose_name_plural = _("mẫu in bằng, giấy khen")
        constraints = [models.CheckConstraint(condition=_ONE_HONOUR, name="certtemplate_one_honour")]

    def __str__(self):
        return self.name


__all__ = [
    "BaseSalary",
    "Proposal",
    "ProposalLine",
    "DossierFile",
    "AchievementReport",
    "Quota",
    "CouncilMeeting",
    "CouncilMember",
    "PublicNotice",
    "NoticeComment",
    "Decision",
    "DecisionLine",
    "Annulment",
    "CertificateTemplate",
]
