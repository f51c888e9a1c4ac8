"""The persona crawl (issue 14): for every demo login, every link reachable from its home page, over the
whole demo, opens — no server error, no link that refuses the user it is shown to, no English on a
Vietnamese page, every page within a query budget.

The demo (``manage.py seed_demo``, ~10 s) is loaded once per module and xdist worker and rolled back after
it; each persona is one test, so the workers share them out, and each test's own writes (a GET that counts
a view) are rolled back before the next persona. What is followed, the bounds and the checks are described
in ``tests/crawl.py``. Every failure names the persona, the path and the page that linked to it, grouped by
kind and URL pattern.

A failure ends with the persona's summary (``pytest tests/test_crawl.py -p no:xdist -s`` prints it for a
passing persona too): the pages crawled, the slowest pages, the pages with most queries and how long the
demo took to load. ``CRAWL_REPORT=DIR`` also writes each persona's fetches and problems to
``DIR/<login>.json``; ``python -m tests.crawl DIR`` prints the summary and every problem of the run.
"""

import os
import time
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import Client

from demo.logins import DEMO_PASSWORD, LOGINS
from tests.crawl import Crawler, english_on_page, links_of, report, save, summary

# SQL queries one page may cost. A page over it is listed in the failure, never allowed by raising this.
QUERY_BUDGET = 60
# A safety stop per persona, well above the bounded walk of the widest login (the Ministry's admin);
# reaching it is itself reported as a failure, since the walk would then be incomplete.
MAX_PAGES = 3000


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The full demo, loaded once for the module (per xdist worker) and rolled back after it."""
    with django_db_blocker.unblock(), transaction.atomic():
        started = time.perf_counter()
        call_command("seed_demo", stdout=StringIO())
        yield time.perf_counter() - started
        transaction.set_rollback(True)


@pytest.mark.slow
@pytest.mark.parametrize("username", [login[0] for login in LOGINS])
def test_every_link_shown_opens_in_vietnamese_within_the_query_budget(demo, db, username):
    client = Client(raise_request_exception=False)  # a server error is a finding, not a crash of the walk
    assert client.login(username=username, password=DEMO_PASSWORD), f"the demo login {username} does not log in"
    result = Crawler(client, username, max_pages=MAX_PAGES, query_budget=QUERY_BUDGET).run("/")
    text = f"{summary([result])}\n(seed_demo took {demo:.1f} s on this worker)"
    if os.environ.get("CRAWL_REPORT"):
        save(result, os.environ["CRAWL_REPORT"])
    html_pages = sum(1 for f in result.fetches if f.content_type == "text/html")
    assert html_pages > 20, f"{username} reached only {html_pages} pages from the home page\n{text}"
    if result.problems:
        pytest.fail(f"{report(result.problems)}\n\n{text}", pytrace=False)
    print("\n" + text)


def test_the_english_check_reads_only_what_a_reader_sees():
    page = """<html lang="vi"><head><title>Trang</title><style>.Save{}</style><script>var Next;</script></head>
    <body><!-- Delete --><p>Xin chào <b>Next</b> trang</p><table><tr><td>None</td><td>Không có None</td>
    <td><code>True</code></td><td>draft</td></tr></table><button title="Delete">Lưu</button>
    <input type="submit" value="Submit"><input name="q" placeholder="Search"> Tháng 3, ngày 20 March 2025</body></html>"""
    assert english_on_page(page) == ["March", "Next", "None", "Search", "Submit", "draft"]
    assert english_on_page('<html lang="vi"><body><p>Nhập Excel, mẫu Word, PDF; PX03 – Sau ›</p></body></html>') == []


def test_links_are_same_site_anchors_and_get_forms_as_they_stand():
    page = """<html><body><a href="/units/3/#members">đơn vị</a><a href="?page=2">Sau</a><a href="#top">đầu</a>
    <a href="https://example.org/x">ngoài</a><a href="mailto:a@b.c">thư</a>
    <form method="get" action="/rulesets/diff/"><select name="a"><option value="x" selected>x</option>
    <option value="y">y</option></select><input name="b" value="y"><button>So sánh</button></form>
    <form method="post" action="/logout/"><button>Đăng xuất</button></form></body></html>"""
    assert links_of(page, "/people/") == ["/units/3/", "/people/?page=2", "/rulesets/diff/?a=x&b=y"]
