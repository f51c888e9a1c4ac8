"""The yearly cycle: movements, blocks, registration, pledges, reports, conferences; the user's tasks.

Access exactly as in the UI, through ``cycle.permissions`` (404 outside your scope, 403 where you may
read but not act); every change goes through ``cycle.services``. A change the cycle's rules refuse
(``CycleError``) is a 422 with its message.
"""

import functools
from typing import Annotated

from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import File, Path, Query, Router
from ninja.errors import HttpError
from ninja.files import UploadedFile
from ninja.pagination import paginate

from api.schemas import Page, PathId
from api.schemas_cycle import (
    AdoptIn,
    AttachmentOut,
    AttendanceListIn,
    BlockCreate,
    BlockDetailOut,
    BlockFilters,
    BlockOut,
    BlockPatch,
    ClauseIn,
    ClauseOut,
    ConferenceCreate,
    ConferenceDetailOut,
    ConferenceOut,
    CopyIn,
    LeadersIn,
    MembersIn,
    MoveIn,
    MovementCreate,
    MovementFilters,
    MovementOut,
    MovementPatch,
    NotificationFilters,
    NotificationOut,
    PledgeCreate,
    PledgeOut,
    PledgePatch,
    RegistrationBoardOut,
    RegistrationIn,
    RegistrationOut,
    ReportBoardOut,
    ReportDraftIn,
    ReportOut,
    ReturnIn,
    SignatureOut,
    SignIn,
    TaskOut,
)
from cycle import exports, permissions, uploads
from cycle.models import (
    Block,
    Conference,
    Movement,
    Pledge,
    PledgeClause,
    Registration,
    Report,
    ReportKind,
)
from cycle.services import CycleError, blocks, conferences, pledges, registration, reports, tasks
from honours.models import Title
from organisation import permissions as org_perms
from organisation.models import Person, Unit

router = Router()

PathVersion = Annotated[int, Path(ge=1, le=32_767)]


def refusals(view):
    """A change refused by the cycle's rules is a 422 with the rule's (Vietnamese) message."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except CycleError as error:
            raise HttpError(422, str(error)) from error

    return wrapper


# Access -----------------------------------------------------------------------------------
# The pledge, conference and report helpers are those of the pages (cycle/views/*.py), on top of
# cycle.permissions.


def _units(ids: list[int]) -> list[Unit]:
    """Units by id, in the order given; an unknown id is a 422 (any unit may be a block member, as in
    the UI, where members outside the managing body are named by their refs)."""
    found = Unit.objects.in_bulk(ids)
    if missing := [i for i in ids if i not in found]:
        raise HttpError(422, _("Không tìm thấy đơn vị: %(refs)s.") % {"refs": ", ".join(map(str, missing))})
    return [found[i] for i in ids]


def _writable_units(user, ids: list[int]) -> list[Unit]:
    """Units the user may write, in order: 404 for one outside the scope, 403 for a read-only one."""
    return [org_perms.get_unit_for_user(user, pk, write=True) for pk in ids]


def _clause_for(pledge: Pledge, pk) -> PledgeClause:
    clause = pledge.clauses.filter(pk=pk).first()
    if clause is None:
        raise Http404
    clause.pledge = pledge
    return clause


def _movement(user, pk) -> Movement | None:
    return None if pk is None else permissions.get_movement_for_user(user, pk)


def _check_block_name_free(managed_by_id: int, year: int, name: str, block: Block | None = None) -> None:
    taken = Block.objects.filter(managed_by_id=managed_by_id, year=year, name=name)
    if block is not None:
        taken = taken.exclude(pk=block.pk)
    if taken.exists():
        raise HttpError(409, _("Đã có khối cùng tên trong năm %(year)s.") % {"year": year})


# Output -------------------------------------------------------------------------------------


def _pledge_out(pledge: Pledge) -> dict:
    members = [m.unit for m in pledge.block.memberships.select_related("unit")]
    signatures = list(pledge.signatures.select_related("unit"))
    signed = {s.unit_id for s in signatures}
    order = {u.pk: i for i, u in enumerate(members)}
    return {
        "id": pledge.pk,
        "block": pledge.block_id,
        "version": pledge.version,
        "title": pledge.title,
        "preamble": pledge.preamble,
        "status": pledge.status,
        "place": pledge.place,
        "signing_date": pledge.signing_date,
        "adopted_at": pledge.adopted_at_id,
        "clauses": list(pledge.clauses.order_by("order")),
        "signatures": sorted(signatures, key=lambda s: order.get(s.unit_id, len(order))),
        "unsigned": [u for u in members if u.pk not in signed],
    }


def _registration_out(block: Block, unit: Unit) -> dict:
    found = (
        Registration.objects.filter(block=block, unit=unit)
        .prefetch_related("titles", "targets", "people__person", "people__title")
        .first()
    )
    return {
        "block": block.pk,
        "unit": unit,
        "status": found.status if found else "none",
        "titles": list(found.titles.all()) if found else [],
        "targets": list(found.targets.all()) if found else [],
        "people": list(found.people.all()) if found else [],
        "confirmed_at": found.confirmed_at if found else None,
        "updated_at": found.updated_at if found else None,
    }


def _report_out(block: Block, unit: Unit, kind: str) -> dict:
    report = Report.objects.filter(block=block, unit=unit, kind=kind).first()
    deadline = reports.deadline_of(block, kind)
    texts = dict(report.sections.values_list("section_id", "text")) if report else {}
    first = report.events.filter(action=Report.Status.SUBMITTED).first() if report else None
    return {
        "id": report.pk if report else None,
        "block": block.pk,
        "unit": unit,
        "kind": kind,
        "status": report.status if report else "none",
        "deadline": deadline,
        "submitted_at": report.submitted_at if report else None,
        "returned_reason": report.returned_reason if report else "",
        "late": first is not None and reports.is_late(first.at, deadline),
        "sections": [
            {"id": s.pk, "order": s.order, "heading": s.heading, "guidance": s.guidance, "text": texts.get(s.pk, "")}
            for s in block.outline.all()
        ],
        "attachments": list(report.attachments.order_by("uploaded_at", "pk")) if report else [],
        "events": list(report.events.select_related("by")) if report else [],
    }


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


# Movements ----------------------------------------------------------------------------------


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
@refusals
def create_movement(request, payload: MovementCreate):
    if not org_perms.can_import(request.auth):
        raise PermissionDenied
    launched_by = org_perms.get_unit_for_user(request.auth, payload.launched_by, write=True)
    covers = _writable_units(request.auth, payload.covers)
    fields = payload.model_dump(exclude={"launched_by", "covers"})
    return blocks.create_movement(by=request.auth, covers=covers, launched_by=launched_by, **fields)


@router.patch("/movements/{movement_id}", response=MovementOut, tags=["movements"], summary="Sửa phong trào")
@refusals
def update_movement(request, payload: MovementPatch, movement_id: PathId):
    movement = permissions.get_movement_for_user(request.auth, movement_id, write=True)
    changes = payload.model_dump(exclude_unset=True)
    covers = _writable_units(request.auth, changes.pop("covers")) if changes.get("covers") is not None else None
    changes.pop("covers", None)
    if "launched_by" in changes:
        changes["launched_by"] = org_perms.get_unit_for_user(request.auth, changes["launched_by"], write=True)
    return blocks.update_movement(movement, by=request.auth, covers=covers, **changes)


# Blocks -------------------------------------------------------------------------------------


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
@refusals
def create_block(request, payload: BlockCreate):
    if not org_perms.can_import(request.auth):
        raise PermissionDenied
    managed_by = org_perms.get_unit_for_user(request.auth, payload.managed_by, write=True)
    movement = _movement(request.auth, payload.movement)
    members = _units(payload.members)
    by_id = {u.pk: u for u in members}
    leaders = _units([pk for pk in (payload.leader, payload.deputy) if pk is not None and pk not in by_id])
    by_id |= {u.pk: u for u in leaders}
    _check_block_name_free(managed_by.pk, payload.year, payload.name)
    fields = payload.model_dump(exclude={"managed_by", "movement", "members", "leader", "deputy"})
    block = blocks.create_block(
        by=request.auth,
        members=members,
        managed_by=managed_by,
        movement=movement,
        leader=by_id.get(payload.leader),
        deputy=by_id.get(payload.deputy),
        **fields,
    )
    return permissions.get_block_for_user(request.auth, block.pk)


@router.patch("/blocks/{block_id}", response=BlockDetailOut, tags=["blocks"], summary="Sửa khối")
@refusals
def update_block(request, payload: BlockPatch, block_id: PathId):
    block = permissions.get_block_for_user(request.auth, block_id, write=True)
    changes = payload.model_dump(exclude_unset=True)
    if "movement" in changes:
        changes["movement"] = _movement(request.auth, changes["movement"])
    if "name" in changes or "year" in changes:
        _check_block_name_free(
            block.managed_by_id, changes.get("year", block.year), changes.get("name", block.name), block
        )
    blocks.update_block(block, by=request.auth, **changes)
    return block


@router.put(
    "/blocks/{block_id}/members",
    response=BlockDetailOut,
    tags=["blocks"],
    summary="Thay danh sách đơn vị thành viên (khối trưởng, khối phó phải còn là thành viên)",
)
@refusals
def set_members(request, payload: MembersIn, block_id: PathId):
    block = permissions.get_block_for_user(request.auth, block_id, write=True)
    blocks.set_block_members(block, _units(payload.members), by=request.auth)
    return block


@router.put(
    "/blocks/{block_id}/leaders",
    response=BlockDetailOut,
    tags=["blocks"],
    summary="Khối trưởng, khối phó của năm và căn cứ",
)
@refusals
def set_leaders(request, payload: LeadersIn, block_id: PathId):
    block = permissions.get_block_for_user(request.auth, block_id, write=True)
    found = {u.pk: u for u in _units([pk for pk in (payload.leader, payload.deputy) if pk is not None])}
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
@refusals
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


# Registration -------------------------------------------------------------------------------


@router.get(
    "/blocks/{block_id}/registrations",
    response=RegistrationBoardOut,
    tags=["registration"],
    summary="Bảng đăng ký thi đua của khối",
    description="Cho khối trưởng, khối phó và cơ quan quản lý khối; đơn vị thành viên đọc đăng ký "
    "của mình tại /blocks/{block_id}/registrations/{unit_id}.",
)
def registration_board(request, block_id: PathId):
    block = permissions.get_block_for_user(request.auth, block_id)
    if not permissions.can_lead_block(request.auth, block):
        raise PermissionDenied
    board = registration.registration_board(block)
    return {
        "columns": board["columns"],
        "totals": board["totals"],
        "rows": [row | {"state": str(row["state"])} for row in board["rows"]],
    }


@router.get(
    "/blocks/{block_id}/registrations/{unit_id}",
    response=RegistrationOut,
    tags=["registration"],
    summary="Đăng ký thi đua của một đơn vị thành viên (status `none`: chưa đăng ký)",
)
def get_registration(request, block_id: PathId, unit_id: PathId):
    block = permissions.get_block_for_user(request.auth, block_id)
    return _registration_out(block, permissions.get_member_unit_for_reader(request.auth, block, unit_id))


@router.put(
    "/blocks/{block_id}/registrations/{unit_id}",
    response=RegistrationOut,
    tags=["registration"],
    summary="Ghi toàn bộ đăng ký thi đua của đơn vị (một đăng ký đã xác nhận trở lại dự thảo)",
)
@refusals
def save_registration(request, payload: RegistrationIn, block_id: PathId, unit_id: PathId):
    block = permissions.get_block_for_user(request.auth, block_id)
    unit = permissions.get_member_unit_for_user(request.auth, block, unit_id)
    title_ids = payload.titles + [row.title for row in payload.people]
    titles = Title.objects.filter(active=True).in_bulk(title_ids)
    if missing := sorted({pk for pk in title_ids if pk not in titles}):
        raise HttpError(422, _("Không tìm thấy danh hiệu: %(ids)s.") % {"ids": ", ".join(map(str, missing))})
    people = Person.objects.in_bulk([row.person for row in payload.people])
    if missing := sorted({row.person for row in payload.people if row.person not in people}):
        raise HttpError(422, _("Không tìm thấy cán bộ: %(ids)s.") % {"ids": ", ".join(map(str, missing))})
    registration.save_registration(
        block,
        unit,
        by=request.auth,
        titles=[titles[pk] for pk in payload.titles],
        targets=[registration.TargetData(t.text, t.value, t.measure) for t in payload.targets],
        people=[(people[row.person], titles[row.title]) for row in payload.people],
    )
    return _registration_out(block, unit)


@router.post(
    "/blocks/{block_id}/registrations/{unit_id}/confirm",
    response=RegistrationOut,
    tags=["registration"],
    summary="Thủ trưởng đơn vị xác nhận đăng ký thi đua",
)
@refusals
def confirm_registration(request, block_id: PathId, unit_id: PathId):
    block = permissions.get_block_for_user(request.auth, block_id)
    unit = permissions.get_member_unit_for_user(request.auth, block, unit_id)
    registration.confirm_registration(block, unit, by=request.auth)
    return _registration_out(block, unit)


# Pledges ------------------------------------------------------------------------------------


@router.get(
    "/blocks/{block_id}/pledge",
    response=PledgeOut,
    tags=["pledges"],
    summary="Giao ước hiện hành của khối: điều khoản và chữ ký",
)
def current_pledge(request, block_id: PathId):
    block = permissions.get_block_for_user(request.auth, block_id)
    pledge = pledges.current_pledge(block)
    if pledge is None:
        raise Http404
    pledge.block = block
    return _pledge_out(pledge)


@router.get(
    "/blocks/{block_id}/pledge/{version}",
    response=PledgeOut,
    tags=["pledges"],
    summary="Một phiên bản giao ước của khối",
)
def pledge_version(request, block_id: PathId, version: PathVersion):
    block = permissions.get_block_for_user(request.auth, block_id)
    pledge = block.pledges.filter(version=version).first()
    if pledge is None:
        raise Http404
    pledge.block = block
    return _pledge_out(pledge)


@router.post(
    "/blocks/{block_id}/pledge",
    response={201: PledgeOut},
    tags=["pledges"],
    summary="Lập dự thảo giao ước (khối trưởng, khối phó, cơ quan quản lý)",
)
@refusals
def create_pledge(request, payload: PledgeCreate, block_id: PathId):
    block = permissions.get_block_for_user(request.auth, block_id, lead=True)
    pledge = pledges.create_pledge_draft(block, title=payload.title, preamble=payload.preamble, by=request.auth)
    pledge.block = block
    return _pledge_out(pledge)


@router.patch(
    "/pledges/{pledge_id}", response=PledgeOut, tags=["pledges"], summary="Sửa tiêu đề, lời mở đầu của dự thảo"
)
@refusals
def update_pledge(request, payload: PledgePatch, pledge_id: PathId):
    pledge = permissions.get_pledge_for_user(request.auth, pledge_id, lead=True)
    changes = payload.model_dump(exclude_unset=True)
    block = pledge.block
    pledge = pledges.update_pledge(
        pledge,
        title=changes.get("title", pledge.title),
        preamble=changes.get("preamble", pledge.preamble),
        by=request.auth,
    )
    pledge.block = block
    return _pledge_out(pledge)


@router.post(
    "/pledges/{pledge_id}/clauses",
    response={201: ClauseOut},
    tags=["pledges"],
    summary="Thêm điều khoản vào cuối dự thảo",
)
@refusals
def add_clause(request, payload: ClauseIn, pledge_id: PathId):
    pledge = permissions.get_pledge_for_user(request.auth, pledge_id, lead=True)
    return pledges.add_clause(pledge, text=payload.text, by=request.auth)


@router.patch(
    "/pledges/{pledge_id}/clauses/{clause_id}", response=ClauseOut, tags=["pledges"], summary="Sửa nội dung điều khoản"
)
@refusals
def edit_clause(request, payload: ClauseIn, pledge_id: PathId, clause_id: PathId):
    pledge = permissions.get_pledge_for_user(request.auth, pledge_id, lead=True)
    return pledges.edit_clause(_clause_for(pledge, clause_id), text=payload.text, by=request.auth)


@router.delete(
    "/pledges/{pledge_id}/clauses/{clause_id}",
    response={204: None},
    tags=["pledges"],
    summary="Xoá điều khoản (các điều sau lên một số)",
)
@refusals
def delete_clause(request, pledge_id: PathId, clause_id: PathId):
    pledge = permissions.get_pledge_for_user(request.auth, pledge_id, lead=True)
    pledges.delete_clause(_clause_for(pledge, clause_id), by=request.auth)
    return None


@router.post(
    "/pledges/{pledge_id}/clauses/{clause_id}/move",
    response=list[ClauseOut],
    tags=["pledges"],
    summary="Đổi chỗ điều khoản với điều trên (up) hoặc dưới (down); trả về các điều khoản theo thứ tự",
)
@refusals
def move_clause(request, payload: MoveIn, pledge_id: PathId, clause_id: PathId):
    pledge = permissions.get_pledge_for_user(request.auth, pledge_id, lead=True)
    pledges.move_clause(_clause_for(pledge, clause_id), payload.direction, by=request.auth)
    return pledge.clauses.order_by("order")


@router.post(
    "/pledges/{pledge_id}/adopt",
    response=PledgeOut,
    tags=["pledges"],
    summary="Thông qua giao ước; các đơn vị thành viên được thông báo để ký",
)
@refusals
def adopt_pledge(request, payload: AdoptIn, pledge_id: PathId):
    pledge = permissions.get_pledge_for_user(request.auth, pledge_id, lead=True)
    conference = None
    if payload.conference is not None:
        conference = pledge.block.conferences.filter(pk=payload.conference).first()
        if conference is None:
            raise HttpError(422, _("Hội nghị không thuộc khối này."))
    block = pledge.block
    pledge = pledges.adopt_pledge(
        pledge, conference=conference, place=payload.place, signing_date=payload.signing_date, by=request.auth
    )
    pledge.block = block
    return _pledge_out(pledge)


@router.post(
    "/pledges/{pledge_id}/sign/{unit_id}",
    response={201: SignatureOut},
    tags=["pledges"],
    summary="Ghi chữ ký giao ước của một đơn vị thành viên (người ký, chức vụ, ngày ký)",
)
@refusals
def sign_pledge(request, payload: SignIn, pledge_id: PathId, unit_id: PathId):
    pledge = permissions.get_pledge_for_user(request.auth, pledge_id)
    unit = permissions.get_member_unit_for_user(request.auth, pledge.block, unit_id)
    return pledges.sign_pledge(
        pledge,
        unit,
        signer_name=payload.signer_name,
        signer_position=payload.signer_position,
        signed_on=payload.signed_on,
        by=request.auth,
    )


@router.post(
    "/pledges/{pledge_id}/revise",
    response={201: PledgeOut},
    tags=["pledges"],
    summary="Lập phiên bản sửa đổi (dự thảo mới); phiên bản cũ giữ nguyên chữ ký",
)
@refusals
def revise_pledge(request, pledge_id: PathId):
    pledge = permissions.get_pledge_for_user(request.auth, pledge_id, lead=True)
    new = pledges.revise_pledge(pledge, by=request.auth)
    new.block = pledge.block
    return _pledge_out(new)


@router.get(
    "/pledges/{pledge_id}/docx",
    tags=["pledges"],
    summary="Bản giao ước (.docx)",
    openapi_extra={
        "responses": {
            200: {
                "description": "Tệp Word",
                "content": {exports.DOCX: {"schema": {"type": "string", "format": "binary"}}},
            }
        }
    },
)
def pledge_docx(request, pledge_id: PathId):
    pledge = permissions.get_pledge_for_user(request.auth, pledge_id)
    response = HttpResponse(exports.pledge_docx(pledge), content_type=exports.DOCX)
    response["Content-Disposition"] = f'attachment; filename="giao-uoc-{pledge.block.year}-v{pledge.version}.docx"'
    return response


# Reports ------------------------------------------------------------------------------------


def _kind_of(block: Block, kind: ReportKind) -> str:
    if kind not in reports.report_kinds(block):
        raise Http404
    return str(kind.value)


@router.get(
    "/blocks/{block_id}/reports/{kind}",
    response=ReportBoardOut,
    tags=["reports"],
    summary="Bảng theo dõi báo cáo một kỳ: ai đã nộp, nộp muộn, bị trả lại, chưa nộp",
)
def report_board(request, block_id: PathId, kind: ReportKind):
    block = permissions.get_block_for_user(request.auth, block_id)
    board = reports.report_board(block, _kind_of(block, kind))
    return {
        "kind": board["kind"],
        "deadline": board["deadline"],
        "counts": board["counts"],
        "rows": [row | {"report": row["report"].pk if row["report"] else None} for row in board["rows"]],
    }


@router.get(
    "/blocks/{block_id}/reports/{kind}/{unit_id}",
    response=ReportOut,
    tags=["reports"],
    summary="Báo cáo của một đơn vị (status `none`: chưa viết)",
)
def get_report(request, block_id: PathId, kind: ReportKind, unit_id: PathId):
    block = permissions.get_block_for_user(request.auth, block_id)
    kind = _kind_of(block, kind)
    return _report_out(block, permissions.get_member_unit_for_reader(request.auth, block, unit_id), kind)


@router.put(
    "/blocks/{block_id}/reports/{kind}/{unit_id}",
    response=ReportOut,
    tags=["reports"],
    summary="Ghi bản nháp báo cáo theo đề cương (khi đang soạn hoặc bị trả lại)",
)
@refusals
def save_report(request, payload: ReportDraftIn, block_id: PathId, kind: ReportKind, unit_id: PathId):
    block = permissions.get_block_for_user(request.auth, block_id)
    kind = _kind_of(block, kind)
    unit = permissions.get_member_unit_for_user(request.auth, block, unit_id)
    reports.save_report_draft(
        block, unit=unit, kind=kind, texts={s.section: s.text for s in payload.sections}, by=request.auth
    )
    return _report_out(block, unit, kind)


@router.post(
    "/reports/{report_id}/submit",
    response=ReportOut,
    tags=["reports"],
    summary="Nộp báo cáo cho khối trưởng (nộp sau hạn vẫn nhận, ghi là nộp muộn)",
)
@refusals
def submit_report(request, report_id: PathId):
    report = permissions.get_report_for_user(request.auth, report_id, write=True)
    reports.submit_report(report, by=request.auth)
    return _report_out(report.block, report.unit, report.kind)


@router.post(
    "/reports/{report_id}/return",
    response=ReportOut,
    tags=["reports"],
    summary="Trả lại báo cáo kèm lý do (khối trưởng, khối phó, cơ quan quản lý)",
)
@refusals
def return_report(request, payload: ReturnIn, report_id: PathId):
    report = permissions.get_report_for_user(request.auth, report_id, lead=True)
    reports.return_report(report, reason=payload.reason, by=request.auth)
    return _report_out(report.block, report.unit, report.kind)


@router.post(
    "/reports/{report_id}/accept",
    response=ReportOut,
    tags=["reports"],
    summary="Tiếp nhận báo cáo (khối trưởng, khối phó, cơ quan quản lý)",
)
@refusals
def accept_report(request, report_id: PathId):
    report = permissions.get_report_for_user(request.auth, report_id, lead=True)
    reports.accept_report(report, by=request.auth)
    return _report_out(report.block, report.unit, report.kind)


@router.get(
    "/reports/{report_id}/attachments",
    response=list[AttachmentOut],
    tags=["reports"],
    summary="Tệp đính kèm của báo cáo",
)
def list_attachments(request, report_id: PathId):
    report = permissions.get_report_for_user(request.auth, report_id)
    return report.attachments.order_by("uploaded_at", "pk")


@router.post(
    "/reports/{report_id}/attachments",
    response={201: AttachmentOut},
    tags=["reports"],
    summary="Đính kèm một tệp (multipart, trường `file`)",
    description="Chỉ nhận PDF, Word (.docx), Excel (.xlsx): đuôi tệp và nội dung phải khớp; tối đa 20 tệp mỗi báo cáo.",
)
@refusals
def add_attachment(request, report_id: PathId, file: File[UploadedFile]):
    report = permissions.get_report_for_user(request.auth, report_id, write=True)
    return reports.add_attachment(report, file, by=request.auth)


@router.get(
    "/attachments/{attachment_id}",
    tags=["reports"],
    summary="Tải tệp đính kèm",
    openapi_extra={
        "responses": {
            200: {
                "description": "Tệp",
                "content": {"application/octet-stream": {"schema": {"type": "string", "format": "binary"}}},
            }
        }
    },
)
def download_attachment(request, attachment_id: PathId):
    attachment = permissions.get_attachment_for_user(request.auth, attachment_id)
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError as error:
        raise Http404 from error
    known = attachment.content_type in uploads.CONTENT_TYPES.values()
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=attachment.original_name,
        content_type=attachment.content_type if known else "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


@router.delete(
    "/attachments/{attachment_id}", response={204: None}, tags=["reports"], summary="Gỡ tệp khỏi báo cáo đang soạn"
)
@refusals
def delete_attachment(request, attachment_id: PathId):
    attachment = permissions.get_attachment_for_user(request.auth, attachment_id, write=True)
    reports.remove_attachment(attachment, by=request.auth)
    return None


# Conferences --------------------------------------------------------------------------------


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
@refusals
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


@router.put(
    "/conferences/{conference_id}/attendance",
    response=ConferenceDetailOut,
    tags=["conferences"],
    summary="Ghi thành phần tham dự của các đơn vị thành viên",
)
@refusals
def record_attendance(request, payload: AttendanceListIn, conference_id: PathId):
    conference = permissions.get_conference_for_user(request.auth, conference_id, lead=True)
    rows = {row.unit: row.model_dump(exclude={"unit"}) for row in payload.attendance}
    conferences.record_attendance(conference, rows, by=request.auth)
    return _conference_out(conference)


# Me -----------------------------------------------------------------------------------------


@router.get("/me/tasks", response=list[TaskOut], tags=["me"], summary="Việc bạn cần làm, hạn sớm nhất trước")
def my_tasks(request):
    return tasks.open_tasks(request.auth, timezone.localdate())


@router.get(
    "/me/notifications", response=list[NotificationOut], tags=["me"], summary="Thông báo của bạn, mới nhất trước"
)
@paginate(Page)
def my_notifications(request, filters: Query[NotificationFilters]):
    notifications = request.auth.notifications.all()
    if filters.unread:
        notifications = notifications.filter(read_at__isnull=True)
    return notifications.order_by("-created_at", "-pk")
