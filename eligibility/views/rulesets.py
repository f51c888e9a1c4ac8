"""Rule sets: the list (which set judges which year), a set in words with its parameters, the
parameter editor of an editable copy, and the side-by-side difference between two sets."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from audit.services import history_of
from eligibility import permissions, registry, services
from eligibility.describe import describe
from eligibility.engine import cutoff
from eligibility.forms import ParametersForm, RuleSetCopyForm
from eligibility.services import AwardsError
from organisation.params import review_year


def _display_year() -> int:
    return review_year()


def _entry(code: str) -> registry.Entry:
    try:
        return registry.entry(code)
    except KeyError:
        raise Http404 from None


@login_required
def ruleset_list(request):
    entries = registry.entries()
    years = range(_display_year() + 1, _display_year() - 8, -1)
    in_force = [(y, registry.in_force(cutoff(y)).code) for y in years]
    return render(
        request,
        "eligibility/ruleset_list.html",
        {
            "nav": "awards",
            "entries": entries,
            "in_force": in_force,
            "can_copy": permissions.can_copy_rulesets(request.user),
        },
    )


@login_required
def ruleset_detail(request, code):
    entry = _entry(code)
    year = _display_year()
    if entry.ruleset.effective_to and entry.ruleset.effective_to.year < year:
        year = entry.ruleset.effective_to.year
    rules = describe(entry.ruleset, year)
    context = {
        "nav": "awards",
        "entry": entry,
        "ruleset": entry.ruleset,
        "year": year,
        "titles": [r for r in rules if r.kind == "title"],
        "forms": [r for r in rules if r.kind == "form"],
        "parameters": list(entry.ruleset.parameters.values()),
        "can_copy": permissions.can_copy_rulesets(request.user),
        "can_edit": entry.copy is not None and permissions.edits_rulesets_of(request.user, entry.copy.owner),
        "others": [e for e in registry.entries() if e.code != code],
        "history": history_of(entry.copy)[:50] if entry.copy else [],
    }
    return render(request, "eligibility/ruleset_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def ruleset_copy(request, code):
    entry = _entry(code)
    if not permissions.can_copy_rulesets(request.user):
        raise PermissionDenied
    form = RuleSetCopyForm(
        request.POST or None,
        owners=permissions.ruleset_owner_choices(request.user),
        initial={"code": f"{code}_ban_sua", "name": f"{entry.ruleset.name} ({_('bản sửa')})"},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            created = services.copy_ruleset(
                code, code=data["code"], name=data["name"], owner=data["owner"], by=request.user
            )
        except AwardsError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Đã tạo bản sao; sửa tham số rồi bấm “Áp dụng” để dùng bản này."))
            return redirect("eligibility:ruleset_detail", code=created.code)
    return render(request, "eligibility/ruleset_copy.html", {"nav": "awards", "entry": entry, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def ruleset_edit(request, code):
    copy = permissions.get_ruleset_copy_for_user(request.user, code, write=True)
    ruleset = registry.parse_copy(copy)
    form = ParametersForm(request.POST or None, ruleset=ruleset)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.update_ruleset_copy(
                copy,
                by=request.user,
                parameters=form.parameters(),
                name=data["name"],
                effective_from=data["effective_from"],
                effective_to=data["effective_to"],
                note=data["reason"],
            )
        except AwardsError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Đã lưu bộ quy tắc."))
            return redirect("eligibility:ruleset_detail", code=code)
    return render(
        request, "eligibility/ruleset_edit.html", {"nav": "awards", "copy": copy, "ruleset": ruleset, "form": form}
    )


@login_required
@require_POST
def ruleset_activate(request, code):
    copy = permissions.get_ruleset_copy_for_user(request.user, code, write=True)
    try:
        services.set_ruleset_copy_active(copy, request.POST.get("active") == "1", by=request.user)
    except AwardsError as error:
        messages.error(request, str(error))
    return redirect("eligibility:ruleset_detail", code=code)


@login_required
def ruleset_diff(request):
    a, b = request.GET.get("a", ""), request.GET.get("b", "")
    left, right = _entry(a), _entry(b)
    year = _display_year()
    rules_a = {r.key(): r for r in describe(left.ruleset, year)}
    rules_b = {r.key(): r for r in describe(right.ruleset, year)}
    keys = list(rules_a) + [k for k in rules_b if k not in rules_a]
    rules = [
        (
            rules_a.get(k),
            rules_b.get(k),
            (rules_a.get(k).signature() if k in rules_a else None)
            != (rules_b.get(k).signature() if k in rules_b else None),
        )
        for k in keys
    ]
    names = list(left.ruleset.parameters) + [n for n in right.ruleset.parameters if n not in left.ruleset.parameters]
    parameters = []
    for name in names:
        pa, pb = left.ruleset.parameters.get(name), right.ruleset.parameters.get(name)
        parameters.append(
            (
                name,
                pa,
                pb,
                (pa.value if pa else None, type(pa.value) if pa else None)
                != (pb.value if pb else None, type(pb.value) if pb else None),
            )
        )
    header = [
        (_("Tên"), left.ruleset.name, right.ruleset.name),
        (_("Căn cứ pháp lý"), left.ruleset.legal_basis, right.ruleset.legal_basis),
        (_("Hiệu lực từ"), left.ruleset.effective_from, right.ruleset.effective_from),
        (_("Hiệu lực đến"), left.ruleset.effective_to, right.ruleset.effective_to),
    ]
    return render(
        request,
        "eligibility/ruleset_diff.html",
        {
            "nav": "awards",
            "left": left,
            "right": right,
            "year": year,
            "rules": rules,
            "parameters": parameters,
            "header": [(label, x, y, x != y) for label, x, y in header],
            "changed": sum(1 for *_, d in rules if d) + sum(1 for *_, d in parameters if d),
        },
    )
