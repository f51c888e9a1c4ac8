"""The multi-machine layout's tests (docs/DEPLOY.md). test_real_replica.py needs a running streaming replica
(deploy/replica.sh) named by DATABASE_REPLICA_URL: it is collected only then, never skipped (CI=true fails skips)."""

import os
from importlib import import_module

import pytest

collect_ignore = [] if os.environ.get("DATABASE_REPLICA_URL") else ["test_real_replica.py"]


@pytest.fixture
def catalogue(transactional_db):
    """The catalogue of honours its migration loads, which an earlier transactional test's flush may have emptied
    (these tests commit: transaction=True)."""
    from django.apps import apps

    from honours.models import Title

    if not Title.objects.exists():
        import_module("honours.migrations.0002_catalogue").load(apps, None)
