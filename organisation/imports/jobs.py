"""Running an import: a file (or an ``ImportJob``) read, checked whole, then written all or nothing.

Jobs (``ImportJob``, what the import page shows) are created by ``submit_import`` and run by ``run_import``,
inline or, with ``settings.IMPORT_IN_BACKGROUND``, as a job of the job queue (``jobs.enqueue``: a worker runs
``import_file``, the "Công việc" pages follow it); ``manage.py import_xlsx`` runs a file from the command line.
"""

import logging
import os
from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.db import IntegrityError, transaction
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from documents import bounds, xlsx
from documents.xlsx import Column, RowError
from jobs import services as jobs
from organisation import permissions
from organisation.imports import cells
from organisation.imports.people import PEOPLE_COLUMNS, check_people, rating_columns, read_ratings, write_people
from organisation.imports.units import UNIT_COLUMNS, check_units, write_units
from organisation.models import ImportJob

logger = logging.getLogger(__name__)

PROGRESS_EVERY = 250


@dataclass
class ImportResult:
    total: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    # The first ``IMPORT_MAX_ERRORS`` errors, then one saying how many more (``error_count`` counts them all).
    errors: list[RowError] = field(default_factory=xlsx.ErrorList)

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def error_count(self) -> int:
        return xlsx.error_total(self.errors)


@dataclass(frozen=True)
class Kind:
    columns: tuple[Column, ...]
    check: Callable
    write: Callable
    sheet: str
    filename: str
    # The kind's optional yearly columns ("Xếp loại 2024" …): header -> (columns, header errors); each row's
    # values read into row["ratings"] by ``read_extra``.
    extra_columns: Callable | None = None
    read_extra: Callable | None = None


KINDS = {
    ImportJob.Kind.UNITS.value: Kind(UNIT_COLUMNS, check_units, write_units, "Đơn vị", "mau-nhap-don-vi.xlsx"),
    ImportJob.Kind.PEOPLE.value: Kind(
        PEOPLE_COLUMNS,
        check_people,
        write_people,
        "Cán bộ",
        "mau-nhap-can-bo.xlsx",
        extra_columns=rating_columns,
        read_extra=read_ratings,
    ),
}


def _parse(sheet, spec: Kind, result: ImportResult, progress) -> list[dict] | None:
    """Each row of the sheet read into its columns' values as it is streamed (``xlsx.rows_of``: within the
    bounds of every import), its problems into ``result.errors``; None when the header or the whole file is
    wrong. The progress's total is the sheet's declared size until the last row is read."""
    expected = max(min((sheet.max_row or 1) - 1, bounds.limit("IMPORT_MAX_ROWS")), 0)
    rows = xlsx.rows_of(sheet, bounds.RowBudget())
    header = next(rows, (None, ()))[1]
    positions, missing = xlsx.header_positions(header, spec.columns)
    if missing:
        result.errors.append(RowError(1, "", xlsx.missing_columns_message(missing)))
        return None
    extras, header_problems = spec.extra_columns(header) if spec.extra_columns else ([], [])
    if header_problems:
        result.errors.extend(header_problems)
        return None
    choices = cells.lookups()
    parsed = []
    if progress:
        progress(0, expected)
    for done, (number, values) in enumerate(rows, start=1):
        row = {"_row": number}
        for column in spec.columns:
            row[column.key], problem = cells.clean(column, xlsx.cell_at(values, positions[column.header]), choices)
            if problem:
                result.errors.append(RowError(number, column.header, problem))
        if extras:
            row["ratings"] = spec.read_extra(extras, values, number, result.errors)
        parsed.append(row)
        if progress and done % PROGRESS_EVERY == 0:
            progress(done, max(expected, done))
    result.total = len(parsed)
    if not parsed:
        result.errors.append(RowError(None, "", _("Tệp không có dòng dữ liệu nào.")))
        return None
    return parsed


def _import(source, kind: str, *, by, progress, note: str) -> ImportResult:
    spec = KINDS[kind]
    result = ImportResult()
    try:
        with xlsx.open_workbook(source) as workbook:
            if not workbook.worksheets:
                raise xlsx.FileProblem(bounds.not_readable())
            parsed = _parse(workbook.worksheets[0], spec, result, progress)
    except xlsx.FileProblem as problem:
        result.errors = xlsx.ErrorList([RowError(None, "", str(problem))])
        return result
    if parsed is None:
        return result
    total = result.total
    plan = spec.check(parsed, by, result.errors)
    if progress:
        progress(total, total)
    if result.errors:
        result.errors.sort(key=lambda error: error.row or 0)
        return result
    try:
        result.created, result.updated = spec.write(plan, by, note)
    except IntegrityError:
        logger.warning("Import of %s hit a concurrent change", kind, exc_info=True)
        result.errors.append(
            RowError(None, "", _("Dữ liệu đã bị thay đổi trong lúc nhập; chưa ghi gì. Hãy nhập lại tệp."))
        )
        return result
    result.unchanged = total - result.created - result.updated
    return result


def run_import(job_or_file, kind: str, *, by, progress: Callable[[int, int], None] | None = None) -> ImportResult:
    """Validate the whole file, then write all of it or nothing; return the counts and every error.

    ``job_or_file`` is an ImportJob (its status, progress and outcome are kept up to date: this is
    the function that changes a job's status), a path, bytes or a binary file object. ``kind``
    is "units" or "people"; ``by`` the acting user, who may import only under units they can
    write (None: the system, unrestricted). ``progress(done, total)`` is called every
    ``PROGRESS_EVERY`` rows during validation.
    """
    if not isinstance(job_or_file, ImportJob):
        name = job_or_file if isinstance(job_or_file, str | os.PathLike) else getattr(job_or_file, "name", "")
        name = os.path.basename(str(name or ""))
        return _import(job_or_file, kind, by=by, progress=progress, note=_note(name))
    job = job_or_file
    job.status = ImportJob.Status.RUNNING
    job.save(update_fields=["status"])

    def report(done: int, total: int) -> None:
        ImportJob.objects.filter(pk=job.pk).update(processed_rows=done, total_rows=total)
        if progress:
            progress(done, total)

    try:
        with job.file.open("rb") as handle:
            result = _import(handle, kind, by=by, progress=report, note=_note(job.original_name))
    except Exception:
        logger.exception("Import job %s failed", job.pk)
        result = ImportResult(
            errors=[RowError(None, "", _("Lỗi hệ thống khi nhập tệp; chưa ghi gì. Hãy báo quản trị hệ thống."))]
        )
    job.status = ImportJob.Status.DONE if result.ok else ImportJob.Status.FAILED
    job.total_rows = job.processed_rows = result.total
    job.created_count, job.updated_count, job.unchanged_count = result.created, result.updated, result.unchanged
    job.errors = [error.as_dict() for error in result.errors]  # bounded: the first IMPORT_MAX_ERRORS, then a count
    job.error_count = result.error_count
    job.finished_at = timezone.now()
    job.save(
        update_fields=[
            "status",
            "total_rows",
            "processed_rows",
            "created_count",
            "updated_count",
            "unchanged_count",
            "errors",
            "error_count",
            "finished_at",
        ]
    )
    return result


def _note(name: str) -> str:
    return (_("Nhập từ tệp Excel %(name)s") % {"name": name} if name else _("Nhập từ tệp Excel"))[:255]


def upload_problem(upload) -> str | None:
    """Why an uploaded file is refused before any job is made (the page's form and the API say the same):
    not a .xlsx by its name, too large, or a zip bomb (``documents.xlsx.zip_problem``, which every read
    also applies: the parts' sizes declared and counted while inflating, a sheet of far too many rows)."""
    return xlsx.upload_problem(upload.name or "", upload.size) or xlsx.zip_problem(upload, upload.size)


def submit_import(kind: str, upload, *, by) -> ImportJob:
    """Store an uploaded file as an import and run it: as a job of the queue when ``IMPORT_IN_BACKGROUND``
    (both rows written together: a worker sees them at the commit), else here and now."""
    with transaction.atomic():
        job = ImportJob.objects.create(
            kind=kind, file=upload, original_name=os.path.basename(upload.name)[:255], created_by=by
        )
        if settings.IMPORT_IN_BACKGROUND:
            label = _("Nhập Excel: %(kind)s – %(name)s") % {"kind": job.get_kind_display(), "name": job.original_name}
            jobs.enqueue("import", import_file, by=by, label=label, import_job_id=job.pk)
    if not settings.IMPORT_IN_BACKGROUND:
        run_import(job, kind, by=by)
    return job


def _import_abandoned(job, error: str) -> None:
    """The job failed outside ``run_import`` (a crash, a worker that died twice): the import says so too
    instead of staying "running" for ever."""
    in_progress = [ImportJob.Status.PENDING, ImportJob.Status.RUNNING]
    ImportJob.objects.filter(pk=job.args.get("import_job_id"), status__in=in_progress).update(
        status=ImportJob.Status.FAILED,
        finished_at=timezone.now(),
        errors=[{"row": None, "column": "", "message": _("Lỗi hệ thống khi nhập tệp; xin thử lại hoặc báo quản trị.")}],
    )


@jobs.job_function(retry_safe=True, on_fail=_import_abandoned)
def import_file(job, *, import_job_id: int) -> dict:
    """The job of one import. Safe to run again from the start: the file is checked whole, then written in one
    transaction, and rows already as in the file are left alone."""
    imported = ImportJob.objects.select_related("created_by").get(pk=import_job_id)

    def progress(done: int, total: int) -> None:
        jobs.progress(job.pk, done, total, _("Đã kiểm tra %(done)s / %(total)s dòng") % {"done": done, "total": total})

    result = run_import(imported, imported.kind, by=imported.created_by, progress=progress)
    outcome = {"url": reverse("organisation:import_status", args=[imported.pk]), "import": imported.pk}
    if not result.ok:
        message = _("Tệp có %(n)s lỗi; chưa ghi dữ liệu nào. Hãy sửa tệp rồi nhập lại.") % {"n": result.error_count}
        raise jobs.JobError(message, result=outcome)
    summary = _("Tạo mới %(created)s, cập nhật %(updated)s, không thay đổi %(unchanged)s.") % {
        "created": result.created,
        "updated": result.updated,
        "unchanged": result.unchanged,
    }
    return outcome | {"summary": summary}


def get_job_for_user(user, pk) -> ImportJob:
    """A job is seen by its creator and by admins; anyone else gets 404."""
    job = ImportJob.objects.filter(pk=pk).first()
    if job is None or not (job.created_by_id == user.pk or permissions.is_admin(user)):
        raise Http404
    return job
