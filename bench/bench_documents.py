"""Documents at volume (issue 16): a proposal and a decision of 1,500 lines (quick: 100) made of the dataset's
people, through the project's paths — the memo (``commendation.dossier.memo_docx``) and the decision
(``commendation.exports.decision_docx``) as .docx, each against the 5 s target; the whole dossier (.zip, an
achievement report per line) and the decision's certificate batch (PDF, a page per recipient) as the jobs the pages
start (``commendation.jobs``, run here by ``jobs.services.run_job`` as a worker would), with their file's size.

The proposal, the decision and the jobs are made in one transaction rolled back; the jobs' files are deleted.
"""

import datetime
import time

from django.core.files.storage import default_storage
from django.db import transaction

from bench import harness
from bench.harness import emit, measure

PROPOSAL_LINES, QUICK_PROPOSAL_LINES = 1_500, 100
TARGET_S = 5.0
FIGURES = [
    "documents.lines",
    "documents.target_ms",
    *[f"documents.{m}{suffix}" for m in ("memo_docx", "decision_docx") for suffix in ("", ".p95", ".queries")],
    "documents.dossier_job",
    "documents.dossier_job.bytes",
    "documents.certificates_job",
    "documents.certificates_job.bytes",
]


def _make(count: int):
    """A proposal and an issued decision of ``count`` lines: the dataset's first people in service, alternately
    proposed for a title and a form."""
    from django.contrib.auth import get_user_model

    from commendation.models import Decision, DecisionLine, Proposal, ProposalLine
    from honours.models import AwardForm, Title
    from organisation.models import Person, Unit

    user = get_user_model().objects.create_superuser(username="bench-documents", password=None)
    unit = Unit.objects.filter(parent__isnull=False).select_related("parent").order_by("path").first()
    people = list(Person.objects.filter(unit__isnull=False).order_by("pk")[:count])
    title, form = Title.objects.get(code="CSTT"), AwardForm.objects.get(code="GK")
    proposal = Proposal.objects.create(
        unit=unit, to_unit=unit.parent, year=2024, title="Đề nghị khen thưởng năm 2024", number="15/TTr-BENCH"
    )
    ProposalLine.objects.bulk_create(
        ProposalLine(
            proposal=proposal, person=p, title=None if i % 2 else title, award_form=form if i % 2 else None, order=i
        )
        for i, p in enumerate(people)
    )
    decision = Decision.objects.create(
        issuing_unit=unit.parent,
        year=2024,
        number=9876,
        symbol="QĐ-BENCH",
        date=datetime.date(2024, 12, 20),
        place="Hà Nội",
        subject="Về việc tặng Giấy khen",
        signer_name="Lê Quang Hưng",
        signer_position="Giám đốc",
        status=Decision.Status.ISSUED,
    )
    DecisionLine.objects.bulk_create(
        DecisionLine(decision=decision, person=p, award_form=form, register_number=f"Số {i + 1}/GK-2024", order=i)
        for i, p in enumerate(people)
    )
    proposal = Proposal.objects.select_related("unit", "to_unit").get(pk=proposal.pk)
    decision = Decision.objects.select_related("issuing_unit").get(pk=decision.pk)
    return user, proposal, decision, len(people)


def _job(name: str, start) -> None:
    """Start a job, run it as a worker would, and report its time and its file's size."""
    from jobs import services as jobs

    job = start()
    began = time.perf_counter()
    jobs.run_job(job.pk)
    elapsed = time.perf_counter() - began
    job.refresh_from_db()
    if job.status != job.Status.SUCCEEDED:
        raise AssertionError(f"documents: the {name} job failed: {job.error}")
    stored = job.result["file"]
    emit(f"documents.{name}", elapsed * 1000, "ms")
    emit(f"documents.{name}.bytes", default_storage.size(stored), "bytes")
    default_storage.delete(stored)
    # The issue's target for these two is "a background job with a progress bar and a download when done" (no time).
    met = job.progress_total > 0 and job.progress_done == job.progress_total
    line = (
        f"BENCH documents.{name}.target {'met' if met else 'missed'} (a background job, progress "
        f"{job.progress_done:,}/{job.progress_total:,}, done in {elapsed:.2f} s; target: a job with progress and a download)"
    )
    harness.say(line)


def _target(name: str, timing: harness.Timing, lines: int) -> None:
    met = timing.median <= TARGET_S
    line = (
        f"BENCH documents.{name}.target {'met' if met else 'missed'} "
        f"({lines:,} lines in {timing.median:.2f} s; target within {TARGET_S:.0f} s)"
    )
    harness.say(line)


def run(quick: bool = False) -> None:
    from demo.dataset import honours as awards_dataset

    if awards_dataset.is_empty():
        print("Generating titles, award forms, initiatives and discipline …", flush=True)
        awards_dataset.generate(progress=lambda line: print(line, flush=True))
    from commendation import dossier, exports
    from commendation import jobs as document_jobs

    count = QUICK_PROPOSAL_LINES if quick else PROPOSAL_LINES
    with transaction.atomic():
        user, proposal, decision, lines = _make(count)
        emit("documents.lines", lines, "lines")
        emit("documents.target_ms", TARGET_S * 1000, "ms")
        memo, _ = measure("documents.memo_docx", lambda: dossier.memo_docx(proposal), repeat=2 if quick else 3)
        _target("memo_docx", memo, lines)
        docx, _ = measure("documents.decision_docx", lambda: exports.decision_docx(decision), repeat=2 if quick else 3)
        _target("decision_docx", docx, lines)
        _job("dossier_job", lambda: document_jobs.start_dossier(proposal, by=user))
        _job("certificates_job", lambda: document_jobs.start_certificates(decision, draft=False, by=user))
        transaction.set_rollback(True)
