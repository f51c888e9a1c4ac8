"""The lines of a big proposal (a seniority batch runs to thousands): one page of them at a time,
filtered by honour, unit, engine verdict and name; the lines matching the filter excluded in one
action (all of them, or those ticked), with a reason, and remembered so that filling the proposal
again leaves them out; the excluded ones listed a page at a time and restored ("Khôi phục"), one
or those ticked or all; the filtered lines exported to .xlsx.

Access through ``commendation.permissions.get_proposal_for_user``; the changes through
``commendation.services.batch.exclude_lines`` and ``restore_exclusions``, whose refusals are shown
as they are."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from commendation import permissions
from commendation.models import Proposal
from commendation.services.batch import (
    STATUSES,
    LineFilter,
    exclude_lines,
    filter_lines,
    lines_xlsx,
    restore_exclusions,
)
from commendation.services.exclusions import exclusions_of
from eligibility.services import AwardsError
from organisation.models import Unit
from organisation.params import int_or_none

PAGE_SIZE = 100
EXCLUSIONS_PAGE_SIZE = 50
FILTER_FIELDS = ("honour", "unit", "status", "search")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class LineFilterForm(forms.Form):
    """The filter of a proposal's lines, read from the query string (the page, the export) or from
    the exclusion's POST; a unit outside the proposing subtree is refused, never ignored."""

    honour = forms.CharField(required=False, max_length=20, label=gettext_lazy("Danh hiệu, hình thức"))
    unit = forms.IntegerField(required=False, min_value=1, label=gettext_lazy("Đơn vị"))
    status = forms.ChoiceField(
        required=False, choices=[("", gettext_lazy("Tất cả"))] + STATUSES, label=gettext_lazy("Kiểm tra điều kiện")
    )
    search = forms.CharField(required=False, max_length=100, label=gettext_lazy("Tên, mã"))

    def __init__(self, data, *, proposal: Proposal):
        super().__init__(data)
        self.proposal = proposal

    def clean_unit(self):
        pk = self.cleaned_data.get("unit")
        if pk is None:
            return None
        unit = Unit.objects.filter(pk=pk, path__startswith=self.proposal.unit.path).first()
        if unit is None:
            raise forms.ValidationError(_("Đơn vị không thuộc đơn vị đề nghị."))
        return unit

    def line_filter(self) -> LineFilter:
        data = self.cleaned_data
        return LineFilter(honour=data["honour"], unit=data["unit"], status=data["status"], q=data["search"])

    def query(self) -> str:
        """The filter as a query string (empty fields left out), for links and redirects."""
        from django.http import QueryDict

        query = QueryDict(mutable=True)
        for name in FILTER_FIELDS:
            value = self.data.get(name, "")
            if value:
                query[name] = value
        return query.urlencode()


class ExcludeForm(LineFilterForm):
    """The filter of the lines to take out, and why (kept with each exclusion)."""

    reason = forms.CharField(required=False, max_length=300, label=gettext_lazy("Lý do loại trừ"))


def lines_context(request, proposal: Proposal) -> dict:
    """The detail page's lines: the filter form, the options it offers and one page of lines (a
    fixed number of queries whatever the page's length)."""
    form = LineFilterForm(request.GET, proposal=proposal)
    which = form.line_filter() if form.is_valid() else LineFilter()
    page = Paginator(filter_lines(proposal, which), PAGE_SIZE).get_page(request.GET.get("page"))
    honours = {
        code: name
        for row in proposal.lines.values_list("title__code", "title__name", "award_form__code", "award_form__name")
        .order_by()
        .distinct()
        for code, name in (row[:2], row[2:])
        if code
    }
    units = Unit.objects.filter(
        Q(pk__in=proposal.lines.values("person__unit")) | Q(pk__in=proposal.lines.values("unit"))
    ).order_by("path")[:300]
    query = form.query() if form.is_valid() else ""
    excluded = Paginator(exclusions_of(proposal), EXCLUSIONS_PAGE_SIZE).get_page(request.GET.get("xpage"))
    return {
        "lines": page.object_list,
        "page": page,
        "first_number": page.start_index() if page.paginator.count else 0,
        "line_filter": form,
        "filtered": form.is_valid() and not which.empty,
        "filter_query": query,
        "honour_options": sorted(honours.items(), key=lambda kv: kv[1]),
        "unit_options": units,
        "status_options": STATUSES,
        "exclusions": excluded.object_list,
        "exclusions_page": excluded,
        "exclude_form": ExcludeForm(None, proposal=proposal),
    }


@login_required
@require_POST
def lines_exclude(request, pk):
    """Take out the lines matching the filter: every one (``all``) or the ticked ones (``lines``)."""
    proposal = permissions.get_proposal_for_user(request.user, pk, write=True)
    form = ExcludeForm(request.POST, proposal=proposal)
    back = reverse("commendation:proposal_detail", args=[proposal.pk])
    if not form.is_valid():
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
        return redirect(back)
    ids = None
    if not request.POST.get("all"):
        ids = [n for n in (int_or_none(v) for v in request.POST.getlist("lines")) if n is not None]
        if not ids:
            messages.error(request, _("Chưa chọn dòng nào."))
            return redirect(f"{back}?{form.query()}" if form.query() else back)
    try:
        removed = exclude_lines(
            proposal, by=request.user, which=form.line_filter(), ids=ids, reason=form.cleaned_data["reason"]
        )
    except AwardsError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("Đã bỏ %(n)s dòng khỏi đề nghị; lần điền sẵn sau sẽ không thêm lại các trường hợp này.") % {"n": removed},
        )
    return redirect(f"{back}?{form.query()}" if form.query() else back)


@login_required
@require_POST
def lines_restore(request, pk):
    """Put back the excluded lines: every one (``all``) or those named (``exclusions``, ticked or the
    row's own button)."""
    proposal = permissions.get_proposal_for_user(request.user, pk, write=True)
    back = reverse("commendation:proposal_detail", args=[proposal.pk]) + "#exclusions"
    ids = None
    if not request.POST.get("all"):
        ids = [n for n in (int_or_none(v) for v in request.POST.getlist("exclusions")) if n is not None]
        if not ids:
            messages.error(request, _("Chưa chọn trường hợp nào để khôi phục."))
            return redirect(back)
    try:
        restored = restore_exclusions(proposal, by=request.user, ids=ids)
    except AwardsError as error:
        messages.error(request, str(error))
        return redirect(back)
    messages.success(request, _("Đã khôi phục %(n)s dòng vào đề nghị.") % {"n": len(restored.lines)})
    if restored.forgotten:
        messages.warning(
            request,
            _(
                "%(n)s trường hợp không thêm lại được (đã được khen, đã có trong đề nghị này hoặc đề nghị khác, "
                "hoặc không còn thuộc đơn vị đề nghị): đã bỏ ghi nhớ loại trừ."
            )
            % {"n": restored.forgotten},
        )
    return redirect(back)


@login_required
def lines_export(request, pk):
    """The lines matching the filter of the query string, as .xlsx."""
    proposal = permissions.get_proposal_for_user(request.user, pk)
    form = LineFilterForm(request.GET, proposal=proposal)
    if not form.is_valid():
        raise Http404
    data = lines_xlsx(proposal, filter_lines(proposal, form.line_filter()))
    response = HttpResponse(data, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="de-nghi-{proposal.pk}.xlsx"'
    return response
