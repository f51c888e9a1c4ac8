"""The "Công việc" pages: the user's jobs, a page at a time, and one job with its progress bar (polled with htmx
every 2 s while it is queued or running), its result or its error. Read-only: jobs are started by the pages of
what they do (an import, a dossier …)."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render
from django.views.decorators.http import require_GET

from jobs import permissions

PER_PAGE = 25


@login_required
@require_GET
def job_list(request):
    everyone = request.GET.get("all") == "1" and permissions.sees_all(request.user)
    page = Paginator(permissions.jobs_for_user(request.user, everyone=everyone), PER_PAGE).get_page(
        request.GET.get("page")
    )
    context = {
        "nav": "jobs",
        "page": page,
        "everyone": everyone,
        "sees_all": permissions.sees_all(request.user),
        "query": "all=1" if everyone else "",
    }
    return render(request, "jobs/job_list.html", context)


@login_required
@require_GET
def job_detail(request, pk):
    job = permissions.get_job_for_user(request.user, pk)
    template = "jobs/job_detail.html" + ("#job" if request.htmx else "")
    return render(request, template, {"job": job, "nav": "jobs"})
