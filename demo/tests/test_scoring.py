"""The demo's scoring: last year fully scored and closed, this year open with self-scoring part-way."""

from cycle.services import blocks
from demo.scoring import seed_scoring
from scoring.models import Rubric, Sheet
from scoring.services import results


def test_the_demo_scores_last_year_completely_and_this_year_part_way(cycle):
    nxt = blocks.copy_block_to_next_year(cycle.block, by=None)

    assert seed_scoring() == {"rubrics": 2}

    last, current = Rubric.objects.get(block=cycle.block), Rubric.objects.get(block=nxt)
    assert (last.status, current.status) == (Rubric.Status.CLOSED, Rubric.Status.OPEN)
    facts = results.load(last)
    assert (facts.core.max_points, facts.core.max_bonus, len(facts.leaves)) == (100, 10, 17)
    rows = results.leaderboard(facts)
    assert [r.rank for r in rows] == [1, 2, 3]
    assert [(r.self_progress, r.final_total is not None) for r in rows] == [((17, 17), True)] * 3
    assert sum(len(r.removed) for r in rows) == 1
    assert last.sheets.filter(round=Sheet.Round.FINAL).count() == 2
    now = results.leaderboard(results.load(current))
    assert sorted(r.self_progress[0] for r in now) == [0, 8, 17]
    assert all(r.final_total is None for r in now)
