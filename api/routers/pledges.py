"""Pledges (giao ước thi đua): the block's current pledge and its versions, drafting, clauses,
adoption, signatures, revision and the Word copy.

Access exactly as in the UI, through ``cycle.permissions`` (404 outside your scope, 403 where you may
read but not act); every change goes through ``cycle.services``. A change the cycle's rules refuse
(``CycleError``) is a 422 with its message.
"""

from django.http import Http404, HttpResponse
from django.utils.translation import gettext as _
from ninja.errors import HttpError

from api.routers.common import Router, cycle_refusals
from api.schemas.common import PathId
from api.schemas.pledges import (
    AdoptIn,
    ClauseIn,
    ClauseOut,
    MoveIn,
    PathVersion,
    PledgeCreate,
    PledgeOut,
    PledgePatch,
    SignatureOut,
    SignIn,
)
from cycle import exports, permissions
from cycle.models import Pledge, PledgeClause
from cycle.services import pledges

router = Router(operation_ids="api_routers_cycle")


def _clause_for(pledge: Pledge, pk) -> PledgeClause:
    clause = pledge.clauses.filter(pk=pk).first()
    if clause is None:
        raise Http404
    clause.pledge = pledge
    return clause


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
@cycle_refusals
def create_pledge(request, payload: PledgeCreate, block_id: PathId):
    block = permissions.get_block_for_user(request.auth, block_id, lead=True)
    pledge = pledges.create_pledge_draft(block, title=payload.title, preamble=payload.preamble, by=request.auth)
    pledge.block = block
    return _pledge_out(pledge)


@router.patch(
    "/pledges/{pledge_id}", response=PledgeOut, tags=["pledges"], summary="Sửa tiêu đề, lời mở đầu của dự thảo"
)
@cycle_refusals
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
@cycle_refusals
def add_clause(request, payload: ClauseIn, pledge_id: PathId):
    pledge = permissions.get_pledge_for_user(request.auth, pledge_id, lead=True)
    return pledges.add_clause(pledge, text=payload.text, by=request.auth)


@router.patch(
    "/pledges/{pledge_id}/clauses/{clause_id}", response=ClauseOut, tags=["pledges"], summary="Sửa nội dung điều khoản"
)
@cycle_refusals
def edit_clause(request, payload: ClauseIn, pledge_id: PathId, clause_id: PathId):
    pledge = permissions.get_pledge_for_user(request.auth, pledge_id, lead=True)
    return pledges.edit_clause(_clause_for(pledge, clause_id), text=payload.text, by=request.auth)


@router.delete(
    "/pledges/{pledge_id}/clauses/{clause_id}",
    response={204: None},
    tags=["pledges"],
    summary="Xoá điều khoản (các điều sau lên một số)",
)
@cycle_refusals
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
@cycle_refusals
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
@cycle_refusals
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
@cycle_refusals
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
@cycle_refusals
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
