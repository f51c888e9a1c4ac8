"""Who is calling: an integration with a bearer token, or a logged-in browser with its session.

A request that sends a bearer token is judged by that token alone: a wrong or revoked token
is a 401 even if a session cookie rides along. Session requests that change
data must carry the CSRF token, like any form of the site.
"""

import datetime

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja.errors import HttpError
from ninja.security import HttpBearer
from ninja.security import SessionAuth as NinjaSessionAuth
from ninja.utils import check_csrf

from organisation.models import ApiToken, hash_token

# last_used_at is for people reviewing their keys, not an access log: one write a minute is enough.
LAST_USED_RESOLUTION = datetime.timedelta(minutes=1)
MAX_TOKEN_LENGTH = 128


class TokenAuth(HttpBearer):
    """``Authorization: Bearer td_…`` against the stored SHA-256 of an unrevoked ApiToken."""

    def authenticate(self, request: HttpRequest, token: str):
        if not token or len(token) > MAX_TOKEN_LENGTH:
            return None
        api_token = (
            ApiToken.objects.select_related("user")
            .filter(key_hash=hash_token(token), revoked=False, user__is_active=True)
            .first()
        )
        if api_token is None:
            return None
        now = timezone.now()
        if api_token.last_used_at is None or now - api_token.last_used_at >= LAST_USED_RESOLUTION:
            ApiToken.objects.filter(pk=api_token.pk).update(last_used_at=now)
        return api_token.user


def _sends_bearer(request: HttpRequest) -> bool:
    return request.headers.get("Authorization", "")[:7].lower() == "bearer "


class SessionAuth(NinjaSessionAuth):
    """The Django session, with CSRF enforced on unsafe methods (ninja's ``django_auth`` semantics)."""

    def __call__(self, request: HttpRequest):
        if _sends_bearer(request) or not request.user.is_authenticated:
            return None
        if self.csrf and not getattr(request, "_ninja_csrf_exempt", False) and check_csrf(request):
            raise HttpError(403, _("Thiếu hoặc sai mã CSRF: hãy tải lại trang rồi thử lại."))
        return request.user


token_auth = TokenAuth()
session_auth = SessionAuth()
