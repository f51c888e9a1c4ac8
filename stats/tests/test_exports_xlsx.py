"""The statistics in Excel: a title naming the body (never "Toàn bộ phạm vi của tôi"), counts with a
thousands format, columns fitted to their content."""

import io

import pytest
from openpyxl import load_workbook

from conftest import client_for
from honours.models import Title, TitleAward
from stats import reports
from stats.exports import scope_body
from stats.tallies import Scope

pytestmark = pytest.mark.django_db


@pytest.fixture
def awards(org):
    cstt = Title.objects.get(code="CSTT")
    TitleAward.objects.bulk_create(
        [TitleAward(title=cstt, person=p, year=2024) for p in (org.people.an, org.people.binh, org.people.hoa)]
    )
    return org


def test_the_dashboard_xlsx_is_titled_with_the_body_and_formats_its_counts(client, personas, awards):
    c = client_for(client, personas.office)
    book = load_workbook(io.BytesIO(c.get("/thong-ke/?year_from=2023&year_to=2024&format=xlsx").content))
    sheet = book.worksheets[0]

    assert sheet["A1"].value == "Thống kê khen thưởng 2023–2024 – Công an tỉnh Quảng Bình – Theo năm"
    assert [c.value for c in sheet[2]] == ["Nhóm", "Số lượt"] and sheet["A2"].font.b
    assert sheet.freeze_panes == "A3"
    assert (sheet["B3"].value, sheet["B3"].number_format) == (2, "#,##0")
    assert book["Xu hướng"]["A1"].value.startswith("Thống kê khen thưởng 2023–2024 – Công an tỉnh Quảng Bình")
    widths = [book["Xu hướng"].column_dimensions[letter].width for letter in "ABCDE"]
    assert widths == [8, 9, 9, 8, 11]  # "Năm", "Tập thể", "Cá nhân", "Cộng", "Đã huỷ bỏ" + 2, at least 8


def test_a_unit_dashboard_is_titled_with_the_unit(client, personas, awards):
    c = client_for(client, personas.unit_officer)
    sheet = load_workbook(
        io.BytesIO(c.get(f"/thong-ke/?unit={awards.px03.pk}&year_from=2024&year_to=2024&format=xlsx").content)
    ).worksheets[0]

    assert sheet["A1"].value == ("Thống kê khen thưởng năm 2024 – Phòng Công tác đảng và công tác chính trị – Theo năm")


def test_the_body_of_a_scope(awards):
    assert scope_body(Scope(2024, 2024, None)) == "Bộ Công an"  # an admin: the top of the tree
    assert scope_body(Scope(2024, 2024, (awards.caqb.path, awards.px03.path))) == "Công an tỉnh Quảng Bình"
    two = scope_body(Scope(2024, 2024, (awards.cahy.path, awards.caqb.path)))
    assert sorted(two.split("; ")) == ["Công an tỉnh Hưng Yên", "Công an tỉnh Quảng Bình"]
    assert scope_body(Scope(2024, 2024, (), label="x", extra={"unit": awards.ph10})) == awards.ph10.name


def test_the_report_form_xlsx_names_the_body_and_formats_its_counts(client, personas, awards, report_download):
    c = client_for(client, personas.office)
    sheet = load_workbook(io.BytesIO(report_download(c, "xlsx", year="2024")[2])).active

    assert sheet["A3"].value == "Năm 2024 — Công an tỉnh Quảng Bình"
    assert [c.value for c in sheet[5]] == ["STT", "Danh hiệu, hình thức khen thưởng", "Tập thể", "Cá nhân", "Cộng"]
    assert sheet.freeze_panes == "A6"
    first = next(r for r in sheet.iter_rows(min_row=6) if r[1].value == "Chiến sĩ tiên tiến")
    assert (first[3].value, first[3].number_format) == (2, "#,##0")
    total = next(r for r in sheet.iter_rows(min_row=6) if r[1].value == "Tổng cộng")
    assert total[4].value == 2 and total[4].font.b and total[4].number_format == "#,##0"
    widths = {sheet.column_dimensions[letter].width for letter in "ABCDE"}
    assert len(widths) > 2 and sheet.column_dimensions["A"].width == 8


def test_a_report_built_for_the_whole_scope_keeps_its_label_for_the_api_but_names_the_body(awards):
    report = reports.build(reports.form_for("TH-KT-01", 2024), Scope(2024, 2024, (awards.caqb.path,), label="Của tôi"))

    assert (report.scope_label, report.body, report.subtitle) == (
        "Của tôi",
        "Công an tỉnh Quảng Bình",
        "Năm 2024 — Công an tỉnh Quảng Bình",
    )
