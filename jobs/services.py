"""Jobs: long work run by a worker, followed by its starter.

``enqueue(kind, function, by=…, label=…, **args)`` stores a ``Job`` and queues it; a worker runs
``run_job`` (the task wrapper: running → succeeded with the function's JSON result, or failed with the last
line of the traceback, or a ``JobError``'s own message); the function reports ``progress(job.pk, done, total)``.

A job function is a module-level function ``function(job, **args)`` registered with ``@job_function``. It does
its writes in one transaction (a worker killed half-way then leaves nothing half-written) and says with
``retry_safe=True`` that running it again from the start is harmless (its writes are idempotent): a job whose
worker died is then queued again once, otherwise failed (``recover_abandoned``, at every worker start).
``on_fail(job, error)`` lets the function's owner mark its own records when the job fails or is abandoned.
"""

import datetime
import json
import logging
import os
import socket
import threading
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.db import DatabaseError, connection, models, transaction
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from jobs import queue
from jobs.models import Job

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 2  # a retry-safe job whose worker died runs once more, never a third time


class JobError(Exception):
    """A failure the job's function explains itself: its message (Vietnamese) is the job's error, and
    ``result`` (JSON) is kept (e.g. the link to a page listing every error)."""

    def __init__(self, message: str, *, result=None):
        super().__init__(message)
        self.result = result


@dataclass(frozen=True)
class JobSpec:
    retry_safe: bool = False
    on_fail: Callable | None = None


def job_function(*, retry_safe: bool = False, on_fail: Callable | None = None):
    """Register a module-level ``function(job, **args)`` as something a job may run."""

    def register(function):
        function.job_spec = JobSpec(retry_safe=retry_safe, on_fail=on_fail)
        return function

    return register


def enqueue(kind: str, task: Callable, *, by, label: str, **json_args) -> Job:
    """Store a job and queue it; a worker runs ``task(job, **json_args)``. The arguments must be JSON (ids,
    not model instances). The task row is written in the caller's transaction: a worker sees it on commit."""
    spec = getattr(task, "job_spec", None)
    if spec is None:
        raise TypeError(f"{task!r} is not registered with @job_function")
    path = f"{task.__module__}.{task.__qualname__}"
    json.dumps(json_args)  # refuses, before anything is written, what JSON cannot hold
    with transaction.atomic():
        job = Job.objects.create(
            kind=kind[:64],
            label=label[:255],
            started_by=by,
            function=path,
            args=json_args,
            retry_safe=spec.retry_safe,
        )
        job.task_id = queue.submit(job.pk)
        job.save(update_fields=["task_id"])
    return job


_last_progress: dict[int, float] = {}


def progress(job_id: int, done: int, total: int, message: str = "") -> bool:
    """Record how far a running job got: one UPDATE, at most one per ``JOBS_PROGRESS_SECONDS`` for a job (the
    first and the last, ``done >= total``, always). Call it outside the job's write transaction (inside, the
    page would see it only at the commit). True when written."""
    now = time.monotonic()
    last = _last_progress.get(job_id)
    if last is not None and done < total and now - last < settings.JOBS_PROGRESS_SECONDS:
        return False
    _last_progress[job_id] = now
    Job.objects.filter(pk=job_id, status=Job.Status.RUNNING).update(
        progress_done=max(0, done), progress_total=max(0, total), message=message[:255], heartbeat_at=timezone.now()
    )
    return True


def finish(job_id: int, result=None, *, message: str = "") -> None:
    """The job succeeded with ``result`` (JSON). A job the recovery had given up on still says the truth."""
    _last_progress.pop(job_id, None)
    Job.objects.filter(pk=job_id).exclude(status=Job.Status.SUCCEEDED).update(
        status=Job.Status.SUCCEEDED,
        finished_at=timezone.now(),
        result=result,
        error="",
        message=message[:255],
        progress_done=models.F("progress_total"),
    )


def fail(job_id: int, error: str, *, result=None) -> None:
    """The job failed with ``error`` (shown to its starter); a succeeded job stays succeeded."""
    _last_progress.pop(job_id, None)
    Job.objects.filter(pk=job_id).exclude(status=Job.Status.SUCCEEDED).update(
        status=Job.Status.FAILED, finished_at=timezone.now(), result=result, error=error
    )


def worker_name() -> str:
    """This process as ``host:pid`` (the host cut to 40 characters: a task worker id holds 64)."""
    return f"{socket.gethostname()[:40]}:{os.getpid()}"


def run_job(job_id: int):
    """The task wrapper (the worker calls it through ``jobs.queue.run``): claim the queued job, run its function
    with a heartbeat, record success or failure. An unexpected exception is re-raised after it is recorded, so the
    task result keeps the whole traceback."""
    claimed = Job.objects.filter(pk=job_id, status=Job.Status.QUEUED).update(
        status=Job.Status.RUNNING,
        started_at=timezone.now(),
        heartbeat_at=timezone.now(),
        attempts=models.F("attempts") + 1,
        worker=worker_name(),
    )
    if not claimed:
        logger.warning("Job %s is not queued any more; not run", job_id)
        return None
    job = Job.objects.select_related("started_by").get(pk=job_id)
    beat = _Heartbeat(job_id)
    beat.start()
    try:
        function = _function(job.function)
        result = function(job, **job.args)
        json.dumps(result)  # a result JSON cannot hold fails the job here, not in the UPDATE
    except JobError as refused:
        fail(job_id, str(refused), result=refused.result)
        _on_fail(job, str(refused))
        return None
    except BaseException as exc:
        logger.exception("Job %s (%s) failed", job_id, job.kind)
        error = traceback.format_exception_only(type(exc), exc)[-1].strip()
        fail(job_id, error)
        _on_fail(job, error)
        raise
    finally:
        beat.stop()
    finish(job_id, result)
    return result


def _function(path: str) -> Callable:
    function = import_string(path)
    if getattr(function, "job_spec", None) is None:
        raise TypeError(f"{path} is not registered with @job_function")
    return function


def _on_fail(job: Job, error: str) -> None:
    try:
        spec = _function(job.function).job_spec
        if spec.on_fail:
            spec.on_fail(job, error)
    except Exception:
        logger.exception("on_fail of job %s failed", job.pk)


class _Heartbeat(threading.Thread):
    """Every ``JOBS_HEARTBEAT_SECONDS`` while the job runs: its ``heartbeat_at`` (a worker that stops beating is
    dead to ``recover_abandoned``). Its own database connection; errors (a locked SQLite) only skip a beat."""

    def __init__(self, job_id: int):
        super().__init__(name=f"job-heartbeat-{job_id}", daemon=True)
        self.job_id = job_id
        self.stopped = threading.Event()

    def run(self):
        try:
            while not self.stopped.wait(settings.JOBS_HEARTBEAT_SECONDS):
                try:
                    Job.objects.filter(pk=self.job_id, status=Job.Status.RUNNING).update(heartbeat_at=timezone.now())
                except DatabaseError:
                    logger.warning("Heartbeat of job %s skipped", self.job_id, exc_info=True)
        finally:
            connection.close()

    def stop(self):
        self.stopped.set()


# Recovery ---------------------------------------------------------------------------------------------------


@dataclass
class Recovery:
    failed: list[int] = field(default_factory=list)
    retried: list[int] = field(default_factory=list)
    requeued: list[int] = field(default_factory=list)


def worker_alive(worker: str) -> bool | None:
    """Whether the process ``host:pid`` (or a worker id ``host:pid:…``) runs: None when it ran on another host.
    This very process counts as dead: the recovery runs before it takes any task, so a job it would be running
    is a previous process's that had the same pid (a restarted container)."""
    host, _sep, rest = worker.partition(":")
    pid = rest.split(":", 1)[0]
    if host != socket.gethostname()[:40] or not pid.isdigit():
        return None
    if int(pid) == os.getpid():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def recover_abandoned(*, stale_minutes: float | None = None) -> Recovery:
    """Run at every worker start, before it takes tasks: no job stays "running" after its worker died.

    A running job is abandoned when its task result is not RUNNING any more (or is gone), when its worker ran on
    this host and that process is gone, or when its heartbeat is older than ``stale_minutes``
    (``JOBS_STALE_MINUTES``). It is then failed with a message saying so, or, when its function is retry-safe
    and it ran once, queued again. A queued job whose task a dead worker had claimed (before the job itself
    started) is queued again: it never ran. Each change is a compare-and-set, so two workers starting together
    recover a job once."""
    minutes = settings.JOBS_STALE_MINUTES if stale_minutes is None else stale_minutes
    now = timezone.now()
    cutoff = now - datetime.timedelta(minutes=minutes)
    report = Recovery()
    for job in Job.objects.filter(status=Job.Status.RUNNING).order_by("pk"):
        status, _worker, _started = queue.task_state(job.task_id)
        beat = job.heartbeat_at or job.started_at or job.created_at
        if status == queue.RUNNING and worker_alive(job.worker) is not False and beat >= cutoff:
            continue
        if job.retry_safe and job.attempts < MAX_ATTEMPTS:
            if _requeue(
                job,
                Job.Status.RUNNING,
                _("Tiến trình xử lý đã tắt đột ngột khi công việc đang chạy; công việc được chạy lại từ đầu."),
                now,
            ):
                report.retried.append(job.pk)
            continue
        error = _(
            "Công việc bị dừng giữa chừng vì tiến trình xử lý đã tắt đột ngột (máy chủ khởi động lại hoặc tiến trình "
            "bị dừng); phần đang làm dở không được ghi. Hãy chạy lại."
        )
        with transaction.atomic():
            done = Job.objects.filter(pk=job.pk, status=Job.Status.RUNNING, attempts=job.attempts).update(
                status=Job.Status.FAILED, finished_at=now, error=error
            )
            if done:
                queue.abandon(job.task_id, at=now)
        if done:
            report.failed.append(job.pk)
            _on_fail(job, error)
    for job in Job.objects.filter(status=Job.Status.QUEUED).order_by("pk"):
        status, worker, started = queue.task_state(job.task_id)
        claimed_by_dead = status == queue.RUNNING and (worker_alive(worker) is False or (started and started < cutoff))
        if (status is None or status == queue.RUNNING and claimed_by_dead) and _requeue(
            job, Job.Status.QUEUED, job.message, now
        ):
            report.requeued.append(job.pk)
    return report


def _requeue(job: Job, expected: str, message: str, now) -> bool:
    with transaction.atomic():
        updated = Job.objects.filter(pk=job.pk, status=expected, attempts=job.attempts, task_id=job.task_id).update(
            status=Job.Status.QUEUED, message=message[:255], worker="", heartbeat_at=None
        )
        if updated:
            queue.abandon(job.task_id, at=now)
            Job.objects.filter(pk=job.pk).update(task_id=queue.submit(job.pk))
    return bool(updated)
