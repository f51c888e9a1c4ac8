"""The eligibility engine: a pure core that imports nothing from Django.

Facts in (``facts``: plain records or column-wise tables), rule sets as data (``rules``,
``loader``: YAML in ``awards/rulesets/``), verdicts out (``evaluate``). ``awards.facts`` loads the
tables from the database with a fixed number of bulk queries; ``awards.services`` ties them.
"""

from awards.engine.evaluate import Evaluation, Failure, Status, Verdict, evaluate
from awards.engine.facts import (
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
from awards.engine.loader import builtin, builtin_rulesets, cutoff, load_ruleset, ruleset_for
from awards.engine.rules import Needs, RuleSet, RuleSetError, parse_ruleset
from awards.engine.vocabulary import COLLECTIVE, INDIVIDUAL

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
    "load_ruleset",
    "parse_ruleset",
    "ruleset_for",
]
