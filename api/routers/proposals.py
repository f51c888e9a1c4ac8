"""Proposals: the list and the dashboard, a proposal with its lines and the engine's verdicts, and
its status changes. Access exactly as on the pages (``commendation.permissions.get_proposal_for_user``:
outsiders 404, read-only roles 403); every change through ``commendation.services.proposals``, whose
refusals are a 422 with their Vietnamese message."""

from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import File, Form, Query, Status
from ninja.errors import HttpError
from ninja.files import UploadedFile
from ninja.pagination import paginate

from api.routers.common import Router, awards_refusals
from api.schemas.common import Choice, Id, Message, Page, PathId
from api.schemas.jobs import JobOut
from api.schemas.proposals import (
    DashboardOut,
    DossierFileOut,
    JustificationIn,
    LineFilters,
    LineIn,
    LineOut,
    LinesExcludedOut,
    LinesExcludeIn,
    ProposalDetailOut,
    ProposalIn,
    ProposalOut,
    QuotaIn,
    QuotaOut,
    ReasonIn,
    ReportIn,
    ReportOut,
)
from commendation import jobs as document_jobs
from commendation import permissions as awards_perms
from commendation.models import DossierFile, Proposal, ProposalLine, Quota
from commendation.services import dashboard as proposal_dashboard
from commendation.services import dossier_files, quotas
from commendation.services import proposals as wf
from commendation.services.batch import LineFilter, exclude_lines, filter_lines, lines_xlsx
from commendation.services.prefill import prefill_from_registration_and_engine
from commendation.services.verdicts import check_lines
from cycle import permissions as cycle_perms
from cycle.models import Block, Movement
from honours.models import AwardForm, Title
from organisation import permissions as org_perms
from organisation.models import Person, Unit

router = Router(tags=["proposals"], operation_ids="api_routers_proposals")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _line(line: ProposalLine) -> dict:
    return {
        "id": line.pk,
        "order": line.order,
        "person_id": line.person_id,
        "unit_id": line.unit_id,
        "name": wf.holder_name(line),
        "title": line.title.code if line.title_id else None,
        "award_form": line.award_form.code if line.award_form_id else None,
        "achievement": line.achievement,
        "summary": line.summary,
        "engine_status": line.engine_status,
        "engine_ruleset": line.engine_ruleset,
        "engine_failures": line.engine_failures,
        "justification": line.justification,
        "outcome": line.outcome,
    }


def _detail(proposal: Proposal) -> dict:
    lines = proposal.lines.select_related("person", "unit", "title", "award_form")
    return {
        **ProposalOut.from_orm(proposal).dict(by_alias=True),
        "lines": [_line(x) for x in lines],
        "quota_warnings": [w.message for w in quotas.quota_warnings(proposal)],
    }


@router.get("", response=list[ProposalOut], summary="Các đề nghị khen thưởng bạn được xem")
def list_proposals(request, year: int | None = None, status: str = ""):
    rows = awards_perms.visible_proposals(request.auth).order_by("-year", "pk")
    if year:
        rows = rows.filter(year=year)
    if status:
        rows = rows.filter(status=status)
    return rows[:1000]


@router.get("/dashboard", response=list[DashboardOut], summary="Số đề nghị theo trạng thái, từng phong trào")
def dashboard(request, year: int):
    return [
        {"movement": r.movement_id, "name": r.movement, "counts": r.counts, "total": r.total, "lines": r.lines}
        for r in proposal_dashboard.dashboard(awards_perms.visible_proposals(request.auth), year=year)
    ]


def _quota(quota) -> dict:
    count, scope = quotas.quota_usage(quota)
    return {
        "id": quota.pk,
        "year": quota.year,
        "scope": scope,
        "block": quota.block_id,
        "council_unit": quota.council_unit_id,
        "title": quota.title.code if quota.title else None,
        "award_form": quota.award_form.code if quota.award_form else None,
        "limit": quota.limit,
        "proposed": count,
    }


@router.get("/quotas", response=list[QuotaOut], summary="Chỉ tiêu số lượng của năm và số đã đề nghị")
def list_quotas(request, year: int):
    return [_quota(q) for q in awards_perms.visible_quotas(request.auth, year)]


@router.post("/quotas", response={201: QuotaOut}, summary="Đặt (hoặc sửa) một chỉ tiêu số lượng")
@awards_refusals
def set_quota(request, payload: QuotaIn):
    blocks, bodies = awards_perms.quota_scopes_for_user(request.auth, payload.year)
    block = council_unit = None
    if payload.block is not None:
        block = Block.objects.filter(pk=payload.block).first()
        if block is None or not cycle_perms.visible_blocks(request.auth).filter(pk=block.pk).exists():
            raise Http404
        if block not in blocks:
            raise PermissionDenied
    if payload.council_unit is not None:
        council_unit = Unit.objects.filter(pk=payload.council_unit).first()
        if council_unit is None or not awards_perms.reads_body(request.auth, council_unit):
            raise Http404
        if not bodies.filter(pk=council_unit.pk).exists():
            raise PermissionDenied
    title = get_object_or_404(Title, code=payload.title) if payload.title else None
    award_form = get_object_or_404(AwardForm, code=payload.award_form) if payload.award_form else None
    quota = quotas.set_quota(
        year=payload.year,
        limit=payload.limit,
        by=request.auth,
        block=block,
        council_unit=council_unit,
        title=title,
        award_form=award_form,
    )
    return Status(201, _quota(quota))


@router.delete("/quotas/{quota_id}", response={204: None}, summary="Xoá một chỉ tiêu")
def delete_quota(request, quota_id: PathId):
    quota = Quota.objects.select_related("block", "council_unit").filter(pk=quota_id).first()
    if quota is None or not awards_perms.visible_quotas(request.auth, quota.year).filter(pk=quota.pk).exists():
        raise Http404
    if not awards_perms.can_change_quota(request.auth, quota):
        raise PermissionDenied
    quotas.delete_quota(quota, by=request.auth)
    return Status(204, None)


@router.post("", response={201: ProposalDetailOut}, summary="Lập đề nghị")
@awards_refusals
def create(request, payload: ProposalIn):
    user = request.auth
    unit = org_perms.get_unit_for_user(user, payload.unit, write=True)
    to_unit = get_object_or_404(Unit, pk=payload.to_unit)
    proposal = wf.create_proposal(
        unit=unit,
        to_unit=to_unit,
        year=payload.year,
        kind=payload.kind,
        movement=_movement(payload.movement),
        title=payload.title,
        achievement=payload.achievement,
        number=payload.number,
        by=user,
    )
    return Status(201, _detail(proposal))


def _movement(pk):
    return get_object_or_404(Movement, pk=pk) if pk else None


@router.get("/{pk}", response=ProposalDetailOut, summary="Một đề nghị với các dòng và kết quả kiểm tra")
def detail(request, pk: PathId):
    return _detail(awards_perms.get_proposal_for_user(request.auth, pk))


@router.post("/{pk}/lines", response={201: LineOut}, summary="Thêm người, tập thể")
@awards_refusals
def add_line(request, pk: PathId, payload: LineIn):
    proposal = awards_perms.get_proposal_for_user(request.auth, pk, write=True)
    line = wf.add_line(
        proposal,
        by=request.auth,
        person=get_object_or_404(Person, pk=payload.person) if payload.person else None,
        unit=get_object_or_404(Unit, pk=payload.unit) if payload.unit else None,
        title=get_object_or_404(Title, code=payload.title) if payload.title else None,
        award_form=get_object_or_404(AwardForm, code=payload.award_form) if payload.award_form else None,
        summary=payload.summary,
    )
    return Status(201, _line(line))


def _line_filter(proposal: Proposal, filters: LineFilters) -> LineFilter:
    """The service's filter; a unit outside the proposing subtree is refused (422), never ignored."""
    unit = None
    if filters.unit is not None:
        unit = Unit.objects.filter(pk=filters.unit, path__startswith=proposal.unit.path).first()
        if unit is None:
            raise HttpError(422, "unit: " + _("Đơn vị không thuộc đơn vị đề nghị."))
    return LineFilter(
        honour=filters.honour or "", unit=unit, status=filters.status or "", q=(filters.search or "").strip()
    )


class _Lines:
    """Lines of a queryset as the API writes them, for ``paginate``: counted by the database, only the
    page's slice read."""

    def __init__(self, lines):
        self.lines = lines

    def __len__(self):
        return self.lines.count()

    def __getitem__(self, window: slice):
        return [_line(x) for x in self.lines[window]]


@router.get(
    "/{pk}/lines",
    response=list[LineOut],
    summary="Các dòng của đề nghị, theo bộ lọc (phân trang)",
    description="Lọc theo danh hiệu, hình thức (`honour`), đơn vị (`unit`, gồm cấp dưới), kết quả kiểm tra "
    "(`status`) và tên, mã (`search`); theo thứ tự các dòng.",
)
@paginate(Page)
def list_lines(request, pk: PathId, filters: Query[LineFilters]):
    proposal = awards_perms.get_proposal_for_user(request.auth, pk)
    return _Lines(filter_lines(proposal, _line_filter(proposal, filters)))


@router.get(
    "/{pk}/lines.xlsx",
    summary="Xuất các dòng của đề nghị (theo bộ lọc) ra Excel",
    openapi_extra={
        "responses": {
            200: {
                "description": "Tệp Excel",
                "content": {XLSX: {"schema": {"type": "string", "format": "binary"}}},
            },
            422: {"description": "Đơn vị không thuộc đơn vị đề nghị"},
        }
    },
)
def lines_export(request, pk: PathId, filters: Query[LineFilters]):
    proposal = awards_perms.get_proposal_for_user(request.auth, pk)
    data = lines_xlsx(proposal, filter_lines(proposal, _line_filter(proposal, filters)))
    response = HttpResponse(data, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="de-nghi-{proposal.pk}.xlsx"'
    return response


@router.post(
    "/{pk}/lines/exclude",
    response=LinesExcludedOut,
    summary="Bỏ khỏi đề nghị mọi dòng khớp bộ lọc (hoặc các dòng chọn trong đó), một lần",
    description="Như trang đề nghị: `all=true` bỏ mọi dòng khớp bộ lọc; `lines` chỉ bỏ các dòng đó nếu khớp bộ lọc. "
    "Chỉ khi đề nghị đang soạn hoặc bị trả lại; mỗi dòng bỏ được ghi nhật ký và ghi nhớ (với `reason`): lần điền "
    "sẵn sau không thêm lại, xem và khôi phục ở `/{pk}/exclusions`.",
)
@awards_refusals
def exclude(request, pk: PathId, payload: LinesExcludeIn):
    proposal = awards_perms.get_proposal_for_user(request.auth, pk, write=True)
    which = _line_filter(proposal, payload)
    ids = None if payload.all else list(payload.lines or [])
    return {"removed": exclude_lines(proposal, by=request.auth, which=which, ids=ids, reason=payload.reason)}


@router.patch("/{pk}/lines/{line_pk}", response=LineOut, summary="Ghi giải trình của một dòng")
@awards_refusals
def justify(request, pk: PathId, line_pk: PathId, payload: JustificationIn):
    proposal = awards_perms.get_proposal_for_user(request.auth, pk, write=True)
    line = get_object_or_404(ProposalLine, pk=line_pk, proposal=proposal)
    return _line(wf.set_justification(line, payload.justification, by=request.auth))


@router.delete("/{pk}/lines/{line_pk}", response={204: None}, summary="Xoá một dòng")
@awards_refusals
def remove_line(request, pk: PathId, line_pk: PathId):
    proposal = awards_perms.get_proposal_for_user(request.auth, pk, write=True)
    wf.remove_line(get_object_or_404(ProposalLine, pk=line_pk, proposal=proposal), by=request.auth)
    return Status(204, None)


@router.post("/{pk}/submit", response=ProposalDetailOut, summary="Trình đề nghị")
@awards_refusals
def submit(request, pk: PathId):
    proposal = awards_perms.get_proposal_for_user(request.auth, pk, write=True)
    return _detail(wf.submit_proposal(proposal, by=request.auth))


@router.post("/{pk}/resubmit", response=ProposalDetailOut, summary="Trình lại đề nghị đã bị trả lại")
@awards_refusals
def resubmit(request, pk: PathId):
    proposal = awards_perms.get_proposal_for_user(request.auth, pk, write=True)
    return _detail(wf.resubmit_proposal(proposal, by=request.auth))


@router.post("/{pk}/return", response=ProposalDetailOut, summary="Trả lại đề nghị, nêu lý do")
@awards_refusals
def return_(request, pk: PathId, payload: ReasonIn):
    proposal = awards_perms.get_proposal_for_user(request.auth, pk, review=True)
    return _detail(wf.return_proposal(proposal, reason=payload.reason, by=request.auth))


@router.post("/{pk}/review", response=ProposalDetailOut, summary="Đưa đề nghị ra Hội đồng xét")
@awards_refusals
def review(request, pk: PathId):
    proposal = awards_perms.get_proposal_for_user(request.auth, pk, review=True)
    return _detail(wf.start_review(proposal, by=request.auth))


@router.post(
    "/{pk}/prefill",
    response={201: list[LineOut]},
    summary="Điền sẵn từ đăng ký thi đua và danh sách đủ điều kiện",
    description="Thêm các danh hiệu đã đăng ký và các danh hiệu, hình thức bộ quy tắc xác định đủ điều kiện; "
    "trường hợp đã có trong đề nghị được bỏ qua. Trả về các dòng mới thêm.",
)
@awards_refusals
def prefill(request, pk: PathId):
    proposal = awards_perms.get_proposal_for_user(request.auth, pk, write=True)
    created = prefill_from_registration_and_engine(proposal, by=request.auth)
    # Read back with their holders and honours: a seniority batch writes thousands in bulk.
    lines = ProposalLine.objects.filter(pk__in=[x.pk for x in created]).select_related(
        "person", "unit", "title", "award_form"
    )
    return Status(201, [_line(x) for x in lines.order_by("order", "pk")])


@router.post("/{pk}/check", response=list[LineOut], summary="Kiểm tra lại điều kiện các dòng đề nghị")
@awards_refusals
def check(request, pk: PathId):
    proposal = awards_perms.get_proposal_for_user(request.auth, pk, write=True)
    return [_line(x) for x in check_lines(proposal, by=request.auth)]


def _report(proposal: Proposal, line: ProposalLine) -> dict:
    text, saved = dossier_files.achievement_report_text(line)
    return {"line": line.pk, "text": text, "saved": saved, "editable": proposal.status in wf.EDITABLE}


@router.get(
    "/{pk}/lines/{line_pk}/report",
    response=ReportOut,
    summary="Báo cáo thành tích của một dòng (điền sẵn từ hồ sơ cho đến khi được lưu)",
)
def get_report(request, pk: PathId, line_pk: PathId):
    proposal = awards_perms.get_proposal_for_user(request.auth, pk)
    return _report(proposal, get_object_or_404(ProposalLine, pk=line_pk, proposal=proposal))


@router.put("/{pk}/lines/{line_pk}/report", response=ReportOut, summary="Lưu báo cáo thành tích của một dòng")
@awards_refusals
def save_report(request, pk: PathId, line_pk: PathId, payload: ReportIn):
    proposal = awards_perms.get_proposal_for_user(request.auth, pk, write=True)
    line = get_object_or_404(ProposalLine, pk=line_pk, proposal=proposal)
    dossier_files.set_achievement_report(line, text=payload.text, by=request.auth)
    return _report(proposal, line)


@router.get("/{pk}/files", response=list[DossierFileOut], summary="Tài liệu trong hồ sơ đề nghị")
def list_files(request, pk: PathId):
    proposal = awards_perms.get_proposal_for_user(request.auth, pk)
    return proposal.files.order_by("uploaded_at", "pk")


@router.post(
    "/{pk}/files",
    response={201: DossierFileOut},
    summary="Tải lên tài liệu hồ sơ (multipart: trường `file`, `kind`, tuỳ chọn `line`)",
    description="Chỉ nhận PDF, Word (.docx), Excel (.xlsx): đuôi tệp và nội dung phải khớp. "
    "`kind`: memo, report, minutes, initiative, other; `line`: dòng đề nghị mà tài liệu thuộc về.",
)
@awards_refusals
def upload_file(
    request,
    pk: PathId,
    file: File[UploadedFile],
    kind: Form[Choice(DossierFile.Kind, "DossierFileKind")],
    line: Form[Id | None] = None,
):
    proposal = awards_perms.get_proposal_for_user(request.auth, pk, write=True)
    of_line = get_object_or_404(ProposalLine, pk=line, proposal=proposal) if line else None
    stored = dossier_files.attach_dossier_file(proposal, file, kind=kind, by=request.auth, line=of_line)
    return Status(201, stored)


@router.get(
    "/{pk}/files/{file_pk}",
    summary="Tải một tài liệu hồ sơ",
    openapi_extra={
        "responses": {
            200: {
                "description": "Tệp",
                "content": {"application/octet-stream": {"schema": {"type": "string", "format": "binary"}}},
            }
        }
    },
)
def download_file(request, pk: PathId, file_pk: PathId):
    proposal = awards_perms.get_proposal_for_user(request.auth, pk)
    stored = get_object_or_404(DossierFile, pk=file_pk, proposal=proposal)
    try:
        handle = stored.file.open("rb")
    except FileNotFoundError as error:
        raise Http404 from error
    response = FileResponse(handle, as_attachment=True, filename=stored.original_name)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


@router.post(
    "/{pk}/dossier/jobs",
    response={202: JobOut, 404: Message},
    summary="Lập toàn bộ hồ sơ đề nghị (.zip) trong một công việc chạy nền",
    description="Như nút “Toàn bộ hồ sơ (.zip)” của trang đề nghị: 202 kèm công việc; `GET /jobs/{id}` theo dõi tiến độ; "
    "khi xong, `result.url` là đường dẫn tải tệp (`GET /proposals/{pk}/dossier/jobs/{job_id}`).",
)
def start_dossier(request, pk: PathId):
    proposal = awards_perms.get_proposal_for_user(request.auth, pk)
    return Status(202, document_jobs.start_dossier(proposal, by=request.auth))


@router.get(
    "/{pk}/dossier/jobs/{job_id}",
    summary="Tải hồ sơ đề nghị (.zip) do một công việc đã lập",
    response={200: None, 404: Message},
    openapi_extra={
        "responses": {200: {"content": {"application/zip": {"schema": {"type": "string", "format": "binary"}}}}}
    },
)
def download_dossier(request, pk: PathId, job_id: PathId):
    proposal = awards_perms.get_proposal_for_user(request.auth, pk)
    name, filename = document_jobs.stored_file(job_id, document_jobs.DOSSIER, proposal_id=proposal.pk)
    return FileResponse(default_storage.open(name, "rb"), as_attachment=True, filename=filename)
