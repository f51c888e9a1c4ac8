"""The recompute of stored verdicts as a job of the queue (``jobs``): ``request_recompute`` queues one unless one
is already waiting; a worker runs ``recompute_verdicts`` (``eligibility.stored.recompute``).

It is ``retry_safe``: the verdicts are stored and the claimed marks deleted in one transaction at the end, so a
worker killed half-way leaves the previous verdicts and every mark in place; the job, run again, takes its own
claims back. A failed or abandoned job gives its claims back (``on_fail``) for the next one."""

from django.utils.translation import gettext as _

from eligibility import freshness, stored
from jobs import services as jobs
from jobs.models import Job

KIND = "eligibility_recompute"


def _give_back(job: Job, error: str) -> None:
    freshness.unclaim(job.pk)


@jobs.job_function(retry_safe=True, on_fail=_give_back)
def recompute_verdicts(job: Job) -> dict:
    def report(done: int, total: int) -> None:
        jobs.progress(job.pk, done, total, _("Đã tính %(done)s/%(total)s bộ kết quả") % {"done": done, "total": total})

    return stored.recompute(job.pk, progress=report)


def request_recompute(by=None) -> Job | None:
    """Queue a recompute unless one is waiting to start (one that is running may have read the facts already:
    another is queued behind it). None when one was waiting."""
    if Job.objects.filter(kind=KIND, status=Job.Status.QUEUED).exists():
        return None
    return jobs.enqueue(KIND, recompute_verdicts, by=by, label=_("Cập nhật kết quả xét điều kiện khen thưởng"))
