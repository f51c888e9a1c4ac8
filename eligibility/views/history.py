"""The history import page ("Nhập lịch sử thi đua, khen thưởng"): upload, a dry run's preview, the confirmed
import, the template. The file of a dry run is kept (default storage, named in the session) until it is
confirmed, so the user does not upload it twice. Who may write no unit gets 403; every row's person or unit must
be in the user's write scope (``eligibility.history``)."""

import os
import secrets

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from eligibility import history
from organisation import imports, permissions

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SESSION_KEY = "history_import_file"
STORED_UNDER = "history-imports"


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
    name = request.session.pop(SESSION_KEY, None)
    if name and default_storage.exists(name):
        default_storage.delete(name)


@login_required
@require_http_methods(["GET", "POST"])
def history_import(request):
    if not permissions.can_import(request.user):
        raise PermissionDenied
    form, result, pending, problem = HistoryUploadForm(), None, None, ""
    if request.method == "POST" and "confirm" in request.POST:
        name = request.session.get(SESSION_KEY)
        if not name or not default_storage.exists(name):
            problem = _("Không còn tệp đã xem trước; hãy tải tệp lên lại.")
        else:
            with default_storage.open(name, "rb") as handle:
                result = history.run_history_import(handle, by=request.user, dry_run=False)
            _forget(request)
    elif request.method == "POST":
        form = HistoryUploadForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            dry_run = bool(request.POST.get("dry_run"))
            result = history.run_history_import(upload, by=request.user, dry_run=dry_run)
            if dry_run and result.ok:
                _forget(request)
                upload.seek(0)
                stored = default_storage.save(f"{STORED_UNDER}/{secrets.token_hex(16)}.xlsx", upload)
                request.session[SESSION_KEY] = stored
                pending = os.path.basename(upload.name)
    return render(
        request,
        "eligibility/history/import.html",
        {
            "form": form,
            "result": result,
            "pending": pending,
            "problem": problem,
            "sheets": history.SHEETS,
            "nav": "import",
        },
    )


@login_required
def history_template(request):
    response = HttpResponse(history.template_workbook(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{history.FILENAME}"'
    return response
