"""Blocks and clusters: list, one block, forming and changing one, its members, leader and deputy,
the next year's block and the block across the years.

Access exactly as in the UI, through ``cycle.permissions`` (404 outside your scope, 403 where you may
read but not act); every change goes through ``cycle.services``. A change the cycle's rules refuse
(``CycleError``) is a 422 with its message; a block name its managing body already uses that year is
a 409.
"""

from django.core.exceptions import PermissionDenied
from ninja import Query
from ninja.errors import HttpError
from ninja.pagination import paginate

from api.routers.common import Router, cycle_refusals, units_by_id
from api.schemas.blocks import (
    BlockCreate,
    BlockDetailOut,
    BlockFilters,
    BlockOut,
    BlockPatch,
    CopyIn,
    LeadersIn,
    MembersIn,
)
from api.schemas.common import Page, PathId
from cycle import permissions
from cycle.models import Movement
from cycle.services import blocks
from organisation import permissions as org_perms

router = Router(operation_ids="api_routers_cycle")


def _movement(user, pk) -> Movement | None:
    return None if pk is None else permissions.get_movement_for_user(user, pk)


@router.get(
    "/blocks",
    response=list[BlockOut],
    tags=["blocks"],
    summary="Khối, cụm thi đua bạn quản lý, tham gia hoặc thuộc đơn vị cấp trên của bạn",
)
@paginate(Page)
def list_blocks(request, filters: Query[BlockFilters]):
    qs = permissions.visible_blocks(request.auth).select_related("managed_by", "leader", "deputy")
    if filters.year:
        qs = qs.filter(year=filters.year)
    if filters.movement:
        qs = qs.filter(movement_id=filters.movement)
    if filters.managed_by:
        qs = qs.filter(managed_by_id=filters.managed_by)
    return qs.order_by("-year", "managed_by__path", "number", "name", "pk")


@router.get(
    "/blocks/{block_id}",
    response=BlockDetailOut,
    tags=["blocks"],
    summary="Một khối: thành viên, khối trưởng, khối phó và căn cứ, hạn báo cáo",
)
def get_block(request, block_id: PathId):
    return permissions.get_block_for_user(request.auth, block_id)


@router.post(
    "/blocks",
    response={201: BlockDetailOut},
    tags=["blocks"],
    summary="Thành lập khối, cụm (cơ quan quản lý: một đơn vị bạn có quyền ghi)",
)
@cycle_refusals
def create_block(request, payload: BlockCreate):
    if not org_perms.can_import(request.auth):
        raise PermissionDenied
    managed_by = org_perms.get_unit_for_user(request.auth, payload.managed_by, write=True)
    movement = _movement(request.auth, payload.movement)
    members = units_by_id(payload.members)
    by_id = {u.pk: u for u in members}
    leaders = units_by_id([pk for pk in (payload.leader, payload.deputy) if pk is not None and pk not in by_id])
    by_id |= {u.pk: u for u in leaders}
    fields = payload.model_dump(exclude={"managed_by", "movement", "members", "leader", "deputy"})
    try:
        block = blocks.create_block(
            by=request.auth,
            members=members,
            managed_by=managed_by,
            movement=movement,
            leader=by_id.get(payload.leader),
            deputy=by_id.get(payload.deputy),
            **fields,
        )
    except blocks.BlockNameTaken as error:
        raise HttpError(409, str(error)) from error
    return permissions.get_block_for_user(request.auth, block.pk)


@router.patch("/blocks/{block_id}", response=BlockDetailOut, tags=["blocks"], summary="Sửa khối")
@cycle_refusals
def update_block(request, payload: BlockPatch, block_id: PathId):
    block = permissions.get_block_for_user(request.auth, block_id, write=True)
    changes = payload.model_dump(exclude_unset=True)
    if "movement" in changes:
        changes["movement"] = _movement(request.auth, changes["movement"])
    try:
        blocks.update_block(block, by=request.auth, **changes)
    except blocks.BlockNameTaken as error:
        raise HttpError(409, str(error)) from error
    return block


@router.put(
    "/blocks/{block_id}/members",
    response=BlockDetailOut,
    tags=["blocks"],
    summary="Thay danh sách đơn vị thành viên (khối trưởng, khối phó phải còn là thành viên)",
)
@cycle_refusals
def set_members(request, payload: MembersIn, block_id: PathId):
    block = permissions.get_block_for_user(request.auth, block_id, write=True)
    blocks.set_block_members(block, units_by_id(payload.members), by=request.auth)
    return block


@router.put(
    "/blocks/{block_id}/leaders",
    response=BlockDetailOut,
    tags=["blocks"],
    summary="Khối trưởng, khối phó của năm và căn cứ",
)
@cycle_refusals
def set_leaders(request, payload: LeadersIn, block_id: PathId):
    block = permissions.get_block_for_user(request.auth, block_id, write=True)
    found = {u.pk: u for u in units_by_id([pk for pk in (payload.leader, payload.deputy) if pk is not None])}
    block = blocks.assign_block_leaders(
        block, leader=found.get(payload.leader), deputy=found.get(payload.deputy), basis=payload.basis, by=request.auth
    )
    return permissions.get_block_for_user(request.auth, block.pk)


@router.post(
    "/blocks/{block_id}/copy-to-next-year",
    response={201: BlockDetailOut},
    tags=["blocks"],
    summary="Lập khối năm sau từ khối này (thành viên, đề cương, hạn báo cáo, giao ước dự thảo)",
)
@cycle_refusals
def copy_block(request, payload: CopyIn, block_id: PathId):
    block = permissions.get_block_for_user(request.auth, block_id, write=True)
    new = blocks.copy_block_to_next_year(block, by=request.auth, movement=_movement(request.auth, payload.movement))
    return permissions.get_block_for_user(request.auth, new.pk)


@router.get(
    "/blocks/{block_id}/history",
    response=list[BlockOut],
    tags=["blocks"],
    summary="Cùng khối qua các năm, năm cũ trước",
)
def block_history(request, block_id: PathId):
    block = permissions.get_block_for_user(request.auth, block_id)
    history = blocks.block_history(block)
    visible = set(
        permissions.visible_blocks(request.auth).filter(pk__in=[b.pk for b in history]).values_list("pk", flat=True)
    )
    return [b for b in history if b.pk in visible]
