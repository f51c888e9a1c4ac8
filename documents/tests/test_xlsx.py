"""The generic .xlsx toolkit: cells as text, headers, sizes, reading a file whole or refusing it."""

import datetime
import io

import openpyxl
import pytest

from documents import xlsx
from documents.xlsx import Column


def _xlsx(rows, title="Sheet") -> bytes:
    book = openpyxl.Workbook()
    book.active.title = title
    for row in rows:
        book.active.append(row)
    return xlsx.workbook_bytes(book)


def test_header_positions_ignore_case_and_list_the_missing_columns_in_order():
    columns = (Column("Mã cán bộ", "ident"), Column("Họ và tên", "name"), Column("Ngày sinh", "birth"))

    positions, missing = xlsx.header_positions(("  họ VÀ tên ", None, "MÃ CÁN BỘ", "Ghi chú"), columns)

    assert positions == {"Mã cán bộ": 2, "Họ và tên": 0}
    assert missing == ["Ngày sinh"]
    assert xlsx.header_positions((), columns) == ({}, ["Mã cán bộ", "Họ và tên", "Ngày sinh"])


def test_cell_text_of_none_numbers_dates_and_strings():
    assert xlsx.cell_text(None) == ""
    assert xlsx.cell_text(12.0) == "12"
    assert xlsx.cell_text(2.5) == "2.5"
    assert xlsx.cell_text(7) == "7"
    assert xlsx.cell_text(datetime.date(2024, 3, 5)) == "05/03/2024"
    assert xlsx.cell_text(datetime.datetime(2024, 3, 5, 14, 30)) == "05/03/2024"
    assert xlsx.cell_text("  Nguyễn\tVăn \n An ") == "Nguyễn Văn An"
    # NFD (as some keyboards type it) comes out NFC
    assert xlsx.cell_text("Nguye\u0302\u0303n") == "Nguyễn"


def test_cell_date_reads_excel_dates_and_two_written_forms():
    assert xlsx.cell_date(datetime.datetime(2024, 3, 5, 8, 0), "") == datetime.date(2024, 3, 5)
    assert xlsx.cell_date(None, "05/03/2024") == datetime.date(2024, 3, 5)
    assert xlsx.cell_date(None, "2024-03-05") == datetime.date(2024, 3, 5)
    with pytest.raises(ValueError):
        xlsx.cell_date(None, "5 tháng 3")


def test_size_of_bytes_and_a_file_object_keeps_its_position():
    handle = io.BytesIO(b"0123456789")
    handle.seek(4)

    assert xlsx.size_of(handle) == 10
    assert handle.tell() == 4
    assert xlsx.size_of(b"abc") == 3


def test_text_problem_required_and_too_long():
    column = Column("Tên", "name", required=True, max_length=3)

    assert xlsx.text_problem(column, "") == "Không được để trống."
    assert xlsx.text_problem(column, "abcd") == "Dài 4 ký tự, vượt quá giới hạn 3 ký tự."
    assert xlsx.text_problem(column, "abc") is None
    assert xlsx.text_problem(Column("Ghi chú", "note"), "") is None


def test_read_first_sheet_keeps_the_header_and_the_rows_that_are_not_blank():
    data = _xlsx([["A", "B"], ["x", 1], [None, None], ["", "  "], [None, "y"]])

    assert xlsx.read_first_sheet(data) == [(1, ("A", "B")), (2, ("x", 1)), (5, (None, "y"))]


def test_read_sheets_files_the_named_sheets_under_their_names():
    book = openpyxl.Workbook()
    book.active.title = "cán bộ"
    book.active.append(["Mã"])
    book.create_sheet("Khác").append(["?"])
    wanted = {"cán bộ": "Cán bộ"}

    found = xlsx.read_sheets(xlsx.workbook_bytes(book), lambda title: wanted.get(title.lower()))

    assert found == {"Cán bộ": [(1, ("Mã",))]}


def test_a_file_too_large_or_not_xlsx_is_refused_whole(settings):
    with pytest.raises(xlsx.FileProblem, match="không phải là tệp Excel"):
        xlsx.read_first_sheet(b"not a zip")
    settings.IMPORT_MAX_BYTES = 5
    with pytest.raises(xlsx.FileProblem, match="Tệp quá lớn"):
        xlsx.read_first_sheet(_xlsx([["A"]]))


def test_upload_problem_names_the_extension_and_the_size(settings):
    settings.IMPORT_MAX_BYTES = 1024 * 1024

    assert xlsx.upload_problem("a.xlsx", 100) is None
    assert xlsx.upload_problem("A.XLSX", None) is None
    assert xlsx.upload_problem("a.xls", 100) == "Chỉ nhận tệp Excel định dạng .xlsx; tệp a.xls không phải tệp .xlsx."
    assert xlsx.upload_problem("a.xlsx", 2 * 1024 * 1024) == "Tệp quá lớn (2.0 MB); dung lượng tối đa là 1.0 MB."


def test_the_guide_documents_each_column():
    book = openpyxl.Workbook()
    guide = xlsx.guide_sheet(book, "Hướng dẫn nhập", ["Dòng 1"])
    xlsx.guide_columns(guide, [Column("Mã", "code", required=True, help="Mã duy nhất")], "Cột")

    assert guide.title == xlsx.GUIDE_SHEET
    assert [[cell.value for cell in row] for row in guide.iter_rows()] == [
        ["Hướng dẫn nhập", None, None],
        ["Dòng 1", None, None],
        ["Cột", "Bắt buộc", "Giải thích"],
        ["Mã", "Có", "Mã duy nhất"],
    ]
    assert guide["A1"].font.bold and guide["A3"].font.bold and not guide["A4"].font.bold


def _zip_bomb(inflated: int) -> bytes:
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * inflated)
    return buffer.getvalue()


def test_every_read_refuses_a_zip_bomb_before_openpyxl_inflates_it(tmp_path, settings):
    # Every import reads through the toolkit (units, people, registrations, rubrics, history, recipients),
    # so each of them refuses it, whatever its own upload check does.
    settings.IMPORT_MAX_UNCOMPRESSED_BYTES = 4 * 1024 * 1024
    bomb = _zip_bomb(5 * 1024 * 1024)
    path = tmp_path / "bom.xlsx"
    path.write_bytes(bomb)
    message = "Tệp nén bất thường: giải nén ra 5.0 MB (tối đa 4.0 MB, gấp tối đa 100 lần tệp); không nhập."

    for source in (bomb, str(path), io.BytesIO(bomb)):
        with pytest.raises(xlsx.FileProblem) as refused:
            xlsx.read_first_sheet(source)
        assert str(refused.value) == message
    # Far under the limit but inflating 100 times its size: refused by the ratio too.
    settings.IMPORT_MAX_UNCOMPRESSED_BYTES = 400 * 1024 * 1024
    assert xlsx.zip_problem(_zip_bomb(2 * 1024 * 1024)).startswith("Tệp nén bất thường: giải nén ra 2.0 MB")
    # A real workbook passes, and a file that is no zip at all is left to the reader's own refusal.
    assert xlsx.zip_problem(_xlsx([["a"], [1]])) is None
    assert xlsx.zip_problem(b"not a zip") is None
    with pytest.raises(xlsx.FileProblem, match="không phải là tệp Excel"):
        xlsx.read_first_sheet(b"not a zip")
