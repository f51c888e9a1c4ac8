"""Statistics: every tally of the dashboard as JSON (for the national commendation database and the
cadre database). Filters as on the dashboard's query string: year_from, year_to (or year), unit,
block, movement, recipient, kind (title|form), level. Outsiders get 404 for a scope outside theirs."""

from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpResponse
from ninja import Query, Status

from api.routers.common import Router
from api.schemas.common import Message, PathCode, PathId
from api.schemas.jobs import JobOut
from api.schemas.stats import Dimension, HonourRow, ReportJobQuery, ScopeFilters, TallyOut, TrendRow
from cycle import permissions as cycle_perms
from stats import jobs as report_jobs
from stats import reports, tallies
from stats.permissions import scope_for

router = Router(tags=["stats"], operation_ids="api_routers_stats")


@router.get(
    "/tally/{by}",
    response=TallyOut,
    summary="Số lượt khen thưởng theo một chiều (năm, đối tượng, loại, cấp, hình thức, cơ quan)",
)
def tally(request, by: Dimension, filters: Query[ScopeFilters], annulled: bool = False):
    if by not in tallies.DIMENSIONS:
        raise Http404
    scope = scope_for(request.auth, request.GET)
    rows = tallies.tally(scope, by, annulled=annulled)
    return {
        "scope": scope.label,
        "year_from": scope.year_from,
        "year_to": scope.year_to,
        "by": by,
        "rows": [
            {
                "key": r.key if not isinstance(r.key, tuple) else "-".join(map(str, r.key)),
                "label": r.label,
                "count": r.count,
            }
            for r in rows
        ],
        "total": sum(r.count for r in rows),
        "annulled": tallies.total(scope, annulled=True),
    }


@router.get("/trend", response=list[TrendRow], summary="Xu hướng qua các năm: tập thể, cá nhân, đã huỷ bỏ")
def trend(request, filters: Query[ScopeFilters]):
    return tallies.trend(scope_for(request.auth, request.GET))


@router.get("/honours", response=list[HonourRow], summary="Tổng hợp theo hình thức và đối tượng")
def honours(request, filters: Query[ScopeFilters]):
    return tallies.honours_by_recipient(scope_for(request.auth, request.GET))


@router.get("/blocks/{pk}/history", summary="Lịch sử xếp hạng, khối trưởng, khối phó của khối")
def block_history(request, pk: int):
    rows = tallies.block_history(cycle_perms.get_block_for_user(request.auth, pk))
    for row in rows:
        for s in row["standings"]:
            s["vote_share"] = float(s["vote_share"]) if s["vote_share"] is not None else None
    return rows


@router.get("/blocks/{pk}/achievement", summary="Đăng ký và kết quả thực hiện chỉ tiêu")
def block_achievement(request, pk: int):
    return tallies.registration_achievement([cycle_perms.get_block_for_user(request.auth, pk)])


@router.get(
    "/reports/{code}",
    summary="Báo cáo theo biểu mẫu (mã, phiên bản đang áp dụng hoặc theo yêu cầu): json, xlsx hoặc docx",
    description="Tệp xlsx, docx lập ngay trong yêu cầu (giữ cho các hệ thống đang dùng); nên dùng "
    "`POST /stats/reports/{code}/jobs` để lập tệp trong một công việc chạy nền.",
)
def report(request, code: str, format: str = "json"):
    if format not in ("json", "xlsx", "docx"):
        raise Http404
    data = reports.from_params(request.auth, code, request.GET)
    if format == "json":
        return reports.to_json(data)
    body = reports.to_xlsx(data) if format == "xlsx" else reports.to_docx(data)
    response = HttpResponse(body, content_type=reports.XLSX if format == "xlsx" else reports.DOCX)
    response["Content-Disposition"] = f'attachment; filename="{reports.filename(data, format)}"'
    return response


@router.post(
    "/reports/{code}/jobs",
    response={202: JobOut, 404: Message},
    summary="Lập tệp báo cáo theo biểu mẫu (xlsx hoặc docx) trong một công việc chạy nền",
    description="Như nút “Tải Excel”, “Tải Word” của trang báo cáo: 202 kèm công việc; `GET /jobs/{id}` theo dõi "
    "tiến độ; khi xong, `result.url` là đường dẫn tải tệp (`GET /stats/reports/{code}/jobs/{job_id}`). Một công "
    "việc giống hệt (cùng biểu mẫu, phiên bản, năm, đơn vị, định dạng) của bạn còn đang chờ hoặc đang chạy thì "
    "được trả lại, không lập lần nữa. Biểu mẫu, phiên bản hoặc đơn vị ngoài phạm vi: 404.",
)
def start_report(request, code: PathCode, q: Query[ReportJobQuery]):
    params = {k: str(v) for k, v in q.dict().items() if v is not None and k != "format"}
    job, _queued = report_jobs.start_report(request.auth, code, params, fmt=q.format)
    return Status(202, job)


@router.get(
    "/reports/{code}/jobs/{job_id}",
    summary="Tải tệp báo cáo theo biểu mẫu do một công việc đã lập",
    response={200: None, 404: Message},
    openapi_extra={
        "responses": {
            200: {
                "content": {
                    reports.XLSX: {"schema": {"type": "string", "format": "binary"}},
                    reports.DOCX: {"schema": {"type": "string", "format": "binary"}},
                }
            }
        }
    },
)
def download_report(request, code: PathCode, job_id: PathId):
    name, filename = report_jobs.report_file(request.auth, job_id, code=code)
    return FileResponse(default_storage.open(name, "rb"), as_attachment=True, filename=filename)
