"""The bounds of every Excel import (issue 17, ``documents.bounds``): the zip's parts counted and inflated
(a lying header caught), rows and columns capped and streamed, the error list capped."""

import io
import random
import zipfile

import openpyxl
import pytest

from documents import bounds, xlsx
from documents.tests import bombs
from documents.xlsx import RowError


def _xlsx(rows) -> bytes:
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _rows(count: int) -> list[str]:
    return [bombs.header_row(["Mã"])] + [f'<row r="{n}"><c r="A{n}"><v>{n}</v></c></row>' for n in range(2, count + 2)]


def test_a_part_inflating_past_its_declared_size_is_refused_before_openpyxl_reads_it():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", random.Random(3).randbytes(1_000_000).hex())  # declared 1000
    lie = bombs.lying(buffer.getvalue(), "xl/worksheets/sheet1.xml", 1000)
    message = (
        "Tệp nén bất thường: phần xl/worksheets/sheet1.xml giải nén ra nhiều hơn kích thước khai báo (1000 byte); "
        "không nhập."
    )

    assert xlsx.zip_problem(lie) == message
    with pytest.raises(xlsx.FileProblem) as refused:
        xlsx.read_first_sheet(lie)
    assert str(refused.value) == message
    # The honest file passes the counting (refused later as no workbook at all).
    assert xlsx.zip_problem(buffer.getvalue()) is None


def test_a_zip_of_too_many_parts_is_refused_from_its_end_record(monkeypatch):
    monkeypatch.setattr(bounds, "MAX_MEMBERS", 5)
    data = _xlsx([["Mã"], ["A"]])  # openpyxl writes 9 parts

    assert xlsx.zip_problem(data) == "Tệp nén bất thường: chứa hơn 5 phần; không nhập."
    monkeypatch.setattr(bounds, "MAX_MEMBERS", 10_000)
    assert xlsx.zip_problem(data) is None


def test_the_data_rows_of_a_file_are_capped_naming_the_sheet_and_the_limit(settings):
    settings.IMPORT_MAX_ROWS = 3

    assert [n for n, _ in xlsx.read_first_sheet(bombs.workbook(_rows(3)))] == [1, 2, 3, 4]
    with pytest.raises(xlsx.FileProblem) as refused:
        xlsx.read_first_sheet(bombs.workbook(_rows(4)))
    assert str(refused.value) == (
        "Sheet “Đơn vị” vượt quá giới hạn 3 dòng dữ liệu của một tệp nhập; không nhập. "
        "Hãy chia thành nhiều tệp nhỏ hơn."
    )
    # Blank rows are not data rows; the count is for the whole file, every sheet read together.
    blank = [bombs.header_row(["Mã"]), '<row r="2"><c r="A2" t="inlineStr"><is><t> </t></is></c></row>']
    blank += [f'<row r="{n}"><c r="A{n}"><v>{n}</v></c></row>' for n in (3, 4, 6)]
    assert [n for n, _ in xlsx.read_first_sheet(bombs.workbook(blank))] == [1, 3, 4, 6]
    book = openpyxl.Workbook()
    book.active.title = "Một"
    book.active.append(["Mã"])
    book.active.append([1])
    book.active.append([2])
    second = book.create_sheet("Hai")
    second.append(["Mã"])
    second.append([3])
    second.append([4])
    with pytest.raises(xlsx.FileProblem, match="^Sheet “Hai” vượt quá giới hạn 3 dòng"):
        xlsx.read_sheets(xlsx.workbook_bytes(book), lambda title: title)
    assert xlsx.count_rows(xlsx.workbook_bytes(book), lambda title: title, stop_after=2) == 3


def test_a_row_wider_than_the_limit_is_refused_naming_sheet_row_and_column():
    wide = bombs.wide_row(["Mã"], 101)
    with pytest.raises(xlsx.FileProblem) as refused:
        xlsx.read_first_sheet(wide)
    assert str(refused.value) == (
        "Sheet “Đơn vị”, dòng 2 có dữ liệu ở cột thứ 101, vượt quá giới hạn 100 cột; không nhập."
    )
    assert len(xlsx.read_first_sheet(bombs.wide_row(["Mã"], 100))[1][1]) == 100


def test_a_declared_width_or_trailing_empty_cells_do_not_widen_a_row():
    rows = [
        bombs.header_row(["Mã", "Tên"]),
        '<row r="2"><c r="A2"><v>7</v></c><c r="ZZ2" t="inlineStr"><is><t>  </t></is></c><c r="XFD2" s="1"/></row>',
    ]

    found = xlsx.read_first_sheet(bombs.workbook(rows, dimension="A1:XFD1048576"))

    assert found == [(1, ("Mã", "Tên")), (2, (7,))]


def test_a_row_below_the_last_row_of_any_spreadsheet_is_not_a_spreadsheet():
    rows = [bombs.header_row(["Mã"]), '<row r="1048577"><c r="A1048577"><v>1</v></c></row>']
    with pytest.raises(xlsx.FileProblem, match="không phải là tệp Excel"):
        xlsx.read_first_sheet(bombs.workbook(rows))


def test_the_error_list_keeps_the_first_errors_then_says_how_many_more(settings):
    settings.IMPORT_MAX_ERRORS = 3
    errors = xlsx.ErrorList()
    for row in (9, 8, 7, 6, 5):
        errors.append(RowError(row, "Mã", f"Lỗi {row}"))
    errors.sort(key=lambda error: error.row or 0)

    assert errors == [
        RowError(7, "Mã", "Lỗi 7"),
        RowError(8, "Mã", "Lỗi 8"),
        RowError(9, "Mã", "Lỗi 9"),
        RowError(None, "", "… và 2 lỗi khác (chỉ liệt kê 3 lỗi đầu tiên)."),
    ]
    assert (errors.total, xlsx.error_total(errors), xlsx.error_total([1, 2])) == (5, 5, 2)
    quiet = xlsx.ErrorList([RowError(n, "", "x") for n in range(10)], cap=4, more=False)
    assert (len(quiet), quiet.total) == (4, 10)


def test_a_sheet_of_more_than_twice_the_row_limit_is_refused_from_its_xml_before_openpyxl(settings, monkeypatch):
    settings.IMPORT_MAX_ROWS = 3
    monkeypatch.setattr(bounds, "CHUNK", 5)  # every tag cut between two chunks, and still counted once
    message = "Sheet “Đơn vị” vượt quá giới hạn 3 dòng dữ liệu của một tệp nhập; không nhập. Hãy chia thành nhiều tệp nhỏ hơn."

    assert xlsx.zip_problem(bombs.workbook(_rows(7))) == message  # 8 <row> elements: more than 2 × 3 + 1
    assert xlsx.zip_problem(bombs.workbook(_rows(6))) is None  # left to the exact count of the data rows
    with pytest.raises(xlsx.FileProblem) as refused:
        xlsx.read_first_sheet(bombs.workbook(_rows(6)))
    assert str(refused.value) == message
