"""What goes in and out of the cycle's API: movements, blocks, registration, pledges, reports,
conferences, and the user's tasks and notifications.

Bounded like ``api.schemas``: ids 1..2^31-1, years 1945..2100, dates 1900..2100, strings no longer
than their model field (free text fields at most ``MAX_TEXT``), lists at most a few hundred items.
"""

import datetime
from decimal import Decimal
from typing import Literal

from ninja import Field, Schema
from pydantic import model_validator

from api.schemas import Day, Id, Text, UnitRef, Year
from cycle.models import Block, Conference, Movement, Pledge, ReportKind

MAX_TEXT = 20_000  # a pledge clause, a preamble, one section of a report
MAX_UNITS = 500  # members of a block, units covered by a movement, attendance rows
MAX_SMALL = 32_767  # PositiveSmallIntegerField


def _unique(ids: list[int], what: str) -> None:
    if len(set(ids)) != len(ids):
        raise ValueError(f"{what}: duplicate id")


def _check_period(start, end) -> None:
    if start and end and end < start:
        raise ValueError("end_date < start_date")


# Movements --------------------------------------------------------------------------------


class MovementOut(Schema):
    id: int
    name: str
    kind: Movement.Kind
    year: int
    start_date: datetime.date
    end_date: datetime.date
    theme: str
    slogan: str
    description: str
    launched_by: UnitRef
    covers: list[UnitRef]

    @staticmethod
    def resolve_covers(obj) -> list:
        return list(obj.covers.all())


class MovementFilters(Schema):
    year: Year | None = None


class MovementCreate(Schema):
    name: Text(255, required=True)
    kind: Movement.Kind = Movement.Kind.REGULAR
    year: Year
    start_date: Day
    end_date: Day
    theme: Text(500) = ""
    slogan: Text(500) = ""
    description: Text(MAX_TEXT) = ""
    launched_by: Id = Field(description="Đơn vị phát động: một đơn vị bạn có quyền ghi.")
    covers: list[Id] = Field(
        [], max_length=MAX_UNITS, description="Phạm vi (đơn vị và cấp dưới); để trống: toàn bộ đơn vị phát động."
    )

    @model_validator(mode="after")
    def _valid(self):
        _check_period(self.start_date, self.end_date)
        _unique(self.covers, "covers")
        return self


class MovementPatch(Schema):
    """Only the fields sent change."""

    name: Text(255, required=True) = None
    kind: Movement.Kind = None
    year: Year = None
    start_date: Day = None
    end_date: Day = None
    theme: Text(500) = None
    slogan: Text(500) = None
    description: Text(MAX_TEXT) = None
    launched_by: Id = None
    covers: list[Id] = Field(None, max_length=MAX_UNITS)

    @model_validator(mode="after")
    def _valid(self):
        _check_period(self.start_date, self.end_date)
        _unique(self.covers or [], "covers")
        return self


# Blocks -----------------------------------------------------------------------------------


class BlockRef(Schema):
    id: int
    name: str
    year: int


class BlockOut(Schema):
    id: int
    year: int
    kind: Block.Kind
    name: str
    number: int | None
    movement: int | None
    managed_by: UnitRef
    leader: UnitRef | None
    deputy: UnitRef | None
    registration_deadline: datetime.date | None
    previous: int | None = Field(description="Khối năm trước (nếu khối được chuyển từ năm trước).")

    @staticmethod
    def resolve_movement(obj) -> int | None:
        return obj.movement_id

    @staticmethod
    def resolve_previous(obj) -> int | None:
        return obj.previous_id


class DeadlineOut(Schema):
    kind: ReportKind
    deadline: datetime.date


class BlockDetailOut(BlockOut):
    members: list[UnitRef] = Field(description="Theo thứ tự trong khối.")
    leaders_basis: str
    leaders_set_at: datetime.datetime | None
    report_deadlines: list[DeadlineOut]

    @staticmethod
    def resolve_members(obj) -> list:
        return [m.unit for m in obj.memberships.select_related("unit")]

    @staticmethod
    def resolve_report_deadlines(obj) -> list:
        return list(obj.report_deadlines.all())


class BlockFilters(Schema):
    year: Year | None = None
    movement: Id | None = None
    managed_by: Id | None = Field(None, description="Cơ quan quản lý khối (Hội đồng TĐKT).")


class BlockCreate(Schema):
    year: Year
    kind: Block.Kind = Block.Kind.BLOCK
    name: Text(255, required=True)
    number: int | None = Field(None, ge=0, le=MAX_SMALL)
    movement: Id | None = None
    managed_by: Id = Field(description="Cơ quan quản lý: một đơn vị bạn có quyền ghi.")
    members: list[Id] = Field(min_length=2, max_length=MAX_UNITS, description="Ít nhất hai đơn vị, theo thứ tự.")
    leader: Id | None = None
    deputy: Id | None = None
    leaders_basis: Text(255) = ""
    registration_deadline: Day | None = None

    @model_validator(mode="after")
    def _valid(self):
        _unique(self.members, "members")
        return self


class BlockPatch(Schema):
    """Only the fields sent change. Members: PUT /blocks/{id}/members; leader and deputy: PUT /blocks/{id}/leaders."""

    year: Year = None
    kind: Block.Kind = None
    name: Text(255, required=True) = None
    number: int | None = Field(None, ge=0, le=MAX_SMALL)
    movement: Id | None = None
    registration_deadline: Day | None = None


class MembersIn(Schema):
    members: list[Id] = Field(min_length=2, max_length=MAX_UNITS)

    @model_validator(mode="after")
    def _valid(self):
        _unique(self.members, "members")
        return self


class LeadersIn(Schema):
    leader: Id | None
    deputy: Id | None
    basis: Text(255, required=True) = Field(description="Căn cứ: số quyết định hoặc kết quả suy tôn.")


class CopyIn(Schema):
    movement: Id | None = Field(None, description="Phong trào của năm sau (không bắt buộc).")


# Registration -----------------------------------------------------------------------------


class TitleRef(Schema):
    id: int
    code: str
    name: str


class RegistrationRowOut(Schema):
    unit: UnitRef
    state: Literal["none", "draft", "confirmed"]
    titles: list[TitleRef]
    targets: int
    people: list[int] = Field(description="Số cán bộ đăng ký theo từng danh hiệu của `columns`.")
    people_total: int
    is_leader: bool
    is_deputy: bool


class RegistrationTotalsOut(Schema):
    members: int
    none: int
    draft: int
    confirmed: int
    people: list[int]
    people_total: int
    targets: int


class RegistrationBoardOut(Schema):
    columns: list[TitleRef]
    rows: list[RegistrationRowOut]
    totals: RegistrationTotalsOut


class TargetIn(Schema):
    text: Text(500, required=True)
    value: Decimal | None = Field(None, max_digits=12, decimal_places=2)
    measure: Text(40) = ""


class TargetOut(Schema):
    text: str
    value: Decimal | None
    measure: str
    achieved: bool | None


class PersonRef(Schema):
    id: int
    ident: str
    full_name: str


class PersonTitleIn(Schema):
    person: Id
    title: Id


class PersonTitleOut(Schema):
    person: PersonRef
    title: TitleRef


class RegistrationIn(Schema):
    """The whole registration: anything left out is no longer registered."""

    titles: list[Id] = Field(max_length=50, description="Danh hiệu tập thể.")
    targets: list[TargetIn] = Field(max_length=200)
    people: list[PersonTitleIn] = Field(max_length=5000, description="Cán bộ của đơn vị và danh hiệu cá nhân.")

    @model_validator(mode="after")
    def _valid(self):
        _unique(self.titles, "titles")
        return self


class RegistrationOut(Schema):
    block: int
    unit: UnitRef
    status: Literal["none", "draft", "confirmed"]
    titles: list[TitleRef]
    targets: list[TargetOut]
    people: list[PersonTitleOut]
    confirmed_at: datetime.datetime | None
    updated_at: datetime.datetime | None


# Pledges ----------------------------------------------------------------------------------


class ClauseOut(Schema):
    id: int
    order: int
    text: str


class SignatureOut(Schema):
    unit: UnitRef
    signer_name: str
    signer_position: str
    signed_on: datetime.date
    recorded_at: datetime.datetime


class PledgeOut(Schema):
    id: int
    block: int
    version: int
    title: str
    preamble: str
    status: Pledge.Status
    place: str
    signing_date: datetime.date | None
    adopted_at: int | None = Field(description="Hội nghị thông qua giao ước.")
    clauses: list[ClauseOut]
    signatures: list[SignatureOut]
    unsigned: list[UnitRef] = Field(description="Đơn vị thành viên chưa ký phiên bản này.")


class PledgeCreate(Schema):
    title: Text(255, required=True)
    preamble: Text(MAX_TEXT) = ""


class PledgePatch(Schema):
    title: Text(255, required=True) = None
    preamble: Text(MAX_TEXT) = None


class ClauseIn(Schema):
    text: Text(MAX_TEXT, required=True)


class MoveIn(Schema):
    direction: Literal["up", "down"]


class AdoptIn(Schema):
    place: Text(100, required=True)
    signing_date: Day
    conference: Id | None = Field(None, description="Hội nghị của khối đã thông qua giao ước.")


class SignIn(Schema):
    signer_name: Text(120, required=True)
    signer_position: Text(120, required=True)
    signed_on: Day


# Reports ----------------------------------------------------------------------------------


class BoardRowOut(Schema):
    unit: UnitRef
    state: Literal["submitted", "late", "returned", "accepted", "missing"]
    late: bool
    overdue: bool
    first_submitted_at: datetime.datetime | None
    report: int | None
    is_leader: bool
    is_deputy: bool


class ReportBoardOut(Schema):
    kind: ReportKind
    deadline: datetime.date | None
    counts: dict[str, int]
    rows: list[BoardRowOut]


class SectionOut(Schema):
    id: int
    order: int
    heading: str
    guidance: str
    text: str


class AttachmentOut(Schema):
    id: int
    name: str
    content_type: str
    size: int
    uploaded_at: datetime.datetime

    @staticmethod
    def resolve_name(obj) -> str:
        return obj.original_name


class EventOut(Schema):
    action: str
    at: datetime.datetime
    by: str | None
    reason: str

    @staticmethod
    def resolve_by(obj) -> str | None:
        return obj.by.username if obj.by_id else None


class ReportOut(Schema):
    id: int | None
    block: int
    unit: UnitRef
    kind: ReportKind
    status: Literal["none", "draft", "submitted", "returned", "accepted"]
    deadline: datetime.date | None
    submitted_at: datetime.datetime | None
    returned_reason: str
    late: bool = Field(description="Lần nộp đầu tiên sau hạn.")
    sections: list[SectionOut]
    attachments: list[AttachmentOut]
    events: list[EventOut]


class SectionTextIn(Schema):
    section: Id
    text: Text(MAX_TEXT)


class ReportDraftIn(Schema):
    """The text of the sections sent; sections left out keep their text."""

    sections: list[SectionTextIn] = Field(max_length=200)

    @model_validator(mode="after")
    def _valid(self):
        _unique([s.section for s in self.sections], "sections")
        return self


class ReturnIn(Schema):
    reason: Text(2000, required=True)


# Conferences ------------------------------------------------------------------------------


class ConferenceOut(Schema):
    id: int
    block: int
    kind: Conference.Kind
    date: datetime.date
    place: str
    chair_name: str
    chair_position: str
    notes: str

    @staticmethod
    def resolve_block(obj) -> int:
        return obj.block_id


class AttendanceOut(Schema):
    unit: UnitRef
    recorded: bool
    present: bool
    representative: str
    position: str


class ConferenceDetailOut(ConferenceOut):
    attendance: list[AttendanceOut] = Field(description="Mọi đơn vị thành viên, theo thứ tự trong khối.")

    @staticmethod
    def resolve_attendance(obj) -> list:
        return obj.attendance_rows


class ConferenceCreate(Schema):
    kind: Conference.Kind
    date: Day
    place: Text(255, required=True)
    chair_name: Text(120) = ""
    chair_position: Text(255) = ""
    notes: Text(MAX_TEXT) = ""


class AttendanceIn(Schema):
    unit: Id
    present: bool = True
    representative: Text(120) = ""
    position: Text(120) = ""


class AttendanceListIn(Schema):
    """Units left out keep what they had."""

    attendance: list[AttendanceIn] = Field(max_length=MAX_UNITS)

    @model_validator(mode="after")
    def _valid(self):
        _unique([row.unit for row in self.attendance], "attendance")
        return self


# Me ---------------------------------------------------------------------------------------


class TaskOut(Schema):
    kind: Literal["register", "confirm", "sign", "submit", "resubmit", "accept"]
    text: str
    block: BlockRef
    unit: UnitRef
    deadline: datetime.date | None
    overdue: bool
    url: str = Field(description="Trang của hệ thống để làm việc này.")


class NotificationOut(Schema):
    id: int
    text: str
    url: str
    created_at: datetime.datetime
    read_at: datetime.datetime | None


class NotificationFilters(Schema):
    unread: bool = Field(False, description="Chỉ các thông báo chưa đọc.")
