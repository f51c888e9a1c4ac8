"""The demo's eligibility facts (``demo.facts``): every rule of the 2025 set has someone who passes
it and someone who narrowly fails it.

**Narrow miss**: a NOT_ELIGIBLE verdict in which some alternative of the rule fails exactly one
condition — had that one fact been different, the candidate would pass (or, for a pending case
only, be postponed). The verdict lists the failed conditions of every alternative; the failures
are grouped by alternative label and one group must hold a single failure.

The demo is loaded once for the module (``seed_demo``, which calls ``seed_awards``) and rolled back.
"""

from collections import Counter
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction

from demo import facts as demo
from eligibility.engine import bits
from eligibility.models import Achievement, BlockStanding, Discipline, Initiative, PendingCase, ServiceFactor
from eligibility.services import evaluate_scope
from honours.models import FormAward, TitleAward
from organisation.models import PersonRating, Unit

FACT_MODELS = [
    TitleAward,
    FormAward,
    Initiative,
    Discipline,
    PendingCase,
    Achievement,
    ServiceFactor,
    BlockStanding,
    PersonRating,
]


@pytest.fixture(scope="module")
def loaded(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("seed_demo", stdout=StringIO())
        yield
        transaction.set_rollback(True)


@pytest.fixture
def province(loaded, db):
    return Unit.objects.get(ref="CAQB")


def single_failures(verdict) -> set[str]:
    """The predicates that fail alone in an alternative of the verdict."""
    per_alternative = Counter(f.alternative for f in verdict.failures)
    return {f.predicate for f in verdict.failures if per_alternative[f.alternative] == 1}


def is_narrow_miss(verdict) -> bool:
    return verdict.status == "not_eligible" and bool(single_failures(verdict))


def first_narrow_miss(evaluation, code: str, recipient: str):
    """A narrow miss of the rule: candidates are found from the evaluation's condition sets, then
    confirmed by their explained verdict."""
    outcome = evaluation.outcomes[(code, recipient)]
    table = evaluation.table(recipient)
    for i in bits.to_indices(table.everyone & ~outcome.eligible & ~outcome.postponed, table.n):
        if any(sum(not bits.has(found, i) for _, _, found, _ in alt.conditions) == 1 for alt in outcome.alternatives):
            verdict = evaluation.verdict(code, table.ids[i], recipient)
            assert is_narrow_miss(verdict), verdict
            return verdict
    return None


def test_every_rule_of_2025_has_an_eligible_candidate_and_a_narrow_miss(province):
    evaluation = evaluate_scope(province, 2025)
    assert evaluation.ruleset.code == "luat2022_nd98_cand"
    rules = set(evaluation.outcomes)
    assert len(rules) == 22  # 16 individual rules, 6 collective ones
    missing = []
    for code, recipient in sorted(rules):
        if not evaluation.eligible(code, recipient):
            missing.append(f"{code}/{recipient}: nobody eligible")
        if first_narrow_miss(evaluation, code, recipient) is None:
            missing.append(f"{code}/{recipient}: no narrow miss")
    assert not missing


def test_the_showcase_verdicts(province):
    evaluation = evaluate_scope(province, 2025)
    cases = demo.showcase()
    assert {(c.rule, c.recipient) for c in cases} == set(evaluation.outcomes)
    wrong = []
    for case in cases:
        verdict = evaluation.verdict(case.rule, case.subject, case.recipient)
        ok = verdict.status == case.status
        if case.status == "not_eligible":
            ok = ok and case.predicate in single_failures(verdict)
        if not ok:
            wrong.append((case.key, case.rule, verdict.status, [(f.predicate, f.fact) for f in verdict.failures]))
    assert not wrong


def test_boundaries_one_day_inside_and_outside(province):
    evaluation = evaluate_scope(province, 2025)
    who = {c.key: c.subject for c in demo.showcase()}
    inside = evaluation.verdict("CSTD_TQ", who["cstd_tq_inside"])
    assert [f.predicate for f in inside.failures] == ["no_discipline"]
    assert "01/01/2019" in inside.failures[0].fact
    assert evaluation.verdict("CSTD_TQ", who["cstd_tq_ok"]).status == "eligible"
    assert Discipline.objects.filter(person_id=who["cstd_tq_ok"], decided_on="2018-12-31").exists()
    share = evaluation.verdict("DVTT", Unit.objects.get(ref="CAQB-PC08-D1").pk, "collective")
    assert "69,2 %" in share.failures[0].fact


def test_the_2003_set_judges_old_years_differently(province):
    assert evaluate_scope(province, 2024).ruleset.code == "luat2022_nd98_cand"
    old = evaluate_scope(province, 2023)
    assert old.ruleset.code == "luat2003"
    new = evaluate_scope(province, 2023, "luat2022_nd98_cand")
    # HTXSNV without an initiative: CSTĐ cơ sở under the 2022 law, not under the 2003 one.
    differ = sorted(set(new.eligible("CSTDCS")) - set(old.eligible("CSTDCS")))
    assert differ
    verdict = old.verdict("CSTDCS", differ[0])
    assert verdict.status == "not_eligible" and "initiatives_unused" in single_failures(verdict)
    # Đơn vị tiên tiến: more than 50 % then, at least 70 % now.
    assert set(old.eligible("DVTT", "collective")) - set(new.eligible("DVTT", "collective"))


def test_the_outsider_province_gets_no_facts(province):
    outsiders = {"person__unit__path__startswith": Unit.objects.get(ref="CAHY").path}
    for model in (TitleAward, FormAward, Initiative, Discipline, PendingCase):
        assert not model.objects.filter(**outsiders).exists()


def test_seeding_twice_adds_nothing(province):
    before = {m.__name__: m.objects.count() for m in FACT_MODELS}
    assert before["TitleAward"] > 3000 and before["BlockStanding"] == 20

    assert not any(demo.seed_awards().values())
    call_command("seed_demo", stdout=StringIO())

    assert {m.__name__: m.objects.count() for m in FACT_MODELS} == before
