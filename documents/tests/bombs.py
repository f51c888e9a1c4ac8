"""Hostile .xlsx files for the tests of the import bounds, written part by part with zipfile (never row by row
with openpyxl): a valid workbook whose one sheet's XML is given, generated without holding it whole."""

import io
import random
import struct
import zipfile
from collections.abc import Iterable

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    "</Types>"
)
RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'officeDocument" Target="xl/workbook.xml"/></Relationships>'
)
WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="{name}" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'worksheet" Target="worksheets/sheet1.xml"/></Relationships>'
)
SHEET_START = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
)
SHEET_END = "</sheetData></worksheet>"


def _text(column: str, row: int, value: str) -> str:
    return f'<c r="{column}{row}" t="inlineStr"><is><t>{value}</t></is></c>'


def workbook(rows: Iterable[str], *, sheet: str = "Đơn vị", dimension: str = "") -> bytes:
    """A .xlsx of one sheet named ``sheet`` whose ``<row>`` elements are ``rows`` (streamed into the zip), its
    declared size ``dimension`` (say "A1:XFD3"; none by default)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", RELS)
        archive.writestr("xl/workbook.xml", WORKBOOK.format(name=sheet))
        archive.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        with archive.open("xl/worksheets/sheet1.xml", "w") as part:
            start = (
                SHEET_START.replace("<sheetData>", f'<dimension ref="{dimension}"/><sheetData>')
                if dimension
                else SHEET_START
            )
            part.write(start.encode())
            batch = []
            for row in rows:
                batch.append(row)
                if len(batch) == 10_000:
                    part.write("".join(batch).encode())
                    batch = []
            part.write(("".join(batch) + SHEET_END).encode())
    return buffer.getvalue()


def header_row(headers: list[str]) -> str:
    columns = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    return '<row r="1">' + "".join(_text(columns[i], 1, h) for i, h in enumerate(headers)) + "</row>"


def million_rows(headers: list[str], *, rows: int = 1_000_000, dense: bool = False, sheet: str = "Đơn vị") -> bytes:
    """The finding's file: ``rows`` data rows of one small cell each (49 bytes a row, 49 MB unpacked for a
    million), compressing a few hundred times; ``dense``: each row a random number too, so the file compresses under
    the zip-bomb ratio (about 30 times) and only the row bound stops it."""
    draw = random.Random(17)

    def body():
        yield header_row(headers)
        for number in range(2, rows + 2):
            if dense:
                yield f'<row r="{number}"><c r="A{number}"><v>{draw.randrange(10**9)}</v></c></row>'
            else:  # rows without their number, all alike: 49 bytes each, compressing a few hundred times
                yield '<row><c t="inlineStr"><is><t>0000000</t></is></c></row>'

    return workbook(body(), sheet=sheet)


def wide_row(headers: list[str], width: int) -> bytes:
    """A header, then one data row with a value in each of its first ``width`` columns."""

    def letters(index: int) -> str:
        name = ""
        while index:
            index, rest = divmod(index - 1, 26)
            name = chr(65 + rest) + name
        return name

    cells = "".join(f'<c r="{letters(i)}2"><v>{i}</v></c>' for i in range(1, width + 1))
    return workbook([header_row(headers), f'<row r="2">{cells}</row>'])


def lying(data: bytes, part: str, declared: int) -> bytes:
    """``data`` (a zip) with ``part``'s uncompressed size in its local and central headers replaced by
    ``declared``: a header that lies about what the part inflates to."""
    archive = zipfile.ZipFile(io.BytesIO(data))
    info = archive.getinfo(part)
    patched = bytearray(data)
    struct.pack_into("<L", patched, info.header_offset + 22, declared)
    name = part.encode()
    central = patched.find(b"PK\x01\x02", archive.start_dir)
    while central >= 0:
        if patched[central + 46 : central + 46 + len(name)] == name:
            struct.pack_into("<L", patched, central + 24, declared)
        central = patched.find(b"PK\x01\x02", central + 4)
    return bytes(patched)
