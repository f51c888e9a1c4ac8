"""A job from ``enqueue`` to its end through the real worker (``db_worker --batch``): succeeded with its result,
failed with the traceback's last line or the function's own message; progress throttled."""

import pytest
from django.contrib.auth.models import Group

from jobs import services
from jobs.models import Job
from jobs.tests import sample

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def user(django_user_model):
    return django_user_model.objects.create_user(username="office", password="x")


def test_a_queued_job_is_run_by_the_worker_and_succeeds_with_its_result(user, drain):
    Group.objects.create(name="khoi-1")
    Group.objects.create(name="khoi-2")

    job = services.enqueue("count", sample.count_groups, by=user, label="Đếm nhóm", prefix="khoi-")
    queued = Job.objects.get(pk=job.pk)
    drain()
    job.refresh_from_db()

    assert (queued.status, queued.task_id == job.task_id, len(job.task_id)) == ("queued", True, 36)
    assert (job.status, job.result, job.error, job.attempts) == (
        "succeeded",
        {"summary": "2 groups", "url": "/done/"},
        "",
        1,
    )
    assert (job.progress_done, job.progress_total, job.percent, job.started_by, job.kind, job.label) == (
        3,
        3,
        100,
        user,
        "count",
        "Đếm nhóm",
    )
    assert job.started_at is not None and job.finished_at >= job.started_at
    assert job.args == {"prefix": "khoi-"} and job.function == "jobs.tests.sample.count_groups"


def test_a_failing_job_is_failed_with_the_last_line_of_its_traceback(user, drain):
    job = services.enqueue("boom", sample.explode, by=user, label="Nổ", why="disk gone")

    drain()
    job.refresh_from_db()

    assert (job.status, job.error, job.result, job.finished_at is not None) == (
        "failed",
        "RuntimeError: disk gone",
        None,
        True,
    )


def test_a_job_error_is_failed_with_its_own_message_and_result(user, drain):
    job = services.enqueue("refuse", sample.refuse, by=user, label="Từ chối")

    drain()
    job.refresh_from_db()

    assert (job.status, job.error, job.result) == ("failed", "Tệp có 2 lỗi; chưa ghi gì.", {"url": "/errors/"})


def test_enqueue_refuses_an_unregistered_function_or_arguments_json_cannot_hold(user):
    with pytest.raises(TypeError):
        services.enqueue("x", print, by=user, label="x")
    with pytest.raises(TypeError):
        services.enqueue("x", sample.explode, by=user, label="x", why=object())
    assert Job.objects.count() == 0


def test_progress_writes_at_most_once_a_second_but_always_the_end(user, settings):
    settings.JOBS_PROGRESS_SECONDS = 60
    job = Job.objects.create(kind="k", label="l", function="f", status=Job.Status.RUNNING, started_by=user)

    written = [services.progress(job.pk, done, 10, "đang chạy") for done in (0, 1, 2, 10)]
    job.refresh_from_db()

    assert written == [True, False, False, True]
    assert (job.progress_done, job.progress_total, job.message) == (10, 10, "đang chạy")
