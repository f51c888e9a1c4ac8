"""Load: 50 signed-in users of five roles (the emulation office, unit officers, leaders, council members,
plain officers; 10 each), each asking for about one page a second for ``BENCH_LOAD_SECONDS`` (default
600; quick: 10) from a production-like gunicorn (DEBUG off, 3 workers × 4 threads for 2 cores) on the
benchmark's database. Targets: 0 errors, p95 under 300 ms on every key page.

Before the load, each key page's own server time, one request at a time, in-process (Django's test
client, so no network): target 50 ms, dashboards (home, statistics, eligibility) 100 ms. A page over
its target is profiled (cProfile, where its time goes) and its queries are counted and timed.

The users, their sessions and the year's rows the pages show (``bench.load.world``) are made in the
busiest province and deleted afterwards. Inside the quick test (a transaction the server cannot see)
the load itself is skipped, with a line saying so.
"""

import cProfile
import logging
import os
import pstats
import statistics
import time

from django.db import connection
from django.test import Client

from bench import harness
from bench.harness import emit
from bench.load import client, server, world

PAGE_TARGET_MS = 50
DASHBOARD_TARGET_MS = 100
DASHBOARDS = {"home", "statistics", "eligibility"}
P95_TARGET_MS = 300
PAGES = ["home", "unit", "people-search", "statistics", "eligibility", "rubric", "score-sheet"]
PAGES += ["proposals", "proposal", "decisions", "decision"]
FIGURES = [f"load.page.{p}" for p in PAGES] + [f"load.page.{p}.queries" for p in PAGES]
LINES = []


def seconds(quick: bool) -> float:
    return 10.0 if quick else float(os.environ.get("BENCH_LOAD_SECONDS", "600"))


class Queries:
    """Counts and times the queries run while installed (``connection.execute_wrapper``)."""

    def __init__(self):
        self.count, self.seconds = 0, 0.0

    def __call__(self, execute, sql, params, many, context):
        start = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.count += 1
            self.seconds += time.perf_counter() - start


def survey(built: world.World) -> dict[str, list[str]]:
    """Which key pages each role opens (200), asked of the application with the role's first user."""
    opens = {}
    quiet = logging.getLogger("django.request")
    level, quiet.level = quiet.level, logging.ERROR  # a refused page is an answer here, not a warning
    try:
        for role, users in built.users.items():
            browser = Client(raise_request_exception=False)
            browser.force_login(users[0])
            opens[role] = [page for page, path in built.pages.items() if browser.get(path).status_code == 200]
    finally:
        quiet.level = level
    return opens


WRAPPERS = ("middleware.py", "routers.py", "otp.py")  # around every request: not the page's own work
HERE = f"{server.ROOT}/"


def _where_time_goes(browser: Client, path: str) -> None:
    """One request under cProfile: its time in SQL, in template rendering and in the rest, and the project's
    functions that took the most (cumulative). Profiled, the request runs slower than measured."""
    profile, queries = cProfile.Profile(), Queries()
    with connection.execute_wrapper(queries):
        profile.enable()
        start = time.perf_counter()
        browser.get(path)
        total = time.perf_counter() - start
        profile.disable()
    stats = pstats.Stats(profile)
    templates = sum(
        row[3]
        for (file, _line, name), row in stats.stats.items()
        if file.endswith("template/backends/django.py") and name == "render"
    )
    print(
        f"    where: {total * 1000:.0f} ms profiled = {queries.seconds * 1000:.0f} ms SQL ({queries.count} queries) "
        f"+ {templates * 1000:.0f} ms templates + {(total - queries.seconds - templates) * 1000:.0f} ms the rest",
        flush=True,
    )
    own = [
        (row[3], f"{file.removeprefix(HERE)}:{line}({name})")
        for (file, line, name), row in stats.stats.items()
        if file.startswith(HERE) and "/.venv/" not in file and "/bench/" not in file and not file.endswith(WRAPPERS)
    ]
    for seconds, where in sorted(own, reverse=True)[:6]:
        print(f"    {seconds * 1000:7.1f} ms  {where}", flush=True)


def profile_pages(built: world.World, opens: dict[str, list[str]], *, repeat: int) -> int:
    """Each key page's server time, one request at a time, as the first role that opens it; how many met."""
    met = 0
    for page, path in built.pages.items():
        role = next((r for r in world.ROLES if page in opens[r]), None)
        if role is None:
            harness.say(f"BENCH load.page.{page}.target missed (no role opens it)")
            continue
        browser = Client()
        browser.force_login(built.users[role][0])
        browser.get(path)
        queries = Queries()
        with connection.execute_wrapper(queries):
            browser.get(path)
        samples = []
        for _ in range(repeat):
            start = time.perf_counter()
            browser.get(path)
            samples.append(time.perf_counter() - start)
        ms = statistics.median(samples) * 1000
        target = DASHBOARD_TARGET_MS if page in DASHBOARDS else PAGE_TARGET_MS
        sql_ms = queries.seconds * 1000
        emit(f"load.page.{page}", ms, "ms")
        emit(f"load.page.{page}.queries", queries.count, "queries")
        ok = ms <= target
        met += ok
        harness.say(
            f"BENCH load.page.{page}.target {'met' if ok else 'missed'} ({ms:.0f} ms, target {target} ms; "
            f"{queries.count} queries, {sql_ms:.0f} ms in SQL; as {role})"
        )
        if not ok:
            _where_time_goes(browser, path)
    return met


def load(built: world.World, opens: dict[str, list[str]], duration: float) -> None:
    users = [
        client.VirtualUser(built.cookie(user), [(p, built.pages[p]) for p in opens[role]])
        for role, users in built.users.items()
        for user in users
    ]
    emit("load.users", len(users), "users")
    emit("load.seconds", duration, "s")
    emit("load.machine.load_before", os.getloadavg()[0], "processes")  # others' work on the same cores
    with server.gunicorn(workers=3, threads=4) as (base, _process, _env):
        started = time.monotonic()
        hits = client.run(base, users, duration)
        elapsed = time.monotonic() - started
    emit("load.machine.load_during", os.getloadavg()[0], "processes")
    errors = [h for h in hits if h.status != 200]
    emit("load.requests", len(hits), "requests")
    emit("load.rate", len(hits) / elapsed, "requests/s")
    emit("load.errors", len(errors), "errors")
    if errors:
        kinds = sorted({(h.page, h.status) for h in errors})
        print(f"    errors (page, status): {kinds[:10]}", flush=True)
    under = 0
    pages = sorted({h.page for h in hits})
    for page in pages:
        times = sorted(h.seconds for h in hits if h.page == page)
        timing = harness.Timing(f"load.{page}", times)
        emit(f"load.{page}.median", timing.median * 1000, "ms")
        emit(f"load.{page}.p95", timing.p95 * 1000, "ms")
        ok = timing.p95 * 1000 < P95_TARGET_MS
        under += ok
        harness.say(
            f"BENCH load.{page}.p95.target {'met' if ok else 'missed'} "
            f"({timing.p95 * 1000:.0f} ms of {len(times)} requests, target under {P95_TARGET_MS} ms)"
        )
    harness.say(
        f"BENCH load.target {'met' if not errors and under == len(pages) else 'missed'} "
        f"({len(users)} users, {len(hits) / elapsed:.1f} requests/s for {elapsed:.0f} s: {len(errors)} errors, "
        f"{under} of {len(pages)} pages under {P95_TARGET_MS} ms at p95)"
    )


def run(quick: bool) -> None:
    built = world.build(per_role=2 if quick else 10)
    try:
        opens = survey(built)
        met = profile_pages(built, opens, repeat=2 if quick else 7)
        harness.say(
            f"BENCH load.pages.target {'met' if met == len(built.pages) else 'missed'} "
            f"({met} of {len(built.pages)} key pages within their server-time target)"
        )
        if connection.in_atomic_block:
            harness.say("BENCH load.run skipped (inside a test transaction: a server cannot see its rows)")
        else:
            load(built, opens, seconds(quick))
    finally:
        built.remove()
