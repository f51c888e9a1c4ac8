"""Reading and writing the project's Excel (.xlsx) files: the generic toolkit of every import and export.

Each import (units and people, a rubric, a registration) documents its columns as ``Column``s,
reads a file with ``read_first_sheet`` or ``read_sheets`` (or streams it: ``open_workbook`` and
``rows_of``) — refused as a whole (``FileProblem``) when it is larger than ``settings.IMPORT_MAX_BYTES``,
a zip bomb (``zip_problem``), past the bounds of ``documents.bounds`` (unpacked size, rows, columns) or
not a readable .xlsx —, finds its
columns with ``header_positions`` and reports every problem as a ``RowError`` (row, column,
reason). Templates share the documented "Hướng dẫn" sheet (``guide_sheet``, ``guide_columns``).

Every export writes its tables with ``write_table``: a title row naming the body the file is
about, the headers in bold with the panes frozen under them, each column an ``Out`` whose kind
gives its cells' number format (``FORMATS``: dates as real dates shown dd/mm/yyyy, money and
counts with a thousands separator, scores with two decimals), each column as wide as its
content, and any text Excel would take for a formula (= + - @, a tab or a carriage return first) kept
as text. ``workbook_bytes``, the only way an export gets its bytes, makes sure of that for every cell
of every sheet, however it was written (``neutralise``): a cell of text is stored as text (``t="s"`` /
inline string) with Excel's "quote prefix" style, which Excel and LibreOffice show as the plain text
(no apostrophe in the cell) and keep as text when the reader edits it; numbers, dates and booleans
keep their types. The product writes no formula. CSV files go through ``documents.csvsafe``.

This module knows no app: no import from the project's apps, only Django's settings and
translations and openpyxl.
"""

import contextlib
import datetime
import io
import os
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

import openpyxl
from django.conf import settings
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from documents import bounds
from documents.bounds import ErrorList, FileProblem, error_total
from documents.bounds import bounded_rows as rows_of

__all__ = ["ErrorList", "FileProblem", "error_total", "rows_of"]  # with every public name below

# Sheet and column names are the file's format, shared by every user whatever the interface
# language, so they are not translated.
GUIDE_SHEET = "Hướng dẫn"
DATE_FORMATS = ("%d/%m/%Y", "%Y-%m-%d")
BOLD = Font(bold=True)
# What a spreadsheet takes for the start of a formula (OWASP "CSV injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

Row = tuple[int, tuple]  # (Excel row number, the row's values)


@dataclass(frozen=True)
class Column:
    """One documented column of an import file."""

    header: str
    key: str
    parse: str = "text"  # "text", "date", or the name of a lookup the importer supplies
    required: bool = False
    max_length: int | None = None
    help: str = ""


@dataclass(frozen=True)
class RowError:
    row: int | None  # the Excel row number (1 = header); None for the file as a whole
    column: str
    message: str

    def as_dict(self) -> dict:
        return {"row": self.row, "column": self.column, "message": self.message}


# Cells ------------------------------------------------------------------------------------


def cell_text(value) -> str:
    """A cell as text: "" for an empty cell, 12 for 12.0, dd/mm/yyyy for a date, spaces collapsed, NFC."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime.datetime | datetime.date):
        value = value.strftime("%d/%m/%Y")
    return unicodedata.normalize("NFC", " ".join(str(value).split()))


def cell_date(raw, text: str) -> datetime.date:
    """A date cell (an Excel date, or ``text`` written dd/mm/yyyy or yyyy-mm-dd); ValueError otherwise."""
    if isinstance(raw, datetime.datetime):
        return raw.date()
    if isinstance(raw, datetime.date):
        return raw
    for fmt in DATE_FORMATS:
        try:
            return datetime.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueError(text)


def formula_problem(text: str) -> str | None:
    """Why a name read from a file is refused: it starts as a formula would (= + - @), so every
    spreadsheet made from it later would risk running it (OWASP CSV injection); or None."""
    if text.startswith(FORMULA_STARTS):
        return _(
            "Không được bắt đầu bằng dấu =, +, - hoặc @ (Excel sẽ hiểu là công thức): %(value)s. Hãy sửa lại tên."
        ) % {"value": text}
    return None


def text_problem(column: Column, text: str) -> str | None:
    """Why a cell's text breaks its column's rules (required, maximum length), or None."""
    if not text:
        return _("Không được để trống.") if column.required else None
    if column.max_length and len(text) > column.max_length:
        return _("Dài %(length)s ký tự, vượt quá giới hạn %(max)s ký tự.") % {
            "length": len(text),
            "max": column.max_length,
        }
    return None


# The file ---------------------------------------------------------------------------------


def upload_problem(name: str, size: int | None) -> str | None:
    """Why an uploaded file is refused before it is read (wrong extension, too large), or None."""
    if not name.lower().endswith(".xlsx"):
        return _("Chỉ nhận tệp Excel định dạng .xlsx; tệp %(name)s không phải tệp .xlsx.") % {"name": name}
    if size is not None and size > settings.IMPORT_MAX_BYTES:
        return _("Tệp quá lớn (%(size).1f MB); dung lượng tối đa là %(max).1f MB.") % {
            "size": size / 1024 / 1024,
            "max": settings.IMPORT_MAX_BYTES / 1024 / 1024,
        }
    return None


# A .xlsx is a zip of XML; a sheet's XML compresses 10 to 30 times. A file claiming far more is a zip bomb:
# refused before openpyxl reads it (it would spend minutes and gigabytes inflating it).
MAX_RATIO = 100


def zip_problem(source, size: int | None = None) -> str | None:
    """Why a .xlsx (a path, bytes or a seekable file, whose position is kept) is refused as a zip bomb: its
    parts declare more than ``settings.IMPORT_MAX_UNCOMPRESSED_BYTES`` or more than ``MAX_RATIO`` times its size,
    or inflate (counted, ``bounds.archive_problem``) to more than they declare or than that limit. A file that is
    not a zip at all passes here (reading it then fails as "not a .xlsx")."""
    size = size_of(source) if size is None else size
    limit = bounds.limit("IMPORT_MAX_UNCOMPRESSED_BYTES")

    def declared(archive) -> str | None:
        inflated = sum(info.file_size for info in archive.infolist())
        if inflated > limit or inflated > MAX_RATIO * max(size or 0, 1):
            return _(
                "Tệp nén bất thường: giải nén ra %(size).1f MB (tối đa %(max).1f MB, gấp tối đa %(ratio)s lần tệp); "
                "không nhập."
            ) % {"size": inflated / 1024 / 1024, "max": limit / 1024 / 1024, "ratio": MAX_RATIO}
        return None

    stream, close = bounds.as_stream(source)
    position = stream.tell()
    try:
        return bounds.archive_problem(stream, declared)
    finally:
        if close:
            stream.close()
        else:
            stream.seek(position)


def size_of(source) -> int | None:
    """The size in bytes of a path, bytes, an uploaded file or a seekable binary file object
    (whose position is kept)."""
    if isinstance(source, bytes):
        return len(source)
    if isinstance(source, str | os.PathLike):
        return os.path.getsize(source)
    if getattr(source, "size", None) is not None:
        return source.size
    position = source.tell()
    size = source.seek(0, os.SEEK_END)
    source.seek(position)
    return size


@contextlib.contextmanager
def open_workbook(source):
    """The read-only workbook of a path, bytes or binary file object, closed after the block. Raises
    ``FileProblem`` for a file too large (``IMPORT_MAX_BYTES``), a zip bomb (``zip_problem``) or not a readable
    .xlsx. Its rows are read with ``rows_of``, which keeps them within the bounds."""
    size = size_of(source)
    if size is not None and size > settings.IMPORT_MAX_BYTES:
        raise FileProblem(upload_problem(".xlsx", size))
    if problem := zip_problem(source, size):
        raise FileProblem(problem)
    try:
        workbook = openpyxl.load_workbook(
            io.BytesIO(source) if isinstance(source, bytes) else source, read_only=True, data_only=True
        )
    except Exception as exc:  # a damaged or foreign file fails in many ways inside openpyxl and zipfile
        raise FileProblem(bounds.not_readable()) from exc
    try:
        yield workbook
    finally:
        workbook.close()


def sheet_rows(sheet, budget: bounds.RowBudget | None = None) -> list[Row]:
    """Row 1 and every row that is not blank, with its Excel row number (``rows_of``, kept in a list)."""
    return list(rows_of(sheet, budget or bounds.RowBudget()))


def _read(source, collect: Callable):
    with open_workbook(source) as workbook:
        try:
            return collect(workbook, bounds.RowBudget())
        except FileProblem:
            raise
        except Exception as exc:  # a damaged or foreign file fails in many ways inside openpyxl and zipfile
            raise FileProblem(bounds.not_readable()) from exc


def read_first_sheet(source) -> list[Row]:
    """The rows (``sheet_rows``) of the first sheet of a path, bytes or binary file object.
    Raises ``FileProblem`` for a file too large, past the bounds or not a readable .xlsx."""
    return _read(source, lambda workbook, budget: sheet_rows(workbook.worksheets[0], budget))


def read_sheets(source, name_of: Callable[[str], str | None]) -> dict[str, list[Row]]:
    """The rows (``sheet_rows``) of the sheets ``name_of`` names, by that name. ``name_of`` gets
    each sheet's title (as ``cell_text``) and returns the name to file it under, or None to skip
    it; of two sheets with one name the later wins. Raises ``FileProblem`` as ``read_first_sheet``
    (the rows of all the sheets read count together against ``IMPORT_MAX_ROWS``)."""

    def collect(workbook, budget) -> dict[str, list[Row]]:
        found = {}
        for sheet in workbook.worksheets:
            name = name_of(cell_text(sheet.title))
            if name is not None:
                found[name] = sheet_rows(sheet, budget)
        return found

    return _read(source, collect)


def count_rows(source, name_of: Callable[[str], str | None], *, stop_after: int | None = None) -> int:
    """The data rows (under the header, not blank) of the sheets ``name_of`` names, counted without keeping
    them, and no further than ``stop_after`` + 1. Raises ``FileProblem`` as ``read_sheets``."""
    count = 0
    with open_workbook(source) as workbook:
        budget = bounds.RowBudget()
        for sheet in workbook.worksheets:
            if name_of(cell_text(sheet.title)) is None:
                continue
            for number, _values in rows_of(sheet, budget):
                count += number > 1
                if stop_after is not None and count > stop_after:
                    return count
    return count


def header_positions(header: Sequence, columns: Iterable[Column]) -> tuple[dict[str, int], list[str]]:
    """Where each column's header sits in the header row (compared as text, ignoring case), and
    the headers of the columns not found, in the columns' order."""
    columns = list(columns)
    found = {cell_text(value).casefold(): index for index, value in enumerate(header) if cell_text(value)}
    positions = {c.header: found[c.header.casefold()] for c in columns if c.header.casefold() in found}
    return positions, [c.header for c in columns if c.header not in positions]


def missing_columns_message(missing: Iterable[str]) -> str:
    return _("Thiếu cột: %(columns)s. Hãy dùng tệp mẫu của hệ thống.") % {"columns": ", ".join(missing)}


def cell_at(values: Sequence, index: int):
    """The value at ``index`` of a row, None past its end (openpyxl drops trailing empty cells)."""
    return values[index] if index < len(values) else None


# Writing ---------------------------------------------------------------------------------

# The number format of each kind of exported column. Excel draws the thousands separator of the
# reader's locale ("2.340.000" on a Vietnamese Windows, "2,340,000" on an English one).
FORMATS = {
    "text": "General",
    "integer": "#,##0",
    "money": "#,##0",
    "decimal": "#,##0.00",
    "score": "0.00",
    "date": "dd/mm/yyyy",
    "percent": "0.0%",
    "year": "0",  # a year or a code written as a number: no thousands separator
}
TITLE_FONT = Font(bold=True, size=13)
MIN_WIDTH, MAX_WIDTH = 8, 60
HEADER_ALIGNMENT = Alignment(horizontal="center", vertical="center", wrap_text=True)
WRAPPED = Alignment(wrap_text=True, vertical="top")


@dataclass(frozen=True)
class Out:
    """One column of an exported table: its header and the kind of its values (a key of ``FORMATS``)."""

    header: str
    kind: str = "text"

    def __post_init__(self):
        if self.kind not in FORMATS:
            raise ValueError(f"unknown column kind {self.kind!r}")


def visible_length(value, kind: str = "text") -> int:
    """How many characters Excel shows for ``value`` in a column of ``kind``: a date is dd/mm/yyyy,
    a number as formatted, a text its longest line with a Vietnamese letter counted once (NFC or NFD)."""
    if value is None:
        return 0
    if isinstance(value, datetime.date):
        return 10
    if isinstance(value, bool):
        return len(str(value))
    if isinstance(value, int | float | Decimal):
        if kind == "percent":
            return len(f"{float(value) * 100:.1f}%")
        if kind in ("decimal", "score"):
            return len(f"{float(value):,.2f}")
        if kind == "year":
            return len(str(value))
        return len(f"{float(value):,.0f}") if kind in ("integer", "money") else len(cell_text(value))
    lines = str(value).splitlines() or [""]
    return max(sum(1 for ch in unicodedata.normalize("NFC", line) if not unicodedata.combining(ch)) for line in lines)


def put(cell, value, kind: str = "text") -> None:
    """Write ``value`` into ``cell`` as a ``kind``: a date as a real date cell (dd/mm/yyyy), a number
    with its kind's format, a text that Excel would read as a formula (= + - @) kept as text."""
    if isinstance(value, datetime.datetime):
        value = (timezone.localtime(value) if timezone.is_aware(value) else value).date()
    if isinstance(value, Promise):
        value = str(value)
    if isinstance(value, str):
        cell.value = value
        if value.startswith(FORMULA_STARTS):
            cell.data_type = "s"  # never a formula
            cell.quotePrefix = True  # and still text when the reader edits it
        if visible_length(value) > MAX_WIDTH:
            cell.alignment = WRAPPED
        return
    cell.value = value
    if isinstance(value, datetime.date):
        cell.number_format = FORMATS["date"]
    elif isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        cell.number_format = FORMATS[kind]


def append_row(sheet, columns: Sequence[Out], values: Sequence, *, bold: bool = False, row: int | None = None) -> int:
    """Write a row of ``values`` typed by ``columns`` (values past the columns are text) at ``row``,
    by default under the last one; returns its number."""
    if row is None:
        empty = sheet.max_row == 1 and all(cell.value is None for cell in sheet[1])
        row = 1 if empty else sheet.max_row + 1
    for index, value in enumerate(values, start=1):
        cell = sheet.cell(row, index)
        put(cell, value, columns[index - 1].kind if index <= len(columns) else "text")
        if bold:
            cell.font = BOLD
    return row


def title_rows(sheet, title: str, *lines: str) -> int:
    """The title (large, bold: what the table is and the body it is about) in A1, then ``lines``
    (an empty one leaves its row blank); returns the number of the row below them."""
    put(sheet.cell(1, 1), title)
    sheet.cell(1, 1).font = TITLE_FONT
    for number, line in enumerate(lines, start=2):
        if line:
            put(sheet.cell(number, 1), line)
    return 2 + len(lines)


def write_table(
    sheet, columns: Sequence[Out], rows: Iterable[Sequence], *, title: str = "", lines: Sequence[str] = ()
) -> int:
    """An exported table: ``title`` and ``lines`` above (``title_rows``), the headers in bold with
    the panes frozen under them, then ``rows`` typed by their column's kind, and each column as wide
    as its content. Returns the header's row number (rows appended later can be measured again
    with ``fit_widths``)."""
    start = title_rows(sheet, title, *lines) if title else None
    header = append_row(sheet, [Out(c.header) for c in columns], [c.header for c in columns], bold=True, row=start)
    for cell in sheet[header]:
        cell.alignment = HEADER_ALIGNMENT
    sheet.freeze_panes = f"A{header + 1}"
    for values in rows:
        append_row(sheet, columns, values)
    fit_widths(sheet, columns, first_row=header)
    return header


def fit_widths(sheet, columns: Sequence[Out], *, first_row: int = 1) -> None:
    """Each column as wide as its longest visible value from ``first_row`` on (the title above is
    left to overflow), within MIN_WIDTH..MAX_WIDTH; longer texts wrap (``put``)."""
    widths: dict[int, int] = {}
    for row in sheet.iter_rows(min_row=first_row):
        for cell in row:
            kind = columns[cell.column - 1].kind if cell.column <= len(columns) else "text"
            widths[cell.column] = max(widths.get(cell.column, 0), visible_length(cell.value, kind))
    for column, length in widths.items():
        width = min(MAX_WIDTH, max(MIN_WIDTH, length + 2))
        sheet.column_dimensions[get_column_letter(column)].width = width


def bold_row(sheet, row: int | None = None) -> None:
    """Set row ``row`` (default: the last one) in bold."""
    for cell in sheet[sheet.max_row if row is None else row]:
        cell.font = BOLD


def header_row(sheet, columns: Iterable[Column]) -> None:
    """Row 1 of an empty import sheet: the columns' headers in bold, the panes frozen below it, a
    date column formatted dd/mm/yyyy for what the user types, each column as wide as its header."""
    columns = list(columns)
    sheet.append([column.header for column in columns])
    bold_row(sheet, 1)
    sheet.freeze_panes = "A2"
    for index, column in enumerate(columns, start=1):
        dimension = sheet.column_dimensions[get_column_letter(index)]
        dimension.width = min(MAX_WIDTH, max(14, visible_length(column.header) + 4))
        if column.parse == "date":
            dimension.number_format = FORMATS["date"]


def guide_sheet(workbook, title: str, lines: Iterable[str]):
    """The "Hướng dẫn" sheet: ``title`` large and bold in A1, then one line a row."""
    guide = workbook.create_sheet(GUIDE_SHEET)
    guide.append([title])
    guide["A1"].font = Font(bold=True, size=14)
    for line in lines:
        guide.append([line])
    return guide


def guide_columns(guide, columns: Iterable[Column], heading: str) -> None:
    """The table documenting ``columns``: heading, "Bắt buộc", "Giải thích" in bold, then a row
    per column (its header, whether it is required, its help)."""
    guide.append([heading, _("Bắt buộc"), _("Giải thích")])
    bold_row(guide)
    for column in columns:
        guide.append([column.header, _("Có") if column.required else _("Không"), str(column.help)])


def set_widths(sheet, widths: Iterable[tuple[str, float]]) -> None:
    """Column widths, as (letter, width) pairs."""
    for letter, width in widths:
        sheet.column_dimensions[letter].width = width


def is_formula_like(value) -> bool:
    """A text that Excel or LibreOffice would take for a formula (or run as one once edited)."""
    return isinstance(value, str) and value.startswith(FORMULA_STARTS)


def neutralise(workbook) -> int:
    """Every cell of every sheet whose text starts as a formula (= + - @, tab, CR) becomes text with
    the quote prefix, whoever wrote it (``put``, ``sheet.append``, ``cell.value``); returns how many
    cells were changed. Numbers, dates and booleans are left as they are."""
    changed = 0
    for sheet in workbook.worksheets:
        # ``_cells`` holds only the cells written; ``iter_rows`` would create every empty one.
        for cell in sheet._cells.values():
            if is_formula_like(cell.value) and not (cell.data_type == "s" and cell.quotePrefix):
                cell.data_type = "s"
                cell.quotePrefix = True
                changed += 1
    return changed


def workbook_bytes(workbook) -> bytes:
    """The .xlsx file of ``workbook``, every formula-like text kept as text first (``neutralise``)."""
    neutralise(workbook)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
