"""Writing exported tables: kinds and their number formats, widths to content, the title, text that
Excel would take for a formula."""

import datetime
import io
from decimal import Decimal

import openpyxl
import pytest

from documents import xlsx
from documents.xlsx import Column, Out

COLUMNS = (
    Out("Ngày", "date"),
    Out("Họ và tên"),
    Out("Tiền thưởng (đồng)", "money"),
    Out("Số lượt", "integer"),
    Out("Điểm", "score"),
    Out("Tỷ lệ", "percent"),
    Out("Năm", "year"),
    Out("Hệ số", "decimal"),
)
ROWS = [
    [datetime.date(2024, 12, 10), "Nguyễn Thị Phương Hoa", 2_340_000, 1234, 91.5, 0.125, 2024, Decimal("1.5")],
    [datetime.datetime(2024, 7, 1, 8, 30), "An", Decimal("710000"), 2, 4.5, 1, 2025, None],
]


def _reopened(build):
    book = openpyxl.Workbook()
    build(book.active)
    return openpyxl.load_workbook(io.BytesIO(xlsx.workbook_bytes(book))).active


def test_a_table_has_its_title_a_bold_header_frozen_under_it_and_typed_cells():
    sheet = _reopened(lambda ws: xlsx.write_table(ws, COLUMNS, ROWS, title="Danh sách – Công an tỉnh Quảng Bình"))

    assert (sheet["A1"].value, sheet["A1"].font.b, sheet["A1"].font.sz) == (
        "Danh sách – Công an tỉnh Quảng Bình",
        True,
        13,
    )
    assert [c.value for c in sheet[2]] == [c.header for c in COLUMNS]
    assert all(c.font.b for c in sheet[2])
    assert sheet.freeze_panes == "A3"
    date, name, money, count, score, share, year, factor = sheet[3]
    assert date.is_date and date.value == datetime.datetime(2024, 12, 10) and date.number_format == "dd/mm/yyyy"
    assert (name.value, name.number_format) == ("Nguyễn Thị Phương Hoa", "General")
    assert (money.value, money.number_format) == (2_340_000, "#,##0")
    assert (count.value, count.number_format) == (1234, "#,##0")
    assert (score.value, score.number_format) == (91.5, "0.00")
    assert (share.value, share.number_format) == (0.125, "0.0%")
    assert (year.value, year.number_format) == (2024, "0")
    assert (factor.value, factor.number_format) == (1.5, "#,##0.00")
    second = sheet[4]
    assert second[0].is_date and second[0].value == datetime.datetime(2024, 7, 1)  # a moment is written as its day
    assert (second[2].value, second[2].number_format) == (710_000, "#,##0")
    assert second[7].value is None


def test_a_table_starts_at_row_1_without_a_title_and_after_blank_lines_with_one():
    assert xlsx.write_table(openpyxl.Workbook().active, COLUMNS, []) == 1
    sheet = openpyxl.Workbook().active
    assert xlsx.write_table(sheet, COLUMNS, ROWS, title="Biểu số 1", lines=("TỔNG HỢP", "Năm 2024", "")) == 5
    assert [sheet.cell(r, 1).value for r in range(1, 7)] == [
        "Biểu số 1",
        "TỔNG HỢP",
        "Năm 2024",
        None,
        "Ngày",
        ROWS[0][0],
    ]
    assert sheet.freeze_panes == "A6"


def test_columns_are_as_wide_as_their_content_within_bounds():
    long = "Phòng Công tác đảng và công tác chính trị, Công an tỉnh Quảng Bình, Bộ Công an – ghi chú dài"
    columns = (Out("TT", "integer"), Out("Họ và tên"), Out("Ngày", "date"), Out("Tiền thưởng", "money"), Out("Ghi chú"))
    sheet = _reopened(
        lambda ws: xlsx.write_table(
            ws, columns, [[1, "Nguyễn Thị Phương Hoa", datetime.date(2024, 1, 2), 12_340_000, long]], title="T" * 90
        )
    )
    widths = {letter: sheet.column_dimensions[letter].width for letter in "ABCDE"}
    # TT: the minimum; a name of 21 letters (Vietnamese letters count once) + 2; dd/mm/yyyy + 2;
    # "12,340,000" is shorter than its header "Tiền thưởng" (11) + 2; a long note: the maximum, wrapped.
    assert widths == {"A": 8, "B": 23, "C": 12, "D": 13, "E": 60}
    assert sheet["E3"].alignment.wrap_text
    assert not sheet["B3"].alignment.wrap_text


def test_visible_length_counts_letters_not_code_points_and_numbers_as_formatted():
    assert xlsx.visible_length("Nguye\u0302\u0303n") == 6  # NFD, as some keyboards type it
    assert xlsx.visible_length("Nguyễn") == 6
    assert xlsx.visible_length("ab\nabcd") == 4
    assert xlsx.visible_length(2_340_000, "money") == 9
    assert xlsx.visible_length(91.5, "score") == 5
    assert xlsx.visible_length(2024, "year") == 4
    assert xlsx.visible_length(datetime.date(2024, 1, 2), "date") == 10
    assert xlsx.visible_length(None) == 0


@pytest.mark.parametrize("text", ['=HYPERLINK("http://x","y")', "+1+2", "-3+4", "@SUM(A1)", "=1+1"])
def test_text_that_excel_would_take_for_a_formula_stays_text(text):
    sheet = _reopened(lambda ws: xlsx.write_table(ws, (Out("Ghi chú"),), [[text]], title=text))

    for cell in (sheet["A1"], sheet["A3"]):
        assert (cell.value, cell.data_type, cell.quotePrefix) == (text, "s", True)


def test_an_unknown_kind_is_refused():
    with pytest.raises(ValueError):
        Out("Điểm", "points")


def test_an_import_header_row_formats_its_date_columns_and_fits_its_headers():
    columns = (Column("Mã cán bộ", "ident"), Column("Ngày vào ngành", "start", parse="date"))
    sheet = _reopened(lambda ws: xlsx.header_row(ws, columns))

    assert [c.value for c in sheet[1]] == ["Mã cán bộ", "Ngày vào ngành"]
    assert sheet.freeze_panes == "A2"
    assert (sheet.column_dimensions["A"].width, sheet.column_dimensions["B"].width) == (14, 18)
    assert sheet.column_dimensions["B"].number_format == "dd/mm/yyyy"
    assert sheet.column_dimensions["A"].number_format == "General"
