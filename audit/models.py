from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from audit.display import ChangeLine, attach_names, change_lines


class AuditEventQuerySet(models.QuerySet):
    """Events fetched as a list (a history tab, the audit log page) come with the objects their foreign
    keys name, looked up for the whole list at once (``audit.display.attach_names``): no query per row."""

    def _fetch_all(self):
        fresh = self._result_cache is None
        super()._fetch_all()
        if fresh and self._result_cache and isinstance(self._result_cache[0], AuditEvent):
            attach_names(self._result_cache)


class AuditEvent(models.Model):
    """One write: who, when, what object, which fields changed (old → new).

    Written only by ``audit.services.record`` / ``record_many``. Never written for ballots:
    the voting module keeps ballots out of the audit log by construction.
    """

    class Action(models.TextChoices):
        CREATE = "create", _("Tạo mới")
        UPDATE = "update", _("Cập nhật")
        DELETE = "delete", _("Xoá")
        IMPORT = "import", _("Nhập từ Excel")
        TRANSFER = "transfer", _("Điều động")
        LOGIN_TOKEN = "token", _("Cấp khoá API")

    at = models.DateTimeField(_("thời điểm"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người thực hiện"), null=True, blank=True, on_delete=models.SET_NULL
    )
    action = models.CharField(_("thao tác"), max_length=16, choices=Action.choices)
    object_type = models.CharField(_("loại đối tượng"), max_length=64)
    object_id = models.CharField(_("mã đối tượng"), max_length=64)
    object_repr = models.CharField(_("đối tượng"), max_length=255)
    changes = models.JSONField(_("thay đổi"), default=dict, blank=True)
    note = models.CharField(_("ghi chú"), max_length=255, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("sự kiện nhật ký")
        verbose_name_plural = _("nhật ký thay đổi")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id", "-at"], name="audit_object_idx")]

    def __str__(self):
        return f"{self.at:%d/%m/%Y %H:%M} {self.get_action_display()} {self.object_repr}"

    @property
    def change_lines(self) -> list[ChangeLine]:
        """The changes as the history tab shows them (``audit.display``)."""
        return change_lines(self)
