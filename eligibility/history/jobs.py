"""The history import as a job of the queue (``jobs``): the page and the API keep the uploaded file (default
storage, under ``history-imports/``), ``submit`` queues ``import_history`` with JSON arguments (the kept file's
name, the user's id, the file's own name), a worker runs it with its progress, and its result — the counts per
kind, or the errors by sheet, row and column — is shown by the import page (``eligibility:history_import`` with
``?job=<id>``), linked from the job's page. With ``settings.IMPORT_IN_BACKGROUND`` off (the tests, as the units and
people import) the job runs at once, in the request.

A dry run of a big file (more than ``settings.HISTORY_DRY_RUN_INLINE_ROWS`` data rows, ``checks_inline``) is a
job too (``KIND_DRY_RUN``, ``dry_run=True``): it writes nothing, its result is the same summary, and its kept file
stays for the import the user confirms from that result (``pending_file``); a small one answers in the request.

Running it again from the start is harmless: the file is checked whole, then written in one transaction, and rows
already as in the file are left alone (natural keys) — so ``retry_safe``: a job whose worker died runs once more.
"""

import logging
import os
import secrets

from django.conf import settings
from django.core.files import File
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils.translation import gettext as _

from eligibility.history.importer import data_rows, run_history_import
from eligibility.history.results import MAX_ERRORS, HistoryResult
from jobs import services as jobs
from jobs.models import Job

logger = logging.getLogger(__name__)

KIND = "history_import"
KIND_DRY_RUN = "history_dry_run"
KINDS = (KIND, KIND_DRY_RUN)
STORED_UNDER = "history-imports"


def keep(upload) -> str:
    """Store an uploaded file until its import runs; its name in the default storage."""
    upload.seek(0)
    return default_storage.save(f"{STORED_UNDER}/{secrets.token_hex(16)}.xlsx", upload)


def forget(stored: str | None) -> None:
    if stored and default_storage.exists(stored):
        default_storage.delete(stored)


def result_url(job_id: int) -> str:
    return f"{reverse('eligibility:history_import')}?job={job_id}"


def checks_inline(upload) -> bool:
    """Whether a dry run of this file answers in the request: at most ``HISTORY_DRY_RUN_INLINE_ROWS`` data rows
    (a file that cannot be read is checked inline too, which says why)."""
    limit = settings.HISTORY_DRY_RUN_INLINE_ROWS
    return data_rows(upload, stop_after=limit) <= limit


def submit(stored: str, *, by, name: str, dry_run: bool = False) -> Job:
    """Queue the import of a kept file (``keep``) by ``by``, or its dry run; with ``IMPORT_IN_BACKGROUND`` off,
    run it now."""
    name = os.path.basename(name or "")[:200]
    if dry_run:
        label = _("Chạy thử nhập lịch sử thi đua, khen thưởng – %(name)s") % {"name": name}
        job = jobs.enqueue(
            KIND_DRY_RUN, import_history, by=by, label=label, file=stored, user_id=by.pk, name=name, dry_run=True
        )
    else:
        label = _("Nhập lịch sử thi đua, khen thưởng – %(name)s") % {"name": name}
        job = jobs.enqueue(KIND, import_history, by=by, label=label, file=stored, user_id=by.pk, name=name)
    if not settings.IMPORT_IN_BACKGROUND:
        try:
            jobs.run_job(job.pk)
        except Exception:  # recorded on the job (failed, with its error); the page shows it
            logger.exception("History import job %s failed", job.pk)
        job.refresh_from_db()
    return job


def outcome(job_id: int, result: HistoryResult) -> dict:
    """What the job keeps: the link to the page of the import's result, its summary line, the counts per kind
    and the first ``MAX_ERRORS`` errors (JSON)."""
    data = result.as_dict()
    data["errors"] = data["errors"][:MAX_ERRORS]
    counts = {"new": result.new, "changed": result.changed, "unchanged": result.unchanged}
    if result.dry_run:
        summary = _("Chạy thử: mới %(new)s, thay đổi %(changed)s, không thay đổi %(unchanged)s; chưa ghi gì.") % counts
    else:
        summary = _("Mới %(new)s, thay đổi %(changed)s, không thay đổi %(unchanged)s.") % counts
    return {"url": result_url(job_id), "summary": summary, **data}


def pending_file(job: Job, user) -> str | None:
    """The kept file of a dry-run job that ``user`` started and that found no error, while it is still there and
    no import of it has been started: the file the user may now confirm."""
    stored = job.args.get("file") if isinstance(job.args, dict) else None
    if (
        job.kind != KIND_DRY_RUN
        or job.status != Job.Status.SUCCEEDED
        or job.started_by_id != user.pk
        or not isinstance(job.result, dict)
        or not job.result.get("ok")
        or not stored
        or not default_storage.exists(stored)
    ):
        return None
    return None if Job.objects.filter(kind=KIND, args__file=stored).exists() else stored


def _file_gone(job, error: str) -> None:
    forget(job.args.get("file"))


@jobs.job_function(retry_safe=True, on_fail=_file_gone)
def import_history(job, *, file: str, user_id: int | None, name: str = "", dry_run: bool = False) -> dict:
    """The job of one history import: the kept file checked whole, then written all or nothing; a file with
    errors fails the job (nothing written) with its errors in the result. The kept file is deleted at the end,
    except after a dry run without errors (``dry_run``: nothing written; the file waits for the confirmed
    import, ``pending_file``)."""

    def progress(done: int, total: int) -> None:
        if done < total:
            message = _("Đã kiểm tra %(done)s / %(total)s dòng")
        elif dry_run:
            message = _("Đã kiểm tra %(total)s dòng")
        else:
            message = _("Đã kiểm tra %(total)s dòng; đang ghi…")
        jobs.progress(job.pk, done, total, message % {"done": done, "total": total})

    if not file or not default_storage.exists(file):
        raise jobs.JobError(_("Không còn tệp để nhập; hãy tải tệp lên lại."))
    with default_storage.open(file, "rb") as handle:
        upload = File(handle, name=name or os.path.basename(file))
        result = run_history_import(upload, by=user_id, dry_run=dry_run, progress=progress)
    data = outcome(job.pk, result)
    if not result.ok:
        message = _("Tệp có %(n)s lỗi; chưa ghi dữ liệu nào. Hãy sửa tệp rồi nhập lại.") % {"n": result.error_count}
        raise jobs.JobError(message, result=data)
    if not dry_run:
        forget(file)
    return data
