"""Score cells: values refused with a Vietnamese reason, optimistic concurrency, audit of every change,
assignments (balanced, manual, removed scorer), discrepancies, explanations, the leaderboard and the
tie-break on an exact tie."""

from decimal import Decimal

import pytest

from audit.models import AuditEvent
from scoring.models import Assignment, Rubric, Score, Sheet
from scoring.services import ScoringError, results, rounds, rubrics
from scoring.services.rounds import ScoreConflict, save_score, sheet_for


def fill(sheet, leaf, values, by):
    """values: {code: value}; each cell saved from the version it has now."""
    for code, value in values.items():
        current = Score.objects.filter(sheet=sheet, criterion=leaf[code]).first()
        save_score(
            sheet,
            leaf[code],
            by=by,
            value=value,
            version=current.version if current else 0,
            reason="Điều chỉnh theo kết quả kiểm tra" if sheet.round == Sheet.Round.FINAL else None,
        )


FULL = {"I.1": 18, "I.2": 20, "II.1.a": 10, "II.1.b": 15, "II.2": 28, "T.1": 5, "T.2": 0, "TR.1": -1, "TR.2": 0}


def test_a_value_above_the_maximum_is_refused_in_vietnamese(scoring, personas):
    sheet = sheet_for(scoring.rubric, scoring.px03, Sheet.Round.SELF)

    with pytest.raises(ScoringError) as error:
        save_score(sheet, scoring.leaf["I.1"], by=personas.unit_officer, value="25", version=0)

    assert str(error.value) == "Điểm vượt quá điểm tối đa của tiêu chí (20)."
    assert Score.objects.count() == 0


@pytest.mark.parametrize(
    ("code", "value", "message"),
    [
        ("I.1", "-1", "Điểm không được âm: chỉ tiêu chí điểm trừ mới ghi số âm."),
        ("TR.1", "2", "Điểm trừ ghi bằng số âm (ví dụ −5) hoặc 0."),
        ("TR.1", "-6", "Điểm trừ không được vượt quá 5 điểm."),
        ("I.1", "7,125", "Điểm chỉ có tối đa 2 chữ số thập phân."),
        ("I.1", "bảy", "Điểm phải là một số, ví dụ 8 hoặc 7,5."),
        ("I", "10", "Chỉ chấm điểm các tiêu chí cuối cùng của bảng tiêu chí."),
    ],
)
def test_values_outside_a_criterion_are_refused(scoring, personas, code, value, message):
    sheet = sheet_for(scoring.rubric, scoring.px03, Sheet.Round.SELF)

    with pytest.raises(ScoringError) as error:
        save_score(sheet, scoring.leaf[code], by=personas.unit_officer, value=value, version=0)

    assert str(error.value) == message


def test_a_deduction_is_entered_as_a_negative_number_with_the_vietnamese_comma(scoring, personas):
    sheet = sheet_for(scoring.rubric, scoring.px03, Sheet.Round.SELF)

    score = save_score(sheet, scoring.leaf["TR.1"], by=personas.unit_officer, value="−2,5", version=0)

    assert (score.value, score.version) == (Decimal("-2.5"), 1)


def test_the_second_of_two_concurrent_saves_is_told_of_the_conflict_and_nothing_is_lost(scoring, personas, cycle):
    sheet = sheet_for(scoring.rubric, scoring.px03, Sheet.Round.SELF)
    # Both opened the empty cell (version 0); the unit officer saves first.
    first = save_score(sheet, scoring.leaf["I.1"], by=personas.unit_officer, value="15", version=0)

    with pytest.raises(ScoreConflict) as error:
        save_score(sheet, scoring.leaf["I.1"], by=personas.commander, value="12", version=0)

    stored = Score.objects.get(pk=first.pk)
    assert (stored.value, stored.version) == (Decimal("15"), 1)
    assert error.value.current.pk == first.pk
    assert str(error.value).startswith("Ô này vừa được unit_officer sửa thành 15 lúc ")
    assert str(error.value).endswith(". Giá trị bạn nhập chưa được ghi: hãy xem lại rồi lưu lại.")
    # The commander saw the conflict; saving again from the current version goes through.
    again = save_score(sheet, scoring.leaf["I.1"], by=personas.commander, value="12", version=1)
    assert (again.value, again.version) == (Decimal("12"), 2)


def test_every_score_change_is_audited(scoring, personas):
    sheet = sheet_for(scoring.rubric, scoring.px03, Sheet.Round.SELF)
    score = save_score(sheet, scoring.leaf["I.1"], by=personas.unit_officer, value="15", version=0)
    save_score(sheet, scoring.leaf["I.1"], by=personas.commander, value="16,5", version=1, note="Có kế hoạch số 12")

    events = list(AuditEvent.objects.filter(object_type="scoring.score", object_id=str(score.pk)).order_by("at", "id"))

    assert [(e.actor.username, e.action, e.changes) for e in events] == [
        ("unit_officer", "create", {"value": [None, "15.00"]}),
        ("commander", "update", {"value": ["15.00", "16.50"], "note": ["", "Có kế hoạch số 12"]}),
    ]


def test_scores_cannot_be_entered_before_scoring_opens_nor_the_rubric_changed_after(draft, org, personas):
    sheet = sheet_for(draft, org.px03, Sheet.Round.SELF)
    criterion = draft.criteria.get(code="I.1")

    with pytest.raises(ScoringError, match="Chưa mở chấm điểm."):
        save_score(sheet, criterion, by=personas.unit_officer, value="1", version=0)
    rubrics.open_scoring(draft, by=personas.unit_officer)
    with pytest.raises(ScoringError, match="Bảng tiêu chí đã khoá"):
        rubrics.update_criterion(criterion, by=personas.unit_officer, max_points=Decimal(25))


def test_a_final_change_needs_its_reason(scoring, personas):
    sheet = sheet_for(scoring.rubric, scoring.px03, Sheet.Round.FINAL)

    with pytest.raises(ScoringError, match="Điều chỉnh điểm chốt cần ghi lý do."):
        save_score(sheet, scoring.leaf["I.1"], by=personas.unit_officer, value="10", version=0)


def test_assignments_have_each_member_scored_by_two_others(scoring, personas):
    made = rounds.assign_cross_scorers(scoring.rubric, by=personas.unit_officer)

    pairs = sorted((a.unit.code, a.scorer.code) for a in made)
    assert pairs == [
        ("PH10", "PV01"),
        ("PH10", "PX03"),
        ("PV01", "PH10"),
        ("PV01", "PX03"),
        ("PX03", "PH10"),
        ("PX03", "PV01"),
    ]


def test_a_unit_is_never_assigned_to_score_itself(scoring, personas):
    with pytest.raises(ScoringError, match="Đơn vị không chấm chéo cho chính mình."):
        rounds.add_assignment(scoring.rubric, scoring.px03, scoring.px03, by=personas.unit_officer)


def _scored_block(scoring, personas, cycle):
    """PX03 self-scores FULL (91 + 5 − 1 = 95); PH10 (87) and PV01 (90) cross-score it."""
    rounds.assign_cross_scorers(scoring.rubric, by=personas.unit_officer)
    fill(sheet_for(scoring.rubric, scoring.px03, Sheet.Round.SELF), scoring.leaf, FULL, personas.unit_officer)
    by_ph10 = FULL | {"I.1": 14, "II.2": 24}
    by_pv01 = FULL | {"I.1": 16, "II.2": 26, "TR.1": -2}
    fill(
        sheet_for(scoring.rubric, scoring.px03, Sheet.Round.CROSS, scoring.ph10),
        scoring.leaf,
        by_ph10,
        cycle.ph10_officer,
    )
    fill(
        sheet_for(scoring.rubric, scoring.px03, Sheet.Round.CROSS, scoring.pv01), scoring.leaf, by_pv01, personas.office
    )


def test_the_discrepancy_report_flags_criteria_above_the_gap(scoring, personas, cycle):
    _scored_block(scoring, personas, cycle)

    report = results.discrepancy_report(results.load(scoring.rubric), scoring.px03)

    assert [(r.criterion.code, r.self_value, r.cross_value, r.difference, r.flagged) for r in report] == [
        ("I.1", 18, 15, 3, True),
        ("I.2", 20, 20, 0, False),
        ("II.1.a", 10, 10, 0, False),
        ("II.1.b", 15, 15, 0, False),
        ("II.2", 28, 25, 3, True),
        ("T.1", 5, 5, 0, False),
        ("T.2", 0, 0, 0, False),
        ("TR.1", -1, -1.5, 0.5, False),
        ("TR.2", 0, 0, 0, False),
    ]
    assert [(u.code, v) for u, v in report[0].scorers] == [("PH10", 14), ("PV01", 16)]


def test_explanations_are_asked_and_answered(scoring, personas, cycle):
    _scored_block(scoring, personas, cycle)
    asked = rounds.request_explanation(
        scoring.rubric,
        scoring.px03,
        scoring.leaf["I.1"],
        by=cycle.ph10_officer,
        question="Đề nghị giải trình điểm tự chấm 18 so với 15 của tổ chấm chéo.",
    )
    rounds.answer_explanation(asked, by=personas.unit_officer, answer="Đơn vị bổ sung kế hoạch số 12/KH-PX03.")

    report = results.discrepancy_report(results.load(scoring.rubric), scoring.px03)

    assert [(e.question, e.answer, e.answered) for e in report[0].explanations] == [
        (
            "Đề nghị giải trình điểm tự chấm 18 so với 15 của tổ chấm chéo.",
            "Đơn vị bổ sung kế hoạch số 12/KH-PX03.",
            True,
        )
    ]


def test_a_removed_scorers_scores_stay_in_the_audit_but_leave_the_result(scoring, personas, cycle):
    _scored_block(scoring, personas, cycle)
    before = {
        r.unit.code: r.cross_total.total for r in results.leaderboard(results.load(scoring.rubric)) if r.cross_total
    }
    assignment = Assignment.objects.get(rubric=scoring.rubric, unit=scoring.px03, scorer=scoring.pv01)

    rounds.remove_assignment(assignment, by=personas.unit_officer, reason="Đơn vị chấm có quan hệ công tác trực tiếp")
    facts = results.load(scoring.rubric)
    row = next(r for r in results.leaderboard(facts) if r.unit == scoring.px03)

    # PH10 alone: I 14 + 20, II 10 + 15 + 24, bonus 5, deductions 1 → 87; with PV01 it was 88.5
    assert (before["PX03"], row.cross_total.total, row.final_total.total) == (88.5, 87, 87)
    assert [(a.scorer.code, a.removed_reason) for a in row.removed] == [
        ("PV01", "Đơn vị chấm có quan hệ công tác trực tiếp")
    ]
    assert (row.cross_expected, row.cross_done) == (1, 1)
    pv01_sheet = Sheet.objects.get(rubric=scoring.rubric, unit=scoring.px03, scorer=scoring.pv01)
    assert sorted(pv01_sheet.scores.values_list("criterion__code", "value"))[:2] == [
        ("I.1", Decimal("16.00")),
        ("I.2", Decimal("20.00")),
    ]
    assert (
        AuditEvent.objects.filter(
            object_type="scoring.score", object_id__in=[str(s.pk) for s in pv01_sheet.scores.all()]
        ).count()
        == 9
    )


def test_the_final_score_changes_the_cross_score_with_its_reason(scoring, personas, cycle):
    _scored_block(scoring, personas, cycle)
    final = sheet_for(scoring.rubric, scoring.px03, Sheet.Round.FINAL)

    save_score(
        final,
        scoring.leaf["II.2"],
        by=personas.unit_officer,
        value="27",
        version=0,
        reason="Đơn vị đã giải trình, bổ sung minh chứng",
    )
    row = next(r for r in results.leaderboard(results.load(scoring.rubric)) if r.unit == scoring.px03)

    assert (row.self_total.total, row.cross_total.total, row.final_total.total) == (95, 88.5, 90.5)


def test_the_leaderboard_breaks_an_exact_tie_by_fewer_deductions_then_flags_a_draw(scoring, personas, cycle):
    rounds.assign_cross_scorers(scoring.rubric, by=personas.unit_officer)
    same = {"I.1": 18, "I.2": 20, "II.1.a": 10, "II.1.b": 15, "II.2": 28}
    plans = {  # the cross-score each unit gets from both of its scorers
        scoring.px03: same | {"T.1": 2, "TR.1": -1},  # 91 + 2 − 1 = 92, 1 deduction point
        scoring.ph10: same | {"T.1": 1},  # 91 + 1 = 92, no deduction
        scoring.pv01: same | {"T.1": 1},  # the same as PH10 in every respect: a draw
    }
    officers = {
        scoring.px03.pk: personas.unit_officer,
        scoring.ph10.pk: cycle.ph10_officer,
        scoring.pv01.pk: personas.office,
    }
    for a in Assignment.objects.filter(rubric=scoring.rubric):
        fill(
            sheet_for(scoring.rubric, a.unit, Sheet.Round.CROSS, a.scorer),
            scoring.leaf,
            plans[a.unit],
            officers[a.scorer_id],
        )

    rows = results.leaderboard(results.load(scoring.rubric))

    assert [(r.unit.code, r.final_total.total, r.rank, r.draw, r.decided_label) for r in rows] == [
        ("PH10", 92, 1, True, ""),
        ("PV01", 92, 1, True, "Bằng nhau hoàn toàn: cần bỏ phiếu"),
        ("PX03", 92, 3, False, "Bằng điểm; ít điểm trừ hơn"),
    ]


def test_the_leaderboard_loads_in_a_fixed_number_of_queries(scoring, personas, cycle, django_assert_num_queries):
    _scored_block(scoring, personas, cycle)
    rubric = Rubric.objects.select_related("block").get(pk=scoring.rubric.pk)

    with django_assert_num_queries(5):
        rows = results.leaderboard(results.load(rubric))

    assert [r.unit.code for r in rows] == ["PX03", "PH10", "PV01"]


def test_a_closed_rubric_takes_no_more_scores(scoring, personas):
    rubrics.close_scoring(scoring.rubric, by=personas.unit_officer)
    sheet = sheet_for(scoring.rubric, scoring.px03, Sheet.Round.SELF)

    with pytest.raises(ScoringError, match="Kết quả đã chốt: không sửa được điểm."):
        save_score(sheet, scoring.leaf["I.1"], by=personas.unit_officer, value="1", version=0)
