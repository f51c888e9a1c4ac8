"""gunicorn on loopback as production runs it (DEBUG off, static files from a collected manifest) on the
database the benchmark uses, sharing its SECRET_KEY (sessions made by the benchmark are valid there) and
its ballot sealing key (ballots sealed by the server are opened by the benchmark, and the reverse)."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
STARTUP_SECONDS = 60
# collectstatic with the manifest only: the server needs staticfiles.json to name the files; compressing every
# file (whitenoise's storage) takes a minute of both cores and is not what is measured (pages, not static files).
COLLECT = """
import django
django.setup()
from django.conf import settings
from django.core.management import call_command
settings.STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"
call_command("collectstatic", interactive=False, verbosity=0)
"""


def environment(static_root: str) -> dict[str, str]:
    """The server's environment: production settings on the benchmark's database and keys."""
    from django.conf import settings

    env = os.environ.copy()
    env.update(
        DEBUG="false",
        SECRET_KEY=settings.SECRET_KEY,
        ALLOWED_HOSTS="127.0.0.1",
        SESSION_COOKIE_SECURE="false",  # plain HTTP on loopback
        CSRF_COOKIE_SECURE="false",
        STATIC_ROOT=static_root,
        LOG_LEVEL="ERROR",
        DJANGO_SETTINGS_MODULE="thidua.settings",
    )
    if settings.BALLOT_SEAL_KEY:
        env["BALLOT_SEAL_KEY"] = settings.BALLOT_SEAL_KEY
    if settings.BALLOT_SEAL_KEY_FILE:
        env["BALLOT_SEAL_KEY_FILE"] = str(settings.BALLOT_SEAL_KEY_FILE)
    return env


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def stop(process: subprocess.Popen, grace: float = 10.0) -> None:
    """SIGTERM, then SIGKILL after ``grace`` seconds; waits for the process to end."""
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=grace)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=30)


def _wait_until_up(url: str, process: subprocess.Popen) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while True:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn stopped at start (exit status {process.returncode})")
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if response.status == 200:
                    return
        except urllib.error.HTTPError as error:
            if error.code < 500:
                return
        except OSError:
            pass
        if time.monotonic() > deadline:
            raise RuntimeError(f"gunicorn did not answer within {STARTUP_SECONDS} s")
        time.sleep(0.3)


@contextlib.contextmanager
def gunicorn(workers: int = 3, threads: int = 4, *, config: str = "", extra_env: dict | None = None):
    """Collect the static files into a temporary directory, start gunicorn (gthread workers) on a free
    loopback port, yield ``(base_url, process, env)``; stop it and remove the directory afterwards.
    ``config``: a gunicorn configuration file (its hooks); ``extra_env``: more environment variables."""
    from django.urls import reverse

    with tempfile.TemporaryDirectory(prefix="thidua-bench-static-") as static_root:
        env = environment(static_root) | (extra_env or {})
        subprocess.run([sys.executable, "-c", COLLECT], cwd=ROOT, env=env, check=True)
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        command = [
            sys.executable, "-m", "gunicorn", "thidua.wsgi",
            "--bind", f"127.0.0.1:{port}", "--workers", str(workers), "--threads", str(threads),
            "--worker-class", "gthread", "--timeout", "120", "--log-level", "warning",
        ] + (["--config", config] if config else [])  # fmt: skip
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL)
        try:
            _wait_until_up(base + reverse("login"), process)
            yield base, process, env
        finally:
            stop(process)
