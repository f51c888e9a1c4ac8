"""Conferences of a block: the list, recording one, editing its details, one with its attendance,
recording attendance.

Access exactly as in the UI, through ``cycle.permissions`` (404 outside your scope, 403 where you may
read but not act); every change goes through ``cycle.services``. A change the cycle's rules refuse
(``CycleError``) is a 422 with its message.
"""

from api.routers.common import Router, cycle_refusals
from api.schemas.common import PathId
from api.schemas.conferences import (
    AttendanceListIn,
    ConferenceCreate,
    ConferenceDetailOut,
    ConferenceOut,
    ConferencePatch,
)
from cycle import permissions
from cycle.models import Conference
from cycle.services import conferences

router = Router(operation_ids="api_routers_cycle")


def _conference_out(conference: Conference) -> Conference:
    """The conference for ConferenceDetailOut, with a row for every member unit, recorded or not."""
    attendance = {a.unit_id: a for a in conference.attendance.all()}
    rows = []
    for membership in conference.block.memberships.select_related("unit"):
        row = attendance.get(membership.unit_id)
        rows.append(
            {
                "unit": membership.unit,
                "recorded": row is not None,
                "present": bool(row and row.present),
                "representative": row.representative if row else "",
                "position": row.position if row else "",
            }
        )
    conference.attendance_rows = rows
    return conference


@router.get(
    "/blocks/{block_id}/conferences", response=list[ConferenceOut], tags=["conferences"], summary="Hội nghị của khối"
)
def list_conferences(request, block_id: PathId):
    block = permissions.get_block_for_user(request.auth, block_id)
    return block.conferences.order_by("date", "pk")


@router.post(
    "/blocks/{block_id}/conferences",
    response={201: ConferenceDetailOut},
    tags=["conferences"],
    summary="Ghi một hội nghị của khối (khối trưởng, khối phó, cơ quan quản lý)",
)
@cycle_refusals
def create_conference(request, payload: ConferenceCreate, block_id: PathId):
    block = permissions.get_block_for_user(request.auth, block_id, lead=True)
    conference = conferences.create_conference(block, by=request.auth, **payload.model_dump())
    return _conference_out(conference)


@router.get(
    "/conferences/{conference_id}",
    response=ConferenceDetailOut,
    tags=["conferences"],
    summary="Một hội nghị và thành phần tham dự",
)
def get_conference(request, conference_id: PathId):
    return _conference_out(permissions.get_conference_for_user(request.auth, conference_id))


@router.patch(
    "/conferences/{conference_id}",
    response=ConferenceDetailOut,
    tags=["conferences"],
    summary="Sửa thông tin hội nghị (khối trưởng, khối phó, cơ quan quản lý)",
    description="Chỉ các trường gửi lên thay đổi; như trang của hội nghị.",
)
@cycle_refusals
def update_conference(request, payload: ConferencePatch, conference_id: PathId):
    conference = permissions.get_conference_for_user(request.auth, conference_id, lead=True)
    conferences.update_conference(conference, by=request.auth, **payload.model_dump(exclude_unset=True))
    return _conference_out(conference)


@router.put(
    "/conferences/{conference_id}/attendance",
    response=ConferenceDetailOut,
    tags=["conferences"],
    summary="Ghi thành phần tham dự của các đơn vị thành viên",
)
@cycle_refusals
def record_attendance(request, payload: AttendanceListIn, conference_id: PathId):
    conference = permissions.get_conference_for_user(request.auth, conference_id, lead=True)
    rows = {row.unit: row.model_dump(exclude={"unit"}) for row in payload.attendance}
    conferences.record_attendance(conference, rows, by=request.auth)
    return _conference_out(conference)
