"""The engine's verdict on proposal lines, stored on each line (status, rule set, failures)."""

from django.db import transaction
from django.utils.translation import gettext as _

from audit import services as audit
from audit.models import AuditEvent
from commendation.models import Proposal, ProposalLine
from eligibility.engine import COLLECTIVE, INDIVIDUAL, cutoff
from eligibility.registry import in_force
from eligibility.services import evaluate_scope


def _failure_dict(failure) -> dict:
    return {
        "condition": failure.condition,
        "fact": failure.fact,
        "basis": failure.basis,
        "explanation": failure.explanation,
    }


def store_verdicts(proposal: Proposal, lines: list[ProposalLine]) -> list[ProposalLine]:
    """Store the engine's verdict on each line: one evaluation of the proposing unit's subtree with
    the rule set in force there on the cut-off date; a person who left the subtree is judged where
    he served (``verdicts_of_person``). An honour with no rule in the set stays unchecked ("")."""
    from eligibility.listing import verdicts_of_person

    if not lines:
        return []
    entry = in_force(cutoff(proposal.year), proposal.unit)
    evaluation = evaluate_scope(proposal.unit, proposal.year, entry.code)
    changed = []
    for line in lines:
        recipient = INDIVIDUAL if line.person_id else COLLECTIVE
        subject = line.person_id or line.unit_id
        table = evaluation.table(recipient)
        ruleset = entry.code
        if table is not None and subject in table.index:
            verdicts = evaluation.verdicts(subject, recipient)
        elif line.person_id:
            found, verdicts, _unit = verdicts_of_person(line.person, proposal.year)
            ruleset = found.code
        else:
            verdicts = []
        verdict = next((v for v in verdicts if v.catalogue_code == line.honour.code), None)
        before = (line.engine_status, line.engine_ruleset, line.engine_failures)
        if verdict is None:
            line.engine_status, line.engine_ruleset, line.engine_failures = "", ruleset, []
        else:
            line.engine_status = str(verdict.status)
            line.engine_ruleset = verdict.ruleset
            line.engine_failures = [_failure_dict(f) for f in verdict.failures]
        if before != (line.engine_status, line.engine_ruleset, line.engine_failures):
            line.save(update_fields=["engine_status", "engine_ruleset", "engine_failures"])
            changed.append((line, {"engine_status": [before[0], line.engine_status]}))
    if changed:
        audit.record_many(None, AuditEvent.Action.UPDATE, changed, note=_("Kiểm tra điều kiện theo bộ quy tắc"))
    return lines


@transaction.atomic
def check_lines(proposal: Proposal, *, by=None) -> list[ProposalLine]:
    """Check every line of ``proposal`` with the engine again; returns the lines in order."""
    proposal = Proposal.objects.select_related("unit").get(pk=proposal.pk)
    lines = list(proposal.lines.select_related("person", "unit", "title", "award_form"))
    return store_verdicts(proposal, lines)
