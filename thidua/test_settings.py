"""The test suite's settings (pyproject's DJANGO_SETTINGS_MODULE): the project's settings as a developer's
machine has them, DEBUG on unless the environment says otherwise (the development secret key, static files
served without a manifest). Subprocesses the tests start inherit the variable."""

import os

os.environ.setdefault("DEBUG", "true")

from thidua.settings import *  # noqa: E402, F403
