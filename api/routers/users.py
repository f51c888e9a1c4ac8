"""API keys under /api/v1/me/tokens, as the "Khoá API" page: each user lists, issues and revokes their own
keys (another user's key is a 404). Issued and revoked through ``organisation.services`` and audited; the raw
key is in the answer to the POST only. ``POST /auth/token`` trades a username and password for a new key
of that user, as the login page trades them for a session. ``POST /me/password`` changes the user's own
password, as the "Đổi mật khẩu" page.
"""

from django.contrib.auth import authenticate, update_session_auth_hash
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Status

from api.routers.common import Router
from api.schemas.common import Message, PathId
from api.schemas.users import CredentialsIn, IssuedTokenOut, PasswordChangeIn, TokenIn, TokenOut
from organisation import otp, services
from organisation.models import ApiToken
from organisation.services.passwords import change_own_password

router = Router(tags=["me"], operation_ids="api_routers_users")


@router.get("/me/tokens", response=list[TokenOut], summary="Các khoá API của bạn")
def list_tokens(request):
    return request.auth.api_tokens.order_by("revoked", "-created_at", "-id")


@router.post("/me/tokens", response={201: IssuedTokenOut}, summary="Cấp một khoá API mới (khoá chỉ hiện một lần)")
def create_token(request, payload: TokenIn):
    token, raw = services.issue_api_token(request.auth, name=payload.name, by=request.auth)
    return Status(201, {**{f: getattr(token, f) for f in TokenOut.model_fields}, "key": raw})


@router.post(
    "/auth/token",
    auth=None,
    response={201: IssuedTokenOut, 401: Message, 403: Message},
    summary="Đổi tên đăng nhập và mật khẩu lấy một khoá API mới (khoá chỉ hiện một lần)",
)
def obtain_token(request, payload: CredentialsIn):
    """How a user whose account was made through ``/users`` starts using the API: the same check as
    the login page (Django's ``authenticate``, so an inactive account is refused), and the key is
    theirs alone; nobody can issue a key in another user's name.

    With the second factor on, ``otp`` is needed too (a 6-digit code or a backup code): without it, or
    wrong, 401; wrong codes count as failed sign-ins (locked at the limit, 429). A role that must use the
    second factor (``OTP_REQUIRED_ROLES``) and has none set up yet: 403."""
    user = authenticate(request, username=payload.username, password=payload.password)
    if user is None:
        return Status(401, {"detail": _("Tên đăng nhập hoặc mật khẩu không đúng.")})
    refusal = otp.token_refusal(request, user, payload.otp)
    if refusal is not None:
        return Status(*refusal)
    token, raw = services.issue_api_token(user, name=payload.name, by=user)
    return Status(201, {**{f: getattr(token, f) for f in TokenOut.model_fields}, "key": raw})


@router.post("/me/tokens/{token_id}/revoke", response=TokenOut, summary="Thu hồi một khoá API của bạn")
def revoke_token(request, token_id: PathId):
    token = ApiToken.objects.filter(pk=token_id, user=request.auth).first()
    if token is None:
        raise Http404
    services.revoke_api_token(token, by=request.auth)
    token.refresh_from_db()
    return token


@router.post("/me/password", response={200: Message}, summary="Đổi mật khẩu của bạn (cần mật khẩu hiện tại)")
def change_password(request, payload: PasswordChangeIn):
    """As the "Đổi mật khẩu" page: 422 naming ``old_password`` when it is wrong, ``new_password`` when
    Django's validators refuse it. The user's other browser sessions end; the calling session (if the call
    rides on one) stays signed in; API keys stay valid (revoke them on their own)."""
    user = request.auth
    change_own_password(user, old_password=payload.old_password, new_password=payload.new_password)
    if request.user.is_authenticated and request.user.pk == user.pk:
        update_session_auth_hash(request, user)
    return {"detail": _("Đã đổi mật khẩu.")}
