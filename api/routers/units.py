"""Units and their yearly ratings. Access exactly as in the UI, through organisation.permissions."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from ninja import Query, Status
from ninja.pagination import paginate

from api.routers.common import Router
from api.schemas.bulk import BulkErrorOut, refused
from api.schemas.common import Page, PathId, PathYear
from api.schemas.ratings import RatingIn, RatingOut, RatingsOut, UnitRatingsIn
from api.schemas.units import UnitCreate, UnitDetailOut, UnitFilters, UnitOut, UnitPatch
from organisation import services, tree
from organisation.models import Unit
from organisation.permissions import (
    can_create_root_unit,
    can_write_unit,
    get_unit_for_user,
    is_admin,
    unit_paths,
    visible_units,
    write_paths,
)

router = Router(tags=["units"], operation_ids="api_routers_units")


def _detail(unit: Unit) -> Unit:
    unit.ancestors = tree.ancestors(unit)
    unit.lineage_ids = tree.lineage_ids(unit)
    return unit


@router.get("", response=list[UnitOut], summary="Danh sách đơn vị trong phạm vi của bạn")
@paginate(Page)
def list_units(request, filters: Query[UnitFilters]):
    units = visible_units(request.auth)
    if filters.q:
        units = units.search(filters.q)
    if filters.kind:
        units = units.filter(kind=filters.kind)
    if filters.parent:
        units = units.filter(parent_id=filters.parent)
    if filters.under:
        units &= tree.descendants(get_unit_for_user(request.auth, filters.under))
    if filters.active_on:
        units = units.active_on(filters.active_on)
    return units.order_by("path")


@router.post(
    "",
    response={201: UnitDetailOut},
    summary="Tạo đơn vị trực thuộc một đơn vị bạn quản lý (đơn vị gốc: chỉ superuser)",
)
def create_unit(request, payload: UnitCreate):
    if payload.parent is None:
        if not can_create_root_unit(request.auth):
            raise services.FieldRefused(
                "parent", _("Chỉ quản trị viên cấp cao nhất được tạo đơn vị gốc (không có cấp trên).")
            )
        parent = None
    else:
        parent = get_unit_for_user(request.auth, payload.parent, write=True)
    data = payload.model_dump(exclude={"parent"})
    return _detail(services.create_unit(by=request.auth, parent=parent, **data))


@router.get("/{unit_id}", response=UnitDetailOut, summary="Một đơn vị, các cấp trên và các đơn vị tiền thân")
def get_unit(request, unit_id: PathId):
    return _detail(get_unit_for_user(request.auth, unit_id))


@router.patch("/{unit_id}", response=UnitDetailOut, summary="Sửa đơn vị (đổi đơn vị cấp trên là chuyển cả nhánh)")
def update_unit(request, payload: UnitPatch, unit_id: PathId):
    unit = get_unit_for_user(request.auth, unit_id, write=True)
    changes = payload.model_dump(exclude_unset=True)
    if "parent" in changes:
        changes["parent"] = get_unit_for_user(request.auth, changes["parent"], write=True)
    return _detail(services.update_unit(unit, by=request.auth, **changes))


@router.get("/{unit_id}/ratings", response=list[RatingOut], summary="Xếp loại hằng năm của đơn vị")
def list_unit_ratings(request, unit_id: PathId):
    unit = get_unit_for_user(request.auth, unit_id)
    return unit.ratings.order_by("year")


@router.put(
    "/ratings/{year}",
    response={200: RatingsOut, 422: BulkErrorOut},
    summary="Ghi xếp loại của nhiều đơn vị cho một năm (tất cả hoặc không dòng nào)",
)
def set_ratings(request, payload: UnitRatingsIn, year: PathYear):
    """Each row as the one-unit PUT would take it: a unit outside your scope is reported as not found, one
    you may only read as read-only; with any problem nothing is written and each row's problem is listed."""
    user = request.auth
    if not (is_admin(user) or write_paths(user)):
        raise PermissionDenied
    units = Unit.objects.in_bulk([row.unit for row in payload.ratings])
    ratings, errors = {}, []
    for i, row in enumerate(payload.ratings):
        unit = units.get(row.unit)
        if unit is None or not (is_admin(user) or tree.path_within(unit.path, unit_paths(user))):
            detail = _("Không tìm thấy đơn vị %(id)s hoặc đơn vị nằm ngoài phạm vi của bạn.")
        elif not can_write_unit(user, unit):
            detail = _("Bạn chỉ có quyền xem đơn vị %(id)s, không có quyền ghi xếp loại.")
        elif unit in ratings:
            detail = _("Đơn vị %(id)s có hai dòng trong danh sách.")
        else:
            ratings[unit] = row.rating
            continue
        errors.append({"row": i, "field": "unit", "detail": detail % {"id": row.unit}})
    if errors:
        return Status(422, refused(errors))
    changed = services.set_unit_ratings(year, ratings, by=user)
    return Status(200, {"year": year, "rows": len(ratings), "changed": changed})


@router.put("/{unit_id}/ratings/{year}", response=RatingOut, summary="Ghi xếp loại của đơn vị cho một năm")
def set_unit_rating(request, payload: RatingIn, unit_id: PathId, year: PathYear):
    unit = get_unit_for_user(request.auth, unit_id, write=True)
    return services.set_unit_rating(unit, year, payload.rating, by=request.auth)
