"""200 voters casting at once through the real HTTP stack: gunicorn (2 workers × 8 threads, as in
production) serving the test database, 400 requests fired together — each voter twice. Every
vote is counted exactly once, every second attempt is refused, and the chain verifies.

PostgreSQL only (not collected on SQLite: see conftest.py): SQLite serialises writers anyway and
an in-memory database cannot be shared with a server process."""

import json
import os
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections import Counter
from pathlib import Path

import pytest
from django.db import connection

from organisation import services as org_services
from organisation.models import Role, RoleGrant, Unit
from voting import services
from voting.models import RollEntry, SealedBallot

pytestmark = [pytest.mark.postgres_only, pytest.mark.slow, pytest.mark.django_db(transaction=True)]

VOTERS = 200
SEAL_KEY = "khoa-niem-phong-thu-dong-thoi"
ROOT = Path(__file__).resolve().parents[2]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _server(port: int) -> subprocess.Popen:
    db = connection.settings_dict
    env = os.environ | {
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}",
        "DEBUG": "false",
        "SECRET_KEY": "concurrency-test",
        "BALLOT_SEAL_KEY": SEAL_KEY,  # the test opens the election, the server seals: the same key
        "ALLOWED_HOSTS": "127.0.0.1",
        "LOG_LEVEL": "WARNING",
    }
    server = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "thidua.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "2",
            "--threads",
            "8",
            "--worker-class",
            "gthread",
            "--no-control-socket",
            "--timeout",
            "120",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/api/v1/me", timeout=10)
            return server
        except urllib.error.HTTPError:  # 401 without a token: the server answers
            return server
        except OSError:  # refused while booting, or a first slow answer
            time.sleep(0.2)
    server.kill()
    raise RuntimeError(server.stderr.read().decode())


def test_200_voters_at_once_every_vote_counted_once_every_second_attempt_refused(
    org, personas, django_user_model, settings
):
    settings.BALLOT_SEAL_KEY = SEAL_KEY
    units = [
        org_services.create_unit(
            by=None, ref=f"CAQB-T{i:03d}", code=f"T{i:03d}", name=f"Đội {i}", kind=Unit.Kind.TEAM, parent=org.caqb
        )
        for i in range(VOTERS)
    ]
    users = django_user_model.objects.bulk_create([django_user_model(username=f"voter{i:03d}") for i in range(VOTERS)])
    RoleGrant.objects.bulk_create(
        [RoleGrant(user=u, role=Role.UNIT_OFFICER, unit=unit) for u, unit in zip(users, units, strict=True)]
    )
    tokens = [org_services.issue_api_token(u, name="bỏ phiếu", by=u)[1] for u in users]
    election = services.create_election(
        by=personas.office, title="Bỏ phiếu đồng thời", organiser_unit=org.caqb, year=2025
    )
    services.add_unit_voters(election, units, by=personas.office)
    question = services.add_question(
        election,
        by=personas.office,
        text="Cờ thi đua",
        kind="choose",
        seats=1,
        candidates=[services.CandidateData(x) for x in ("A", "B", "C")],
    )
    candidates = [str(c.pk) for c in question.candidates.all()]
    services.open_election(election, by=personas.office)

    port = _free_port()
    server = _server(port)
    url = f"http://127.0.0.1:{port}/api/v1/voting/elections/{election.pk}/ballots"
    barrier = threading.Barrier(2 * VOTERS)
    outcomes: list[tuple[int, int, dict]] = []
    lock = threading.Lock()

    def vote(i: int):
        body = json.dumps({"answers": {question.key: [candidates[i % 3]]}}).encode()
        request = urllib.request.Request(
            url,
            data=body,
            method="POST",
            headers={"Authorization": f"Bearer {tokens[i]}", "Content-Type": "application/json"},
        )
        barrier.wait()
        try:
            with urllib.request.urlopen(request, timeout=120) as response:
                result = (i, response.status, json.loads(response.read()))
        except urllib.error.HTTPError as error:
            result = (i, error.code, json.loads(error.read()))
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=vote, args=(i % VOTERS,)) for i in range(2 * VOTERS)]
    try:
        for t in threads:
            t.start()
        for t in threads:
            t.join(180)
    finally:
        server.terminate()
        server.wait(10)

    by_voter: dict[int, list[int]] = {}
    for i, status, _body in outcomes:
        by_voter.setdefault(i, []).append(status)
    assert len(outcomes) == 2 * VOTERS
    assert Counter(tuple(sorted(s)) for s in by_voter.values()) == Counter({(201, 422): VOTERS})
    refusals = {body["detail"] for _i, status, body in outcomes if status == 422}
    assert refusals == {f"T{i:03d} – Đội {i} đã bỏ phiếu: mỗi cử tri chỉ bỏ một phiếu." for i in range(VOTERS)}
    receipts = [body["receipt"] for _i, status, body in outcomes if status == 201]
    assert len(set(receipts)) == VOTERS

    assert (
        SealedBallot.objects.filter(election=election).count(),
        RollEntry.objects.filter(election=election, has_voted=True).count(),
    ) == (VOTERS, VOTERS)
    election = services.close_election(election, by=personas.office)
    assert (election.ballots_count, services.verify_chain(election), services.recount_differences(election)) == (
        VOTERS,
        [],
        [],
    )
    assert sorted(election.ballots.values_list("receipt", flat=True)) == sorted(receipts)
    assert [c.result.votes for c in question.candidates.select_related("result")] == [67, 67, 66]
