"""Scoring pages: the rubric (tree, import, export, copy, open), the cross-scoring assignments, the score grid
(one cell saved at a time with htmx), a unit's discrepancy report with explanations, the leaderboard and its
exports. Thin views: access helper → form → one service → redirect or render."""

import copy

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from audit.services import history_of
from cycle import permissions as cycle_perms
from cycle import uploads
from scoring import core, exports, imports, permissions
from scoring.forms import (
    AnswerForm,
    AssignmentForm,
    CriterionForm,
    EvidenceForm,
    ExplanationRequestForm,
    ImportForm,
    ReasonForm,
    RubricForm,
)
from scoring.models import Rubric, Sheet
from scoring.services import ScoringError, results, rounds, rubrics
from scoring.services.rounds import ScoreConflict, fmt

# The rubric -------------------------------------------------------------------------------------


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
        problem = imports.upload_problem(upload.name, upload.size)
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


def _file(data: bytes, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
@require_GET
def rubric_xlsx(request, pk):
    rubric = permissions.get_rubric_for_user(request.user, pk)
    return _file(exports.rubric_xlsx(rubric), f"bang-tieu-chi-{rubric.block.year}-v{rubric.version}.xlsx", exports.XLSX)


@login_required
@require_GET
def rubric_template(request):
    return _file(imports.template_workbook(), imports.FILENAME, exports.XLSX)


# Assignments ------------------------------------------------------------------------------------


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


# The score grid -----------------------------------------------------------------------------------


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
    node_scores = core.node_totals(facts.core, facts.vector(sheet if sheet.pk else None))
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
    try:
        handle = evidence.file.open("rb")
    except FileNotFoundError as error:
        raise Http404 from error
    known = evidence.content_type in uploads.CONTENT_TYPES.values()
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=evidence.original_name,
        content_type=evidence.content_type if known else "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private"
    return response


@login_required
@require_POST
def evidence_delete(request, pk):
    evidence = permissions.get_evidence_for_user(request.user, pk, write=True)
    try:
        rounds.remove_evidence(evidence, by=request.user)
    except ScoringError as error:
        messages.error(request, str(error))
    return redirect(_sheet_url(evidence.sheet) + f"#c{evidence.criterion_id}")


# A unit: discrepancies and explanations ------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def unit_report(request, pk, unit_pk):
    """Self against cross, criterion by criterion; the runners ask for explanations, the unit answers."""
    rubric = permissions.get_rubric_for_user(request.user, pk)
    unit = permissions.member_unit(rubric, unit_pk)
    user, block = request.user, rubric.block
    if not (
        cycle_perms.can_lead_block(user, block)
        or permissions.can_read_sheet(
            user, block, Sheet(rubric=rubric, unit=unit, round=Sheet.Round.CROSS, scorer=unit)
        )
    ):
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


# Leaderboard and exports ------------------------------------------------------------------------


@login_required
@require_GET
def leaderboard(request, pk):
    """Computed from the stored scores on every request; the table refreshes itself every few seconds."""
    rubric = permissions.get_rubric_for_user(request.user, pk)
    facts = results.load(rubric)
    rows = results.leaderboard(facts)
    context = {
        "nav": "cycle",
        "khoi": rubric.block,
        "rubric": rubric,
        "rows": rows,
        "core": facts.core,
        "chart": exports.sections_svg(facts, rows, title=_("Điểm chốt theo từng phần")),
    }
    if request.htmx:
        return render(request, "scoring/_leaderboard.html", context)
    return render(request, "scoring/leaderboard.html", context)


@login_required
@require_GET
def scores_xlsx(request, pk):
    rubric = permissions.get_rubric_for_user(request.user, pk)
    return _file(exports.scores_xlsx(rubric), f"bang-diem-{rubric.block.year}.xlsx", exports.XLSX)


@login_required
@require_GET
def results_docx(request, pk):
    rubric = permissions.get_rubric_for_user(request.user, pk)
    return _file(exports.results_docx(rubric), f"ket-qua-cham-diem-{rubric.block.year}.docx", exports.DOCX)
