"""The second factor at sign-in (django-otp; the writes are in ``organisation.services.two_factor``).

The password signs a browser in as Django always did; a user with a confirmed device is then *unverified*
(django-otp's ``request.user.is_verified()``) until they give a code on the code page (``login_code``), which
marks the session verified (``django_otp.login``). ``SecondFactorMiddleware`` stands between every other URL and
such a session: the pages, the admin and the API with the session all send it to the code page (the API
answers a JSON 401), whatever URL it asks for. Where ``OTP_REQUIRED_ROLES`` names one of the user's roles and
they have no device yet, the same middleware sends them to set one up first.

Throttling is django-axes' (``organisation.login_guard``): a wrong code is a failed sign-in of that username
from that address (``user_login_failed``), so wrong passwords and wrong codes add up to one lock; the count
clears only when the whole sign-in succeeds (``AXES_RESET_ON_SUCCESS`` is off, ``clear_failures`` does it).
"""

from axes.handlers.proxy import AxesProxyHandler
from django.conf import settings
from django.contrib.auth.signals import user_login_failed
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import Resolver404, resolve, reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from organisation import permissions
from organisation.models import Role

# URL names an unverified session may open: the code page itself, signing out, the language switch.
WHILE_UNVERIFIED = frozenset({"login_code", "logout", "admin:logout", "set_language"})
# … and, for a user who must set a device up first, the set-up page and its forms.
WHILE_ENROLLING = frozenset(
    {"organisation:two_factor", "organisation:two_factor_enrol", "organisation:two_factor_confirm"}
    | {"logout", "admin:logout", "set_language"}
)


def has_second_factor(user) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def required_roles() -> set[str]:
    """``OTP_REQUIRED_ROLES`` checked against the roles there are: a misspelt role fails loudly, never silently."""
    roles = set(getattr(settings, "OTP_REQUIRED_ROLES", []) or [])
    unknown = roles - set(Role.values)
    if unknown:
        raise ImproperlyConfigured(f"OTP_REQUIRED_ROLES names unknown roles: {sorted(unknown)}; known: {Role.values}")
    return roles


def must_enrol(user) -> bool:
    """Whether the user's roles require a second factor (a superuser counts as an ``admin``)."""
    roles = required_roles()
    if not roles:
        return False
    held = permissions.roles_of(user)
    if user.is_superuser:
        held = held | {Role.ADMIN}
    return bool(roles & held)


def is_verified(request) -> bool:
    return bool(getattr(request.user, "is_verified", lambda: False)())


# Codes ------------------------------------------------------------------------------------------------------


def _credentials(user) -> dict:
    return {"username": user.get_username()}


def is_locked(request, user) -> bool:
    return AxesProxyHandler.is_locked(request, _credentials(user))


def count_failure(request, user) -> None:
    """A wrong code is a failed sign-in for axes: counted and logged, the pair locked at the limit (axes
    then sets ``request.axes_locked_out`` and its middleware answers with the lockout page or JSON)."""
    user_login_failed.send(sender=__name__, credentials=_credentials(user), request=request)


def clear_failures(request, user) -> None:
    """The whole sign-in succeeded: the username's failures from this address are forgotten."""
    AxesProxyHandler.update_request(request)
    AxesProxyHandler.reset_attempts(ip_address=request.axes_ip_address, username=user.get_username())


def check_code(user, code: str) -> TOTPDevice | StaticDevice | None:
    """The device that accepts ``code`` (six digits: the app; otherwise a backup code, used up), or None.
    Spaces are ignored, as apps show ``123 456``. Each device keeps django-otp's own back-off too."""
    code = "".join(code.split()).lower()
    if not code or len(code) > 16:
        return None
    model = TOTPDevice if code.isdigit() else StaticDevice
    with transaction.atomic():
        device = model.objects.select_for_update().filter(user=user, confirmed=True).order_by("pk").first()
        if device is not None and device.verify_token(code):
            return device
    return None


def wait_seconds(user) -> int:
    """Seconds before the app's device accepts another try (django-otp's back-off after wrong codes), or 0."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        return 0
    allowed, data = device.verify_is_allowed()
    if allowed or not data or not data.get("locked_until"):
        return 0
    from django.utils import timezone

    return max(1, int((data["locked_until"] - timezone.now()).total_seconds()) + 1)


def verify_session(request, device) -> None:
    """The code was right: this session is verified from now on, and the failures are forgotten."""
    otp_login(request, device)
    clear_failures(request, request.user)


def login_completed(sender, request, user, **kwargs) -> None:
    """``user_logged_in`` (connected in ``OrganisationConfig.ready``): with no second factor, the password completes the sign-in and clears the failures
    (as ``AXES_RESET_ON_SUCCESS`` would); with one, they wait for the code. A session key left over from an
    earlier user is dropped."""
    if request is None or not hasattr(request, "session"):
        return
    if getattr(user, "otp_device", None) is None:
        request.session.pop(DEVICE_ID_SESSION_KEY, None)
    if not has_second_factor(user):
        clear_failures(request, user)


# The gate ---------------------------------------------------------------------------------------------------


def _url_name(request) -> str | None:
    try:
        match = resolve(request.path_info)
    except Resolver404:
        return None
    return match.view_name


def _sends_bearer(request) -> bool:
    return request.headers.get("Authorization", "")[:7].lower() == "bearer "


class SecondFactorMiddleware:
    """After ``OTPMiddleware``. A signed-in session that owes a code (or a device) reaches only the pages that
    settle it; every other URL answers a redirect there (the API: JSON 401 / 403). A request that sends a bearer
    key is judged by the key alone (``api.auth``), so its cookie is not looked at."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        refusal = self.refusal(request)
        return refusal if refusal is not None else self.get_response(request)

    def refusal(self, request):
        user = request.user
        if not user.is_authenticated or is_verified(request):
            return None
        api = request.path_info.startswith("/api/")
        if api and _sends_bearer(request):
            return None
        if has_second_factor(user):
            if _url_name(request) in WHILE_UNVERIFIED:
                return None
            if api:
                return JsonResponse({"detail": session_code_needed_message()}, status=401)
            return redirect(f"{reverse('login_code')}?{urlencode({'next': request.get_full_path()})}")
        if must_enrol(user):
            if _url_name(request) in WHILE_ENROLLING:
                return None
            if api:
                return JsonResponse({"detail": enrol_first_message()}, status=403)
            return redirect("organisation:two_factor")
        return None


def session_code_needed_message() -> str:
    return _("Phiên đăng nhập này chưa nhập mã xác thực hai lớp. Hãy nhập mã trên trang đăng nhập.")


def enrol_first_message() -> str:
    return _("Vai trò của bạn bắt buộc xác thực hai lớp: hãy thiết lập trên trang “Xác thực hai lớp” trước.")


def code_needed_message() -> str:
    return _(
        "Tài khoản này đã bật xác thực hai lớp: cần gửi kèm mã 6 chữ số từ ứng dụng xác thực "
        "(hoặc một mã dự phòng) trong trường otp."
    )


def wrong_code_message() -> str:
    return _("Mã xác thực hai lớp không đúng hoặc đã dùng.")


def token_refusal(request, user, code: str | None) -> tuple[int, dict] | None:
    """``POST /api/v1/auth/token`` after a right password: (status, body) when the key must not be issued —
    the second factor's code missing or wrong (401; a wrong one counted as a failed sign-in), or a role that
    requires the second factor without one set up (403) — else None."""
    if has_second_factor(user):
        if not code:
            return 401, {"detail": code_needed_message()}
        if check_code(user, code) is None:
            count_failure(request, user)
            return 401, {"detail": wrong_code_message()}
        clear_failures(request, user)
        return None
    if must_enrol(user):
        return 403, {"detail": enrol_first_message()}
    return None
