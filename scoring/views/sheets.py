"""The score grid: a unit's self, cross or final sheet, one cell saved at a time with htmx, and the
evidence files attached to a criterion."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from cycle import uploads
from scoring import core, permissions
from scoring.forms import (
    EvidenceForm,
)
from scoring.models import Rubric, Sheet
from scoring.services import ScoringError, results, rounds
from scoring.services.rounds import ScoreConflict, fmt


def _sheet(request, rubric: Rubric, round_: str, unit_pk, scorer_pk=None) -> Sheet:
    """The sheet, made on first visit by someone who may write it; 403 for a reader of another unit."""
    unit = permissions.member_unit(rubric, unit_pk)
    scorer = permissions.member_unit(rubric, scorer_pk) if scorer_pk else None
    if round_ not in Sheet.Round.values or (round_ == Sheet.Round.CROSS) != (scorer is not None):
        raise Http404
    probe = Sheet(rubric=rubric, unit=unit, round=round_, scorer=unit if round_ == Sheet.Round.SELF else scorer)
    permissions.check_sheet(request.user, rubric.block, probe)
    existing = Sheet.objects.filter(rubric=rubric, unit=unit, round=round_, scorer=probe.scorer).first()
    if existing is not None:
        return existing
    if round_ == Sheet.Round.CROSS and not rubric.assignments.filter(unit=unit, scorer=scorer).exists():
        raise Http404
    if rubric.scoring_open and permissions.can_write_sheet(request.user, rubric.block, probe):
        return rounds.sheet_for(rubric, unit, round_, scorer)
    return probe  # unsaved: nothing entered yet


def _grid_rows(facts: results.Facts, sheet: Sheet) -> list[dict]:
    """One row per criterion: inner nodes with their subtotal, leaves with the cell, its reference values
    (the self-score and combined cross-score for cross and final sheets) and evidence."""
    cells = facts.scores.get(sheet.pk, {}) if sheet.pk else {}
    final = sheet.round == Sheet.Round.FINAL
    node_scores = core.node_totals(
        facts.core, facts.final(sheet.unit_id) if final else facts.vector(sheet if sheet.pk else None)
    )
    self_vector = facts.vector(facts.sheet(sheet.unit_id, Sheet.Round.SELF))
    cross = facts.cross(sheet.unit_id) if sheet.round == Sheet.Round.FINAL else None
    evidence = {}
    self_sheet = facts.sheet(sheet.unit_id, Sheet.Round.SELF)
    if self_sheet is not None:
        for e in self_sheet.evidence.all():
            evidence.setdefault(e.criterion_id, []).append(e)
    index = {c.pk: i for i, c in enumerate(facts.leaves)}
    rows = []
    for c in facts.criteria:
        i = index.get(c.pk)
        score = cells.get(c.pk)
        rows.append(
            {
                "criterion": c,
                "leaf": i is not None,
                "subtotal": fmt(node_scores.get(c.pk)),
                "score": score,
                "value": fmt(score.value) if score else "",
                "version": score.version if score else 0,
                "self_value": fmt(self_vector[i]) if i is not None else "",
                "cross_value": fmt(cross[i]) if cross is not None and i is not None else "",
                "evidence": evidence.get(c.pk, []),
                "low": fmt(-c.max_points) if c.kind == "deduction" else "0",
                "high": "0" if c.kind == "deduction" else fmt(c.max_points),
            }
        )
    return rows


def _sheet_context(request, rubric: Rubric, sheet: Sheet) -> dict:
    facts = results.load(rubric)
    vector = facts.vector(sheet if sheet.pk else None)
    if sheet.round == Sheet.Round.FINAL:  # the final total: the combined cross-scores with this sheet's changes
        vector = facts.final(sheet.unit_id)
    done, todo = sum(v is not None for v in vector), len(facts.leaves)
    return {
        "nav": "cycle",
        "khoi": rubric.block,
        "rubric": rubric,
        "sheet": sheet,
        "rows": _grid_rows(facts, sheet),
        "total": core.total(facts.core, vector),
        "core": facts.core,
        "done": done,
        "todo": todo,
        "can_write": bool(sheet.pk)
        and rubric.scoring_open
        and permissions.can_write_sheet(request.user, rubric.block, sheet),
        "can_report": permissions.can_read_unit_report(request.user, rubric.block, sheet.unit),
        "removed": facts.removed(sheet.unit_id) if sheet.round != Sheet.Round.SELF else [],
        "active": sheet.round != Sheet.Round.CROSS or sheet.scorer_id in facts.active_scorers(sheet.unit_id),
        "evidence_form": EvidenceForm(),
        "accept": uploads.ACCEPT,
    }


@login_required
@require_GET
def sheet_page(request, pk, round_, unit_pk, scorer_pk=None):
    rubric = permissions.get_rubric_for_user(request.user, pk)
    sheet = _sheet(request, rubric, round_, unit_pk, scorer_pk)
    return render(request, "scoring/sheet.html", _sheet_context(request, rubric, sheet))


@login_required
@require_POST
def cell_save(request, sheet_pk, criterion_pk):
    """htmx: save one cell. The answer replaces the cell's message and, out of band, its version, the
    subtotals, the total and the progress; a refused value or a conflict leaves the typed value in place."""
    sheet = permissions.get_sheet_for_user(request.user, sheet_pk, write=True)
    criterion = get_object_or_404(sheet.rubric.criteria, pk=criterion_pk)
    try:
        version = int(request.POST.get("version", "0"))
    except ValueError:
        version = -1
    try:
        rounds.save_score(
            sheet,
            criterion,
            by=request.user,
            value=request.POST.get("value", ""),
            version=version,
            note=request.POST.get("note"),
            figures=request.POST.get("figures"),
            reason=request.POST.get("reason"),
        )
        error, conflict = "", False
    except ScoreConflict as refusal:
        error, conflict = str(refusal), True
    except ScoringError as refusal:
        error, conflict = str(refusal), False
    context = _sheet_context(request, sheet.rubric, sheet)
    row = next(r for r in context["rows"] if r["criterion"].pk == criterion.pk)
    context.update(row=row, error=error, conflict=conflict)
    # A refusal is an answer too (200): htmx swaps it in where the user is looking.
    return render(request, "scoring/_cell_result.html", context)


@login_required
@require_POST
def evidence_upload(request, sheet_pk, criterion_pk):
    sheet = permissions.get_sheet_for_user(request.user, sheet_pk, write=True)
    criterion = get_object_or_404(sheet.rubric.criteria, pk=criterion_pk)
    form = EvidenceForm(request.POST, request.FILES)
    try:
        if not form.is_valid():
            raise ScoringError(_("Hãy chọn một tệp."))
        rounds.attach_evidence(sheet, criterion, form.cleaned_data["file"], by=request.user)
    except ScoringError as error:
        messages.error(request, str(error))
    return redirect(_sheet_url(sheet) + f"#c{criterion.pk}")


def _sheet_url(sheet: Sheet) -> str:
    if sheet.round == Sheet.Round.CROSS:
        return reverse("scoring:cross_sheet", args=[sheet.rubric_id, sheet.unit_id, sheet.scorer_id])
    return reverse("scoring:sheet", args=[sheet.rubric_id, sheet.round, sheet.unit_id])


@login_required
@require_GET
def evidence_download(request, pk):
    evidence = permissions.get_evidence_for_user(request.user, pk)
    return uploads.download_response(evidence)


@login_required
@require_POST
def evidence_delete(request, pk):
    evidence = permissions.get_evidence_for_user(request.user, pk, write=True)
    try:
        rounds.remove_evidence(evidence, by=request.user)
    except ScoringError as error:
        messages.error(request, str(error))
    return redirect(_sheet_url(evidence.sheet) + f"#c{evidence.criterion_id}")
