"""Checking the files units attach to their reports, before anything is stored.

Only PDF, Word (.docx) and Excel (.xlsx). The extension must be one of those *and* the content
must match it: a PDF starts with ``%PDF-``; a .docx / .xlsx is a ZIP holding
``[Content_Types].xml`` and the ``word/`` or ``xl/`` main part. Legacy .doc / .xls (OLE2 files,
the classic carrier of macro viruses) and macro-enabled Office files are refused: the unit saves
them again as .docx / .xlsx or PDF. HTML, scripts and executables are refused whatever their name.
The stored content type comes from this check, never from the browser.
"""

import os
import unicodedata
import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.http import FileResponse, Http404
from django.utils import formats
from django.utils.translation import gettext as _

from cycle.services import CycleError

DEFAULT_MAX_BYTES = 20 * 1024 * 1024
MAX_ZIP_ENTRIES = 10_000
MAX_CONTENT_TYPES_BYTES = 1024 * 1024

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CONTENT_TYPES = {".pdf": PDF, ".docx": DOCX, ".xlsx": XLSX}
ACCEPT = ",".join(CONTENT_TYPES)  # for <input type="file" accept="…">

# The main part of each Office format: (part name, content type in [Content_Types].xml).
OFFICE_MAIN_PART = {
    ".docx": ("word/document.xml", b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"),
    ".xlsx": ("xl/workbook.xml", b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"),
}
FORMAT_NAMES = {".pdf": "PDF", ".docx": "Word (.docx)", ".xlsx": "Excel (.xlsx)"}

EXECUTABLE_MAGIC = (
    b"MZ",  # Windows PE / DOS
    b"\x7fELF",  # Linux
    b"#!",  # scripts with an interpreter line
    b"\xfe\xed\xfa\xce",
    b"\xfe\xed\xfa\xcf",
    b"\xce\xfa\xed\xfe",
    b"\xcf\xfa\xed\xfe",  # Mach-O
    b"\xca\xfe\xba\xbe",  # Mach-O universal / Java class
)
# Markup anywhere near the start (a "%PDF-" line followed by a page is still a page to a browser).
MARKUP_MARKERS = (b"<!doctype", b"<html", b"<head", b"<body", b"<script", b"<svg")


class UploadRefused(CycleError):
    """A file refused before anything was stored; the message says why, in Vietnamese."""


@dataclass(frozen=True)
class CheckedUpload:
    name: str
    content_type: str
    size: int


def max_bytes() -> int:
    return int(getattr(settings, "REPORT_UPLOAD_MAX_BYTES", DEFAULT_MAX_BYTES))


def size_label(size: int) -> str:
    """20 MB as "20 MB", 1,5 MB as "1,5 MB", 600 KB as "600 KB" (the active language's number format)."""
    unit, factor = ("MB", 1024 * 1024) if size >= 1024 * 1024 else ("KB", 1024)
    if size % factor == 0:
        return f"{size // factor} {unit}"
    return f"{formats.number_format(round(size / factor, 1), 1)} {unit}"


def clean_name(name: str) -> str:
    """The user's file name as data: no folders, no control characters, at most 255 characters."""
    base = os.path.basename((name or "").replace("\\", "/"))
    base = "".join(ch for ch in unicodedata.normalize("NFC", base) if unicodedata.category(ch)[0] != "C")
    base = base.strip().strip(".") or "tep"
    if len(base) > 255:
        stem, ext = os.path.splitext(base)
        base = stem[: 255 - len(ext)] + ext
    return base


def check_upload(upload) -> CheckedUpload:
    """Accept ``upload`` (a Django UploadedFile) or raise UploadRefused. Reads at most a few KB and
    the ZIP directory; leaves the file positioned at its start."""
    name = clean_name(upload.name)
    ext = os.path.splitext(name)[1].lower()
    if ext not in CONTENT_TYPES:
        raise UploadRefused(
            _("Chỉ nhận tệp PDF (.pdf), Word (.docx) hoặc Excel (.xlsx); tệp “%(name)s” không được nhận.")
            % {"name": name}
        )
    size = upload.size or 0
    if size == 0:
        raise UploadRefused(_("Tệp “%(name)s” rỗng.") % {"name": name})
    limit = max_bytes()
    if size > limit:
        raise UploadRefused(
            _("Tệp “%(name)s” quá lớn (%(size)s); dung lượng tối đa là %(limit)s.")
            % {"name": name, "size": size_label(size), "limit": size_label(limit)}
        )
    upload.seek(0)
    head = upload.read(4096)
    upload.seek(0)
    if head.startswith(EXECUTABLE_MAGIC):
        raise UploadRefused(
            _("Tệp “%(name)s” là chương trình hoặc mã lệnh chạy được, không được nhận.") % {"name": name}
        )
    if _looks_like_markup(head):
        raise UploadRefused(_("Tệp “%(name)s” chứa HTML hoặc mã lệnh, không được nhận.") % {"name": name})
    if ext == ".pdf":
        if not head.startswith(b"%PDF-"):
            raise _mismatch(name, ext)
    else:
        _check_office(upload, name, ext)
    return CheckedUpload(name=name, content_type=CONTENT_TYPES[ext], size=size)


def _looks_like_markup(head: bytes) -> bool:
    text = head.lstrip(b"\xef\xbb\xbf\xff\xfe\x00 \t\r\n").lower()
    return text.startswith(b"<") or any(marker in text[:1024] for marker in MARKUP_MARKERS)


def _mismatch(name: str, ext: str) -> UploadRefused:
    return UploadRefused(
        _("Nội dung tệp “%(name)s” không phải định dạng %(format)s như đuôi tệp; không được nhận.")
        % {"name": name, "format": FORMAT_NAMES[ext]}
    )


def _check_office(upload, name: str, ext: str) -> None:
    part, main_type = OFFICE_MAIN_PART[ext]
    try:
        with zipfile.ZipFile(upload) as archive:
            entries = archive.infolist()
            names = {info.filename for info in entries}
            if len(entries) > MAX_ZIP_ENTRIES or "[Content_Types].xml" not in names or part not in names:
                raise _mismatch(name, ext)
            with archive.open("[Content_Types].xml") as stream:
                content_types = stream.read(MAX_CONTENT_TYPES_BYTES)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, RuntimeError, NotImplementedError) as error:
        raise _mismatch(name, ext) from error
    finally:
        upload.seek(0)
    if b"macroenabled" in content_types.lower() or any(n.lower().endswith("vbaproject.bin") for n in names):
        raise UploadRefused(
            _("Tệp “%(name)s” chứa macro, không được nhận; hãy lưu lại thành tệp .docx hoặc .xlsx thông thường.")
            % {"name": name}
        )
    if main_type not in content_types:
        raise _mismatch(name, ext)


def download_response(stored) -> FileResponse:
    """A stored upload (``file``, ``original_name``, ``content_type``: a report's attachment, a score's
    evidence) as a download, never shown inline: the content type the upload check settled on (else
    octet-stream), no sniffing, sandboxed, not cached by shared caches. A file missing from storage is a 404."""
    try:
        handle = stored.file.open("rb")
    except FileNotFoundError as error:
        raise Http404 from error
    known = stored.content_type in CONTENT_TYPES.values()
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=stored.original_name,
        content_type=stored.content_type if known else "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private"
    return response
