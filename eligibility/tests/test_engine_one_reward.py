"""One achievement, one reward (Law 2022 art. 5 cl. 1 point c: "không tặng thưởng nhiều hình thức cho
một thành tích đạt được"), decided before any decision marks what was used:

- an initiative that a title of the year needs is not counted again by the higher titles of the
  chain (CSTĐ cơ sở → CSTĐ Bộ → CSTĐ toàn quốc) or by an award form judged after it;
- the years of HTXSNV that earned a Bằng khen do not earn it again (``after_own``).
"""

import datetime

from eligibility.engine import AwardHeld, Initiative, initiatives_for
from eligibility.tests.builders import d, holding, judge, merge_titles, officer, rated, status

CSTDCS_2023_2024 = merge_titles(holding("CSTT", years=range(2016, 2026)), holding("CSTDCS", years=(2023, 2024)))


def _bo(pid=1, **facts):
    """CSTT every year, CSTĐ cơ sở 2023 and 2024: CSTĐ Bộ 2025 needs CSTĐ cơ sở 2025 and a
    ministry-level initiative."""
    facts.setdefault("titles", CSTDCS_2023_2024)
    return officer(pid, **facts)


def test_one_ministry_level_initiative_earns_csdcs_or_cstd_bo_not_both():
    person = _bo(initiatives=[Initiative(7, "bo", d("10/03/2025"), title="Phần mềm quản lý hồ sơ")])
    evaluation = judge([person])
    assert status(evaluation, "CSTDCS") == "eligible"
    assert status(evaluation, "CSTD_BO") == "not_eligible"
    failure = next(f for f in evaluation.verdict("CSTD_BO", 1).failures if f.predicate == "initiatives_unused")
    assert failure.fact == (
        "0 sáng kiến, đề tài hoặc giải pháp chiến đấu đạt yêu cầu, cần 1 (“Phần mềm quản lý hồ sơ” cần để đạt "
        "Chiến sĩ thi đua cơ sở năm 2025, một thành tích chỉ xét một hình thức)"
    )
    # CSTĐ cơ sở itself still counts it: the claim binds only the rules judged after it.
    assert initiatives_for(evaluation, "CSTDCS", 1) == [7]
    assert initiatives_for(evaluation, "CSTD_BO", 1) == []


def test_with_a_second_initiative_each_title_has_its_own():
    person = _bo(
        initiatives=[
            Initiative(7, "bo", d("10/03/2025")),
            Initiative(8, "co_so", d("01/06/2025")),
        ]
    )
    evaluation = judge([person])
    assert [status(evaluation, code) for code in ("CSTDCS", "CSTD_BO")] == ["eligible", "eligible"]
    # The lower title takes the lower-level initiative; the ministry-level one stays for CSTĐ Bộ.
    assert initiatives_for(evaluation, "CSTDCS", 1) == [8]
    assert initiatives_for(evaluation, "CSTD_BO", 1) == [7]


def test_rated_htxsnv_the_lower_title_needs_no_initiative():
    person = _bo(
        ratings={**rated("HTTNV", 2016), 2025: "HTXSNV"},
        initiatives=[Initiative(7, "bo", d("10/03/2025"))],
    )
    evaluation = judge([person])
    assert [status(evaluation, code) for code in ("CSTDCS", "CSTD_BO")] == ["eligible", "eligible"]
    assert evaluation.verdict("CSTDCS", 1).matched == "Đạt CSTT và hoàn thành xuất sắc nhiệm vụ"
    assert initiatives_for(evaluation, "CSTDCS", 1) == []
    assert initiatives_for(evaluation, "CSTD_BO", 1) == [7]


def test_a_title_already_conferred_keeps_what_its_decision_marked():
    # CSTĐ cơ sở 2025 conferred and the decision marked the co_so initiative: the ministry-level one
    # is free for CSTĐ Bộ, and an initiative marked for CSTĐ cơ sở is never counted for CSTĐ Bộ.
    titles = merge_titles(CSTDCS_2023_2024, {2025: {"CSTDCS"}})
    free = _bo(
        1,
        titles=titles,
        initiatives=[Initiative(7, "bo", d("10/03/2025")), Initiative(8, "co_so", d("01/06/2025"), "CSTDCS", 2025)],
    )
    used = _bo(2, titles=titles, initiatives=[Initiative(9, "bo", d("10/03/2025"), "CSTDCS", 2025)])
    evaluation = judge([free, used])
    assert [status(evaluation, "CSTD_BO", pid) for pid in (1, 2)] == ["eligible", "not_eligible"]
    assert initiatives_for(evaluation, "CSTD_BO", 1) == [7]


def test_the_bang_khen_does_not_reuse_initiatives_a_title_of_the_year_needs():
    # HTXSNV 2024–2025 and two cơ sở initiatives: the Bằng khen's alternative "2 năm HTXSNV và 2 sáng
    # kiến". CSTĐ cơ sở 2025 comes from the HTXSNV rating, so both initiatives stay for the Bằng khen.
    person = officer(
        ratings={**rated("HTTNV", 2016), 2024: "HTXSNV", 2025: "HTXSNV"},
        initiatives=[Initiative(1, "co_so", d("01/04/2024")), Initiative(2, "co_so", d("01/04/2025"))],
    )
    evaluation = judge([person])
    assert status(evaluation, "BK_BO") == "eligible"
    assert initiatives_for(evaluation, "BK_BO", 1) == [1, 2]


def test_htxsnv_years_that_earned_a_bang_khen_do_not_earn_it_again():
    # Bằng khen 2024 for HTXSNV 2023–2024: in 2025 the years 2023–2024 are spent; 2024–2025 would
    # count 2024 a second time.
    facts = {
        "ratings": {**rated("HTTNV", 2016), 2023: "HTXSNV", 2024: "HTXSNV", 2025: "HTXSNV"},
        "initiatives": [
            Initiative(1, "co_so", d("01/04/2025")),
            Initiative(2, "co_so", d("01/05/2025"), kind="de_tai"),
        ],
    }
    again = officer(1, awards=[AwardHeld("BK_BO", 2024, datetime.date(2024, 12, 20))], **facts)
    first = officer(2, **facts)
    evaluation = judge([again, first])
    assert [status(evaluation, "BK_BO", pid) for pid in (1, 2)] == ["not_eligible", "eligible"]
    failure = next(f for f in evaluation.verdict("BK_BO", 1).failures if f.predicate == "rating_at_least")
    assert failure.fact == "2024: đã dùng để được tặng Bằng khen của Bộ trưởng Bộ Công an"
