"""Nothing joins a ballot to its voter: not the model, the admin, the API, the exports, the audit log,
the application logs, nor the order ballots are listed in."""

import csv
import io
import json
import logging
import re

from django.contrib import admin
from django.db import models
from django.urls import reverse

from audit.models import AuditEvent
from conftest import client_for
from voting import exports, services
from voting.models import Ballot, RollEntry, SealedBallot
from voting.tests.conftest import pick

ORDER = ["PX01", "PX03", "PV02", "PV01", "PV05", "PV06", "PH10", "PH41"]


def vote_all(election, xdll, personas, client=None):
    """Every member votes, in ORDER; returns {unit code: receipt}."""
    e = services.open_election(election.election, by=personas.office)
    receipts = {}
    for i, code in enumerate(ORDER):
        leader = "PX03" if i % 3 else "PH10"
        receipts[code] = services.cast_ballot(
            e,
            e.roll.get(unit=xdll.units[code]),
            {election.leader.key: pick(election.leader, leader), election.flag.key: pick(election.flag, code)},
            by=xdll.reps[code],
        )
    return receipts


def test_a_ballot_has_no_voter_no_user_no_time_and_a_random_key():
    fields = {f.name: f for f in Ballot._meta.get_fields()}
    assert sorted(fields) == ["answers", "chain_hash", "digest", "election", "id", "receipt", "weight"]
    assert [n for n, f in fields.items() if isinstance(f, (models.DateField, models.TimeField))] == []
    assert [n for n, f in fields.items() if f.is_relation and n != "election"] == []
    assert isinstance(fields["id"], models.UUIDField)
    assert [f.name for f in RollEntry._meta.get_fields() if isinstance(f, (models.DateField, models.TimeField))] == []
    assert Ballot._meta.ordering == ["election", "receipt"]


def test_ballots_are_listed_by_receipt_not_in_the_order_they_were_cast(election, xdll, personas):
    receipts = vote_all(election, xdll, personas)
    e = election.election
    services.close_election(e, by=personas.office)
    assert list(Ballot.objects.values_list("receipt", flat=True)) == sorted(receipts.values())
    assert [row["receipt"] for row in e.ballots.values("receipt")] == sorted(receipts.values())


def test_the_admin_has_no_ballot_page_and_the_election_page_shows_no_receipt(client, election, xdll, personas):
    receipts = vote_all(election, xdll, personas)
    services.close_election(election.election, by=personas.office)
    assert Ballot not in admin.site._registry
    assert RollEntry not in admin.site._registry
    client_for(client, personas.admin)
    page = client.get(reverse("admin:voting_election_change", args=[election.election.pk])).content.decode()
    ballot_ids = [str(b) for b in Ballot.objects.values_list("id", flat=True)]
    assert [r for r in [*receipts.values(), *ballot_ids] if r in page] == []
    index = client.get(reverse("admin:index")).content.decode()
    assert sorted(set(re.findall(r"/admin/voting/[a-z]+/", index))) == [
        "/admin/voting/election/",
        "/admin/voting/question/",
    ]


def test_the_audit_log_names_who_voted_but_no_ballot(election, xdll, personas):
    receipts = vote_all(election, xdll, personas)
    services.close_election(election.election, by=personas.office)
    dump = json.dumps(
        list(AuditEvent.objects.values("object_type", "object_id", "object_repr", "changes", "note")),
        ensure_ascii=False,
    )
    secrets = [
        *receipts.values(),
        *[str(b.id) for b in Ballot.objects.all()],
        *[b.digest for b in Ballot.objects.all()],
    ]
    assert [s for s in secrets if s in dump] == []
    assert sorted(
        AuditEvent.objects.filter(object_type="voting.rollentry").values_list("object_repr", flat=True)
    ) == sorted(RollEntry.objects.values_list("label", flat=True))


def test_casting_logs_nothing_that_names_the_ballot(client, election, xdll, personas, caplog):
    e = services.open_election(election.election, by=personas.office)
    client_for(client, xdll.reps["PV01"])
    with caplog.at_level(logging.DEBUG):
        response = client.post(
            reverse("voting:ballot", args=[e.pk]),
            {"step": "cast", f"q{election.leader.pk}": pick(election.leader, "PX03")[0]},
        )
    receipt = response.context["receipt"]
    sealed = SealedBallot.objects.get()
    logged = "\n".join(f"{r.name} {r.getMessage()} {r.args}" for r in caplog.records)
    assert [s for s in (receipt, str(sealed.id), sealed.receipt_tag) if s in logged] == []


def test_the_exports_carry_receipts_or_voters_never_both(election, xdll, personas):
    receipts = vote_all(election, xdll, personas)
    e = services.close_election(election.election, by=personas.office)
    rows = list(csv.reader(io.StringIO(exports.receipts_csv(e).decode("utf-8-sig"))))
    assert rows[0] == [
        "Mã biên nhận",
        "Khối trưởng năm 2019",
        "Khối phó năm 2019",
        "Cờ thi đua của Bộ Công an",
        "Đơn vị tiên tiến",
        "Mã băm",
    ]
    assert [r[0] for r in rows[1:]] == sorted(receipts.values())
    minutes = exports.count_minutes_docx(e) + exports.minutes_docx(e)
    import docx

    text = "".join(
        p.text
        for b in (exports.count_minutes_docx(e), exports.minutes_docx(e))
        for p in docx.Document(io.BytesIO(b)).paragraphs
    )
    assert minutes[:2] == b"PK"
    assert [r for r in receipts.values() if r in text] == []


def test_the_api_gives_the_receipt_once_and_never_with_a_voter(client, election, xdll, personas):
    e = services.open_election(election.election, by=personas.office)
    from organisation.services import issue_api_token

    _token, raw = issue_api_token(xdll.reps["PV01"], name="phiếu", by=xdll.reps["PV01"])
    headers = {"Authorization": f"Bearer {raw}"}
    cast = client.post(
        f"/api/v1/voting/elections/{e.pk}/ballots",
        {"answers": {election.leader.key: pick(election.leader, "PX03")}},
        content_type="application/json",
        headers=headers,
    )
    receipt = cast.json()["receipt"]
    assert (cast.status_code, sorted(cast.json())) == (201, ["message", "receipt"])
    for code in ("PX01", "PH41", "PV05"):
        services.cast_ballot(e, e.roll.get(unit=xdll.units[code]), {}, by=None)
    services.close_election(e, by=personas.office)
    detail = client.get(f"/api/v1/voting/elections/{e.pk}", headers=headers).content.decode()
    published = client.get(f"/api/v1/voting/elections/{e.pk}/receipts", headers=headers).json()
    assert receipt not in detail
    assert [sorted(row) for row in published] == [["answers", "chain_hash", "receipt"]] * 4
    assert [row["receipt"] for row in published] == sorted(row["receipt"] for row in published)
    assert receipt in [row["receipt"] for row in published]
