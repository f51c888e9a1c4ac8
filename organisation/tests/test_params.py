"""One way to read a year and a whole number from a query string: exact values, garbage, bounds."""

import datetime

import pytest
from django.http import Http404, QueryDict
from django.test import RequestFactory
from django.utils import timezone

from organisation import params
from organisation.params import current_year, int_or_none, year_from


@pytest.fixture
def in_2026(monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *args: datetime.date(2026, 3, 15))


def get(query: str):
    return RequestFactory().get(f"/?{query}")


def test_the_current_year_is_the_calendar_year(in_2026):
    assert current_year() == 2026


def test_the_current_year_follows_the_clock():
    assert current_year() == timezone.localdate().year


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("42", 42),
        ("0", 0),
        ("007", 7),
        (2024, 2024),
        (None, None),
        ("", None),
        ("abc", None),
        ("-3", None),
        ("4.5", None),
        ("1e3", None),
        (" 5", None),
        ("²", None),  # a digit to str.isdigit, not to int()
        ("١٢", None),  # Arabic-Indic digits
    ],
)
def test_int_or_none(raw, expected):
    assert int_or_none(raw) == expected


def test_a_year_in_range_is_read_as_it_is(in_2026):
    assert year_from(get("year=2024")) == 2024
    assert year_from(get("year=2000")) == params.FIRST_YEAR == 2000
    assert year_from(get("year=2027")) == 2027  # next year: blocks and quotas are set up in December


def test_missing_garbage_and_out_of_range_give_the_default(in_2026):
    assert year_from(get("")) is None
    assert year_from(get(""), default=2025) == 2025
    for garbage in ("year=", "year=abc", "year=20x4", "year=-2024", "year=%C2%B2", "year=99999999999999999999"):
        assert year_from(get(garbage), default=2025) == 2025
    assert year_from(get("year=1999"), default=2025) == 2025
    assert year_from(get("year=2028"), default=2025) == 2025


def test_strict_refuses_a_year_that_cannot_exist_but_not_garbage(in_2026):
    with pytest.raises(Http404):
        year_from(get("year=1999"), strict=True)
    with pytest.raises(Http404):
        year_from(get("year=2028"), default=2025, strict=True)
    assert year_from(get("year=abc"), default=2025, strict=True) == 2025
    assert year_from(get("year=2027"), strict=True) == 2027


def test_another_parameter_a_querydict_or_a_dict(in_2026):
    assert year_from(get("year=2020&year_to=2024"), "year_to") == 2024
    assert year_from(QueryDict("year_from=2019"), "year_from") == 2019
    assert year_from({"year": "2023"}) == 2023
    assert year_from({}, default=7) == 7


@pytest.mark.parametrize(
    "today, expected",
    [
        (datetime.date(2026, 1, 1), 2025),
        (datetime.date(2026, 10, 31), 2025),
        (datetime.date(2026, 11, 1), 2026),
        (datetime.date(2026, 12, 1), 2026),
        (datetime.date(2026, 12, 31), 2026),
    ],
)
def test_the_year_under_review_is_the_current_one_from_november(today, expected):
    assert params.review_year(today) == expected


def test_the_year_under_review_follows_the_clock(monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *args: datetime.date(2026, 12, 7))
    assert params.review_year() == 2026
    monkeypatch.setattr(timezone, "localdate", lambda *args: datetime.date(2026, 3, 15))
    assert params.review_year() == 2025
