"""Two people saving the same cell at the same moment, each on its own database connection (PostgreSQL):
exactly one save goes through, the other is told of the conflict, and the stored value is the winner's —
for a first save of an empty cell (the unique constraint decides) and for a change of a saved one (the row
lock decides)."""

import threading
from decimal import Decimal

import pytest
from django.db import connection

from scoring.models import Score, Sheet
from scoring.services.rounds import ScoreConflict, save_score, sheet_for

pytestmark = [pytest.mark.postgres_only, pytest.mark.slow, pytest.mark.django_db(transaction=True)]


def _race(sheet, criterion, users, values, version):
    barrier = threading.Barrier(len(users))
    outcome = {}

    def save(user, value):
        try:
            barrier.wait()
            save_score(sheet, criterion, by=user, value=value, version=version)
            outcome[user.username] = "saved"
        except ScoreConflict:
            outcome[user.username] = "conflict"
        finally:
            connection.close()

    threads = [threading.Thread(target=save, args=(u, v)) for u, v in zip(users, values, strict=True)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return outcome


def test_two_simultaneous_saves_of_one_cell_give_one_save_and_one_conflict(scoring, personas):
    sheet = sheet_for(scoring.rubric, scoring.px03, Sheet.Round.SELF)
    criterion = scoring.leaf["I.1"]
    users = [personas.unit_officer, personas.commander]

    first = _race(sheet, criterion, users, ["15", "12"], version=0)
    second = _race(sheet, criterion, users, ["16", "11"], version=1)

    for outcome in (first, second):
        assert sorted(outcome.values()) == ["conflict", "saved"]
    score = Score.objects.get()
    winner = next(u for u in users if second[u.username] == "saved")
    assert (score.version, score.value, score.updated_by) == (
        2,
        Decimal("16.00") if winner == personas.unit_officer else Decimal("11.00"),
        winner,
    )
