"""``recover_abandoned`` decides from the task result, the worker process and the heartbeat (no subprocess here:
the killed-worker test does it with real processes)."""

import datetime
import os
import socket
import subprocess
import sys

import pytest
from django.utils import timezone

from jobs import queue, services
from jobs.models import Job
from jobs.tests import sample

pytestmark = pytest.mark.django_db


@pytest.fixture
def running(django_user_model):
    user = django_user_model.objects.create_user(username="office", password="x")

    def make(*, worker=None, beat_minutes_ago=0, task_status=queue.RUNNING, function=sample.write_groups):
        job = services.enqueue("write", function, by=user, label="Ghi", names=[], signal="/nonexistent")
        queue.DBTaskResult.objects.filter(pk=job.task_id).update(status=task_status, started_at=timezone.now())
        Job.objects.filter(pk=job.pk).update(
            status=Job.Status.RUNNING,
            attempts=1,
            worker=worker or f"{socket.gethostname()[:40]}:{os.getppid()}",  # a live process of this host
            heartbeat_at=timezone.now() - datetime.timedelta(minutes=beat_minutes_ago),
        )
        return job

    return make


def _status(job):
    job.refresh_from_db()
    return job.status


def test_a_job_whose_worker_lives_and_beats_is_left_running(running):
    job = running()

    report = services.recover_abandoned(stale_minutes=10)

    assert (_status(job), report.failed, report.retried) == ("running", [], [])


def test_a_job_whose_heartbeat_is_older_than_the_limit_is_failed(running):
    job = running(worker="another-host:1", beat_minutes_ago=11)

    report = services.recover_abandoned(stale_minutes=10)

    assert (_status(job), report.failed, queue.task_state(job.task_id)[0]) == ("failed", [job.pk], "FAILED")


def test_a_job_on_another_host_with_a_fresh_heartbeat_is_left_running(running):
    job = running(worker="another-host:1", beat_minutes_ago=9)

    services.recover_abandoned(stale_minutes=10)

    assert _status(job) == "running"


def test_a_job_whose_task_result_is_not_running_any_more_is_failed(running):
    job = running(task_status="SUCCESSFUL")

    services.recover_abandoned(stale_minutes=10)

    assert _status(job) == "failed"


def test_a_retry_safe_job_is_queued_again_once_with_a_new_task_then_failed(running):
    job = running(worker="another-host:1", beat_minutes_ago=60, function=sample.write_groups_retry_safe)
    first_task = job.task_id

    report = services.recover_abandoned(stale_minutes=10)
    job.refresh_from_db()
    queued_again = (job.status, job.task_id != first_task, queue.task_state(job.task_id)[0], report.retried)
    Job.objects.filter(pk=job.pk).update(
        status=Job.Status.RUNNING, attempts=2, heartbeat_at=timezone.now() - datetime.timedelta(hours=1)
    )
    services.recover_abandoned(stale_minutes=10)

    assert queued_again == ("queued", True, "READY", [job.pk])
    assert _status(job) == "failed"


def test_a_job_of_a_dead_process_of_this_host_is_failed_at_once(running):
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    job = running(worker=f"{socket.gethostname()[:40]}:{dead.pid}")
    same_pid = running(worker=services.worker_name())  # a previous process that had this one's pid

    services.recover_abandoned(stale_minutes=10)

    assert (_status(job), _status(same_pid)) == ("failed", "failed")
