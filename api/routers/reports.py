"""Reports to the block: the block's outline and deadlines, the board of one period, a unit's report, drafting, submitting, returning
and accepting it, and its attachments.

Access exactly as in the UI, through ``cycle.permissions`` (404 outside your scope, 403 where you may
read but not act); every change goes through ``cycle.services``. A change the cycle's rules refuse
(``CycleError``) is a 422 with its message.
"""

from django.http import Http404
from ninja import File
from ninja.files import UploadedFile

from api.routers.common import Router, cycle_refusals
from api.schemas.common import PathId
from api.schemas.reports import (
    AttachmentOut,
    OutlineIn,
    OutlineOut,
    ReportBoardOut,
    ReportDraftIn,
    ReportOut,
    ReturnIn,
)
from cycle import permissions, uploads
from cycle.models import Block, Report, ReportKind
from cycle.services import reports
from organisation.models import Unit

router = Router(operation_ids="api_routers_cycle")


def _kind_of(block: Block, kind: ReportKind) -> str:
    if kind not in reports.report_kinds(block):
        raise Http404
    return str(kind.value)


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


def _outline_out(block: Block) -> dict:
    deadlines = {d.kind: d.deadline for d in block.report_deadlines.all()}
    return {
        "block": block.pk,
        "sections": list(block.outline.all()),
        "deadlines": {kind: deadlines.get(kind) for kind in ReportKind.values},
        "kinds": reports.report_kinds(block),
    }


@router.get(
    "/blocks/{block_id}/outline",
    response=OutlineOut,
    tags=["reports"],
    summary="Đề cương báo cáo của khối và hạn nộp từng kỳ",
)
def get_outline(request, block_id: PathId):
    return _outline_out(permissions.get_block_for_user(request.auth, block_id))


@router.put(
    "/blocks/{block_id}/outline",
    response=OutlineOut,
    tags=["reports"],
    summary="Ghi toàn bộ đề cương báo cáo (và hạn nộp) của khối: khối trưởng, khối phó, cơ quan quản lý",
    description="Đề mục theo thứ tự gửi lên: có `id` thì sửa, không có thì thêm, không gửi thì xoá (không xoá "
    "được đề mục đã có đơn vị viết nội dung). Tất cả hoặc không gì thay đổi.",
)
@cycle_refusals
def save_outline(request, payload: OutlineIn, block_id: PathId):
    block = permissions.get_block_for_user(request.auth, block_id, lead=True)
    reports.set_outline(
        block,
        sections=[reports.SectionData(s.heading, s.guidance, s.id) for s in payload.sections],
        deadlines=payload.deadlines.model_dump() if payload.deadlines is not None else None,
        by=request.auth,
    )
    return _outline_out(block)


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
@cycle_refusals
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
@cycle_refusals
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
@cycle_refusals
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
@cycle_refusals
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
@cycle_refusals
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
    return uploads.download_response(attachment)


@router.delete(
    "/attachments/{attachment_id}", response={204: None}, tags=["reports"], summary="Gỡ tệp khỏi báo cáo đang soạn"
)
@cycle_refusals
def delete_attachment(request, attachment_id: PathId):
    attachment = permissions.get_attachment_for_user(request.auth, attachment_id, write=True)
    reports.remove_attachment(attachment, by=request.auth)
    return None
