"""A rule set in words, for the rule set page, its difference page and the API.

Conditions are described by the engine's predicates for a display year (the condition texts
name years, e.g. "3 năm liên tục đến năm 2025").
"""

from dataclasses import dataclass

from eligibility.engine import COLLECTIVE, INDIVIDUAL, RuleSet, cutoff
from eligibility.engine.predicates import REGISTRY, Context

RECIPIENT_LABELS = {INDIVIDUAL: "Cá nhân", COLLECTIVE: "Tập thể"}


@dataclass(frozen=True)
class DescribedCondition:
    text: str
    basis: str
    predicate: str


@dataclass(frozen=True)
class DescribedAlternative:
    label: str
    conditions: tuple


@dataclass(frozen=True)
class DescribedRule:
    code: str
    name: str
    kind: str
    recipient: str
    basis: str
    confidence: str
    source: str
    note: str
    alternatives: tuple

    def key(self) -> tuple:
        return (self.code, self.recipient)

    def signature(self) -> tuple:
        """What two sets are compared on (the article and the conditions, in words)."""
        return (self.name, self.basis, tuple((a.label, tuple(c.text for c in a.conditions)) for a in self.alternatives))


def describe(ruleset: RuleSet, year: int) -> list[DescribedRule]:
    """Every rule of the set for each recipient it has, in the set's order, with its enabled
    alternatives and conditions (common conditions included) in plain Vietnamese."""
    ctx = Context(people=None, units=None, year=year, on=cutoff(year), parameters=ruleset.values())
    out = []
    for rule in ruleset.rules:
        for recipient in (INDIVIDUAL, COLLECTIVE):
            alternatives = []
            for alternative in rule.alternatives(recipient):
                if not ruleset.enabled(alternative.when):
                    continue
                ctx.recipient, ctx.own_code = recipient, rule.catalogue_code(recipient)
                conditions = tuple(
                    DescribedCondition(
                        REGISTRY[c.predicate].describe(ruleset.resolved(c), ctx), c.basis or rule.basis, c.predicate
                    )
                    for c in alternative.conditions + ruleset.common.get(recipient, ())
                    if ruleset.enabled(c.when)
                )
                alternatives.append(DescribedAlternative(alternative.label, conditions))
            if alternatives:
                out.append(
                    DescribedRule(
                        rule.code,
                        rule.name,
                        rule.kind,
                        recipient,
                        rule.basis,
                        rule.confidence,
                        rule.source,
                        rule.note,
                        tuple(alternatives),
                    )
                )
    return out
