from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Job(models.Model):
    """One piece of long work (an import, a dossier, a certificate batch …) run by a worker, as its starter
    follows it: who started it, its progress, its result or its error.

    Every status change has one function in ``jobs.services``: ``enqueue`` (queued), ``run_job`` (running, then
    ``finish`` / ``fail``), ``recover_abandoned`` (a job whose worker died: failed, or queued again once when its
    function is ``retry_safe``). ``function`` and ``args`` say what runs (a function registered with
    ``jobs.services.job_function``); ``task_id`` is the tasks framework's result id of the current attempt.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("Đang chờ")
        RUNNING = "running", _("Đang chạy")
        SUCCEEDED = "succeeded", _("Hoàn thành")
        FAILED = "failed", _("Thất bại")

    kind = models.CharField(_("loại công việc"), max_length=64)
    label = models.CharField(_("tên công việc"), max_length=255)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người bắt đầu"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="jobs",
    )
    created_at = models.DateTimeField(_("thời điểm tạo"), auto_now_add=True)
    started_at = models.DateTimeField(_("bắt đầu chạy"), null=True, blank=True)
    finished_at = models.DateTimeField(_("kết thúc"), null=True, blank=True)
    status = models.CharField(_("trạng thái"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    progress_done = models.PositiveIntegerField(_("đã xong"), default=0)
    progress_total = models.PositiveIntegerField(_("tổng số"), default=0)
    message = models.CharField(_("thông báo"), max_length=255, blank=True)
    result = models.JSONField(_("kết quả"), null=True, blank=True)
    error = models.TextField(_("lỗi"), blank=True)
    function = models.CharField(_("hàm xử lý"), max_length=255)
    args = models.JSONField(_("tham số"), default=dict, blank=True)
    retry_safe = models.BooleanField(_("chạy lại được"), default=False)
    task_id = models.CharField(_("mã tác vụ"), max_length=64, blank=True)
    attempts = models.PositiveSmallIntegerField(_("số lần chạy"), default=0)
    worker = models.CharField(_("tiến trình xử lý"), max_length=128, blank=True)
    heartbeat_at = models.DateTimeField(_("tín hiệu sống gần nhất"), null=True, blank=True)

    class Meta:
        verbose_name = _("công việc")
        verbose_name_plural = _("công việc")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["started_by", "-created_at"], name="job_user_idx"),
            models.Index(fields=["status"], name="job_status_idx"),
        ]

    def __str__(self):
        return self.label

    @property
    def in_progress(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.RUNNING)

    @property
    def percent(self) -> int:
        if self.status == self.Status.SUCCEEDED:
            return 100
        if not self.progress_total:
            return 0
        return min(100, self.progress_done * 100 // self.progress_total)

    @property
    def link(self) -> str:
        """Where the result is (a page or a download of this site), when the job's function said so
        (``result["url"]``, a path)."""
        url = self.result.get("url", "") if isinstance(self.result, dict) else ""
        return url if isinstance(url, str) and url.startswith("/") and not url.startswith("//") else ""

    @property
    def summary(self) -> str:
        return str(self.result.get("summary", "")) if isinstance(self.result, dict) else ""
