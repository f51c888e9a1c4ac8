"""Access helpers for rubrics, sheets, evidence and explanations, on top of ``cycle.permissions``.
Outsiders (the block is not visible) get 404; read-only roles get 403 on writes.

- the rubric, the leaderboard and the final results: everyone who sees the block; the block's runners
  (manager, leader, deputy: ``can_lead_block``) edit the rubric, assign scorers, fix final scores and ask
  for explanations;
- a self sheet: written by the unit's write roles; read by the runners, the unit's roles and the units
  assigned to cross-score it (they check its evidence);
- a cross sheet: written by the scorer unit's write roles while the assignment is active; read by the
  runners, the scorer and the scored unit;
- the final sheet: read by everyone who sees the block, written by the runners.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from cycle import permissions as cycle_perms
from cycle.models import Block
from organisation import permissions as org_perms
from organisation import tree
from organisation.models import Unit
from scoring.models import Assignment, Criterion, EvidenceFile, Explanation, Rubric, Sheet


def _sees(user, unit: Unit) -> bool:
    return org_perms.is_admin(user) or tree.path_within(unit.path, org_perms.unit_paths(user))


def can_write_unit(user, unit: Unit) -> bool:
    return org_perms.is_admin(user) or tree.path_within(unit.path, org_perms.write_paths(user))


def get_rubric_for_user(user, pk, *, lead: bool = False) -> Rubric:
    """The rubric if its block is visible (else 404); with ``lead`` the user must run the block (403)."""
    rubric = Rubric.objects.filter(pk=pk).first()
    if rubric is None:
        raise Http404
    rubric.block = cycle_perms.get_block_for_user(user, rubric.block_id, lead=lead)
    return rubric


def get_criterion_for_user(user, pk, *, lead: bool = False) -> Criterion:
    criterion = Criterion.objects.filter(pk=pk).first()
    if criterion is None:
        raise Http404
    criterion.rubric = get_rubric_for_user(user, criterion.rubric_id, lead=lead)
    return criterion


def member_unit(rubric: Rubric, unit_pk) -> Unit:
    membership = rubric.block.memberships.select_related("unit").filter(unit_id=unit_pk).first()
    if membership is None:
        raise Http404
    return membership.unit


def can_read_unit_report(user, block: Block, unit: Unit) -> bool:
    """A unit's self-against-cross report: the block's runners and the unit's own roles."""
    return cycle_perms.can_lead_block(user, block) or _sees(user, unit)


def readable_unit_reports(user, block: Block, units) -> set[int]:
    """The ids of ``units`` whose report the user may open (no query: the user's paths are cached)."""
    if cycle_perms.can_lead_block(user, block):
        return {u.pk for u in units}
    return {u.pk for u in units if _sees(user, u)}


def can_read_sheet(user, block: Block, sheet: Sheet) -> bool:
    if cycle_perms.can_lead_block(user, block) or sheet.round == Sheet.Round.FINAL:
        return True
    if _sees(user, sheet.unit) or (sheet.scorer_id and _sees(user, sheet.scorer)):
        return True
    if sheet.round == Sheet.Round.SELF:  # the units assigned to cross-score it check its evidence
        scorers = Unit.objects.filter(
            pk__in=Assignment.objects.filter(rubric_id=sheet.rubric_id, unit_id=sheet.unit_id, active=True).values(
                "scorer_id"
            )
        )
        return any(_sees(user, s) for s in scorers)
    return False


def can_write_sheet(user, block: Block, sheet: Sheet) -> bool:
    if sheet.round == Sheet.Round.FINAL:
        return cycle_perms.can_lead_block(user, block)
    if (
        sheet.round == Sheet.Round.CROSS
        and not Assignment.objects.filter(
            rubric_id=sheet.rubric_id, unit_id=sheet.unit_id, scorer_id=sheet.scorer_id, active=True
        ).exists()
    ):
        return False
    return can_write_unit(user, sheet.scorer)


def check_sheet(user, block: Block, sheet: Sheet, *, write: bool = False) -> Sheet:
    if not can_read_sheet(user, block, sheet):
        raise PermissionDenied
    if write and not can_write_sheet(user, block, sheet):
        raise PermissionDenied
    return sheet


def get_sheet_for_user(user, pk, *, write: bool = False) -> Sheet:
    """The sheet if its block is visible (else 404), readable (else 403) and, with ``write``, writable (403)."""
    sheet = Sheet.objects.select_related("unit", "scorer").filter(pk=pk).first()
    if sheet is None:
        raise Http404
    sheet.rubric = get_rubric_for_user(user, sheet.rubric_id)
    return check_sheet(user, sheet.rubric.block, sheet, write=write)


def scorer_units_for(user, rubric: Rubric) -> list[Unit]:
    """The units this user cross-scores for (write role over an active scorer)."""
    scorers = {a.scorer for a in rubric.assignments.filter(active=True).select_related("scorer")}
    return sorted((u for u in scorers if can_write_unit(user, u)), key=lambda u: u.code)


def can_lead(user, rubric: Rubric) -> bool:
    return cycle_perms.can_lead_block(user, rubric.block)


def get_evidence_for_user(user, pk, *, write: bool = False) -> EvidenceFile:
    evidence = EvidenceFile.objects.filter(pk=pk).first()
    if evidence is None:
        raise Http404
    evidence.sheet = get_sheet_for_user(user, evidence.sheet_id, write=write)
    return evidence


def get_explanation_for_user(user, pk, *, answer: bool = False) -> Explanation:
    """Readable by whoever reads the unit's self sheet; ``answer``: a write role over the unit (403)."""
    explanation = Explanation.objects.select_related("unit", "criterion").filter(pk=pk).first()
    if explanation is None:
        raise Http404
    explanation.rubric = get_rubric_for_user(user, explanation.rubric_id)
    block = explanation.rubric.block
    if not (cycle_perms.can_lead_block(user, block) or _sees(user, explanation.unit)):
        raise PermissionDenied
    if answer and not can_write_unit(user, explanation.unit):
        raise PermissionDenied
    return explanation


def get_assignment_for_user(user, pk) -> Assignment:
    """For the block's runners only (403 for others; 404 outside the block's visibility)."""
    assignment = Assignment.objects.select_related("unit", "scorer").filter(pk=pk).first()
    if assignment is None:
        raise Http404
    assignment.rubric = get_rubric_for_user(user, assignment.rubric_id, lead=True)
    return assignment
