"""Council meetings and their secret vote, decisions (issue, annulment, higher-level decisions).

Access as in the UI (``awards.permissions``): the issuing body's read roles see its meetings and
decisions, its emulation office changes them; outsiders 404, read-only roles 403. Every change
goes through ``commendation.services``; a change the rules refuse is a 422 with its Vietnamese message.
Ballots are cast through the voting API (``/voting``), never here.
"""

import datetime
import functools
from decimal import Decimal

from django.http import Http404
from ninja import Field, Query, Router, Schema, Status
from ninja.errors import HttpError

from api.schemas import PathId
from commendation import permissions as awards_perms
from commendation.models import CouncilMeeting, Decision, ProposalLine
from commendation.services import council, decisions
from eligibility.services import AwardsError
from organisation import permissions as org_perms
from organisation.models import Unit
from voting.services import VotingError

router = Router()


def refusals(view):
    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except (AwardsError, VotingError) as error:
            raise HttpError(422, str(error)) from error

    return wrapper


# Schemas --------------------------------------------------------------------------------------


class MemberIn(Schema):
    person: int
    present: bool = True
    role: str = Field("", max_length=120)


class MemberOut(Schema):
    person: int
    name: str
    role: str
    present: bool


class MeetingIn(Schema):
    unit: int
    year: int = Field(..., ge=2000, le=2100)
    date: datetime.date
    place: str = Field(..., max_length=255)
    quorum_share: Decimal | None = Field(None, gt=0, le=1)


class MeetingOut(Schema):
    id: int
    unit: int
    year: int
    date: datetime.date
    place: str
    status: str
    quorum_share: Decimal
    present: int
    total: int
    needed: int
    members: list[MemberOut]
    agenda: list[int]
    election: int | None


class LinesIn(Schema):
    lines: list[int]


class VoteIn(Schema):
    per_list: bool = False


class ListQuery(Schema):
    year: int | None = None


class LineOut(Schema):
    id: int
    proposal_line: int | None
    person: int | None
    unit: int | None
    honour: str
    honour_name: str
    bonus_multiple: Decimal | None
    bonus_amount: int | None
    annulled: bool


class DecisionOut(Schema):
    id: int
    issuing_unit: int
    issuer_name: str
    external: bool
    year: int
    kind: str
    number: int | None
    symbol: str
    date: datetime.date | None
    reference: str
    subject: str
    status: str
    base_salary: int | None
    signer_name: str
    signer_position: str
    lines: list[LineOut]


class DecisionIn(Schema):
    issuing_unit: int
    lines: list[int]
    symbol: str = Field(..., max_length=40)
    subject: str = Field(..., max_length=300)
    meeting: int | None = None
    date: datetime.date | None = None
    legal_basis: str = ""
    signer_name: str = Field("", max_length=120)
    signer_position: str = Field("", max_length=120)
    signer_authority: str = Field("", max_length=60)


class DecisionPatch(Schema):
    subject: str | None = Field(None, max_length=300)
    date: datetime.date | None = None
    legal_basis: str | None = None
    achievement_text: str | None = Field(None, max_length=300)
    signer_name: str | None = Field(None, max_length=120)
    signer_position: str | None = Field(None, max_length=120)
    signer_authority: str | None = Field(None, max_length=60)
    place: str | None = Field(None, max_length=80)


class IssueIn(Schema):
    number: int | None = Field(None, ge=1)
    date: datetime.date | None = None


class ExternalIn(Schema):
    issuing_unit: int
    issuer_name: str = Field(..., max_length=200)
    number: int = Field(..., ge=1)
    symbol: str = Field(..., max_length=40)
    date: datetime.date
    lines: list[int]
    subject: str = Field("", max_length=300)


class AnnulIn(Schema):
    ground: str
    reason: str
    annulled_on: datetime.date
    annulling_reference: str = Field(..., max_length=120)
    lines: list[int] | None = None
    recovered_amount: int = Field(0, ge=0)


class AnnulmentOut(Schema):
    id: int
    decision: int
    ground: str
    reason: str
    annulled_on: datetime.date
    annulling_reference: str
    recovered_amount: int
    lines: list[int]


def _meeting_out(meeting: CouncilMeeting) -> dict:
    quorum = council.check_quorum(meeting)
    return {
        "id": meeting.pk,
        "unit": meeting.unit_id,
        "year": meeting.year,
        "date": meeting.date,
        "place": meeting.place,
        "status": meeting.status,
        "quorum_share": meeting.quorum_share,
        "present": quorum.present,
        "total": quorum.total,
        "needed": quorum.needed,
        "election": meeting.election_id,
        "members": [
            {"person": m.person_id, "name": m.person.full_name, "role": m.role, "present": m.present}
            for m in meeting.members.select_related("person").order_by("pk")
        ],
        "agenda": sorted(meeting.agenda.values_list("pk", flat=True)),
    }


def _decision_out(decision: Decision) -> dict:
    return {
        "id": decision.pk,
        "issuing_unit": decision.issuing_unit_id,
        "issuer_name": decision.issuer_name,
        "external": decision.external,
        "year": decision.year,
        "kind": decision.kind,
        "number": decision.number,
        "symbol": decision.symbol,
        "date": decision.date,
        "reference": decision.reference,
        "subject": decision.subject,
        "status": decision.status,
        "base_salary": decision.base_salary,
        "signer_name": decision.signer_name,
        "signer_position": decision.signer_position,
        "lines": [
            {
                "id": x.pk,
                "proposal_line": x.proposal_line_id,
                "person": x.person_id,
                "unit": x.unit_id,
                "honour": (x.title or x.award_form).code,
                "honour_name": (x.title or x.award_form).name,
                "bonus_multiple": x.bonus_multiple,
                "bonus_amount": x.bonus_amount,
                "annulled": x.annulled,
            }
            for x in decisions.issued_lines(decision)
        ],
    }


def _body(user, pk: int, *, write: bool = True) -> Unit:
    unit = Unit.objects.filter(pk=pk).first()
    if unit is None or not awards_perms.reads_body(user, unit):
        raise Http404
    if write and not awards_perms.writes_body(user, unit):
        raise HttpError(403, "Bạn chỉ có quyền xem, không có quyền thay đổi mục này.")
    return unit


def _lines(ids: list[int]) -> list[ProposalLine]:
    lines = list(ProposalLine.objects.filter(pk__in=ids))
    if len(lines) != len(set(ids)):
        raise HttpError(422, "Có dòng đề nghị không tồn tại.")
    return lines


# Meetings -------------------------------------------------------------------------------------


@router.get("/meetings", response=list[MeetingOut], tags=["decisions: council"], summary="Phiên họp Hội đồng TĐKT")
def list_meetings(request, query: Query[ListQuery]):
    meetings = CouncilMeeting.objects.filter(unit__in=awards_perms.body_units_for_user(request.auth))
    if query.year:
        meetings = meetings.filter(year=query.year)
    return [_meeting_out(m) for m in meetings.order_by("-date", "-pk")]


@router.post("/meetings", response={201: MeetingOut}, tags=["decisions: council"], summary="Tạo phiên họp")
@refusals
def create_meeting(request, data: MeetingIn):
    unit = _body(request.auth, data.unit)
    meeting = council.create_meeting(
        by=request.auth, unit=unit, year=data.year, date=data.date, place=data.place, quorum_share=data.quorum_share
    )
    return Status(201, _meeting_out(meeting))


@router.get("/meetings/{pk}", response=MeetingOut, tags=["decisions: council"], summary="Một phiên họp")
def get_meeting(request, pk: PathId):
    return _meeting_out(awards_perms.get_meeting_for_user(request.auth, pk))


@router.put(
    "/meetings/{pk}/members", response=MeetingOut, tags=["decisions: council"], summary="Thành viên Hội đồng và có mặt"
)
@refusals
def set_members(request, pk: PathId, data: list[MemberIn]):
    meeting = awards_perms.get_meeting_for_user(request.auth, pk, write=True)
    people = {p.pk: p for p in org_perms.visible_people(request.auth).filter(pk__in=[m.person for m in data])}
    if len(people) != len({m.person for m in data}):
        raise HttpError(422, "Có người không tồn tại hoặc nằm ngoài phạm vi của bạn.")
    council.set_members(meeting, [(people[m.person], m.present, m.role) for m in data], by=request.auth)
    return _meeting_out(meeting)


@router.put("/meetings/{pk}/agenda", response=MeetingOut, tags=["decisions: council"], summary="Nội dung xét")
@refusals
def set_agenda(request, pk: PathId, data: LinesIn):
    meeting = awards_perms.get_meeting_for_user(request.auth, pk, write=True)
    council.set_agenda(meeting, _lines(data.lines), by=request.auth)
    return _meeting_out(meeting)


@router.post(
    "/meetings/{pk}/hold",
    response=MeetingOut,
    tags=["decisions: council"],
    summary="Bắt đầu phiên họp (kiểm tra số thành viên có mặt)",
)
@refusals
def hold_meeting(request, pk: PathId):
    meeting = awards_perms.get_meeting_for_user(request.auth, pk, write=True)
    return _meeting_out(council.hold_meeting(meeting, by=request.auth))


@router.post(
    "/meetings/{pk}/vote",
    response=MeetingOut,
    tags=["decisions: council"],
    summary="Mở bỏ phiếu kín (bỏ phiếu qua /voting)",
)
@refusals
def open_vote(request, pk: PathId, data: VoteIn):
    meeting = awards_perms.get_meeting_for_user(request.auth, pk, write=True)
    council.open_council_vote(meeting, by=request.auth, per_list=data.per_list)
    return _meeting_out(CouncilMeeting.objects.get(pk=pk))


@router.post(
    "/meetings/{pk}/result",
    response=dict[int, str],
    tags=["decisions: council"],
    summary="Ghi kết quả xét từ kết quả bỏ phiếu",
)
@refusals
def record_result(request, pk: PathId):
    meeting = awards_perms.get_meeting_for_user(request.auth, pk, write=True)
    return council.record_council_result(meeting, by=request.auth)


@router.post("/meetings/{pk}/close", response=MeetingOut, tags=["decisions: council"], summary="Kết thúc phiên họp")
@refusals
def close_meeting(request, pk: PathId):
    meeting = awards_perms.get_meeting_for_user(request.auth, pk, write=True)
    return _meeting_out(council.close_meeting(meeting, by=request.auth))


# Decisions ------------------------------------------------------------------------------------


@router.get("", response=list[DecisionOut], tags=["decisions"], summary="Quyết định khen thưởng")
def list_decisions(request, query: Query[ListQuery]):
    found = Decision.objects.filter(issuing_unit__in=awards_perms.body_units_for_user(request.auth))
    if query.year:
        found = found.filter(year=query.year)
    return [_decision_out(x) for x in found.order_by("-date", "-number", "-pk")]


@router.post("", response={201: DecisionOut}, tags=["decisions"], summary="Dự thảo quyết định từ các đề nghị")
@refusals
def create_decision(request, data: DecisionIn):
    unit = _body(request.auth, data.issuing_unit)
    meeting = awards_perms.get_meeting_for_user(request.auth, data.meeting) if data.meeting else None
    fields = data.dict(exclude={"issuing_unit", "lines", "symbol", "subject", "meeting"}, exclude_none=True)
    decision = decisions.create_decision_from_lines(
        by=request.auth,
        issuing_unit=unit,
        lines=_lines(data.lines),
        symbol=data.symbol,
        subject=data.subject,
        meeting=meeting,
        **fields,
    )
    return Status(201, _decision_out(decision))


@router.post(
    "/external",
    response={201: DecisionOut},
    tags=["decisions"],
    summary="Ghi nhận quyết định của cấp trên (số, ngày, người được khen)",
)
@refusals
def record_external(request, data: ExternalIn):
    unit = _body(request.auth, data.issuing_unit)
    decision = decisions.record_external_decision(
        by=request.auth,
        issuing_unit=unit,
        issuer_name=data.issuer_name,
        number=data.number,
        symbol=data.symbol,
        date=data.date,
        lines=_lines(data.lines),
        subject=data.subject,
    )
    return Status(201, _decision_out(decision))


@router.get("/{pk}", response=DecisionOut, tags=["decisions"], summary="Một quyết định")
def get_decision(request, pk: PathId):
    return _decision_out(awards_perms.get_decision_for_user(request.auth, pk))


@router.patch("/{pk}", response=DecisionOut, tags=["decisions"], summary="Sửa dự thảo (quyết định đã ban hành: 422)")
@refusals
def update_decision(request, pk: PathId, data: DecisionPatch):
    decision = awards_perms.get_decision_for_user(request.auth, pk, write=True)
    return _decision_out(decisions.update_decision(decision, by=request.auth, **data.dict(exclude_unset=True)))


@router.post("/{pk}/issue", response=DecisionOut, tags=["decisions"], summary="Ban hành (cấp số, tính tiền thưởng)")
@refusals
def issue(request, pk: PathId, data: IssueIn):
    decision = awards_perms.get_decision_for_user(request.auth, pk, write=True)
    return _decision_out(decisions.issue_decision(decision, by=request.auth, number=data.number, date=data.date))


@router.post(
    "/{pk}/annul",
    response={201: AnnulmentOut},
    tags=["decisions"],
    summary="Huỷ bỏ quyết định (toàn bộ hoặc một số người)",
)
@refusals
def annul(request, pk: PathId, data: AnnulIn):
    decision = awards_perms.get_decision_for_user(request.auth, pk, write=True)
    lines = None if data.lines is None else list(decision.lines.filter(pk__in=data.lines))
    if lines is not None and len(lines) != len(set(data.lines)):
        raise HttpError(422, "Có dòng không thuộc quyết định này.")
    annulment = decisions.annul_decision(
        decision,
        by=request.auth,
        ground=data.ground,
        reason=data.reason,
        annulled_on=data.annulled_on,
        annulling_reference=data.annulling_reference,
        lines=lines,
        recovered_amount=data.recovered_amount,
    )
    fields = ("id", "ground", "reason", "annulled_on", "annulling_reference", "recovered_amount")
    lines = sorted(annulment.lines.values_list("pk", flat=True))
    return Status(201, {**{f: getattr(annulment, f) for f in fields}, "decision": decision.pk, "lines": lines})
