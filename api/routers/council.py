"""Council meetings (phiên họp Hội đồng TĐKT) and their secret vote: members and who is present,
the agenda, holding the meeting, opening the vote, recording the result, closing.

Access as in the UI (``commendation.permissions``): the issuing body's read roles see its meetings,
its emulation office changes them; outsiders 404, read-only roles 403. Every change goes through
``commendation.services``; a change the rules refuse is a 422 with its Vietnamese message. Ballots
are cast through the voting API (``/voting``), never here.
"""

from ninja import Query, Status
from ninja.errors import HttpError

from api.routers.common import Router, council_body, council_refusals, proposal_lines
from api.schemas.common import ListQuery, PathId
from api.schemas.council import LinesIn, MeetingIn, MeetingOut, MemberIn, VoteIn
from commendation import permissions as awards_perms
from commendation.models import CouncilMeeting
from commendation.services import council
from organisation import permissions as org_perms

router = Router(operation_ids="api_routers_decisions")


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
        "rounds": [e.pk for e in council.rounds(meeting)],
        "members": [
            {"person": m.person_id, "name": m.person.full_name, "role": m.role, "present": m.present}
            for m in meeting.members.select_related("person").order_by("pk")
        ],
        "agenda": sorted(meeting.agenda.values_list("pk", flat=True)),
    }


@router.get("/meetings", response=list[MeetingOut], tags=["decisions: council"], summary="Phiên họp Hội đồng TĐKT")
def list_meetings(request, query: Query[ListQuery]):
    meetings = CouncilMeeting.objects.filter(unit__in=awards_perms.body_units_for_user(request.auth))
    if query.year:
        meetings = meetings.filter(year=query.year)
    return [_meeting_out(m) for m in meetings.order_by("-date", "-pk")]


@router.post("/meetings", response={201: MeetingOut}, tags=["decisions: council"], summary="Tạo phiên họp")
@council_refusals
def create_meeting(request, data: MeetingIn):
    unit = council_body(request.auth, data.unit)
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
@council_refusals
def set_members(request, pk: PathId, data: list[MemberIn]):
    meeting = awards_perms.get_meeting_for_user(request.auth, pk, write=True)
    people = {p.pk: p for p in org_perms.visible_people(request.auth).filter(pk__in=[m.person for m in data])}
    if len(people) != len({m.person for m in data}):
        raise HttpError(422, "Có người không tồn tại hoặc nằm ngoài phạm vi của bạn.")
    council.set_members(meeting, [(people[m.person], m.present, m.role) for m in data], by=request.auth)
    return _meeting_out(meeting)


@router.put("/meetings/{pk}/agenda", response=MeetingOut, tags=["decisions: council"], summary="Nội dung xét")
@council_refusals
def set_agenda(request, pk: PathId, data: LinesIn):
    meeting = awards_perms.get_meeting_for_user(request.auth, pk, write=True)
    council.set_agenda(meeting, proposal_lines(data.lines), by=request.auth)
    return _meeting_out(meeting)


@router.post(
    "/meetings/{pk}/hold",
    response=MeetingOut,
    tags=["decisions: council"],
    summary="Bắt đầu phiên họp (kiểm tra số thành viên có mặt)",
)
@council_refusals
def hold_meeting(request, pk: PathId):
    meeting = awards_perms.get_meeting_for_user(request.auth, pk, write=True)
    return _meeting_out(council.hold_meeting(meeting, by=request.auth))


@router.post(
    "/meetings/{pk}/vote",
    response=MeetingOut,
    tags=["decisions: council"],
    summary="Mở bỏ phiếu kín (bỏ phiếu qua /voting)",
)
@council_refusals
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
@council_refusals
def record_result(request, pk: PathId):
    meeting = awards_perms.get_meeting_for_user(request.auth, pk, write=True)
    return council.record_council_result(meeting, by=request.auth)


@router.post(
    "/meetings/{pk}/second-round",
    response=MeetingOut,
    tags=["decisions: council"],
    summary="Bỏ phiếu vòng hai cho các nội dung chưa đạt (bỏ phiếu qua /voting)",
)
@council_refusals
def second_round(request, pk: PathId):
    """After the first round's result is recorded: a second ballot, opened at once, on the lines the
    council did not approve; they are "pending" again until its result is recorded. At most two rounds."""
    meeting = awards_perms.get_meeting_for_user(request.auth, pk, write=True)
    council.open_second_round(meeting, by=request.auth)
    return _meeting_out(CouncilMeeting.objects.get(pk=pk))


@router.post("/meetings/{pk}/close", response=MeetingOut, tags=["decisions: council"], summary="Kết thúc phiên họp")
@council_refusals
def close_meeting(request, pk: PathId):
    meeting = awards_perms.get_meeting_for_user(request.auth, pk, write=True)
    return _meeting_out(council.close_meeting(meeting, by=request.auth))
