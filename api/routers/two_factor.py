"""The second factor of a sign-in (issue 17) on the API: the caller reads whether theirs is on, and an
administrator resets a user's (a lost phone), as the Django admin's action does — for the users they manage
(``organisation.permissions.get_user_for_manager``: another user is a 404, one's own account without managing it a
403). Setting it up stays on the "Xác thực hai lớp" page, where its QR code is scanned; ``POST /auth/token``
takes the code in its ``otp`` field."""

from django.utils.translation import gettext as _

from api.routers.common import Router
from api.schemas.common import Message, PathId
from api.schemas.two_factor import TwoFactorOut
from organisation import permissions
from organisation.services import two_factor

router = Router(tags=["me"], operation_ids="api_routers_two_factor")


@router.get("/me/two-factor", response=TwoFactorOut, summary="Xác thực hai lớp của bạn: bật hay tắt")
def my_second_factor(request):
    enabled = two_factor.confirmed_device(request.auth) is not None
    return {"enabled": enabled, "backup_codes_left": two_factor.backup_codes_left(request.auth) if enabled else 0}


@router.post(
    "/users/{user_id}/second-factor/reset",
    response=Message,
    summary="Đặt lại xác thực hai lớp của một người dùng bạn quản trị (mất điện thoại)",
    tags=["users"],
)
def reset_second_factor(request, user_id: PathId):
    user = permissions.get_user_for_manager(request.auth, user_id, write=True)
    if two_factor.reset_second_factor(user, by=request.auth):
        return {"detail": _("Đã đặt lại xác thực hai lớp của %(username)s.") % {"username": user.get_username()}}
    return {"detail": _("%(username)s chưa bật xác thực hai lớp.") % {"username": user.get_username()}}
