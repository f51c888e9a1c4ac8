"""The statutory report files (a report form's ``.xlsx`` or ``.docx`` for a scope and a year) as jobs of the queue
(``jobs``), as the dossier and the certificate batch (``commendation.jobs``).

The report page's buttons (a POST) or the API start the job; an identical job of the same user (form, version,
year, unit, format) still queued or running is reused, not queued twice. A worker builds the report as its starter
may read it then, and keeps the file in the default storage under ``commendation.jobs.STORED_UNDER/<job id>/``; the
job's result holds the download URL (the job's page links it when done) and the units the report counted. The
download serves the file only to who may read that scope now, with the report page's own check (``scope_for``),
and who reads every unit the report counted (a reader's "whole scope" is not another's): 404 for anyone else.

The function only writes its own file (a second run replaces it), so it is ``retry_safe``.
"""

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _

from commendation import jobs as document_jobs
from jobs import services as jobs
from jobs.models import Job
from organisation import tree
from stats import reports
from stats.exports import scope_body
from stats.permissions import scope_for
from stats.tallies import Scope

REPORT = "stats_report"
RENDER = {"xlsx": reports.to_xlsx, "docx": reports.to_docx}
FORMATS = tuple(RENDER)


def _asked(year: int, unit: int | None) -> dict:
    """A job's year and unit as the query string ``scope_for`` reads."""
    return {"year": str(year)} | ({"unit": str(unit)} if unit else {})


def start_report(user, code: str, params, *, fmt: str) -> tuple[Job, bool]:
    """The job building report form ``code`` (``params``: year, unit, version, as the report page's query string) as
    a ``fmt`` file for ``user``, and whether it was queued now (False: an identical job of the user's still queued or
    running, returned instead). 404, before anything is queued, for an unknown form, version or format, or a scope
    the user does not read."""
    if fmt not in RENDER:
        raise Http404
    form, scope = reports.resolve(user, code, params)
    unit = scope.extra.get("unit")
    args = {"code": form.code, "version": form.version, "year": scope.year_to, "unit": unit.pk if unit else None}
    args["format"] = fmt
    pending = Job.objects.filter(kind=REPORT, started_by=user, status__in=(Job.Status.QUEUED, Job.Status.RUNNING))
    for job in pending.order_by("pk"):
        if job.args == args:
            return job, False
    label = _("Lập báo cáo %(code)s (phiên bản %(version)d) năm %(year)d, tệp .%(format)s: %(scope)s") % {
        "code": form.code,
        "version": form.version,
        "year": scope.year_to,
        "format": fmt,
        "scope": scope_body(scope) or scope.label,
    }
    return jobs.enqueue(REPORT, build_report, by=user, label=label, **args), True


@jobs.job_function(retry_safe=True)
def build_report(job, *, code: str, version: int, year: int, unit: int | None, format: str) -> dict:
    """The report as its starter may read it now (a starter who lost the scope gets an error, not a file)."""
    form = reports.REGISTRY.get((code, version))
    if form is None or format not in RENDER:
        raise jobs.JobError(
            _("Biểu mẫu %(code)s phiên bản %(version)s không còn.") % {"code": code, "version": version}
        )
    try:
        if job.started_by is None or not job.started_by.is_active:
            raise Http404
        scope = scope_for(job.started_by, _asked(year, unit))
    except Http404:
        raise jobs.JobError(_("Người bắt đầu không còn quyền xem số liệu của phạm vi báo cáo.")) from None
    jobs.progress(job.pk, 0, 2, _("Đang tổng hợp số liệu…"))
    report = reports.build(form, scope)
    jobs.progress(job.pk, 1, 2, _("Đang lập tệp…"))
    filename = reports.filename(report, format)
    name = document_jobs.stored_name(job.pk, filename)
    if default_storage.exists(name):
        default_storage.delete(name)
    stored = default_storage.save(name, ContentFile(RENDER[format](report), name=filename))
    return {
        "url": reverse("stats:stats_report_file", args=[job.pk]),
        "file": stored,
        "paths": list(scope.paths) if scope.paths is not None else None,
        "summary": _("Tệp %(file)s: %(rows)d dòng danh hiệu, hình thức khen thưởng.")
        % {"file": filename, "rows": len(report.rows)},
    }


def _covers(reader: Scope, paths: list[str] | None) -> bool:
    """Whether ``reader``'s scope holds every unit the report counted (``paths``; None: every unit)."""
    if reader.paths is None:
        return True
    return paths is not None and all(tree.path_within(p, reader.paths) for p in paths)


def report_file(user, job_id: int, *, code: str | None = None) -> tuple[str, str]:
    """The file of a succeeded report job (of form ``code`` when given) for ``user``: (storage name, file name to
    download as); 404 for any other job, one still running or failed, a file gone, or a reader who does not read
    every unit the report counted."""
    job = Job.objects.filter(pk=job_id, kind=REPORT, status=Job.Status.SUCCEEDED).first()
    if job is None or (code is not None and job.args.get("code") != code) or not isinstance(job.result, dict):
        raise Http404
    reader = scope_for(user, _asked(job.args.get("year"), job.args.get("unit")))
    if not _covers(reader, job.result.get("paths")):
        raise Http404
    return document_jobs.stored_file(job.pk, REPORT)
