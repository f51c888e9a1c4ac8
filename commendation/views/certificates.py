"""Certificates: the templates (field positions, printer offset, test page, preview) and the
PDFs of a decision — one per recipient or the whole batch, final or as a draft "BẢN NHÁP"."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from commendation import certificate_templates, certificates, permissions
from commendation import jobs as document_jobs
from commendation.certificates import FIELDS, CertificateRefused
from commendation.models import CertificateTemplate, DecisionLine

NAV = "commendation"  # the "Khen thưởng" menu item, as on the proposal, meeting and decision pages
ALIGN_CHOICES = [("left", gettext_lazy("Trái")), ("center", gettext_lazy("Giữa")), ("right", gettext_lazy("Phải"))]


class CertificateTemplateForm(forms.ModelForm):
    """The template with one row per variable field: printed or not, x, y, size, width, alignment."""

    class Meta:
        model = CertificateTemplate
        fields = ["name", "paper", "preprinted", "authority", "offset_x_mm", "offset_y_mm"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["offset_x_mm"].min_value = self.fields["offset_y_mm"].min_value = -50
        self.fields["offset_x_mm"].max_value = self.fields["offset_y_mm"].max_value = 50
        current = self.instance.fields or {}
        for name in FIELDS:
            spec = current.get(name) or {}
            self.fields[f"{name}__on"] = forms.BooleanField(required=False, initial=bool(spec))
            for key, low, high, default in (
                ("x", -50, 450, 20),
                ("y", -50, 450, 20),
                ("size", 4, 72, 13),
                ("width", 5, 450, 100),
            ):
                self.fields[f"{name}__{key}"] = forms.DecimalField(
                    required=False, min_value=low, max_value=high, decimal_places=1, initial=spec.get(key, default)
                )
            self.fields[f"{name}__align"] = forms.ChoiceField(
                choices=ALIGN_CHOICES, initial=spec.get("align", "center")
            )

    def rows(self):
        return [
            {
                "name": name,
                "label": label,
                **{k: self[f"{name}__{k}"] for k in ("on", "x", "y", "size", "width", "align")},
            }
            for name, label in FIELDS.items()
        ]

    def clean(self):
        data = super().clean()
        chosen = {}
        for name in FIELDS:
            if not data.get(f"{name}__on"):
                continue
            spec = {k: data.get(f"{name}__{k}") for k in ("x", "y", "size", "width")}
            if any(v is None for v in spec.values()):
                raise forms.ValidationError(
                    _("Trường “%(label)s” được in: hãy nhập đủ vị trí và cỡ chữ.") % {"label": FIELDS[name]}
                )
            chosen[name] = {k: float(v) for k, v in spec.items()} | {"align": data.get(f"{name}__align")}
        try:
            data["positions"] = certificate_templates.clean_fields(chosen)
        except ValueError as exc:
            raise forms.ValidationError(str(exc)) from None
        return data


def _decision(user, pk, *, final: bool = False):
    """The decision's certificates: its readers see drafts (404 for others); the final certificate
    is printed by the issuing body's emulation office or an administrator (403 for other readers)."""
    return permissions.get_decision_for_user(user, pk, write=final)


def _line(user, pk, *, final: bool = False) -> DecisionLine:
    line = DecisionLine.objects.select_related("decision__issuing_unit").filter(pk=pk).first()
    if line is None:
        raise Http404
    _decision(user, line.decision_id, final=final)
    return line


def _pdf(data: bytes, filename: str, *, inline: bool = True) -> HttpResponse:
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'{"inline" if inline else "attachment"}; filename="{filename}"'
    return response


@login_required
def template_list(request):
    user = request.user
    if not permissions.reads_certificate_templates(user):
        return render(request, "commendation/certificates/template_list.html", {"nav": NAV, "templates": []})
    certificate_templates.ensure_default_templates()
    templates = list(CertificateTemplate.objects.select_related("title", "award_form", "owner").order_by("name", "pk"))
    for t in templates:
        t.editable = permissions.edits_certificate_template(user, t)
    return render(
        request,
        "commendation/certificates/template_list.html",
        {"nav": NAV, "templates": templates, "can_copy": permissions.copies_certificate_templates(user)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def template_edit(request, pk):
    template = permissions.get_certificate_template_for_user(request.user, pk, write=request.method == "POST")
    # The form works on its own copy: ``is_valid`` writes into its instance, the audit needs the values before.
    form = CertificateTemplateForm(request.POST or None, instance=CertificateTemplate.objects.get(pk=template.pk))
    if request.method == "POST" and form.is_valid():
        changes = {k: form.cleaned_data[k] for k in CertificateTemplateForm.Meta.fields}
        certificate_templates.update_certificate_template(
            template, by=request.user, fields=form.cleaned_data["positions"], **changes
        )
        messages.success(request, _("Đã lưu mẫu in."))
        return redirect("commendation:certificate_template_edit", pk=template.pk)
    return render(
        request,
        "commendation/certificates/template_edit.html",
        {
            "nav": NAV,
            "template_obj": template,
            "form": form,
            "main_fields": [form[name] for name in CertificateTemplateForm.Meta.fields],
            "can_edit": permissions.edits_certificate_template(request.user, template),
            "can_copy": permissions.copies_certificate_templates(request.user),
        },
    )


class TemplateCopyForm(forms.Form):
    owner = forms.ModelChoiceField(label=gettext_lazy("Đơn vị sở hữu bản sao"), queryset=None, empty_label=None)
    name = forms.CharField(label=gettext_lazy("Tên mẫu"), max_length=120, required=False)

    def __init__(self, *args, owners, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = owners.order_by("path")


@login_required
@require_http_methods(["GET", "POST"])
def template_copy(request, pk):
    """ "Sao chép": another body's template copied for the user's unit, which alone edits the copy."""
    template = permissions.get_certificate_template_for_user(request.user, pk, copy=True)
    owners = permissions.certificate_template_owner_choices(request.user)
    form = TemplateCopyForm(request.POST or None, owners=owners, initial={"owner": owners.order_by("path").first()})
    if request.method == "POST" and form.is_valid():
        copy = certificate_templates.copy_certificate_template(
            template, owner=form.cleaned_data["owner"], name=form.cleaned_data["name"], by=request.user
        )
        messages.success(request, _("Đã sao chép mẫu in; bản sao thuộc %(unit)s.") % {"unit": copy.owner.name})
        return redirect("commendation:certificate_template_edit", pk=copy.pk)
    return render(
        request,
        "commendation/certificates/template_copy.html",
        {"nav": NAV, "template_obj": template, "form": form},
    )


@login_required
def template_test_page(request, pk):
    template = permissions.get_certificate_template_for_user(request.user, pk)
    return _pdf(certificates.calibration_page_pdf(template), f"trang-in-thu-{template.pk}.pdf", inline=False)


@login_required
def template_preview(request, pk):
    template = permissions.get_certificate_template_for_user(request.user, pk)
    layout = certificates.Layout.of(template)
    html = certificates.certificate_html(certificates.sample_data(layout), layout, draft=True)
    return _pdf(certificates.render_pdf(html), f"mau-{template.pk}-ban-nhap.pdf")


@login_required
def decision_certificates(request, pk):
    decision = _decision(request.user, pk)
    lines = decision.lines.select_related("person__unit", "unit", "title", "award_form").order_by("order", "pk")
    return render(
        request,
        "commendation/certificates/decision.html",
        {
            "nav": NAV,
            "decision": decision,
            "lines": lines,
            "can_print": permissions.writes_body(request.user, decision.issuing_unit),
            "issued": decision.status == decision.Status.ISSUED,
        },
    )


def _refused(request, exc, decision_id):
    messages.error(request, str(exc))
    return redirect("commendation:decision_certificates", pk=decision_id)


@login_required
def line_pdf(request, pk, draft=False):
    line = _line(request.user, pk, final=not draft)
    try:
        data = certificates.certificate_pdf(line, draft=draft)
    except CertificateRefused as exc:
        return _refused(request, exc, line.decision_id)
    return _pdf(data, f"bang-{line.pk}{'-ban-nhap' if draft else ''}.pdf")


@login_required
def decision_pdf(request, pk, draft=False):
    """The batch built now: a small decision's (a big one's is a job, ``decision_job``)."""
    decision = _decision(request.user, pk, final=not draft)
    if not document_jobs.is_small(decision.lines.count()):
        messages.info(request, _("Quyết định có nhiều dòng: bấm nút in cả quyết định để in ở chế độ nền."))
        return redirect("commendation:decision_certificates", pk=decision.pk)
    try:
        data = certificates.decision_certificates_pdf(decision, draft=draft)
    except CertificateRefused as exc:
        return _refused(request, exc, decision.pk)
    return _pdf(data, f"bang-quyet-dinh-{decision.pk}{'-ban-nhap' if draft else ''}.pdf")


@login_required
@require_POST
def decision_job(request, pk):
    """The page's batch buttons (``draft=1`` for the draft): a big decision's batch as a job (its page follows it), a
    small one's at once."""
    draft = request.POST.get("draft") == "1"
    decision = _decision(request.user, pk, final=not draft)
    if document_jobs.is_small(decision.lines.count()):
        name = "decision_certificates_draft" if draft else "decision_certificates_pdf"
        return redirect(f"commendation:{name}", pk=decision.pk)
    try:
        job = document_jobs.start_certificates(decision, draft=draft, by=request.user)
    except CertificateRefused as exc:
        return _refused(request, exc, decision.pk)
    return redirect("jobs:job_detail", job.pk)


@login_required
def decision_file(request, pk, job_pk):
    """The batch a job built, for whoever may print it (a final batch: the issuing body's office; 404 for
    outsiders)."""
    decision = _decision(request.user, pk)
    name, filename = document_jobs.stored_file(job_pk, document_jobs.CERTIFICATES, decision_id=decision.pk)
    if not name.endswith("-ban-nhap.pdf"):
        _decision(request.user, pk, final=True)
    return FileResponse(default_storage.open(name, "rb"), as_attachment=True, filename=filename)
