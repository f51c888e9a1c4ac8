"""A worker process killed (kill -9) while its job sleeps inside the job's write transaction: nothing it wrote
is kept, and the next ``jobs_worker`` start fails the job with a message saying so, or, for a retry-safe job,
runs it again once (then it succeeds, its writes made once). Real processes on a file-based SQLite database."""

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings

from jobs.tests.conftest import MANAGE, manage, manage_env

pytestmark = pytest.mark.slow


def _rows(db: Path, sql: str, *params) -> list[tuple]:
    with sqlite3.connect(db, timeout=30) as connection:
        return list(connection.execute(sql, params))


def _start_and_kill(db: Path, function: str, signal_file: Path) -> int:
    """Enqueue one job, start a worker, kill -9 it once the job sleeps inside its transaction; the job's id."""
    job_id = int(
        manage(
            db,
            "shell",
            "-c",
            "from django.contrib.auth import get_user_model; from jobs import services; from jobs.tests import sample;"
            "u = get_user_model().objects.create_user(username='office', password='x');"
            f"print(services.enqueue('write', sample.{function}, by=u, label='Ghi nhóm',"
            f" names=['nhom-a', 'nhom-b'], signal={str(signal_file)!r}).pk)",
        ).split()[-1]
    )
    worker = subprocess.Popen(
        [sys.executable, MANAGE, "jobs_worker", "--interval", "0.2"],
        env=manage_env(db),
        cwd=settings.BASE_DIR,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 90
        while not signal_file.exists():
            assert worker.poll() is None, "the worker stopped by itself"
            assert time.monotonic() < deadline, "the job never started"
            time.sleep(0.1)
        assert int(signal_file.read_text()) == worker.pid  # the job runs inside the worker process itself
    finally:
        os.kill(worker.pid, signal.SIGKILL)
        worker.wait(timeout=30)
    return job_id


def test_a_killed_job_leaves_nothing_half_written_and_is_failed_at_the_next_start(database, tmp_path):
    job_id = _start_and_kill(database, "write_groups", tmp_path / "sleeping")

    before = _rows(database, "SELECT status, attempts FROM jobs_job WHERE id = ?", job_id)
    groups_after_kill = _rows(database, "SELECT count(*) FROM auth_group")
    manage(database, "jobs_worker", "--batch")

    assert (before, groups_after_kill) == ([("running", 1)], [(0,)])
    [(status, error, attempts, task_id)] = _rows(
        database, "SELECT status, error, attempts, task_id FROM jobs_job WHERE id = ?", job_id
    )
    assert (status, attempts) == ("failed", 1)
    assert error == (
        "Công việc bị dừng giữa chừng vì tiến trình xử lý đã tắt đột ngột (máy chủ khởi động lại hoặc tiến trình "
        "bị dừng); phần đang làm dở không được ghi. Hãy chạy lại."
    )
    assert _rows(database, "SELECT count(*) FROM auth_group") == [(0,)]
    assert _rows(database, "SELECT status FROM django_tasks_database_dbtaskresult") == [("FAILED",)]


def test_a_killed_retry_safe_job_runs_again_once_and_writes_once(database, tmp_path):
    job_id = _start_and_kill(database, "write_groups_retry_safe", tmp_path / "sleeping")

    groups_after_kill = _rows(database, "SELECT count(*) FROM auth_group")
    manage(database, "jobs_worker", "--batch")

    assert groups_after_kill == [(0,)]
    assert _rows(database, "SELECT status, error, attempts, result FROM jobs_job WHERE id = ?", job_id) == [
        ("succeeded", "", 2, '{"summary": "2 groups"}')
    ]
    assert _rows(database, "SELECT name FROM auth_group ORDER BY name") == [("nhom-a",), ("nhom-b",)]
    assert sorted(_rows(database, "SELECT status FROM django_tasks_database_dbtaskresult")) == [
        ("FAILED",),
        ("SUCCESSFUL",),
    ]
