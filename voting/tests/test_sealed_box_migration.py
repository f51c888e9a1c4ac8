"""Migration 0003: the plaintext ballots of an election open at the time are sealed into a new box, the
running commitment sealed as it stood; closed elections keep their published ballots."""

import importlib

import pytest
from django.apps import apps

from voting import services, tally
from voting.models import Ballot, Election, SealedBallot
from voting.services import box

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
    e = services.close_election(e, by=personas.office)
    assert (e.accumulator, sorted(e.ballots.values_list("receipt", flat=True)), services.verify_chain(e)) == (
        running,
        ["AAAA-BBBB", "CCCC-DDDD"],
        [],
    )

    migration.seal_open_elections(apps, None)  # a closed election is left as published
    assert (Ballot.objects.count(), SealedBallot.objects.count()) == (2, 0)
