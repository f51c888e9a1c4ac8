"""Score aggregation and ranking: a pure core. Imports nothing from Django; plain data in, plain data out.

The rubric (bảng tiêu chí chấm điểm) is a tree of criteria in pre-order. Each node has a maximum and a
kind taken from its top-level section: ``normal`` (the scored sections), ``bonus`` (điểm thưởng) or
``deduction`` (điểm trừ). Only leaves are scored; a sheet is one value per leaf, in leaf order, or
``None`` where nothing was entered.

Totals (``total``):

- a normal or bonus leaf counts between 0 and its maximum; a deduction leaf is entered as a negative
  number and counts between −maximum and 0 (values outside are clamped here; the services refuse them
  before they are stored);
- an inner node is the sum of its children, capped at its own maximum;
- base = the sections' scores; bonus = the bonus sections, capped at the rubric's bonus cap;
  deductions = the deduction sections (as positive points);
- total = base + bonus − deductions, never below the rubric's floor.

So a total always lies in [floor, max + bonus cap] (property-tested).

Several scorers (``combine``): per leaf, the mean, the median, or the trimmed mean (the ``trim``
highest and lowest values dropped when more than 2·trim scorers scored the leaf) of the values
entered; a leaf nobody scored stays ``None``.

Ranking (``rank``), the tie-break chain: higher total; then fewer deduction points; then the higher
score of section I, then of section II, … in the rubric's order; then higher bonus; units still equal
share the rank (1, 2, 2, 4) and are flagged as a draw to be settled by a vote. The outcome does not
depend on the order of the input, and raising any value of one unit never lowers its rank.

The leaderboard (``standings``): only a unit whose final sheet is complete — every criterion of the scored
sections has a final value (bonus and deduction criteria may stay empty) — takes a rank. A unit scored part-way (say 4,5 of 100 points entered so far) is listed after every
complete unit, unranked and marked as not finished, however high its partial total: a partial total is not
a result. So a complete unit never ranks below an incomplete one.

The chart (``bar``): one bar per unit that adds up to its total — the sections, then the bonus, then the
deductions shown as the part taken off the end — so that the chart and the table read the same number.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

PLACES = 4  # totals are rounded here before they are compared: 0.1 + 0.2 ties with 0.3


class Kind(StrEnum):
    NORMAL = "normal"
    BONUS = "bonus"
    DEDUCTION = "deduction"


class Method(StrEnum):
    MEAN = "mean"
    MEDIAN = "median"
    TRIMMED = "trimmed"


@dataclass(frozen=True)
class Node:
    key: str  # unique within the rubric (the criterion's code or id)
    parent: str | None
    kind: Kind
    max_points: float
    label: str = ""


@dataclass(frozen=True)
class Total:
    total: float
    base: float
    bonus: float
    deductions: float  # positive: points taken off
    sections: tuple[float, ...]  # the normal top-level sections, in rubric order


class RubricError(ValueError):
    """The tree is not a valid rubric (unknown parent, cycle, kind differing from the section's)."""


@dataclass
class Rubric:
    """A compiled rubric. ``nodes`` in pre-order (parents before children)."""

    nodes: tuple[Node, ...]
    bonus_cap: float = 0.0
    floor: float = 0.0
    leaves: tuple[str, ...] = field(init=False)
    sections: tuple[str, ...] = field(init=False)  # normal top-level sections
    section_labels: tuple[str, ...] = field(init=False)

    def __post_init__(self):
        self.nodes = tuple(self.nodes)
        by_key = {}
        children: dict[str | None, list[str]] = {}
        for node in self.nodes:
            if node.key in by_key:
                raise RubricError(f"duplicate key {node.key}")
            if node.parent is not None:
                parent = by_key.get(node.parent)
                if parent is None:
                    raise RubricError(f"{node.key}: parent {node.parent} must come before it")
                if parent.kind != node.kind:
                    raise RubricError(f"{node.key}: kind {node.kind} differs from its section's {parent.kind}")
            if node.max_points < 0 or not math.isfinite(node.max_points):
                raise RubricError(f"{node.key}: maximum must be a finite number ≥ 0")
            by_key[node.key] = node
            children.setdefault(node.parent, []).append(node.key)
        self._by_key = by_key
        self._children = children
        self.leaves = tuple(n.key for n in self.nodes if n.key not in children)
        tops = children.get(None, [])
        self.sections = tuple(k for k in tops if by_key[k].kind == Kind.NORMAL)
        self.section_labels = tuple(by_key[k].label or k for k in self.sections)
        self._bonus_tops = tuple(k for k in tops if by_key[k].kind == Kind.BONUS)
        self._deduction_tops = tuple(k for k in tops if by_key[k].kind == Kind.DEDUCTION)
        # A flat program for ``total``: leaves as (index, low, high); inner nodes bottom-up as
        # (slot, child slots, cap). Slots 0..L-1 are the leaves, then the inner nodes.
        leaf_index = {k: i for i, k in enumerate(self.leaves)}
        self._leaf_bounds = tuple(
            (-by_key[k].max_points, 0.0) if by_key[k].kind == Kind.DEDUCTION else (0.0, by_key[k].max_points)
            for k in self.leaves
        )
        inner = [n.key for n in self.nodes if n.key in children]
        slot = dict(leaf_index)
        for i, k in enumerate(inner):
            slot[k] = len(self.leaves) + i
        self._program = tuple(
            (slot[k], tuple(slot[c] for c in children[k]), by_key[k].max_points) for k in reversed(inner)
        )
        self._slots = len(self.leaves) + len(inner)
        self._slot = slot
        self._section_slots = tuple(slot[k] for k in self.sections)
        self._bonus_slots = tuple(slot[k] for k in self._bonus_tops)
        self._deduction_slots = tuple(slot[k] for k in self._deduction_tops)
        self.max_points = sum(self.effective_max(k) for k in self.sections)
        self.max_bonus = min(self.bonus_cap, sum(self.effective_max(k) for k in self._bonus_tops))
        self.max_deductions = sum(self.effective_max(k) for k in self._deduction_tops)
        self._ceiling = self.max_points + self.max_bonus

    def node(self, key: str) -> Node:
        return self._by_key[key]

    def children(self, key: str | None) -> list[str]:
        return list(self._children.get(key, []))

    def effective_max(self, key: str) -> float:
        """What a node can really reach: its maximum, or less when its children add up to less."""
        node = self._by_key[key]
        kids = self._children.get(key)
        if not kids:
            return node.max_points
        return min(node.max_points, sum(self.effective_max(c) for c in kids))

    def bounds(self, key: str) -> tuple[float, float]:
        """The values a leaf accepts: [0, max], or [−max, 0] for a deduction."""
        return self._leaf_bounds[self.leaves.index(key)]


def node_scores(rubric: Rubric, values: Sequence[float | None]) -> list[float]:
    """Every node's score (leaves clamped, inner nodes summed and capped), by slot; see ``Rubric``."""
    scores = [0.0] * rubric._slots
    for i, (low, high) in enumerate(rubric._leaf_bounds):
        v = values[i]  # None or NaN count as nothing entered; then clamped to the criterion's bounds
        scores[i] = 0.0 if v is None or v != v else low if v < low else high if v > high else v
    for slot, kids, cap in rubric._program:
        s = 0.0
        for c in kids:
            s += scores[c]
        scores[slot] = (s if s < cap else cap) if s >= 0 else (s if s > -cap else -cap)
    return scores


def node_totals(rubric: Rubric, values: Sequence[float | None]) -> dict[str, float]:
    """Every node's score by key (the subtotals a score grid shows)."""
    scores = node_scores(rubric, values)
    return {key: scores[slot] for key, slot in rubric._slot.items()}


def total(rubric: Rubric, values: Sequence[float | None]) -> Total:
    """The sheet's total with caps, bonus (capped) and deductions, never below the floor.

    ``values``: one per leaf in ``rubric.leaves`` order; ``None`` counts as 0."""
    if len(values) != len(rubric.leaves):
        raise ValueError(f"{len(values)} values for {len(rubric.leaves)} criteria")
    scores = node_scores(rubric, values)
    sections = tuple(round(scores[s], PLACES) for s in rubric._section_slots)
    base = sum(scores[s] for s in rubric._section_slots)
    bonus = sum(scores[s] for s in rubric._bonus_slots)
    bonus = bonus if bonus < rubric.bonus_cap else rubric.bonus_cap
    deductions = -sum(scores[s] for s in rubric._deduction_slots)
    result = round(base + bonus - deductions, PLACES)
    if result < rubric.floor:
        result = rubric.floor
    elif result > rubric._ceiling:  # rounding may not lift a total above its maximum
        result = rubric._ceiling
    return Total(result, round(base, PLACES), round(bonus, PLACES), round(deductions, PLACES) + 0.0, sections)


# Several scorers -------------------------------------------------------------------------------


def _median(values: list[float]) -> float:
    values.sort()
    n = len(values)
    mid = n // 2
    return values[mid] if n % 2 else (values[mid - 1] + values[mid]) / 2


def combine_values(values: Iterable[float | None], method: Method = Method.MEAN, trim: int = 1) -> float | None:
    """One leaf: the scorers' values combined; ``None`` when nobody scored it."""
    present = [v for v in values if v is not None]
    if not present:
        return None
    if method == Method.MEAN:
        return sum(present) / len(present)
    if method == Method.MEDIAN:
        return _median(present)
    if method == Method.TRIMMED:
        if trim > 0 and len(present) > 2 * trim:
            present.sort()
            present = present[trim:-trim]
        return sum(present) / len(present)
    raise ValueError(f"unknown method {method}")


def combine(
    sheets: Sequence[Sequence[float | None]], method: Method = Method.MEAN, trim: int = 1
) -> list[float | None]:
    """Several scorers' sheets of one unit (each one value per leaf) as one sheet."""
    if not sheets:
        return []
    if method == Method.MEAN:
        n = len(sheets)
        try:  # every scorer scored every criterion: the sums run in C
            return [sum(column) / n for column in zip(*sheets, strict=True)]
        except TypeError:  # a None somewhere
            pass
        out = []
        for column in zip(*sheets, strict=True):
            s, n = 0.0, 0
            for v in column:
                if v is not None:
                    s += v
                    n += 1
            out.append(s / n if n else None)
        return out
    return [combine_values(column, method, trim) for column in zip(*sheets, strict=True)]


def apply_overrides(values: Sequence[float | None], overrides: dict[int, float]) -> list[float | None]:
    """The final sheet: the combined cross-scores with the leader's changes (leaf index → value)."""
    out = list(values)
    for index, value in overrides.items():
        out[index] = value
    return out


# Ranking ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Entry:
    unit: object  # any hashable, orderable id
    total: Total
    complete: bool = True  # every criterion has a final value (see ``is_complete``)


@dataclass(frozen=True)
class Ranked:
    unit: object
    rank: int
    total: Total
    draw: bool  # shares its rank with another unit after the whole chain: to be settled by a vote
    decided_by: str  # what puts it below the unit above: "total", "deductions", "section:<i>", "bonus", "draw", ""
    complete: bool = True  # False: scored part-way, listed after the ranked units with rank 0


def sort_key(t: Total) -> tuple:
    """The tie-break chain as one key (smaller sorts first)."""
    return (-t.total, t.deductions, *(-s for s in t.sections), -t.bonus)


def _chain_names(n_sections: int) -> list[str]:
    return ["total", "deductions", *(f"section:{i}" for i in range(n_sections)), "bonus"]


def rank(entries: Iterable[Entry]) -> list[Ranked]:
    """Rank units by the tie-break chain. Equal keys share a rank and are flagged ``draw``; units in a
    draw are listed by their id so that the output never depends on the input order."""
    keyed = sorted(((sort_key(e.total), e.unit, e.total) for e in entries), key=lambda x: (x[0], x[1]))
    out: list[Ranked] = []
    names: list[str] | None = None
    for i, (key, unit, t) in enumerate(keyed):
        if names is None:
            names = _chain_names(len(t.sections))
        tied_above = i > 0 and keyed[i - 1][0] == key
        tied_below = i + 1 < len(keyed) and keyed[i + 1][0] == key
        if i == 0:
            decided, position = "", 1
        elif tied_above:
            decided, position = "draw", out[-1].rank
        else:
            above = keyed[i - 1][0]
            first = next(j for j, (a, b) in enumerate(zip(above, key, strict=True)) if a != b)
            decided, position = names[first], i + 1
        out.append(Ranked(unit, position, t, tied_above or tied_below, decided))
    return out


def is_complete(rubric: Rubric, values: Sequence[float | None]) -> bool:
    """Every criterion of the scored sections has a value (``None`` or NaN: nobody scored it yet). Bonus
    and deduction criteria may stay empty: an empty one adds or takes off nothing."""
    return all(
        v is not None and v == v
        for key, v in zip(rubric.leaves, values, strict=True)
        if rubric._by_key[key].kind == Kind.NORMAL
    )


def standings(entries: Iterable[Entry]) -> list[Ranked]:
    """The leaderboard: the complete entries ranked by ``rank``, then the incomplete ones, unranked (rank 0,
    ``decided_by`` "incomplete"), in the order of the same chain so that the furthest along comes first."""
    entries = list(entries)
    ranked = rank(e for e in entries if e.complete)
    pending = sorted(
        ((sort_key(e.total), e.unit, e.total) for e in entries if not e.complete), key=lambda x: (x[0], x[1])
    )
    return ranked + [Ranked(unit, 0, t, False, "incomplete", complete=False) for _key, unit, t in pending]


@dataclass(frozen=True)
class Segment:
    """A piece of a unit's bar: ``kind`` "section" (``index`` in the rubric's order), "bonus" or
    "deduction"; it spans [start, end] on the points axis and stands for ``value`` points."""

    kind: str
    index: int
    start: float
    end: float
    value: float


def bar(t: Total) -> list[Segment]:
    """The sections side by side from 0, then the bonus; the deductions are the part [total, base + bonus]
    taken off the end, so the bar's kept length is the total the table shows (the floor included).
    Empty pieces are left out."""
    out, x = [], 0.0
    for i, value in enumerate(t.sections):
        if value > 0:
            out.append(Segment("section", i, x, x + value, value))
            x += value
    if t.bonus > 0:
        out.append(Segment("bonus", 0, x, x + t.bonus, t.bonus))
        x += t.bonus
    if x - t.total > 1e-9:  # rounding noise is not a deduction
        out.append(Segment("deduction", 0, max(t.total, 0.0), x, t.deductions))
    return out


# Discrepancies ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Gap:
    leaf: str
    self_value: float | None
    cross_value: float | None
    difference: float | None  # self − cross
    flagged: bool


def discrepancies(
    rubric: Rubric, self_values: Sequence[float | None], cross_values: Sequence[float | None], gap: float
) -> list[Gap]:
    """Self-score against combined cross-score, leaf by leaf; flagged when they differ by more than
    ``gap`` points, or when one side scored a leaf the other left empty."""
    out = []
    for key, s, c in zip(rubric.leaves, self_values, cross_values, strict=True):
        if s is None and c is None:
            out.append(Gap(key, None, None, None, False))
            continue
        if s is None or c is None:
            out.append(Gap(key, s, c, None, True))
            continue
        diff = round(s - c, PLACES)
        out.append(Gap(key, s, c, diff, abs(diff) > gap + 1e-9))
    return out


# Cross-scoring assignments ---------------------------------------------------------------------


def assign_scorers(targets: Sequence, scorers: Sequence, n: int) -> dict[object, list]:
    """Who scores whom: each target gets ``n`` distinct scorers (fewer when fewer are eligible), never
    itself, with the scorers' loads differing by at most one.

    When the scorers are the targets themselves (members score each other) the plan is circular —
    target i is scored by i+1 … i+n in the given order — so every unit scores exactly n others.
    Otherwise (a review group) each target takes the least-loaded scorers, ties broken by position
    so that the plan rotates."""
    if n < 0:
        raise ValueError("n must be ≥ 0")
    targets, scorers = list(targets), list(scorers)
    if len(set(targets)) != len(targets) or len(set(scorers)) != len(scorers):
        raise ValueError("duplicate units")
    if set(targets) == set(scorers):
        m = len(scorers)
        order = targets
        k = min(n, m - 1)
        return {t: [order[(i + j) % m] for j in range(1, k + 1)] for i, t in enumerate(order)}
    load = dict.fromkeys(scorers, 0)
    position = {s: i for i, s in enumerate(scorers)}
    plan = {}
    m = len(scorers)
    for i, t in enumerate(targets):
        candidates = [s for s in scorers if s != t]
        candidates.sort(key=lambda s: (load[s], (position[s] - i) % m if m else 0))
        chosen = candidates[:n]
        for s in chosen:
            load[s] += 1
        plan[t] = chosen
    return plan
