"""Decisions (quyết định khen thưởng): the decision, its recipients and bonuses, the base salary the
bonuses are computed from, and annulment."""

from dataclasses import dataclass

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from commendation.models.constraints import ONE_HONOUR
from commendation.models.council import CouncilMeeting
from commendation.models.proposals import ProposalLine
from honours.models import ONE_HOLDER, AwardForm, CommendationKind, Title, TitleAward
from organisation.models import Rank

RANK_LABELS = dict(
    Rank.choices
)  # code -> lazy label, read at once (a model's get_<field>_display hashes its choices each call)


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


class Decision(models.Model):
    """A decision (quyết định khen thưởng). draft → issued (``issue_decision``: numbered, bonuses
    fixed from the base salary in force on its date, titles and awards written to the yearly
    records) → annulled (``annul_decision``). An issued decision is never edited. A decision of a
    higher level (the Minister's or the Prime Minister's Bằng khen, the President's orders) is
    recorded with ``external`` set (``record_external_decision``): its issuer, number, date, signer,
    recipients and, when uploaded, its ``DecisionScan`` are shown as recorded; no document of ours
    is ever generated in the issuer's name. An issued decision is published on the body's public
    page (công khai) from ``published_at`` (``publish_decision``); an annulled one stays listed, marked."""

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
    published_at = models.DateTimeField(_("công khai từ"), null=True, blank=True)

    class Meta:
        verbose_name = _("quyết định khen thưởng")
        verbose_name_plural = _("quyết định khen thưởng")
        ordering = ["-date", "-number"]
        # A decision found by its number wherever it was recorded (the history import's grouping, a recorded
        # decision's duplicate check): without it each lookup of a thousand numbers scans every decision.
        indexes = [models.Index(fields=["number", "date"], name="decision_number_date")]
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


@dataclass(frozen=True)
class Holder:
    """Who a decision line names, as printed: the name, the rank's label, the position, the unit
    (name, code, and the superior a room or a commune police is named with on a certificate)."""

    name: str
    rank: str = ""
    position: str = ""
    unit_name: str = ""
    unit_code: str = ""
    unit_superior: str = ""
    person: bool = True

    @property
    def unit_line(self) -> str:
        """ "Phòng Hậu cần, Công an tỉnh Quảng Bình": the unit with the superior it is named with."""
        return ", ".join(x for x in (self.unit_name, self.unit_superior) if x)

    @classmethod
    def of_unit(cls, unit, **more) -> "Holder":
        """The recipient named ``more["name"]`` (else the unit's name) in ``unit`` (``parent`` loaded)."""
        if unit is None:
            return cls(**{"name": ""} | more)
        parent = unit.parent if unit.parent_id else None
        # A room or a commune police names its province; a province names nothing above it.
        superior = parent.name if parent is not None and parent.parent_id is not None else ""
        unit_fields = {"name": unit.name, "unit_name": unit.name, "unit_code": unit.code, "unit_superior": superior}
        return cls(**unit_fields | more)

    @classmethod
    def live(cls, person, unit) -> "Holder":
        """Today's name, rank, position and unit of a person (with ``unit__parent`` loaded) or a unit."""
        if person is not None:
            rank = str(RANK_LABELS.get(person.rank, person.rank)) if person.rank else ""  # not get_rank_display: slow
            return cls.of_unit(person.unit, name=person.full_name, rank=rank, position=person.position)
        return cls.of_unit(unit, person=False)


class DecisionLine(models.Model):
    """One recipient of a decision: the title or form, the bonus (multiple × base salary, rounded
    up to 10,000 VND), and, once issued, the yearly record it wrote.

    **Issued means frozen**: ``issue_decision`` (and the recorded decisions of the history import)
    snapshot the recipient's name, rank, position and unit in the ``recipient_*`` fields, and the
    documents and certificates of an issued decision print them (``holder``); a draft's line
    reads today's data."""

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
    # The recipient as on the day of issue (blank on a draft).
    recipient_name = models.CharField(_("họ tên, tên tập thể khi ban hành"), max_length=255, blank=True)
    recipient_rank = models.CharField(_("cấp bậc khi ban hành"), max_length=40, blank=True)
    recipient_position = models.CharField(_("chức vụ khi ban hành"), max_length=120, blank=True)
    recipient_unit_name = models.CharField(_("đơn vị khi ban hành"), max_length=255, blank=True)
    recipient_unit_code = models.CharField(_("mã đơn vị khi ban hành"), max_length=20, blank=True)
    recipient_unit_superior = models.CharField(_("đơn vị cấp trên khi ban hành"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("người, tập thể được khen thưởng")
        verbose_name_plural = _("danh sách khen thưởng")
        ordering = ["decision", "order", "pk"]
        constraints = [
            models.CheckConstraint(condition=ONE_HOLDER, name="decisionline_one_holder"),
            models.CheckConstraint(condition=ONE_HONOUR, name="decisionline_one_honour"),
        ]

    def __str__(self):
        return f"{self.decision_id}: {self.person_id or self.unit_id}"

    @property
    def frozen(self) -> bool:
        return bool(self.recipient_name)

    @property
    def holder(self) -> Holder:
        """The snapshot taken at issue, else (a draft) today's data of the person or unit."""
        if self.frozen:
            return Holder(
                name=self.recipient_name,
                rank=self.recipient_rank,
                position=self.recipient_position,
                unit_name=self.recipient_unit_name,
                unit_code=self.recipient_unit_code,
                unit_superior=self.recipient_unit_superior,
                person=self.person_id is not None,
            )
        return Holder.live(self.person if self.person_id else None, self.unit if self.unit_id else None)

    def freeze(self, holder: Holder) -> None:
        """Copy ``holder`` into the snapshot fields (saved by the caller, in bulk)."""
        for name in RECIPIENT_FIELDS:
            setattr(self, f"recipient_{name}", getattr(holder, name))


RECIPIENT_FIELDS = ("name", "rank", "position", "unit_name", "unit_code", "unit_superior")
SNAPSHOT_FIELDS = [f"recipient_{name}" for name in RECIPIENT_FIELDS]


class DecisionScan(models.Model):
    """The signed scan (PDF) of a higher level's decision recorded by number:
    ``attach_decision_scan``; a new upload replaces the old one."""

    decision = models.OneToOneField(Decision, on_delete=models.CASCADE, related_name="scan")
    file = models.FileField(_("bản chụp quyết định"), upload_to="decisions/%Y/")
    original_name = models.CharField(max_length=255)
    size = models.PositiveIntegerField(default=0)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("bản chụp quyết định")
        verbose_name_plural = _("bản chụp quyết định")

    def __str__(self):
        return self.original_name


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
