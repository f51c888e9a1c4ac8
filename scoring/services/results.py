"""Results, read-only and always current: the stored scores loaded with a fixed number of queries and handed
to the pure core (``scoring.core``) for totals, combined cross-scores, discrepancies and the ranking.

- self total: the unit's self-score sheet;
- cross total: the sheets of its *active* assignments combined leaf by leaf (mean, median or trimmed mean,
  the rubric's setting). Sheets of removed scorers are listed apart and leave the result;
- final total: the combined cross-scores with the leader's changes (each with its reason);
- the rank follows the final totals through the tie-break chain of ``scoring.core.rank``; only units whose
  final sheet is complete (every criterion of the scored sections has a final value) are ranked, the others are listed after them,
  unranked and marked "chưa chấm xong" (``scoring.core.standings``).
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from organisation.models import Unit
from scoring import core
from scoring.models import Assignment, Criterion, Explanation, Rubric, Score, Sheet
from scoring.services.rubrics import compile_rubric, tree


@dataclass
class Facts:
    rubric: Rubric
    criteria: list[Criterion]  # pre-order, with depth and is_leaf
    core: core.Rubric
    leaves: list[Criterion]
    members: list[Unit]
    sheets: dict[tuple[int, str, int | None], Sheet]  # (unit, round, scorer)
    scores: dict[int, dict[int, Score]]  # sheet id → criterion id → score
    assignments: list[Assignment]

    def vector(self, sheet: Sheet | None) -> list[float | None]:
        cells = self.scores.get(sheet.pk, {}) if sheet else {}
        return [
            float(cells[c.pk].value) if c.pk in cells and cells[c.pk].value is not None else None for c in self.leaves
        ]

    def sheet(self, unit_id: int, round_: str, scorer_id: int | None = None) -> Sheet | None:
        if round_ == Sheet.Round.SELF:
            scorer_id = unit_id
        return self.sheets.get((unit_id, round_, scorer_id))

    def active_scorers(self, unit_id: int) -> list[int]:
        return [a.scorer_id for a in self.assignments if a.unit_id == unit_id and a.active]

    def removed(self, unit_id: int) -> list[Assignment]:
        return [a for a in self.assignments if a.unit_id == unit_id and not a.active]

    def cross_vectors(self, unit_id: int) -> list[list[float | None]]:
        return [
            self.vector(s)
            for scorer in self.active_scorers(unit_id)
            if (s := self.sheet(unit_id, Sheet.Round.CROSS, scorer)) is not None
        ]

    def cross(self, unit_id: int) -> list[float | None]:
        vectors = self.cross_vectors(unit_id)
        if not vectors:
            return [None] * len(self.leaves)
        return core.combine(vectors, core.Method(self.rubric.method), self.rubric.trim)

    def final(self, unit_id: int) -> list[float | None]:
        cells = self.scores.get(s.pk, {}) if (s := self.sheet(unit_id, Sheet.Round.FINAL)) else {}
        overrides = {
            i: float(cells[c.pk].value)
            for i, c in enumerate(self.leaves)
            if c.pk in cells and cells[c.pk].value is not None
        }
        return core.apply_overrides(self.cross(unit_id), overrides)


def load(rubric: Rubric) -> Facts:
    """Everything the results need, in six queries whatever the number of units and scores."""
    criteria = tree(rubric)
    members = [m.unit for m in rubric.block.memberships.select_related("unit")]
    sheets = {(s.unit_id, s.round, s.scorer_id): s for s in rubric.sheets.all()}
    scores: dict[int, dict[int, Score]] = defaultdict(dict)
    for score in Score.objects.filter(sheet__rubric=rubric).select_related("updated_by"):
        scores[score.sheet_id][score.criterion_id] = score
    assignments = list(rubric.assignments.select_related("scorer", "removed_by"))
    return Facts(
        rubric,
        criteria,
        compile_rubric(rubric, criteria),
        [c for c in criteria if c.is_leaf],
        members,
        sheets,
        dict(scores),
        assignments,
    )


def progress(facts: Facts, sheet: Sheet | None) -> tuple[int, int]:
    """(criteria scored, criteria to score) of a sheet."""
    return sum(v is not None for v in facts.vector(sheet)), len(facts.leaves)


@dataclass
class Row:
    unit: Unit
    self_total: core.Total | None
    cross_total: core.Total | None
    final_total: core.Total | None
    self_progress: tuple[int, int]
    cross_done: int  # active scorers whose sheet is complete
    cross_expected: int  # active scorers
    removed: list[Assignment] = field(default_factory=list)
    rank: int = 0
    draw: bool = False
    decided_by: str = ""
    complete: bool = False  # every scored-section criterion has a final value: the unit takes a rank

    @property
    def decided_label(self) -> str:
        return decided_label(self.decided_by, self.section_labels)

    section_labels: tuple[str, ...] = ()


def decided_label(decided_by: str, section_labels) -> str:
    if decided_by == "total":
        return _("Tổng điểm cao hơn")
    if decided_by == "deductions":
        return _("Bằng điểm; ít điểm trừ hơn")
    if decided_by.startswith("section:"):
        return _("Bằng điểm; điểm phần %(section)s cao hơn") % {"section": section_labels[int(decided_by[8:])]}
    if decided_by == "bonus":
        return _("Bằng điểm; điểm thưởng cao hơn")
    if decided_by == "draw":
        return _("Bằng nhau hoàn toàn: cần bỏ phiếu")
    if decided_by == "incomplete":
        return _("Chưa chấm xong: xếp sau các đơn vị đã đủ điểm chốt")
    return ""


def leaderboard(facts: Facts) -> list[Row]:
    """One row per member unit: first the units whose final sheet is complete, ranked by the final total
    through the tie-break chain; then the units scored part-way, unranked (rank 0, ``complete`` False);
    last the units with no final score at all (no cross-score, no final cell)."""
    rows = {}
    complete = {}
    for unit in facts.members:
        self_sheet = facts.sheet(unit.pk, Sheet.Round.SELF)
        self_vector = facts.vector(self_sheet)
        cross_vectors = facts.cross_vectors(unit.pk)
        has_cross = any(v is not None for vector in cross_vectors for v in vector)
        final_sheet = facts.sheet(unit.pk, Sheet.Round.FINAL)
        has_final = has_cross or (final_sheet is not None and facts.scores.get(final_sheet.pk))
        final_vector = facts.final(unit.pk) if has_final else None
        if final_vector is not None:
            complete[unit.pk] = core.is_complete(facts.core, final_vector)
        rows[unit.pk] = Row(
            unit=unit,
            self_total=core.total(facts.core, self_vector) if any(v is not None for v in self_vector) else None,
            cross_total=core.total(facts.core, facts.cross(unit.pk)) if has_cross else None,
            final_total=core.total(facts.core, final_vector) if final_vector is not None else None,
            self_progress=(sum(v is not None for v in self_vector), len(facts.leaves)),
            cross_done=sum(all(v is not None for v in vector) for vector in cross_vectors),
            cross_expected=len(facts.active_scorers(unit.pk)),
            removed=facts.removed(unit.pk),
            section_labels=facts.core.section_labels,
        )
    ranked = core.standings(
        core.Entry(unit_id, row.final_total, complete[unit_id]) for unit_id, row in rows.items() if row.final_total
    )
    out = []
    for r in ranked:
        row = rows[r.unit]
        row.rank, row.draw, row.decided_by, row.complete = r.rank, r.draw, r.decided_by, r.complete
        out.append(row)
    return out + [row for row in rows.values() if not row.final_total]


@dataclass
class GapRow:
    criterion: Criterion
    self_value: float | None
    cross_value: float | None
    scorers: list[tuple[Unit, float | None]]  # each active scorer's value
    difference: float | None
    flagged: bool
    explanations: list[Explanation]


def discrepancy_report(facts: Facts, unit: Unit) -> list[GapRow]:
    """Self against combined cross, criterion by criterion, flagged above the rubric's gap."""
    self_vector = facts.vector(facts.sheet(unit.pk, Sheet.Round.SELF))
    gaps = core.discrepancies(facts.core, self_vector, facts.cross(unit.pk), float(facts.rubric.gap))
    scorers = {a.scorer_id: a.scorer for a in facts.assignments}
    per_scorer = [
        (scorers[s], facts.vector(facts.sheet(unit.pk, Sheet.Round.CROSS, s))) for s in facts.active_scorers(unit.pk)
    ]
    asked = defaultdict(list)
    for e in Explanation.objects.filter(rubric=facts.rubric, unit=unit).select_related("asked_by", "answered_by"):
        asked[e.criterion_id].append(e)
    return [
        GapRow(
            c,
            g.self_value,
            g.cross_value,
            [(u, vector[i]) for u, vector in per_scorer],
            g.difference,
            g.flagged,
            asked.get(c.pk, []),
        )
        for i, (c, g) in enumerate(zip(facts.leaves, gaps, strict=True))
    ]


def chart_bars(rows: list[Row]) -> list[tuple[Unit, core.Total, list[core.Segment]]]:
    """The chart's bars: each ranked unit's final total as pieces (sections, bonus, deductions), in rank
    order; units not yet fully scored have no bar (the table lists them as "chưa chấm xong")."""
    return [(row.unit, row.final_total, core.bar(row.final_total)) for row in rows if row.rank]


@dataclass(frozen=True)
class FinalRanks:
    """A block's ranked members, (unit, rank) best first (draws share a rank), from rubric ``version``."""

    version: int
    ranks: list


def final_ranks(block) -> FinalRanks | None:
    """The leaderboard of the block's latest rubric past the draft, members with a rank only; None when no
    member has a final score yet. What the apps above scoring (eligibility's standings) ask for."""
    rubric = Rubric.objects.filter(block=block).exclude(status=Rubric.Status.DRAFT).order_by("-version").first()
    if rubric is None:
        return None
    ranked = [(row.unit, row.rank) for row in leaderboard(load(rubric)) if row.rank]
    return FinalRanks(version=rubric.version, ranks=ranked) if ranked else None
