"""The pure core: totals with caps, bonus and deduction floor; combining scorers; the tie-break
chain; discrepancies; cross-scoring plans. Hypothesis checks the properties the issue names."""

import ast
import random
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scoring.core import (
    Entry,
    Kind,
    Method,
    Node,
    Rubric,
    RubricError,
    Total,
    apply_overrides,
    assign_scorers,
    bar,
    combine,
    combine_values,
    discrepancies,
    is_complete,
    rank,
    standings,
    total,
)

N, B, D = Kind.NORMAL, Kind.BONUS, Kind.DEDUCTION


def sample_rubric(bonus_cap=10.0, floor=0.0) -> Rubric:
    """I (40: 1 = 25, 2 = 20 capped by I), II (60: 1 = 30 with a = 10, b = 20; 2 = 30), bonus (cap 10:
    two items of 6), deductions (two items of 5)."""
    return Rubric(
        (
            Node("I", None, N, 40, "I"),
            Node("I.1", "I", N, 25),
            Node("I.2", "I", N, 20),
            Node("II", None, N, 60, "II"),
            Node("II.1", "II", N, 30),
            Node("II.1.a", "II.1", N, 10),
            Node("II.1.b", "II.1", N, 20),
            Node("II.2", "II", N, 30),
            Node("T", None, B, 12),
            Node("T.1", "T", B, 6),
            Node("T.2", "T", B, 6),
            Node("TR", None, D, 10),
            Node("TR.1", "TR", D, 5),
            Node("TR.2", "TR", D, 5),
        ),
        bonus_cap=bonus_cap,
        floor=floor,
    )


def test_the_rubric_lists_its_leaves_and_sections_and_its_maxima():
    rubric = sample_rubric()

    assert rubric.leaves == ("I.1", "I.2", "II.1.a", "II.1.b", "II.2", "T.1", "T.2", "TR.1", "TR.2")
    assert rubric.sections == ("I", "II")
    assert (rubric.max_points, rubric.max_bonus, rubric.max_deductions) == (100, 10, 10)
    assert rubric.bounds("TR.1") == (-5, 0)
    assert rubric.bounds("II.1.a") == (0, 10)


def test_a_total_caps_sections_and_bonus_and_subtracts_deductions():
    rubric = sample_rubric()

    # I: 25 + 20 = 45 capped at 40; II: 10 + 20 + 30 = 60; bonus 6 + 6 capped at 10; deductions 2 + 1.5
    result = total(rubric, [25, 20, 10, 20, 30, 6, 6, -2, -1.5])

    assert result == Total(total=106.5, base=100, bonus=10, deductions=3.5, sections=(40, 60))


def test_values_outside_a_criterion_are_clamped_and_empty_counts_as_zero():
    rubric = sample_rubric()

    result = total(rubric, [99, -5, None, None, None, None, None, 3, -9])

    assert result == Total(total=20, base=25, bonus=0, deductions=5, sections=(25, 0))


def test_deductions_never_take_a_total_below_the_floor():
    rubric = sample_rubric(floor=0)

    assert total(rubric, [1, None, None, None, None, None, None, -5, -5]).total == 0


def test_a_rubric_refuses_a_child_of_another_kind_and_an_unknown_parent():
    with pytest.raises(RubricError, match="kind"):
        Rubric((Node("I", None, N, 10), Node("I.1", "I", B, 5)))
    with pytest.raises(RubricError, match="parent"):
        Rubric((Node("I.1", "I", N, 5), Node("I", None, N, 10)))


def test_scorers_combine_by_mean_median_or_trimmed_mean():
    values = [10, 8, 9, 2, None]

    assert combine_values(values, Method.MEAN) == 7.25
    assert combine_values(values, Method.MEDIAN) == 8.5
    assert combine_values(values, Method.TRIMMED, trim=1) == 8.5
    assert combine_values([4, 6], Method.TRIMMED, trim=1) == 5  # too few scorers to trim
    assert combine_values([None, None], Method.MEAN) is None
    assert combine([[1, None], [3, None]], Method.MEAN) == [2, None]
    assert combine([[1, 5], [3, 7], [8, 0]], Method.MEDIAN) == [3, 5]


def test_the_final_sheet_is_the_cross_sheet_with_the_leaders_changes():
    assert apply_overrides([1.0, None, 3.0], {1: 4.0, 2: 2.5}) == [1.0, 4.0, 2.5]


def _t(total_, deductions=0.0, sections=(0.0, 0.0), bonus=0.0):
    return Total(total_, total_, bonus, deductions, sections)


def test_the_tie_break_chain_on_an_exact_tie():
    """Four units on 95 points: fewer deductions first; then section I; then section II; the last two
    are equal on everything and share the rank as a draw for a vote."""
    entries = [
        Entry("PV01", _t(95, deductions=1, sections=(38, 58))),
        Entry("PX03", _t(95, deductions=0, sections=(35, 60))),
        Entry("PH10", _t(95, deductions=1, sections=(40, 56))),
        Entry("PC06", _t(97, deductions=3, sections=(40, 60))),
        Entry("PV06", _t(95, deductions=1, sections=(38, 58))),
    ]

    ranked = rank(entries)

    assert [(r.unit, r.rank, r.draw, r.decided_by) for r in ranked] == [
        ("PC06", 1, False, ""),
        ("PX03", 2, False, "total"),
        ("PH10", 3, False, "deductions"),
        ("PV01", 4, True, "section:0"),
        ("PV06", 4, True, "draw"),
    ]


def test_discrepancies_are_flagged_above_the_gap_and_where_one_side_is_missing():
    rubric = Rubric((Node("I", None, N, 30), Node("a", "I", N, 10), Node("b", "I", N, 10), Node("c", "I", N, 10)))

    gaps = discrepancies(rubric, [10, 8, None], [7.5, 7, 6], gap=1)

    assert [(g.leaf, g.difference, g.flagged) for g in gaps] == [("a", 2.5, True), ("b", 1, False), ("c", None, True)]


def test_members_scoring_each_other_form_a_circle():
    plan = assign_scorers(["A", "B", "C", "D"], ["A", "B", "C", "D"], 2)

    assert plan == {"A": ["B", "C"], "B": ["C", "D"], "C": ["D", "A"], "D": ["A", "B"]}


def test_a_review_group_shares_the_load():
    plan = assign_scorers(["A", "B", "C", "D", "E"], ["X", "Y", "A"], 2)

    assert plan == {"A": ["X", "Y"], "B": ["A", "Y"], "C": ["A", "X"], "D": ["X", "Y"], "E": ["A", "Y"]}


# Properties -----------------------------------------------------------------------------------

values = st.one_of(st.none(), st.floats(min_value=-50, max_value=50, allow_nan=False))


@st.composite
def rubrics(draw):
    nodes = []
    for kind, count in ((N, draw(st.integers(1, 4))), (B, draw(st.integers(0, 2))), (D, draw(st.integers(0, 2)))):
        for s in range(count):
            top = f"{kind}{s}"
            nodes.append(Node(top, None, kind, draw(st.floats(0, 60)), top))
            for c in range(draw(st.integers(0, 3))):
                child = f"{top}.{c}"
                nodes.append(Node(child, top, kind, draw(st.floats(0, 30))))
                for g in range(draw(st.integers(0, 2))):
                    nodes.append(Node(f"{child}.{g}", child, kind, draw(st.floats(0, 15))))
    return Rubric(tuple(nodes), bonus_cap=draw(st.floats(0, 20)), floor=draw(st.floats(-10, 0)))


@settings(max_examples=200, deadline=None)
@given(rubrics(), st.data())
def test_a_total_never_exceeds_max_plus_bonus_cap_nor_drops_below_the_floor(rubric, data):
    sheet = data.draw(st.lists(values, min_size=len(rubric.leaves), max_size=len(rubric.leaves)))

    result = total(rubric, sheet)

    assert rubric.floor - 1e-9 <= result.total <= rubric.max_points + rubric.max_bonus + 1e-6


@st.composite
def fields(draw):
    rubric = draw(rubrics())
    units = draw(st.integers(1, 12))
    pool = [draw(st.lists(values, min_size=len(rubric.leaves), max_size=len(rubric.leaves))) for _ in range(4)]
    # units often share a sheet so that ties happen
    sheets = [list(pool[draw(st.integers(0, 3))]) for _ in range(units)]
    return rubric, sheets


@settings(max_examples=200, deadline=None)
@given(fields(), st.randoms(use_true_random=False))
def test_ranking_is_a_total_order_independent_of_input_order(field, rnd):
    rubric, sheets = field
    entries = [Entry(f"U{i:02d}", total(rubric, s)) for i, s in enumerate(sheets)]
    shuffled = list(entries)
    rnd.shuffle(shuffled)

    first, second = rank(entries), rank(shuffled)

    assert first == second
    assert sorted(r.unit for r in first) == sorted(e.unit for e in entries)
    ranks = [r.rank for r in first]
    assert ranks == sorted(ranks) and ranks[0] == 1
    for r in first:  # competition ranking: 1 + the number of units strictly ahead
        assert r.rank == 1 + sum(1 for o in first if o.rank < r.rank)
        assert r.draw == (sum(1 for o in first if o.rank == r.rank) > 1)


@settings(max_examples=200, deadline=None)
@given(fields(), st.data())
def test_adding_points_to_one_unit_never_lowers_its_rank(field, data):
    rubric, sheets = field
    who = data.draw(st.integers(0, len(sheets) - 1))
    leaf = data.draw(st.integers(0, len(rubric.leaves) - 1))
    extra = data.draw(st.floats(0, 20))
    before = {r.unit: r.rank for r in rank(Entry(i, total(rubric, s)) for i, s in enumerate(sheets))}
    richer = [list(s) for s in sheets]
    richer[who][leaf] = (richer[who][leaf] or 0.0) + extra

    after = {r.unit: r.rank for r in rank(Entry(i, total(rubric, s)) for i, s in enumerate(richer))}

    assert after[who] <= before[who]


@settings(max_examples=200, deadline=None)
@given(st.integers(1, 12), st.integers(0, 12), st.integers(0, 6), st.booleans())
def test_an_assignment_never_has_a_unit_score_itself_and_balances_the_load(m, extra, n, members_only):
    targets = [f"U{i}" for i in range(m)]
    scorers = targets if members_only else [f"R{i}" for i in range(extra)] + targets[: m // 2]
    random.Random(m).shuffle(scorers)

    plan = assign_scorers(targets, scorers, n)

    assert sorted(plan) == sorted(targets)
    for target, chosen in plan.items():
        assert target not in chosen
        assert len(chosen) == len(set(chosen)) == min(n, len([s for s in scorers if s != target]))
    loads = [sum(s in chosen for chosen in plan.values()) for s in scorers]
    if members_only:
        assert set(loads) <= {min(n, m - 1)}
    elif loads:
        assert max(loads) - min(loads) <= 1


# Purity ---------------------------------------------------------------------------------------


def test_the_core_imports_nothing_from_django():
    path = Path(__file__).resolve().parent.parent / "core.py"
    imported = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            imported.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            imported.add(node.module.split(".")[0])
    assert sorted(imported - set(sys.stdlib_module_names)) == []
    code = "import sys, scoring.core; print(sorted(m for m in sys.modules if m.startswith('django')))"
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=path.parent.parent, capture_output=True, text=True, check=True
    )
    assert done.stdout.strip() == "[]"


# The leaderboard's rule and the chart's bars (issue 14) -----------------------------------------------------


def test_a_sheet_is_complete_when_every_scored_section_criterion_has_a_value():
    rubric = sample_rubric()  # leaves: I.1 I.2 II.1.a II.1.b II.2 T.1 T.2 TR.1 TR.2
    full = [20, 20, 10, 20, 30, None, None, None, None]  # bonus and deductions may stay empty

    assert is_complete(rubric, full) is True
    assert is_complete(rubric, [4.5, None, None, None, None, None, None, None, None]) is False
    assert is_complete(rubric, [*full[:4], float("nan"), *full[5:]]) is False


def test_a_partial_final_score_never_ranks_above_a_complete_one():
    t = lambda v: Total(v, v, 0.0, 0.0, (v,))  # noqa: E731
    ranked = standings(
        [
            Entry("partial", t(4.5), complete=False),
            Entry("done-low", t(60.0)),
            Entry("done-high", t(90.0)),
            Entry("partial-more", t(70.0), complete=False),
        ]
    )

    assert [(r.unit, r.rank, r.complete, r.decided_by) for r in ranked] == [
        ("done-high", 1, True, ""),
        ("done-low", 2, True, "total"),
        ("partial-more", 0, False, "incomplete"),
        ("partial", 0, False, "incomplete"),
    ]


def test_a_bar_adds_up_to_the_total_with_bonus_and_deductions():
    rubric = sample_rubric()
    t = total(rubric, [20, 15, 10, 20, 25, 3, 0, -2, -1])  # base 35 + 55 = 90, bonus 3, deductions 3

    pieces = bar(t)

    assert t.total == 90
    assert [(p.kind, p.index, p.start, p.end, p.value) for p in pieces] == [
        ("section", 0, 0.0, 35.0, 35.0),
        ("section", 1, 35.0, 90.0, 55.0),
        ("bonus", 0, 90.0, 93.0, 3.0),
        ("deduction", 0, 90.0, 93.0, 3.0),
    ]
    assert max(p.end for p in pieces) - sum(p.value for p in pieces if p.kind == "deduction") == t.total


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(st.none(), st.floats(-20, 40, allow_nan=False)), min_size=9, max_size=9))
def test_every_bar_ends_its_kept_part_at_the_total(values):
    rubric = sample_rubric(floor=0.0)
    t = total(rubric, values)
    pieces = bar(t)
    kept = max((p.end for p in pieces), default=0.0) - sum(p.end - p.start for p in pieces if p.kind == "deduction")
    assert abs(kept - t.total) < 3e-4  # pieces and total are each rounded to 4 places
