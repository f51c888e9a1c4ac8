"""The second factor (issue 17): the "Xác thực hai lớp" page of the user menu (set up an authenticator app with
a QR code, confirm it with a first code, see it, turn it off with the password, ten backup codes shown once) and
the sign-in's code page that follows the password (``organisation.otp`` sends unverified sessions there)."""

from base64 import b32encode

import segno
from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import AnonymousUser
from django.contrib.auth.views import redirect_to_login
from django.http import HttpResponse
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from organisation import otp
from organisation.login_guard import locked_out
from organisation.services import FieldRefused, OrganisationError
from organisation.services import two_factor as service

# Lives here, not in forms.py: only these pages use them.


class CodeForm(forms.Form):
    otp_token = forms.CharField(
        label=gettext_lazy("Mã xác thực"),
        max_length=20,
        help_text=gettext_lazy("6 chữ số trong ứng dụng xác thực, hoặc một mã dự phòng."),
        error_messages={"required": gettext_lazy("Xin nhập mã xác thực.")},
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autofocus": True, "spellcheck": "false"}),
    )


class PasswordForm(forms.Form):
    password = forms.CharField(
        label=gettext_lazy("Mật khẩu hiện tại"),
        max_length=128,
        strip=False,
        error_messages={"required": gettext_lazy("Xin nhập mật khẩu hiện tại.")},
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


def _next_url(request) -> str:
    url = request.POST.get("next") or request.GET.get("next") or ""
    safe = url and url_has_allowed_host_and_scheme(url, {request.get_host()}, require_https=request.is_secure())
    if safe and not url.startswith(reverse("login_code")):  # never back to itself: a loop once verified
        return url
    return resolve_url(settings.LOGIN_REDIRECT_URL)


def _secret(device) -> str:
    """The key in base32 as apps ask for it by hand, in groups of four."""
    raw = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(raw[i : i + 4] for i in range(0, len(raw), 4))


def _qr_svg(device) -> str:
    qr = segno.make(device.config_url, error="m")
    return qr.svg_inline(scale=4, dark="#000", light="#fff", title=_("Mã QR để quét bằng ứng dụng xác thực"))


def _codes_page(request, codes):
    return render(request, "organisation/two_factor_codes.html", {"codes": codes})


def _without_the_frame(request) -> dict:
    """For a session that may open nothing else yet: base.html shows the menu and the account's links to a
    signed-in user; shown as to a visitor, the page has none that would only bounce back here."""
    return {"user": AnonymousUser(), "username": request.user.get_username()}


# The page of the user menu ----------------------------------------------------------------------------------


@never_cache  # may carry the key of a device being set up
@login_required
def two_factor(request):
    user = request.user
    device = service.confirmed_device(user)
    pending = None if device else service.pending_device(user)
    context = {
        "device": device,
        "pending": pending,
        "codes_left": service.backup_codes_left(user) if device else 0,
        "required": otp.must_enrol(user),
        "code_form": CodeForm(),
        "password_form": PasswordForm(),
    }
    if pending is not None:
        context.update(secret=_secret(pending), qr=_qr_svg(pending))
    if context["required"] and device is None:
        context.update(_without_the_frame(request))  # nothing else opens until the device is set up
    return render(request, "organisation/two_factor.html", context)


@login_required
@require_POST
def two_factor_enrol(request):
    try:
        service.start_enrolment(request.user)
    except OrganisationError as refused:
        messages.error(request, str(refused))
    return redirect("organisation:two_factor")


@never_cache  # the answer shows the backup codes
@login_required
@require_POST
def two_factor_confirm(request):
    pending = service.pending_device(request.user)
    form = CodeForm(request.POST)
    if pending is None:
        return redirect("organisation:two_factor")
    if form.is_valid():
        try:
            codes = service.confirm_device(pending, form.cleaned_data["otp_token"])
        except FieldRefused as refused:
            messages.error(request, refused.message)
        else:
            otp.verify_session(request, service.confirmed_device(request.user))
            messages.success(request, _("Đã bật xác thực hai lớp."))
            return _codes_page(request, codes)
    else:
        messages.error(request, _("Xin nhập mã xác thực."))
    return redirect("organisation:two_factor")


@never_cache
@login_required
@require_POST
def two_factor_backup_codes(request):
    form = PasswordForm(request.POST)
    if form.is_valid():
        try:
            codes = service.renew_backup_codes(request.user, password=form.cleaned_data["password"])
        except OrganisationError as refused:
            messages.error(request, getattr(refused, "message", str(refused)))
        else:
            messages.success(request, _("Đã tạo 10 mã dự phòng mới; các mã cũ không dùng được nữa."))
            return _codes_page(request, codes)
    else:
        messages.error(request, _("Xin nhập mật khẩu hiện tại."))
    return redirect("organisation:two_factor")


@login_required
@require_POST
def two_factor_remove(request):
    form = PasswordForm(request.POST)
    if form.is_valid():
        try:
            service.remove_second_factor(request.user, password=form.cleaned_data["password"])
        except FieldRefused as refused:
            messages.error(request, refused.message)
        else:
            messages.success(request, _("Đã tắt xác thực hai lớp."))
    else:
        messages.error(request, _("Xin nhập mật khẩu hiện tại."))
    return redirect("organisation:two_factor")


# The sign-in's second step ----------------------------------------------------------------------------------


@never_cache
@require_http_methods(["GET", "POST"])
def login_code(request):
    """After the password: the code. Wrong codes count with wrong passwords (axes); at the limit the session
    ends and the login page says the account is locked."""
    user, next_url = request.user, _next_url(request)
    if not user.is_authenticated:
        return redirect_to_login(next_url)
    if otp.is_verified(request) or not otp.has_second_factor(user):
        return redirect(next_url)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if otp.is_locked(request, user):
            logout(request)
            return locked_out(request, credentials={"username": user.get_username()})
        device = otp.check_code(user, form.cleaned_data["otp_token"])
        if device is not None:
            otp.verify_session(request, device)
            return redirect(next_url)
        otp.count_failure(request, user)
        if getattr(request, "axes_locked_out", False):
            logout(request)
            return HttpResponse(status=429)  # axes' middleware answers with the lockout page
        form.add_error("otp_token", str(service.WRONG_CODE))
        wait = otp.wait_seconds(user)
        if wait > 1:
            form.add_error("otp_token", _("Xin chờ %(seconds)d giây trước lần thử sau.") % {"seconds": wait})
        form.data = form.data.copy()
        form.data["otp_token"] = ""  # a wrong code is typed again, not edited
    context = {"form": form, "next": next_url, **_without_the_frame(request)}
    return render(request, "organisation/login_code.html", context)
