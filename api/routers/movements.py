"""Emulation movements: the ones in your scope, one movement, launching and changing one.

Access exactly as in the UI, through ``cycle.permissions`` (404 outside your scope, 403 where you may
read but not act); every change goes through ``cycle.services``. A change the cycle's rules refuse
(``CycleError``) is a 422 with its message.
"""

from django.core.exceptions import PermissionDenied
from ninja import Query
from ninja.pagination import paginate

from api.routers.common import Router, cycle_refusals
from api.schemas.common import Page, PathId
from api.schemas.movements import MovementCreate, MovementFilters, MovementOut, MovementPatch
from cycle import permissions
from cycle.services import blocks
from organisation import permissions as org_perms
from organisation.models import Unit

router = Router(operation_ids="api_routers_cycle")


def _writable_units(user, ids: list[int]) -> list[Unit]:
    """Units the user may write, in order: 404 for one outside the scope, 403 for a read-only one."""
    return [org_perms.get_unit_for_user(user, pk, write=True) for pk in ids]


@router.get("/movements", response=list[MovementOut], tags=["movements"], summary="Phong trào thi đua trong phạm vi")
@paginate(Page)
def list_movements(request, filters: Query[MovementFilters]):
    movements = permissions.visible_movements(request.auth).select_related("launched_by").prefetch_related("covers")
    if filters.year:
        movements = movements.filter(year=filters.year)
    return movements.order_by("-year", "name", "pk")


@router.get("/movements/{movement_id}", response=MovementOut, tags=["movements"], summary="Một phong trào")
def get_movement(request, movement_id: PathId):
    return permissions.get_movement_for_user(request.auth, movement_id)


@router.post(
    "/movements",
    response={201: MovementOut},
    tags=["movements"],
    summary="Phát động phong trào (đơn vị phát động và phạm vi: các đơn vị bạn có quyền ghi)",
)
@cycle_refusals
def create_movement(request, payload: MovementCreate):
    if not org_perms.can_import(request.auth):
        raise PermissionDenied
    launched_by = org_perms.get_unit_for_user(request.auth, payload.launched_by, write=True)
    covers = _writable_units(request.auth, payload.covers)
    fields = payload.model_dump(exclude={"launched_by", "covers"})
    return blocks.create_movement(by=request.auth, covers=covers, launched_by=launched_by, **fields)


@router.patch("/movements/{movement_id}", response=MovementOut, tags=["movements"], summary="Sửa phong trào")
@cycle_refusals
def update_movement(request, payload: MovementPatch, movement_id: PathId):
    movement = permissions.get_movement_for_user(request.auth, movement_id, write=True)
    changes = payload.model_dump(exclude_unset=True)
    covers = _writable_units(request.auth, changes.pop("covers")) if changes.get("covers") is not None else None
    changes.pop("covers", None)
    if "launched_by" in changes:
        changes["launched_by"] = org_perms.get_unit_for_user(request.auth, changes["launched_by"], write=True)
    return blocks.update_movement(movement, by=request.auth, covers=covers, **changes)
