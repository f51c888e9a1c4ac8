"""The second factor in the admin (issue 17): an administrator resets a user's second factor (the user admin's
action, audited by ``services.two_factor.reset_second_factor``); the devices are listed read-only (or deleted), never
with their key or codes. django-otp's own device admins (which show a key and its QR code, and would write the key
into the audit log on a save) are replaced. Imported by ``organisation.admin``."""

from django.contrib import admin, messages
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from audit.admin import AuditedModelAdmin, audited_action
from organisation.services import two_factor

# Never in the audit log, even as the cascade of a deleted user: a TOTP key, a backup code.
SECRET_FIELDS = ("key", "token")


@admin.action(description=gettext_lazy("Đặt lại xác thực hai lớp (mất điện thoại)"), permissions=["change"])
@audited_action
def reset_second_factor(modeladmin, request, queryset):
    reset = [user for user in queryset if two_factor.reset_second_factor(user, by=request.user)]
    if reset:
        names = ", ".join(user.get_username() for user in reset)
        modeladmin.message_user(
            request, _("Đã đặt lại xác thực hai lớp của: %(names)s.") % {"names": names}, messages.SUCCESS
        )
    else:
        modeladmin.message_user(request, _("Không ai trong số đã chọn bật xác thực hai lớp."), messages.WARNING)


for model in (TOTPDevice, StaticDevice):
    if admin.site.is_registered(model):
        admin.site.unregister(model)


class DeviceAdmin(AuditedModelAdmin):
    """Shown, deleted (a user's deletion takes their devices along), never added or changed here."""

    list_display = ["user", "name", "confirmed", "created_at", "last_used_at"]
    list_filter = ["confirmed"]
    search_fields = ["user__username"]
    list_select_related = ["user"]
    fields = ["user", "name", "confirmed", "created_at", "last_used_at"]
    readonly_fields = fields
    audit_secret_fields = AuditedModelAdmin.audit_secret_fields + SECRET_FIELDS

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


admin.site.register(TOTPDevice, DeviceAdmin)
admin.site.register(StaticDevice, DeviceAdmin)
