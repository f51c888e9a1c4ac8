"""Chains read from the law: "2 lần liên tục" CSTĐ Bộ are back to back (Law 2022 art. 21, 22), and a
broken chain of a unit title is explained by the missing title, not by the year's rating."""

from eligibility.engine import COLLECTIVE, AwardHeld, Initiative, UnitFacts, builtin
from eligibility.tests.builders import d, holding, judge, merge_titles, officer, rated, status


def _candidate(pid, bo_years):
    titles = merge_titles(holding("CSTT", years=range(2016, 2026)), holding("CSTD_BO", years=bo_years))
    return officer(pid, titles=titles, initiatives=[Initiative(pid, "toan_quoc", d("01/05/2023"))])


def test_two_cstd_bo_qualify_only_back_to_back():
    # CSTĐ Bộ crowns 3 years of CSTĐ cơ sở: 2022 (2020–2022) then 2025 (2023–2025) are consecutive;
    # 2021 then 2025 leave 2022 between the two terms.
    evaluation = judge([_candidate(1, [2022, 2025]), _candidate(2, [2021, 2025])])
    assert [status(evaluation, "CSTD_TQ", pid) for pid in (1, 2)] == ["eligible", "not_eligible"]
    failure = next(f for f in evaluation.verdict("CSTD_TQ", 2).failures if f.predicate == "consecutive_terms")
    assert (failure.condition, failure.fact) == (
        "Đạt danh hiệu Chiến sĩ thi đua Bộ Công an 2 lần liên tục (các năm 2022 và 2025, mỗi lần 3 năm)",
        "đạt các năm 2021, 2025; cần 2 lần liên tục, thiếu năm 2022",
    )


def test_an_office_may_read_two_terms_within_six_years_instead():
    loose = builtin("luat2022_nd98_cand").with_parameters(cstd_tq_back_to_back=False)
    evaluation = judge([_candidate(2, [2021, 2025]), _candidate(3, [2019, 2025])], ruleset=loose)
    assert [status(evaluation, "CSTD_TQ", pid) for pid in (2, 3)] == ["eligible", "not_eligible"]


def test_a_units_broken_dvqt_chain_is_explained_by_the_missing_title():
    titles = merge_titles(holding("DVQT", years=[2021, 2022, 2024, 2025]), holding("CO_BO", years=[2021, 2022, 2024]))
    unit = UnitFacts(1, ratings=rated("HTXSNV", 2016), titles=titles, awards=[AwardHeld("HCBVTQ2_TT", 2020)])
    evaluation = judge([], [unit])
    assert status(evaluation, "HCBVTQ1", 1, COLLECTIVE) == "not_eligible"
    facts = [f.fact for f in evaluation.verdict("HCBVTQ1", 1, COLLECTIVE).failures]
    assert facts[0] == (
        "Huân chương Bảo vệ Tổ quốc hạng Nhì (tập thể) năm 2020: sau đó 2 năm liên tục (2024–2025), cần 5; "
        "năm 2023: không đạt Đơn vị Quyết thắng; 1 lần Cờ thi đua của Bộ Công an, cần 3"
    )


def test_the_units_two_years_alternative_names_the_missing_title_beside_the_rating():
    unit = UnitFacts(1, ratings={2024: "HTTNV", 2025: "HTXSNV"}, titles={2025: {"DVQT"}})
    evaluation = judge([], [unit])
    facts = [f.fact for f in evaluation.verdict("BK_BO", 1, COLLECTIVE).failures if f.predicate == "rating_at_least"]
    assert facts == ["2024: HTTNV, không đạt Đơn vị Quyết thắng"]
