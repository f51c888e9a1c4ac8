"""Properties of the engine over random facts (hypothesis), with the full 2022 rule set."""

import datetime

from hypothesis import given, settings
from hypothesis import strategies as st

from eligibility.engine import (
    COLLECTIVE,
    INDIVIDUAL,
    AwardHeld,
    BlockStanding,
    Discipline,
    Initiative,
    PendingCase,
    PersonFacts,
    Status,
    UnitFacts,
    builtin,
)
from eligibility.engine.vocabulary import DISCIPLINE_FORMS, INITIATIVE_LEVELS, RATINGS
from eligibility.tests.builders import LAW_2022, judge

YEARS = list(range(2016, 2026))
PERSON_TITLES = ["CSTT", "CSTDCS", "CSTD_BO", "CSTD_TQ"]
UNIT_TITLES = ["DVTT", "DVQT", "CO_BO", "CO_CP"]
UNIT = 10
RULESET = builtin(LAW_2022)
SETTINGS = settings(max_examples=60, deadline=None)

days = st.dates(datetime.date(2014, 1, 1), datetime.date(2025, 12, 31))
ratings = st.dictionaries(st.sampled_from(YEARS), st.sampled_from(RATINGS), max_size=10)


def titles(codes):
    return st.dictionaries(st.sampled_from(YEARS), st.sets(st.sampled_from(codes), min_size=1), max_size=10)


awards = st.lists(
    st.builds(
        AwardHeld,
        code=st.sampled_from(["BK_BO", "BK_TTG", "HCBVTQ3", "HCBVTQ2", "HCCSVV3", "GK"]),
        year=st.sampled_from(YEARS),
        decided_on=st.none() | days,
        kind=st.sampled_from(["merit", "ad_hoc"]),
    ),
    max_size=3,
)
initiatives = st.lists(
    st.builds(
        Initiative,
        id=st.integers(1, 10**6),
        level=st.sampled_from(INITIATIVE_LEVELS),
        recognised_on=days,
        used_for=st.sampled_from([None, None, "CSTDCS", "CSTD_BO"]),
        used_year=st.sampled_from(YEARS),
    ),
    max_size=3,
)


@st.composite
def disciplines(draw):
    decided = draw(days)
    return Discipline(
        draw(st.sampled_from(DISCIPLINE_FORMS)), decided, decided + datetime.timedelta(days=draw(st.integers(0, 800)))
    )


@st.composite
def people(draw):
    out = []
    for pid in range(1, draw(st.integers(1, 6)) + 1):
        out.append(
            PersonFacts(
                pid,
                sex=draw(st.sampled_from("MF")),
                service_start=draw(st.none() | st.dates(datetime.date(1985, 1, 1), datetime.date(2025, 6, 1))),
                hardship_factor=draw(st.sampled_from([1.0, 1.0, 2.0])),
                unit_id=UNIT,
                ratings=draw(ratings),
                titles=draw(titles(PERSON_TITLES)),
                awards=draw(awards),
                initiatives=draw(initiatives),
                disciplines=draw(st.lists(disciplines(), max_size=2)),
                pending=draw(
                    st.lists(
                        st.builds(PendingCase, kind=st.just("inspection"), opened_on=days, closed_on=st.none() | days),
                        max_size=1,
                    )
                ),
            )
        )
    return out


units = st.builds(
    UnitFacts,
    id=st.just(UNIT),
    ratings=ratings,
    titles=titles(UNIT_TITLES),
    awards=st.lists(
        st.builds(AwardHeld, code=st.sampled_from(["HCBVTQ2_TT", "BK_BO_TT"]), year=st.sampled_from(YEARS)), max_size=2
    ),
    block=st.none() | st.builds(BlockStanding, rank=st.integers(1, 6), members=st.just(6), vote_share=st.floats(0, 1)),
)


def eligible(evaluation) -> dict:
    """(code, recipient) → the ids judged eligible."""
    return {
        (rule.code, r): set(evaluation.eligible(rule.code, r))
        for r in (INDIVIDUAL, COLLECTIVE)
        for rule in evaluation.rules(r)
    }


def own_code(code: str, recipient: str) -> str:
    return RULESET.rule(code).catalogue_code(recipient)


@SETTINGS
@given(people(), units, st.data())
def test_adding_a_title_in_some_year_never_makes_a_candidate_lose_a_rule(staff, unit, data):
    before = eligible(judge(staff, [unit]))
    if data.draw(st.booleans(), label="to the unit"):
        added, recipient = data.draw(st.sampled_from(UNIT_TITLES)), COLLECTIVE
        unit.titles.setdefault(data.draw(st.sampled_from(YEARS)), set()).add(added)
    else:
        added, recipient = data.draw(st.sampled_from(PERSON_TITLES)), INDIVIDUAL
        person = data.draw(st.sampled_from(staff))
        person.titles.setdefault(data.draw(st.sampled_from(YEARS)), set()).add(added)
    after = eligible(judge(staff, [unit]))
    # One achievement earns one title: receiving the very title judged may rightly end its own chain.
    lost = {
        key: before[key] - after[key]
        for key in before
        if before[key] - after[key] and not (key[1] == recipient and own_code(*key) == added)
    }
    assert lost == {}


@SETTINGS
@given(people(), units, st.data())
def test_removing_a_discipline_record_never_makes_a_candidate_lose_eligibility(staff, unit, data):
    disciplined = [p for p in staff if p.disciplines]
    if not disciplined:
        staff[0].disciplines.append(data.draw(disciplines()))
        disciplined = [staff[0]]
    before = eligible(judge(staff, [unit]))
    person = data.draw(st.sampled_from(disciplined))
    person.disciplines.pop(data.draw(st.integers(0, len(person.disciplines) - 1)))
    after = eligible(judge(staff, [unit]))
    assert {key: before[key] - after[key] for key in before if before[key] - after[key]} == {}


@SETTINGS
@given(people(), units)
def test_judging_everyone_at_once_gives_each_the_verdict_they_get_alone(staff, unit):
    together = judge(staff, [unit])
    for person in staff:
        alone = judge([person], [unit])
        assert [together.status(rule.code, person.id) for rule in together.rules(INDIVIDUAL)] == [
            alone.status(rule.code, person.id) for rule in alone.rules(INDIVIDUAL)
        ]


@SETTINGS
@given(people(), units)
def test_every_verdict_explains_itself(staff, unit):
    evaluation = judge(staff, [unit])
    verdicts = [v for p in staff for v in evaluation.verdicts(p.id)] + evaluation.verdicts(UNIT, COLLECTIVE)
    for verdict in verdicts:
        if verdict.status == Status.ELIGIBLE:
            assert (verdict.matched is not None, verdict.failures) == (True, ())
        else:
            assert verdict.failures and all(
                f.fact and f.basis and f.explanation.endswith(".") for f in verdict.failures
            )
        if verdict.status == Status.POSTPONED:
            assert {f.predicate for f in verdict.failures} == {"no_pending_case"}
