"""Fixtures the API tests borrow from the apps whose tests they were: the scoring rubric (from
``scoring/tests/conftest.py``) and the seed-000 block with its election (from
``voting/tests/conftest.py``). Only the fixtures: those conftests' collection hooks stay theirs."""

from scoring.tests.conftest import draft, leaf, rubric  # noqa: F401
from voting.tests.conftest import election, xdll  # noqa: F401
