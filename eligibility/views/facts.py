"""Recorded facts the eligibility engine reads: per person, titles and award forms received (read
here, written by decisions), initiatives, disciplines, pending cases and achievements (entered
here); per block, the member units' final rank and vote share.

Access as for the person's record (``organisation.permissions``) and the block
(``cycle.permissions``): outsiders 404, read-only roles 403 on changes. Every change goes through
``eligibility.services`` (validated, audited).
"""

import copy
from decimal import Decimal

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from cycle import permissions as cycle_perms
from eligibility import services
from eligibility.models import Achievement, BlockStanding, Discipline, Initiative, PendingCase
from eligibility.services import AwardsError
from honours.models import AwardForm, FormAward, Title, TitleAward
from organisation import permissions as org_perms
from organisation.forms import DATE_WIDGET

# Forms ----------------------------------------------------------------------------------------


class InitiativeEntryForm(forms.ModelForm):
    class Meta:
        model = Initiative
        fields = ["title", "kind", "level", "recognised_on", "used_for_title", "used_for_form", "used_year"]
        widgets = {"recognised_on": DATE_WIDGET}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # What a person can receive: the individual titles and award forms.
        self.fields["used_for_title"].queryset = Title.objects.for_individuals().filter(active=True).order_by("rank")
        self.fields["used_for_form"].queryset = AwardForm.objects.for_individuals().filter(active=True).order_by("rank")
        self.fields["used_for_form"].help_text = gettext_lazy(
            "Một sáng kiến chỉ dùng để xét một danh hiệu hoặc một hình thức khen thưởng."
        )

    def clean(self):
        data = super().clean()
        if data.get("used_for_title") and data.get("used_for_form"):
            self.add_error(
                "used_for_form",
                _("Một sáng kiến chỉ dùng để xét một danh hiệu hoặc một hình thức khen thưởng, không cả hai."),
            )
        elif (
            "used_for_title" in data
            and "used_for_form" in data
            and "used_year" in data
            and (data["used_for_title"] is None and data["used_for_form"] is None) != (data["used_year"] is None)
        ):
            # On the field: the model's constraint is then not checked a second time, in its own words.
            self.add_error("used_year", _("Khi ghi sáng kiến đã dùng để xét danh hiệu, cần cả danh hiệu và năm xét."))
        return data


class DisciplineEntryForm(forms.ModelForm):
    class Meta:
        model = Discipline
        fields = ["form", "decided_on", "period_end", "decision_ref"]
        widgets = {"decided_on": DATE_WIDGET, "period_end": DATE_WIDGET}

    def clean(self):
        data = super().clean()
        if data.get("decided_on") and data.get("period_end") and data["period_end"] < data["decided_on"]:
            self.add_error("period_end", _("Ngày hết thời hạn kỷ luật phải sau ngày quyết định."))
        return data


class PendingCaseEntryForm(forms.ModelForm):
    class Meta:
        model = PendingCase
        fields = ["kind", "opened_on", "closed_on", "note"]
        widgets = {"opened_on": DATE_WIDGET, "closed_on": DATE_WIDGET}

    def clean(self):
        data = super().clean()
        if data.get("opened_on") and data.get("closed_on") and data["closed_on"] < data["opened_on"]:
            self.add_error("closed_on", _("Ngày kết thúc phải sau ngày bắt đầu."))
        return data


class AchievementEntryForm(forms.ModelForm):
    class Meta:
        model = Achievement
        fields = ["year", "kind", "description"]


# kind in the URL → (model, form, what it is called in a heading, in a message)
KINDS = {
    "initiative": (Initiative, InitiativeEntryForm, gettext_lazy("Sáng kiến, đề tài")),
    "discipline": (Discipline, DisciplineEntryForm, gettext_lazy("Kỷ luật")),
    "pending": (PendingCase, PendingCaseEntryForm, gettext_lazy("Việc đang xem xét")),
    "achievement": (Achievement, AchievementEntryForm, gettext_lazy("Thành tích")),
}


def _kind(kind: str):
    if kind not in KINDS:
        raise Http404
    return KINDS[kind]


def _refused(form, error) -> None:
    form.add_error(None, " ".join(error.messages) if isinstance(error, ValidationError) else str(error))


# Person facts ---------------------------------------------------------------------------------


@login_required
def person_facts(request, pk):
    """Titles, award forms, initiatives, disciplines, pending cases and achievements of a person."""
    person = org_perms.get_person_for_user(request.user, pk)
    can_write = org_perms.can_write_person(request.user, person)
    context = {
        "nav": "people",
        "person": person,
        "can_write": can_write,
        "titles": TitleAward.objects.filter(person=person)
        .select_related("title")
        .order_by("-year", "title__rank", "pk"),
        "award_forms": FormAward.objects.filter(person=person)
        .select_related("award_form")
        .order_by("-year", "award_form__rank", "pk"),
        "initiatives": person.initiatives.select_related("used_for_title", "used_for_form").order_by(
            "-recognised_on", "pk"
        ),
        "disciplines": person.disciplines.order_by("-decided_on", "pk"),
        "pending_cases": person.pending_cases.order_by("-opened_on", "pk"),
        "achievements": person.achievements.order_by("-year", "kind", "pk"),
        "add_forms": {kind: form_class(prefix=kind) for kind, (_m, form_class, _w) in KINDS.items()}
        if can_write
        else {},
    }
    return render(request, "eligibility/facts/person_facts.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def fact_add(request, pk, kind):
    model, form_class, what = _kind(kind)
    person = org_perms.get_person_for_user(request.user, pk, write=True)
    form = form_class(request.POST or None, prefix=kind)
    if request.method == "POST" and form.is_valid():
        try:
            services.record_fact(model, by=request.user, person=person, **form.cleaned_data)
        except (AwardsError, ValidationError) as error:
            _refused(form, error)
        else:
            messages.success(request, _("Đã ghi: %(what)s.") % {"what": what})
            return redirect("eligibility:person_facts", pk=person.pk)
    context = {"nav": "people", "person": person, "form": form, "what": what, "kind": kind, "fact": None}
    return render(request, "eligibility/facts/fact_form.html", context)


def _fact_for_write(user, kind: str, pk):
    model, form_class, what = _kind(kind)
    fact = model.objects.filter(pk=pk).first()
    if fact is None or getattr(fact, "person_id", None) is None:
        raise Http404
    fact.person = org_perms.get_person_for_user(user, fact.person_id, write=True)
    return fact, form_class, what


@login_required
@require_http_methods(["GET", "POST"])
def fact_edit(request, kind, pk):
    fact, form_class, what = _fact_for_write(request.user, kind, pk)
    # The form validates a copy: a ModelForm writes into its instance, and the service must see the
    # values before the change to audit them.
    form = form_class(request.POST or None, instance=copy.copy(fact), prefix=kind)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_fact(fact, by=request.user, **form.cleaned_data)
        except (AwardsError, ValidationError) as error:
            _refused(form, error)
        else:
            messages.success(request, _("Đã lưu: %(what)s.") % {"what": what})
            return redirect("eligibility:person_facts", pk=fact.person_id)
    context = {"nav": "people", "person": fact.person, "form": form, "what": what, "kind": kind, "fact": fact}
    return render(request, "eligibility/facts/fact_form.html", context)


@login_required
@require_POST
def fact_delete(request, kind, pk):
    fact, _form, what = _fact_for_write(request.user, kind, pk)
    services.delete_fact(fact, by=request.user)
    messages.success(request, _("Đã xoá: %(what)s.") % {"what": what})
    return redirect("eligibility:person_facts", pk=fact.person_id)


# Block standings ------------------------------------------------------------------------------


def _cents(value: Decimal | None) -> Decimal | None:
    return None if value is None else value.quantize(Decimal("0.01"))


class StandingsForm(forms.Form):
    """Per member unit: final rank and share of the votes of honour; a unit without a rank has
    no result yet."""

    source = forms.CharField(
        label=gettext_lazy("Nguồn kết quả"),
        max_length=300,
        required=False,
        help_text=gettext_lazy("Ví dụ: Biên bản hội nghị tổng kết, kết quả chấm điểm."),
    )

    def __init__(self, *args, units, standings, **kwargs):
        super().__init__(*args, **kwargs)
        self.units = units
        for unit in units:
            row = standings.get(unit.pk)
            self.fields[f"rank_{unit.pk}"] = forms.IntegerField(
                label=gettext_lazy("Xếp hạng"),
                required=False,
                min_value=1,
                max_value=len(units),
                initial=row.rank if row else None,
            )
            self.fields[f"share_{unit.pk}"] = forms.DecimalField(
                label=gettext_lazy("Tỷ lệ phiếu suy tôn (%)"),
                required=False,
                min_value=0,
                max_value=100,
                max_digits=5,
                decimal_places=2,
                localize=True,  # 82,5 the Vietnamese way
                initial=row.vote_share if row else None,
            )
        self.fields["source"].initial = next((s.source for s in standings.values() if s.source), "")

    def clean(self):
        data = super().clean()
        for unit in self.units:
            if data.get(f"rank_{unit.pk}") is None and data.get(f"share_{unit.pk}") is not None:
                self.add_error(
                    f"rank_{unit.pk}", _("Nhập xếp hạng của %(unit)s cùng tỷ lệ phiếu.") % {"unit": unit.code}
                )
        return data

    def rows(self):
        return [(u, self[f"rank_{u.pk}"], self[f"share_{u.pk}"]) for u in self.units]

    def standings(self) -> list[tuple]:
        data = self.cleaned_data
        # Shares as stored (2 decimals), so that the audit compares like with like on the next change.
        return [
            (u, data[f"rank_{u.pk}"], _cents(data[f"share_{u.pk}"]))
            for u in self.units
            if data[f"rank_{u.pk}"] is not None
        ]


@login_required
@require_http_methods(["GET", "POST"])
def block_standings(request, pk):
    """The member units' results in the block (read by the Cờ thi đua rules); the block's managers
    enter them."""
    block = cycle_perms.get_block_for_user(request.user, pk, write=request.method == "POST")
    can_manage = cycle_perms.can_manage_block(request.user, block)
    units = [m.unit for m in block.memberships.select_related("unit").order_by("order", "unit__code")]
    standings = {s.unit_id: s for s in BlockStanding.objects.filter(block=block)}
    form = None
    if can_manage:
        form = StandingsForm(request.POST if request.method == "POST" else None, units=units, standings=standings)
    if request.method == "POST" and form.is_valid():
        try:
            services.set_block_standings(block, form.standings(), by=request.user, source=form.cleaned_data["source"])
        except AwardsError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Đã lưu kết quả xếp hạng trong khối."))
            return redirect("eligibility:block_standings", pk=block.pk)
    rows = [(u, standings.get(u.pk)) for u in units]
    source = next((s.source for s in standings.values() if s.source), "")
    context = {"nav": "cycle", "khoi": block, "rows": rows, "form": form, "can_manage": can_manage, "source": source}
    return render(request, "eligibility/facts/block_standings.html", context)


@login_required
@require_POST
def block_standings_from_results(request, pk):
    """Fill the standings from the block's scoring leaderboard and its flag vote (managers only)."""
    block = cycle_perms.get_block_for_user(request.user, pk, write=True)
    try:
        services.standings_from_results(block, by=request.user)
    except AwardsError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Đã lấy thứ hạng từ bảng xếp hạng chấm điểm và tỷ lệ phiếu từ kết quả bỏ phiếu."))
    return redirect("eligibility:block_standings", pk=block.pk)


@login_required
def unit_facts(request, pk):
    """A unit's record: every title and award form across the years with its decision (annulled
    ones kept and marked), its achievements and its standings in blocks."""
    unit = org_perms.get_unit_for_user(request.user, pk)
    context = {
        "nav": "units",
        "unit": unit,
        "titles": TitleAward.objects.filter(unit=unit).select_related("title").order_by("-year", "title__rank", "pk"),
        "award_forms": FormAward.objects.filter(unit=unit)
        .select_related("award_form")
        .order_by("-year", "award_form__rank", "pk"),
        "achievements": unit.achievements.order_by("-year", "kind", "pk"),
        "standings": BlockStanding.objects.filter(unit=unit).select_related("block").order_by("-block__year"),
    }
    return render(request, "eligibility/facts/unit_facts.html", context)
