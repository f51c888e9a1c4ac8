"""Reading and writing the project's Excel (.xlsx) files: the generic toolkit of every import.

Each import (units and people, a rubric, a registration) documents its columns as ``Column``s,
reads a file with ``read_first_sheet`` or ``read_sheets`` — refused as a whole (``FileProblem``)
when it is larger than ``settings.IMPORT_MAX_BYTES`` or not a readable .xlsx —, finds its
columns with ``header_positions`` and reports every problem as a ``RowError`` (row, column,
reason). Templates share the documented "Hướng dẫn" sheet (``guide_sheet``, ``guide_columns``).

This module knows no app: no import from the project's apps, only Django's settings and
translations and openpyxl.
"""

import datetime
import io
import os
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

import openpyxl
from django.conf import settings
from django.utils.translation import gettext as _
from openpyxl.styles import Font

# Sheet and column names are the file's format, shared by every user whatever the interface
# language, so they are not translated.
GUIDE_SHEET = "Hướng dẫn"
DATE_FORMATS = ("%d/%m/%Y", "%Y-%m-%d")
BOLD = Font(bold=True)

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


class FileProblem(Exception):
    """The file as a whole cannot be read; the message is for the user."""


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


def sheet_rows(sheet) -> list[Row]:
    """Row 1 and every row that is not blank, with its Excel row number."""
    return [
        (number, values)
        for number, values in enumerate(sheet.iter_rows(values_only=True), start=1)
        if number == 1 or any(cell_text(value) for value in values)
    ]


def _read(source, collect: Callable):
    size = size_of(source)
    if size is not None and size > settings.IMPORT_MAX_BYTES:
        raise FileProblem(upload_problem(".xlsx", size))
    try:
        workbook = openpyxl.load_workbook(
            io.BytesIO(source) if isinstance(source, bytes) else source, read_only=True, data_only=True
        )
        try:
            return collect(workbook)
        finally:
            workbook.close()
    except Exception as exc:  # a damaged or foreign file fails in many ways inside openpyxl and zipfile
        raise FileProblem(_("Tệp không phải là tệp Excel (.xlsx) hợp lệ hoặc đã bị hỏng.")) from exc


def read_first_sheet(source) -> list[Row]:
    """The rows (``sheet_rows``) of the first sheet of a path, bytes or binary file object.
    Raises ``FileProblem`` for a file too large or not a readable .xlsx."""
    return _read(source, lambda workbook: sheet_rows(workbook.worksheets[0]))


def read_sheets(source, name_of: Callable[[str], str | None]) -> dict[str, list[Row]]:
    """The rows (``sheet_rows``) of the sheets ``name_of`` names, by that name. ``name_of`` gets
    each sheet's title (as ``cell_text``) and returns the name to file it under, or None to skip
    it; of two sheets with one name the later wins. Raises ``FileProblem`` as ``read_first_sheet``."""

    def collect(workbook) -> dict[str, list[Row]]:
        found = {}
        for sheet in workbook.worksheets:
            name = name_of(cell_text(sheet.title))
            if name is not None:
                found[name] = sheet_rows(sheet)
        return found

    return _read(source, collect)


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


# Writing ----------------------------------------------------------------------------------


def bold_row(sheet, row: int | None = None) -> None:
    """Set row ``row`` (default: the last one) in bold."""
    for cell in sheet[sheet.max_row if row is None else row]:
        cell.font = BOLD


def header_row(sheet, columns: Iterable[Column]) -> None:
    """Row 1 of an empty data sheet: the columns' headers in bold, the panes frozen below it."""
    sheet.append([column.header for column in columns])
    bold_row(sheet, 1)
    sheet.freeze_panes = "A2"


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


def workbook_bytes(workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
