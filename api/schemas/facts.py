"""Recorded facts in and out: honours received, initiatives, disciplines, pending cases, achievements."""

import datetime

from ninja import Field, Schema

from api.schemas.catalogue import CatalogueCode, CatalogueRef
from api.schemas.common import Day, Text, Year
from eligibility.models import AchievementKind, DisciplineForm, InitiativeKind, InitiativeLevel, PendingKind
from honours.models import CommendationKind


class TitleAwardOut(Schema):
    id: int
    year: int
    title: CatalogueRef
    decision_ref: str
    annulled: bool


class FormAwardOut(Schema):
    id: int
    year: int
    award_form: CatalogueRef
    kind: CommendationKind
    decided_on: datetime.date | None
    decision_ref: str
    annulled: bool


class InitiativeOut(Schema):
    id: int
    title: str
    kind: InitiativeKind
    level: InitiativeLevel
    recognised_on: datetime.date
    used_for_title: CatalogueRef | None
    used_for_form: CatalogueRef | None
    used_year: int | None


class DisciplineOut(Schema):
    id: int
    form: DisciplineForm
    decided_on: datetime.date
    period_end: datetime.date
    decision_ref: str


class PendingCaseOut(Schema):
    id: int
    kind: PendingKind
    opened_on: datetime.date
    closed_on: datetime.date | None
    note: str


class AchievementOut(Schema):
    id: int
    year: int
    kind: AchievementKind
    description: str


class PersonFactsOut(Schema):
    person: int
    titles: list[TitleAwardOut] = Field(description="Danh hiệu thi đua đã nhận (kể cả đã huỷ bỏ, có đánh dấu).")
    award_forms: list[FormAwardOut] = Field(description="Hình thức khen thưởng đã nhận.")
    initiatives: list[InitiativeOut]
    disciplines: list[DisciplineOut]
    pending_cases: list[PendingCaseOut]
    achievements: list[AchievementOut]


class InitiativeIn(Schema):
    title: Text(300, required=True)
    kind: InitiativeKind = InitiativeKind.SANG_KIEN
    level: InitiativeLevel
    recognised_on: Day
    used_for_title: CatalogueCode | None = Field(None, description="Mã danh hiệu đã dùng sáng kiến để xét.")
    used_for_form: CatalogueCode | None = Field(None, description="Mã hình thức khen thưởng đã dùng sáng kiến để xét.")
    used_year: Year | None = None


class InitiativePatch(Schema):
    title: Text(300, required=True) = None
    kind: InitiativeKind = None
    level: InitiativeLevel = None
    recognised_on: Day = None
    used_for_title: CatalogueCode | None = None
    used_for_form: CatalogueCode | None = None
    used_year: Year | None = None


class DisciplineIn(Schema):
    form: DisciplineForm
    decided_on: Day
    period_end: Day
    decision_ref: Text(200) = ""


class DisciplinePatch(Schema):
    form: DisciplineForm = None
    decided_on: Day = None
    period_end: Day = None
    decision_ref: Text(200) = None


class PendingCaseIn(Schema):
    kind: PendingKind
    opened_on: Day
    closed_on: Day | None = None
    note: Text(300) = ""


class PendingCasePatch(Schema):
    kind: PendingKind = None
    opened_on: Day = None
    closed_on: Day | None = None
    note: Text(300) = None


class AchievementIn(Schema):
    year: Year
    kind: AchievementKind
    description: Text(500, required=True)


class AchievementPatch(Schema):
    year: Year = None
    kind: AchievementKind = None
    description: Text(500, required=True) = None
