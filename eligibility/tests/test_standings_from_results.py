"""Block standings filled from the block's own results: the scoring leaderboard's ranks and the
flag vote's shares (what the Cờ thi đua rules read)."""

from decimal import Decimal

import pytest
from django.urls import reverse

from conftest import client_for
from eligibility.models import BlockStanding
from eligibility.services import AwardsError, standings_from_results
from scoring.models import Sheet
from scoring.services import rounds
from scoring.tests import conftest as scoring_fixtures
from voting.tests import conftest as voting_fixtures

pytestmark = pytest.mark.django_db
draft, rubric, leaf, scoring = (
    scoring_fixtures.draft,
    scoring_fixtures.rubric,
    scoring_fixtures.leaf,
    scoring_fixtures.scoring,
)
xdll, election = voting_fixtures.xdll, voting_fixtures.election


def _cross_score(scoring, by, points: dict):
    """Every assigned scorer gives each unit ``points[unit code]`` on every normal leaf (out of its max)."""
    made = rounds.assign_cross_scorers(scoring.rubric, by=by)
    for assignment in made:
        sheet = rounds.sheet_for(scoring.rubric, assignment.unit, Sheet.Round.CROSS, assignment.scorer)
        for code in ("I.1", "I.2", "II.1.a", "II.1.b", "II.2"):
            criterion = scoring.leaf[code]
            value = min(criterion.max_points, Decimal(points[assignment.unit.code]))
            rounds.save_score(sheet, criterion, by=by, value=str(value), version=0)


def test_ranks_come_from_the_leaderboard(scoring, personas, cycle):
    with pytest.raises(AwardsError, match="Khối chưa có điểm cuối cùng"):
        standings_from_results(cycle.block, by=personas.office)
    _cross_score(scoring, personas.unit_officer, {"PX03": 9, "PH10": 7, "PV01": 8})
    standings_from_results(cycle.block, by=personas.office)
    rows = list(
        BlockStanding.objects.filter(block=cycle.block).order_by("rank").values_list("unit__code", "rank", "vote_share")
    )
    assert rows == [("PX03", 1, None), ("PV01", 2, None), ("PH10", 3, None)]
    assert (
        BlockStanding.objects.filter(block=cycle.block)
        .first()
        .source.startswith("Bảng xếp hạng chấm điểm (bảng tiêu chí phiên bản 1)")
    )


def test_the_page_button_is_for_the_block_managers(client, scoring, personas, cycle):
    _cross_score(scoring, personas.unit_officer, {"PX03": 9, "PH10": 7, "PV01": 8})
    url = reverse("eligibility:block_standings_from_results", args=[cycle.block.pk])
    assert client_for(client, personas.outsider).post(url).status_code == 404
    assert client_for(client, personas.council).post(url).status_code == 403
    assert BlockStanding.objects.count() == 0
    page = client_for(client, personas.office).post(url, follow=True)
    assert "Đã lấy thứ hạng từ bảng xếp hạng chấm điểm" in page.content.decode()
    assert BlockStanding.objects.get(block=cycle.block, unit=cycle.pv01).rank == 2


def test_vote_shares_come_from_the_flag_question_of_the_closed_election(xdll, election, personas):
    from scoring.services import rubrics
    from voting import services as voting
    from voting.tests.conftest import pick

    rubric = rubrics.create_rubric(xdll.block, by=personas.office, bonus_cap=Decimal(10), floor=Decimal(0))
    rubrics.replace_criteria(rubric, scoring_fixtures.criterion_rows(), by=personas.office)
    rubric = rubrics.open_scoring(rubric, by=personas.office)
    leaves = {c.code: c for c in rubric.criteria.all()}
    points = {code: 9 - n * 0.5 for n, code in enumerate(xdll.units)}  # PX03 first, then in the block's order
    _cross_score(type("S", (), {"rubric": rubric, "leaf": leaves}), personas.office, points)

    e = election.election
    voting.open_election(e, by=personas.office)
    for n, code in enumerate(xdll.units):
        flags = ("PX03", "PH10") if n < 6 else ("PX03",)  # PX03 8/8 votes, PH10 6/8
        voting.cast_ballot(
            e,
            e.roll.get(unit=xdll.units[code]),
            {
                election.leader.key: pick(election.leader, "PX03"),
                election.deputy.key: pick(election.deputy, "PH10"),
                election.flag.key: pick(election.flag, *flags),
            },
            by=xdll.reps[code],
        )
    voting.close_election(e, by=personas.office)

    standings_from_results(xdll.block, by=personas.office)
    got = dict(BlockStanding.objects.filter(block=xdll.block).values_list("unit__code", "vote_share"))
    assert (got["PX03"], got["PH10"]) == (Decimal("100.00"), Decimal("75.00"))
    assert BlockStanding.objects.get(block=xdll.block, unit=xdll.units["PX03"]).rank == 1


def test_the_api_fills_them_too(client, scoring, personas, cycle):
    url = f"/api/v1/awards/blocks/{cycle.block.pk}/standings/from-results"
    refused = client_for(client, personas.office).post(url)
    assert refused.status_code == 422
    assert refused.json() == {"detail": "Khối chưa có điểm cuối cùng của đơn vị nào: chưa lấy được thứ hạng."}
    _cross_score(scoring, personas.unit_officer, {"PX03": 9, "PH10": 7, "PV01": 8})
    response = client.post(url)
    assert response.status_code == 200
    assert [(r["unit"]["code"], r["rank"]) for r in response.json()["rows"]] == [("PX03", 1), ("PH10", 3), ("PV01", 2)]
