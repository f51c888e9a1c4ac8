"""Eligibility: load a scope's facts in bulk and judge them with the rule set in force."""

import datetime

from awards import facts
from awards.engine import Evaluation, builtin, cutoff, evaluate, ruleset_for
from organisation.models import Unit


def evaluate_scope(unit: Unit | None, year: int, ruleset_code: str | None = None, *,
                   on: datetime.date | None = None, block_standings: dict | None = None) -> Evaluation:  # fmt: skip
    """Judge, for ``year``, every person serving in ``unit``'s subtree on the cut-off date and
    every unit of the subtree (``unit=None``: the whole organisation) against every rule of the
    rule set in force on that date — or of ``ruleset_code`` when given.

    ``on`` moves the cut-off (default 31/12 of ``year``); ``block_standings`` maps unit ids to
    their BlockStanding of the year. The facts cost a fixed number of queries (``awards.facts``);
    the verdicts are computed set-wise and explained on demand (``Evaluation.verdict``)."""
    on = on or cutoff(year)
    ruleset = builtin(ruleset_code) if ruleset_code else ruleset_for(on)
    people, units = facts.load_tables(scope=unit, year=year, on=on, needs=ruleset.needs(),
                                      block_standings=block_standings)  # fmt: skip
    return evaluate(ruleset, people=people, units=units, year=year, on=on)
