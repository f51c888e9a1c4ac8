"""Filling a proposal from what the year already holds: the titles registered by the proposing
subtree and those the engine finds its people and units eligible for."""

from django.db import transaction

from commendation.models import Proposal, ProposalLine
from commendation.services.proposals import new_line, require_editable, require_write
from commendation.services.verdicts import store_verdicts
from eligibility.engine import COLLECTIVE, INDIVIDUAL
from eligibility.services import AwardsError
from honours.models import Title
from organisation.models import Person, Unit


@transaction.atomic
def prefill_from_registration_and_engine(proposal: Proposal, *, by) -> list[ProposalLine]:
    """Add, for a yearly (or movement) proposal, the titles registered for the year by the people
    and units of the proposing subtree (in the movement's blocks when the proposal has one) and
    the titles the engine finds them eligible for. What would be refused (already proposed) is
    skipped; award forms are left to the unit (one achievement, one form). Returns the new lines."""
    from cycle.models import PersonRegistration, Registration
    from eligibility import listing as eligibility

    proposal = Proposal.objects.select_for_update().select_related("unit").get(pk=proposal.pk)
    require_write(by, proposal.unit)
    require_editable(proposal)
    path = proposal.unit.path
    wanted: list[tuple[str, int, int]] = []  # (recipient, subject id, title id)
    people = PersonRegistration.objects.filter(
        registration__block__year=proposal.year, person__unit__path__startswith=path
    )
    units = Registration.objects.filter(block__year=proposal.year, unit__path__startswith=path)
    if proposal.movement_id:
        people = people.filter(registration__block__movement_id=proposal.movement_id)
        units = units.filter(block__movement_id=proposal.movement_id)
    wanted += [(INDIVIDUAL, pid, tid) for pid, tid in people.values_list("person_id", "title_id").order_by("pk")]
    wanted += [(COLLECTIVE, uid, tid) for uid, tid in units.values_list("unit_id", "titles").order_by("pk") if tid]
    scope = eligibility.Scope(proposal.year, [proposal.unit]).evaluate()
    titles = {t.code: t.pk for t in Title.objects.filter(active=True)}
    evaluation = scope.evaluations[0]
    for rule in scope.ruleset.ruleset.rules:
        if rule.kind != "title":
            continue
        for recipient in (INDIVIDUAL, COLLECTIVE):
            if (rule.code, recipient) in evaluation.outcomes and rule.catalogue_code(recipient) in titles:
                wanted += [
                    (recipient, sid, titles[rule.catalogue_code(recipient)])
                    for sid in evaluation.eligible(rule.code, recipient)
                ]
    people_by_id = Person.objects.in_bulk([s for r, s, _t in wanted if r == INDIVIDUAL])
    units_by_id = Unit.objects.in_bulk([s for r, s, _t in wanted if r == COLLECTIVE])
    titles_by_id = Title.objects.in_bulk([t for _r, _s, t in wanted])
    created, seen = [], set()
    for recipient, sid, tid in wanted:
        if (recipient, sid, tid) in seen:
            continue
        seen.add((recipient, sid, tid))
        holder = (
            {"person": people_by_id.get(sid), "unit": None}
            if recipient == INDIVIDUAL
            else {"person": None, "unit": units_by_id.get(sid)}
        )
        title = titles_by_id[tid]
        if (holder["person"] or holder["unit"]) is None or title.recipient != recipient:
            continue
        try:
            with transaction.atomic():
                created.append(
                    new_line(proposal, **holder, title=title, award_form=None, achievement="", summary="", by=by)
                )
        except AwardsError:
            continue
    store_verdicts(proposal, created)
    return created
