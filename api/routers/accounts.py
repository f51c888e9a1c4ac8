"""Users and their role grants under /api/v1/users (issue 15), as the Django admin manages them: an
administrator (the ADMIN role over a unit) manages the users whose every grant lies in that subtree and grants
roles only inside it; a superuser manages everyone; another user is a 404 (``organisation.permissions``).
Every write goes through ``organisation.services`` and is audited; no password hash is ever returned.
"""

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.utils.translation import gettext as _
from ninja import Query, Status
from ninja.pagination import paginate

from api.routers.common import Router
from api.schemas.accounts import GrantIn, GrantOut, UserCreate, UserFilters, UserOut, UserPatch
from api.schemas.common import Page, PathId
from organisation import permissions, services, tree
from organisation.models import Person, Unit

router = Router(tags=["users"], operation_ids="api_routers_accounts")


def _person(pk: int | None) -> Person | None:
    if pk is None:
        return None
    person = Person.objects.select_related("unit").filter(pk=pk).first()
    if person is None:
        raise services.FieldRefused("person", _("Không tìm thấy cán bộ %(id)s.") % {"id": pk})
    return person


def _user(request, pk: int, *, write: bool = False):
    user = permissions.get_user_for_manager(request.auth, pk, write=write)
    return get_user_model().objects.prefetch_related("grants__unit").get(pk=user.pk)


@router.get("", response=list[UserOut], summary="Danh sách người dùng bạn quản trị")
@paginate(Page)
def list_users(request, filters: Query[UserFilters]):
    users = permissions.manageable_users(request.auth)
    if filters.q:
        text = filters.q
        users = users.filter(
            Q(username__icontains=text)
            | Q(first_name__icontains=text)
            | Q(last_name__icontains=text)
            | Q(email__icontains=text)
        )
    if filters.unit or filters.role:
        held = Q()
        if filters.unit:
            unit = Unit.objects.filter(pk=filters.unit).first()
            held &= tree.subtrees_q([unit.path] if unit else [], field="grants__unit__path")
        if filters.role:
            held &= Q(grants__role=filters.role)
        users = users.filter(held).distinct()
    return users.prefetch_related("grants__unit").order_by("username", "id")


@router.post("", response={201: UserOut}, summary="Tạo người dùng (tài khoản đăng nhập)")
def create_user(request, payload: UserCreate):
    if not permissions.manages_users(request.auth):
        raise PermissionDenied
    data = payload.model_dump(exclude={"person"})
    user = services.create_user(by=request.auth, person=_person(payload.person), **data)
    return Status(201, _user(request, user.pk))


@router.get("/{user_id}", response=UserOut, summary="Một người dùng và các vai trò của họ")
def get_user(request, user_id: PathId):
    return _user(request, user_id)


@router.patch("/{user_id}", response=UserOut, summary="Sửa người dùng: họ tên, email, khoá/mở, cán bộ, mật khẩu")
def update_user(request, payload: UserPatch, user_id: PathId):
    user = permissions.get_user_for_manager(request.auth, user_id, write=True)
    changes = payload.model_dump(exclude_unset=True)
    if "person" in changes:
        changes["person"] = _person(changes["person"])
    services.update_user(user, by=request.auth, **changes)
    return _user(request, user.pk)


@router.get("/{user_id}/grants", response=list[GrantOut], summary="Các vai trò của một người dùng")
def list_grants(request, user_id: PathId):
    user = permissions.get_user_for_manager(request.auth, user_id)
    return user.grants.select_related("unit").order_by("unit__path", "role")


@router.post("/{user_id}/grants", response={201: GrantOut}, summary="Phân quyền: giao một vai trò tại một đơn vị")
def create_grant(request, payload: GrantIn, user_id: PathId):
    user = permissions.get_user_for_manager(request.auth, user_id, write=True)
    unit = Unit.objects.filter(pk=payload.unit).first()
    if unit is None:
        raise services.FieldRefused("unit", _("Không tìm thấy đơn vị %(id)s.") % {"id": payload.unit})
    return Status(201, services.grant_role(user, payload.role, unit, by=request.auth))


@router.delete("/{user_id}/grants/{grant_id}", response={204: None}, summary="Thu hồi một vai trò")
def delete_grant(request, user_id: PathId, grant_id: PathId):
    user = permissions.get_user_for_manager(request.auth, user_id, write=True)
    services.revoke_grant(permissions.get_grant_for_manager(request.auth, user, grant_id), by=request.auth)
    return Status(204, None)
