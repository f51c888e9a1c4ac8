"""Eligibility verdicts in and out: counts per rule over a scope, the candidates of a rule, and the
verdicts of one person or one unit, with why."""

import datetime
from typing import Literal

from ninja import Field, Schema
from pydantic import model_validator

from api.schemas.common import Id, Year
from api.schemas.rulesets import RuleSetOut
from api.schemas.units import UnitRef
from honours.models import Recipient

VerdictStatus = Literal["eligible", "not_eligible", "postponed"]


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
    status: VerdictStatus
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
    eligible: int | None = Field(description="null: kết quả đang được tính lần đầu (`stored.ready` = false).")
    postponed: int | None
    not_eligible: int | None
    confidence: str
    updating: int | None = Field(
        0,
        description="Số cá nhân, tập thể vừa có dữ liệu mới, đang được tính lại: không nằm trong ba số trên "
        "(luôn 0 khi phạm vi nhỏ được xét ngay).",
    )


class StoredStateOut(Schema):
    """Kết quả lưu sẵn (phạm vi lớn): tính bởi một công việc nền, không bao giờ trình bày kết quả cũ như hiện hành."""

    ready: bool = Field(description="false: đang tính lần đầu, chưa có số nào.")
    computed_at: datetime.datetime | None
    updating: bool = Field(description="true: có dữ liệu mới đang được tính lại; hỏi lại sau ít giây.")
    everything_stale: bool = Field(
        description="true: bộ quy tắc, danh mục hoặc dữ liệu chung đã đổi: mọi kết quả đang tính lại."
    )


class EligibilityOut(Schema):
    scope: ScopeOut
    year: int
    cutoff: datetime.date
    ruleset: RuleSetOut
    counts: list[RuleCountOut]
    stored: StoredStateOut | None = Field(description="null: phạm vi nhỏ, xét ngay theo dữ liệu hiện tại.")


class CandidateQuery(ScopeQuery):
    recipient: Recipient = Recipient.INDIVIDUAL
    status: VerdictStatus | None = None
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
    updating: bool = Field(
        False, description="true: dữ liệu vừa đổi, kết quả đang được tính lại; `verdict` là theo dữ liệu hiện tại."
    )


class CandidatesOut(Schema):
    rule: str
    recipient: Recipient
    year: int
    ruleset: str
    total: int
    page: int
    pages: int
    items: list[CandidateOut]
    stored: StoredStateOut | None = Field(description="null: phạm vi nhỏ, xét ngay theo dữ liệu hiện tại.")


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
