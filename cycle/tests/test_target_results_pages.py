"""Target results on the pages and in the Excel file: the unit's section on its registration page, the
board's confirmation, the registration file's Kết quả column (all or nothing, row and column named)."""

import io
from decimal import Decimal

import openpyxl
import pytest
from django.urls import reverse

from conftest import client_for
from cycle.models import Registration, RegistrationTarget
from cycle.services import CycleError
from cycle.services.registration import TargetData, import_registration_xlsx, save_registration
from honours.models import Title

TARGET_HEADER = ["Nội dung", "Giá trị", "Đơn vị tính", "Kết quả", "Giá trị đạt được"]
TARGETS = [
    TargetData("Hoàn thành 100% kế hoạch công tác", Decimal("100"), "%"),
    TargetData("Tổ chức hội thi tuyên truyền"),
]


def xlsx(targets, header=TARGET_HEADER) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Chỉ tiêu"
    sheet.append(header)
    for row in targets:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@pytest.fixture
def registered(cycle, org, personas):
    """PX03 registered two targets; the registration deadline (31/03/2019) has passed."""
    save_registration(
        cycle.block, org.px03, titles=[Title.objects.get(code="DVQT")], targets=TARGETS, people=[], by=personas.office
    )
    return cycle


def results(block, unit):
    return list(
        RegistrationTarget.objects.filter(registration__block=block, registration__unit=unit).values_list(
            "result", "achieved_value"
        )
    )


def test_a_file_with_results_records_them_after_the_deadline(registered, org, personas):
    rows = [
        ["Hoàn thành 100% kế hoạch công tác", 100, "%", "Vượt", "104,5"],
        ["Tổ chức hội thi tuyên truyền", None, None, "đạt", None],
    ]
    outcome = import_registration_xlsx(registered.block, org.px03, xlsx(rows), by=personas.unit_officer)
    assert (outcome.errors, outcome.changed) == ([], True)
    assert results(registered.block, org.px03) == [("exceeded", Decimal("104.50")), ("met", None)]


def test_a_bad_result_in_the_file_names_row_and_column_and_writes_nothing(registered, org, personas):
    rows = [
        ["Hoàn thành 100% kế hoạch công tác", 100, "%", "Xuất sắc", None],
        ["Tổ chức hội thi tuyên truyền", None, None, None, "abc"],
        ["Chỉ tiêu ba", None, None, None, 5],
    ]
    outcome = import_registration_xlsx(registered.block, org.px03, xlsx(rows), by=personas.office)
    assert [(e.row, e.column, e.message) for e in outcome.errors] == [
        (2, "Kết quả", "Kết quả không hợp lệ: Xuất sắc. Ghi Chưa đạt, Đạt hoặc Vượt (hoặc để trống)."),
        (3, "Giá trị đạt được", "Giá trị đạt được không phải là số: abc."),
        (4, "Kết quả", "Có giá trị đạt được thì cần ghi kết quả (Chưa đạt, Đạt hoặc Vượt)."),
    ]
    assert results(registered.block, org.px03) == [("", None), ("", None)]


def test_a_file_that_changes_a_target_after_the_deadline_is_refused_with_its_results(registered, org, personas):
    rows = [
        ["Hoàn thành 90% kế hoạch công tác", 90, "%", "Đạt", None],
        ["Tổ chức hội thi tuyên truyền", None, None, "Đạt", None],
    ]
    with pytest.raises(CycleError):
        import_registration_xlsx(registered.block, org.px03, xlsx(rows), by=personas.unit_officer)
    assert list(RegistrationTarget.objects.values_list("text", "result")) == [
        ("Hoàn thành 100% kế hoạch công tác", ""),
        ("Tổ chức hội thi tuyên truyền", ""),
    ]


def test_a_file_without_the_result_columns_keeps_the_results(registered, org, personas):
    target = RegistrationTarget.objects.get(order=0)
    RegistrationTarget.objects.filter(pk=target.pk).update(result="met")
    rows = [["Hoàn thành 100% kế hoạch công tác", 100, "%"], ["Tổ chức hội thi tuyên truyền", None, None]]
    outcome = import_registration_xlsx(registered.block, org.px03, xlsx(rows, TARGET_HEADER[:3]), by=personas.office)
    assert (outcome.errors, outcome.changed) == ([], False)
    assert results(registered.block, org.px03) == [("met", None), ("", None)]


def test_the_exported_registration_carries_the_results_and_imports_back_unchanged(registered, org, personas, client):
    RegistrationTarget.objects.filter(order=0).update(result="exceeded", achieved_value=Decimal("104.5"))
    response = client_for(client, personas.unit_officer).get(
        reverse("cycle:registration_export", args=[registered.block.pk, org.px03.pk])
    )
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content))["Chỉ tiêu"]
    assert [list(row) for row in sheet.iter_rows(values_only=True)] == [
        TARGET_HEADER,
        ["Hoàn thành 100% kế hoạch công tác", 100, "%", "Vượt", 104.5],
        ["Tổ chức hội thi tuyên truyền", None, None, None, None],
    ]
    outcome = import_registration_xlsx(registered.block, org.px03, response.content, by=personas.unit_officer)
    assert (outcome.errors, outcome.changed) == ([], False)


def test_the_unit_records_results_on_its_registration_page(registered, org, personas, client):
    first, second = RegistrationTarget.objects.order_by("order")
    client_for(client, personas.unit_officer)
    page = client.get(reverse("cycle:registration_edit", args=[registered.block.pk, org.px03.pk]))
    assert "Kết quả thực hiện chỉ tiêu" in page.content.decode()

    response = client.post(
        reverse("cycle:registration_results", args=[registered.block.pk, org.px03.pk]),
        {f"results-r{first.pk}": "exceeded", f"results-v{first.pk}": "104,5", f"results-r{second.pk}": "not_met"},
    )
    assert response.status_code == 302
    assert results(registered.block, org.px03) == [("exceeded", Decimal("104.50")), ("not_met", None)]


def test_a_value_that_is_not_a_number_is_shown_on_the_page_and_nothing_is_written(registered, org, personas, client):
    first, _second = RegistrationTarget.objects.order_by("order")
    response = client_for(client, personas.unit_officer).post(
        reverse("cycle:registration_results", args=[registered.block.pk, org.px03.pk]),
        {f"results-r{first.pk}": "met", f"results-v{first.pk}": "nhiều"},
    )
    assert response.status_code == 422
    assert response.context["results_form"].errors == {f"v{first.pk}": ["Nhập một số."]}
    assert results(registered.block, org.px03) == [("", None), ("", None)]


def test_only_the_blocks_runners_confirm_results_from_the_board(registered, org, personas, client):
    RegistrationTarget.objects.update(result="met")
    url = reverse("cycle:registration_results_confirm", args=[registered.block.pk, org.px03.pk])
    assert client_for(client, registered.pv01_commander).post(url).status_code == 403
    assert client_for(client, personas.outsider).post(url).status_code == 404

    board = client_for(client, personas.office).get(reverse("cycle:registration_board", args=[registered.block.pk]))
    assert url in board.content.decode()
    assert client.post(url).status_code == 302
    assert Registration.objects.get(unit=org.px03).results_confirmed_by == personas.office
