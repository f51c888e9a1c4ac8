"""Stored verdicts in a browser (issue 16): the eligibility page of a big scope says "đang cập nhật" while the
recompute job has not run, refreshes itself (htmx, every 3 s) once a worker ran it, and after a rating changes
counts the officer apart as being updated until the next recompute."""

import re

import pytest
from playwright.sync_api import expect

from jobs.tests.worker import drain
from organisation import services as org_services
from organisation.models import Rating

pytestmark = pytest.mark.django_db(transaction=True)


def _cells(page, row_id: str) -> list[str]:
    return [re.sub(r"\s+", " ", t).strip() for t in page.locator(f"#{row_id} td").all_inner_texts()]


def test_the_page_waits_for_the_recompute_and_refreshes_itself(personas, org, login, live_server, settings):
    settings.ELIGIBILITY_STORED_FROM = 0  # the fixture province is small: make it read stored verdicts
    page = login("office")
    page.goto(f"{live_server.url}/eligibility/?unit={org.caqb.pk}&year=2024")
    expect(page.locator("#stored-state")).to_contain_text("đang được tính lần đầu")
    assert _cells(page, "count-CSTT-individual")[2:] == ["…", "…", "…", "…"]

    drain()  # the worker runs the recompute; the page's next poll shows the counts
    expect(page.locator("#stored-at")).to_be_visible(timeout=15_000)
    assert _cells(page, "count-CSTT-individual")[2:] == ["1", "0", "3", "0"]
    expect(page.locator("#stored-state .alert")).to_have_count(0)

    org_services.set_person_rating(org.people.dung, 2024, Rating.HTTNV, by=None)
    page.reload()
    expect(page.locator("#stored-state .alert")).to_contain_text("Đang cập nhật")
    assert _cells(page, "count-CSTT-individual")[2:] == ["1", "0", "2", "1"]

    drain()
    expect(page.locator("#stored-state .alert")).to_have_count(0, timeout=15_000)
    assert _cells(page, "count-CSTT-individual")[2:] == ["2", "0", "2", "0"]
