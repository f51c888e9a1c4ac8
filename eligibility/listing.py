"""Eligibility lists for the pages and the API: a scope (a unit's subtree or a block's members)
and a year in, per rule the counts and the filtered, paginated candidates with their verdicts out.

A scope of at least ``settings.ELIGIBILITY_STORED_FROM`` serving people (a province, the Ministry) reads the
stored verdicts (``eligibility.stored``: computed by a job, the subjects whose facts changed since counted apart as
being updated); a smaller one is evaluated at once, set-wise (``eligibility.services.evaluate_scope``). Either
way names and explanations are built only for the page of candidates shown. Filters combine bitsets with two id
sets read in one query each: who registered for the title (cycle) and who already received it.
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Q

from cycle.models import Block, PersonRegistration, Registration
from eligibility import stored as stored_verdicts
from eligibility.engine import COLLECTIVE, INDIVIDUAL, Evaluation, Status, Verdict, cutoff
from eligibility.engine import bits as bitsets
from eligibility.facts import serving_on
from eligibility.registry import Entry, in_force
from eligibility.services import evaluate_scope
from honours.models import FormAward, TitleAward
from organisation import tree
from organisation.models import Person, Unit

STATUSES = (Status.ELIGIBLE, Status.POSTPONED, Status.NOT_ELIGIBLE)


@dataclass
class Scope:
    """Units whose subtrees are judged together: one unit, or a block's members."""

    year: int
    units: list[Unit]
    block: Block | None = None
    label: str = ""
    evaluations: list[Evaluation] = field(default_factory=list)
    ruleset: Entry | None = None
    stored: stored_verdicts.View | None = None  # the stored verdicts read, for a big scope

    def evaluate(self) -> "Scope":
        on = cutoff(self.year)
        self.ruleset = in_force(on, self.units[0] if len(self.units) == 1 else _common_root(self.units))
        if self.people_serving(on) >= settings.ELIGIBILITY_STORED_FROM:
            self.stored = stored_verdicts.view(self.ruleset, self.year, self.units)
        else:
            self.evaluations = [evaluate_scope(u, self.year, self.ruleset.code) for u in self.units]
        return self

    def people_serving(self, on) -> int:
        """How many people serve in the scope on ``on`` (one COUNT)."""
        where = Q()
        for unit in self.units:
            where |= Q(unit__path__startswith=unit.path)
        return serving_on(on).filter(where).values("person_id").distinct().count()

    @property
    def updating(self) -> bool:
        """Some verdicts of the scope are being computed again (stored verdicts only)."""
        return self.stored is not None and self.stored.updating


def _common_root(units: list[Unit]) -> Unit | None:
    """The deepest unit whose subtree holds all ``units`` (None when they have no common root)."""
    paths = [u.path for u in units]
    prefix = paths[0]
    for p in paths[1:]:
        while not p.startswith(prefix):
            prefix = prefix[: prefix.rstrip("/").rfind("/") + 1]
    ids = tree.path_ids(prefix)
    return Unit.objects.filter(pk=ids[-1]).first() if ids else None


def unit_scope(unit: Unit, year: int) -> Scope:
    return Scope(year, [unit], label=unit.name).evaluate()


def block_scope(block: Block) -> Scope:
    units = [m.unit for m in block.memberships.select_related("unit").order_by("order", "unit__code")]
    return Scope(block.year, units, block=block, label=block.name).evaluate()


@dataclass
class RuleCount:
    code: str
    name: str
    kind: str
    recipient: str
    eligible: int | None  # None: stored verdicts computed for the first time, no number yet
    postponed: int | None
    not_eligible: int | None
    confidence: str
    updating: int | None = 0  # stored verdicts: the subjects not counted above, being computed again


def counts(scope: Scope) -> list[RuleCount]:
    """Per rule and recipient, the number of candidates per status, in the set's order."""
    totals: dict[tuple[str, str], list[int]] = {}
    if scope.stored is not None and scope.stored.ready:
        totals = {key: list(row) for key, row in scope.stored.counts().items()}
    elif scope.stored is not None:  # computed for the first time: the rules, no number yet
        totals = {
            (rule.code, recipient): [None, None, None, None]
            for rule in scope.ruleset.ruleset.rules
            for recipient in (INDIVIDUAL, COLLECTIVE)
            if rule.alternatives(recipient)
        }
    for evaluation in scope.evaluations:
        for key, by_status in evaluation.counts().items():
            row = totals.setdefault(key, [0, 0, 0])
            for n, status in enumerate(STATUSES):
                row[n] += by_status[status]
    out = []
    for recipient in (INDIVIDUAL, COLLECTIVE):
        for rule in scope.ruleset.ruleset.rules:
            if (rule.code, recipient) in totals:
                e, p, n, *rest = totals[(rule.code, recipient)]
                out.append(RuleCount(rule.code, rule.name, rule.kind, recipient, e, p, n, rule.confidence, *rest))
    return out


@dataclass
class Row:
    subject_id: int
    name: str
    unit: str
    verdict: Verdict
    registered: bool | None  # None: the rule is not a title one registers for
    received: bool
    updating: bool = False  # stored verdicts: the facts changed since; shown as being updated, no verdict


@dataclass
class Listing:
    rows: list[Row]
    total: int
    page: int
    pages: int


def candidates(
    scope: Scope,
    code: str,
    recipient: str,
    *,
    status: str = "",
    registered: str = "",
    received: str = "",
    page: int = 1,
    per_page: int = 50,
) -> Listing:
    """The candidates of one rule, filtered by status ("" = all), registration ("yes"/"no") and
    receipt of the title or form this year ("yes"/"no"), one page at a time."""
    rule = scope.ruleset.ruleset.rule(code)
    catalogue = rule.catalogue_code(recipient)
    picked: list[tuple[Evaluation | None, int]] = []
    if scope.stored is not None and scope.stored.ready and (code, recipient) in scope.stored.snapshot.outcomes:
        picked = [(None, sid) for sid in scope.stored.ids(code, recipient, status)]
    for evaluation in scope.evaluations:
        if (code, recipient) not in evaluation.outcomes:
            continue
        table = evaluation.table(recipient)
        outcome = evaluation.outcomes[(code, recipient)]
        wanted = {
            Status.ELIGIBLE: outcome.eligible,
            Status.POSTPONED: outcome.postponed,
            Status.NOT_ELIGIBLE: table.everyone & ~outcome.eligible & ~outcome.postponed,
        }.get(status, table.everyone)
        picked += [(evaluation, table.ids[i]) for i in bitsets.to_indices(wanted, table.n)]
    ids = [sid for _, sid in picked]
    if registered in ("yes", "no") and rule.kind == "title":
        reg = _registered(scope, catalogue, recipient, ids)
        picked = [(e, sid) for e, sid in picked if (sid in reg) == (registered == "yes")]
    if received in ("yes", "no"):
        got = _received(scope.year, rule.kind, catalogue, recipient, ids)
        picked = [(e, sid) for e, sid in picked if (sid in got) == (received == "yes")]
    ordered = scope.stored is not None and recipient == INDIVIDUAL and scope.stored.ordered
    if not ordered:  # stored people come in the listing order already
        names = _names(recipient, [sid for _, sid in picked])
        picked.sort(key=lambda p: stored_verdicts.display_key(names.get(p[1], ("", "")), p[1]))
    total = len(picked)
    pages = max(1, -(-total // per_page))
    page = min(max(1, page), pages)
    shown = picked[(page - 1) * per_page : page * per_page]
    shown_ids = [sid for _, sid in shown]
    if ordered:
        names = _names(recipient, shown_ids)
    reg = _registered(scope, catalogue, recipient, shown_ids) if rule.kind == "title" else None
    got = _received(scope.year, rule.kind, catalogue, recipient, shown_ids)
    live = stored_verdicts.explain(scope.ruleset, scope.year, recipient, shown_ids) if scope.stored and shown else None
    rows = []
    for e, sid in shown:
        verdict = (e or live).verdict(code, sid, recipient)
        # A stored status the facts of now no longer give: the recompute has not caught up yet.
        updating = e is None and verdict.status != scope.stored.stored_status(code, recipient, sid)
        rows.append(
            Row(
                sid,
                names.get(sid, ("", ""))[0],
                names.get(sid, ("", ""))[1],
                verdict,
                (sid in reg) if reg is not None else None,
                sid in got,
                updating,
            )
        )
    return Listing(rows, total, page, pages)


# Above this many ids a query reads the whole year's rows and keeps the ids asked in Python: an IN list of
# hundreds of thousands is slower, and SQLite refuses more than 32,766 parameters.
IN_LIST_LIMIT = 5000


def _among(qs, field: str, ids: list[int]):
    return qs.filter(**{f"{field}__in": ids}) if len(ids) <= IN_LIST_LIMIT else qs


def _names(recipient: str, ids: list[int]) -> dict[int, tuple[str, str]]:
    """id → (name, unit code) in one query."""
    if recipient == INDIVIDUAL:
        rows = _among(Person.objects.all(), "pk", ids).values_list("pk", "full_name", "unit__code")
    else:
        rows = _among(Unit.objects.all(), "pk", ids).values_list("pk", "name", "code")
    wanted = set(ids)
    return {pk: (name, code or "") for pk, name, code in rows if pk in wanted}


def _registered(scope: Scope, code: str, recipient: str, ids: list[int]) -> set[int]:
    """Who registered for title ``code`` in a block of the year (one query)."""
    if recipient == INDIVIDUAL:
        qs = _among(
            PersonRegistration.objects.filter(registration__block__year=scope.year, title__code=code), "person_id", ids
        ).values_list("person_id", flat=True)
    else:
        qs = _among(Registration.objects.filter(block__year=scope.year, titles__code=code), "unit_id", ids).values_list(
            "unit_id", flat=True
        )
    if scope.block is not None:
        qs = qs.filter(**{"registration__block" if recipient == INDIVIDUAL else "block": scope.block})
    return set(qs) & set(ids)


def _received(year: int, kind: str, code: str, recipient: str, ids: list[int]) -> set[int]:
    """Who received title or form ``code`` for ``year`` (annulled ones excluded; one query)."""
    field = "person_id" if recipient == INDIVIDUAL else "unit_id"
    if kind == "title":
        qs = TitleAward.objects.filter(title__code=code, year=year, annulled=False)
    else:
        qs = FormAward.objects.filter(award_form__code=code, year=year, annulled=False)
    return set(_among(qs, field, ids).values_list(field, flat=True)) & set(ids)


def verdicts_of_person(person: Person, year: int) -> tuple[Entry, list[Verdict], Unit | None]:
    """Every individual verdict of ``person`` for ``year``, judged where the person served on the
    cut-off date (the scope is that unit, so the facts loaded are a unit's, not the country's)."""
    from organisation.tree import assignment_on

    on = cutoff(year)
    assignment = assignment_on(person.pk, on)
    if assignment is None:
        return in_force(on, person.unit), [], None
    unit = assignment.unit
    entry = in_force(on, unit)
    evaluation = evaluate_scope(unit, year, entry.code)
    if person.pk not in evaluation.people.index:
        return entry, [], unit
    return entry, evaluation.verdicts(person.pk, INDIVIDUAL), unit


def verdicts_of_unit(unit: Unit, year: int) -> tuple[Entry, list[Verdict]]:
    entry = in_force(cutoff(year), unit)
    evaluation = evaluate_scope(unit, year, entry.code)
    if evaluation.units is None or unit.pk not in evaluation.units.index:
        return entry, []
    return entry, evaluation.verdicts(unit.pk, COLLECTIVE)
