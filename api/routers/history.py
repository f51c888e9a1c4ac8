"""The history import under /api/v1/awards/history (issue 16), as the "Nhập lịch sử thi đua, khen thưởng" page
(``eligibility:history_import``, ``eligibility:history_template``): the same upload checks, the same service
(``eligibility.history.run_history_import``), all or nothing. The dry run of a small file answers at once (200); a big file's
(more than ``settings.HISTORY_DRY_RUN_INLINE_ROWS`` data rows) and the import are jobs of the queue (202 with the
job: ``GET /jobs/{id}`` follows its progress, its result or its errors)."""

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from ninja import File, Form, Status
from ninja.errors import HttpError
from ninja.files import UploadedFile

from api.routers.common import Router
from api.routers.registration import file_refused
from api.schemas.history import HistoryImportOut
from api.schemas.jobs import JobOut
from api.schemas.registration import FileErrorOut
from eligibility import history
from eligibility.history import jobs as history_jobs
from organisation import imports, permissions

router = Router(tags=["awards: history"], operation_ids="api_routers_history")

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@router.post(
    "/history/import",
    response={200: HistoryImportOut, 202: JobOut, 422: FileErrorOut},
    summary="Nhập lịch sử thi đua, khen thưởng từ tệp Excel (.xlsx, multipart: trường `file`, `dry_run`)",
    description="Cùng tệp mẫu và cùng kiểm tra như trang Nhập lịch sử thi đua, khen thưởng: xếp loại cá nhân và "
    "tập thể, danh hiệu, hình thức khen thưởng, sáng kiến, kỷ luật, việc đang xem xét. Cả tệp được kiểm tra trước: "
    "có lỗi thì không ghi gì. `dry_run=true` (chạy thử, không ghi gì): tệp nhỏ (đến "
    f"{settings.HISTORY_DRY_RUN_INLINE_ROWS} dòng dữ liệu) được kiểm tra ngay và cho biết sẽ thêm, đổi bao nhiêu "
    "(200) hoặc mọi lỗi (422, mỗi lỗi nêu sheet, dòng, cột); tệp lớn hơn được chạy thử trong một công việc chạy "
    "nền (202 kèm công việc, loại `history_dry_run`): kết quả của công việc cho biết cùng các con số, hoặc công "
    f"việc thất bại với `result.errors` (tối đa {history_jobs.MAX_ERRORS} lỗi đầu; `result.error_count` là tổng "
    "số lỗi). Không chạy thử thì tệp được nhập trong một công việc chạy nền (202 kèm công việc, loại "
    "`history_import`): "
    "`GET /jobs/{id}` cho biết tiến độ, rồi kết quả (số dòng mới, thay đổi, không thay đổi theo từng loại) hoặc "
    "lỗi (công việc thất bại, `result.errors` nêu sheet, dòng, cột; không ghi gì). Nhập lại cùng tệp không thay "
    "đổi gì. Mỗi dòng phải thuộc phạm vi được ghi.",
)
def import_history(request, file: File[UploadedFile], dry_run: Form[bool] = False):
    if not permissions.can_import(request.auth):
        raise PermissionDenied
    if problem := imports.upload_problem(file):
        raise HttpError(422, "file: " + problem)
    if not dry_run or not history_jobs.checks_inline(file):
        job = history_jobs.submit(history_jobs.keep(file), by=request.auth, name=file.name or "", dry_run=dry_run)
        return Status(202, job)
    result = history.run_history_import(file, by=request.auth, dry_run=True)
    if not result.ok:
        return Status(422, file_refused(result.errors))
    return Status(200, result.as_dict())


@router.get(
    "/history/template",
    response={200: None},
    openapi_extra={"responses": {200: {"content": {XLSX_TYPE: {}}}}},
    summary="Tệp mẫu nhập lịch sử thi đua, khen thưởng (.xlsx, có sheet Hướng dẫn)",
)
def history_template(request):
    response = HttpResponse(history.template_workbook(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{history.FILENAME}"'
    return response
