"""The caller's work: the tasks they owe (earliest deadline first) and their notifications.

``GET /me`` itself (who you are, your roles) is in ``api.api``.
"""

from django.utils import timezone
from ninja import Query
from ninja.pagination import paginate

from api.routers.common import Router
from api.schemas.common import Page
from api.schemas.tasks import NotificationFilters, NotificationOut, TaskOut
from cycle.services import tasks

router = Router(operation_ids="api_routers_cycle")


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
