"""The user's notifications: the list, and marking them all read. (Open tasks show on the home page.)"""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from cycle.services import tasks

PER_PAGE = 50


@login_required
def notification_list(request):
    notifications = request.user.notifications.order_by("-created_at", "-pk")
    page = Paginator(notifications, PER_PAGE).get_page(request.GET.get("page"))
    unread = request.user.notifications.filter(read_at__isnull=True).count()
    return render(request, "cycle/notifications.html", {"nav": "home", "page": page, "unread": unread})


@login_required
@require_POST
def notification_read_all(request):
    tasks.mark_notifications_read(request.user)
    return redirect("cycle:notification_list")
