"""Jobs of the queue under /api/v1/jobs, as the "Công việc" pages (``jobs:job_list``, ``jobs:job_detail``): a
user's own jobs (an administrator's: everyone's), each with its status, progress, result or error. Read-only:
a job is started by the operation of what it does (``POST /imports`` …)."""

from ninja.pagination import paginate

from api.routers.common import Router
from api.schemas.common import Message, Page, PathId
from api.schemas.jobs import JobOut
from jobs import permissions

router = Router(tags=["jobs"], operation_ids="api_routers_jobs")


@router.get("", response=list[JobOut], summary="Công việc của tôi (quản trị: của mọi người), mới nhất trước")
@paginate(Page)
def list_jobs(request):
    return permissions.jobs_for_user(request.auth, everyone=True)


@router.get(
    "/{job_id}",
    response={200: JobOut, 404: Message},
    summary="Trạng thái, tiến độ và kết quả hoặc lỗi của một công việc",
)
def get_job(request, job_id: PathId):
    return permissions.get_job_for_user(request.auth, job_id)
