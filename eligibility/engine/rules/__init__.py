"""Rule sets as data: parsing, validation, parameters, and what facts a set needs.

A rule set (bộ quy tắc) is a document with a legal basis and an effective period. For each
title or award form it lists **alternatives** (any one suffices), each a list of **conditions**
(all must hold) drawn from ``predicates.REGISTRY``. Condition parameters may name a parameter of
the set as ``"$name"`` so that the emulation office can change a percentage or a number of years
without touching the rules. The document format (YAML or the same structure in JSON)::

    code: luat2022_nd98_cand
    name: …
    legal_basis: …
    effective_from: 2024-01-01
    effective_to: null
    parameters:
      dvtt_share: {value: 70, label: …, source: …, confidence: H}
    common:                      # conditions added to every alternative, by recipient
      individual: [no_pending_case]
    rules:
      - code: CSTD_BO
        kind: title              # title | form
        name: …
        basis: Luật TĐKT 2022 điều 22
        source: rules.md …
        confidence: H            # H | M | L, as in rules.md
        individual:              # alternatives for people; ``collective:`` for units
          - label: …
            conditions:
              - consecutive_title: {title: CSTDCS, years: $cstd_bo_years, or_eligible: true}
              - no_discipline: {form: khien_trach, years: 3}
                basis: TT 12/2019/TT-BCA      # the article of this condition, if not the rule's
                when: $some_switch            # a boolean parameter; false drops the condition

Every problem found is reported with the file, the rule, the alternative and the condition.

The package holds the rule set itself (``ruleset``), the facts it needs (``needs``) and the parsing
of documents (``parsing``).
"""

from eligibility.engine.rules.needs import Needs
from eligibility.engine.rules.parsing import parse_ruleset
from eligibility.engine.rules.ruleset import Alternative, Condition, Parameter, Rule, RuleSet, RuleSetError

__all__ = ["Alternative", "Condition", "Needs", "Parameter", "Rule", "RuleSet", "RuleSetError", "parse_ruleset"]
