"""Which rule sets exist and which one judges a year: the built-in YAML sets plus the editable
copies in the database (``RuleSetCopy``).

An active copy replaces the set it was copied from, for evaluations of its owner's subtree; when
several active copies cover a unit, the one owned deepest in the tree wins. Every page and API
endpoint that shows a verdict also shows which set produced it.
"""

import datetime
from dataclasses import dataclass

from eligibility.engine import RuleSet, builtin_rulesets, parse_ruleset, ruleset_for
from eligibility.models import RuleSetCopy
from organisation.models import Unit


@dataclass(frozen=True)
class Entry:
    ruleset: RuleSet
    copy: RuleSetCopy | None = None  # None: a built-in set

    @property
    def code(self) -> str:
        return self.ruleset.code

    @property
    def builtin(self) -> bool:
        return self.copy is None


def parse_copy(copy: RuleSetCopy) -> RuleSet:
    return parse_ruleset(copy.document, source=copy.code)


def entries() -> list[Entry]:
    """Every rule set: built-in ones (oldest first), then the copies by code."""
    copies = RuleSetCopy.objects.select_related("owner", "created_by").order_by("code")
    return [Entry(s) for s in builtin_rulesets()] + [Entry(parse_copy(c), c) for c in copies]


def entry(code: str) -> Entry:
    """The rule set with ``code``; KeyError when there is none."""
    for ruleset in builtin_rulesets():
        if ruleset.code == code:
            return Entry(ruleset)
    copy = RuleSetCopy.objects.select_related("owner", "created_by").filter(code=code).first()
    if copy is None:
        raise KeyError(code)
    return Entry(parse_copy(copy), copy)


def in_force(day: datetime.date, scope: Unit | None = None) -> Entry:
    """The rule set that judges ``scope`` (None: the whole organisation) on ``day``."""
    path = scope.path if scope is not None else None
    copies = [
        c
        for c in RuleSetCopy.objects.filter(active=True).select_related("owner")
        if (path is None and c.owner.parent_id is None) or (path is not None and path.startswith(c.owner.path))
    ]
    replaced = {c.based_on for c in copies}
    # The deepest owner first; the engine's choice among sets in force picks the latest start.
    for depth in sorted({len(c.owner.path) for c in copies}, reverse=True):
        level = [c for c in copies if len(c.owner.path) == depth]
        parsed = {c.code: (parse_copy(c), c) for c in level}
        try:
            chosen = ruleset_for(day, [r for r, _ in parsed.values()])
        except LookupError:
            continue
        return Entry(chosen, parsed[chosen.code][1])
    builtins = [s for s in builtin_rulesets() if s.code not in replaced]
    try:
        return Entry(ruleset_for(day, builtins))
    except LookupError:
        return Entry(ruleset_for(day))
