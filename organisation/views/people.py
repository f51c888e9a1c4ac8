import copy
import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models.functions import Lower
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from audit.services import history_of
from organisation import permissions, services
from organisation.forms import PeopleFilterForm, PersonForm, RatingForm, TransferForm


@login_required
def person_list(request):
    form = PeopleFilterForm(request.GET or None)
    people = permissions.visible_people(request.user).select_related("unit")
    unit, order = None, ("name_folded", "id")
    if form.is_valid():
        data = form.cleaned_data
        people = people.search(data["q"])
        if data["q"].strip():
            # Matches of a search are few and spread over the name index: ordered by the column, PostgreSQL walks
            # that index from "a" filtering every row to fill the first page (a province's "Nguyễn Văn": 350 ms).
            # Ordered by an expression it finds the matches first, then sorts them (20 ms). Same order:
            # name_folded is lower case already (organisation.text.fold).
            order = (Lower("name_folded"), "id")
        if data["unit"]:
            unit = permissions.get_unit_for_user(request.user, data["unit"])
            include_sub = data["subunits"] or "subunits" not in request.GET
            people = people.filter(unit__path__startswith=unit.path) if include_sub else people.filter(unit=unit)
        if data["rank"]:
            people = people.filter(rank=data["rank"])
        if data["sex"]:
            people = people.filter(sex=data["sex"])
    page = Paginator(people.order_by(*order), 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {"nav": "people", "form": form, "page": page, "unit": unit, "query": query.urlencode()}
    template = "organisation/person_list.html#table" if request.htmx else "organisation/person_list.html"
    return render(request, template, context)


@login_required
def person_detail(request, pk):
    person = permissions.get_person_for_user(request.user, pk)
    this_year = datetime.date.today().year
    can_write = permissions.can_write_person(request.user, person)
    context = {
        "nav": "people",
        "person": person,
        "assignments": person.assignments.select_related("unit").order_by("-start"),
        "record": services.person_yearly_record(person, this_year - 9, this_year),
        "history": history_of(person)[:50],
        "can_write": can_write,
        "transfer_form": TransferForm() if can_write else None,
        "rating_form": RatingForm() if can_write else None,
    }
    return render(request, "organisation/person_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def person_edit(request, pk):
    person = permissions.get_person_for_user(request.user, pk, write=True)
    form = PersonForm(request.POST or None, instance=copy.copy(person))  # keep the original for the audit diff
    if request.method == "POST" and form.is_valid():
        services.update_person(person, by=request.user, **form.cleaned_data)
        messages.success(request, _("Đã lưu thông tin cán bộ."))
        return redirect("organisation:person_detail", pk=person.pk)
    return render(request, "organisation/person_edit.html", {"nav": "people", "person": person, "form": form})


@login_required
@require_POST
def person_transfer(request, pk):
    person = permissions.get_person_for_user(request.user, pk, write=True)
    form = TransferForm(request.POST, units=permissions.writable_units(request.user))
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.transfer_person(
                person,
                data["unit_ref"],
                start=data["start"],
                position=data["position"],
                basis=data["basis"],
                by=request.user,
            )
        except services.OrganisationError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Đã điều động cán bộ đến %(unit)s.") % {"unit": data["unit_ref"]})
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    return redirect("organisation:person_detail", pk=person.pk)


@login_required
@require_POST
def person_rating(request, pk):
    person = permissions.get_person_for_user(request.user, pk, write=True)
    form = RatingForm(request.POST)
    if form.is_valid():
        services.set_person_rating(person, form.cleaned_data["year"], form.cleaned_data["rating"], by=request.user)
        messages.success(request, _("Đã lưu xếp loại năm %(year)s.") % {"year": form.cleaned_data["year"]})
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    return redirect("organisation:person_detail", pk=person.pk)
