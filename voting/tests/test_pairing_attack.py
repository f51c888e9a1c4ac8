"""The pairing attack of issue 17: a database reader lines ballot rows up, in physical order (SQLite
``rowid``, PostgreSQL ``ctid`` and ``xmin``), with the voters in the order the audit log's "has voted"
events were written and in the physical order of the roll. Sixty voters cast, in a known shuffled order,
sixty different ballots; the attacker may not recover more votes than chance (a random pairing of 60
matches 1 on average; 8 or more has a probability of 1 in 100,000).

The attack tests commit one ballot at a time (``transaction=True``), as on a server, so each cast has
its own PostgreSQL transaction id, and ``pg_dump`` sees the committed rows."""

import json
import random
import subprocess
from itertools import combinations

import pytest
from django.db import connection
from django.test import override_settings

from audit.models import AuditEvent
from organisation import services as org_services
from organisation.models import Unit
from voting import sealing, services, tally
from voting.models import Ballot, Election, QuestionResult, RollEntry, SealedBallot
from voting.services import VotingError, box

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]

VOTERS = 60
CHANCE = 7  # at most this many right guesses out of 60: P(8 or more | random pairing) ≈ 1e-5
PG_DUMP = "/usr/bin/pg_dump"


@pytest.fixture
def cast(org, personas):
    """Sixty units vote, in a shuffled order unlike the roll's, sixty different ballots (a blank, twelve
    single choices, forty-seven pairs: plaintexts of different lengths). Returns what the attack needs."""
    units = [
        org_services.create_unit(
            by=None, ref=f"CAQB-B{i:02d}", code=f"B{i:02d}", name=f"Đội {i:02d}", kind=Unit.Kind.TEAM, parent=org.caqb
        )
        for i in range(VOTERS)
    ]
    election = services.create_election(by=personas.office, title="Bỏ phiếu kín 60", organiser_unit=org.caqb, year=2025)
    services.add_unit_voters(election, units, by=personas.office)
    question = services.add_question(
        election,
        by=personas.office,
        text="Cờ thi đua",
        kind="choose",
        seats=3,
        candidates=[services.CandidateData(f"Ứng viên {n:02d}") for n in range(12)],
    )
    keys = [c.key for c in question.candidates.all()]
    choices = [[]] + [[k] for k in keys] + [sorted(pair) for pair in combinations(keys, 2)][: VOTERS - 13]
    services.open_election(election, by=personas.office)
    roll = list(election.roll.order_by("pk"))
    order = list(range(VOTERS))
    random.Random(17).shuffle(order)
    answers_of, receipts = {}, {}
    for i in order:
        answers = {question.key: choices[i]} if choices[i] else {}
        answers_of[roll[i].pk] = answers
        receipts[roll[i].pk] = services.cast_ballot(election, roll[i], answers, by=personas.office)
    return election, [roll[i].pk for i in order], answers_of, receipts


def _physical(table: str, columns: str, election: Election, *, order: str | None = None) -> list[tuple]:
    """Rows of ``table`` for the election as they lie in the file (or by ``order``)."""
    order = order or ("ctid" if connection.vendor == "postgresql" else "rowid")
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {columns} FROM {table} WHERE election_id = %s ORDER BY {order}", [election.pk])
        return cursor.fetchall()


def _loads(value):
    return json.loads(value) if isinstance(value, str) else value


def _audit_voters(rows) -> list[int]:
    """Voters in the order of their "has voted" events: by time (to the microsecond), then id."""
    return [int(object_id) for _at, _pk, object_id in sorted(rows)]


def _matches(ballot_answers: list[dict], voters: list[int], answers_of: dict[int, dict]) -> int:
    """How many votes the attacker gets right by pairing the k-th ballot with the k-th voter."""
    assert len(ballot_answers) == len(voters) == VOTERS
    return sum(1 for answers, voter in zip(ballot_answers, voters, strict=True) if answers_of[voter] == answers)


def _audit_rows():
    return list(
        AuditEvent.objects.filter(object_type="voting.rollentry", changes={"has_voted": [False, True]}).values_list(
            "at", "pk", "object_id"
        )
    )


def test_the_attack_has_its_facts_while_the_election_is_open_but_only_ciphertext(cast):
    """Control: the audit log gives the casting order exactly, and the box lies in that order. What
    lies there is sealed: it opens with the election's key only, each to one padded length."""
    election, cast_order, answers_of, receipts = cast
    election.refresh_from_db()
    assert _audit_voters(_audit_rows()) == cast_order
    rows = _physical("voting_sealedballot", "sealed", election)
    key = box.data_key(election)
    in_file_order = [sealing.open_ballot(key, election.pk, bytes(sealed)) for (sealed,) in rows]
    # a holder of the sealing key reading the box while voting runs would have every vote:
    assert [receipt for receipt, _a, _w in in_file_order] == [receipts[v] for v in cast_order]
    assert {len(bytes(s)) for (s,) in rows} == {box.box_size(election.questions.all()) + 12 + 16}
    assert Ballot.objects.filter(election=election).count() == 0
    blob = b"".join(bytes(s) for (s,) in rows) + str(_physical("voting_sealedballot", "receipt_tag", election)).encode()
    plain = [r.encode() for r in receipts.values()] + [tally.canonical(a).encode() for a in answers_of.values() if a]
    assert [p for p in plain if p in blob] == []
    with connection.cursor() as cursor:
        cursor.execute("SELECT accumulator, sealed_accumulator FROM voting_election WHERE id = %s", [election.pk])
        accumulator, sealed_sum = cursor.fetchone()
    assert (accumulator, len(bytes(sealed_sum))) == ("", 12 + 64 + 16)


def test_after_closing_rows_roll_and_audit_line_up_no_better_than_chance(cast):
    election, cast_order, answers_of, _receipts = cast
    services.close_election(election, by=None)
    by_file = [_loads(a) for (a,) in _physical("voting_ballot", "answers", election)]
    roll_by_file = [pk for pk, voted in _physical("voting_rollentry", "id, has_voted", election) if voted]
    audit_order = _audit_voters(_audit_rows())
    assert audit_order == cast_order  # the audit keeps the order of casting: the attack has it
    assert sorted(map(json.dumps, by_file)) == sorted(json.dumps(a) for a in answers_of.values())
    assert _matches(by_file, audit_order, answers_of) <= CHANCE
    assert _matches(by_file, roll_by_file, answers_of) <= CHANCE
    assert _matches(by_file, list(reversed(audit_order)), answers_of) <= CHANCE
    assert SealedBallot.objects.filter(election=election).count() == 0
    election.refresh_from_db()
    assert (election.ballot_key, election.sealed_accumulator, services.verify_chain(election)) == (None, None, [])


@pytest.mark.postgres_only
def test_after_closing_no_transaction_id_follows_the_casting_order(cast):
    """PostgreSQL stamps each row with the transaction that wrote it (``xmin``): after closing, every
    ballot and roll row was written by the closing transaction."""
    election, cast_order, answers_of, _receipts = cast
    services.close_election(election, by=None)
    by_xmin = _physical("voting_ballot", "answers, xmin::text", election, order="xmin::text::bigint, ctid")
    roll = _physical("voting_rollentry", "id, xmin::text", election, order="xmin::text::bigint, ctid")
    assert len({x for _a, x in by_xmin} | {x for _v, x in roll}) == 1
    ballots = [_loads(a) for a, _x in by_xmin]
    assert _matches(ballots, _audit_voters(_audit_rows()), answers_of) <= CHANCE
    assert _matches(ballots, [pk for pk, _x in roll], answers_of) <= CHANCE


def _pg_dump(*tables: str) -> dict[str, list[dict]]:
    """A plain ``pg_dump`` of the test database's ``tables``: rows as they come in the dump."""
    db = connection.settings_dict
    command = [PG_DUMP, "--data-only", "--no-owner", "-h", db["HOST"] or "127.0.0.1", "-p", str(db["PORT"] or 5432)]
    command += ["-U", db["USER"], "-d", db["NAME"], *[f"--table=public.{t}" for t in tables]]
    text = subprocess.run(command, check=True, capture_output=True, text=True, timeout=120).stdout
    out, columns, table = {}, None, None
    for line in text.splitlines():
        if line.startswith("COPY public."):
            table = line.split()[1].removeprefix("public.")
            columns = line[line.index("(") + 1 : line.index(")")].split(", ")
            out[table] = []
        elif line == "\\.":
            table = None
        elif table:
            out[table].append(dict(zip(columns, line.split("\t"), strict=True)))
    return out | {"": [{"text": text}]}


@pytest.mark.postgres_only
def test_a_pg_dump_taken_after_closing_lines_up_no_better_than_chance(cast):
    election, cast_order, answers_of, _receipts = cast
    services.close_election(election, by=None)
    dump = _pg_dump("voting_ballot", "voting_rollentry", "voting_sealedballot", "audit_auditevent", "voting_election")
    mine = str(election.pk)
    ballots = [json.loads(r["answers"]) for r in dump["voting_ballot"] if r["election_id"] == mine]
    roll = [int(r["id"]) for r in dump["voting_rollentry"] if r["election_id"] == mine and r["has_voted"] == "t"]
    events = [
        (r["at"], int(r["id"]), r["object_id"])
        for r in dump["audit_auditevent"]
        if r["object_type"] == "voting.rollentry" and "has_voted" in r["changes"]
    ]
    assert _audit_voters(events) == cast_order
    assert _matches(ballots, _audit_voters(events), answers_of) <= CHANCE
    assert _matches(ballots, roll, answers_of) <= CHANCE
    assert dump["voting_sealedballot"] == []
    (row,) = [r for r in dump["voting_election"] if r["id"] == mine]
    assert (row["ballot_key"], row["sealed_accumulator"]) == ("\\N", "\\N")


@pytest.mark.postgres_only
def test_a_pg_dump_taken_while_voting_runs_holds_no_receipt_and_no_answer(cast):
    election, _order, answers_of, receipts = cast
    dump = _pg_dump("voting_ballot", "voting_sealedballot", "voting_election", "audit_auditevent")
    text = dump[""][0]["text"]
    plain = [*receipts.values(), *(tally.canonical(a) for a in answers_of.values() if a)]
    hexed = [p.encode().hex() for p in plain]
    assert [p for p in plain + hexed if p in text] == []
    assert [r for r in dump["voting_ballot"] if r["election_id"] == str(election.pk)] == []
    sealed = [r["sealed"] for r in dump["voting_sealedballot"]]
    assert (len(sealed), len({len(s) for s in sealed})) == (VOTERS, 1)


@pytest.mark.django_db  # one transaction is enough here
def test_the_running_commitment_shows_no_partial_sum_while_voting_runs(org, personas, election, xdll):
    """Each cast rewrites the election row (PostgreSQL keeps the old versions until vacuum): the
    commitment there is sealed, so the sums of the published digests in casting order appear nowhere."""
    e = services.open_election(election.election, by=personas.office)
    seen, running, partial = [], "0" * 64, []
    for code in ["PX01", "PV02", "PH10", "PH41"]:
        receipt = services.cast_ballot(e, e.roll.get(unit=xdll.units[code]), {}, by=None)
        running = tally.accumulate(running, tally.ballot_digest(e.salt, receipt, {}))
        partial.append(running)
        e.refresh_from_db()
        seen.append((e.accumulator, bytes(e.sealed_accumulator)))
    assert [a for a, _s in seen] == [""] * 4
    assert [p for p in partial if any(p.encode() in s or bytes.fromhex(p) in s for _a, s in seen)] == []
    e = services.close_election(e, by=personas.office)
    assert e.accumulator == running


@pytest.mark.django_db  # one transaction is enough here
def test_a_wrong_or_missing_sealing_key_refuses_closing_and_changes_nothing(election, xdll, personas):
    e = services.open_election(election.election, by=personas.office)
    for code in ["PX01", "PV02", "PH10"]:
        services.cast_ballot(e, e.roll.get(unit=xdll.units[code]), {}, by=None)
    before = (list(RollEntry.objects.order_by("pk").values_list("pk", "has_voted")), bytes(e.ballot_key))

    def unchanged():
        e.refresh_from_db()
        return (
            e.status,
            e.ballots_count,
            SealedBallot.objects.count(),
            Ballot.objects.count(),
            QuestionResult.objects.count(),
            (list(RollEntry.objects.order_by("pk").values_list("pk", "has_voted")), bytes(e.ballot_key)) == before,
        )

    with override_settings(BALLOT_SEAL_KEY="khoa-khac"), pytest.raises(VotingError) as wrong:
        services.close_election(e, by=personas.office)
    assert str(wrong.value) == (
        "Khoá niêm phong phiếu (BALLOT_SEAL_KEY) không đúng với khoá đã dùng khi mở cuộc bỏ phiếu: "
        "không mở được hòm phiếu. Hãy khôi phục đúng khoá rồi thử lại; chưa có gì bị thay đổi."
    )
    assert unchanged() == ("open", 3, 3, 0, 0, True)
    with override_settings(BALLOT_SEAL_KEY_FILE="/khong/co/tep-khoa"), pytest.raises(VotingError) as missing:
        services.close_election(e, by=personas.office)
    assert str(missing.value) == (
        "Không đọc được tệp khoá niêm phong phiếu (BALLOT_SEAL_KEY_FILE): /khong/co/tep-khoa."
    )
    with override_settings(BALLOT_SEAL_KEY="khoa-khac"), pytest.raises(VotingError):
        services.cast_ballot(e, e.roll.get(unit=xdll.units["PV01"]), {}, by=None)
    assert unchanged() == ("open", 3, 3, 0, 0, True)
    e = services.close_election(e, by=personas.office)
    assert (e.status, Ballot.objects.count(), SealedBallot.objects.count(), services.verify_chain(e)) == (
        "closed",
        3,
        0,
        [],
    )


@pytest.mark.django_db  # one transaction is enough here
def test_a_rotated_secret_key_still_closes_through_its_fallback(election, xdll, personas, settings):
    e = services.open_election(election.election, by=personas.office)
    services.cast_ballot(e, e.roll.get(unit=xdll.units["PX01"]), {}, by=None)
    settings.SECRET_KEY_FALLBACKS = [settings.SECRET_KEY]
    settings.SECRET_KEY = "khoa-bi-mat-moi"
    assert services.close_election(e, by=personas.office).ballots_count == 1
