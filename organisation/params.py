"""Reading a year and whole numbers from a request's query string, one way for every page.

Garbage never raises: a value that is not a plain whole number (``"abc"``, ``"-3"``, ``"²"``,
``"1e3"``) reads as missing. A year must lie in ``FIRST_YEAR`` … next year.
"""

import datetime

from django.http import Http404
from django.utils import timezone

FIRST_YEAR = 2000  # the oldest year any page or statistic goes back to
REVIEW_MONTH = 11  # the year-end review of a year starts in its November (docs: /domain/cycle.md, steps 3 and 4)


def current_year() -> int:
    """The current emulation year: today's calendar year (``TIME_ZONE``).

    The emulation year is the calendar year (docs: /domain/cycle.md): the movement, the blocks,
    the registration, the rubric, the year-end conference, the proposals and the council's
    decisions of November–December all belong to the year they run in. Pages that look back at
    the year under review (eligibility, the proposal list, statistics and reports) ask for
    ``review_year()``.
    """
    return timezone.localdate().year


def review_year(today: datetime.date | None = None) -> int:
    """The year under review: the year pages that judge or count a year's results open on.

    The year-end review happens in the year itself (docs: /domain/cycle.md): scoring, the
    conference and its votes in November (step 3), the proposals, the council and the decisions in
    November–December (step 4). So from 1 November (``REVIEW_MONTH``) to 31 December the year under
    review is the current year: on 1 December 2026 the eligibility, proposal and statistics pages
    open on 2026, the year being proposed and decided. From 1 January to 31 October it is the year
    before, the last one reviewed (on 31 October 2026: 2025).
    """
    today = today or timezone.localdate()
    return today.year if today.month >= REVIEW_MONTH else today.year - 1


def int_or_none(raw) -> int | None:
    """A non-negative whole number written in ASCII digits (``"42"``), else None (missing, empty or garbage)."""
    text = str(raw if raw is not None else "")
    return int(text) if text.isascii() and text.isdigit() else None


def year_from(request, name: str = "year", default: int | None = None, *, strict: bool = False) -> int | None:
    """The year in the query parameter ``name`` of ``request`` (a request, a QueryDict or a dict).

    Missing or garbage: ``default``. A number outside ``FIRST_YEAR`` … ``current_year() + 1``:
    ``default`` too, or, with ``strict``, a 404 (for a page whose URL names a year that cannot exist).
    """
    params = getattr(request, "GET", request)
    year = int_or_none(params.get(name))
    if year is None:
        return default
    if not FIRST_YEAR <= year <= current_year() + 1:
        if strict:
            raise Http404
        return default
    return year
