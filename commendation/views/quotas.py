"""Quotas per block or council and year, with what has been proposed against them."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from commendation import permissions
from commendation.models import Quota
from commendation.services import quotas
from eligibility.services import AwardsError
from honours.models import AwardForm, Title
from organisation.params import current_year, year_from


class QuotaForm(forms.Form):
    block = forms.ModelChoiceField(label=gettext_lazy("Khối, cụm"), queryset=None, required=False)
    council_unit = forms.ModelChoiceField(label=gettext_lazy("hoặc Hội đồng TĐKT của"), queryset=None, required=False)
    title = forms.ModelChoiceField(
        label=gettext_lazy("Danh hiệu"), queryset=Title.objects.filter(active=True), required=False
    )
    award_form = forms.ModelChoiceField(
        label=gettext_lazy("hoặc hình thức khen thưởng"), queryset=AwardForm.objects.filter(active=True), required=False
    )
    limit = forms.IntegerField(label=gettext_lazy("Số lượng tối đa"), min_value=0, max_value=10000)

    def __init__(self, *args, blocks, bodies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["block"].queryset = blocks
        self.fields["council_unit"].queryset = bodies

    def clean(self):
        data = super().clean()
        if bool(data.get("block")) == bool(data.get("council_unit")):
            raise forms.ValidationError(_("Chọn một khối, cụm hoặc một Hội đồng TĐKT."))
        if bool(data.get("title")) == bool(data.get("award_form")):
            raise forms.ValidationError(_("Chọn một danh hiệu hoặc một hình thức khen thưởng (không chọn cả hai)."))
        return data


@login_required
@require_http_methods(["GET", "POST"])
def quota_list(request):
    year = year_from(request, default=current_year(), strict=True)  # quotas are set for the year under way
    blocks, bodies = permissions.quota_scopes_for_user(request.user, year)
    from cycle.models import Block

    block_qs = Block.objects.filter(pk__in=[b.pk for b in blocks])
    form = QuotaForm(request.POST or None, blocks=block_qs, bodies=bodies) if (blocks or bodies.exists()) else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            data = form.cleaned_data
            try:
                quotas.set_quota(
                    year=year,
                    limit=data["limit"],
                    by=request.user,
                    block=data["block"],
                    council_unit=data["council_unit"],
                    title=data["title"],
                    award_form=data["award_form"],
                )
            except AwardsError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, _("Đã lưu chỉ tiêu."))
                return redirect(f"{request.path}?year={year}")
    rows = []
    for quota in permissions.visible_quotas(request.user, year):
        count, scope = quotas.quota_usage(quota)
        rows.append((quota, scope, count, permissions.can_change_quota(request.user, quota)))
    years = range(current_year() + 1, current_year() - 6, -1)
    return render(
        request,
        "commendation/proposals/quotas.html",
        {"nav": "commendation", "year": year, "years": years, "rows": rows, "form": form},
    )


@login_required
@require_POST
def quota_delete(request, pk):
    quota = Quota.objects.select_related("block", "council_unit").filter(pk=pk).first()
    if quota is None or not permissions.visible_quotas(request.user, quota.year).filter(pk=quota.pk).exists():
        raise Http404
    if not permissions.can_change_quota(request.user, quota):
        raise PermissionDenied
    quotas.delete_quota(quota, by=request.user)
    messages.success(request, _("Đã xoá chỉ tiêu."))
    return redirect(f"{reverse('commendation:quota_list')}?year={quota.year}")
