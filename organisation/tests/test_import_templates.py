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


def test_the_people_template_guide_documents_the_optional_rating_columns(client, personas):
    response = client_for(client, personas.admin).get(reverse("organisation:import_template", args=["people"]))
    workbook = load_workbook(io.BytesIO(response.content))

    rows = [tuple(row) for row in workbook["Hướng dẫn"].iter_rows(values_only=True)]
    documented = next(row for row in rows if row[0] == "Xếp loại <năm>")
    values = [row[0] for row in rows].index("Giá trị hợp lệ của các cột Xếp loại <năm>")

    assert documented[1] == "Không"
    assert documented[2].startswith(
        'Không bắt buộc, thêm bao nhiêu cột cũng được, mỗi cột một năm, tiêu đề ghi năm: "Xếp'
    )
    assert [row[:2] for row in rows[values + 2 : values + 6]] == [
        ("Hoàn thành xuất sắc nhiệm vụ", "HTXSNV"),
        ("Hoàn thành tốt nhiệm vụ", "HTTNV"),
        ("Hoàn thành nhiệm vụ", "HTNV"),
        ("Không hoàn thành nhiệm vụ", "KHTNV"),
    ]
    assert [cell.value for cell in workbook.worksheets[0][1]][-1] == "Ngày đến đơn vị"
