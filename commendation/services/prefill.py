"""Filling a proposal from what the year already holds: the titles registered by the proposing
subtree and the titles and award forms the engine finds its people and units eligible for; a
seniority (niên hạn) proposal gets the medals due for years of service (``batch.prefill_seniority``)."""

from django.db import transaction

from commendation.models import Proposal, ProposalLine
from commendation.services.batch import prefill_seniority
from commendation.services.exclusions import Prefilled, excluded_keys
from commendation.services.proposals import new_line, require_editable, require_write
from commendation.services.verdicts import store_verdicts
from eligibility.engine import COLLECTIVE, INDIVIDUAL
from eligibility.services import AwardsError
from honours.models import AwardForm, CommendationKind, Title
from organisation.models import Person, Unit


def _family(form: AwardForm, kind: str) -> str:
    """Forms of one family go to a subject one at a time, the highest it is eligible for: for merit
    (Giấy khen, Bằng khen, Huân chương) one achievement earns one form (Law 2022 art. 5); the
    seniority and commemorative medals reward years of service, each its own."""
    return CommendationKind.MERIT if kind == CommendationKind.MERIT else form.code


@transaction.atomic
def prefill_from_registration_and_engine(proposal: Proposal, *, by) -> list[ProposalLine]:
    """Add, for a yearly (or movement) proposal, the titles registered for the year by the people
    and units of the proposing subtree (in the movement's blocks when the proposal has one) and
    the titles and award forms the engine finds them eligible for. Forms are those serving the
    proposal's kind (a yearly proposal gets no seniority medal); for merit each person or unit gets
    the highest form it is eligible for (``_family``: one achievement, one form, Law 2022 art. 5),
    the unit striking what it does not want. What would be refused (already
    proposed) is skipped, and so is what was excluded from this proposal before (counted in the
    result's ``skipped``, ``batch.exclude_lines``). Returns the new lines.

    A seniority proposal gets exactly the seniority and commemorative medals due, and no title
    (``commendation.services.batch.prefill_seniority``)."""
    from cycle.models import PersonRegistration, Registration
    from eligibility import listing as eligibility

    if proposal.kind == CommendationKind.SENIORITY:  # the kind never changes after creation
        return prefill_seniority(proposal, by=by)
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
    titles = {t.code: t for t in Title.objects.filter(active=True)}
    forms = {f.code: f for f in AwardForm.objects.filter(active=True)}
    evaluation = scope.evaluations[0]
    wanted_forms: dict[tuple[str, int, object], AwardForm] = {}  # (recipient, subject, family) → highest form
    for rule in scope.ruleset.ruleset.rules:
        for recipient in (INDIVIDUAL, COLLECTIVE):
            code = rule.catalogue_code(recipient)
            if (rule.code, recipient) not in evaluation.outcomes:
                continue
            if rule.kind == "title" and code in titles:
                wanted += [(recipient, sid, titles[code].pk) for sid in evaluation.eligible(rule.code, recipient)]
            elif rule.kind == "form" and code in forms and proposal.kind in forms[code].kinds:
                form = forms[code]
                for sid in evaluation.eligible(rule.code, recipient):
                    key = (recipient, sid, _family(form, proposal.kind))
                    if key not in wanted_forms or form.rank > wanted_forms[key].rank:
                        wanted_forms[key] = form
    people_by_id = Person.objects.in_bulk(
        {s for r, s, _t in wanted if r == INDIVIDUAL} | {s for r, s, _f in wanted_forms if r == INDIVIDUAL}
    )
    units_by_id = Unit.objects.in_bulk(
        {s for r, s, _t in wanted if r == COLLECTIVE} | {s for r, s, _f in wanted_forms if r == COLLECTIVE}
    )
    titles_by_id = Title.objects.in_bulk([t for _r, _s, t in wanted])
    todo = [(recipient, sid, titles_by_id[tid], None) for recipient, sid, tid in wanted]
    todo += [(recipient, sid, None, form) for (recipient, sid, _f), form in wanted_forms.items()]
    created, seen, excluded, skipped = [], set(), excluded_keys(proposal), 0
    for recipient, sid, title, form in todo:
        honour = title or form
        if (recipient, sid, type(honour), honour.pk) in seen:
            continue
        seen.add((recipient, sid, type(honour), honour.pk))
        holder = (
            {"person": people_by_id.get(sid), "unit": None}
            if recipient == INDIVIDUAL
            else {"person": None, "unit": units_by_id.get(sid)}
        )
        if (holder["person"] or holder["unit"]) is None or honour.recipient != recipient:
            continue
        ids = (sid, None) if recipient == INDIVIDUAL else (None, sid)
        if (*ids, title.pk if title else None, form.pk if form else None) in excluded:  # batch.exclude_lines
            skipped += 1
            continue
        try:
            with transaction.atomic():
                created.append(
                    new_line(proposal, **holder, title=title, award_form=form, achievement="", summary="", by=by)
                )
        except AwardsError:
            continue
    store_verdicts(proposal, created)
    return Prefilled(created, skipped=skipped)
