"""Individual titles at their boundaries (rule set of Law 2022): CSTT, CSTĐ cơ sở, CSTĐ Bộ, CSTĐ toàn quốc."""

from eligibility.engine import Discipline, Failure, Initiative, PendingCase, Status, Verdict
from eligibility.tests.builders import (
    d,
    failed_predicates,
    holding,
    judge,
    merge_titles,
    officer,
    one_rule,
    rated,
    status,
)


def test_cstt_needs_htnv_or_better_and_no_discipline_that_year():
    good, fair = officer(1), officer(2, ratings={2025: "HTNV"})
    reprimanded = officer(3, disciplines=[Discipline("khien_trach", d("10/02/2025"), d("09/02/2026"))])
    evaluation = judge([good, fair, reprimanded])
    assert [status(evaluation, "CSTT", pid) for pid in (1, 2, 3)] == ["eligible", "not_eligible", "not_eligible"]
    assert failed_predicates(evaluation, "CSTT", 3) == ["rating_at_least", "no_discipline"]


def test_achievements_count_from_the_end_of_the_disciplinary_period():
    # a year counts only when it began after the period ended
    ended_last_year = officer(1, disciplines=[Discipline("khien_trach", d("01/01/2024"), d("31/12/2024"))])
    ended_this_year = officer(2, disciplines=[Discipline("khien_trach", d("02/01/2024"), d("01/01/2025"))])
    evaluation = judge([ended_last_year, ended_this_year])
    assert status(evaluation, "CSTT", 1) == "eligible"
    assert status(evaluation, "CSTT", 2) == "not_eligible"
    assert evaluation.verdict("CSTT", 2).failures[0].fact == "2025: trong thời hạn kỷ luật (đến 01/01/2025)"


def test_cstdcs_with_htxsnv_or_an_unused_initiative():
    excellent = officer(1, ratings=rated("HTXSNV", 2016))
    with_initiative = officer(2, initiatives=[Initiative(7, "co_so", d("15/06/2025"))])
    without = officer(3)
    evaluation = judge([excellent, with_initiative, without])
    assert [evaluation.verdict("CSTDCS", pid).matched for pid in (1, 2, 3)] == [
        "Đạt CSTT và hoàn thành xuất sắc nhiệm vụ",
        "Đạt CSTT và có sáng kiến cấp cơ sở",
        None,
    ]


def test_cstdcs_counts_this_years_cstt_when_eligible_for_it():
    not_yet_conferred = officer(1, ratings=rated("HTXSNV", 2016), titles={})
    assert status(judge([not_yet_conferred]), "CSTDCS") == "eligible"


def test_an_initiative_already_used_for_another_title_does_not_count_again():
    def with_initiative(pid, used_for, used_year):
        return officer(pid, initiatives=[Initiative(pid, "co_so", d("15/06/2025"), used_for, used_year)])

    evaluation = judge(
        [
            with_initiative(1, None, None),
            with_initiative(2, "CSTDCS", 2025),
            with_initiative(3, "CSTD_BO", 2025),
            with_initiative(4, "CSTDCS", 2024),
        ]
    )
    assert [status(evaluation, "CSTDCS", pid) for pid in (1, 2, 3, 4)] == [
        "eligible",
        "eligible",
        "not_eligible",
        "not_eligible",
    ]
    failure = next(f for f in evaluation.verdict("CSTDCS", 3).failures if f.alternative.endswith("sáng kiến cấp cơ sở"))
    assert failure.fact == "0 sáng kiến đạt yêu cầu, cần 1 (“3” đã dùng để đạt Chiến sĩ thi đua Bộ Công an năm 2025)"


def test_an_initiative_of_last_year_does_not_make_this_years_cstdcs():
    evaluation = judge(
        [
            officer(1, initiatives=[Initiative(1, "co_so", d("31/12/2024"))]),
            officer(2, initiatives=[Initiative(2, "co_so", d("01/01/2025"))]),
        ]
    )
    assert [status(evaluation, "CSTDCS", pid) for pid in (1, 2)] == ["not_eligible", "eligible"]


def _cstd_bo_candidate(pid, years, **facts):
    titles = merge_titles(holding("CSTT", years=range(2016, 2026)), holding("CSTDCS", years=years))
    facts.setdefault("initiatives", [Initiative(pid, "bo", d("01/03/2024"))])
    return officer(pid, titles=titles, **facts)


def test_cstd_bo_needs_three_consecutive_cstdcs_not_two():
    evaluation = judge(
        [
            _cstd_bo_candidate(1, [2024, 2025]),
            _cstd_bo_candidate(2, [2023, 2024, 2025]),
            _cstd_bo_candidate(3, [2022, 2023, 2025]),
        ]
    )
    assert [status(evaluation, "CSTD_BO", pid) for pid in (1, 2, 3)] == ["not_eligible", "eligible", "not_eligible"]
    failure = evaluation.verdict("CSTD_BO", 1).failures[0]
    assert (failure.condition, failure.fact, failure.basis) == (
        "Đạt danh hiệu Chiến sĩ thi đua cơ sở 3 năm liên tục đến năm 2025",
        "2 năm liên tục (2024–2025), cần 3",
        "Luật TĐKT 2022 điều 22",
    )


def test_cstd_bo_counts_this_years_cstdcs_when_eligible_for_it():
    candidate = _cstd_bo_candidate(1, [2023, 2024], ratings=rated("HTXSNV", 2016))
    assert status(judge([candidate]), "CSTD_BO") == "eligible"


def test_cstd_bo_does_not_reuse_the_years_of_a_previous_cstd_bo():
    again = _cstd_bo_candidate(1, [2022, 2023, 2024, 2025])
    again.titles[2024].add("CSTD_BO")
    evaluation = judge([again])
    assert status(evaluation, "CSTD_BO") == "not_eligible"
    assert evaluation.verdict("CSTD_BO", 1).failures[0].fact == (
        "1 năm liên tục (2025), cần 3 (năm 2024 đã dùng để được tặng Chiến sĩ thi đua Bộ Công an)"
    )


def test_discipline_one_day_inside_the_look_back_fails_and_one_day_outside_passes():
    # CSTĐ Bộ looks back 3 years from 31/12/2025: decisions after 31/12/2022 count.
    outside = _cstd_bo_candidate(
        1, [2023, 2024, 2025], disciplines=[Discipline("khien_trach", d("31/12/2022"), d("31/12/2022"))]
    )
    inside = _cstd_bo_candidate(
        2, [2023, 2024, 2025], disciplines=[Discipline("khien_trach", d("01/01/2023"), d("01/01/2023"))]
    )
    evaluation = judge([outside, inside])
    assert [status(evaluation, "CSTD_BO", pid) for pid in (1, 2)] == ["eligible", "not_eligible"]
    assert "no_discipline" in failed_predicates(evaluation, "CSTD_BO", 2)


def test_the_look_back_alone_at_its_boundary():
    rules = one_rule({"no_discipline": {"form": "canh_cao", "years": 3}})
    people = [
        officer(1, disciplines=[Discipline("canh_cao", d("31/12/2022"), d("30/12/2023"))]),
        officer(2, disciplines=[Discipline("canh_cao", d("01/01/2023"), d("31/12/2023"))]),
        officer(3, disciplines=[Discipline("khien_trach", d("01/06/2025"), d("31/05/2026"))]),
    ]
    evaluation = judge(people, ruleset=rules)
    assert [status(evaluation, "CSTT", pid) for pid in (1, 2, 3)] == ["eligible", "not_eligible", "eligible"]
    assert evaluation.verdict("CSTT", 2).failures[0].fact == "Cảnh cáo ngày 01/01/2023 (thời hạn đến 31/12/2023)"


def test_a_pending_case_postpones_instead_of_rejecting():
    pending = officer(1, pending=[PendingCase("inspection", d("01/10/2025"))])
    closed = officer(2, pending=[PendingCase("complaint", d("01/03/2025"), d("30/06/2025"))])
    pending_and_failing = officer(3, ratings={2025: "HTNV"}, pending=[PendingCase("complaint", d("01/03/2025"))])
    evaluation = judge([pending, closed, pending_and_failing])
    assert [status(evaluation, "CSTT", pid) for pid in (1, 2, 3)] == ["postponed", "eligible", "not_eligible"]
    verdict = evaluation.verdict("CSTT", 1)
    assert (verdict.matched, [f.fact for f in verdict.failures]) == (
        "Hoàn thành tốt nhiệm vụ trở lên",
        ["đang bị thanh tra, kiểm tra từ ngày 01/10/2025"],
    )
    assert evaluation.postponed("CSTT") == [1]


def test_a_pending_case_postpones_the_titles_that_build_on_the_postponed_one():
    # CSTT 2025 not yet conferred: CSTĐ cơ sở reads "holds CSTT or is eligible for it".
    pending = officer(1, ratings=rated("HTXSNV", 2016), titles={}, pending=[PendingCase("inspection", d("01/10/2025"))])
    failing = officer(2, ratings=rated("HTNV", 2016), titles={}, pending=[PendingCase("inspection", d("01/10/2025"))])
    evaluation = judge([pending, failing])
    assert [status(evaluation, code, 1) for code in ("CSTT", "CSTDCS")] == ["postponed", "postponed"]
    assert [status(evaluation, code, 2) for code in ("CSTT", "CSTDCS")] == ["not_eligible", "not_eligible"]
    verdict = evaluation.verdict("CSTDCS", 1)
    assert verdict.matched == "Đạt CSTT và hoàn thành xuất sắc nhiệm vụ"
    assert "đang bị thanh tra, kiểm tra từ ngày 01/10/2025" in [f.fact for f in verdict.failures]


def test_cstd_tq_needs_two_cstd_bo_and_a_national_initiative():
    def candidate(pid, bo_years, level="toan_quoc"):
        titles = merge_titles(holding("CSTT", years=range(2016, 2026)), holding("CSTD_BO", years=bo_years))
        return officer(pid, titles=titles, initiatives=[Initiative(pid, level, d("01/05/2023"))])

    evaluation = judge(
        [candidate(1, [2022, 2025]), candidate(2, [2025]), candidate(3, [2022, 2025], "bo"), candidate(4, [2019, 2025])]
    )
    assert [status(evaluation, "CSTD_TQ", pid) for pid in (1, 2, 3, 4)] == [
        "eligible",
        "not_eligible",
        "not_eligible",
        "not_eligible",
    ]


def test_a_verdict_names_the_rule_the_alternative_the_fact_and_the_article():
    evaluation = judge([_cstd_bo_candidate(1, [2024, 2025], initiatives=[])])
    assert evaluation.verdict("CSTD_BO", 1) == Verdict(
        subject_id=1,
        recipient="individual",
        code="CSTD_BO",
        catalogue_code="CSTD_BO",
        name="Chiến sĩ thi đua Bộ Công an",
        kind="title",
        status=Status.NOT_ELIGIBLE,
        matched=None,
        failures=(
            Failure(
                alternative="3 năm liên tục CSTĐ cơ sở và sáng kiến có phạm vi ảnh hưởng toàn lực lượng",
                predicate="consecutive_title",
                condition="Đạt danh hiệu Chiến sĩ thi đua cơ sở 3 năm liên tục đến năm 2025",
                fact="2 năm liên tục (2024–2025), cần 3",
                basis="Luật TĐKT 2022 điều 22",
                explanation="Chưa đáp ứng điều kiện “Đạt danh hiệu Chiến sĩ thi đua cơ sở 3 năm liên tục đến năm 2025”: "
                "2 năm liên tục (2024–2025), cần 3 (căn cứ Luật TĐKT 2022 điều 22).",
            ),
            Failure(
                alternative="3 năm liên tục CSTĐ cơ sở và sáng kiến có phạm vi ảnh hưởng toàn lực lượng",
                predicate="initiatives_unused",
                condition="Có 1 sáng kiến, đề tài hoặc giải pháp chiến đấu cấp Bộ trở lên được công nhận từ 01/01/2023 "
                "đến 31/12/2025, chưa dùng để xét danh hiệu, hình thức khác",
                fact="0 sáng kiến, đề tài hoặc giải pháp chiến đấu đạt yêu cầu, cần 1",
                basis="Luật TĐKT 2022 điều 22",
                explanation="Chưa đáp ứng điều kiện “Có 1 sáng kiến, đề tài hoặc giải pháp chiến đấu cấp Bộ trở lên được "
                "công nhận từ 01/01/2023 đến 31/12/2025, chưa dùng để xét danh hiệu, hình thức khác”: 0 sáng "
                "kiến, đề tài hoặc giải pháp chiến đấu đạt yêu cầu, cần 1 (căn cứ Luật TĐKT 2022 điều 22).",
            ),
        ),
        ruleset="luat2022_nd98_cand",
        basis="Luật TĐKT 2022 điều 22",
        confidence="H",
    )
