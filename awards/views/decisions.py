"""Decision pages: the list, one decision with its recipients, issue, annulment, exports.

Access through ``awards.permissions.get_decision_for_user``: outsiders 404, read-only roles 403."""

import datetime
import re

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from awards import exports_decisions
from awards import permissions as awards_perms
from awards.models import Annulment, Decision
from awards.services import AwardsError
from awards.workflow import decisions
from organisation.forms import DATE_WIDGET

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class IssueForm(forms.Form):
    number = forms.IntegerField(label=gettext_lazy("Số (để trống: số tiếp theo)"), min_value=1, required=False)
    date = forms.DateField(label=gettext_lazy("Ngày ký"), widget=DATE_WIDGET)


class AnnulForm(forms.Form):
    ground = forms.ChoiceField(label=gettext_lazy("Căn cứ huỷ bỏ"), choices=Annulment.Ground.choices)
    reason = forms.CharField(label=gettext_lazy("Lý do"), widget=forms.Textarea(attrs={"rows": 3}))
    annulled_on = forms.DateField(label=gettext_lazy("Ngày huỷ bỏ"), widget=DATE_WIDGET)
    annulling_reference = forms.CharField(label=gettext_lazy("Số, ký hiệu quyết định huỷ bỏ"), max_length=120)
    recovered_amount = forms.IntegerField(label=gettext_lazy("Tiền thưởng đã thu hồi (đồng)"), min_value=0, initial=0)
    lines = forms.TypedMultipleChoiceField(label=gettext_lazy("Chỉ huỷ bỏ các dòng (để trống: toàn bộ)"),
                                           coerce=int, required=False, widget=forms.CheckboxSelectMultiple)  # fmt: skip

    def __init__(self, *args, decision: Decision, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lines"].choices = [
            (x.pk, f"{x.person.full_name if x.person_id else x.unit.name} – {(x.title or x.award_form).name}")
            for x in decisions.issued_lines(decision).filter(annulled=False)
        ]


def _visible(user):
    return Decision.objects.filter(issuing_unit__in=awards_perms.body_units_for_user(user))


REFERENCE = re.compile(r"^\s*(\d+)/(\S+)\s+ngày\s+(\d{1,2})/(\d{1,2})/(\d{4})\s*$")


@login_required
def decision_list(request):
    """The decisions the user may see; ``?ref=123/QĐ-BCA ngày 10/12/2024`` (the reference a title or
    award carries in the yearly records) opens that decision."""
    found = _visible(request.user).select_related("issuing_unit").order_by("-date", "-number", "-pk")
    if match := REFERENCE.match(request.GET.get("ref", "")):
        number, symbol, day, month, year = match.groups()
        try:
            date = datetime.date(int(year), int(month), int(day))
        except ValueError:
            date = None
        found = found.filter(number=int(number), symbol=symbol, date=date)
        if len(found) == 1:
            return redirect("decision_detail", pk=found[0].pk)
    return render(request, "awards/decisions/list.html", {"decisions": found})


@login_required
def decision_detail(request, pk):
    decision = awards_perms.get_decision_for_user(request.user, pk)
    can_write = awards_perms.writes_body(request.user, decision.issuing_unit)
    return render(request, "awards/decisions/detail.html", {
        "decision": decision, "lines": decisions.issued_lines(decision), "can_write": can_write,
        "annulments": decision.annulments.prefetch_related("lines"),
        "issue_form": IssueForm(initial={"date": decision.date}), "annul_form": AnnulForm(decision=decision),
    })  # fmt: skip


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
    return redirect("decision_detail", pk=pk)


@login_required
@require_POST
def decision_annul(request, pk):
    decision = awards_perms.get_decision_for_user(request.user, pk, write=True)
    form = AnnulForm(request.POST, decision=decision)
    if form.is_valid():
        data = dict(form.cleaned_data)
        chosen = data.pop("lines")
        lines = decision.lines.filter(pk__in=chosen) if chosen else None
        try:
            decisions.annul_decision(decision, by=request.user, lines=lines, **data)
            messages.success(request, _("Đã huỷ bỏ; danh hiệu, hình thức khen thưởng không còn được tính."))
        except AwardsError as error:
            messages.error(request, str(error))
    else:
        messages.error(request, _("Cần ghi đủ căn cứ, lý do, ngày và số quyết định huỷ bỏ."))
    return redirect("decision_detail", pk=pk)


@login_required
def decision_docx(request, pk):
    decision = awards_perms.get_decision_for_user(request.user, pk)
    response = HttpResponse(exports_decisions.decision_docx(decision), content_type=DOCX)
    response["Content-Disposition"] = f'attachment; filename="quyet-dinh-{decision.pk}.docx"'
    return response


@login_required
def decision_list_xlsx(request):
    year = request.GET.get("year")
    found = _visible(request.user).order_by("-date", "-number")
    if year and year.isdigit():
        found = found.filter(year=int(year))
    response = HttpResponse(exports_decisions.decision_list_xlsx(found), content_type=XLSX)
    response["Content-Disposition"] = 'attachment; filename="danh-sach-khen-thuong.xlsx"'
    return response
