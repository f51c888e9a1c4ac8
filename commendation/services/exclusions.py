"""Exclusions (loại trừ) remembered per proposal, holder and honour: written when lines are taken
out of a proposal in bulk (``batch.exclude_lines``), read by the prefills so that filling the
proposal again leaves them out, and forgotten on "Khôi phục" (``batch.restore_exclusions``).

Each helper works set-wise: a fixed number of queries whatever the number of lines."""

from dataclasses import dataclass, field

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from audit import services as audit
from audit.models import AuditEvent
from commendation.models import LineExclusion, Proposal, ProposalLine
from organisation.models import Person, Unit

EXCLUSION_FIELDS = ["proposal", "person", "unit", "title", "award_form", "reason"]
LOCK_CHUNK = 2000  # holders locked per query (bounded IN lists)


class Prefilled(list):
    """The lines a prefill wrote (a list), and how many remembered exclusions it left out."""

    def __init__(self, lines=(), *, skipped: int = 0):
        super().__init__(lines)
        self.skipped = skipped


@dataclass
class Restored:
    """What a restore did: the lines put back, and how many exclusions were forgotten without a
    line (no longer due, proposed elsewhere meanwhile, left the proposing unit, or back already)."""

    lines: list = field(default_factory=list)
    forgotten: int = 0


def line_key(line) -> tuple:
    """(person, unit, title, award form) ids of a line or an exclusion: one holder, one honour."""
    return (line.person_id, line.unit_id, line.title_id, line.award_form_id)


def excluded_keys(proposal: Proposal) -> set[tuple]:
    """The holder-and-honour keys (``line_key``) the proposal remembers as excluded: one query."""
    return set(proposal.exclusions.values_list("person_id", "unit_id", "title_id", "award_form_id"))


def exclusions_of(proposal: Proposal) -> QuerySet:
    """The proposal's exclusions with what a list shows (no query per row), latest first."""
    return proposal.exclusions.select_related("person__unit", "unit", "title", "award_form", "excluded_by").order_by(
        "-excluded_at", "-pk"
    )


def remember(proposal: Proposal, lines: list[ProposalLine], *, reason: str, by) -> list[LineExclusion]:
    """Remember ``lines`` (about to be deleted) as excluded from ``proposal`` with ``reason``: one
    exclusion per line, the line's text kept; an older exclusion of the same holder and honour (the
    line was added back by hand since) is replaced. Audited in one insert."""
    keys = {line_key(line) for line in lines}
    older = [x for x in proposal.exclusions.only(*EXCLUSION_FIELDS) if line_key(x) in keys]
    if older:
        audit.record_many(
            by,
            AuditEvent.Action.DELETE,
            [(x, {k: [v, None] for k, v in audit.snapshot(x, EXCLUSION_FIELDS).items()}) for x in older],
            note=_("Thay bằng lần loại mới"),
        )
        LineExclusion.objects.filter(pk__in=[x.pk for x in older]).delete()
    made = LineExclusion.objects.bulk_create(
        LineExclusion(
            proposal=proposal,
            person_id=line.person_id,
            unit_id=line.unit_id,
            title_id=line.title_id,
            award_form_id=line.award_form_id,
            reason=reason,
            achievement=line.achievement,
            summary=line.summary,
            justification=line.justification,
            excluded_by=by if getattr(by, "pk", None) else None,
        )
        for line in {line_key(line): line for line in lines}.values()
    )
    audit.record_many(
        by,
        AuditEvent.Action.CREATE,
        [(x, audit.snapshot(x, EXCLUSION_FIELDS)) for x in made],
        note=_("Loại khỏi đề nghị"),
    )
    return made


def forget(proposal: Proposal, exclusions: list[LineExclusion], *, by) -> None:
    """Forget ``exclusions`` (restored): deleted in one query, one audit row each in one insert."""
    audit.record_many(
        by,
        AuditEvent.Action.DELETE,
        [(x, {k: [v, None] for k, v in audit.snapshot(x, EXCLUSION_FIELDS).items()}) for x in exclusions],
        note=_("Khôi phục vào đề nghị"),
    )
    LineExclusion.objects.filter(pk__in=[x.pk for x in exclusions]).delete()


def _inside(proposal: Proposal, people: list[int], units: list[int]) -> tuple[set, set]:
    """Those of ``people`` and ``units`` inside the proposing subtree now, locked as ``new_line``
    locks a holder (one writer per holder)."""
    path = proposal.unit.path
    found_people, found_units = set(), set()
    for start in range(0, len(people), LOCK_CHUNK):
        found_people.update(
            Person.objects.select_for_update(of=("self",))
            .filter(pk__in=people[start : start + LOCK_CHUNK], unit__path__startswith=path)
            .values_list("pk", flat=True)
        )
    for start in range(0, len(units), LOCK_CHUNK):
        found_units.update(
            Unit.objects.select_for_update()
            .filter(pk__in=units[start : start + LOCK_CHUNK], path__startswith=path)
            .values_list("pk", flat=True)
        )
    return found_people, found_units


def reinstate(proposal: Proposal, exclusions: list[LineExclusion], *, order: int) -> list[ProposalLine]:
    """New (unsaved) lines for ``exclusions`` as they were when taken out, numbered from ``order``
    + 1, but only where ``new_line`` would accept them: the holder still inside the proposing
    subtree, and no line elsewhere (not rejected) for the same achievement (a form) or the same
    title and year (``proposals._duplicate``, set-wise)."""
    people = sorted({x.person_id for x in exclusions if x.person_id})
    units = sorted({x.unit_id for x in exclusions if x.unit_id})
    inside_people, inside_units = _inside(proposal, people, units)
    taken = set()
    rows = (
        ProposalLine.objects.filter(Q(person_id__in=people) | Q(unit_id__in=units))
        .exclude(outcome=ProposalLine.Outcome.REJECTED)
        .values_list("person_id", "unit_id", "title_id", "award_form_id", "achievement", "proposal__year")
    )
    for pid, uid, title, form, achievement, year in rows:
        taken.add((pid, uid, "form", achievement) if form else (pid, uid, title, year))
    lines = []
    for x in exclusions:
        inside = x.person_id in inside_people if x.person_id else x.unit_id in inside_units
        clash = (
            (x.person_id, x.unit_id, "form", x.achievement) if x.award_form_id else (*line_key(x)[:3], proposal.year)
        )
        if not inside or clash in taken:
            continue
        taken.add(clash)
        lines.append(
            ProposalLine(
                proposal=proposal,
                person_id=x.person_id,
                unit_id=x.unit_id,
                title_id=x.title_id,
                award_form_id=x.award_form_id,
                achievement=x.achievement,
                summary=x.summary,
                justification=x.justification,
                order=order + len(lines) + 1,
            )
        )
    return lines
