"""Evaluate a rule set for a year over whole tables at once, and explain any verdict on demand.

``evaluate`` computes, for every rule, alternative and condition, the set of candidates that meet
it (bitsets, see ``bits``): the cost is a few big-integer operations per condition whatever the
number of people. ``Evaluation.verdict`` then builds the full verdict of one candidate —
status, matched alternative, and for every failed condition the fact, the article and a sentence
in Vietnamese — only for the candidates someone looks at.
"""

import datetime
from dataclasses import dataclass
from enum import StrEnum

from eligibility.engine import bits
from eligibility.engine.loader import cutoff
from eligibility.engine.predicates import REGISTRY, Context
from eligibility.engine.predicates.initiatives import InitiativesUnused
from eligibility.engine.rules import Alternative, Condition, Rule, RuleSet
from eligibility.engine.vocabulary import COLLECTIVE, INDIVIDUAL


class Status(StrEnum):
    ELIGIBLE = "eligible"
    NOT_ELIGIBLE = "not_eligible"
    POSTPONED = "postponed"  # would be eligible but for a pending case

    @property
    def label(self) -> str:
        return {"eligible": "Đủ điều kiện", "not_eligible": "Chưa đủ điều kiện", "postponed": "Tạm hoãn xét"}[self]


@dataclass(frozen=True)
class Failure:
    alternative: str
    predicate: str
    condition: str  # the condition, in words
    fact: str  # what the candidate's facts show
    basis: str  # the article
    explanation: str  # one sentence for the person concerned


@dataclass(frozen=True)
class Verdict:
    subject_id: int
    recipient: str
    code: str  # the rule's code
    catalogue_code: str  # the title or award form (the collective one for units)
    name: str
    kind: str  # "title" | "form"
    status: Status
    matched: str | None  # the label of the alternative that holds (or would, once postponed)
    failures: tuple
    ruleset: str
    basis: str
    confidence: str


@dataclass
class _Alternative:
    alternative: Alternative
    conditions: list  # (Condition, resolved params, bitset, bitset when postponed count) of the enabled conditions
    full: int
    core: int  # without the postponing conditions


@dataclass
class Outcome:
    rule: Rule
    recipient: str
    alternatives: list
    eligible: int
    postponed: int


class Evaluation:
    """The result of one rule set over one scope and year. Sets are of table indices; the public
    methods speak in subject ids."""

    def __init__(self, ruleset: RuleSet, context: Context, outcomes: dict):
        self.ruleset = ruleset
        self.context = context
        self.year, self.on = context.year, context.on
        self.people, self.units = context.people, context.units
        self.outcomes = outcomes  # (code, recipient) → Outcome

    def table(self, recipient: str):
        return self.people if recipient == INDIVIDUAL else self.units

    def rules(self, recipient: str) -> list[Rule]:
        return [rule for rule in self.ruleset.rules if (rule.code, recipient) in self.outcomes]

    def eligible_bits(self, code: str, recipient: str = INDIVIDUAL) -> int:
        return self.outcomes[(code, recipient)].eligible

    def eligible(self, code: str, recipient: str = INDIVIDUAL) -> list[int]:
        """Ids of the eligible candidates, ascending by table order."""
        table = self.table(recipient)
        return [table.ids[i] for i in bits.to_indices(self.eligible_bits(code, recipient), table.n)]

    def postponed(self, code: str, recipient: str = INDIVIDUAL) -> list[int]:
        table = self.table(recipient)
        return [table.ids[i] for i in bits.to_indices(self.outcomes[(code, recipient)].postponed, table.n)]

    def status(self, code: str, subject_id: int, recipient: str = INDIVIDUAL) -> Status:
        outcome = self.outcomes[(code, recipient)]
        i = self.table(recipient).index[subject_id]
        if bits.has(outcome.eligible, i):
            return Status.ELIGIBLE
        return Status.POSTPONED if bits.has(outcome.postponed, i) else Status.NOT_ELIGIBLE

    def counts(self) -> dict[tuple[str, str], dict[str, int]]:
        """(code, recipient) → number of candidates per status."""
        out = {}
        for key, outcome in self.outcomes.items():
            n = self.table(key[1]).n
            eligible, postponed = outcome.eligible.bit_count(), outcome.postponed.bit_count()
            out[key] = {
                Status.ELIGIBLE: eligible,
                Status.POSTPONED: postponed,
                Status.NOT_ELIGIBLE: n - eligible - postponed,
            }
        return out

    def verdict(self, code: str, subject_id: int, recipient: str = INDIVIDUAL) -> Verdict:
        """The explained verdict of one candidate for one rule."""
        outcome = self.outcomes[(code, recipient)]
        rule = outcome.rule
        i = self.table(recipient).index[subject_id]
        ctx = self.context
        ctx.recipient, ctx.own_code = recipient, rule.catalogue_code(recipient)
        status = self.status(code, subject_id, recipient)
        matched, failures = None, []
        if status == Status.ELIGIBLE:
            matched = next(a.alternative.label for a in outcome.alternatives if bits.has(a.full, i))
        else:
            considered = outcome.alternatives
            if status == Status.POSTPONED:
                considered = [next(a for a in outcome.alternatives if bits.has(a.core, i))]
                matched = considered[0].alternative.label
            for alt in considered:
                for condition, params, found, found_core in alt.conditions:
                    if bits.has(found if status != Status.POSTPONED else found_core, i):
                        continue
                    failures.append(self._failure(rule, alt.alternative, condition, params, i))
        return Verdict(
            subject_id=subject_id,
            recipient=recipient,
            code=rule.code,
            catalogue_code=rule.catalogue_code(recipient),
            name=rule.name,
            kind=rule.kind,
            status=status,
            matched=matched,
            failures=tuple(failures),
            ruleset=self.ruleset.code,
            basis=rule.basis,
            confidence=rule.confidence,
        )

    def verdicts(self, subject_id: int, recipient: str = INDIVIDUAL) -> list[Verdict]:
        return [self.verdict(rule.code, subject_id, recipient) for rule in self.rules(recipient)]

    def _failure(self, rule: Rule, alternative: Alternative, condition: Condition, params: dict, i: int) -> Failure:
        predicate = REGISTRY[condition.predicate]
        described = predicate.describe(params, self.context)
        fact = predicate.explain(params, self.context, i)
        basis = condition.basis or rule.basis
        sentence = f"Chưa đáp ứng điều kiện “{described}”: {fact} (căn cứ {basis})."
        return Failure(alternative.label, condition.predicate, described, fact, basis, sentence)


def evaluate(ruleset: RuleSet, *, people=None, units=None, year: int, on: datetime.date | None = None) -> Evaluation:
    """Judge every candidate of ``people`` (a PeopleTable) and ``units`` (a UnitsTable) against
    every rule of ``ruleset`` for ``year``, on the date ``on`` (default: the year's cut-off).

    Conditions with the same parameters are computed once and shared between rules. Rules read
    each other's results only through ``or_eligible`` (the set orders them)."""
    on = on or cutoff(year)
    ctx = Context(people=people, units=units, year=year, on=on, parameters=ruleset.values())
    cache: dict = {}
    outcomes = {}
    for rule, recipient in ruleset.order:
        table = people if recipient == INDIVIDUAL else units
        if table is None:
            continue
        ctx.recipient, ctx.own_code = recipient, rule.catalogue_code(recipient)
        ctx.judged.setdefault(ctx.own_code, len(ctx.judged))
        common = ruleset.common.get(recipient, ())
        alternatives = []
        eligible = could = 0
        for alternative in rule.alternatives(recipient):
            if not ruleset.enabled(alternative.when):
                continue
            full = core = table.everyone
            evaluated = []
            for condition in alternative.conditions + common:
                if not ruleset.enabled(condition.when):
                    continue
                predicate = REGISTRY[condition.predicate]
                params = ruleset.resolved(condition)
                key = (
                    condition.predicate,
                    recipient,
                    _frozen(params),
                    ctx.own_code if predicate.uses_own(params) else None,
                )
                found = cache.get(key)
                if found is None:
                    found = cache[key] = predicate.evaluate(params, ctx)
                full &= found
                if getattr(predicate, "postpones", False):
                    evaluated.append((condition, params, found, 0))
                    continue
                if predicate.depends(params, recipient):
                    # Reading another rule's result: for "would be eligible but for a pending
                    # case", the other rule's postponed candidates count too (CSTT postponed
                    # postpones CSTĐ cơ sở instead of refusing it).
                    core_key = key + ("core",)
                    found_core = cache.get(core_key)
                    if found_core is None:
                        ctx.core_mode = True
                        try:
                            found_core = cache[core_key] = predicate.evaluate(params, ctx)
                        finally:
                            ctx.core_mode = False
                    core &= found_core
                else:
                    found_core = found
                    core &= found
                evaluated.append((condition, params, found, found_core))
            alternatives.append(_Alternative(alternative, evaluated, full, core))
            eligible |= full
            could |= core
        ctx.eligible[(rule.code, recipient)] = eligible
        ctx.could[(rule.code, recipient)] = could
        outcomes[(rule.code, recipient)] = Outcome(rule, recipient, alternatives, eligible, could & ~eligible)
        if recipient == INDIVIDUAL:
            _claim_initiatives(ctx, alternatives, eligible)
    return Evaluation(ruleset, ctx, outcomes)


def _initiatives_condition(alternative: "_Alternative"):
    return next((params for c, params, *_ in alternative.conditions if c.predicate == InitiativesUnused.name), None)


def _claim_initiatives(ctx: Context, alternatives: list, eligible: int) -> None:
    """One achievement, one reward (Law 2022 art. 5 cl. 1): a candidate eligible for this code only
    through alternatives that need initiatives keeps those initiatives for it, so the rules judged
    later this year (a higher title of the chain, an award form) do not count them again. Eligible
    through another alternative (a rating, a title), nothing is kept; nor when the code is already
    conferred this year: the decision then marked what it used (``Initiative.used_for``)."""
    needing = [(a, p) for a in alternatives if (p := _initiatives_condition(a)) is not None]
    if not needing:
        return
    free = 0
    for alternative in alternatives:
        if _initiatives_condition(alternative) is None:
            free |= alternative.full
    predicate = REGISTRY[InitiativesUnused.name]
    for i in bits.to_indices(eligible & ~free & ~ctx.own_held(ctx.year), ctx.people.n):
        alternative, params = next((a, p) for a, p in needing if bits.has(a.full, i))
        for initiative in predicate.usable(params, ctx, i)[: params["count"]]:
            ctx.claims.setdefault(initiative.id, ctx.own_code)


def initiatives_for(evaluation: "Evaluation", code: str, subject_id: int) -> list[int]:
    """The initiatives a decision conferring ``code`` on person ``subject_id`` uses (their ids):
    none when the person is eligible through an alternative that needs none or not eligible at all."""
    ctx = evaluation.context
    table = evaluation.people
    if table is None or subject_id not in table.index or (code, INDIVIDUAL) not in evaluation.outcomes:
        return []
    i = table.index[subject_id]
    outcome = evaluation.outcomes[(code, INDIVIDUAL)]
    matched = [a for a in outcome.alternatives if bits.has(a.full, i)]
    if not matched or any(_initiatives_condition(a) is None for a in matched):
        return []
    params = _initiatives_condition(matched[0])
    ctx.recipient, ctx.own_code = INDIVIDUAL, outcome.rule.catalogue_code(INDIVIDUAL)
    return [ini.id for ini in REGISTRY[InitiativesUnused.name].usable(params, ctx, i)[: params["count"]]]


def _frozen(params: dict) -> tuple:
    return tuple(sorted((k, tuple(v) if isinstance(v, list) else v) for k, v in params.items()))


__all__ = ["COLLECTIVE", "INDIVIDUAL", "Evaluation", "Failure", "Status", "Verdict", "evaluate", "initiatives_for"]
