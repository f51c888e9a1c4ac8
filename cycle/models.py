"""One year of an emulation block: movements, blocks and their members, leader and deputy,
registration, pledges, report outlines and reports, conferences, notifications.

Every status change has one function in ``cycle.services``; its name is in each model's docstring.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from honours.models import Title
from organisation.models import Person, Unit


class Movement(models.Model):
    """A movement (phong trào thi đua): the yearly "Vì an ninh Tổ quốc" or a thematic campaign.

    Written by ``services.create_movement`` / ``update_movement``.
    """

    class Kind(models.TextChoices):
        REGULAR = "regular", _("Thường xuyên (hằng năm)")
        THEMATIC = "thematic", _("Chuyên đề, theo đợt")

    name = models.CharField(_("tên phong trào"), max_length=255)
    kind = models.CharField(_("loại"), max_length=10, choices=Kind.choices, default=Kind.REGULAR)
    year = models.PositiveSmallIntegerField(_("năm"), db_index=True)
    start_date = models.DateField(_("ngày bắt đầu"))
    end_date = models.DateField(_("ngày kết thúc"))
    theme = models.CharField(_("chủ đề"), max_length=500, blank=True)
    slogan = models.CharField(_("khẩu hiệu hành động"), max_length=500, blank=True)
    launched_by = models.ForeignKey(
        Unit, verbose_name=_("đơn vị phát động"), on_delete=models.PROTECT, related_name="launched_movements"
    )
    covers = models.ManyToManyField(Unit, verbose_name=_("phạm vi (đơn vị và cấp dưới)"), related_name="+")
    description = models.TextField(_("nội dung"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("phong trào thi đua")
        verbose_name_plural = _("phong trào thi đua")
        ordering = ["-year", "name"]
        constraints = [models.CheckConstraint(condition=Q(end_date__gte=F("start_date")), name="movement_period")]

    def __str__(self):
        return f"{self.name} {self.year}" if self.kind == self.Kind.REGULAR else self.name


class Block(models.Model):
    """A block or cluster (khối / cụm thi đua) for one year, its members, leader and deputy.

    Leader and deputy: ``services.assign_block_leaders`` (by the council) or the vote (voting
    issue). Next year: ``services.copy_block_to_next_year``.
    """

    class Kind(models.TextChoices):
        BLOCK = "block", _("Khối thi đua")
        CLUSTER = "cluster", _("Cụm thi đua")

    year = models.PositiveSmallIntegerField(_("năm"), db_index=True)
    kind = models.CharField(_("loại"), max_length=10, choices=Kind.choices, default=Kind.BLOCK)
    name = models.CharField(_("tên khối, cụm"), max_length=255)
    number = models.PositiveSmallIntegerField(_("số"), null=True, blank=True)
    movement = models.ForeignKey(
        Movement, verbose_name=_("phong trào"), null=True, blank=True, on_delete=models.SET_NULL, related_name="blocks"
    )
    managed_by = models.ForeignKey(
        Unit, verbose_name=_("cơ quan quản lý (Hội đồng TĐKT)"), on_delete=models.PROTECT, related_name="managed_blocks"
    )
    previous = models.OneToOneField(
        "self", verbose_name=_("khối năm trước"), null=True, blank=True, on_delete=models.SET_NULL, related_name="next"
    )
    members = models.ManyToManyField(Unit, through="BlockMember", related_name="blocks")
    leader = models.ForeignKey(
        Unit, verbose_name=_("khối trưởng"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    deputy = models.ForeignKey(
        Unit, verbose_name=_("khối phó"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    leaders_basis = models.CharField(_("căn cứ chọn khối trưởng, khối phó"), max_length=255, blank=True)
    leaders_set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    leaders_set_at = models.DateTimeField(null=True, blank=True)
    registration_deadline = models.DateField(_("hạn đăng ký thi đua"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("khối, cụm thi đua")
        verbose_name_plural = _("khối, cụm thi đua")
        ordering = ["-year", "managed_by_id", "number", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(leader__isnull=True) | ~Q(leader=F("deputy")), name="block_leader_is_not_deputy"
            ),
            models.UniqueConstraint(fields=["managed_by", "year", "name"], name="block_name_once_a_year"),
        ]

    def __str__(self):
        return f"{self.name} – {self.year}"


class BlockMember(models.Model):
    block = models.ForeignKey(Block, on_delete=models.CASCADE, related_name="memberships")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="block_memberships")
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)

    class Meta:
        verbose_name = _("đơn vị thành viên")
        verbose_name_plural = _("đơn vị thành viên")
        ordering = ["block", "order", "unit__code"]
        constraints = [models.UniqueConstraint(fields=["block", "unit"], name="block_member_once")]
        indexes = [models.Index(fields=["unit", "block"], name="blockmember_unit_idx")]

    def __str__(self):
        return f"{self.unit_id} ∈ {self.block_id}"


# Registration ---------------------------------------------------------------------------


class Registration(models.Model):
    """A member unit's registration (đăng ký thi đua) for a block-year: collective titles,
    targets, and its officers' individual titles. Draft → confirmed by the unit commander
    (``services.confirm_registration``); edits after the deadline are refused."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Đang soạn")
        CONFIRMED = "confirmed", _("Thủ trưởng đã xác nhận")

    block = models.ForeignKey(Block, on_delete=models.CASCADE, related_name="registrations")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="registrations")
    titles = models.ManyToManyField(Title, verbose_name=_("danh hiệu tập thể đăng ký"), blank=True, related_name="+")
    status = models.CharField(_("trạng thái"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    confirmed_at = models.DateTimeField(null=True, blank=True)
    # The year-end results of the targets, confirmed by the block's runners
    # (``services.registration.confirm_target_results``); any later change of a result clears it.
    results_confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    results_confirmed_at = models.DateTimeField(_("khối xác nhận kết quả lúc"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("đăng ký thi đua")
        verbose_name_plural = _("đăng ký thi đua")
        constraints = [models.UniqueConstraint(fields=["block", "unit"], name="registration_once")]

    def __str__(self):
        return f"{self.unit.code} – {self.block}"


class TargetResult(models.TextChoices):
    """The year-end result of a registered target; blank while the unit has not recorded it."""

    NOT_MET = "not_met", _("Chưa đạt")
    MET = "met", pgettext_lazy("chỉ tiêu", "Đạt")
    EXCEEDED = "exceeded", _("Vượt")


class RegistrationTarget(models.Model):
    """A registered target (chỉ tiêu) and its year-end result, recorded by the unit
    (``services.registration.record_target_results``); changing the target's text, value or measure
    clears its result."""

    registration = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="targets")
    order = models.PositiveSmallIntegerField(default=0)
    text = models.CharField(_("chỉ tiêu"), max_length=500)
    value = models.DecimalField(_("giá trị"), max_digits=12, decimal_places=2, null=True, blank=True)
    measure = models.CharField(_("đơn vị tính"), max_length=40, blank=True)
    result = models.CharField(_("kết quả"), max_length=10, choices=TargetResult.choices, blank=True)
    achieved_value = models.DecimalField(_("giá trị đạt được"), max_digits=12, decimal_places=2, null=True, blank=True)
    result_at = models.DateTimeField(_("ghi kết quả lúc"), null=True, blank=True)

    class Meta:
        ordering = ["registration", "order", "id"]

    def __str__(self):
        return self.text

    @property
    def achieved(self) -> bool | None:
        """Met or exceeded (True), not met (False), not recorded yet (None)."""
        if not self.result:
            return None
        return self.result != TargetResult.NOT_MET


class PersonRegistration(models.Model):
    registration = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="people")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="registrations")
    title = models.ForeignKey(Title, verbose_name=_("danh hiệu đăng ký"), on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["registration", "person__name_folded"]
        constraints = [models.UniqueConstraint(fields=["registration", "person"], name="person_registration_once")]

    def __str__(self):
        return f"{self.person_id}: {self.title_id}"


# Pledge ---------------------------------------------------------------------------------


class Pledge(models.Model):
    """A pledge (giao ước thi đua), versioned. Draft → adopted at a conference
    (``services.adopt_pledge``) → signed by each member (``services.sign_pledge``) → locked when
    the last member signs. A change after locking: ``services.revise_pledge`` makes a new version."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Dự thảo")
        ADOPTED = "adopted", _("Đã thông qua, đang ký")
        LOCKED = "locked", _("Đã ký đủ, khoá")
        SUPERSEDED = "superseded", _("Đã thay bằng bản mới")

    block = models.ForeignKey(Block, on_delete=models.CASCADE, related_name="pledges")
    version = models.PositiveSmallIntegerField(_("phiên bản"), default=1)
    title = models.CharField(_("tiêu đề"), max_length=255)
    preamble = models.TextField(_("lời mở đầu"), blank=True)
    status = models.CharField(_("trạng thái"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    adopted_at = models.ForeignKey(
        "Conference",
        verbose_name=_("thông qua tại hội nghị"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    place = models.CharField(_("địa danh"), max_length=100, blank=True)
    signing_date = models.DateField(_("ngày ký"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("giao ước thi đua")
        verbose_name_plural = _("giao ước thi đua")
        ordering = ["block", "-version"]
        constraints = [models.UniqueConstraint(fields=["block", "version"], name="pledge_version_once")]

    def __str__(self):
        return f"{self.title} (v{self.version})"

    @property
    def editable(self) -> bool:
        return self.status == self.Status.DRAFT


class PledgeClause(models.Model):
    pledge = models.ForeignKey(Pledge, on_delete=models.CASCADE, related_name="clauses")
    order = models.PositiveSmallIntegerField(_("thứ tự"))
    text = models.TextField(_("nội dung"))

    class Meta:
        ordering = ["pledge", "order"]
        constraints = [models.UniqueConstraint(fields=["pledge", "order"], name="clause_order_once")]

    def __str__(self):
        return f"{self.order}. {self.text[:60]}"


class PledgeSignature(models.Model):
    """One member unit's signature of one pledge version."""

    pledge = models.ForeignKey(Pledge, on_delete=models.CASCADE, related_name="signatures")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    signer_name = models.CharField(_("người ký"), max_length=120)
    signer_position = models.CharField(_("chức vụ"), max_length=120)
    signed_on = models.DateField(_("ngày ký"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["pledge", "unit"], name="pledge_signed_once")]

    def __str__(self):
        return f"{self.unit_id} – {self.signer_name}"


# Reports ----------------------------------------------------------------------------------


class ReportKind(models.TextChoices):
    MID_YEAR = "mid_year", _("Sơ kết 6 tháng")
    NINE_MONTHS = "nine_months", _("Báo cáo 9 tháng")
    YEAR_END = "year_end", _("Tổng kết năm")


class OutlineSection(models.Model):
    """One section of the block's report outline (đề cương báo cáo), with guidance."""

    block = models.ForeignKey(Block, on_delete=models.CASCADE, related_name="outline")
    order = models.PositiveSmallIntegerField(_("thứ tự"))
    heading = models.CharField(_("đề mục"), max_length=255)
    guidance = models.TextField(_("hướng dẫn"), blank=True)

    class Meta:
        ordering = ["block", "order"]

    def __str__(self):
        return f"{self.order}. {self.heading}"


class ReportDeadline(models.Model):
    block = models.ForeignKey(Block, on_delete=models.CASCADE, related_name="report_deadlines")
    kind = models.CharField(_("kỳ báo cáo"), max_length=12, choices=ReportKind.choices)
    deadline = models.DateField(_("hạn nộp"))

    class Meta:
        ordering = ["block", "deadline"]
        constraints = [models.UniqueConstraint(fields=["block", "kind"], name="report_deadline_once")]

    def __str__(self):
        return f"{self.kind} {self.deadline:%d/%m/%Y}"


class Report(models.Model):
    """A member's report for one period. Draft → submitted (``services.submit_report``) →
    returned with a reason (``services.return_report``) → resubmitted … → accepted
    (``services.accept_report``). Every submission and return is kept in ReportEvent."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Đang soạn")
        SUBMITTED = "submitted", _("Đã nộp")
        RETURNED = "returned", _("Bị trả lại")
        ACCEPTED = "accepted", _("Đã tiếp nhận")

    block = models.ForeignKey(Block, on_delete=models.CASCADE, related_name="reports")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("kỳ báo cáo"), max_length=12, choices=ReportKind.choices)
    status = models.CharField(_("trạng thái"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    submitted_at = models.DateTimeField(_("nộp lúc"), null=True, blank=True)
    returned_reason = models.TextField(_("lý do trả lại"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("báo cáo")
        verbose_name_plural = _("báo cáo")
        constraints = [models.UniqueConstraint(fields=["block", "unit", "kind"], name="report_once")]

    def __str__(self):
        return f"{self.get_kind_display()} – {self.unit_id}"


class ReportSectionText(models.Model):
    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="sections")
    section = models.ForeignKey(OutlineSection, on_delete=models.CASCADE, related_name="+")
    text = models.TextField(blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["report", "section"], name="report_section_once")]

    def __str__(self):
        return f"{self.report_id}/{self.section_id}"


def attachment_path(instance, filename):
    # The stored name is random: the user's file name is kept only as data, never as a path.
    import uuid

    return f"reports/{instance.report.block.year}/{uuid.uuid4().hex}"


class ReportAttachment(models.Model):
    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to=attachment_path)
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return self.original_name


class ReportEvent(models.Model):
    """The report's history: each submission (with a copy of its text) and each return."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(max_length=10, choices=Report.Status.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(auto_now_add=True)
    reason = models.TextField(blank=True)
    snapshot = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["report", "at", "id"]

    def __str__(self):
        return f"{self.report_id} {self.action}"


# Conferences ----------------------------------------------------------------------------


class Conference(models.Model):
    """A conference (hội nghị) of a block: launch, pledge signing, mid-year or year-end review."""

    class Kind(models.TextChoices):
        LAUNCH = "launch", _("Phát động thi đua")
        PLEDGE = "pledge", _("Ký kết giao ước thi đua")
        MID_YEAR = "mid_year", _("Sơ kết 6 tháng")
        YEAR_END = "year_end", _("Tổng kết năm")

    block = models.ForeignKey(Block, on_delete=models.CASCADE, related_name="conferences")
    kind = models.CharField(_("loại hội nghị"), max_length=10, choices=Kind.choices)
    date = models.DateField(_("ngày"))
    place = models.CharField(_("địa điểm"), max_length=255)
    chair_name = models.CharField(_("người chủ trì"), max_length=120, blank=True)
    chair_position = models.CharField(_("chức vụ người chủ trì"), max_length=255, blank=True)
    notes = models.TextField(_("ghi chú"), blank=True)

    class Meta:
        verbose_name = _("hội nghị")
        verbose_name_plural = _("hội nghị")
        ordering = ["block", "date"]

    def __str__(self):
        return f"{self.get_kind_display()} {self.date:%d/%m/%Y}"


class Attendance(models.Model):
    conference = models.ForeignKey(Conference, on_delete=models.CASCADE, related_name="attendance")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    representative = models.CharField(_("người dự"), max_length=120, blank=True)
    position = models.CharField(_("chức vụ"), max_length=120, blank=True)
    present = models.BooleanField(_("có mặt"), default=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["conference", "unit"], name="attendance_once")]

    def __str__(self):
        return f"{self.unit_id} @ {self.conference_id}"


# Notifications ---------------------------------------------------------------------------


class Notification(models.Model):
    """A message to a user, kept as a row so that an e-mail or SMS channel can send it later
    (``sent_email_at`` / ``sent_sms_at`` stay empty until such a channel exists)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    text = models.CharField(max_length=500)
    url = models.CharField(max_length=255, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)
    sent_email_at = models.DateTimeField(null=True, blank=True)
    sent_sms_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["user", "read_at"], name="notification_unread_idx")]

    def __str__(self):
        return self.text[:80]
