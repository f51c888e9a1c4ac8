"""What goes in and out of the awards API: the catalogue (titles and award forms, never in one
list), rule sets and their editable copies, eligibility verdicts, recorded facts and block standings.

Bounded like ``api.schemas``: ids 1..2^31-1, years 1945..2100, dates 1900..2100, strings no longer
than their model field, lists at most a few hundred items.
"""

import datetime
from decimal import Decimal
from typing import Annotated, Any, Literal

from ninja import Field, Schema
from pydantic import StrictBool, StrictInt, StringConstraints, model_validator

from api.schemas import Day, Id, Text, UnitRef, Year
from eligibility.models import AchievementKind, DisciplineForm, InitiativeKind, InitiativeLevel, PendingKind
from honours.models import CommendationKind, Level, Recipient

MAX_ROWS = 500  # standings of a block
MAX_PARAMETERS = 200  # parameters changed in one request
Code = Annotated[str, StringConstraints(pattern=r"^[-a-zA-Z0-9_]+$", min_length=1, max_length=60)]
CatalogueCode = Annotated[str, StringConstraints(pattern=r"^[A-Z0-9_]+$", min_length=1, max_length=20)]
# A rule set parameter: a number, a switch, a code (rating, form, level …) or a list of codes.
ParamValue = StrictBool | StrictInt | float | Text(100) | list[Text(60)] | None
Status = Literal["eligible", "not_eligible", "postponed"]


# Catalogue ----------------------------------------------------------------------------------


class CatalogueOut(Schema):
    id: int
    code: str
    name: str
    recipient: Recipient
    level: Level
    bonus_multiple: Decimal | None = Field(description="Tiền thưởng, bội số của mức lương cơ sở.")
    kinds: list[CommendationKind] = Field(description="Loại khen thưởng mà danh hiệu, hình thức phục vụ.")
    rank: int
    legal_basis: str
    active: bool


class CatalogueFilters(Schema):
    recipient: Recipient | None = None


class CatalogueRef(Schema):
    code: str
    name: str


# Rule sets ----------------------------------------------------------------------------------


class RuleSetOut(Schema):
    code: str
    name: str
    effective_from: datetime.date
    effective_to: datetime.date | None
    builtin: bool = Field(description="Bộ có sẵn (tệp YAML), không sửa được; sao chép để sửa.")
    active: bool = Field(
        description="Bản sao: đang áp dụng cho đơn vị sở hữu và cấp dưới, thay bộ gốc. Bộ có sẵn: luôn true."
    )
    owner: UnitRef | None = Field(description="Đơn vị áp dụng bản sao (bộ có sẵn: null).")
    based_on: str | None
    version: int | None


class ParameterOut(Schema):
    name: str
    value: Any
    label: str
    source: str
    confidence: str


class ConditionOut(Schema):
    predicate: str
    params: dict = Field(description="Tham số như trong bộ quy tắc (“$tên” là tham số của bộ).")
    text: str = Field(description="Điều kiện bằng lời, với giá trị tham số của năm được mô tả.")
    basis: str
    note: str
    enabled: bool = Field(description="false: tắt bởi một tham số bật/tắt (“when”).")


class AlternativeOut(Schema):
    label: str
    note: str
    enabled: bool
    conditions: list[ConditionOut]


class RuleOut(Schema):
    code: str
    kind: Literal["title", "form"]
    name: str
    basis: str
    source: str
    confidence: str
    note: str
    collective_code: str
    individual: list[AlternativeOut] = Field(description="Phương án cho cá nhân: đạt một phương án là đủ.")
    collective: list[AlternativeOut] = Field(description="Phương án cho tập thể.")


class CommonOut(Schema):
    individual: list[ConditionOut]
    collective: list[ConditionOut]


class RuleSetDetailOut(RuleSetOut):
    legal_basis: str
    note: str
    described_year: int = Field(description="Năm dùng để diễn đạt các điều kiện (thời hạn xét, khoảng năm).")
    parameters: list[ParameterOut]
    common: CommonOut = Field(description="Điều kiện thêm vào mọi phương án, theo đối tượng.")
    rules: list[RuleOut]


class RuleSetQuery(Schema):
    year: Year | None = Field(None, description="Năm để diễn đạt điều kiện; mặc định năm nay nếu bộ còn hiệu lực.")


class InForceQuery(Schema):
    year: Year
    unit: Id | None = Field(None, description="Đơn vị được xét (bản sao đang áp dụng cho đơn vị này được ưu tiên).")


class InForceOut(Schema):
    year: int
    cutoff: datetime.date = Field(description="Ngày chốt: năm được xét theo bộ quy tắc có hiệu lực ngày này.")
    unit: UnitRef | None
    ruleset: RuleSetOut


class RuleSetCopyIn(Schema):
    base: Code = Field(description="Mã bộ quy tắc gốc (có sẵn hoặc bản sao).")
    code: Annotated[str, StringConstraints(pattern=r"^[a-z0-9_]+$", min_length=1, max_length=60)] = Field(
        description="Mã bản sao: chữ thường không dấu, chữ số, dấu gạch dưới."
    )
    name: Text(200, required=True)
    owner: Id = Field(description="Đơn vị áp dụng: một đơn vị thuộc phạm vi văn phòng thi đua của bạn.")


class RuleSetPatch(Schema):
    """Only the fields sent change; ``effective_to: null`` removes the end of the period."""

    name: Text(200, required=True) = None
    effective_from: Day = None
    effective_to: Day | None = None
    parameters: dict[Text(60, required=True), ParamValue] | None = Field(
        None, max_length=MAX_PARAMETERS, description="Tên tham số → giá trị mới."
    )
    note: Text(255) = Field("", description="Lý do thay đổi (ghi vào nhật ký).")


# Verdicts -----------------------------------------------------------------------------------


class FailureOut(Schema):
    alternative: str
    predicate: str
    condition: str
    fact: str
    basis: str
    explanation: str


class VerdictOut(Schema):
    code: str
    catalogue_code: str
    name: str
    kind: Literal["title", "form"]
    recipient: Recipient
    status: Status
    status_label: str
    matched: str | None = Field(description="Phương án được đáp ứng (hoặc sẽ được, khi hết tạm hoãn).")
    basis: str
    confidence: str
    failures: list[FailureOut]


class ScopeQuery(Schema):
    unit: Id | None = Field(None, description="Đơn vị và cấp dưới (cần `year`).")
    block: Id | None = Field(None, description="Các đơn vị thành viên của khối (năm của khối).")
    year: Year | None = None

    @model_validator(mode="after")
    def _one_scope(self):
        if (self.unit is None) == (self.block is None):
            raise ValueError("give exactly one of unit, block")
        if self.unit is not None and self.year is None:
            raise ValueError("year is required with unit")
        return self


class ScopeOut(Schema):
    kind: Literal["unit", "block"]
    id: int
    label: str
    units: list[UnitRef]


class RuleCountOut(Schema):
    code: str
    name: str
    kind: Literal["title", "form"]
    recipient: Recipient
    eligible: int
    postponed: int
    not_eligible: int
    confidence: str


class EligibilityOut(Schema):
    scope: ScopeOut
    year: int
    cutoff: datetime.date
    ruleset: RuleSetOut
    counts: list[RuleCountOut]


class CandidateQuery(ScopeQuery):
    recipient: Recipient = Recipient.INDIVIDUAL
    status: Status | None = None
    registered: Literal["yes", "no"] | None = Field(None, description="Đã đăng ký danh hiệu (chỉ với danh hiệu).")
    received: Literal["yes", "no"] | None = Field(None, description="Đã được tặng danh hiệu, hình thức năm này.")
    page: int = Field(1, ge=1, le=1_000_000)
    per_page: int = Field(50, ge=1, le=500)


class CandidateOut(Schema):
    id: int
    name: str
    unit: str = Field(description="Mã đơn vị (cá nhân) hoặc mã của chính đơn vị (tập thể).")
    registered: bool | None = Field(description="null: hình thức khen thưởng, không đăng ký.")
    received: bool
    verdict: VerdictOut


class CandidatesOut(Schema):
    rule: str
    recipient: Recipient
    year: int
    ruleset: str
    total: int
    page: int
    pages: int
    items: list[CandidateOut]


class PersonVerdictsOut(Schema):
    person: int
    year: int
    cutoff: datetime.date
    ruleset: RuleSetOut
    unit: UnitRef | None = Field(description="Đơn vị công tác vào ngày chốt (null: không công tác).")
    verdicts: list[VerdictOut]


class UnitVerdictsOut(Schema):
    unit: UnitRef
    year: int
    cutoff: datetime.date
    ruleset: RuleSetOut
    verdicts: list[VerdictOut]


# Facts --------------------------------------------------------------------------------------


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
    used_year: Year | None = None


class InitiativePatch(Schema):
    title: Text(300, required=True) = None
    kind: InitiativeKind = None
    level: InitiativeLevel = None
    recognised_on: Day = None
    used_for_title: CatalogueCode | None = None
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


# Block standings ----------------------------------------------------------------------------


class StandingOut(Schema):
    unit: UnitRef
    rank: int | None = Field(description="null: chưa có kết quả.")
    vote_share: Decimal | None = Field(description="Tỷ lệ phiếu suy tôn (%).")


class StandingsOut(Schema):
    block: int
    year: int
    source: str
    rows: list[StandingOut] = Field(description="Mọi đơn vị thành viên, theo thứ tự của khối.")


class StandingIn(Schema):
    unit: Id
    rank: int = Field(ge=1, le=32_767)
    vote_share: Decimal | None = Field(None, ge=0, le=100, max_digits=5, decimal_places=2)


class StandingsIn(Schema):
    source: Text(300) = Field("", description="Nguồn kết quả (biên bản hội nghị, kết quả chấm điểm).")
    rows: list[StandingIn] = Field(max_length=MAX_ROWS, description="Thay toàn bộ kết quả của khối.")

    @model_validator(mode="after")
    def _unique(self):
        units = [r.unit for r in self.rows]
        if len(set(units)) != len(units):
            raise ValueError("rows: duplicate unit")
        return self
