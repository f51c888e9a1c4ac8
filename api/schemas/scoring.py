"""Scoring in and out: rubrics and their criteria, cross-scoring assignments, sheets and their cells,
results and the self/cross discrepancies, the evidence files of a self-score."""

import datetime
from decimal import Decimal
from typing import Annotated, Literal

from ninja import Field, Path, Schema

from api.schemas.common import MAX_ID, Choice, Text
from api.schemas.units import UnitRef
from scoring.models import Criterion, Rubric, Sheet

Points = Annotated[Decimal, Field(ge=-1000, le=1000, max_digits=6, decimal_places=2)]
CriterionKind = Choice(Criterion.Kind, "CriterionKind")
Round = Annotated[Literal["self", "final"], Path()]


class CriterionOut(Schema):
    id: int
    code: str
    parent: int | None = Field(None, alias="parent_id")
    title: str
    kind: CriterionKind
    max_points: Decimal
    description: str
    evidence: str
    depth: int
    is_leaf: bool


class RubricOut(Schema):
    id: int
    block: int = Field(alias="block_id")
    version: int
    title: str
    status: Rubric.Status
    bonus_cap: Decimal
    floor: Decimal
    method: str
    trim: int
    scorers_per_unit: int
    gap: Decimal
    max_points: float
    max_bonus: float
    criteria: list[CriterionOut]


class TotalOut(Schema):
    total: float
    base: float
    bonus: float
    deductions: float
    sections: list[float]


class RemovedOut(Schema):
    scorer: UnitRef
    reason: str


class ResultOut(Schema):
    unit: UnitRef
    rank: int
    draw: bool
    decided_by: str
    self_total: TotalOut | None
    cross_total: TotalOut | None
    final_total: TotalOut | None
    self_scored: int
    criteria: int
    cross_done: int
    cross_expected: int
    removed: list[RemovedOut]


class CrossAssignmentOut(Schema):
    id: int
    unit: UnitRef
    scorer: UnitRef
    manual: bool
    active: bool
    removed_reason: str


class CellOut(Schema):
    criterion: int
    value: Decimal | None
    version: int
    note: str
    figures: str
    reason: str


class SheetOut(Schema):
    id: int | None
    rubric: int
    unit: UnitRef
    round: Sheet.Round
    scorer: UnitRef | None
    counts: bool  # False for a removed scorer's sheet: stored, but out of the result
    total: TotalOut
    cells: list[CellOut]


class CellIn(Schema):
    value: Points | None = Field(None, description="Điểm; điểm trừ là số âm; null: xoá điểm.")
    version: int = Field(ge=0, le=MAX_ID, description="Phiên bản của ô khi bạn đọc nó (0: ô trống).")
    note: Text(4000) | None = None
    figures: Text(500) | None = None
    reason: Text(500) | None = None


class ConflictOut(Schema):
    detail: str
    current: CellOut | None


class GapOut(Schema):
    criterion: int
    code: str
    self_value: float | None
    cross_value: float | None
    difference: float | None
    flagged: bool


class BulkCellIn(CellIn):
    criterion: int = Field(ge=1, le=MAX_ID, description="Tiêu chí (cuối cùng) của ô.")


class BulkCellsIn(Schema):
    cells: list[BulkCellIn] = Field(min_length=1, max_length=500)


class EvidenceOut(Schema):
    id: int
    criterion: int = Field(alias="criterion_id")
    name: str = Field(alias="original_name")
    content_type: str
    size: int
    uploaded_at: datetime.datetime
