"""The history import page ("Nhập lịch sử thi đua, khen thưởng"): upload, a dry run's preview, the confirmed
import, the template. The file of a dry run is kept (default storage, named in the session) until it is
confirmed, so the user does not upload it twice. Who may write no unit gets 403; every row's person or unit must
be in the user's write scope (``eligibility.history``).

The dry run writes nothing, and the preview is what the user waits for before confirming: a small file's runs in
the request; a big file's (more than ``settings.HISTORY_DRY_RUN_INLINE_ROWS`` data rows) is a job, whose result
is shown here as the preview (``?job=<id>``), with the confirmation when it found no error. The import itself (confirmed, or at once without a preview) is a job of the queue (``eligibility.history.jobs``):
the page redirects to the job's page (its progress bar), whose result links back here (``?job=<id>``: the counts
per kind, or the errors)."""

import os

from django import forms
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from eligibility import history
from eligibility.history import jobs as history_jobs
from jobs import permissions as job_permissions
from organisation import imports, permissions

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SESSION_KEY = "history_import_file"
SESSION_NAME = "history_import_name"


class HistoryUploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Tệp Excel (.xlsx)"),
        widget=forms.ClearableFileInput(attrs={"accept": f".xlsx,{XLSX_TYPE}"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if problem := imports.upload_problem(upload):
            raise forms.ValidationError(problem)
        return upload


def _forget(request) -> None:
    request.session.pop(SESSION_NAME, None)
    history_jobs.forget(request.session.pop(SESSION_KEY, None))


def _started(request, stored: str, name: str, *, dry_run: bool = False):
    job = history_jobs.submit(stored, by=request.user, name=name, dry_run=dry_run)
    return redirect("jobs:job_detail", job.pk)


def _job_result(request, pk: str):
    """The result of an import or dry-run job: its counts per kind, or its errors; the job's page while it runs.
    A dry run's file without errors becomes the one to confirm (its starter's), as after an inline dry run."""
    if not pk.isdigit():
        raise Http404
    job = job_permissions.get_job_for_user(request.user, int(pk))
    if job.kind not in history_jobs.KINDS:
        raise Http404
    if job.in_progress or not isinstance(job.result, dict):
        return redirect("jobs:job_detail", job.pk)
    pending = None
    if stored := history_jobs.pending_file(job, request.user):
        if request.session.get(SESSION_KEY) != stored:
            _forget(request)
            request.session[SESSION_KEY] = stored
        pending = request.session[SESSION_NAME] = job.args.get("name") or os.path.basename(stored)
    return job, job.result, pending


def _hidden_errors(result) -> int:
    """The errors the page does not list (it lists the first ``MAX_ERRORS``; a job keeps no more)."""
    if result is None:
        return 0
    if isinstance(result, dict):
        return max(0, int(result.get("error_count") or 0) - len(result.get("errors") or []))
    return max(0, result.error_count - history_jobs.MAX_ERRORS)


@login_required
@require_http_methods(["GET", "POST"])
def history_import(request):
    if not permissions.can_import(request.user):
        raise PermissionDenied
    form, result, pending, problem, job = HistoryUploadForm(), None, None, "", None
    if request.method == "GET" and "job" in request.GET:
        found = _job_result(request, request.GET["job"])
        if not isinstance(found, tuple):
            return found
        job, result, pending = found
    elif request.method == "POST" and "confirm" in request.POST:
        stored = request.session.get(SESSION_KEY)
        if not stored or not default_storage.exists(stored):
            problem = _("Không còn tệp đã xem trước; hãy tải tệp lên lại.")
        else:
            name = request.session.get(SESSION_NAME) or os.path.basename(stored)
            request.session.pop(SESSION_KEY, None)  # the job's now: it deletes the file when done
            request.session.pop(SESSION_NAME, None)
            return _started(request, stored, name)
    elif request.method == "POST":
        form = HistoryUploadForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            name = os.path.basename(upload.name)
            if not request.POST.get("dry_run"):
                return _started(request, history_jobs.keep(upload), name)
            if not history_jobs.checks_inline(upload):
                return _started(request, history_jobs.keep(upload), name, dry_run=True)
            result = history.run_history_import(upload, by=request.user, dry_run=True)
            if result.ok:
                _forget(request)
                request.session[SESSION_KEY] = history_jobs.keep(upload)
                request.session[SESSION_NAME] = name
                pending = name
    return render(
        request,
        "eligibility/history/import.html",
        {
            "form": form,
            "result": result,
            "pending": pending,
            "problem": problem,
            "job": job,
            "hidden_errors": _hidden_errors(result),
            "inline_rows": settings.HISTORY_DRY_RUN_INLINE_ROWS,
            "sheets": history.SHEETS,
            "nav": "history_import",
        },
    )


@login_required
def history_template(request):
    response = HttpResponse(history.template_workbook(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{history.FILENAME}"'
    return response
