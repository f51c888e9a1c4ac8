from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "audit"
    verbose_name = _("Nhật ký thay đổi")

    def ready(self):
        # After django.contrib.admin (earlier in INSTALLED_APPS) has imported every app's admin module.
        from audit.admin import audit_every_admin

        audit_every_admin()
