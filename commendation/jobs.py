"""Documents too long for a web request, as jobs of the queue (``jobs``): a proposal's whole dossier (.zip: the
memo, an achievement report per line, the signed scans) and a decision's certificate batch (one PDF, a page per
recipient).

The page's button (a POST) or the API starts the job; a worker builds the file with its progress and writes it to
the default storage under ``STORED_UNDER/<job id>/``; the job's result holds the download URL (the job's page
links it when done). The download serves the file only to who may read the proposal or decision now (404 for
anyone else, as the proposal or decision itself), and only the file of a job made for that proposal or decision.

A proposal or decision under ``SMALL`` lines is built at once, as before (the page's button leads straight to the
download): a 49-line dossier or batch takes a few seconds, less than a trip through the queue and the job page.

Both functions only write their own file (a second run replaces it), so they are ``retry_safe``.
"""

import os
import tempfile

from django.core.files import File
from django.core.files.storage import default_storage
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _

from commendation import certificates, dossier
from commendation.models import Decision, Proposal
from jobs import services as jobs
from jobs.models import Job

SMALL = 50  # lines: below, a dossier or a certificate batch is built in the request
STORED_UNDER = "documents"
DOSSIER = "dossier"
CERTIFICATES = "certificates"


def is_small(count: int) -> bool:
    return count < SMALL


def stored_name(job_id: int, filename: str) -> str:
    return f"{STORED_UNDER}/{job_id}/{filename}"


def _store(job_id: int, filename: str, write) -> str:
    """``write(file)`` into a temporary file, then kept in the default storage (a file of a previous run of the
    same job replaced)."""
    name = stored_name(job_id, filename)
    with tempfile.TemporaryFile() as handle:
        write(handle)
        handle.seek(0)
        if default_storage.exists(name):
            default_storage.delete(name)
        return default_storage.save(name, File(handle, name=filename))


def _reporter(job_id: int, template: str):
    def report(done: int, total: int) -> None:
        jobs.progress(job_id, done, total, template % {"done": done, "total": total})

    return report


# The dossier -------------------------------------------------------------------------------------------------


def dossier_filename(proposal_id: int) -> str:
    return f"ho-so-de-nghi-{proposal_id}.zip"


def start_dossier(proposal: Proposal, *, by) -> Job:
    label = _("Lập hồ sơ đề nghị (.zip): %(title)s") % {"title": proposal.title}
    return jobs.enqueue(DOSSIER, build_dossier, by=by, label=label, proposal_id=proposal.pk)


@jobs.job_function(retry_safe=True)
def build_dossier(job, *, proposal_id: int) -> dict:
    proposal = Proposal.objects.select_related("unit", "to_unit").filter(pk=proposal_id).first()
    if proposal is None:
        raise jobs.JobError(_("Đề nghị không còn tồn tại."))
    report = _reporter(job.pk, _("Đã lập %(done)s / %(total)s báo cáo thành tích"))
    stored = _store(
        job.pk,
        dossier_filename(proposal.pk),
        lambda handle: dossier.dossier_zip(proposal, progress=report, target=handle),
    )
    lines = proposal.lines.count()
    return {
        "url": reverse("commendation:proposal_dossier_file", args=[proposal.pk, job.pk]),
        "file": stored,
        "summary": _("Hồ sơ gồm tờ trình và %(n)s báo cáo thành tích.") % {"n": lines},
    }


# The certificate batch ---------------------------------------------------------------------------------------


def certificates_filename(decision_id: int, draft: bool) -> str:
    return f"bang-quyet-dinh-{decision_id}{'-ban-nhap' if draft else ''}.pdf"


def start_certificates(decision: Decision, *, draft: bool, by) -> Job:
    """Refused (``CertificateRefused``) before anything is queued when a final batch may not be printed yet."""
    certificates._check_final(decision, draft=draft)
    label = _("In bản nháp bằng cả quyết định: %(decision)s") if draft else _("In bằng cả quyết định: %(decision)s")
    label %= {"decision": decision.reference or decision.subject}
    return jobs.enqueue(CERTIFICATES, build_certificates, by=by, label=label, decision_id=decision.pk, draft=draft)


@jobs.job_function(retry_safe=True)
def build_certificates(job, *, decision_id: int, draft: bool) -> dict:
    decision = Decision.objects.select_related("issuing_unit").filter(pk=decision_id).first()
    if decision is None:
        raise jobs.JobError(_("Quyết định không còn tồn tại."))
    report = _reporter(job.pk, _("Đã dàn trang %(done)s / %(total)s bằng"))
    pages = []

    def write(handle):
        def progress(done, total):
            pages[:] = [total]
            report(done, total)

        try:
            handle.write(certificates.decision_certificates_pdf(decision, draft=draft, progress=progress))
        except certificates.CertificateRefused as refused:
            raise jobs.JobError(str(refused)) from None

    stored = _store(job.pk, certificates_filename(decision.pk, draft), write)
    return {
        "url": reverse("commendation:decision_certificates_file", args=[decision.pk, job.pk]),
        "file": stored,
        "summary": _("%(n)s bằng trong một tệp PDF.") % {"n": pages[0] if pages else 0},
    }


# The download ------------------------------------------------------------------------------------------------


def stored_file(job_id: int, kind: str, **args):
    """The file of a succeeded job of ``kind`` made for the object of ``args`` (``proposal_id=…``): (storage name,
    file name to download as); 404 for any other job, one still running or failed, or a file gone."""
    job = Job.objects.filter(pk=job_id, kind=kind, status=Job.Status.SUCCEEDED).first()
    if job is None or any(job.args.get(key) != value for key, value in args.items()):
        raise Http404
    name = job.result.get("file", "") if isinstance(job.result, dict) else ""
    if not name.startswith(f"{STORED_UNDER}/{job.pk}/") or not default_storage.exists(name):
        raise Http404
    return name, os.path.basename(name)
