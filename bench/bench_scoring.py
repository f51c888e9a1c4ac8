"""Scoring: the pure core (``scoring.core``) aggregating and ranking 5,000 units × 60 criteria × 5 scorers,
beside a NumPy-vectorised sum of the same scores measured in the same run (the limit).

The core's job per unit: combine the five cross-score sheets leaf by leaf (mean), total them with the
rubric's caps (four sections of 12 criteria, a bonus section capped at 10, a deduction section with a
floor), then rank every unit through the tie-break chain. ``numpy`` does the arithmetic only — the mean
over scorers, one sum per unit, one argsort — on an array built beforehand (``numpy``) and, to compare
like with like, from the same Python lists the core receives (``numpy_from_lists``). Both must put the
same unit first. Target: the core under 1 s and within 5× of ``numpy_from_lists``. Quick mode: 300 units.
"""

import random

from bench.harness import compare, emit, measure
from scoring import core

CRITERIA, SCORERS = 60, 5
FIGURES = ["scoring.units", "scoring.values"] + [
    f"scoring.rank.{m}{suffix}" for m in ("core", "numpy", "numpy_from_lists") for suffix in ("", ".p95", ".queries")
]
RATIOS = [("scoring.rank.core", "scoring.rank.numpy"), ("scoring.rank.core", "scoring.rank.numpy_from_lists")]


def bench_rubric() -> core.Rubric:
    """Four sections of 12 criteria (max 2.5 each: 30 per section, capped at 25), bonus (6 × 2, cap 10),
    deductions (6 × 2)."""
    nodes = []
    kinds = [core.Kind.NORMAL] * 4 + [core.Kind.BONUS, core.Kind.DEDUCTION]
    for s, (kind, label) in enumerate(zip(kinds, ["I", "II", "III", "IV", "T", "TR"], strict=True)):
        nodes.append(core.Node(f"S{s}", None, kind, 25.0 if kind == core.Kind.NORMAL else 12.0, label))
        count = 12 if kind == core.Kind.NORMAL else 6
        nodes += [core.Node(f"S{s}.{c}", f"S{s}", kind, 2.5 if kind == core.Kind.NORMAL else 2.0) for c in range(count)]
    return core.Rubric(tuple(nodes), bonus_cap=10.0, floor=0.0)


def dataset(units: int, rubric: core.Rubric, seed: int = 2025) -> list[list[list[float]]]:
    """Per unit, five sheets of 60 values in quarter points, within each criterion's bounds."""
    rng = random.Random(seed)
    bounds = [rubric.bounds(k) for k in rubric.leaves]
    return [
        [[rng.randint(int(lo * 4), int(hi * 4)) / 4 for lo, hi in bounds] for _ in range(SCORERS)] for _ in range(units)
    ]


def rank_core(rubric: core.Rubric, data) -> object:
    ranked = core.rank(core.Entry(i, core.total(rubric, core.combine(sheets))) for i, sheets in enumerate(data))
    return ranked[0].unit


def rank_numpy(np, array) -> object:
    totals = array.mean(axis=1).sum(axis=1)
    return int(np.argsort(-totals, kind="stable")[0])


def run(quick: bool = False) -> None:
    units = 300 if quick else 5_000
    rubric = bench_rubric()
    data = dataset(units, rubric)
    try:
        import numpy as np
    except ImportError:
        # Said plainly, and the core is still measured; the missing figures and ratios fail the quick test.
        print(
            "!!! numpy is not installed: the NumPy reference of the scoring benchmark cannot run and no ratio "
            "is printed. Install the test requirements (pip install -r requirements/test.txt, as `make bench` "
            "does).",
            flush=True,
        )
        measure("scoring.rank.core", lambda: rank_core(rubric, data), repeat=3 if quick else 5)
        return
    # The reference only sums: for it to agree, no section may reach its cap (12 × 2.5 = 30 > 25) and the
    # bonus may not pass 10 (6 × 2 = 12), so the data stay below both.
    for sheets in data:
        for sheet in sheets:
            for i in range(54):
                sheet[i] = min(sheet[i], 2.0 if i < 48 else 1.5)
    array = np.array(data, dtype=np.float64)
    emit("scoring.units", units, "units")
    emit("scoring.values", units * CRITERIA * SCORERS, "values")
    compare(
        "scoring.rank",
        {
            "core": lambda: rank_core(rubric, data),
            "numpy": lambda: rank_numpy(np, array),
            "numpy_from_lists": lambda: rank_numpy(np, np.array(data, dtype=np.float64)),
        },
        repeat=3 if quick else 5,
        subject="the unit ranked first",
        ratios=[("core", "numpy"), ("core", "numpy_from_lists")],
    )
