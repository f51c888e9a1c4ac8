"""Excel imports of units and people under /api/v1/imports (issue 15), as the "Nhập từ Excel" page
(``organisation:import_start``, ``organisation:import_status``): the same checks of the uploaded file, the same
``ImportJob`` started by the same service (``organisation.imports.submit_import``), run all or nothing."""

from django.core.exceptions import PermissionDenied
from ninja import File, Form, Status
from ninja.errors import HttpError
from ninja.files import UploadedFile

from api.routers.common import Router
from api.schemas.common import PathId
from api.schemas.imports import ImportJobOut, ImportKind
from organisation import imports, permissions
from organisation.models import ImportJob

router = Router(tags=["imports"], operation_ids="api_routers_imports")


@router.post(
    "",
    response={202: ImportJobOut},
    summary="Nhập đơn vị hoặc cán bộ từ tệp Excel (.xlsx, multipart: trường `file`, `kind`)",
    description="Cùng tệp mẫu và cùng kiểm tra như trang Nhập từ Excel. Tệp không phải .xlsx, quá lớn hoặc nén "
    "bất thường bị từ chối ngay (422, trường `file`); tệp nhận được chạy thành một lượt nhập: cả tệp được kiểm tra "
    "trước, có lỗi thì không ghi gì. Theo dõi trạng thái, tiến độ và các lỗi ở GET /imports/{id}.",
)
def start_import(request, file: File[UploadedFile], kind: Form[ImportKind]):
    if not permissions.can_import(request.auth):
        raise PermissionDenied
    if problem := imports.upload_problem(file):
        raise HttpError(422, "file: " + problem)
    job = imports.submit_import(kind, file, by=request.auth)
    return Status(202, ImportJob.objects.get(pk=job.pk))


@router.get("/{job_id}", response=ImportJobOut, summary="Trạng thái, tiến độ và các lỗi của một lượt nhập Excel")
def get_import(request, job_id: PathId):
    return imports.get_job_for_user(request.auth, job_id)
