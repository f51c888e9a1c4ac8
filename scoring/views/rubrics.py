"""The rubric pages: the block's rubric or how to start one, creating or copying it, its tree and settings,
opening, closing and revising it, its criteria, and its import and export as ``.xlsx``."""

import copy

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from audit.services import history_of
from cycle import permissions as cycle_perms
from documents.xlsx import upload_problem
from scoring import exports, imports, permissions
from scoring.forms import (
    CriterionForm,
    ImportForm,
    RubricForm,
)
from scoring.models import Rubric
from scoring.services import ScoringError, results, rubrics
from scoring.views.downloads import file_response


@login_required
def block_rubric(request, pk):
    """The block's rubric in force, or (for the block's runners) how to start one."""
    block = cycle_perms.get_block_for_user(request.user, pk)
    rubric = Rubric.objects.current_for(block)
    if rubric is not None:
        return redirect("scoring:rubric_detail", pk=rubric.pk)
    can_lead = cycle_perms.can_lead_block(request.user, block)
    previous = Rubric.objects.current_for(block.previous) if block.previous_id else None
    return render(
        request,
        "scoring/rubric_start.html",
        {
            "nav": "cycle",
            "khoi": block,
            "can_lead": can_lead,
            "previous": previous,
            "form": RubricForm(initial={"title": rubrics.default_title(block), "bonus_cap": 10}) if can_lead else None,
        },
    )


@login_required
@require_POST
def rubric_create(request, pk):
    block = cycle_perms.get_block_for_user(request.user, pk, lead=True)
    form = RubricForm(request.POST)
    if form.is_valid():
        try:
            rubric = rubrics.create_rubric(block, by=request.user, **form.cleaned_data)
        except ScoringError as error:
            messages.error(request, str(error))
            return redirect("scoring:block_rubric", pk=block.pk)
        return redirect("scoring:rubric_detail", pk=rubric.pk)
    return render(
        request,
        "scoring/rubric_start.html",
        {"nav": "cycle", "khoi": block, "can_lead": True, "form": form},
        status=400,
    )


@login_required
@require_POST
def rubric_copy(request, pk):
    block = cycle_perms.get_block_for_user(request.user, pk, lead=True)
    try:
        rubric = rubrics.copy_rubric_from_previous_year(block, by=request.user)
    except ScoringError as error:
        messages.error(request, str(error))
        return redirect("scoring:block_rubric", pk=block.pk)
    messages.success(request, _("Đã sao chép bảng tiêu chí năm %(year)s.") % {"year": block.previous.year})
    return redirect("scoring:rubric_detail", pk=rubric.pk)


@login_required
def rubric_detail(request, pk):
    rubric = permissions.get_rubric_for_user(request.user, pk)
    facts = results.load(rubric)
    block, user = rubric.block, request.user
    my_units = cycle_perms.member_units_for(user, block)
    my_assignments = [
        a for a in facts.assignments if a.active and a.scorer in permissions.scorer_units_for(user, rubric)
    ]
    context = {
        "nav": "cycle",
        "khoi": block,
        "rubric": rubric,
        "criteria": facts.criteria,
        "core": facts.core,
        "versions": list(block.rubrics.order_by("-version")),
        "can_lead": permissions.can_lead(user, rubric),
        "my_units": my_units,
        "my_assignments": my_assignments,
        "is_current": Rubric.objects.current_for(block).pk == rubric.pk,
        "audit": history_of(rubric)[:30],
    }
    return render(request, "scoring/rubric_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def rubric_settings(request, pk):
    rubric = permissions.get_rubric_for_user(request.user, pk, lead=True)
    form = RubricForm(request.POST or None, instance=copy.copy(rubric))
    if request.method == "POST" and form.is_valid():
        try:
            rubrics.update_rubric(rubric, by=request.user, **form.cleaned_data)
        except ScoringError as error:
            form.add_error(None, str(error))
        else:
            return redirect("scoring:rubric_detail", pk=rubric.pk)
    return render(
        request, "scoring/rubric_form.html", {"nav": "cycle", "khoi": rubric.block, "rubric": rubric, "form": form}
    )


@login_required
@require_POST
def rubric_status(request, pk, action):
    """open: lock the rubric and open scoring; close: fix the results; revise: a new draft version."""
    rubric = permissions.get_rubric_for_user(request.user, pk, lead=True)
    service = {"open": rubrics.open_scoring, "close": rubrics.close_scoring, "revise": rubrics.revise_rubric}.get(
        action
    )
    if service is None:
        raise Http404
    try:
        rubric = service(rubric, by=request.user)
    except ScoringError as error:
        messages.error(request, str(error))
    return redirect("scoring:rubric_detail", pk=rubric.pk)


@login_required
@require_http_methods(["GET", "POST"])
def criterion_add(request, pk):
    rubric = permissions.get_rubric_for_user(request.user, pk, lead=True)
    parent = get_object_or_404(rubric.criteria, pk=request.GET["parent"]) if request.GET.get("parent") else None
    form = CriterionForm(request.POST or None, parent=parent)
    if request.method == "POST" and form.is_valid():
        try:
            rubrics.add_criterion(rubric, by=request.user, parent=parent, **form.cleaned_data)
        except ScoringError as error:
            form.add_error(None, str(error))
        else:
            return redirect("scoring:rubric_detail", pk=rubric.pk)
    return render(
        request,
        "scoring/criterion_form.html",
        {"nav": "cycle", "khoi": rubric.block, "rubric": rubric, "form": form, "parent": parent},
    )


@login_required
@require_http_methods(["GET", "POST"])
def criterion_edit(request, pk):
    criterion = permissions.get_criterion_for_user(request.user, pk, lead=True)
    rubric = criterion.rubric
    form = CriterionForm(request.POST or None, instance=copy.copy(criterion))
    if request.method == "POST" and form.is_valid():
        try:
            rubrics.update_criterion(criterion, by=request.user, **form.cleaned_data)
        except ScoringError as error:
            form.add_error(None, str(error))
        else:
            return redirect("scoring:rubric_detail", pk=rubric.pk)
    return render(
        request,
        "scoring/criterion_form.html",
        {"nav": "cycle", "khoi": rubric.block, "rubric": rubric, "form": form, "criterion": criterion},
    )


@login_required
@require_POST
def criterion_delete(request, pk):
    criterion = permissions.get_criterion_for_user(request.user, pk, lead=True)
    try:
        rubrics.delete_criterion(criterion, by=request.user)
    except ScoringError as error:
        messages.error(request, str(error))
    return redirect("scoring:rubric_detail", pk=criterion.rubric_id)


@login_required
@require_http_methods(["GET", "POST"])
def rubric_import(request, pk):
    rubric = permissions.get_rubric_for_user(request.user, pk, lead=True)
    form = ImportForm(request.POST or None, request.FILES or None)
    outcome = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        problem = upload_problem(upload.name, upload.size)
        if problem:
            form.add_error("file", problem)
        else:
            try:
                outcome = imports.import_rubric(rubric, upload, by=request.user, name=upload.name)
            except ScoringError as error:
                form.add_error(None, str(error))
            else:
                if outcome.ok:
                    messages.success(request, _("Đã nhập %(n)s dòng tiêu chí.") % {"n": len(outcome.rows)})
                    return redirect("scoring:rubric_detail", pk=rubric.pk)
    return render(
        request,
        "scoring/rubric_import.html",
        {"nav": "cycle", "khoi": rubric.block, "rubric": rubric, "form": form, "outcome": outcome},
    )


@login_required
@require_GET
def rubric_xlsx(request, pk):
    rubric = permissions.get_rubric_for_user(request.user, pk)
    return file_response(
        exports.rubric_xlsx(rubric), f"bang-tieu-chi-{rubric.block.year}-v{rubric.version}.xlsx", exports.XLSX
    )


@login_required
@require_GET
def rubric_template(request):
    return file_response(imports.template_workbook(), imports.FILENAME, exports.XLSX)
