"""Decision pages: the list, one decision with its recipients, issue, annulment, exports.

Access through ``commendation.permissions.get_decision_for_user``: outsiders 404, read-only roles 403."""

import copy
import datetime
import re

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.humanize.templatetags.humanize import intcomma
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from commendation import exports as exports_decisions
from commendation import permissions as awards_perms
from commendation.forms import (
    DECISION_TEXT_FIELDS,
    EXTERNAL_MAIN_FIELDS,
    EXTERNAL_RECIPIENT_FIELDS,
    DecisionForm,
    ExternalDecisionForm,
    grouped,
)
from commendation.models import Annulment, Decision
from commendation.services import decision_scans, decisions, external
from eligibility.services import AwardsError
from organisation.forms import DATE_WIDGET
from organisation.imports import upload_problem
from organisation.models import Person
from organisation.params import year_from

NAV = "commendation"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class IssueForm(forms.Form):
    number = forms.IntegerField(label=gettext_lazy("Số (để trống: số tiếp theo)"), min_value=1, required=False)
    date = forms.DateField(label=gettext_lazy("Ngày ký"), widget=DATE_WIDGET)


class AnnulForm(forms.Form):
    """The annulment page's form: every field named in its own message when missing, the
    confirmation ticked (a deliberate act, Law 2022 chapter VII)."""

    ground = forms.ChoiceField(
        label=gettext_lazy("Căn cứ huỷ bỏ"),
        choices=[("", gettext_lazy("— Chọn căn cứ —")), *Annulment.Ground.choices],
        error_messages={"required": gettext_lazy("Cần chọn căn cứ huỷ bỏ.")},
    )
    reason = forms.CharField(
        label=gettext_lazy("Lý do"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": gettext_lazy("Cần ghi lý do huỷ bỏ.")},
    )
    annulled_on = forms.DateField(
        label=gettext_lazy("Ngày huỷ bỏ"),
        widget=DATE_WIDGET,
        error_messages={
            "required": gettext_lazy("Cần ghi ngày huỷ bỏ (dd/mm/yyyy)."),
            "invalid": gettext_lazy("Ngày huỷ bỏ không hợp lệ: ghi theo dạng dd/mm/yyyy."),
        },
    )
    annulling_reference = forms.CharField(
        label=gettext_lazy("Số, ký hiệu quyết định huỷ bỏ"),
        max_length=120,
        error_messages={"required": gettext_lazy("Cần ghi số, ký hiệu quyết định huỷ bỏ.")},
    )
    recovered_amount = forms.IntegerField(
        label=gettext_lazy("Tiền thưởng đã thu hồi (đồng)"),
        min_value=0,
        initial=0,
        error_messages={
            "required": gettext_lazy("Cần ghi số tiền thưởng đã thu hồi (ghi 0 nếu không thu hồi)."),
            "invalid": gettext_lazy("Tiền thưởng đã thu hồi phải là một số nguyên (đồng)."),
            "min_value": gettext_lazy("Tiền thưởng đã thu hồi không thể âm."),
        },
    )
    lines = forms.TypedMultipleChoiceField(
        label=gettext_lazy("Chỉ huỷ bỏ các dòng (để trống: toàn bộ)"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    confirm = forms.BooleanField(
        label=gettext_lazy("Xác nhận huỷ bỏ"),
        error_messages={"required": gettext_lazy("Cần đánh dấu ô xác nhận huỷ bỏ quyết định.")},
    )

    def __init__(self, *args, decision: Decision, **kwargs):
        super().__init__(*args, **kwargs)
        live = list(decisions.issued_lines(decision).filter(annulled=False))
        self.fields["lines"].choices = [
            (x.pk, f"{x.person.full_name if x.person_id else x.unit.name} – {(x.title or x.award_form).name}")
            for x in live
        ]
        self.paid = sum(x.bonus_amount or 0 for x in live)  # what the lines in force paid
        self.fields["recovered_amount"].help_text = _(
            "Không quá tiền thưởng của các dòng huỷ bỏ (các dòng còn hiệu lực: %(paid)s đồng)."
        ) % {"paid": intcomma(self.paid)}
        self.confirm_text = _(
            "Tôi xác nhận huỷ bỏ quyết định %(reference)s: danh hiệu, hình thức khen thưởng bị huỷ bỏ "
            "sẽ không còn được tính khi xét khen thưởng."
        ) % {"reference": decision.reference}

    def full_clean(self):
        """Each field with errors points to them (``aria-describedby``) for screen readers."""
        super().full_clean()
        for name, errors in self.errors.items():
            if name in self.fields:
                ids = [f"error-{name}-{i}" for i in range(1, len(errors) + 1)]
                if self.fields[name].help_text:
                    ids.insert(0, f"{self[name].auto_id}_helptext")
                self.fields[name].widget.attrs["aria-describedby"] = " ".join(ids)


def _visible(user):
    return Decision.objects.filter(issuing_unit__in=awards_perms.body_units_for_user(user))


REFERENCE = re.compile(r"^\s*(\d+)/(\S+)\s+ngày\s+(\d{1,2})/(\d{1,2})/(\d{4})\s*$")


@login_required
def decision_list(request):
    """The decisions the user may see; ``?ref=123/QĐ-BCA ngày 10/12/2024`` (the reference a title or
    award carries in the yearly records) opens that decision."""
    found = (
        _visible(request.user)
        .select_related("issuing_unit")
        .annotate(n_lines=Count("lines"))
        .order_by("-date", "-number", "-pk")
    )
    if match := REFERENCE.match(request.GET.get("ref", "")):
        number, symbol, day, month, year = match.groups()
        try:
            date = datetime.date(int(year), int(month), int(day))
        except ValueError:
            date = None
        found = found.filter(number=int(number), symbol=symbol, date=date)
        if len(found) == 1:
            return redirect("commendation:decision_detail", pk=found[0].pk)
    can_create = awards_perms.body_units_for_user(request.user, write=True).exists()
    return render(
        request,
        "commendation/decisions/list.html",
        {"decisions": found[:500], "can_create": can_create, "nav": NAV, "tab": "decisions"},
    )


def _writes_some_body(user) -> None:
    if not awards_perms.body_units_for_user(user, write=True).exists():
        raise PermissionDenied


@login_required
@require_http_methods(["GET", "POST"])
def decision_create(request):
    """A draft from the council's approved lines (``?meeting=`` ticks that meeting's approved lines)."""
    _writes_some_body(request.user)
    meeting = None
    if (raw := request.GET.get("meeting", "")).isdigit():
        meeting = awards_perms.get_meeting_for_user(request.user, int(raw), write=True)
    form = DecisionForm(request.POST or None, user=request.user, meeting=meeting)
    if request.method == "POST" and form.is_valid():
        data = {k: form.cleaned_data[k] for k in ("issuing_unit", "lines", *DECISION_TEXT_FIELDS, "date")}
        try:
            decision = decisions.create_decision_from_lines(by=request.user, meeting=meeting, **data)
        except AwardsError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Đã lập dự thảo quyết định."))
            return redirect("commendation:decision_detail", pk=decision.pk)
    lines = list(form.fields["lines"].queryset)
    chosen = (
        {int(x) for x in request.POST.getlist("lines") if x.isdigit()}
        if form.is_bound
        else {x.pk for x in form.fields["lines"].initial or []}
    )
    return render(
        request,
        "commendation/decisions/form.html",
        {
            "form": form,
            "groups": grouped(lines),
            "chosen": chosen,
            "meeting": meeting,
            "nav": NAV,
            "main_fields": [form[name] for name in ("issuing_unit", *DECISION_TEXT_FIELDS, "date")],
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def decision_edit(request, pk):
    decision = awards_perms.get_decision_for_user(request.user, pk, write=True)
    form = DecisionForm(request.POST or None, instance=copy.copy(decision), user=request.user, create=False)
    if request.method == "POST" and form.is_valid():
        try:
            decisions.update_decision(
                decision, by=request.user, **{k: form.cleaned_data[k] for k in (*DECISION_TEXT_FIELDS, "date")}
            )
        except AwardsError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Đã lưu dự thảo quyết định."))
            return redirect("commendation:decision_detail", pk=decision.pk)
    return render(request, "commendation/decisions/edit.html", {"form": form, "decision": decision, "nav": NAV})


def _ids(values) -> list[int]:
    return [int(x) for x in values if x.isdigit() and len(x) < 10][: external.MAX_RECIPIENTS]


def _picked(request, scope):
    """The people and units ticked in the search list (``people``, ``units``), as far as in ``scope``."""
    data = request.POST if request.method == "POST" else request.GET
    people = Person.objects.filter(pk__in=_ids(data.getlist("people")), unit__in=scope).select_related("unit")
    units = scope.filter(pk__in=_ids(data.getlist("units")))
    return list(people.order_by("name_folded", "pk")), list(units.order_by("path"))


def _recipients(request, form, scope) -> list:
    """The recipients not proposed here: ticked in the list, pasted, and read from the .xlsx, resolved
    together against ``scope`` (``RecipientErrors`` with every problem)."""
    data = request.POST
    honour = form.cleaned_data["honour"]
    entries = [external.Entry(None, person_id=i, honour=honour) for i in _ids(data.getlist("people"))]
    entries += [external.Entry(None, unit_id=i, honour=honour) for i in _ids(data.getlist("units"))]
    found = external.resolve(entries, scope=scope, honour=honour) if entries else []
    if form.cleaned_data["codes"].strip():
        found += external.recipients_from_codes(form.cleaned_data["codes"], scope=scope, honour=honour)
    if (upload := form.cleaned_data["recipients_file"]) is not None:
        if problem := upload_problem(upload):
            raise AwardsError(problem)
        found += external.recipients_from_xlsx(upload, scope=scope, honour=honour)
    return found


@login_required
@require_http_methods(["GET", "POST"])
def decision_external(request):
    """Another body's decision recorded from its number, date, issuer, signer and recipients: lines of the
    proposals under review here and/or anyone in the user's scope, picked from a searchable list, pasted
    by identifier, or read from an .xlsx (issue 16). All or nothing, every problem named."""
    _writes_some_body(request.user)
    scope = awards_perms.body_units_for_user(request.user, write=True)
    form = ExternalDecisionForm(request.POST or None, request.FILES or None, user=request.user)
    row_errors = []
    if request.method == "POST" and "search" not in request.POST and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k not in EXTERNAL_RECIPIENT_FIELDS}
        try:
            recipients = _recipients(request, form, scope)
            decision = external.record_external_decision(by=request.user, recipients=recipients, **data)
        except external.RecipientErrors as refused:
            row_errors = refused.errors
            form.add_error(
                None,
                _("Chưa ghi nhận: %(n)s lỗi trong danh sách người, tập thể được khen thưởng.") % {"n": len(row_errors)},
            )
        except AwardsError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Đã ghi nhận quyết định khen thưởng của cấp trên."))
            return redirect("commendation:decision_detail", pk=decision.pk)
    lines = list(form.fields["lines"].queryset)
    chosen = {int(x) for x in request.POST.getlist("lines") if x.isdigit()}
    people, units = _picked(request, scope)
    query = request.POST.get("q", "") if "search" in request.POST else ""
    found_people, found_units = external.search(scope, query)
    return render(
        request,
        "commendation/decisions/external.html",
        {
            "form": form,
            "groups": grouped(lines),
            "chosen": chosen,
            "nav": NAV,
            "main_fields": [form[n] for n in EXTERNAL_MAIN_FIELDS],
            "recipient_fields": [form[n] for n in EXTERNAL_RECIPIENT_FIELDS],
            "row_errors": row_errors,
            "picked_people": people,
            "picked_units": units,
            "found_people": [p for p in found_people if p not in people],
            "found_units": [u for u in found_units if u not in units],
            "q": query,
        },
    )


@login_required
@require_GET
def decision_external_search(request):
    """The searchable list of the recording page (htmx): people and units of the user's scope matching
    ``q`` by name, identifier or code, under those already ticked (kept ticked)."""
    _writes_some_body(request.user)
    scope = awards_perms.body_units_for_user(request.user, write=True)
    people, units = _picked(request, scope)
    found_people, found_units = external.search(scope, request.GET.get("q", ""))
    return render(
        request,
        "commendation/decisions/external_results.html",
        {
            "picked_people": people,
            "picked_units": units,
            "found_people": [p for p in found_people if p not in people],
            "found_units": [u for u in found_units if u not in units],
            "q": request.GET.get("q", "")[:100],
        },
    )


@login_required
def decision_detail(request, pk):
    """One decision. A higher level's decision recorded by number shows what was recorded (issuer,
    number, date, signer, recipients, the scan): it has no document of ours to download."""
    decision = awards_perms.get_decision_for_user(request.user, pk)
    can_write = awards_perms.writes_body(request.user, decision.issuing_unit)
    return render(
        request,
        "commendation/decisions/detail.html",
        {
            "decision": decision,
            "lines": decisions.issued_lines(decision),
            "can_write": can_write,
            "annulments": decision.annulments.prefetch_related("lines"),
            "issue_form": IssueForm(initial={"date": decision.date}),
            "scan": decision_scans.scan_of(decision),
            "nav": NAV,
        },
    )


@login_required
@require_POST
def decision_issue(request, pk):
    decision = awards_perms.get_decision_for_user(request.user, pk, write=True)
    form = IssueForm(request.POST)
    if form.is_valid():
        try:
            decisions.issue_decision(decision, by=request.user, **form.cleaned_data)
            messages.success(request, _("Đã ban hành quyết định."))
        except AwardsError as error:
            messages.error(request, str(error))
    else:
        messages.error(request, _("Cần ghi ngày ký hợp lệ."))
    return redirect("commendation:decision_detail", pk=pk)


@login_required
@require_POST
def decision_line_remove(request, pk, line_pk):
    """Take one recipient off a draft ("Bỏ dòng"): the body's office; an issued decision refuses."""
    decision = awards_perms.get_decision_for_user(request.user, pk, write=True)
    line = get_object_or_404(decision.lines.select_related("person", "unit"), pk=line_pk)
    try:
        decisions.remove_decision_line(line, by=request.user)
    except AwardsError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("Đã bỏ %(name)s khỏi dự thảo quyết định.")
            % {"name": line.person.full_name if line.person_id else line.unit.name},
        )
    return redirect("commendation:decision_detail", pk=pk)


@login_required
@require_POST
def decision_delete(request, pk):
    """Delete a draft ("Xoá dự thảo"), its approved lines free for another decision; an issued
    decision refuses (it is annulled, never deleted)."""
    decision = awards_perms.get_decision_for_user(request.user, pk, write=True)
    try:
        decisions.delete_decision(decision, by=request.user)
    except AwardsError as error:
        messages.error(request, str(error))
        return redirect("commendation:decision_detail", pk=pk)
    messages.success(request, _("Đã xoá dự thảo quyết định."))
    return redirect("commendation:decision_list")


@login_required
@require_http_methods(["GET", "POST"])
def decision_annul(request, pk):
    """The annulment page (GET: the form; POST: annul). Only an issued decision in force is annulled;
    another one sends back to its page, nothing written."""
    decision = awards_perms.get_decision_for_user(request.user, pk, write=True)
    if decision.status != Decision.Status.ISSUED:
        messages.error(request, _("Chỉ huỷ bỏ được quyết định đã ban hành và còn hiệu lực."))
        return redirect("commendation:decision_detail", pk=pk)
    # An empty POST is bound too: its missing fields are named, never silently ignored.
    form = AnnulForm(request.POST if request.method == "POST" else None, decision=decision)
    if form.is_bound and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "confirm"}
        chosen = data.pop("lines")
        lines = decision.lines.filter(pk__in=chosen) if chosen else None
        try:
            decisions.annul_decision(decision, by=request.user, lines=lines, **data)
        except AwardsError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Đã huỷ bỏ; danh hiệu, hình thức khen thưởng không còn được tính."))
            return redirect("commendation:decision_detail", pk=pk)
    return render(request, "commendation/decisions/annul.html", {"decision": decision, "form": form, "nav": NAV})


@login_required
def decision_docx(request, pk):
    """Our own decision as a .docx; a higher level's decision recorded by number is another body's
    document, never generated here (404)."""
    decision = awards_perms.get_decision_for_user(request.user, pk)
    if decision.external:
        raise Http404
    response = HttpResponse(exports_decisions.decision_docx(decision), content_type=DOCX)
    response["Content-Disposition"] = f'attachment; filename="quyet-dinh-{decision.pk}.docx"'
    return response


@login_required
def decision_scan(request, pk):
    """The uploaded scan of a recorded higher-level decision, for whoever reads the decision."""
    decision = awards_perms.get_decision_for_user(request.user, pk)
    scan = decision_scans.scan_of(decision)
    if scan is None:
        raise Http404
    return FileResponse(scan.file.open("rb"), as_attachment=True, filename=scan.original_name)


@login_required
@require_POST
def decision_scan_upload(request, pk):
    """Attach (or replace) the scan of a recorded higher-level decision: the body's office."""
    decision = awards_perms.get_decision_for_user(request.user, pk, write=True)
    upload = request.FILES.get("scan")
    if upload is None:
        messages.error(request, _("Hãy chọn tệp PDF bản chụp quyết định."))
        return redirect("commendation:decision_detail", pk=pk)
    try:
        decision_scans.attach_decision_scan(decision, upload, by=request.user)
    except AwardsError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Đã lưu bản chụp quyết định."))
    return redirect("commendation:decision_detail", pk=pk)


@login_required
def decision_list_xlsx(request):
    found = _visible(request.user).order_by("-date", "-number")
    if (year := year_from(request)) is not None:  # no year: every year
        found = found.filter(year=year)
    scope = awards_perms.body_units_for_user(request.user)
    response = HttpResponse(exports_decisions.decision_list_xlsx(found, scope=scope), content_type=XLSX)
    response["Content-Disposition"] = 'attachment; filename="danh-sach-khen-thuong.xlsx"'
    return response
