"""Excel import pages: start an import, download a template, follow a job."""

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _

from organisation import imports, permissions
from organisation.models import ImportJob

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class ImportForm(forms.Form):
    kind = forms.ChoiceField(label=_("Loại dữ liệu"), choices=ImportJob.Kind.choices)
    file = forms.FileField(
        label=_("Tệp Excel (.xlsx)"), widget=forms.ClearableFileInput(attrs={"accept": f".xlsx,{XLSX_TYPE}"})
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if problem := imports.upload_problem(upload):
            raise forms.ValidationError(problem)
        return upload


@login_required
def import_start(request):
    if not permissions.can_import(request.user):
        raise PermissionDenied
    form = ImportForm(request.POST, request.FILES) if request.method == "POST" else ImportForm()
    if form.is_bound and form.is_valid():
        job = imports.submit_import(form.cleaned_data["kind"], form.cleaned_data["file"], by=request.user)
        return redirect("organisation:import_status", pk=job.pk)
    return render(
        request, "organisation/import_start.html", {"form": form, "kinds": ImportJob.Kind.choices, "nav": "import"}
    )


@login_required
def import_template(request, kind):
    if kind not in imports.KINDS:
        raise Http404
    response = HttpResponse(imports.template_workbook(kind), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{imports.KINDS[kind].filename}"'
    return response


@login_required
def import_status(request, pk):
    job = imports.get_job_for_user(request.user, pk)
    template = "organisation/import_status.html" + ("#job" if request.htmx else "")
    return render(request, template, {"job": job, "nav": "import"})
