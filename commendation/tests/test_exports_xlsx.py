"""The decision list (.xlsx): dates as Excel dates, bonuses with a thousands format, columns fitted to
their content, and a title naming the body the list is about."""

import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from commendation.tests.test_decisions import issued
from conftest import client_for

pytestmark = pytest.mark.django_db


def test_the_decision_list_xlsx_has_date_cells_money_formats_fitted_widths_and_the_body(client, org, personas):
    issued(org, personas.office, (org.people.binh, "CSTDCS"), (org.people.cuong, "CSTT"), date="01/07/2024")
    client_for(client, personas.office)

    sheet = load_workbook(io.BytesIO(client.get(reverse("commendation:decision_list_xlsx")).content)).active

    assert sheet["A1"].value == "Danh sách khen thưởng – Công an tỉnh Quảng Bình"  # not "Toàn bộ phạm vi của tôi"
    assert [c.value for c in sheet[2]][:2] == ["Quyết định", "Ngày"]
    assert sheet.freeze_panes == "A3"
    date, money = sheet["B3"], sheet["H3"]
    assert date.is_date and date.value == datetime.datetime(2024, 7, 1) and date.number_format == "dd/mm/yyyy"
    assert (money.value, money.number_format) == (2_340_000, "#,##0")
    assert sheet["D3"].number_format == "#,##0"  # TT
    widths = [sheet.column_dimensions[letter].width for letter in "ABCDEFGHI"]
    assert len(set(widths)) > 3 and sheet.column_dimensions["B"].width == 12  # dd/mm/yyyy and a margin


def test_the_admin_list_names_the_top_of_the_tree(client, org, personas):
    issued(org, personas.office, (org.people.binh, "CSTDCS"))
    client_for(client, personas.admin)

    sheet = load_workbook(io.BytesIO(client.get(reverse("commendation:decision_list_xlsx")).content)).active

    assert sheet["A1"].value == "Danh sách khen thưởng – Bộ Công an"
