"""Collective titles: shares of members, discipline of members, block standings, pre-aggregated members."""

from eligibility.engine import COLLECTIVE, BlockStanding, Discipline, MemberStats, UnitFacts
from eligibility.tests.builders import LAW_2003, d, holding, judge, officer, rated, status

UNIT = 10


def _members(holders: int, total: int, *, unit=UNIT, first_id=1, **facts):
    """``total`` members of ``unit`` of whom the first ``holders`` hold CSTT in 2025 (none eligible for it
    otherwise: the others are rated HTNV)."""
    people = []
    for k in range(total):
        pid = first_id + k
        if k < holders:
            people.append(officer(pid, unit_id=unit, **facts))
        else:
            people.append(officer(pid, unit_id=unit, ratings={2025: "HTNV"}, titles={}, **facts))
    return people


def _unit(uid=UNIT, rating="HTTNV", **facts):
    return UnitFacts(uid, ratings=rated(rating, 2016), **facts)


def test_dvtt_at_exactly_70_percent_passes_and_just_under_fails():
    exactly = _members(7, 10, unit=10)
    just_under = _members(69, 100, unit=11, first_id=100)
    evaluation = judge(exactly + just_under, [_unit(10), _unit(11)])
    assert [status(evaluation, "DVTT", uid, COLLECTIVE) for uid in (10, 11)] == ["eligible", "not_eligible"]
    failure = evaluation.verdict("DVTT", 11, COLLECTIVE).failures[0]
    assert (failure.condition, failure.fact) == (
        "Ít nhất 70 % cán bộ của đơn vị đạt danh hiệu Chiến sĩ tiên tiến năm 2025 (trước khi có quyết định "
        "công nhận danh hiệu cá nhân của năm: tính cả cá nhân đủ điều kiện)",
        "69/100 cán bộ (69 %) đạt Chiến sĩ tiên tiến, cần ≥ 70 %",
    )


def test_members_eligible_for_cstt_count_before_it_is_conferred():
    people = [officer(pid, unit_id=UNIT, titles={}) for pid in range(1, 8)] + _members(0, 3, first_id=8)
    assert status(judge(people, [_unit()]), "DVTT", UNIT, COLLECTIVE) == "eligible"


def test_dvtt_fails_when_a_member_was_warned_that_year_but_not_for_a_reprimand():
    warned = _members(10, 10, unit=10)
    warned[0].disciplines.append(Discipline("canh_cao", d("05/05/2025"), d("04/05/2026")))
    reprimanded = _members(10, 10, unit=11, first_id=20)
    reprimanded[0].disciplines.append(Discipline("khien_trach", d("05/05/2025"), d("04/05/2026")))
    evaluation = judge(warned + reprimanded, [_unit(10), _unit(11)])
    assert [status(evaluation, "DVTT", uid, COLLECTIVE) for uid in (10, 11)] == ["not_eligible", "eligible"]
    assert evaluation.verdict("DVTT", 10, COLLECTIVE).failures[0].fact == "1 cán bộ bị kỷ luật từ cảnh cáo trở lên"


def test_the_2003_rule_set_wants_more_than_half():
    half = _members(5, 10, unit=10)
    more = _members(6, 10, unit=11, first_id=20)
    evaluation = judge(half + more, [_unit(10), _unit(11)], ruleset=LAW_2003, year=2023)
    assert [status(evaluation, "DVTT", uid, COLLECTIVE) for uid in (10, 11)] == ["not_eligible", "eligible"]
    assert evaluation.verdict("DVTT", 10, COLLECTIVE).failures[0].fact == (
        "5/10 cán bộ (50 %) đạt Chiến sĩ tiên tiến, cần > 50 %"
    )


def test_dvqt_needs_everyone_completing_tasks_and_a_cstdcs():
    def team(unit, first_id, *, weakest="HTNV", excellent=1):
        people = [
            officer(first_id + k, unit_id=unit, ratings=rated("HTXSNV" if k < excellent else "HTTNV", 2016))
            for k in range(9)
        ]
        people.append(officer(first_id + 9, unit_id=unit, ratings={2025: weakest}, titles={}))
        return people

    people = team(10, 1) + team(11, 20, weakest="KHTNV") + team(12, 40, excellent=0)
    evaluation = judge(people, [_unit(10, "HTXSNV"), _unit(11, "HTXSNV"), _unit(12, "HTXSNV")])
    assert [status(evaluation, "DVQT", uid, COLLECTIVE) for uid in (10, 11, 12)] == [
        "eligible",
        "not_eligible",
        "not_eligible",
    ]
    assert [f.fact for f in evaluation.verdict("DVQT", 11, COLLECTIVE).failures] == [
        "9/10 cán bộ xếp loại HTNV trở lên"
    ]
    assert [f.fact for f in evaluation.verdict("DVQT", 12, COLLECTIVE).failures] == [
        "0 cá nhân đạt Chiến sĩ thi đua cơ sở, cần 1"
    ]


def test_pre_aggregated_members_stand_in_for_people_not_loaded():
    counted = MemberStats(members=20, rated={"HTNV": 20, "HTTNV": 14, "HTXSNV": 3}, titles={"CSTT": 14, "CSTDCS": 2})
    short = MemberStats(members=20, rated={"HTNV": 20}, titles={"CSTT": 13})
    evaluation = judge([], [_unit(10, "HTXSNV", members=counted), _unit(11, members=short)])
    assert [status(evaluation, code, uid, COLLECTIVE) for code, uid in (("DVTT", 10), ("DVQT", 10), ("DVTT", 11))] == [
        "eligible",
        "eligible",
        "not_eligible",
    ]


def test_flags_follow_the_block_standing_and_the_vote():
    def unit(uid, rank, share, rating="HTXSNV"):
        return _unit(uid, rating, block=BlockStanding(rank, 6, share, "Cụm 6"))

    units = [unit(1, 1, 0.8), unit(2, 4, 0.6), unit(3, 5, 0.9), unit(4, 2, 0.5), unit(5, 1, 0.9, "HTTNV")]
    evaluation = judge([], units)
    assert evaluation.eligible("CO_BO", COLLECTIVE) == [1, 2]
    assert evaluation.eligible("CO_CP", COLLECTIVE) == [1]
    assert [f.fact for f in evaluation.verdict("CO_BO", 4, COLLECTIVE).failures] == [
        "xếp thứ 2/6 trong Cụm 6, 50 % phiếu suy tôn"
    ]


def test_a_unit_with_two_years_dvqt_or_excellent_gets_the_ministers_certificate_as_a_collective():
    mixed = UnitFacts(1, ratings={2024: "HTXSNV", 2025: "HTTNV"}, titles=holding("DVQT", years=[2025]))
    once = UnitFacts(2, ratings={2024: "HTTNV", 2025: "HTXSNV"})
    evaluation = judge([], [mixed, once])
    assert evaluation.eligible("BK_BO", COLLECTIVE) == [1]
    assert evaluation.verdict("BK_BO", 1, COLLECTIVE).catalogue_code == "BK_BO_TT"
