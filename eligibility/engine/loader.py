"""The built-in rule sets (YAML files in ``eligibility/rulesets/``) and the choice of the set in force."""

import datetime
from functools import cache
from pathlib import Path

import yaml

from eligibility.engine.rules import RuleSet, RuleSetError, parse_ruleset

BUILTIN_DIR = Path(__file__).resolve().parent.parent / "rulesets"


def load_ruleset(path: str | Path) -> RuleSet:
    """Read and validate one YAML rule set; errors name the file, rule, alternative and condition."""
    path = Path(path)
    try:
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise RuleSetError(f"{path.name}: YAML không hợp lệ: {exc}") from exc
    return parse_ruleset(document, source=path.name)


def load_rulesets(directory: str | Path) -> tuple[RuleSet, ...]:
    sets = tuple(load_ruleset(p) for p in sorted(Path(directory).glob("*.yaml")))
    codes = [s.code for s in sets]
    duplicates = sorted({c for c in codes if codes.count(c) > 1})
    if duplicates:
        raise RuleSetError(f"{directory}: mã bộ quy tắc trùng: {', '.join(duplicates)}")
    return sets


@cache
def builtin_rulesets() -> tuple[RuleSet, ...]:
    """The rule sets shipped with the product, oldest first."""
    return tuple(sorted(load_rulesets(BUILTIN_DIR), key=lambda s: s.effective_from))


def builtin(code: str) -> RuleSet:
    for ruleset in builtin_rulesets():
        if ruleset.code == code:
            return ruleset
    raise KeyError(code)


def ruleset_for(day: datetime.date, rulesets=None) -> RuleSet:
    """The rule set in force on ``day`` (the latest to start when periods overlap)."""
    candidates = [s for s in (rulesets if rulesets is not None else builtin_rulesets()) if s.in_force_on(day)]
    if not candidates:
        raise LookupError(f"Không có bộ quy tắc nào có hiệu lực ngày {day:%d/%m/%Y}.")
    return max(candidates, key=lambda s: s.effective_from)


def cutoff(year: int) -> datetime.date:
    """The date a year is judged on: its rule set is the one in force then, members are counted
    where they served then, and look-backs end then."""
    return datetime.date(year, 12, 31)
