"""The eligibility engine: a pure core that imports nothing from Django.

Facts in (``facts``: plain records or column-wise tables), rule sets as data (``rules``,
``loader``: YAML in ``eligibility/rulesets/``), verdicts out (``evaluate``). ``eligibility.facts`` loads the
tables from the database with a fixed number of bulk queries; ``eligibility.services`` ties them.
"""

from eligibility.engine.evaluate import Evaluation, Failure, Status, Verdict, evaluate, initiatives_for
from eligibility.engine.facts import (
    AwardHeld,
    BlockStanding,
    Discipline,
    Initiative,
    MemberStats,
    PendingCase,
    PeopleTable,
    PersonFacts,
    UnitFacts,
    UnitsTable,
)
from eligibility.engine.loader import builtin, builtin_rulesets, cutoff, load_ruleset, ruleset_for
from eligibility.engine.rules import Needs, RuleSet, RuleSetError, parse_ruleset
from eligibility.engine.vocabulary import COLLECTIVE, INDIVIDUAL

__all__ = [
    "COLLECTIVE",
    "INDIVIDUAL",
    "AwardHeld",
    "BlockStanding",
    "Discipline",
    "Evaluation",
    "Failure",
    "Initiative",
    "MemberStats",
    "Needs",
    "PendingCase",
    "PeopleTable",
    "PersonFacts",
    "RuleSet",
    "RuleSetError",
    "Status",
    "UnitFacts",
    "UnitsTable",
    "Verdict",
    "builtin",
    "builtin_rulesets",
    "cutoff",
    "evaluate",
    "initiatives_for",
    "load_ruleset",
    "parse_ruleset",
    "ruleset_for",
]
