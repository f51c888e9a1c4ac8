"""Writing a rubric: its settings, its criteria, the cross-scoring plan and the explanations. Every bound
is the model field's (points within ±1000 with two decimals, trim ≤ 5, 1–20 scorers per unit), so a
value out of range is a 422 naming the field before any query runs."""

import datetime
from decimal import Decimal
from typing import Annotated

from ninja import Field, Schema

from api.schemas.common import Id, Text
from api.schemas.scoring import CriterionKind, Points
from api.schemas.units import UnitRef
from scoring.models import Criterion, Method

Positive = Annotated[Decimal, Field(ge=0, le=1000, max_digits=6, decimal_places=2)]


class RubricIn(Schema):
    title: Text(255) = Field("", description="Để trống: tên mặc định theo năm của khối.")
    bonus_cap: Positive = Decimal("0")
    floor: Points = Decimal("0")
    method: Method = Method.MEAN
    trim: int = Field(1, ge=0, le=5)
    scorers_per_unit: int = Field(2, ge=1, le=20)
    gap: Positive = Decimal("1")
    note: Text(4000) = ""


class RubricPatch(Schema):
    """Only the fields sent change. While scoring is open only method, trim, scorers per unit, gap and
    note may change."""

    title: Text(255, required=True) | None = None
    bonus_cap: Positive | None = None
    floor: Points | None = None
    method: Method | None = None
    trim: int | None = Field(None, ge=0, le=5)
    scorers_per_unit: int | None = Field(None, ge=1, le=20)
    gap: Positive | None = None
    note: Text(4000) | None = None


class CriterionIn(Schema):
    parent: Id | None = Field(None, description="Mục chứa tiêu chí; không có: một mục (phần) mới.")
    code: Text(20, required=True)
    title: Text(500, required=True)
    kind: CriterionKind = Field(Criterion.Kind.NORMAL, description="Chỉ với một mục; tiêu chí con lấy loại của mục.")
    max_points: Positive
    description: Text(4000) = ""
    evidence: Text(4000) = ""


class CriterionPatch(Schema):
    code: Text(20, required=True) | None = None
    title: Text(500, required=True) | None = None
    kind: CriterionKind | None = None
    max_points: Positive | None = None
    description: Text(4000) | None = None
    evidence: Text(4000) | None = None


class AssignmentIn(Schema):
    unit: Id = Field(description="Đơn vị được chấm.")
    scorer: Id = Field(description="Đơn vị chấm.")


class ReasonIn(Schema):
    reason: Text(500, required=True)


class ExplanationRequestIn(Schema):
    criterion: Id
    question: Text(2000, required=True)


class AnswerIn(Schema):
    answer: Text(4000, required=True)


class ExplanationOut(Schema):
    id: int
    rubric: int = Field(alias="rubric_id")
    unit: UnitRef
    criterion: int = Field(alias="criterion_id")
    question: str
    answer: str
    answered_at: datetime.datetime | None
