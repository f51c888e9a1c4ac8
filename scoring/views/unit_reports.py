"""A unit's report: its discrepancies between rounds, the explanations asked and their answers."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from cycle import permissions as cycle_perms
from scoring import permissions
from scoring.forms import (
    AnswerForm,
    ExplanationRequestForm,
)
from scoring.services import ScoringError, results, rounds


@login_required
@require_http_methods(["GET", "POST"])
def unit_report(request, pk, unit_pk):
    """Self against cross, criterion by criterion; the runners ask for explanations, the unit answers."""
    rubric = permissions.get_rubric_for_user(request.user, pk)
    unit = permissions.member_unit(rubric, unit_pk)
    user, block = request.user, rubric.block
    if not permissions.can_read_unit_report(user, block, unit):
        raise PermissionDenied
    facts = results.load(rubric)
    ask_form = ExplanationRequestForm(request.POST or None, leaves=rubric.criteria.filter(children__isnull=True))
    if request.method == "POST":
        if not cycle_perms.can_lead_block(user, block):
            raise PermissionDenied
        if ask_form.is_valid():
            try:
                rounds.request_explanation(
                    rubric,
                    unit,
                    ask_form.cleaned_data["criterion"],
                    by=user,
                    question=ask_form.cleaned_data["question"],
                )
            except ScoringError as error:
                ask_form.add_error(None, str(error))
            else:
                return redirect("scoring:unit_report", pk=rubric.pk, unit_pk=unit.pk)
    return render(
        request,
        "scoring/unit_report.html",
        {
            "nav": "cycle",
            "khoi": block,
            "rubric": rubric,
            "unit": unit,
            "gaps": results.discrepancy_report(facts, unit),
            "removed": facts.removed(unit.pk),
            "can_lead": cycle_perms.can_lead_block(user, block),
            "ask_form": ask_form,
            "can_answer": rubric.scoring_open and permissions.can_write_unit(user, unit),
            "answer_form": AnswerForm(),
        },
    )


@login_required
@require_POST
def explanation_answer(request, pk):
    explanation = permissions.get_explanation_for_user(request.user, pk, answer=True)
    form = AnswerForm(request.POST)
    try:
        if not form.is_valid():
            raise ScoringError(_("Cần ghi nội dung giải trình."))
        rounds.answer_explanation(explanation, by=request.user, answer=form.cleaned_data["answer"])
    except ScoringError as error:
        messages.error(request, str(error))
    return redirect("scoring:unit_report", pk=explanation.rubric.pk, unit_pk=explanation.unit_id)
