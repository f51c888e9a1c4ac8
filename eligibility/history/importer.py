"""Running a history import: the whole file read and checked, compared with the stored facts by their natural
keys, then written all or nothing in bulk (or, in a dry run, only counted): ``reading`` (the sheets, cells,
holders and values of the rows), ``writing`` (compared and written), ``results`` (what it reports).

``run_history_import`` is a plain function of JSON-able arguments (a path, a user id, booleans) so that a job
queue can run it; the page and the API call it inline with the uploaded file and the user (a dry run of at most
``settings.HISTORY_DRY_RUN_INLINE_ROWS`` data rows, counted by ``data_rows``).
"""

import logging
import os
from collections.abc import Callable

from django.contrib.auth import get_user_model
from django.core.files import File
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from audit import services as audit
from audit.models import AuditEvent
from documents import xlsx
from eligibility.history import cells
from eligibility.history.reading import Holders, Progress, parse, sheet_of
from eligibility.history.results import HistoryResult, SheetError
from eligibility.history.sheets import SHEETS
from eligibility.history.writing import plan_sheet
from organisation import imports

logger = logging.getLogger(__name__)


# The entry point ----------------------------------------------------------------------------------------------


def run_history_import(
    upload_path_or_file, *, by, dry_run: bool, progress: Callable[[int, int], None] | None = None
) -> HistoryResult:
    """Check a whole history file, then write all of it or nothing (``dry_run``: nothing, only what would change).

    ``upload_path_or_file``: a path, bytes, or an uploaded or binary file object; refused like the Excel import
    of units and people (``organisation.imports.upload_problem``: not .xlsx, too large, a zip bomb). ``by``: the
    acting user or their id (None: the system, unrestricted); every row's person or unit must be in their write
    scope. ``progress(done, total)`` is called every ``PROGRESS_EVERY`` rows and at the end."""
    if by is not None and not hasattr(by, "pk"):
        by = get_user_model().objects.get(pk=by)
    result = HistoryResult(dry_run=bool(dry_run))
    upload, close = _as_upload(upload_path_or_file)
    try:
        if problem := imports.upload_problem(upload):
            result.errors.append(SheetError(None, "", problem))
            return result
        upload.seek(0)
        _import(getattr(upload, "file", upload), result, by=by, progress=progress, note=_note(upload.name))
    finally:
        if close:
            upload.close()
    return result


def _as_upload(source) -> tuple[File, bool]:
    """The source as a Django File with a name and a size, and whether this function opened it."""
    if isinstance(source, bytes):
        return ContentFile(source, name="lich-su.xlsx"), False
    if isinstance(source, str | os.PathLike):
        return File(open(source, "rb"), name=os.path.basename(str(source))), True  # noqa: SIM115
    if isinstance(source, File):
        return source, False
    return File(source, name=os.path.basename(str(getattr(source, "name", "") or "lich-su.xlsx"))), False


def data_rows(upload_path_or_file, *, stop_after: int | None = None) -> int:
    """The data rows (under the header, not blank) of the template's sheets of a history file, counted without
    checking them, and no further than ``stop_after`` + 1 (enough to tell a big file from a small one). A file
    refused or unreadable counts 0: checking it says why. The file's position is put back at its start."""
    upload, close = _as_upload(upload_path_or_file)
    count = 0
    try:
        if imports.upload_problem(upload):
            return 0
        upload.seek(0)
        count = xlsx.count_rows(getattr(upload, "file", upload), sheet_of, stop_after=stop_after)
    except xlsx.FileProblem:  # damaged, foreign, or past the bounds of every import (documents.bounds)
        logger.info("History file not counted", exc_info=True)
        return 0
    finally:
        if close:
            upload.close()
        else:
            upload.seek(0)
    return count


def _note(name: str) -> str:
    name = os.path.basename(name or "")
    return (_("Nhập lịch sử thi đua, khen thưởng từ tệp %(name)s") % {"name": name})[:255]


def _import(source, result: HistoryResult, *, by, progress, note: str) -> None:
    try:
        found = xlsx.read_sheets(source, sheet_of)
    except xlsx.FileProblem as problem:
        result.errors.append(SheetError(None, "", str(problem)))
        return
    if not found:
        result.errors.append(
            SheetError(
                None,
                "",
                _("Tệp không có sheet nào theo mẫu (%(sheets)s). Hãy dùng tệp mẫu của hệ thống.")
                % {"sheets": ", ".join(s.name for s in SHEETS)},
            )
        )
        return
    sheets = [s for s in SHEETS if s.kind in found]
    result.total = total = sum(max(len(found[s.kind]) - 1, 0) for s in sheets)
    if not total:
        result.errors.append(SheetError(None, "", _("Tệp không có dòng dữ liệu nào.")))
        return
    lookups = cells.Lookups()
    counter = Progress(progress, total)
    parsed = {s.kind: parse(s, found[s.kind], lookups, result.errors, counter) for s in sheets}
    holders = Holders(parsed, by)
    plans = [plan_sheet(s, parsed[s.kind], holders, result.errors) for s in sheets]
    counter.finish()
    result.kinds = [plan.summary for plan in plans]
    if result.errors:
        order = {s.name: i for i, s in enumerate(SHEETS)}
        result.errors.sort(key=lambda e: (order.get(e.sheet, -1), e.row or 0))
        return
    if result.dry_run:
        return
    try:
        with transaction.atomic():
            changes: dict[tuple[str, int], dict] = {}
            for plan in plans:
                plan.write()
                plan.audited(changes)
            audit.record_many(
                by,
                AuditEvent.Action.IMPORT,
                [(holders.instance(kind, pk), delta) for (kind, pk), delta in changes.items()],
                note=note,
            )
    except IntegrityError:
        logger.warning("History import hit a concurrent change", exc_info=True)
        result.errors.append(
            SheetError(None, "", _("Dữ liệu đã bị thay đổi trong lúc nhập; chưa ghi gì. Hãy nhập lại tệp."))
        )
        return
    result.written = True
