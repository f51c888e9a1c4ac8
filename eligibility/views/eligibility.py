"""The eligibility page of a unit or a block for a year, and the explained verdicts of one
person or one unit ("vì sao đủ / chưa đủ điều kiện")."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode

from cycle.permissions import visible_blocks
from eligibility import listing as eligibility
from eligibility import permissions
from eligibility.engine import COLLECTIVE, INDIVIDUAL, Status
from honours.models import AwardForm, Title
from organisation import permissions as org_perms
from organisation import tree
from organisation.models import Unit
from organisation.params import current_year, int_or_none, review_year, year_from


def _year(request) -> int:
    """The year asked for, else the year under review (``review_year``: these pages judge it); a
    year that cannot exist is a 404."""
    return year_from(request, default=review_year(), strict=True)


@login_required
def eligibility_page(request):
    year = _year(request)
    block_pk, unit_pk = int_or_none(request.GET.get("block")), int_or_none(request.GET.get("unit"))
    if block_pk:
        khoi, members = permissions.get_scope_block_for_user(request.user, block_pk)
        scope = eligibility.Scope(khoi.year, members, block=khoi, label=khoi.name).evaluate()
        year = khoi.year
    else:
        unit = (
            permissions.get_scope_unit_for_user(request.user, unit_pk)
            if unit_pk
            else permissions.default_scope(request.user)
        )
        if unit is None:
            if request.user.person_id:  # a plain officer: his own verdicts
                return redirect("eligibility:person_verdicts", pk=request.user.person_id)
            raise Http404
        scope = eligibility.unit_scope(unit, year)
    context = {
        "nav": "awards",
        "year": year,
        "scope": scope,
        "counts": eligibility.counts(scope),
        "years": range(current_year(), current_year() - 10, -1),
        "blocks": visible_blocks(request.user).filter(year=year).order_by("number", "name"),
        "scope_units": _scope_units(request.user),
        "block_pk": block_pk,
        "unit_pk": scope.units[0].pk if not block_pk else None,
    }
    code, who = request.GET.get("rule", ""), request.GET.get("who", INDIVIDUAL)
    if code:
        if who not in (INDIVIDUAL, COLLECTIVE) or not any(
            c.code == code and c.recipient == who for c in context["counts"]
        ):
            raise Http404
        filters = {k: request.GET.get(k, "") for k in ("status", "registered", "received")}
        listing = eligibility.candidates(scope, code, who, page=int_or_none(request.GET.get("page")) or 1, **filters)
        base = {k: v for k, v in request.GET.items() if k != "page" and v}
        context |= {
            "rule": scope.ruleset.ruleset.rule(code),
            "who": who,
            "listing": listing,
            "filters": filters,
            "query": urlencode(base),
            "statuses": eligibility.STATUSES,
            "rule_name": _catalogue_name(scope.ruleset.ruleset.rule(code).catalogue_code(who)),
        }
    return render(request, "eligibility/eligibility.html", context)


def _catalogue_name(code: str) -> str:
    entry = Title.objects.filter(code=code).first() or AwardForm.objects.filter(code=code).first()
    return entry.name if entry else code


def _scope_units(user) -> list[Unit]:
    """The roots of the user's read grants and their direct children: the scopes offered."""
    root = permissions.default_scope(user)
    if root is None:
        return []
    if org_perms.is_admin(user):
        roots = list(Unit.objects.filter(parent__isnull=True).order_by("path"))
    else:
        ids = {tree.last_id(p) for p in org_perms.read_paths(user)}
        roots = list(Unit.objects.filter(pk__in=ids).order_by("path"))
    children = Unit.objects.filter(parent__in=roots, valid_to__isnull=True).order_by("path")
    return sorted({*roots, *children}, key=lambda u: u.path)


@login_required
def person_verdicts(request, pk):
    person = org_perms.get_person_for_user(request.user, pk)
    year = _year(request)
    entry, verdicts, unit = eligibility.verdicts_of_person(person, year)
    return render(
        request,
        "eligibility/verdicts.html",
        {
            "nav": "awards",
            "subject": person,
            "subject_name": person.full_name,
            "year": year,
            "entry": entry,
            "unit": unit,
            "groups": _groups(verdicts),
            "years": range(current_year(), current_year() - 10, -1),
            "back": reverse("organisation:person_detail", args=[person.pk]),
            "status": Status,
        },
    )


@login_required
def unit_verdicts(request, pk):
    unit = permissions.get_scope_unit_for_user(request.user, pk)
    year = _year(request)
    entry, verdicts = eligibility.verdicts_of_unit(unit, year)
    return render(
        request,
        "eligibility/verdicts.html",
        {
            "nav": "awards",
            "subject": unit,
            "subject_name": unit.name,
            "year": year,
            "entry": entry,
            "unit": unit,
            "groups": _groups(verdicts),
            "years": range(current_year(), current_year() - 10, -1),
            "back": reverse("organisation:unit_detail", args=[unit.pk]),
            "status": Status,
        },
    )


def _groups(verdicts) -> list[tuple[str, list]]:
    """Titles and award forms apart: they never share a list."""
    return [("title", [v for v in verdicts if v.kind == "title"]), ("form", [v for v in verdicts if v.kind == "form"])]
