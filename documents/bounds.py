"""The bounds of reading an uploaded .xlsx, which ``documents.xlsx`` applies to every import.

A .xlsx is a zip of XML that openpyxl parses into Python objects: a file of a few hundred kilobytes can
unpack to millions of rows and gigabytes of memory. Every read is bounded, and a file past a bound is
refused whole (``FileProblem``, a Vietnamese message naming the limit and the sheet):

- the zip (``archive_problem``): at most ``MAX_MEMBERS`` parts (read from the zip's end record, before the
  central directory is parsed); the parts' declared sizes add up to at most
  ``settings.IMPORT_MAX_UNCOMPRESSED_BYTES``; and every part is inflated once, counted in chunks and
  thrown away, so a part whose header lies about its size is caught before openpyxl reads it;
- the rows (``bounded_rows``): streamed from openpyxl's read-only sheet, at most ``settings.IMPORT_MAX_ROWS``
  data rows in the sheets read and ``settings.IMPORT_MAX_COLUMNS`` columns a row (trailing empty cells do
  not count, and the sheet's declared width is ignored so a row is never padded to it);
- the errors (``ErrorList``): the first ``settings.IMPORT_MAX_ERRORS`` kept, then one more line saying how
  many others there were.

This module knows no app and imports no other module of the project.
"""

import copy
import io
import os
import re
import struct
import zipfile
from collections.abc import Iterator
from xml.etree import ElementTree

from django.conf import settings
from django.utils.translation import gettext as _

MB = 1024 * 1024
DEFAULTS = {
    "IMPORT_MAX_UNCOMPRESSED_BYTES": 100 * MB,
    "IMPORT_MAX_ROWS": 200_000,
    "IMPORT_MAX_COLUMNS": 100,
    "IMPORT_MAX_ERRORS": 500,
}
MAX_MEMBERS = 10_000  # a workbook holds tens of parts; a zip of a million parts costs gigabytes to list
EXCEL_MAX_ROWS = 1_048_576  # no spreadsheet has a row below it
CHUNK = 256 * 1024
END_RECORD = b"PK\x05\x06"
SHEET_PART = re.compile(r"xl/worksheets/[^/]+\.xml")
ROW_TAGS = (b"<row ", b"<row>", b"<row/", b":row ", b":row>")  # <row …>, <x:row …>; not <rowBreaks>
TAIL = 8  # at least a tag less one byte: a tag cut between two chunks is whole in the next window
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELATIONS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


class FileProblem(Exception):
    """The file as a whole cannot be read; the message is for the user."""


def limit(name: str) -> int:
    """The bound ``name`` from the settings (``DEFAULTS`` when the setting is absent)."""
    return int(getattr(settings, name, DEFAULTS[name]))


def not_readable() -> str:
    return _("Tệp không phải là tệp Excel (.xlsx) hợp lệ hoặc đã bị hỏng.")


# The zip -------------------------------------------------------------------------------------------------------


def declared_members(stream) -> int | None:
    """How many parts the zip's end record declares (0xFFFF for a zip64 one), or None when there is no end
    record (not a zip). The stream's position is left anywhere."""
    end = stream.seek(0, os.SEEK_END)
    start = max(0, end - 22 - 0xFFFF)  # the end record, then a comment of at most 64 KB
    stream.seek(start)
    tail = stream.read(end - start)
    at = tail.rfind(END_RECORD)
    if at < 0 or len(tail) - at < 22:
        return None
    return struct.unpack("<H", tail[at + 10 : at + 12])[0]


def members_problem(stream) -> str | None:
    count = declared_members(stream)
    if count is not None and count > MAX_MEMBERS:
        return _("Tệp nén bất thường: chứa hơn %(max)s phần; không nhập.") % {"max": MAX_MEMBERS}
    return None


def inflated_problem(archive: zipfile.ZipFile, ceiling: int) -> str | None:
    """Inflate every part in chunks, counting (and discarding) what comes out: a part that yields more than its
    header declares, or a file that yields more than ``ceiling`` bytes in all, is refused as soon as it does; so
    is a sheet of more than twice ``IMPORT_MAX_ROWS`` rows (its ``<row>`` elements, blank ones too, counted in
    the XML: refused here in a fraction of a second instead of after parsing the first ``IMPORT_MAX_ROWS``)."""
    rows = limit("IMPORT_MAX_ROWS")
    total, elements = 0, 2 * rows + 1  # room for blank rows (formatted ones): ``bounded_rows`` counts exactly
    for info in archive.infolist():
        probe = copy.copy(info)
        probe.file_size = ceiling - total + 1  # let zipfile inflate past the declared size, so it can be counted
        count, found, tail = 0, 0, b""
        sheet = SHEET_PART.fullmatch(info.filename)
        with archive.open(probe) as part:
            while chunk := part.read(CHUNK):
                count += len(chunk)
                if count > info.file_size:
                    return _(
                        "Tệp nén bất thường: phần %(part)s giải nén ra nhiều hơn kích thước khai báo "
                        "(%(declared)s byte); không nhập."
                    ) % {"part": info.filename, "declared": info.file_size}
                if total + count > ceiling:
                    return uncompressed_message(total + count, ceiling)
                if sheet:
                    window = tail + chunk  # a tag cut between two chunks is counted once, in the second
                    found += sum(window.count(tag) - tail.count(tag) for tag in ROW_TAGS)
                    tail = window[-TAIL:]
                    if found > elements:
                        return rows_message(sheet_title(archive, info.filename), rows)
        total += count
    return None


def sheet_title(archive: zipfile.ZipFile, part: str) -> str:
    """The title of the sheet stored in ``part`` (read from the workbook's parts when they are small), or the
    part's name."""
    try:
        small = all(archive.getinfo(name).file_size < MB for name in ("xl/workbook.xml", "xl/_rels/workbook.xml.rels"))
        if small:
            rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
            targets = {r.get("Id"): r.get("Target", "").lstrip("/").removeprefix("xl/") for r in rels}
            for sheet in ElementTree.fromstring(archive.read("xl/workbook.xml")).iter(f"{{{MAIN}}}sheet"):
                if "xl/" + targets.get(sheet.get(f"{{{RELATIONS}}}id"), "") == part:
                    return sheet.get("name") or part
    except (KeyError, ElementTree.ParseError, zipfile.BadZipFile, OSError, ValueError):
        pass
    return part


def uncompressed_message(size: int, ceiling: int) -> str:
    return _("Tệp nén bất thường: giải nén ra hơn %(size).1f MB (tối đa %(max).1f MB); không nhập.") % {
        "size": size / MB,
        "max": ceiling / MB,
    }


def archive_problem(stream, declared_problem) -> str | None:
    """Why the zip in ``stream`` (seekable) is refused: too many parts, ``declared_problem(archive)`` (the
    declared sizes), or the sizes counted while inflating. A file that is not a zip, or whose parts do not
    inflate (damaged), passes here: reading it then fails as "not a .xlsx"."""
    if problem := members_problem(stream):
        return problem
    stream.seek(0)
    try:
        with zipfile.ZipFile(stream) as archive:
            return declared_problem(archive) or inflated_problem(archive, limit("IMPORT_MAX_UNCOMPRESSED_BYTES"))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, RuntimeError, OSError, ValueError, EOFError):
        return None  # not a zip, damaged, encrypted or of a method zipfile cannot read


def as_stream(source):
    """A seekable binary stream over a path, bytes or a file object, and whether the caller must close it."""
    if isinstance(source, bytes):
        return io.BytesIO(source), False
    if isinstance(source, str | os.PathLike):
        return open(source, "rb"), True  # noqa: SIM115
    return getattr(source, "file", source), False


# The rows ------------------------------------------------------------------------------------------------------


def _blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


class RowBudget:
    """The data rows one read may still yield (``IMPORT_MAX_ROWS`` for the whole file, all sheets together)."""

    def __init__(self):
        self.rows = limit("IMPORT_MAX_ROWS")
        self.columns = limit("IMPORT_MAX_COLUMNS")
        self.taken = 0

    def take(self, sheet: str) -> None:
        self.taken += 1
        if self.taken > self.rows:
            raise FileProblem(rows_message(sheet, self.rows))


def rows_message(sheet: str, rows: int) -> str:
    return _(
        "Sheet “%(sheet)s” vượt quá giới hạn %(max)s dòng dữ liệu của một tệp nhập; không nhập. "
        "Hãy chia thành nhiều tệp nhỏ hơn."
    ) % {"sheet": sheet, "max": rows}


def _parsed(sheet) -> Iterator[tuple]:
    """The values of each row of a read-only sheet; a sheet openpyxl cannot parse raises ``FileProblem``."""
    sheet.reset_dimensions()  # a declared width of 16,384 columns would pad every row to it
    rows = sheet.iter_rows(values_only=True)
    while True:
        try:
            values = next(rows)
        except StopIteration:
            return
        except Exception as exc:  # a damaged sheet fails in many ways inside openpyxl
            raise FileProblem(not_readable()) from exc
        yield values


def bounded_rows(sheet, budget: RowBudget) -> Iterator[tuple[int, tuple]]:
    """Row 1 and every row that is not blank of a read-only ``sheet``, with its Excel row number, its trailing
    empty cells dropped: streamed (one row at a time), each data row counted against ``budget``. Raises
    ``FileProblem`` for a row wider than ``IMPORT_MAX_COLUMNS``, past the budget, or a sheet that cannot be
    parsed."""
    title = str(sheet.title)
    for number, values in enumerate(_parsed(sheet), start=1):
        if number > EXCEL_MAX_ROWS:
            raise FileProblem(not_readable())
        width = len(values)
        while width and _blank(values[width - 1]):
            width -= 1
        if width > budget.columns:
            raise FileProblem(
                _(
                    "Sheet “%(sheet)s”, dòng %(row)s có dữ liệu ở cột thứ %(column)s, vượt quá giới hạn %(max)s cột; "
                    "không nhập."
                )
                % {"sheet": title, "row": number, "column": width, "max": budget.columns}
            )
        if number == 1:
            yield number, tuple(values[:width])
        elif width:
            budget.take(title)
            yield number, tuple(values[:width])


# The errors ----------------------------------------------------------------------------------------------------


class ErrorList(list):
    """A list of row errors that keeps the first ``cap`` (``IMPORT_MAX_ERRORS`` by default) and, past them, one
    last error of the file (row None) saying how many more there were (``more=False``: no such line, for a page
    that says it itself). ``total`` counts them all; ``sort`` leaves that line last."""

    def __init__(self, iterable=(), *, cap: int | None = None, more: bool = True):
        super().__init__()
        self.cap = max(limit("IMPORT_MAX_ERRORS") if cap is None else cap, 1)
        self.more = more
        self.dropped = 0
        self._more = None
        self.extend(iterable)

    @property
    def total(self) -> int:
        return len(self) - (self._more is not None) + self.dropped

    def append(self, error) -> None:
        if len(self) - (self._more is not None) < self.cap:
            super().append(error)
            return
        self.dropped += 1
        if not self.more:
            return
        more = type(error)(None, "", more_errors_message(self.dropped, self.cap))
        if self._more is None:
            super().append(more)
        else:
            self[-1] = more
        self._more = more

    def extend(self, errors) -> None:
        for error in errors:
            self.append(error)

    def __iadd__(self, errors):
        self.extend(errors)
        return self

    def sort(self, *, key=None, reverse: bool = False) -> None:
        if self._more is None:
            return super().sort(key=key, reverse=reverse)
        kept = self[:-1]
        kept.sort(key=key, reverse=reverse)
        self[:-1] = kept


def more_errors_message(dropped: int, cap: int) -> str:
    return _("… và %(n)s lỗi khác (chỉ liệt kê %(max)s lỗi đầu tiên).") % {"n": dropped, "max": cap}


def error_total(errors) -> int:
    """How many errors ``errors`` stands for (an ``ErrorList`` counts those it left out)."""
    return errors.total if isinstance(errors, ErrorList) else len(errors)
