"""`manage.py check --deploy` with the production environment (deploy/production.env.example) warns of exactly
what docs/DEPLOY.md explains under "What check --deploy still says"."""

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _production_env() -> dict:
    env = {
        "PATH": os.environ["PATH"],
        "HOME": os.environ.get("HOME", "/tmp"),
        "DJANGO_SETTINGS_MODULE": "thidua.settings",
    }
    for line in (ROOT / "deploy/production.env.example").read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            name, _, value = line.partition("=")
            env[name] = value
    env["SECRET_KEY"] = secrets.token_urlsafe(50)
    return env


def _documented() -> set[str]:
    text = (ROOT / "docs/DEPLOY.md").read_text()
    section = text.split("## What check --deploy still says", 1)[1].split("\n## ", 1)[0]
    return set(re.findall(r"^- `([a-z_]+\.[WE]\d{3})`", section, re.M))


def test_check_deploy_warns_only_of_what_the_deploy_guide_explains():
    run = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy"],
        cwd=ROOT,
        env=_production_env(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    said = set(re.findall(r"\(([a-z_]+\.[WE]\d{3})\)", run.stdout + run.stderr))
    assert said == _documented() == {"security.W021"}, run.stdout + run.stderr
    assert "DEBUG" not in run.stderr


def test_the_production_environment_reads_as_production():
    run = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from django.conf import settings as s; "
            "print(s.DEBUG, s.SESSION_COOKIE_SECURE, s.SECURE_PROXY_SSL_HEADER, s.STORAGES['default']['BACKEND'], "
            "s.DATABASES['replica']['HOST'], s.DATABASE_REPLICA_READS, s.SESSION_ENGINE)",
        ],
        cwd=ROOT,
        env=_production_env(),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert run.stdout.split() == [
        "False",
        "True",
        "('HTTP_X_FORWARDED_PROTO',",
        "'https')",
        "storages.backends.s3.S3Storage",
        "10.0.0.21",
        "True",
        "django.contrib.sessions.backends.db",
    ], run.stderr
