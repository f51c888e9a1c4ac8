"""Target results (kết quả thực hiện chỉ tiêu): recorded by the unit at year-end, after the
registration deadline; confirmed by the block's runners; bulk writes all or nothing, every bad row named."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from audit.models import AuditEvent
from cycle.models import Notification, Registration, RegistrationTarget
from cycle.services import CycleError
from cycle.services.registration import TargetData, confirm_registration, registration_board, save_registration
from cycle.services.target_results import (
    ResultData,
    ResultRow,
    ResultsRefused,
    confirm_target_results,
    record_block_results,
    record_target_results,
)
from honours.models import Title

TARGETS = [
    TargetData("Hoàn thành 100% kế hoạch công tác", Decimal("100"), "%"),
    TargetData("Tổ chức hội thi tuyên truyền"),
]


@pytest.fixture
def registered(cycle, org, personas):
    """PX03 and PV01 registered two targets each in the office's hands (the deadline, 31/03/2019, is past)."""
    dvqt = Title.objects.get(code="DVQT")
    for unit in (org.px03, cycle.pv01):
        save_registration(cycle.block, unit, titles=[dvqt], targets=TARGETS, people=[], by=personas.office)
    confirm_registration(cycle.block, org.px03, by=personas.office)
    return cycle


def targets_of(block, unit):
    return list(RegistrationTarget.objects.filter(registration__block=block, registration__unit=unit))


def results(block, unit):
    return [(t.result, t.achieved_value) for t in targets_of(block, unit)]


def test_the_unit_records_results_after_the_registration_deadline_without_reopening_it(registered, org, personas):
    first, second = targets_of(registered.block, org.px03)
    events = AuditEvent.objects.count()

    changed = record_target_results(
        registered.block,
        org.px03,
        {first.pk: ResultData("exceeded", Decimal("104.5")), second.pk: ResultData("met")},
        by=personas.unit_officer,
    )

    assert changed == 2
    assert results(registered.block, org.px03) == [("exceeded", Decimal("104.50")), ("met", None)]
    registration = Registration.objects.get(block=registered.block, unit=org.px03)
    assert registration.status == "confirmed"  # results are not a change of the registration
    assert AuditEvent.objects.count() == events + 1
    event = AuditEvent.objects.order_by("pk").last()
    assert (event.object_id, event.changes) == (
        str(registration.pk),
        {"results": [{"1": ["", None], "2": ["", None]}, {"1": ["exceeded", "104.5"], "2": ["met", None]}]},
    )


def test_recording_the_same_results_twice_writes_nothing(registered, org, personas):
    first, _second = targets_of(registered.block, org.px03)
    record_target_results(registered.block, org.px03, {first.pk: ResultData("met")}, by=personas.unit_officer)
    events = AuditEvent.objects.count()
    assert record_target_results(registered.block, org.px03, {first.pk: ResultData("met")}, by=None) == 0
    assert AuditEvent.objects.count() == events


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            ResultData("done"),
            "Chỉ tiêu 1 (Hoàn thành 100% kế hoạch công tác): Kết quả không hợp lệ: done. Chọn Chưa đạt, Đạt hoặc Vượt.",
        ),
        (
            ResultData("", Decimal("90")),
            "Chỉ tiêu 1 (Hoàn thành 100% kế hoạch công tác): Có giá trị đạt được thì "
            "cần chọn kết quả (Chưa đạt, Đạt hoặc Vượt).",
        ),
        (
            ResultData("met", Decimal("1.234")),
            "Chỉ tiêu 1 (Hoàn thành 100% kế hoạch công tác): Giá trị chỉ được có tối đa 2 chữ số thập phân.",
        ),
    ],
)
def test_a_bad_result_is_refused_and_nothing_is_written(registered, org, personas, data, message):
    first, second = targets_of(registered.block, org.px03)
    with pytest.raises(CycleError) as refused:
        record_target_results(
            registered.block, org.px03, {second.pk: ResultData("met"), first.pk: data}, by=personas.unit_officer
        )
    assert str(refused.value) == message
    assert results(registered.block, org.px03) == [("", None), ("", None)]


def test_another_units_target_is_refused(registered, org, personas):
    theirs = targets_of(registered.block, registered.pv01)[0]
    with pytest.raises(CycleError) as refused:
        record_target_results(registered.block, org.px03, {theirs.pk: ResultData("met")}, by=personas.unit_officer)
    assert str(refused.value) == f"Chỉ tiêu {theirs.pk} không thuộc đăng ký của PX03."


def test_changing_a_target_clears_its_result_and_keeps_the_others(registered, org, personas):
    first, second = targets_of(registered.block, org.px03)
    record_target_results(
        registered.block,
        org.px03,
        {first.pk: ResultData("met"), second.pk: ResultData("exceeded")},
        by=personas.unit_officer,
    )
    save_registration(
        registered.block,
        org.px03,
        titles=[Title.objects.get(code="DVQT")],
        targets=[TARGETS[0], TargetData("Tổ chức hai hội thi tuyên truyền")],
        people=[],
        by=personas.office,
    )
    assert results(registered.block, org.px03) == [("met", None), ("", None)]


def test_the_blocks_runners_confirm_complete_results_and_the_unit_is_told(registered, org, personas):
    first, second = targets_of(registered.block, org.px03)
    record_target_results(registered.block, org.px03, {first.pk: ResultData("met")}, by=personas.unit_officer)
    with pytest.raises(CycleError) as refused:
        confirm_target_results(registered.block, org.px03, by=registered.ph10_officer)
    assert str(refused.value) == "PX03 còn 1/2 chỉ tiêu chưa ghi kết quả."

    record_target_results(registered.block, org.px03, {second.pk: ResultData("not_met")}, by=personas.unit_officer)
    registration = confirm_target_results(registered.block, org.px03, by=registered.ph10_officer)

    assert (registration.results_confirmed_by, registration.results_confirmed_at is not None) == (
        registered.ph10_officer,
        True,
    )
    assert Notification.objects.filter(
        user=personas.unit_officer,
        text="Kết quả thực hiện chỉ tiêu thi đua năm 2019 của PX03 đã được Khối XDLL – TT – HCKT xác nhận.",
    ).exists()
    # A later change of a result clears the confirmation.
    record_target_results(registered.block, org.px03, {second.pk: ResultData("met")}, by=personas.unit_officer)
    registration.refresh_from_db()
    assert (registration.results_confirmed_by, registration.results_confirmed_at) == (None, None)


def test_a_member_that_does_not_run_the_block_cannot_confirm_results(registered, org, personas):
    pk = targets_of(registered.block, registered.pv01)
    record_target_results(
        registered.block, registered.pv01, {t.pk: ResultData("met") for t in pk}, by=registered.pv01_commander
    )
    with pytest.raises(PermissionDenied):
        confirm_target_results(registered.block, registered.pv01, by=registered.pv01_commander)


def test_a_bulk_write_is_all_or_nothing_and_names_every_bad_row(registered, org, personas):
    mine = targets_of(registered.block, org.px03)
    theirs = targets_of(registered.block, registered.pv01)
    rows = [
        ResultRow(mine[0].pk, "exceeded", Decimal("110")),
        ResultRow(theirs[0].pk, "met"),
        ResultRow(mine[1].pk, "vượt"),
        ResultRow(999_999, "met"),
        ResultRow(mine[0].pk, "met"),
    ]
    with pytest.raises(ResultsRefused) as refused:
        record_block_results(registered.block, rows, units={org.px03.pk}, by=personas.unit_officer)

    assert [(p.row, p.field, p.message) for p in refused.value.problems] == [
        (1, "target", "Bạn không ghi kết quả cho PV01."),
        (2, "result", "Kết quả không hợp lệ: vượt. Chọn Chưa đạt, Đạt hoặc Vượt."),
        (3, "target", "Không có chỉ tiêu 999999 trong đăng ký của khối."),
        (4, "target", f"Chỉ tiêu {mine[0].pk} có hai dòng."),
    ]
    assert str(refused.value) == "Có 4 dòng kết quả không hợp lệ; chưa ghi dòng nào."
    assert results(registered.block, org.px03) == [("", None), ("", None)]


def test_a_bulk_write_across_units_writes_one_audit_row_per_registration(registered, org, personas):
    mine = targets_of(registered.block, org.px03)
    theirs = targets_of(registered.block, registered.pv01)
    events = AuditEvent.objects.count()
    rows = [ResultRow(t.pk, "exceeded") for t in mine + theirs]

    assert (
        record_block_results(registered.block, rows, units={org.px03.pk, registered.pv01.pk}, by=personas.office) == 4
    )

    assert AuditEvent.objects.count() == events + 2
    board = registration_board(registered.block)
    assert [(r["unit"].code, r["results"]["met"], r["results"]["all_exceeded"]) for r in board["rows"]] == [
        ("PX03", 2, True),
        ("PH10", 0, False),
        ("PV01", 2, True),
    ]
    assert (board["totals"]["units_met"], board["totals"]["units_exceeded"]) == (2, 2)
