"""``scripts/run.py`` (what `make run` starts): the server and a job worker in one command; Ctrl-C stops both,
and either one stopping stops the other."""

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings

from jobs.tests.conftest import manage_env

pytestmark = pytest.mark.slow

RUN = str(Path(settings.BASE_DIR) / "scripts" / "run.py")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _start(db: Path, port) -> subprocess.Popen:
    # A session of its own (as a terminal's foreground group) whose Ctrl-C is not ignored.
    return subprocess.Popen(
        [sys.executable, RUN, "--port", str(port)],
        env=manage_env(db),
        cwd=settings.BASE_DIR,
        start_new_session=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )


def _group_alive(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    return True


def _children(pid: int) -> list[str]:
    # -ww: the whole command line, however long the checkout's path (ps cuts it to the terminal width otherwise)
    ps = subprocess.run(["ps", "-ww", "-o", "args=", "--ppid", str(pid)], capture_output=True, text=True)
    return ps.stdout.splitlines()


def test_ctrl_c_stops_the_server_and_the_worker(database):
    port = _free_port()
    run = _start(database, port)
    try:
        deadline = time.monotonic() + 90
        while True:
            assert run.poll() is None and time.monotonic() < deadline, "run.py did not start both"
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.3)
        children = _children(run.pid)
        os.killpg(run.pid, signal.SIGINT)  # what Ctrl-C in the terminal does
        run.wait(timeout=30)
        deadline = time.monotonic() + 15
        while _group_alive(run.pid) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert (sorted(" ".join(c.split()[2:3]) for c in children), _group_alive(run.pid)) == (
            ["jobs_worker", "runserver"],
            False,
        )
    finally:
        if _group_alive(run.pid):
            os.killpg(run.pid, signal.SIGKILL)


def test_a_server_that_cannot_start_stops_the_worker_too(database):
    run = _start(database, "not-a-port")
    try:
        status = run.wait(timeout=60)
        deadline = time.monotonic() + 15
        while _group_alive(run.pid) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert (status != 0, _group_alive(run.pid)) == (True, False)
    finally:
        if _group_alive(run.pid):
            os.killpg(run.pid, signal.SIGKILL)
