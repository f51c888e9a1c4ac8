"""Small builders for the pure engine tests (no Django)."""

import datetime

from eligibility.engine import (
    INDIVIDUAL,
    PeopleTable,
    PersonFacts,
    UnitFacts,
    UnitsTable,
    builtin,
    evaluate,
    parse_ruleset,
)

YEAR = 2025
FIRST_YEAR = 2016
LAW_2022 = "luat2022_nd98_cand"
LAW_2003 = "luat2003"


def d(text: str) -> datetime.date:
    """A date written as dd/mm/yyyy."""
    day, month, year = map(int, text.split("/"))
    return datetime.date(year, month, day)


def rated(rating: str, first: int, last: int = YEAR) -> dict:
    return dict.fromkeys(range(first, last + 1), rating)


def holding(*codes: str, years) -> dict:
    return {y: set(codes) for y in years}


def merge_titles(*parts: dict) -> dict:
    out: dict = {}
    for part in parts:
        for year, codes in part.items():
            out.setdefault(year, set()).update(codes)
    return out


def officer(pid: int = 1, **facts) -> PersonFacts:
    """A person rated HTTNV and holding CSTT every year 2016–2025 unless told otherwise."""
    facts.setdefault("ratings", rated("HTTNV", FIRST_YEAR))
    facts.setdefault("titles", holding("CSTT", years=range(FIRST_YEAR, YEAR + 1)))
    facts.setdefault("service_start", datetime.date(2010, 9, 1))
    return PersonFacts(pid, **facts)


def judge(people=(), units=(), *, ruleset=LAW_2022, year=YEAR, on=None):
    """Evaluate ``ruleset`` (a code or a RuleSet) over the given plain facts."""
    rules = builtin(ruleset) if isinstance(ruleset, str) else ruleset
    people_table = PeopleTable.from_facts(list(people), first_year=FIRST_YEAR, last_year=year)
    units_table = UnitsTable.from_facts(list(units), first_year=FIRST_YEAR, last_year=year) if units else None
    return evaluate(rules, people=people_table, units=units_table, year=year, on=on)


def status(evaluation, code: str, subject_id: int = 1, recipient: str = INDIVIDUAL) -> str:
    return evaluation.status(code, subject_id, recipient).value


def failed_predicates(evaluation, code: str, subject_id: int = 1, recipient: str = INDIVIDUAL) -> list[str]:
    return [f.predicate for f in evaluation.verdict(code, subject_id, recipient).failures]


def one_rule(
    *conditions, recipient: str = "individual", code: str = "CSTT", kind: str = "title", parameters: dict | None = None
):
    """A rule set with a single rule of one alternative made of ``conditions``."""
    return parse_ruleset(
        {
            "code": "test",
            "name": "Bộ thử",
            "legal_basis": "Thử",
            "effective_from": "2000-01-01",
            "parameters": parameters or {},
            "rules": [
                {
                    "code": code,
                    "kind": kind,
                    "name": "Thử",
                    "basis": "Điều thử",
                    "confidence": "H",
                    recipient: [{"label": "Phương án thử", "conditions": list(conditions)}],
                }
            ],
        },
        source="test.yaml",
    )


__all__ = ["UnitFacts", "d", "holding", "judge", "merge_titles", "officer", "one_rule", "rated", "status"]
