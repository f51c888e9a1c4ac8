"""The sealed box: the check while voting runs, and migration 0003 (the plaintext ballots of an election
open at the time are sealed into a new box, the running commitment sealed as it stood; closed elections
keep their published ballots)."""

import importlib

import pytest
from django.apps import apps
from django.core.management import call_command
from django.core.management.base import CommandError

from voting import services, tally
from voting.models import Ballot, Election, SealedBallot
from voting.services import VotingError, box

migration = importlib.import_module("voting.migrations.0003_sealed_ballot_box")


@pytest.mark.django_db
def test_the_migration_seals_the_ballots_of_an_open_election_and_closing_still_checks_them(election, xdll, personas):
    e = services.open_election(election.election, by=personas.office)
    # the state an open election was in before the box: plaintext ballots, a plain running commitment
    answers = [{}, {election.leader.key: [election.leader.candidates.first().key]}]
    running = "0" * 64
    for receipt, given in zip(["AAAA-BBBB", "CCCC-DDDD"], answers, strict=True):
        digest = tally.ballot_digest(e.salt, receipt, given)
        Ballot.objects.create(election=e, receipt=receipt, answers=given, weight=1, digest=digest)
        running = tally.accumulate(running, digest)
    Election.objects.filter(pk=e.pk).update(
        accumulator=running, ballots_count=2, ballot_key=None, sealed_accumulator=None
    )

    migration.seal_open_elections(apps, None)

    e.refresh_from_db()
    assert (Ballot.objects.count(), SealedBallot.objects.count(), e.accumulator) == (0, 2, "")
    assert box.read_box(e) == ([("AAAA-BBBB", answers[0], 1), ("CCCC-DDDD", answers[1], 1)], running)
    assert services.verify_chain(e) == []
    migration.unseal_open_elections(apps, None)  # backwards, and forwards again
    e.refresh_from_db()
    assert (Ballot.objects.count(), SealedBallot.objects.count(), e.accumulator, e.ballot_key) == (2, 0, running, None)
    migration.seal_open_elections(apps, None)
    e.refresh_from_db()
    e = services.close_election(e, by=personas.office)
    assert (e.accumulator, sorted(e.ballots.values_list("receipt", flat=True)), services.verify_chain(e)) == (
        running,
        ["AAAA-BBBB", "CCCC-DDDD"],
        [],
    )

    migration.seal_open_elections(apps, None)  # a closed election is left as published
    assert (Ballot.objects.count(), SealedBallot.objects.count()) == (2, 0)


@pytest.mark.django_db
def test_the_check_opens_the_box_while_voting_runs_and_finds_a_removed_ballot(election, xdll, personas, capsys):
    e = services.open_election(election.election, by=personas.office)
    receipts = [services.cast_ballot(e, e.roll.get(unit=xdll.units[c]), {}, by=None) for c in ["PX01", "PV02"]]
    e.refresh_from_db()
    assert services.verify_chain(e) == []
    call_command("verify_election", str(e.pk))
    SealedBallot.objects.filter(pk=SealedBallot.objects.order_by("pk").first().pk).delete()
    assert services.verify_chain(e) == [
        "Tổng cam kết của các phiếu không khớp: có phiếu bị thêm, bớt hoặc sửa.",
        "Số phiếu lưu (1) khác số phiếu đã nhận (2).",
    ]
    with pytest.raises(CommandError, match="^2 lỗi.$"):
        call_command("verify_election", str(e.pk))
    assert [r for r in receipts if r in capsys.readouterr().out] == []


@pytest.mark.django_db
def test_a_sealed_ballot_altered_in_the_database_refuses_closing_and_nothing_is_written(election, xdll, personas):
    e = services.open_election(election.election, by=personas.office)
    for code in ["PX01", "PV02", "PH10"]:
        services.cast_ballot(e, e.roll.get(unit=xdll.units[code]), {}, by=None)
    victim = SealedBallot.objects.order_by("pk").first()
    flipped = bytearray(victim.sealed)
    flipped[-1] ^= 1
    SealedBallot.objects.filter(pk=victim.pk).update(sealed=bytes(flipped))
    with pytest.raises(
        VotingError, match="^Có phiếu niêm phong bị sửa hoặc không thuộc cuộc bỏ phiếu này: không mở được.$"
    ):
        services.close_election(e, by=personas.office)
    e.refresh_from_db()
    assert (e.status, SealedBallot.objects.count(), Ballot.objects.count(), e.ballot_key is not None) == (
        "open",
        3,
        0,
        True,
    )
