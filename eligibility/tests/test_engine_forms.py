"""Award forms: alternatives, multi-year chains since an award, seniority."""

import datetime

from eligibility.engine import COLLECTIVE, AwardHeld, Discipline, Initiative, UnitFacts
from eligibility.tests.builders import d, holding, judge, merge_titles, officer, rated, status


def test_bk_bo_takes_two_consecutive_cstdcs_not_one():
    def candidate(pid, years):
        return officer(
            pid, titles=merge_titles(holding("CSTT", years=range(2016, 2026)), holding("CSTDCS", years=years))
        )

    evaluation = judge([candidate(1, [2025]), candidate(2, [2024, 2025])])
    assert [status(evaluation, "BK_BO", pid) for pid in (1, 2)] == ["not_eligible", "eligible"]
    assert evaluation.verdict("BK_BO", 2).matched == "2 năm liên tục đạt CSTĐ cơ sở"


def test_bk_bo_by_two_excellent_years_and_two_initiatives_is_another_alternative():
    two = [Initiative(1, "co_so", d("01/04/2024")), Initiative(2, "co_so", d("01/04/2025"), "CSTDCS", 2025)]
    one = [Initiative(3, "co_so", d("01/04/2025"))]
    excellent = rated("HTXSNV", 2024)
    evaluation = judge(
        [
            officer(1, ratings=excellent, initiatives=[two[0], Initiative(9, "co_so", d("02/04/2025"))]),
            officer(2, ratings=excellent, initiatives=two),
            officer(3, ratings=excellent, initiatives=one),
        ]
    )
    # both excellent years also make CSTĐ cơ sở (eligible this year, not conferred last year): the chain of
    # CSTĐ cơ sở is one year long, so only the initiatives alternative can match
    assert [evaluation.verdict("BK_BO", pid).matched for pid in (1, 2, 3)] == [
        "2 năm liên tục hoàn thành xuất sắc nhiệm vụ và 2 sáng kiến áp dụng cấp cơ sở",
        None,
        None,
    ]


def _chain(pid, *, since=2019, cstdcs=(2021, 2023, 2025), good_from=2020, **facts):
    titles = merge_titles(holding("CSTT", years=range(2016, 2026)), holding("CSTDCS", years=cstdcs))
    facts.setdefault("awards", [AwardHeld("BK_BO", since, datetime.date(since + 1, 2, 1))])
    ratings = {**rated("HTNV", 2016, good_from - 1), **rated("HTTNV", good_from)}
    return officer(pid, ratings=ratings, titles=titles, **facts)


def test_bk_ttg_needs_five_consecutive_good_years_since_the_bk_bo_not_four():
    evaluation = judge([_chain(1, good_from=2022, cstdcs=(2022, 2023, 2025)), _chain(2, good_from=2021)])
    assert [status(evaluation, "BK_TTG", pid) for pid in (1, 2)] == ["not_eligible", "eligible"]
    assert evaluation.verdict("BK_TTG", 1).failures[0].fact == (
        "Bằng khen của Bộ trưởng Bộ Công an năm 2019: sau đó 4 năm liên tục (2022–2025), cần 5; năm 2021: xếp loại HTNV"
    )


def test_bk_ttg_counts_cstdcs_inside_the_chain_only():
    evaluation = judge([_chain(1, cstdcs=(2019, 2023, 2025)), _chain(2, cstdcs=(2020, 2023, 2025))])
    assert [status(evaluation, "BK_TTG", pid) for pid in (1, 2)] == ["not_eligible", "eligible"]
    assert evaluation.verdict("BK_TTG", 1).failures[0].fact == (
        "Bằng khen của Bộ trưởng Bộ Công an năm 2019: 2 lần Chiến sĩ thi đua cơ sở, cần 3"
    )


def test_an_ad_hoc_bk_bo_is_no_basis_for_bk_ttg():
    ad_hoc = _chain(1, awards=[AwardHeld("BK_BO", 2019, datetime.date(2019, 8, 1), "ad_hoc")])
    evaluation = judge([ad_hoc])
    assert status(evaluation, "BK_TTG") == "not_eligible"
    assert evaluation.verdict("BK_TTG", 1).failures[0].fact == (
        "chưa được tặng Bằng khen của Bộ trưởng Bộ Công an (công trạng) trước năm 2025"
    )


def test_a_previous_bk_ttg_restarts_the_chain():
    again = _chain(1, awards=[AwardHeld("BK_BO", 2018), AwardHeld("BK_TTG", 2022)])
    assert status(judge([again]), "BK_TTG") == "not_eligible"


def test_bk_ttg_looks_back_five_years_for_discipline():
    warned = _chain(2, since=2019, disciplines=[Discipline("khien_trach", d("02/01/2016"), d("01/01/2017"))])
    recent = _chain(3, since=2019, disciplines=[Discipline("khien_trach", d("02/01/2021"), d("01/01/2022"))])
    evaluation = judge([warned, recent])
    assert [status(evaluation, "BK_TTG", pid) for pid in (2, 3)] == ["eligible", "not_eligible"]


def test_hcld3_needs_one_excellent_year_in_the_chain_after_bk_ttg():
    def candidate(pid, excellent_year):
        person = _chain(pid, awards=[AwardHeld("BK_TTG", 2019)])
        if excellent_year:
            person.ratings[excellent_year] = "HTXSNV"
        return person

    evaluation = judge([candidate(1, None), candidate(2, 2022)])
    assert [status(evaluation, "HCLD3", pid) for pid in (1, 2)] == ["not_eligible", "eligible"]


def test_seniority_medals_by_full_years_of_service_once():
    twenty = officer(1, service_start=d("31/12/2005"))
    just_short = officer(2, service_start=d("01/01/2006"))
    already = officer(3, service_start=d("01/09/2000"), awards=[AwardHeld("HCCSVV1", 2020, d("01/12/2020"))])
    evaluation = judge([twenty, just_short, already])
    assert [status(evaluation, "HCCSVV1", pid) for pid in (1, 2, 3)] == ["eligible", "not_eligible", "not_eligible"]
    assert evaluation.verdict("HCCSVV1", 2).failures[0].fact == "19 năm công tác (vào ngành 01/01/2006), cần 20"


def test_the_commemorative_medal_asks_less_of_women_and_counts_hardship():
    man, woman = officer(1, service_start=d("01/09/2013")), officer(2, sex="F", service_start=d("01/09/2013"))
    hardship = officer(3, service_start=d("01/09/2017"), hardship_factor=2.0)  # 8 years × 2
    evaluation = judge([man, woman, hardship])
    assert [status(evaluation, "KNC_BVANTQ", pid) for pid in (1, 2, 3)] == ["not_eligible", "eligible", "eligible"]


def test_gk_needs_a_recorded_achievement_and_a_good_rating():
    movement = officer(1, achievements={2025: {"phong_trao"}})
    ad_hoc_but_fair = officer(2, ratings={2025: "HTNV"}, achievements={2025: {"dot_xuat"}})
    last_year = officer(3, achievements={2024: {"phong_trao"}})
    evaluation = judge([movement, ad_hoc_but_fair, last_year])
    assert [status(evaluation, "GK", pid) for pid in (1, 2, 3)] == ["eligible", "not_eligible", "not_eligible"]
    assert evaluation.verdict("GK", 1).matched == "Thành tích trong phong trào thi đua"


def test_the_order_for_the_defence_of_the_fatherland_climbs_one_class_at_a_time():
    third = _chain(1, awards=[AwardHeld("BK_TTG", 2020)])
    second = _chain(2, awards=[AwardHeld("HCBVTQ3", 2020)])
    too_soon = _chain(3, awards=[AwardHeld("HCBVTQ3", 2021)])
    evaluation = judge([third, second, too_soon])
    assert [[status(evaluation, code, pid) for code in ("HCBVTQ3", "HCBVTQ2", "HCBVTQ1")] for pid in (1, 2, 3)] == [
        ["eligible", "not_eligible", "not_eligible"],
        ["not_eligible", "eligible", "not_eligible"],
        ["not_eligible", "not_eligible", "not_eligible"],
    ]


def test_a_unit_earns_the_first_class_order_with_five_years_dvqt_and_three_ministry_flags_not_two():
    def unit(uid, flag_years):
        titles = merge_titles(holding("DVQT", years=range(2021, 2026)), holding("CO_BO", years=flag_years))
        return UnitFacts(uid, ratings=rated("HTXSNV", 2016), titles=titles, awards=[AwardHeld("HCBVTQ2_TT", 2020)])

    evaluation = judge([], [unit(1, [2021, 2023, 2025]), unit(2, [2023, 2025])])
    assert evaluation.eligible("HCBVTQ1", COLLECTIVE) == [1]
    assert [f.fact for f in evaluation.verdict("HCBVTQ1", 2, COLLECTIVE).failures] == [
        "Huân chương Bảo vệ Tổ quốc hạng Nhì (tập thể) năm 2020: 2 lần Cờ thi đua của Bộ Công an, cần 3",
        "Huân chương Bảo vệ Tổ quốc hạng Nhì (tập thể) năm 2020: 0 lần Cờ thi đua của Chính phủ, cần 2",
    ]


def test_the_security_medal_takes_twenty_five_full_years_and_a_good_rating():
    evaluation = judge(
        [
            officer(1, service_start=d("31/12/2000")),
            officer(2, service_start=d("01/01/2001")),
            officer(3, service_start=d("01/09/1995"), ratings={2025: "HTNV"}),
        ]
    )
    assert [status(evaluation, "HCVANTQ", pid) for pid in (1, 2, 3)] == ["eligible", "not_eligible", "not_eligible"]


def test_a_class_of_an_order_is_conferred_once_and_never_below_one_held():
    again = _chain(1, awards=[AwardHeld("BK_TTG", 2014), AwardHeld("HCBVTQ3", 2015)])
    higher = _chain(2, awards=[AwardHeld("BK_TTG", 2014), AwardHeld("HCBVTQ1", 2015)])
    evaluation = judge([again, higher])
    assert [[status(evaluation, code, pid) for code in ("HCBVTQ3", "HCBVTQ2", "HCBVTQ1")] for pid in (1, 2)] == [
        ["not_eligible", "eligible", "not_eligible"],
        ["not_eligible", "not_eligible", "not_eligible"],
    ]
    assert [f.fact for f in evaluation.verdict("HCBVTQ3", 1).failures] == ["đã được tặng năm 2015"]
