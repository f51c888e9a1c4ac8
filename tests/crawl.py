"""The persona crawl's machinery (used by ``tests/test_crawl.py``): a breadth-first walk of every same-site
``<a href>`` a logged-in user is shown, GET only, with the checks each page must pass.

What is followed, and the bounds (so that the walk is complete for the demo yet finishes in minutes):

- every ``<a href>`` to a path of this site, fragment dropped; not ``/logout/`` (a POST anyway),
  ``/i18n/`` (the language switch), ``/admin/`` (Django's own admin, not our pages), ``/api/`` (the JSON
  API and its generated docs, tested in ``api/tests``), ``/static/`` and ``/media/`` (files, not pages);
- each distinct path + query string is fetched once; a path is fetched with at most ``MAX_QUERIES_PER_PATH``
  distinct query strings besides its bare form, and a listing is paged (``page=``) through at most
  ``MAX_PAGES_PER_LISTING`` pages per query;
- each object's own page is visited for every object the user is shown: every unit, block, movement,
  conference, election, rubric, proposal, decision, article (at most ``MAX_PER_ROUTE`` paths of one URL
  pattern per persona, above what the demo holds). The pages that repeat one template per object *and*
  per unit or person are a sample (``SAMPLED``: at most so many distinct paths of the pattern per persona,
  and so many from any one page, so that the sample spreads over every block, unit, proposal and decision
  that links to them): a person's pages (~2,000 people), a unit's verdicts, awards and edit form, a
  block's registration, report and score sheet of each member unit. Files (a pattern ending in ``.pdf``,
  ``.docx`` …) ``FILES_PER_ROUTE`` each: a certificate is a second of WeasyPrint. The summary names every
  pattern that was cut short, with how many links it left;
- ``<form method="get">`` (filters, year pickers) are submitted once as they stand, under the same bounds;
- redirects are followed (the target's referrer is the link that redirected);
- files (``.docx``, ``.xlsx``, ``.pdf``, ``.zip``, ``.csv``: anything not ``text/html``) are fetched and
  their status checked, never parsed.

Checks on every page (each failure names the persona, the path and the page that linked to it):

- ``5xx``: any server error (the exception is named);
- ``refused``: a link shown to the user answers 403, 404 or 405 to that user;
- ``login``: a link redirects a logged-in user to the login page;
- ``english``: English UI text on a Vietnamese page (``ENGLISH_PHRASES``, ``ENGLISH_VALUES``);
- ``queries``: more than ``query_budget`` SQL queries for one page.
"""

from __future__ import annotations

import json
import logging
import re
import sys
import time
import traceback
from collections import Counter, defaultdict, deque
from dataclasses import asdict, dataclass, field
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit

import lxml.html
from django.core.signals import got_request_exception
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import Resolver404, resolve

SKIP_PREFIXES = ("/logout/", "/i18n/", "/admin/", "/api/", "/static/", "/media/", "/login/")
MAX_QUERIES_PER_PATH = 3
MAX_PAGES_PER_LISTING = 3
MAX_PER_ROUTE = 150
# URL pattern prefix: (distinct paths per persona, distinct paths taken from any one page)
SAMPLED = {
    "/people/<int:pk>/": (15, 2),
    "/eligibility/people/": (15, 2),
    "/awards/facts/": (15, 2),
    "/eligibility/units/": (20, 3),
    "/units/<int:pk>/awards/": (20, 3),
    "/units/<int:pk>/edit/": (20, 3),
    "/blocks/<int:pk>/registration/<int:unit_pk>/": (24, 4),
    "/blocks/<int:pk>/reports/<str:kind>/": (24, 4),
    "/rubrics/<int:pk>/sheets/": (24, 4),
    "/rubrics/<int:pk>/units/": (24, 4),
}
FILES_PER_ROUTE = 3
FILE_SUFFIXES = (".pdf", ".docx", ".xlsx", ".zip", ".csv")


def route_cap(route: str) -> tuple[int, int | None]:
    """How many distinct paths of a URL pattern one persona visits, and how many from any one page."""
    if route.endswith(FILE_SUFFIXES):
        return FILES_PER_ROUTE, None
    for prefix, cap in SAMPLED.items():
        if route.startswith(prefix):
            return cap
    return MAX_PER_ROUTE, None


# English that must never reach a Vietnamese page. Matched in the visible text only: <script>, <style>,
# <code>, <pre>, <kbd>, <samp> and attribute values are left out (identifiers, codes, CSS classes; titles
# and aria labels are not checked here), except the two attributes a reader sees on the page: the
# ``value`` of an ``<input type="submit|button|reset">`` and a ``placeholder``. Each phrase is matched as whole words, case-sensitively, so that
# Vietnamese words and user data (names, unit codes such as "PX03", "Excel", "Word", "PDF", "API") never
# trip it. What is on the list, and why:
# - the words of buttons and pagers Django or a forgotten template would print untranslated;
# - Django's own form, widget and error-page messages (an untranslated catalogue or a debug page);
# - English month and weekday names (a date formatted outside the active locale).
ENGLISH_PHRASES = [
    # buttons, links, pagers
    "Save",
    "Delete",
    "Cancel",
    "Submit",
    "Search",
    "Next",
    "Previous",
    "Edit",
    "Back",
    "Log in",
    "Log out",
    "Login",
    "Logout",
    "Username",
    "Password",
    # Django's forms, widgets and error pages
    "This field is required",
    "Enter a valid",
    "Select a valid choice",
    "Ensure this value",
    "Currently:",
    "Page not found",
    "Not Found",
    "Forbidden",
    "Bad Request",
    "Server Error",
    "Traceback",
    "CSRF verification failed",
    # dates outside the active locale
    "January",
    "February",
    "March",
    "April",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
]
# A Python value or a model's stored choice printed instead of its label: only when it is the whole text
# of an element (a table cell, a badge), so that a sentence quoting one is not flagged. Lower-case status
# codes are the choices' stored values in this project; their labels are Vietnamese.
ENGLISH_VALUES = {
    "None",
    "True",
    "False",
    "Yes",
    "No",
    "draft",
    "open",
    "opened",
    "closed",
    "locked",
    "issued",
    "submitted",
    "returned",
    "review",
    "reviewing",
    "annulled",
    "pending",
    "approved",
    "rejected",
    "published",
    "active",
    "cancelled",
    "held",
    "scheduled",
}
_PHRASES = re.compile(r"(?<![\w])(" + "|".join(re.escape(p) for p in ENGLISH_PHRASES) + r")(?![\w])")
_HIDDEN = {"script", "style", "code", "pre", "kbd", "samp"}


@dataclass
class Problem:
    kind: str  # 5xx, refused, login, english, queries
    persona: str
    path: str
    referrer: str
    detail: str
    route: str = ""

    def __str__(self) -> str:
        return f"[{self.persona}] {self.path} ← {self.referrer or '(start)'}: {self.detail}"


@dataclass
class Fetch:
    path: str
    status: int
    seconds: float
    queries: int
    content_type: str


@dataclass
class Result:
    persona: str
    fetches: list[Fetch] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    capped_routes: Counter = field(default_factory=Counter)
    seconds: float = 0.0

    @property
    def pages(self) -> int:
        return len(self.fetches)


def route_of(path: str) -> str:
    """The URL pattern a path resolves to ("people/<int:pk>/"), or the path itself."""
    try:
        match = resolve(path)
    except Resolver404:
        return path
    return "/" + match.route if match.route else path


def visible_text_chunks(html: str) -> list[str]:
    """The text a reader sees, one chunk per text node (and button value or placeholder), without scripts,
    styles, code and other attributes."""
    try:
        doc = lxml.html.document_fromstring(html)
    except (lxml.etree.ParserError, ValueError):
        return []
    chunks: list[str] = []

    def walk(el, hidden: bool) -> None:
        if not isinstance(el.tag, str):  # a comment or a processing instruction: only its tail is text
            if el.tail and not hidden:
                chunks.append(el.tail)
            return
        inner_hidden = hidden or el.tag in _HIDDEN
        if not inner_hidden:
            if el.tag == "input" and (el.get("type") or "").lower() in ("submit", "button", "reset"):
                chunks.append(el.get("value") or "")
            chunks.append(el.get("placeholder") or "")
        if el.text and not inner_hidden:
            chunks.append(el.text)
        for child in el:
            walk(child, inner_hidden)
        if el.tail and not hidden:
            chunks.append(el.tail)

    walk(doc, False)
    return [c for c in (c.strip() for c in chunks) if c]


def english_on_page(html: str) -> list[str]:
    """The English words and values found in the visible text of an HTML page."""
    found: list[str] = []
    for chunk in visible_text_chunks(html):
        if chunk in ENGLISH_VALUES:
            found.append(chunk)
        found.extend(m.group(1) for m in _PHRASES.finditer(chunk))
    return sorted(set(found))


def _local(href: str, base: str) -> str | None:
    """``href`` as a path and query on this site, or None (another site, a fragment, mailto: …)."""
    href = href.strip()
    if not href or href.startswith(("#", "mailto:", "tel:", "javascript:", "data:")):
        return None
    url = urlsplit(urljoin("http://testserver" + base, href))
    if url.scheme not in ("http", "https") or url.netloc != "testserver":
        return None
    return url.path + (f"?{url.query}" if url.query else "")


def links_of(html: str, base: str) -> list[str]:
    """Same-site targets of a page, paths with their query, fragments dropped: every ``<a href>``, then
    every ``<form method="get">`` submitted as it stands (its default values, as a user pressing its
    button without changing anything: a filter, a year picker, the rule set difference)."""
    try:
        doc = lxml.html.document_fromstring(html)
    except (lxml.etree.ParserError, ValueError):
        return []
    out = [_local(a.get("href") or "", base) for a in doc.iter("a")]
    for form in doc.iter("form"):
        if (form.get("method") or "").lower() != "get":
            continue
        action = _local(form.get("action") or base, base)
        if action:
            query = urlencode(form.form_values())
            out.append(urlsplit(action).path + (f"?{query}" if query else ""))
    return [url for url in out if url]


def page_language(html: str) -> str | None:
    m = re.search(r"<html[^>]*\blang=\"([^\"]+)\"", html[:2000])
    return m.group(1) if m else None


class Crawler:
    """One persona's walk from ``start``: ``run()`` returns the pages fetched and the problems found."""

    def __init__(self, client, persona: str, *, max_pages: int, query_budget: int):
        self.client = client
        self.persona = persona
        self.max_pages = max_pages
        self.query_budget = query_budget
        self.result = Result(persona)
        self._seen: set[str] = set()
        self._queries_per_path: dict[str, set[str]] = defaultdict(set)
        self._pages_per_listing: dict[tuple[str, str], set[str]] = defaultdict(set)
        self._paths_per_route: dict[str, set[str]] = defaultdict(set)
        self._exception: BaseException | None = None

    # -- bounds ------------------------------------------------------------------------------------
    def _admit(self, url: str, from_page: Counter | None = None) -> bool:
        """Whether ``url`` is within the bounds (and record it as taken when it is); ``from_page`` counts
        the links taken from the page being read, per URL pattern."""
        if url in self._seen:
            return False
        parts = urlsplit(url)
        path = parts.path
        if path.startswith(SKIP_PREFIXES):
            return False
        query = parse_qsl(parts.query, keep_blank_values=True)
        page = [v for k, v in query if k == "page"]
        rest = urlencode(sorted((k, v) for k, v in query if k != "page"))
        variants = self._queries_per_path[path]
        if rest and rest not in variants and len(variants) >= MAX_QUERIES_PER_PATH:
            return False
        if page:
            listing = self._pages_per_listing[(path, rest)]
            if page[0] not in listing and len(listing) >= MAX_PAGES_PER_LISTING:
                return False
        route = route_of(path)
        paths = self._paths_per_route[route]
        cap, per_page = route_cap(route)
        if path not in paths:
            if len(paths) >= cap or (per_page and from_page is not None and from_page[route] >= per_page):
                self.result.capped_routes[route] += 1
                return False
            if from_page is not None:
                from_page[route] += 1
        # taken
        self._seen.add(url)
        if rest:
            self._queries_per_path[path].add(rest)
        if page:
            self._pages_per_listing[(path, rest)].add(page[0])
        paths.add(path)
        return True

    # -- the walk ----------------------------------------------------------------------------------
    def _on_exception(self, sender, **kwargs) -> None:
        self._exception = sys.exc_info()[1]

    def run(self, start: str = "/") -> Result:
        began = time.perf_counter()
        got_request_exception.connect(self._on_exception)
        # Each refusal and error would be logged with its traceback; the report names them instead.
        request_log = logging.getLogger("django.request")
        level = request_log.level
        request_log.setLevel(logging.CRITICAL)
        try:
            queue: deque[tuple[str, str]] = deque()
            self._admit(start)
            queue.append((start, ""))
            while queue and len(self.result.fetches) < self.max_pages:
                url, referrer = queue.popleft()
                from_page: Counter = Counter()
                for link in self._visit(url, referrer):
                    if self._admit(link, from_page):
                        queue.append((link, url))
            if queue:
                self._problem("capped", url, "", f"stopped at {self.max_pages} pages, {len(queue)} links left")
        finally:
            got_request_exception.disconnect(self._on_exception)
            request_log.setLevel(level)
        self.result.seconds = time.perf_counter() - began
        return self.result

    def _problem(self, kind: str, path: str, referrer: str, detail: str) -> None:
        self.result.problems.append(Problem(kind, self.persona, path, referrer, detail, route_of(urlsplit(path).path)))

    def _visit(self, url: str, referrer: str) -> list[str]:
        self._exception = None
        connection.queries_log.clear()  # a full log (9,000 queries) would make every count 0
        began = time.perf_counter()
        with CaptureQueriesContext(connection) as queries:
            response = self.client.get(url)
        seconds = time.perf_counter() - began
        content_type = response.get("Content-Type", "").split(";")[0]
        self.result.fetches.append(Fetch(url, response.status_code, seconds, len(queries), content_type))
        status = response.status_code
        if len(queries) > self.query_budget:
            self._problem("queries", url, referrer, f"{len(queries)} queries (budget {self.query_budget})")
        if status >= 500:
            what = _describe(self._exception)
            self._problem("5xx", url, referrer, f"{status} {what}")
            return []
        if status in (301, 302, 303, 307, 308):
            target = urlsplit(urljoin("http://testserver" + url, response["Location"]))
            if target.path.startswith("/login/"):
                self._problem("login", url, referrer, f"{status} to the login page")
                return []
            if target.netloc not in ("", "testserver"):
                return []
            return [target.path + (f"?{target.query}" if target.query else "")]
        if status in (403, 404, 405, 410):
            self._problem("refused", url, referrer, f"{status} for a link shown to this user")
            return []
        if status != 200 or content_type != "text/html":
            return []
        html = response.content.decode(response.charset or "utf-8", errors="replace")
        if (page_language(html) or "vi").startswith("vi"):
            english = english_on_page(html)
            if english:
                self._problem("english", url, referrer, "English text: " + ", ".join(repr(w) for w in english))
        else:
            self._problem("english", url, referrer, f"page language is {page_language(html)!r}, not Vietnamese")
        return links_of(html, url)


def _describe(exc: BaseException | None) -> str:
    """The exception of a server error and the innermost frame of the project's own code that raised it."""
    if exc is None:
        return "no exception recorded"
    where = ""
    root = Path.cwd()
    for frame in traceback.extract_tb(exc.__traceback__):
        path = Path(frame.filename)
        if "site-packages" not in path.parts and path.is_relative_to(root):
            where = f" at {path.relative_to(root)}:{frame.lineno}"
    return f"{type(exc).__name__}: {str(exc)[:200]}{where}"


def summary(results: list[Result], slowest: int = 10) -> str:
    """Pages per persona, the slowest pages and the pages with most queries."""
    lines = ["Persona crawl:"]
    for r in results:
        html = sum(1 for f in r.fetches if f.content_type == "text/html")
        lines.append(
            f"  {r.persona:<12} {r.pages:>5} fetches ({html} HTML pages) in {r.seconds:6.1f} s, "
            f"{len(r.problems)} problems"
        )
        if r.capped_routes:
            capped = ", ".join(f"{route} (+{n} links)" for route, n in r.capped_routes.most_common())
            lines.append(f"      capped per pattern: {capped}")
    fetches = [(f, r.persona) for r in results for f in r.fetches]
    lines.append(f"The {slowest} slowest fetches:")
    for f, persona in sorted(fetches, key=lambda x: -x[0].seconds)[:slowest]:
        lines.append(f"  {f.seconds * 1000:7.0f} ms  {f.queries:4d} q  {f.status}  [{persona}] {f.path}")
    lines.append(f"The {slowest} fetches with most queries:")
    for f, persona in sorted(fetches, key=lambda x: -x[0].queries)[:slowest]:
        lines.append(f"  {f.queries:4d} q  {f.seconds * 1000:7.0f} ms  {f.status}  [{persona}] {f.path}")
    return "\n".join(lines)


def report(problems: list[Problem], examples: int = 5) -> str:
    """The problems grouped by kind and URL pattern, each group with its count and first examples."""
    groups: dict[tuple[str, str], list[Problem]] = defaultdict(list)
    for p in problems:
        groups[(p.kind, p.route)].append(p)
    order = {"5xx": 0, "login": 1, "refused": 2, "english": 3, "queries": 4, "capped": 5}
    lines = [f"{len(problems)} problems in {len(groups)} groups (kind, URL pattern):"]
    for (kind, route), items in sorted(groups.items(), key=lambda kv: (order.get(kv[0][0], 9), kv[0][1])):
        personas = sorted({p.persona for p in items})
        lines.append(f"- {kind} {route}: {len(items)} × (personas: {', '.join(personas)})")
        for p in items[:examples]:
            lines.append(f"    {p}")
        if len(items) > examples:
            lines.append(f"    … and {len(items) - examples} more")
    return "\n".join(lines)


def save(result: Result, folder: str | Path) -> Path:
    """Write one persona's fetches and problems as JSON into ``folder`` (for ``python -m tests.crawl``)."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{result.persona}.json"
    data = asdict(result)
    data["capped_routes"] = dict(result.capped_routes)
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1))
    return path


def load(path: Path) -> Result:
    data = json.loads(path.read_text())
    return Result(
        persona=data["persona"],
        fetches=[Fetch(**f) for f in data["fetches"]],
        problems=[Problem(**p) for p in data["problems"]],
        capped_routes=Counter(data["capped_routes"]),
        seconds=data["seconds"],
    )


if __name__ == "__main__":
    # python -m tests.crawl FOLDER: the summary and the full problem list of a run made with CRAWL_REPORT=FOLDER
    results = [load(p) for p in sorted(Path(sys.argv[1]).glob("*.json"))]
    print(summary(results))
    print(report([p for r in results for p in r.problems], examples=10**6))
