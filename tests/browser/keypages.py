"""The key pages of each journey in the demo, who may open them, and how a browser logs in as a demo persona.

Shared by the layout checks (``tests/browser/test_layout.py``) and ``make screenshots``
(``scripts/screenshots.py``). Everything here is found from the data, never from the markup: the pages
are ``reverse()``-d from the demo's rows (the ORM), and whether a persona may open a page is asked of the
application itself (Django's test client, in-process: 200 after redirects = may open; 403, 404 or a
redirect to the login page = refused; anything else, a 500 above all, is a defect the callers report).

Two screens of the secret ballot only exist as the answer to a POST (the review before casting and the
receipt after it). They are "replayed": the test client posts a valid ballot for the voter persona in a
transaction that is rolled back, and the browser is served that exact answer (headers included, so the
Content-Security-Policy still applies) at the ballot's address. The demo is left as it was.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field

from django.db import transaction
from django.test import Client
from django.urls import resolve, reverse

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 768}
SIZES = (PHONE, DESKTOP)


def personas() -> list[str]:
    """The demo logins, in the demo's order (admin first, the other province last)."""
    from demo.logins import LOGINS

    return [username for username, *_ in LOGINS]


def context_options(size: dict) -> dict:
    """Playwright context options for a size: the phone is a touch device that honours the viewport meta."""
    options = {"locale": "vi-VN", "viewport": dict(size)}
    if size["width"] < 768:
        options |= {"is_mobile": True, "has_touch": True}
    return options


@dataclass
class KeyPage:
    name: str  # a file-name-safe slug: "score-sheet"
    journey: str  # what a reader calls it: "score sheet (self, PX03)"
    path: str  # the address to open (GET), or the ballot's address for a replayed POST
    replay: str = ""  # "review" / "receipt": served from a POST answer captured for the persona


@dataclass
class Replay:
    status: int
    headers: dict[str, str]
    body: bytes


@dataclass
class Demo:
    pages: list[KeyPage]
    # (persona, page name) -> HTTP status as the application answers it (after redirects)
    status: dict[tuple[str, str], int] = field(default_factory=dict)
    # (persona, page name) -> the captured POST answer of a replayed page
    replays: dict[tuple[str, str], Replay] = field(default_factory=dict)
    # (persona, page name) -> the first persona that gets the very same page (see ``survey``)
    same_as: dict[tuple[str, str], str] = field(default_factory=dict)

    def opens(self, persona: str, page: KeyPage) -> bool:
        """May this persona open this page? True also for a 5xx: the page is meant for them and broken."""
        return self.status.get((persona, page.name), 404) not in REFUSED

    def to_check(self, persona: str, page: KeyPage) -> bool:
        """Opens it, and no persona before it gets the very same page."""
        return self.opens(persona, page) and (persona, page.name) not in self.same_as

    def standing_for(self, persona: str, page: KeyPage) -> list[str]:
        """The personas that get the very same page as this one."""
        return [p for (p, name), first in self.same_as.items() if name == page.name and first == persona]

    def page(self, name: str) -> KeyPage:
        return next(p for p in self.pages if p.name == name)


REFUSED = {401, 403, 404, 405, "login"}


def key_pages() -> list[KeyPage]:
    """The key pages of each journey, on the demo's province block (Khối XDLL – TT – HCKT of Công an tỉnh
    Quảng Bình) as its unit PX03 lives it: this year's block for the work in progress (registration,
    pledge, reports, the open score sheet and the open vote), last year's for the finished results
    (the closed leaderboard, the published receipts), and the year's proposal, council meeting, decision,
    certificates and published article."""
    from commendation.models import CouncilMeeting, Decision, Proposal
    from cycle.models import Block
    from news.models import Article
    from organisation.models import Unit
    from scoring.models import Rubric
    from voting.models import Election

    province = Unit.objects.get(ref="CAQB")
    px03 = Unit.objects.get(ref="CAQB-PX03")
    blocks = list(Block.objects.filter(managed_by=province, members=px03).order_by("-year", "pk"))
    block, last_year = blocks[0], next(b for b in blocks if b.year < blocks[0].year)
    rubric = Rubric.objects.filter(block=block).order_by("-version").first()
    closed_rubric = Rubric.objects.filter(block=last_year, status="closed").order_by("-version").first()
    vote = Election.objects.get(conference__block=block, status="open", runoff_of=None)
    closed_vote = Election.objects.get(conference__block=last_year, status="closed", runoff_of=None)
    proposal = Proposal.objects.filter(unit=px03, year=block.year).order_by("pk").first()
    submitted = Proposal.objects.filter(to_unit=province, status="submitted").order_by("-year", "pk").first()
    meeting = CouncilMeeting.objects.filter(unit=province).order_by("-year", "pk").first()
    decision = Decision.objects.filter(issuing_unit=province, external=False).order_by("-year", "pk").first()
    article = Article.objects.filter(status="published").order_by("-pk").first()
    ballot = reverse("voting:ballot", args=[vote.pk])
    pages = [
        KeyPage("home", "home", reverse("organisation:home")),
        KeyPage("blocks", "block list", reverse("cycle:block_list")),
        KeyPage("block", f"block {block.name} {block.year}", reverse("cycle:block_detail", args=[block.pk])),
        KeyPage("registration-board", "registration board", reverse("cycle:registration_board", args=[block.pk])),
        KeyPage("registration", "registration of PX03", reverse("cycle:registration_edit", args=[block.pk, px03.pk])),
        KeyPage("pledge", "pledge", reverse("cycle:pledge_detail", args=[block.pk])),
        KeyPage("reports", "reports board", reverse("cycle:report_board", args=[block.pk])),
        KeyPage("score-sheet", "score sheet (self, PX03)", reverse("scoring:sheet", args=[rubric.pk, "self", px03.pk])),
        KeyPage(
            "leaderboard", f"leaderboard {last_year.year}", reverse("scoring:leaderboard", args=[closed_rubric.pk])
        ),
        KeyPage("election", "election (open vote)", reverse("voting:election_detail", args=[vote.pk])),
        KeyPage("ballot", "ballot", ballot),
        KeyPage("ballot-review", "ballot review (POST answer)", ballot + "?replay=review", replay="review"),
        KeyPage("ballot-receipt", "ballot receipt (POST answer)", ballot + "?replay=receipt", replay="receipt"),
        KeyPage("receipts", f"published receipts {last_year.year}", reverse("voting:receipts", args=[closed_vote.pk])),
        KeyPage("eligibility", "eligibility", reverse("eligibility:eligibility")),
        KeyPage("proposal", "proposal of PX03", reverse("commendation:proposal_detail", args=[proposal.pk])),
        KeyPage(
            "proposal-submitted", "submitted proposal", reverse("commendation:proposal_detail", args=[submitted.pk])
        ),
        KeyPage("council-meeting", "council meeting", reverse("commendation:meeting_detail", args=[meeting.pk])),
        KeyPage("decision", "decision", reverse("commendation:decision_detail", args=[decision.pk])),
        KeyPage("certificates", "certificates", reverse("commendation:decision_certificates", args=[decision.pk])),
        KeyPage("statistics", "statistics", reverse("stats:stats_dashboard")),
        KeyPage("news", "news article", reverse("news:news_detail", args=[article.pk])),
    ]
    return pages


def survey(pages: list[KeyPage], usernames: list[str]) -> Demo:
    """Ask the application which persona may open which page, and capture the replayed ballot screens.

    Personas of the same rank often get byte for byte the same page (the office of the Ministry and of the
    province on the province's block, the council member and the leader …). A page is then checked and
    photographed for the first of them only, and the others are named beside it: the same markup lays out
    the same. What always differs, the CSRF tokens and the user's own name (the account menu, the greeting),
    is left out of the comparison; each persona's own header is still checked on its other pages, its home
    page at least."""
    from organisation.models import User

    demo = Demo(pages)
    login = reverse("login")
    seen: dict[tuple[str, str], str] = {}
    for username in usernames:
        user = User.objects.get(username=username)
        client = Client(raise_request_exception=False)
        client.force_login(user)
        names = {username, user.get_full_name(), user.person.full_name if user.person_id else ""} - {""}
        for page in pages:
            if page.replay:
                continue
            response = client.get(page.path, follow=True)
            landed = response.redirect_chain[-1][0] if response.redirect_chain else page.path
            demo.status[username, page.name] = "login" if landed.startswith(login) else response.status_code
            if response.status_code == 200 and not landed.startswith(login):
                _note_same(demo, seen, username, page, response.content, names)
        if demo.status.get((username, "ballot")) == 200:
            _capture_ballot(demo, client, username)
            for page in pages:
                if (username, page.name) in demo.replays and demo.status[username, page.name] == 200:
                    _note_same(demo, seen, username, page, demo.replays[username, page.name].body, names)
    return demo


CSRF = re.compile(r'(csrfmiddlewaretoken" value="|"X-CSRFToken": ")[^"]*')


def _note_same(demo: Demo, seen: dict, username: str, page: KeyPage, content: bytes, names: set[str]) -> None:
    html = CSRF.sub(r"\1", content.decode())
    for name in sorted(names, key=len, reverse=True):
        html = html.replace(name, "")
    key = (page.name, hashlib.sha256(html.encode()).hexdigest())
    if key in seen:
        demo.same_as[username, page.name] = seen[key]
    else:
        seen[key] = username


def _ballot_data(path: str) -> dict:
    """A valid, complete ballot for the open election behind ``path``: each question's first candidate(s),
    a different one per question (one unit may not be both leader and deputy), "yes"-like first choice on
    approve questions. Built from the ballot form's fields, not from the page."""
    from django import forms

    from voting.forms import BallotForm
    from voting.models import Election

    election = Election.objects.get(pk=resolve(path.split("?")[0]).kwargs["pk"])
    questions = list(election.questions.prefetch_related("candidates"))
    form = BallotForm(questions=questions)
    data = {}
    for index, (name, form_field) in enumerate(form.fields.items()):
        choices = [value for value, _label in form_field.choices if value != ""]
        if not choices:
            continue
        if "_c" in name:  # one candidate of an approve question: its first answer
            data[name] = choices[0]
        elif isinstance(form_field, forms.MultipleChoiceField):
            data[name] = [choices[index % len(choices)]]
        else:
            data[name] = choices[index % len(choices)]
    return data


def _capture_ballot(demo: Demo, client: Client, username: str) -> None:
    """The review and the receipt as the application answers them, then everything rolled back. That they
    are the review and the receipt, and not the ballot again with an error, is asked of the database:
    the persona's roll entry is marked as voted by the casting POST (the review posts the same answers)."""
    from voting.models import RollEntry

    review_page, receipt_page = demo.page("ballot-review"), demo.page("ballot-receipt")
    path = review_page.path.split("?")[0]
    data = _ballot_data(path)
    election = resolve(path).kwargs["pk"]
    waiting = set(RollEntry.objects.filter(election_id=election, has_voted=False).values_list("pk", flat=True))
    with transaction.atomic():
        for page, step in ((review_page, "review"), (receipt_page, "cast")):
            response = client.post(path, data | {"step": step})
            demo.status[username, page.name] = response.status_code
            headers = {k: v for k, v in response.headers.items() if k.lower() not in ("content-length", "set-cookie")}
            demo.replays[username, page.name] = Replay(response.status_code, headers, response.content)
        voted = RollEntry.objects.filter(pk__in=waiting, has_voted=True).exists()
        transaction.set_rollback(True)
    if response.status_code == 200 and not voted:
        raise AssertionError(
            f"the ballot cast for {username} with {data} was not recorded: the demo's ballot or the form changed"
        )


def serve_replay(page, demo: Demo, username: str, key_page: KeyPage, base_url: str) -> None:
    """Make the next navigation of ``page`` to the replayed address answer the captured POST answer."""
    replay = demo.replays[username, key_page.name]
    url = base_url + key_page.path

    def handler(route):
        route.fulfill(status=replay.status, headers=replay.headers, body=replay.body)

    page.route(url, handler, times=1)


def log_in(page, base_url: str, username: str, password: str) -> None:
    """Log in through the login form. The page's first submit button may be the language switch, so the
    password field's Enter submits the form it belongs to."""
    page.goto(f"{base_url}{reverse('login')}")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    with page.expect_navigation():
        page.press("#id_password", "Enter")
    if page.url.split("?")[0].endswith(reverse("login")):
        raise AssertionError(f"{username} could not log in at {base_url}")
