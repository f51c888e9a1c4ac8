"""The second factor of a sign-in (issue 17): one TOTP device per user (an authenticator app) and ten one-time
backup codes (django-otp's static device). Each write in one transaction with its audit row, recorded on the
user ("Lịch sử thay đổi" of the login) and never with a secret: not the key, not a code.

A user starts (``start_enrolment``: an unconfirmed device whose key the page shows once as a QR code), confirms
with a first code (``confirm_device``: the backup codes are made then and shown once), and removes it with their
password (``remove_second_factor``). An administrator resets it (``reset_second_factor``, the admin's action).
"""

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from audit import services as audit
from audit.models import AuditEvent
from organisation.services import FieldRefused, OrganisationError

BACKUP_CODES = 10
DEVICE_NAME = gettext_lazy("Ứng dụng xác thực")
BACKUP_NAME = gettext_lazy("Mã dự phòng")
WRONG_CODE = gettext_lazy("Mã xác thực không đúng hoặc đã dùng. Xin nhập mã mới trong ứng dụng.")
WRONG_PASSWORD = gettext_lazy("Mật khẩu không đúng. Xin nhập lại.")
# The audit log's field for the second factor: off → pending (enrolment started) → on.
FIELD = "second_factor"


def confirmed_device(user) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()


def pending_device(user) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-pk").first()


def backup_codes_left(user) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


@transaction.atomic
def start_enrolment(user) -> TOTPDevice:
    """A new unconfirmed device (a fresh key) in place of any earlier unconfirmed one. Refused
    (``OrganisationError``) when the user already has a confirmed one: remove it first."""
    if confirmed_device(user) is not None:
        raise OrganisationError(_("Bạn đã bật xác thực hai lớp. Hãy tắt nó trước khi thiết lập lại."))
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    device = TOTPDevice.objects.create(user=user, name=str(DEVICE_NAME), confirmed=False)
    audit.record(
        user, AuditEvent.Action.UPDATE, user, {FIELD: ["off", "pending"]}, note=_("Thiết lập xác thực hai lớp")
    )
    return device


def _new_backup_codes(user) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=str(BACKUP_NAME), confirmed=True)
    codes = []
    while len(codes) < BACKUP_CODES:
        code = StaticToken.random_token()
        if code not in codes:
            codes.append(code)
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    return codes


@transaction.atomic
def confirm_device(device: TOTPDevice, code: str) -> list[str]:
    """The first code from the app proves the key was copied: the device is confirmed and ten backup codes
    are made, returned here only (the caller shows them once). Refused (``FieldRefused`` on ``otp_token``):
    a wrong code, or a device confirmed already."""
    device = TOTPDevice.objects.select_for_update().get(pk=device.pk)
    if device.confirmed or not device.verify_token(code.strip()):
        raise FieldRefused("otp_token", str(WRONG_CODE))
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    codes = _new_backup_codes(device.user)
    audit.record(
        device.user,
        AuditEvent.Action.UPDATE,
        device.user,
        {FIELD: ["pending", "on"], "backup_codes": [0, BACKUP_CODES]},
        note=_("Bật xác thực hai lớp"),
    )
    return codes


@transaction.atomic
def renew_backup_codes(user, *, password: str) -> list[str]:
    """Ten new backup codes in place of the old ones (all of them, used or not), after the password."""
    if not user.check_password(password):
        raise FieldRefused("password", str(WRONG_PASSWORD))
    if confirmed_device(user) is None:
        raise OrganisationError(_("Bạn chưa bật xác thực hai lớp."))
    left = backup_codes_left(user)
    codes = _new_backup_codes(user)
    audit.record(
        user, AuditEvent.Action.UPDATE, user, {"backup_codes": [left, BACKUP_CODES]}, note=_("Tạo mã dự phòng mới")
    )
    return codes


def _delete_devices(user) -> bool:
    had = TOTPDevice.objects.filter(user=user).exists() or StaticDevice.objects.filter(user=user).exists()
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    return had


@transaction.atomic
def remove_second_factor(user, *, password: str) -> None:
    """The user turns the second factor off (their password first): the app's key and the backup codes go."""
    if not user.check_password(password):
        raise FieldRefused("password", str(WRONG_PASSWORD))
    on = confirmed_device(user) is not None
    if _delete_devices(user):
        audit.record(
            user,
            AuditEvent.Action.UPDATE,
            user,
            {FIELD: ["on" if on else "pending", "off"]},
            note=_("Tắt xác thực hai lớp"),
        )


@transaction.atomic
def reset_second_factor(user, *, by) -> bool:
    """An administrator takes a user's second factor away (a lost phone): next sign-in is the password alone,
    or straight to enrolment where the user's role requires it. Returns whether there was anything to reset."""
    on = confirmed_device(user) is not None
    if not _delete_devices(user):
        return False
    audit.record(
        by,
        AuditEvent.Action.UPDATE,
        user,
        {FIELD: ["on" if on else "pending", "off"]},
        note=_("Quản trị viên đặt lại xác thực hai lớp"),
    )
    return True
