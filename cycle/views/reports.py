"""Report outline and deadlines, member reports with their files, and the board per period.

Who reads a unit's report: the block's leader, deputy and manager, and anyone whose roles cover the
unit (its own officers, the province's council). Another member unit's officers see the board
(statuses only) but get 404 on the report itself, as outsiders. Writing needs a write role over the unit.
"""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from audit.services import history_of
from cycle import permissions, uploads
from cycle.models import Block, Report, ReportKind
from cycle.services import CycleError
from cycle.services import reports as services
from organisation.forms import DATE_WIDGET

# Forms ----------------------------------------------------------------------------------


class SectionForm(forms.Form):
    heading = forms.CharField(label=gettext_lazy("Đề mục"), max_length=255)
    guidance = forms.CharField(
        label=gettext_lazy("Hướng dẫn viết"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class DeadlineForm(forms.Form):
    mid_year = forms.DateField(label=ReportKind.MID_YEAR.label, required=False, widget=DATE_WIDGET)
    nine_months = forms.DateField(
        label=ReportKind.NINE_MONTHS.label,
        required=False,
        widget=DATE_WIDGET,
        help_text=gettext_lazy("Không bắt buộc: để trống nếu khối không yêu cầu."),
    )
    year_end = forms.DateField(label=ReportKind.YEAR_END.label, required=False, widget=DATE_WIDGET)


class ReportForm(forms.Form):
    """One text area per outline section, with the section's guidance as help."""

    def __init__(self, *args, sections, texts, **kwargs):
        super().__init__(*args, **kwargs)
        for section in sections:
            self.fields[f"section_{section.pk}"] = forms.CharField(
                label=f"{section.order}. {section.heading}",
                help_text=section.guidance,
                required=False,
                initial=texts.get(section.pk, ""),
                widget=forms.Textarea(attrs={"rows": 8}),
            )

    def texts(self) -> dict[int, str]:
        return {int(name.removeprefix("section_")): value for name, value in self.cleaned_data.items()}


class ReturnForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Lý do trả lại"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )


class UploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Tệp đính kèm (PDF, Word .docx, Excel .xlsx)"),
        widget=forms.ClearableFileInput(attrs={"accept": uploads.ACCEPT}),
    )


# Access (reports of one unit) ---------------------------------------------------------------


def _report_url(report: Report) -> str:
    return reverse("cycle:report_edit", args=[report.block_id, report.kind, report.unit_id])


# Outline and deadlines ------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def outline_edit(request, pk):
    """The outline and the deadlines: every reader sees them, the leader's officers and the manager edit."""
    block = permissions.get_block_for_user(request.user, pk, lead=request.method == "POST")
    invalid = _outline_post(request, block) if request.method == "POST" else {}
    if request.method == "POST" and not invalid:
        return redirect("cycle:outline_edit", pk=block.pk)
    deadlines = {d.kind: d.deadline for d in block.report_deadlines.all()}
    edit_forms = invalid.pop("edit_forms", {})
    sections = [
        (
            s,
            edit_forms.get(s.pk)
            or SectionForm(initial={"heading": s.heading, "guidance": s.guidance}, auto_id=f"s{s.pk}_%s"),
        )
        for s in block.outline.all()
    ]
    context = {
        "nav": "cycle",
        "khoi": block,
        "sections": sections,
        "deadlines": deadlines,
        "can_lead": permissions.can_lead_block(request.user, block),
        "add_form": SectionForm(prefix="new"),
        "deadline_form": DeadlineForm(initial=deadlines),
    }
    return render(request, "cycle/outline_edit.html", context | invalid)


def _outline_post(request, block: Block) -> dict:
    """Run the posted outline action. Returns {} when done (or refused with a message), else the
    form to show again with its errors."""
    action, by = request.POST.get("action", ""), request.user
    if action in ("delete", "up", "down", "edit"):
        section = get_object_or_404(block.outline, pk=request.POST.get("section") or 0)
    if action in ("delete", "up", "down"):
        try:
            if action == "delete":
                services.delete_outline_section(section, by=by)
            else:
                services.move_outline_section(section, offset=-1 if action == "up" else 1, by=by)
        except CycleError as error:
            messages.error(request, str(error))
        return {}
    if action == "add":
        form, key = SectionForm(request.POST, prefix="new"), "add_form"

        def run(data):
            return services.add_outline_section(block, by=by, **data)
    elif action == "edit":
        form, key = SectionForm(request.POST, auto_id=f"s{section.pk}_%s"), "edit_forms"

        def run(data):
            return services.update_outline_section(section, by=by, **data)
    elif action == "deadlines":
        form, key = DeadlineForm(request.POST), "deadline_form"

        def run(data):
            return services.set_report_deadlines(block, deadlines=data, by=by)
    else:
        raise Http404
    if form.is_valid():
        try:
            run(form.cleaned_data)
        except CycleError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Đã lưu đề cương, hạn báo cáo."))
            return {}
    return {key: {section.pk: form}} if action == "edit" else {key: form}


# The board ------------------------------------------------------------------------------


@login_required
def report_board(request, pk):
    block = permissions.get_block_for_user(request.user, pk)
    kinds = services.report_kinds(block)
    kind = request.GET.get("kind") if request.GET.get("kind") in kinds else _current_kind(block, kinds)
    board = services.report_board(block, kind)
    for row in board["rows"]:
        row["can_open"] = permissions.can_read_unit_reports(request.user, block, row["unit"])
    context = {
        "nav": "cycle",
        "khoi": block,
        "board": board,
        "kind": kind,
        "kinds": [(k, ReportKind(k).label) for k in kinds],
        "can_lead": permissions.can_lead_block(request.user, block),
        "my_units": permissions.member_units_for(request.user, block),
    }
    return render(request, "cycle/report_board.html", context)


def _current_kind(block: Block, kinds: list[str]) -> str:
    """The first period whose deadline has not passed, else the last one."""
    deadlines = dict(block.report_deadlines.values_list("kind", "deadline"))
    today = timezone.localdate()
    return next((k for k in kinds if k in deadlines and deadlines[k] >= today), kinds[-1])


# One report -----------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def report_edit(request, pk, kind, unit_pk):
    block = permissions.get_block_for_user(request.user, pk)
    if kind not in services.report_kinds(block):
        raise Http404
    unit = permissions.get_member_unit_for_reader(request.user, block, unit_pk)
    report = Report.objects.filter(block=block, unit=unit, kind=kind).first()
    sections = list(block.outline.all())
    texts = dict(report.sections.values_list("section_id", "text")) if report else {}
    form = ReportForm(request.POST or None, sections=sections, texts=texts)
    if request.method == "POST":
        permissions.get_member_unit_for_user(request.user, block, unit.pk)
        if form.is_valid():
            try:
                report = services.save_report_draft(block, unit=unit, kind=kind, texts=form.texts(), by=request.user)
            except CycleError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, _("Đã lưu bản nháp."))
                return redirect(_report_url(report))
    return render(request, "cycle/report_edit.html", _report_context(request, block, unit, kind, report, form))


def _report_context(request, block, unit, kind, report, form) -> dict:
    user, deadline = request.user, services.deadline_of(block, kind)
    can_write = unit in permissions.member_units_for(user, block)
    editable = report is None or report.status in services.EDITABLE
    first_sent = report.events.filter(action=Report.Status.SUBMITTED).first() if report else None
    texts = dict(report.sections.values_list("section_id", "text")) if report else {}
    return {
        "nav": "cycle",
        "khoi": block,
        "unit": unit,
        "kind": kind,
        "kind_label": ReportKind(kind).label,
        "deadline": deadline,
        "report": report,
        "form": form,
        "can_write": can_write and editable,
        "can_lead": permissions.can_lead_block(user, block),
        "upload_form": UploadForm(),
        "return_form": ReturnForm(),
        "late": first_sent is not None and services.is_late(first_sent.at, deadline),
        "overdue": deadline is not None and first_sent is None and timezone.localdate() > deadline,
        "sections": [(s, texts.get(s.pk, "")) for s in block.outline.all()],
        "attachments": list(report.attachments.order_by("uploaded_at", "pk")) if report else [],
        "events": list(report.events.select_related("by")) if report else [],
        "audit": history_of(report)[:50] if report else [],
    }


@login_required
@require_POST
def report_submit(request, report_pk):
    report = permissions.get_report_for_user(request.user, report_pk, write=True)
    try:
        report = services.submit_report(report, by=request.user)
    except CycleError as error:
        messages.error(request, str(error))
    else:
        deadline = services.deadline_of(report.block, report.kind)
        if (
            services.is_late(report.submitted_at, deadline)
            and not report.events.filter(action=Report.Status.RETURNED).exists()
        ):
            messages.warning(
                request,
                _("Đã nộp báo cáo sau hạn %(date)s: bảng theo dõi ghi là nộp muộn.")
                % {"date": deadline.strftime("%d/%m/%Y")},
            )
        else:
            messages.success(request, _("Đã nộp báo cáo cho khối trưởng."))
    return redirect(_report_url(report))


@login_required
@require_POST
def report_return(request, report_pk):
    report = permissions.get_report_for_user(request.user, report_pk, lead=True)
    form = ReturnForm(request.POST)
    try:
        reason = form.cleaned_data["reason"] if form.is_valid() else ""
        services.return_report(report, reason=reason, by=request.user)
    except CycleError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Đã trả lại báo cáo cho %(unit)s.") % {"unit": report.unit.code})
    return redirect(_report_url(report))


@login_required
@require_POST
def report_accept(request, report_pk):
    report = permissions.get_report_for_user(request.user, report_pk, lead=True)
    try:
        services.accept_report(report, by=request.user)
    except CycleError as error:
        messages.error(request, str(error))
        return redirect(_report_url(report))
    messages.success(request, _("Đã tiếp nhận báo cáo của %(unit)s.") % {"unit": report.unit.code})
    return redirect(f"{reverse('cycle:report_board', args=[report.block_id])}?kind={report.kind}")


# Files ------------------------------------------------------------------------------------


@login_required
@require_POST
def attachment_upload(request, report_pk):
    report = permissions.get_report_for_user(request.user, report_pk, write=True)
    form = UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
        return redirect(_report_url(report))
    try:
        attachment = services.add_attachment(report, form.cleaned_data["file"], by=request.user)
    except CycleError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Đã đính kèm “%(name)s”.") % {"name": attachment.original_name})
    return redirect(_report_url(report))


@login_required
@require_POST
def attachment_delete(request, attachment_pk):
    attachment = permissions.get_attachment_for_user(request.user, attachment_pk, write=True)
    report = attachment.report
    try:
        services.remove_attachment(attachment, by=request.user)
    except CycleError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Đã gỡ tệp “%(name)s”.") % {"name": attachment.original_name})
    return redirect(_report_url(report))


@login_required
def attachment_download(request, attachment_pk):
    """Always a download (never shown inline), with the content type the upload check settled on."""
    attachment = permissions.get_attachment_for_user(request.user, attachment_pk)
    return uploads.download_response(attachment)
