import copy
import datetime

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from audit.services import history_of
from organisation import permissions, services, tree
from organisation.forms import UnitForm
from organisation.models import Person, Unit, UnitChange, UnitSuccession


@login_required
def home(request):
    grants = request.user.grants.select_related("unit").order_by("unit__path")
    today = timezone.localdate()
    context = {
        "nav": "home",
        "grants": grants,
        "person": request.user.person,
        "n_units": permissions.visible_units(request.user).count(),
        "n_people": permissions.visible_people(request.user).count(),
        **services.home_context(request.user, today),
    }
    return render(request, "organisation/home.html", context)


def _with_breadcrumbs(units: list[Unit]) -> list[tuple[Unit, list[Unit]]]:
    """Each unit with its ancestors, all loaded in one query."""
    ids = {i for u in units for i in u.ancestor_ids}
    by_id = Unit.objects.in_bulk(ids)
    return [(u, [by_id[i] for i in u.ancestor_ids if i in by_id]) for u in units]


@login_required
def unit_tree(request):
    q = request.GET.get("q", "").strip()
    show_ended = request.GET.get("ended") == "1"
    visible = permissions.visible_units(request.user)
    if not show_ended:
        visible = visible.active_on(datetime.date.today())
    context = {"nav": "units", "q": q, "show_ended": show_ended}
    if q:
        results = list(visible.search(q).order_by("depth", "code")[:100])
        context["results"] = _with_breadcrumbs(results)
    else:
        if permissions.is_admin(request.user):
            roots = visible.filter(parent__isnull=True)
        else:
            roots = visible.filter(pk__in=[g.unit_id for g in request.user.grants.all()])
        context["nodes"] = tree.with_child_counts(roots.order_by("path"))
    template = "organisation/unit_tree.html#results" if request.htmx else "organisation/unit_tree.html"
    return render(request, template, context)


@login_required
def unit_children(request, pk):
    unit = permissions.get_unit_for_user(request.user, pk)
    on = None if request.GET.get("ended") == "1" else datetime.date.today()
    nodes = tree.with_child_counts(tree.children(unit, on=on))
    return render(request, "organisation/unit_tree.html#nodes", {"nodes": nodes, "show_ended": on is None})


def _openable_unit_ids(user, units) -> set[int]:
    """The ids among ``units`` whose pages ``user`` may open (no query): ancestors above the
    user's scope and lineage outside it are named, not linked."""
    if permissions.is_admin(user):
        return {u.pk for u in units}
    paths = permissions.unit_paths(user)
    return {u.pk for u in units if tree.path_within(u.path, paths)}


@login_required
def unit_detail(request, pk):
    unit = permissions.get_unit_for_user(request.user, pk)
    members = Paginator(unit.people.order_by("name_folded", "id"), 50).get_page(request.GET.get("page"))
    ancestors = tree.ancestors(unit)
    predecessors = list(UnitSuccession.objects.filter(successor=unit).select_related("predecessor"))
    successors = list(UnitSuccession.objects.filter(predecessor=unit).select_related("successor"))
    lineage = [s.predecessor for s in predecessors] + [s.successor for s in successors]
    # A plain officer sees the unit's people but opens only his own record: one query for the page.
    openable_people = set(
        permissions.visible_people(request.user).filter(pk__in=[p.pk for p in members]).values_list("pk", flat=True)
    )
    reads_records = permissions.reads_unit_records(request.user, unit)
    context = {
        "nav": "units",
        "unit": unit,
        "ancestors": ancestors,
        "children": tree.children(unit).annotate(n_people=Count("people")),
        "members": members,
        "openable_people": openable_people,
        "openable_units": _openable_unit_ids(request.user, ancestors + lineage),
        # Everyone on the rolls of the unit and its subunits, whoever looks (not only the records they open).
        "n_subtree_people": Person.objects.filter(unit__path__startswith=unit.path).count(),
        "changes": UnitChange.objects.filter(unit=unit),
        "predecessors": predecessors,
        "successors": successors,
        "ratings": unit.ratings.order_by("-year"),
        "history": history_of(unit)[:50],
        "can_write": permissions.can_write_unit(request.user, unit),
        # Eligibility lists show people's discipline: read roles only (and the people list only
        # then shows every person the figure counts).
        "reads_records": reads_records,
    }
    return render(request, "organisation/unit_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def unit_edit(request, pk):
    unit = permissions.get_unit_for_user(request.user, pk, write=True)
    old_name = unit.name
    form = UnitForm(request.POST or None, instance=copy.copy(unit))  # the form must not touch the original
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if data["name"] != old_name:
            unit.name = old_name
            services.rename_unit(
                unit,
                name=data["name"],
                date=data["change_date"] or datetime.date.today(),
                basis=data["basis"],
                by=request.user,
            )
        services.update_unit(
            unit, by=request.user, **{k: data[k] for k in ["code", "short_name", "kind", "valid_from", "valid_to"]}
        )
        return redirect("organisation:unit_detail", pk=unit.pk)
    return render(request, "organisation/unit_edit.html", {"nav": "units", "unit": unit, "form": form})
