"""Sign-in throttling with django-axes (settings: ``AXES_*``, ``LOGIN_FAILURE_LIMIT``, ``LOGIN_COOLOFF_MINUTES``).

``LoginGuardBackend`` comes first in ``AUTHENTICATION_BACKENDS``: before any password is checked, a username
locked out from the caller's address is refused (the login page, the admin's login and ``POST
/api/v1/auth/token`` alike). A failure is counted by axes' signal handler; at the limit the pair is locked for
the cool-off and ``locked_out`` answers: the login page with the Vietnamese reason, or the API's JSON
``{"detail": …}``, both 429. Bearer API keys never call ``authenticate`` and are not affected.
"""

from axes.backends import AxesStandaloneBackend
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _


class LoginGuardBackend(AxesStandaloneBackend):
    """axes' guard for sign-ins over HTTP. An ``authenticate`` call without a request (the test client's
    ``login``, a shell) is not a sign-in from an address: it is left to the next backend instead of failing."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username, password, **kwargs)


def lockout_message() -> str:
    minutes = max(1, round(settings.AXES_COOLOFF_TIME.total_seconds() / 60))
    return _(
        "Tài khoản tạm thời bị khoá vì đăng nhập sai %(limit)d lần liên tiếp. Xin thử lại sau %(minutes)d phút."
    ) % {"limit": settings.AXES_FAILURE_LIMIT, "minutes": minutes}


def locked_out(request, original_response=None, credentials=None):
    """axes' lockout answer (``AXES_LOCKOUT_CALLABLE``): what replaces the response to a refused sign-in."""
    message = lockout_message()
    if request.path_info.startswith("/api/"):
        return JsonResponse({"detail": message}, status=429)
    username = (credentials or {}).get("username") or request.POST.get("username", "")
    form = AuthenticationForm(request, initial={"username": username})
    context = {"form": form, "locked": message, "next": request.POST.get("next", "")}
    return render(request, "registration/login.html", context, status=429)
