import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

from jobs.tests import worker

MANAGE = str(Path(settings.BASE_DIR) / "manage.py")


@pytest.fixture
def drain():
    """Run every queued task in this process (``jobs.tests.worker.drain``)."""
    return worker.drain


def manage_env(db: Path) -> dict:
    """The environment of a ``manage.py`` subprocess on the file database ``db``."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST")}
    env.update(DATABASE_URL=f"sqlite:///{db}", DEBUG="true", LOG_LEVEL="CRITICAL")
    return env


def manage(db: Path, *args: str, timeout: float = 120) -> str:
    done = subprocess.run(
        [sys.executable, MANAGE, *args],
        env=manage_env(db),
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


@pytest.fixture(scope="session")
def migrated(tmp_path_factory) -> Path:
    """A file SQLite database migrated once (real worker processes cannot see pytest's in-memory one)."""
    db = tmp_path_factory.mktemp("jobs-db") / "template.sqlite3"
    manage(db, "migrate", "--noinput", "-v0", timeout=300)
    return db


@pytest.fixture
def database(migrated, tmp_path) -> Path:
    db = tmp_path / "db.sqlite3"
    shutil.copy(migrated, db)
    return db
