"""The cross-scoring assignments of a rubric: who scores whom, and removing an assignment."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from scoring import permissions
from scoring.forms import (
    AssignmentForm,
    ReasonForm,
)
from scoring.services import ScoringError, rounds


@login_required
@require_http_methods(["GET", "POST"])
def assignments(request, pk):
    """GET: who scores whom (everyone who sees the block). POST (the block's runners): the balanced plan, or
    one manual assignment."""
    rubric = permissions.get_rubric_for_user(request.user, pk, lead=request.method == "POST")
    members = rubric.block.members.all()
    form = AssignmentForm(
        request.POST if request.POST.get("action") == "add" else None, members=members, scorers=members
    )
    if request.method == "POST":
        try:
            if request.POST.get("action") == "plan":
                rounds.assign_cross_scorers(rubric, by=request.user)
                messages.success(request, _("Đã phân công chấm chéo."))
                return redirect("scoring:assignments", pk=rubric.pk)
            if form.is_valid():
                rounds.add_assignment(rubric, form.cleaned_data["unit"], form.cleaned_data["scorer"], by=request.user)
                return redirect("scoring:assignments", pk=rubric.pk)
        except ScoringError as error:
            form.add_error(None, str(error))
    rows = list(
        rubric.assignments.select_related("unit", "scorer", "removed_by").order_by("unit__code", "scorer__code")
    )
    return render(
        request,
        "scoring/assignments.html",
        {
            "nav": "cycle",
            "khoi": rubric.block,
            "rubric": rubric,
            "rows": rows,
            "form": form,
            "can_lead": permissions.can_lead(request.user, rubric),
            "reason_form": ReasonForm(),
        },
    )


@login_required
@require_POST
def assignment_remove(request, pk):
    assignment = permissions.get_assignment_for_user(request.user, pk)
    form = ReasonForm(request.POST)
    try:
        if not form.is_valid():
            raise ScoringError(_("Cần ghi lý do loại đơn vị chấm."))
        rounds.remove_assignment(assignment, by=request.user, reason=form.cleaned_data["reason"])
    except ScoringError as error:
        messages.error(request, str(error))
    return redirect("scoring:assignments", pk=assignment.rubric.pk)
