"""The Emulation and Commendation Council: its meetings, members, and the public notice of nominees
with the units' comments."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from commendation.models.proposals import ProposalLine


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
