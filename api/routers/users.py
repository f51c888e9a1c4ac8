"""API keys under /api/v1/me/tokens, as the "Khoá API" page: each user lists, issues and revokes their own
keys (another user's key is a 404). Issued and revoked through ``organisation.services`` and audited; the raw
key is in the answer to the POST only.
"""

from django.http import Http404
from ninja import Status

from api.routers.common import Router
from api.schemas.common import PathId
from api.schemas.users import IssuedTokenOut, TokenIn, TokenOut
from organisation import services
from organisation.models import ApiToken

router = Router(tags=["me"], operation_ids="api_routers_users")


@router.get("/me/tokens", response=list[TokenOut], summary="Các khoá API của bạn")
def list_tokens(request):
    return request.auth.api_tokens.order_by("revoked", "-created_at", "-id")


@router.post("/me/tokens", response={201: IssuedTokenOut}, summary="Cấp một khoá API mới (khoá chỉ hiện một lần)")
def create_token(request, payload: TokenIn):
    token, raw = services.issue_api_token(request.auth, name=payload.name, by=request.auth)
    return Status(201, {**{f: getattr(token, f) for f in TokenOut.model_fields}, "key": raw})


@router.post("/me/tokens/{token_id}/revoke", response=TokenOut, summary="Thu hồi một khoá API của bạn")
def revoke_token(request, token_id: PathId):
    token = ApiToken.objects.filter(pk=token_id, user=request.auth).first()
    if token is None:
        raise Http404
    services.revoke_api_token(token, by=request.auth)
    token.refresh_from_db()
    return token
