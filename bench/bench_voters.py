"""500 voters casting at once in one election, through the real ballot page of a production-like
gunicorn (``bench.load.server``): each voter, signed in, opens the ballot (its CSRF token), then all
post their ballot together (a barrier), and a tenth of them post it a second time. Targets: 0 lost
(every receipt handed out is in the box once the election is closed), 0 duplicate (500 ballots, every
second attempt refused), the tally verified as ``manage.py verify_election`` verifies it (the chain
and the recount). The time from the first post to the last answer is printed.

The server seals the ballots under the key derived from the benchmark's SECRET_KEY (or its
BALLOT_SEAL_KEY), which it is given, so the benchmark closes the election in-process with the same key.
The election, its voters (users linked to people of the province), their sessions and the audit rows
are deleted afterwards. Skipped inside the quick test (a transaction the server cannot see)."""

import re
import threading
import time
import urllib.parse

from django import forms
from django.db import connection
from django.urls import reverse

from bench import harness
from bench.harness import emit
from bench.load import client, server, world

VOTERS = 500
QUICK_VOTERS = 20
FIGURES: list[str] = []
LINES: list[str] = []
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
RECEIPT = re.compile(r"\b([A-Z0-9]{4}-[A-Z0-9]{4})\b")


def make_election(built: world.World, voters: int):
    """An open electronic election of the province: one question of three candidates, ``voters`` people
    of the province on the roll, each with a user linked to them; (election, users)."""
    from organisation.models import Person, User
    from voting.services import elections

    office = built.users["office"][0]
    people = list(
        Person.objects.filter(unit__path__startswith=built.province.path, user__isnull=True).order_by("pk")[:voters]
    )
    users = User.objects.bulk_create(User(username=f"{world.PREFIX}voter-{p.pk}", person=p) for p in people)
    built.users["voters"] = users
    election = elections.create_election(
        by=office, title="Bầu cử thử tải", organiser_unit=built.province, year=built.year
    )
    built.made.append(election)
    elections.add_question(
        election,
        by=office,
        text="Bầu Chủ tịch Hội đồng",
        candidates=[elections.CandidateData(label=p.full_name, person=p) for p in people[:3]],
    )
    elections.add_person_voters(election, people, by=office)
    return elections.open_election(election, by=office), users


def ballot_data(election) -> dict:
    """A complete ballot: each question's first choice."""
    from voting.forms import BallotForm

    form = BallotForm(questions=list(election.questions.prefetch_related("candidates")))
    data = {}
    for name, field in form.fields.items():
        choices = [value for value, _label in field.choices if value != ""]
        if choices:
            data[name] = [choices[0]] if isinstance(field, forms.MultipleChoiceField) else choices[0]
    return data


def _cast(base, cookie, path, data, barrier, out, index):
    voter = client.Connection(base, cookie, timeout=300)
    status, body, _ = voter.request("GET", path)
    token = TOKEN.search(body.decode()) if status == 200 else None
    voter.close()  # the post on a new connection: the server closes one kept alive while all wait
    barrier.wait()
    if token is None:
        out[index] = ("no ballot", status)
        return
    fields = data | {"step": "cast", "csrfmiddlewaretoken": token[1]}
    payload = urllib.parse.urlencode(fields, doseq=True).encode()
    headers = {"Content-Type": "application/x-www-form-urlencoded"}
    status, body, _ = voter.request("POST", path, payload, headers)
    receipt = RECEIPT.findall(body.decode()) if status == 200 else []
    out[index] = ("cast", status, receipt, voter, headers, fields)


def cast_all(base, cookies, path, data) -> tuple[list, float]:
    out = [None] * len(cookies)
    barrier = threading.Barrier(len(cookies) + 1)
    threads = [
        threading.Thread(target=_cast, args=(base, c, path, data, barrier, out, i), daemon=True)
        for i, c in enumerate(cookies)
    ]
    for t in threads:
        t.start()
    barrier.wait()
    start = time.perf_counter()
    for t in threads:
        t.join()
    return out, time.perf_counter() - start


def run(quick: bool) -> None:
    if connection.in_atomic_block:
        harness.say("BENCH voters.run skipped (inside a test transaction: a server cannot see its rows)")
        return
    count = QUICK_VOTERS if quick else VOTERS
    built = world.build(per_role=1, year_rows=False)
    try:
        _run(built, count)
    finally:
        built.remove()


def _run(built, count: int) -> None:
    from voting import services
    from voting.models import Ballot, Election

    election, users = make_election(built, count)
    path = reverse("voting:ballot", args=[election.pk])
    data = ballot_data(election)
    cookies = [built.cookie(u) for u in users]
    emit("voters.count", count, "voters")
    with server.gunicorn(workers=3, threads=4) as (base, _process, _env):
        answers, seconds = cast_all(base, cookies, path, data)
        again = [a for a in answers if a and a[0] == "cast" and len(a[2]) == 1][: max(1, count // 10)]
        refused = 0
        for _kind, _status, _receipt, voter, headers, fields in again:
            voter.close()
            status, body, _ = voter.request("POST", path, urllib.parse.urlencode(fields, doseq=True).encode(), headers)
            refused += status == 200 and not RECEIPT.findall(body.decode())
    emit("voters.seconds", seconds, "s")
    emit("voters.rate", count / seconds, "ballots/s")
    receipts = [a[2][0] for a in answers if a and a[0] == "cast" and a[1] == 200 and len(a[2]) == 1]
    failed = count - len(receipts)
    election = services.close_election(Election.objects.get(pk=election.pk), by=built.users["office"][0])
    in_box = sorted(Ballot.objects.filter(election=election).values_list("receipt", flat=True))
    problems = services.verify_chain(election) + services.recount_differences(election)
    lost = len(set(receipts) - set(in_box))
    # a receipt twice, a ballot in the box that no voter was given a receipt for, a second attempt not refused
    duplicate = len(in_box) - len(set(in_box)) + len(set(in_box) - set(receipts)) + (len(again) - refused)
    emit("voters.lost", lost, "ballots")
    emit("voters.duplicate", duplicate, "ballots")
    emit("voters.failed", failed, "voters")
    ok = lost == duplicate == failed == 0 and not problems and election.ballots_count == count
    harness.say(
        f"BENCH voters.target {'met' if ok else 'missed'} ({count} voters at once in {seconds:.1f} s: "
        f"{len(receipts)} receipts, {len(in_box)} ballots in the box, {lost} lost, {duplicate} duplicate, "
        f"{refused} of {len(again)} second attempts refused, tally {'verified' if not problems else problems[:3]})"
    )
    Ballot.objects.filter(election=election).delete()
