"""Layout and accessibility of the key pages of every journey, for every demo persona that may open them,
on a 390×844 phone and a 1366×768 screen, in Chromium (issue 14, item 2).

The key pages and who may open them come from the demo's data and the application (``keypages.py``),
never from the markup. On each page (``layout_checks.js`` says exactly what is measured):

- no horizontal overflow of the page itself (scroll containers such as ``.table-responsive`` may scroll),
  and on the phone a layout viewport as wide as the screen (the viewport meta is honoured);
- no table column narrower than its longest word;
- every visible form control inside the viewport (or inside its scroll container's scrollable area);
- axe-core (vendored in ``vendor/``, 4.14.1): no violation of impact "serious" or "critical".

Failures are collected, not stopped at: each names the page, its address, the persona, the size, the
check, the element and the numbers; all of them, grouped by page, also land in
``test-artifacts/layout-report.txt``. One test per persona and size, one browser context each, reused
across that persona's pages. A page that several personas get byte for byte the same (up to CSRF tokens
and the user's own name) is checked for the first of them, and its failures name the others.

The whole demo is seeded once for the module and served by a live server of the module; the database is
emptied again afterwards, as a transactional test would leave it.

axe-core is injected as a same-origin script: the browser serves the vendored file itself at an address
of the site (a Playwright route), so the site's Content-Security-Policy (``script-src 'self'``, no inline
style) stays in force and the pages are checked as users get them. ``bypass_csp`` would lift the policy
for the whole page, inline styles included, and could hide a layout that the policy breaks.
"""

from __future__ import annotations

import importlib
from collections import defaultdict
from pathlib import Path

import pytest
from django.urls import reverse

from tests.browser import keypages

HERE = Path(__file__).resolve().parent
CHECKS = (HERE / "layout_checks.js").read_text(encoding="utf-8")
AXE = HERE / "vendor" / "axe.min.js"
AXE_PATH = "/__layout-tests__/axe.min.js"  # answered by the browser itself, never by the server
TOLERANCE = 2  # px: sub-pixel rounding of widths and edges, never a defect's size
SERIOUS = ("serious", "critical")
# axe-core on the whole document; each failing node as its selector, with the measured numbers where axe
# has them (a contrast: the ratio, the colours and the ratio needed).
AXE_RUN = """async () => (await axe.run(document, {resultTypes: ['violations']})).violations.map(v => ({
  id: v.id, impact: v.impact, help: v.help,
  nodes: v.nodes.map(n => {
    const d = (n.any[0] || n.all[0] || n.none[0] || {}).data;
    const numbers = d && d.contrastRatio
      ? ` ${d.contrastRatio}:1 (${d.fgColor} on ${d.bgColor}, ${d.fontSize} ${d.fontWeight};`
        + ` needs ${d.expectedContrastRatio})`
      : '';
    return n.target.join(' ') + numbers;
  }),
}))"""
REPORT = HERE.parent.parent / "test-artifacts" / "layout-report.txt"

# The demo is committed by the module fixture below; each test runs in a transaction rolled back after it
# (the logins' sessions). The marker also makes pytest-django create the test database when this module
# runs alone.
pytestmark = pytest.mark.django_db

_failures: dict[str, list[str]] = defaultdict(list)  # page name -> failures, for the report file


def _label(size: dict) -> str:
    return f"{size['width']}×{size['height']}"


@pytest.fixture(scope="module")
def demo_site(browser, django_db_setup, django_db_blocker):
    """The full demo, seeded once, served by a live server of this module; emptied afterwards.

    ``browser`` first: starting Playwright changes the context Django keeps its connections in, and the
    live server must share the very connection (in-memory SQLite) the tests' transactions run on; with
    two connections the server's writes (a login's session) wait on the test's transaction and fail."""
    from django.apps import apps
    from django.core.management import call_command
    from pytest_django.live_server_helper import LiveServer

    from demo.seed import seed
    from honours.models import Title

    REPORT.unlink(missing_ok=True)
    with django_db_blocker.unblock():
        # a transactional test before this module emptied the tables of the data migrations too
        if not Title.objects.exists():
            importlib.import_module("honours.migrations.0002_catalogue").load(apps, None)
            importlib.import_module("commendation.migrations.0002_base_salary").load(apps, None)
        if seed() is None:
            pytest.fail("the demo was not loaded: the test database already had units")
        demo = keypages.survey(keypages.key_pages(), keypages.personas())
        server = LiveServer("localhost")
        try:
            yield server.url, demo
        finally:
            server.stop()
            call_command("flush", interactive=False, verbosity=0)
            _write_report(demo)


def test_every_key_page_opens_for_a_persona_and_never_fails(demo_site):
    _, demo = demo_site
    problems = []
    for page in demo.pages:
        statuses = {p: demo.status.get((p, page.name)) for p in keypages.personas()}
        if not any(s == 200 for s in statuses.values()):
            problems.append(f"{page.name} [{page.path}]: no demo persona may open it: {statuses}")
        problems += [
            f"{page.name} [{page.path}]: answers {s} to {p}"
            for p, s in statuses.items()
            if s is not None and s not in keypages.REFUSED and s != 200
        ]
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("size", keypages.SIZES, ids=_label)
@pytest.mark.parametrize("persona", keypages.personas())
def test_key_pages_layout_and_accessibility(demo_site, browser, persona, size):
    from demo.logins import DEMO_PASSWORD

    base, demo = demo_site
    context = browser.new_context(**keypages.context_options(size))
    context.set_default_timeout(15_000)
    context.route(f"{base}{AXE_PATH}", lambda route: route.fulfill(path=AXE, content_type="text/javascript"))
    failures = []
    try:
        page = context.new_page()
        keypages.log_in(page, base, persona, DEMO_PASSWORD)
        for key_page in demo.pages:
            if demo.to_check(persona, key_page):
                found = _check(page, base, demo, persona, key_page, size)
                _failures[key_page.name] += found
                failures += found
    finally:
        context.close()
    assert not failures, f"{len(failures)} layout or accessibility failures:\n" + "\n".join(failures)


def _check(page, base: str, demo, persona: str, key_page, size: dict) -> list[str]:
    others = demo.standing_for(persona, key_page)
    who = f"{persona} (same page for {', '.join(others)})" if others else persona
    where = f"{key_page.name} [{key_page.path}] · {who} · {_label(size)}"
    if key_page.replay:
        keypages.serve_replay(page, demo, persona, key_page, base)
    response = page.goto(base + key_page.path)
    if response is None or response.status != 200:
        return [f"{where} · http: answers {response.status if response else 'nothing'}"]
    if page.url.split("?")[0] == base + reverse("login"):
        return [f"{where} · http: sent to the login page"]
    page.evaluate("document.fonts.ready.then(() => true)")
    out = []
    layout_width = page.evaluate("innerWidth")
    if layout_width != size["width"]:
        out.append(
            f"{where} · overflow: html: the layout viewport is {layout_width}px wide on a {size['width']}px "
            "screen (no or a wrong <meta name=viewport>)"
        )
    out += [
        f"{where} · {p['check']}: {p['element']}: {p['detail']}"
        for p in page.evaluate(CHECKS, {"tolerance": TOLERANCE})
    ]
    page.add_script_tag(url=base + AXE_PATH)
    violations = page.evaluate(AXE_RUN)
    for v in violations:
        if v["impact"] in SERIOUS:
            nodes = "; ".join(v["nodes"][:5]) + (f" (+{len(v['nodes']) - 5} more)" if len(v["nodes"]) > 5 else "")
            out.append(f"{where} · axe {v['id']} ({v['impact']}): {v['help']}: {len(v['nodes'])} × {nodes}")
    return out


def _write_report(demo) -> None:
    """Every failure of the run grouped by page, and who each page was checked as, for the people fixing
    the templates: test-artifacts/layout-report.txt."""
    lines = []
    for page in demo.pages:
        found = _failures.get(page.name, [])
        checked = [p for p in keypages.personas() if demo.to_check(p, page)]
        lines.append(
            f"== {page.name} [{page.path}]: {len(found)} failures; checked as {', '.join(checked) or 'nobody'}"
        )
        lines += [*found, ""]
    REPORT.parent.mkdir(exist_ok=True)
    REPORT.write_text("\n".join(lines), encoding="utf-8")
