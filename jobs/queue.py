"""The one module that speaks to Django's tasks framework.

On Django 5.2 that is the ``django-tasks`` backport; on Django 6 the first import below becomes
``from django.tasks import TaskResultStatus, task`` and nothing else changes. The backend is ``django-tasks-db``
(``TASKS`` in the settings): tasks are rows of its table, run by ``manage.py db_worker`` (``jobs_worker`` adds
the recovery of jobs a dead worker left running). Every job is one task, ``run(job_id)``, whose body is
``jobs.services.run_job``; nothing else in the project enqueues tasks directly.
"""

import datetime

from django_tasks import TaskResultStatus, task
from django_tasks_db.models import DBTaskResult

RUNNING = TaskResultStatus.RUNNING.value


@task()
def run(job_id: int):
    from jobs import services  # the task must be importable before the services (which import this module)

    return services.run_job(job_id)


def submit(job_id: int) -> str:
    """Queue one run of the job; the tasks framework's result id."""
    return str(run.enqueue(job_id).id)


def task_state(task_id: str) -> tuple[str | None, str, datetime.datetime | None]:
    """(status, last worker id, started at) of a task result; status None when there is no such result."""
    row = (
        DBTaskResult.objects.filter(pk=task_id).values("status", "worker_ids", "started_at").first()
        if task_id
        else None
    )
    if row is None:
        return None, "", None
    workers = row["worker_ids"] or []
    return row["status"], str(workers[-1]) if workers else "", row["started_at"]


def abandon(task_id: str, *, at: datetime.datetime) -> None:
    """A task result its worker will never finish (the process died): failed, so it is not RUNNING for ever."""
    if task_id:
        DBTaskResult.objects.filter(pk=task_id, status__in=[RUNNING, TaskResultStatus.READY.value]).update(
            status=TaskResultStatus.FAILED.value, finished_at=at
        )
