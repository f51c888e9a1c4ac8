"""The second factor in the admin (issue 17): an administrator resets a user's second factor (the user admin's
action, audited by ``services.two_factor.reset_second_factor``). django-otp's own device admins are taken off the
site: they show a device's key as text and as a QR code, and would write the key and the backup codes into the
audit log on a save. Imported by ``organisation.admin``."""

from django.contrib import admin, messages
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from audit.admin import audited_action
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
