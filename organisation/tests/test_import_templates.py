"""The downloadable import templates: what the user types in a date column shows dd/mm/yyyy, each
column as wide as its header, the header row frozen."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from conftest import client_for

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("kind", "dates"),
    [("people", ["Ngày sinh", "Ngày vào ngành", "Ngày đến đơn vị"]), ("units", ["Hiệu lực từ", "Hiệu lực đến"])],
)
def test_a_template_formats_its_date_columns_and_fits_its_headers(client, personas, kind, dates):
    response = client_for(client, personas.admin).get(reverse("organisation:import_template", args=[kind]))
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]

    headers = {cell.value: cell.column_letter for cell in sheet[1]}
    formatted = [h for h, letter in headers.items() if sheet.column_dimensions[letter].number_format == "dd/mm/yyyy"]
    assert formatted == dates
    assert sheet.freeze_panes == "A2" and all(cell.font.b for cell in sheet[1])
    for header, letter in headers.items():
        assert sheet.column_dimensions[letter].width == max(14, len(header) + 4)
