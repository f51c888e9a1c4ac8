"""A rule set as the engine uses it: its parameters, rules, alternatives and conditions."""

import copy
import datetime
from dataclasses import dataclass, field

from eligibility.engine.predicates import REGISTRY
from eligibility.engine.rules.needs import Needs
from eligibility.engine.vocabulary import COLLECTIVE, INDIVIDUAL, TITLES


class RuleSetError(ValueError):
    """A rule set that cannot be used; the message names the place and the problem."""


@dataclass(frozen=True)
class Parameter:
    name: str
    value: object
    label: str = ""
    source: str = ""
    confidence: str = ""


@dataclass(frozen=True)
class Condition:
    predicate: str
    params: dict  # as written: values may be "$name"
    basis: str = ""
    note: str = ""
    when: str = ""  # a boolean parameter's name, or ""


@dataclass(frozen=True)
class Alternative:
    label: str
    conditions: tuple
    when: str = ""
    note: str = ""


@dataclass(frozen=True)
class Rule:
    code: str
    kind: str  # "title" | "form"
    name: str
    basis: str
    source: str = ""
    confidence: str = ""
    note: str = ""
    individual: tuple = ()
    collective: tuple = ()
    collective_code: str = ""

    def alternatives(self, recipient: str) -> tuple:
        return self.individual if recipient == INDIVIDUAL else self.collective

    def catalogue_code(self, recipient: str) -> str:
        return self.collective_code or self.code if recipient == COLLECTIVE else self.code


@dataclass(frozen=True)
class RuleSet:
    code: str
    name: str
    legal_basis: str
    effective_from: datetime.date
    effective_to: datetime.date | None
    parameters: dict  # name → Parameter
    rules: tuple
    common: dict  # recipient → tuple of Condition
    source: str = ""
    note: str = ""
    document: dict = field(default_factory=dict, compare=False, repr=False)
    order: tuple = field(default=(), compare=False, repr=False)  # ((rule, recipient), …) dependencies first

    def in_force_on(self, day: datetime.date) -> bool:
        return self.effective_from <= day and (self.effective_to is None or day <= self.effective_to)

    def value(self, name: str):
        return self.parameters[name].value

    def values(self) -> dict:
        return {name: p.value for name, p in self.parameters.items()}

    def rule(self, code: str) -> Rule:
        for rule in self.rules:
            if rule.code == code:
                return rule
        raise KeyError(code)

    def resolve(self, value):
        if isinstance(value, str) and value.startswith("$"):
            return self.parameters[value[1:]].value
        return value

    def enabled(self, when: str) -> bool:
        return not when or bool(self.resolve(when))

    def resolved(self, condition: Condition) -> dict:
        """The condition's parameters with ``$name`` replaced and defaults filled in."""
        spec = REGISTRY[condition.predicate].params
        out = {name: s.default for name, s in spec.items() if not s.required}
        out.update({name: self.resolve(v) for name, v in condition.params.items()})
        return out

    def with_parameters(self, **values) -> "RuleSet":
        """A copy with some parameter values changed, validated like a new document."""
        from eligibility.engine.rules.parsing import parse_ruleset  # imported here: parsing builds RuleSets

        document = copy.deepcopy(self.document)
        for name, value in values.items():
            if name not in document.get("parameters", {}):
                raise RuleSetError(f"{self.source}: không có tham số “{name}”")
            entry = document["parameters"][name]
            if isinstance(entry, dict):
                entry["value"] = value
            else:
                document["parameters"][name] = value
        return parse_ruleset(document, source=self.source)

    def needs(self, *, history: int | None = None) -> "Needs":
        """Which facts an evaluation of this set reads (the loader fetches only those)."""
        needs = Needs(history=history or int(self.parameters.get("history_years", Parameter("", 10)).value))
        for rule, recipient in self.order:
            setattr(needs, recipient, True)
            reads_own = False
            for alternative in rule.alternatives(recipient):
                if not self.enabled(alternative.when):
                    continue
                for condition in alternative.conditions + self.common.get(recipient, ()):
                    if self.enabled(condition.when):
                        params = self.resolved(condition)
                        REGISTRY[condition.predicate].needs(params, recipient, needs)
                        reads_own = reads_own or REGISTRY[condition.predicate].reads_own(params)
            if reads_own:  # ``after_own`` and chain restarts read the judged code itself
                code = rule.catalogue_code(recipient)
                (needs.titles if code in TITLES else needs.awards)(recipient, code)
        if needs.individual:
            needs.disciplines = True  # achievements count from the end of a discipline's period
        needs.required_title = self.required_title()
        return needs

    def required_title(self) -> str | None:
        """A title every eligible person must hold in the judged year, when the set has one: every
        enabled alternative of every individual rule asks for it (``holds_title`` or
        ``consecutive_title`` without ``or_eligible``). A loader asked only for the eligible may
        then read just its holders (``eligibility.facts.load_tables(prune=True)``)."""
        common: set | None = None
        for rule, recipient in self.order:
            if recipient != INDIVIDUAL:
                continue
            for alternative in rule.alternatives(recipient):
                if not self.enabled(alternative.when):
                    continue
                titles = set()
                for condition in alternative.conditions + self.common.get(recipient, ()):
                    if condition.predicate in ("holds_title", "consecutive_title") and self.enabled(condition.when):
                        params = self.resolved(condition)
                        if not params.get("or_eligible"):
                            titles.add(params["title"])
                common = titles if common is None else common & titles
                if not common:
                    return None
        return min(common) if common else None
