"""The pledge page: the current version (or an older one), its clauses, the signature of every member
unit; drafting for the block's leader, signing for the member units, the .docx."""

import datetime

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cycle import exports, permissions
from cycle.models import Block, Pledge
from cycle.services import CycleError
from cycle.services import pledges as services
from organisation.forms import DATE_WIDGET

# Forms ------------------------------------------------------------------------------------


class PledgeForm(forms.ModelForm):
    class Meta:
        model = Pledge
        fields = ["title", "preamble"]
        widgets = {"preamble": forms.Textarea(attrs={"rows": 4})}


class ClauseForm(forms.Form):
    text = forms.CharField(label=gettext_lazy("Nội dung điều khoản"), widget=forms.Textarea(attrs={"rows": 3}))


class AdoptForm(forms.Form):
    place = forms.CharField(
        label=gettext_lazy("Địa danh"),
        max_length=100,
        help_text=gettext_lazy("In ở dòng địa danh, ngày tháng, ví dụ: Quảng Bình."),
    )
    signing_date = forms.DateField(label=gettext_lazy("Ngày ký"), widget=DATE_WIDGET)
    conference = forms.ModelChoiceField(label=gettext_lazy("Thông qua tại hội nghị"), queryset=None, required=False)

    def __init__(self, *args, block: Block, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["conference"].queryset = block.conferences.all()


class SignForm(forms.Form):
    signer_name = forms.CharField(label=gettext_lazy("Họ tên người ký"), max_length=120)
    signer_position = forms.CharField(label=gettext_lazy("Chức vụ"), max_length=120)
    signed_on = forms.DateField(label=gettext_lazy("Ngày ký"), widget=DATE_WIDGET)


# Access -----------------------------------------------------------------------------------


def _sign_form(request, pledge: Pledge, unit, data=None) -> SignForm:
    person = getattr(request.user, "person", None)
    initial = {
        "signed_on": pledge.signing_date or datetime.date.today(),
        "signer_name": person.full_name if person else "",
        "signer_position": person.position if person else "",
    }
    return SignForm(data, prefix=f"u{unit.pk}", initial=initial)


def _page_context(request, block: Block, pledge: Pledge | None, versions: list[Pledge]) -> dict:
    user = request.user
    can_lead = permissions.can_lead_block(user, block)
    context = {"nav": "cycle", "khoi": block, "pledge": pledge, "versions": versions, "can_lead": can_lead}
    if pledge is None:
        if can_lead:
            title = (
                _("Giao ước thi đua “%(movement)s” năm %(year)s")
                % {"movement": block.movement.name, "year": block.year}
                if block.movement
                else _("Giao ước thi đua năm %(year)s") % {"year": block.year}
            )
            context["create_form"] = PledgeForm(initial={"title": title})
        return context
    signatures = {s.unit_id: s for s in pledge.signatures.select_related("recorded_by")}
    members = [m.unit for m in block.memberships.select_related("unit")]
    context.update(
        clauses=list(pledge.clauses.all()),
        is_current=pledge.pk == versions[0].pk,
        rows=[
            {
                "unit": u,
                "signature": signatures.get(u.pk),
                "is_leader": u.pk == block.leader_id,
                "is_deputy": u.pk == block.deputy_id,
            }
            for u in members
        ],
        signed=len(signatures),
        members=len(members),
    )
    if pledge.status == Pledge.Status.ADOPTED:
        context["sign_forms"] = [
            (u, _sign_form(request, pledge, u))
            for u in permissions.member_units_for(user, block)
            if u.pk not in signatures
        ]
    if can_lead and pledge.editable:
        context["clause_form"] = ClauseForm()
        context["adopt_form"] = AdoptForm(
            block=block, initial={"place": pledge.place, "signing_date": pledge.signing_date}
        )
    return context


# Pages ------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def pledge_detail(request, pk, version=None):
    """GET: a version of the block's pledge (the current one by default). POST: start the draft."""
    if request.method == "POST":
        if version is not None:
            return HttpResponseNotAllowed(["GET"])
        return _create_draft(request, permissions.get_block_for_user(request.user, pk, lead=True))
    block = permissions.get_block_for_user(request.user, pk)
    versions = list(block.pledges.order_by("-version"))
    pledge = versions[0] if versions and version is None else next((p for p in versions if p.version == version), None)
    if version is not None and pledge is None:
        raise Http404
    return render(request, "cycle/pledge_detail.html", _page_context(request, block, pledge, versions))


def _create_draft(request, block: Block):
    form = PledgeForm(request.POST)
    if form.is_valid():
        try:
            services.create_pledge_draft(block, by=request.user, **form.cleaned_data)
        except CycleError as error:
            messages.error(request, str(error))
        return redirect("cycle:pledge_detail", pk=block.pk)
    context = _page_context(request, block, None, [])
    context["create_form"] = form
    return render(request, "cycle/pledge_detail.html", context, status=400)


@login_required
@require_http_methods(["GET", "POST"])
def pledge_edit(request, pk):
    pledge = permissions.get_pledge_for_user(request.user, pk, lead=True)
    form = PledgeForm(request.POST or None, instance=pledge)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_pledge(pledge, by=request.user, **form.cleaned_data)
        except CycleError as error:
            form.add_error(None, str(error))
        else:
            return redirect("cycle:pledge_detail", pk=pledge.block_id)
    return render(
        request, "cycle/pledge_form.html", {"nav": "cycle", "form": form, "pledge": pledge, "khoi": pledge.block}
    )


def _clauses_changed(request, pledge: Pledge, error: str = ""):
    """After a change to the clauses: the list again for htmx, else back to the page."""
    if request.htmx:
        pledge.refresh_from_db()
        return render(
            request,
            "cycle/pledge_clauses.html",
            {
                "pledge": pledge,
                "clauses": list(pledge.clauses.all()),
                "can_lead": True,
                "clause_form": ClauseForm(),
                "clause_error": error,
            },
        )
    if error:
        messages.error(request, error)
    return redirect("cycle:pledge_detail", pk=pledge.block_id)


@login_required
@require_POST
def clause_add(request, pk):
    pledge = permissions.get_pledge_for_user(request.user, pk, lead=True)
    form = ClauseForm(request.POST)
    if not form.is_valid():
        return _clauses_changed(request, pledge, _("Nội dung điều khoản không được để trống."))
    try:
        services.add_clause(pledge, text=form.cleaned_data["text"], by=request.user)
    except CycleError as error:
        return _clauses_changed(request, pledge, str(error))
    return _clauses_changed(request, pledge)


@login_required
@require_http_methods(["GET", "POST"])
def clause_edit(request, pk, clause_pk):
    pledge = permissions.get_pledge_for_user(request.user, pk, lead=True)
    clause = get_object_or_404(pledge.clauses, pk=clause_pk)
    form = ClauseForm(request.POST or None, initial={"text": clause.text})
    if request.method == "POST" and form.is_valid():
        try:
            services.edit_clause(clause, text=form.cleaned_data["text"], by=request.user)
        except CycleError as error:
            form.add_error(None, str(error))
        else:
            return redirect("cycle:pledge_detail", pk=pledge.block_id)
    return render(
        request,
        "cycle/pledge_clause_form.html",
        {"nav": "cycle", "form": form, "pledge": pledge, "clause": clause, "khoi": pledge.block},
    )


@login_required
@require_POST
def clause_delete(request, pk, clause_pk):
    pledge = permissions.get_pledge_for_user(request.user, pk, lead=True)
    clause = get_object_or_404(pledge.clauses, pk=clause_pk)
    try:
        services.delete_clause(clause, by=request.user)
    except CycleError as error:
        return _clauses_changed(request, pledge, str(error))
    return _clauses_changed(request, pledge)


@login_required
@require_POST
def clause_move(request, pk, clause_pk):
    pledge = permissions.get_pledge_for_user(request.user, pk, lead=True)
    clause = get_object_or_404(pledge.clauses, pk=clause_pk)
    try:
        services.move_clause(clause, request.POST.get("direction", ""), by=request.user)
    except CycleError as error:
        return _clauses_changed(request, pledge, str(error))
    return _clauses_changed(request, pledge)


@login_required
@require_http_methods(["GET", "POST"])
def pledge_adopt(request, pk):
    pledge = permissions.get_pledge_for_user(request.user, pk, lead=True)
    form = AdoptForm(
        request.POST or None, block=pledge.block, initial={"place": pledge.place, "signing_date": pledge.signing_date}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.adopt_pledge(pledge, by=request.user, **form.cleaned_data)
        except CycleError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Đã thông qua giao ước; các đơn vị thành viên đã được thông báo để ký."))
            return redirect("cycle:pledge_detail", pk=pledge.block_id)
    return render(
        request, "cycle/pledge_adopt.html", {"nav": "cycle", "form": form, "pledge": pledge, "khoi": pledge.block}
    )


@login_required
@require_http_methods(["GET", "POST"])
def pledge_sign(request, pk, unit_pk):
    pledge = permissions.get_pledge_for_user(request.user, pk)
    unit = permissions.get_member_unit_for_user(request.user, pledge.block, unit_pk)
    form = _sign_form(request, pledge, unit, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.sign_pledge(pledge, unit, by=request.user, **form.cleaned_data)
        except CycleError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Đã ghi chữ ký của %(unit)s.") % {"unit": unit.name})
            return redirect("cycle:pledge_detail", pk=pledge.block_id)
    return render(
        request,
        "cycle/pledge_sign.html",
        {"nav": "cycle", "form": form, "pledge": pledge, "unit": unit, "khoi": pledge.block},
    )


@login_required
@require_POST
def pledge_revise(request, pk):
    pledge = permissions.get_pledge_for_user(request.user, pk, lead=True)
    try:
        new = services.revise_pledge(pledge, by=request.user)
    except CycleError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("Đã lập phiên bản %(version)s (dự thảo) từ phiên bản %(old)s.")
            % {"version": new.version, "old": pledge.version},
        )
    return redirect("cycle:pledge_detail", pk=pledge.block_id)


@login_required
@require_GET
def pledge_docx(request, pk):
    pledge = permissions.get_pledge_for_user(request.user, pk)
    response = HttpResponse(exports.pledge_docx(pledge), content_type=exports.DOCX)
    name = f"giao-uoc-{pledge.block.year}-v{pledge.version}.docx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
