"""The test suite's settings (pyproject's DJANGO_SETTINGS_MODULE): the project's settings as a developer's
machine has them, DEBUG on unless the environment says otherwise (the development secret key, static files
served without a manifest). Subprocesses the tests start inherit the variable."""

import os

os.environ.setdefault("DEBUG", "true")

from thidua.settings import *  # noqa: E402, F403

# A "replica" alias mirroring the test database (a real replica's, when DATABASE_REPLICA_URL names one): reads go to
# it only in the tests that turn DATABASE_REPLICA_READS on (tests/deploy/).
DATABASES.setdefault("replica", {**DATABASES["default"], "TEST": {"MIRROR": "default"}})  # noqa: F405
DATABASE_REPLICA_READS = False
