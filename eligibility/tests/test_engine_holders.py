"""Collective titles count members who *hold* the individual title once the year's individual titles
of the unit are decided (Law 2022 art. 27, 28: a share of members who "đạt" CSTT; "at least one"
CSTĐ cơ sở); before the decision the members still eligible may count, said and named in the
explanation (rule-set parameter ``members_counted_before_decision``). Members recruited too late
in the year to be rated are left out of "100 % complete their tasks" (``unrated_new_member_months``)."""

import datetime

from eligibility.engine import COLLECTIVE, UnitFacts, builtin
from eligibility.tests.builders import LAW_2003, LAW_2022, judge, officer, rated, status

UNIT = 10
Y = 2024


def _team(holders: int, eligible: int, *, total: int = 10, first_id: int = 1, rating: str = "HTTNV"):
    """``total`` members of UNIT in Y: the first ``holders`` hold CSTT in Y, the next ``eligible``
    are rated ``rating`` (so eligible for CSTT) without holding it, the others are rated HTNV."""
    people = []
    for k in range(total):
        pid = first_id + k
        if k < holders:
            people.append(officer(pid, unit_id=UNIT, ratings={Y: rating}, titles={Y: {"CSTT"}}))
        elif k < holders + eligible:
            people.append(officer(pid, unit_id=UNIT, ratings={Y: rating}, titles={}))
        else:
            people.append(officer(pid, unit_id=UNIT, ratings={Y: "HTNV"}, titles={}))
    return people


def _unit(rating="HTTNV", *, decided: bool) -> UnitFacts:
    return UnitFacts(UNIT, ratings=rated(rating, 2016, Y), titles_decided=decided)


def _fact(evaluation, code: str, predicate: str) -> str:
    return next(f.fact for f in evaluation.verdict(code, UNIT, COLLECTIVE).failures if f.predicate == predicate)


def test_after_the_decision_six_cstt_of_ten_is_six_tenths_under_both_laws():
    # The 2024 decision conferred CSTT on 6 of the 10 members; the other 4 were rated HTTNV
    # (eligible on paper) but not conferred: they no longer count.
    people, unit = _team(6, 4), _unit(decided=True)
    law_2022 = judge(people, [unit], ruleset=LAW_2022, year=Y)
    assert status(law_2022, "DVTT", UNIT, COLLECTIVE) == "not_eligible"  # ≥ 70 % (art. 28)
    assert _fact(law_2022, "DVTT", "member_share_holding") == ("6/10 cán bộ (60 %) đạt Chiến sĩ tiên tiến, cần ≥ 70 %")
    law_2003 = judge(people, [unit], ruleset=LAW_2003, year=Y)
    assert status(law_2003, "DVTT", UNIT, COLLECTIVE) == "eligible"  # > 50 % (old law)


def test_the_2003_share_refuses_five_of_ten_holders_on_the_same_footing():
    people, unit = _team(5, 5), _unit(decided=True)
    evaluation = judge(people, [unit], ruleset=LAW_2003, year=Y)
    assert status(evaluation, "DVTT", UNIT, COLLECTIVE) == "not_eligible"
    assert _fact(evaluation, "DVTT", "member_share_holding") == (
        "5/10 cán bộ (50 %) đạt Chiến sĩ tiên tiến, cần > 50 %"
    )


def test_before_the_decision_eligible_members_count_and_are_named():
    people, unit = _team(2, 4), _unit(decided=False)
    evaluation = judge(people, [unit], ruleset=LAW_2022, year=Y)
    evaluation.context.namer = lambda ids: {pk: f"Cán bộ {pk}" for pk in ids}
    assert status(evaluation, "DVTT", UNIT, COLLECTIVE) == "not_eligible"
    assert _fact(evaluation, "DVTT", "member_share_holding") == (
        "6/10 cán bộ (60 %) (2 đạt Chiến sĩ tiên tiến, tính cả 4 cá nhân đủ điều kiện, chưa có quyết định: "
        "Cán bộ 3, Cán bộ 4, Cán bộ 5, Cán bộ 6), cần ≥ 70 %"
    )
    # Seven in play of ten: eligible before the decision, not after it when only 2 were conferred.
    seven = _team(2, 5)
    assert status(judge(seven, [_unit(decided=False)], year=Y), "DVTT", UNIT, COLLECTIVE) == "eligible"
    assert status(judge(seven, [_unit(decided=True)], year=Y), "DVTT", UNIT, COLLECTIVE) == "not_eligible"


def test_the_condition_says_who_is_counted_before_the_decision():
    evaluation = judge(_team(2, 4), [_unit(decided=False)], year=Y)
    failure = next(
        f for f in evaluation.verdict("DVTT", UNIT, COLLECTIVE).failures if f.predicate == "member_share_holding"
    )
    assert failure.condition == (
        "Ít nhất 70 % cán bộ của đơn vị đạt danh hiệu Chiến sĩ tiên tiến năm 2024 (trước khi có quyết định "
        "công nhận danh hiệu cá nhân của năm: tính cả cá nhân đủ điều kiện)"
    )


def test_an_office_can_count_holders_only_even_before_the_decision():
    holders_only = builtin(LAW_2022).with_parameters(members_counted_before_decision=False)
    evaluation = judge(_team(2, 5), [_unit(decided=False)], ruleset=holders_only, year=Y)
    assert status(evaluation, "DVTT", UNIT, COLLECTIVE) == "not_eligible"
    assert _fact(evaluation, "DVTT", "member_share_holding") == (
        "2/10 cán bộ (20 %) đạt Chiến sĩ tiên tiến, cần ≥ 70 %"
    )
    assert "trước khi có quyết định" not in evaluation.verdict("DVTT", UNIT, COLLECTIVE).failures[0].condition


def test_no_cstdcs_conferred_means_no_quyet_thang_after_the_decision():
    # Every member rated HTXSNV and holding CSTT: all of them eligible for CSTĐ cơ sở, none conferred.
    people = _team(10, 0, rating="HTXSNV")
    before = judge(people, [_unit("HTXSNV", decided=False)], year=Y)
    assert status(before, "DVQT", UNIT, COLLECTIVE) == "eligible"
    after = judge(people, [_unit("HTXSNV", decided=True)], year=Y)
    assert status(after, "DVQT", UNIT, COLLECTIVE) == "not_eligible"
    assert [f.fact for f in after.verdict("DVQT", UNIT, COLLECTIVE).failures] == [
        "0 cá nhân đạt Chiến sĩ thi đua cơ sở, cần 1"
    ]
    for law in (LAW_2003,):
        assert status(
            judge(people, [_unit("HTXSNV", decided=True)], ruleset=law, year=Y), "DVQT", UNIT, COLLECTIVE
        ) == ("not_eligible")


def _quyet_thang_team(newcomer_start: datetime.date):
    """Ten members rated HTXSNV holding CSTT and CSTĐ cơ sở, and an eleventh without a rating in Y."""
    people = [officer(k, unit_id=UNIT, ratings={Y: "HTXSNV"}, titles={Y: {"CSTT", "CSTDCS"}}) for k in range(1, 11)]
    people.append(officer(11, unit_id=UNIT, ratings={}, titles={}, service_start=newcomer_start))
    return people


def test_a_recruit_of_less_than_ten_months_without_a_rating_is_not_counted():
    evaluation = judge(_quyet_thang_team(datetime.date(Y, 9, 1)), [_unit("HTXSNV", decided=True)], year=Y)
    assert status(evaluation, "DVQT", UNIT, COLLECTIVE) == "eligible"
    # … but for the CSTT share, the base stays every member (art. 27: "cá nhân trong tập thể").


def test_a_member_serving_the_whole_year_without_a_rating_is_named_and_fails_the_hundred_percent():
    evaluation = judge(_quyet_thang_team(datetime.date(2015, 3, 1)), [_unit("HTXSNV", decided=True)], year=Y)
    evaluation.context.namer = lambda ids: {11: "Nguyễn Văn Mười Một"}
    assert status(evaluation, "DVQT", UNIT, COLLECTIVE) == "not_eligible"
    assert _fact(evaluation, "DVQT", "every_member_rated_at_least") == (
        "10/11 cán bộ xếp loại HTNV trở lên; 1 cán bộ chưa có xếp loại năm 2024 (Nguyễn Văn Mười Một)"
    )


def test_an_office_can_count_every_unrated_member():
    strict = builtin(LAW_2022).with_parameters(unrated_new_member_months=0)
    evaluation = judge(
        _quyet_thang_team(datetime.date(Y, 9, 1)), [_unit("HTXSNV", decided=True)], ruleset=strict, year=Y
    )
    assert status(evaluation, "DVQT", UNIT, COLLECTIVE) == "not_eligible"
