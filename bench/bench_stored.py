"""Stored verdicts (issue 16): the eligibility page of the whole Ministry reads the verdicts a job stored, and the job
recomputes every officer and unit.

``stored.recompute`` is the job's work for the whole organisation (claim the stale marks, load the facts, evaluate
the rule set in force, pack and store, delete the marks); ``stored.page`` is the eligibility page of the root unit
(the Ministry) as an administrator's browser gets it, through Django's test client, once the verdicts are stored;
``stored.listing`` is the first page of one rule's candidates there (CSTĐ cơ sở, eligible), explanations built on
the facts of the 50 shown. The reference is what the page did before: ``stored.live``, evaluating the whole
Ministry in the request. Targets: the page within 1 s, the recompute within 5 s; ``….target`` says, honestly,
whether each is met. The snapshot made is deleted and the pages' user rolled back: the dataset is left as it was.
"""

import statistics

from django.db import connection, transaction
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from bench import harness
from bench.harness import emit, measure, ratio
from demo.dataset import organisation as dataset
from eligibility import registry, stored
from eligibility.engine import cutoff
from eligibility.models import VerdictSnapshot
from eligibility.services import evaluate_scope
from organisation.models import Unit, User

YEAR = dataset.LAST_YEAR
PAGE_S, RECOMPUTE_S = 1.0, 5.0
FIGURES = [
    "stored.people",
    "stored.recompute",
    "stored.recompute.verdicts",
    "stored.recompute.order",
    "stored.page",
    "stored.page.statements",
    "stored.listing",
    "stored.live",
    "stored.bytes",
]
RATIOS = [("stored.page", "stored.live"), ("stored.recompute", "stored.live")]


def _target(name: str, timing: harness.Timing, target_s: float, what: str) -> None:
    met = timing.median <= target_s
    line = (
        f"BENCH stored.{name}.target {'met' if met else 'missed'} "
        f"({what} in {timing.median:.2f} s; target within {target_s:.0f} s)"
    )
    harness.say(line)


def run(quick: bool = False) -> None:
    repeat = 2 if quick else 3
    root = Unit.objects.filter(parent__isnull=True).order_by("path").first()
    entry = registry.in_force(cutoff(YEAR), root)
    key = {"ruleset": entry.code, "year": YEAR, "scope_key": stored.WHOLE}
    # The recompute runs as the job does, outside a transaction (so its two biggest reads run in parallel).
    VerdictSnapshot.objects.filter(**key).delete()
    VerdictSnapshot.objects.create(**key)
    try:
        parts = []
        recompute, _ = measure(
            "stored.recompute", lambda: parts.append(stored.recompute(900_000_001)), repeat=repeat, warmup=0
        )
        # The job's two parts: the verdicts (load, evaluate, store) and the listing order computed after them.
        emit("stored.recompute.verdicts", statistics.median(p["seconds"] for p in parts) * 1000, "ms")
        emit("stored.recompute.order", statistics.median(p["order_seconds"] for p in parts) * 1000, "ms")
        row = VerdictSnapshot.objects.get(**key)
        emit("stored.people", row.people, "people")
        emit("stored.bytes", len(bytes(row.data)), "bytes")
        live, _ = measure("stored.live", lambda: evaluate_scope(root, YEAR, entry.code), repeat=1)
        with transaction.atomic(), override_settings(ELIGIBILITY_STORED_FROM=0 if quick else 3000):
            _pages(root, repeat, recompute, live, row)
            transaction.set_rollback(True)
    finally:
        VerdictSnapshot.objects.filter(**key).delete()


def _pages(root, repeat: int, recompute, live, row) -> None:
    admin = User.objects.create_superuser(username="bench-stored", password="x")
    client = Client()
    client.force_login(admin)
    url = reverse("eligibility:eligibility")

    def get(params):
        response = client.get(url, params)
        if response.status_code != 200 or b"stored-at" not in response.content:
            raise AssertionError(f"stored: the page answered {response.status_code} without stored verdicts")
        return response

    page, _ = measure("stored.page", lambda: get({"unit": root.pk, "year": YEAR}), repeat=repeat + 2)
    with CaptureQueriesContext(connection) as queries:
        get({"unit": root.pk, "year": YEAR})
    emit("stored.page.statements", len(queries.captured_queries), "queries")
    listing, _ = measure(
        "stored.listing",
        lambda: get({"unit": root.pk, "year": YEAR, "rule": "CSTDCS", "who": "individual", "status": "eligible"}),
        repeat=repeat,
    )
    ratio(page, live)
    ratio(recompute, live)
    _target("page", page, PAGE_S, "the Ministry's eligibility page")
    _target("listing", listing, PAGE_S, "the first page of one rule's candidates for the Ministry")
    _target("recompute", recompute, RECOMPUTE_S, f"every verdict of {row.people:,} people and {row.units:,} units")
