"""Public notices of a council meeting and their comments: the nominees the council's emulation
office publishes for comment before the meeting (``commendation.services.notices.notice_candidates``
are the lines it may publish), and the units' comments within the period.

Access as on the pages: the meeting's body reads its candidates and only its emulation office
publishes (outsiders 404, read-only roles 403); a notice is read by every user with a role in the
council's subtree (``commendation.permissions.get_notice_for_user``), and a unit comments through
who may write for it (``notice_comment_units``, 403 otherwise). Refusals by the rules are a 422.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404
from ninja import Status

from api.routers.common import Router, awards_refusals, proposal_lines
from api.schemas.common import PathId
from api.schemas.notices import CommentIn, CommentOut, NoticeIn, NoticeLineOut, NoticeOut
from commendation import permissions as awards_perms
from commendation.models import CouncilMeeting, NoticeComment, PublicNotice
from commendation.services import notices
from commendation.services.proposals import holder_name, reviews_for

router = Router(tags=["decisions: notices"], operation_ids="api_routers_notices")


def _line(line, ticked: set[int]) -> dict:
    return {
        "id": line.pk,
        "proposal": line.proposal_id,
        "proposing_unit": line.proposal.unit.code,
        "name": holder_name(line),
        "honour": line.honour.code,
        "honour_name": line.honour.name,
        "preselected": line.pk in ticked,
    }


def _comment(comment: NoticeComment) -> dict:
    return {
        "id": comment.pk,
        "unit": comment.unit_id,
        "unit_name": comment.unit.name,
        "line": comment.line_id,
        "text": comment.text,
        "created_at": comment.created_at,
    }


def _notice(notice: PublicNotice) -> dict:
    lines = list(
        notice.lines.select_related("person__unit", "unit", "title", "award_form", "proposal__unit").order_by(
            "proposal_id", "order", "pk"
        )
    )
    return {
        "id": notice.pk,
        "meeting": notice.meeting_id,
        "opens_on": notice.opens_on,
        "closes_on": notice.closes_on,
        "lines": [_line(x, notices.preselected(lines)) for x in lines],
        "comments": [_comment(c) for c in notice.comments.select_related("unit")],
    }


def _meeting(user, pk: int) -> CouncilMeeting:
    """The meeting whose notice the user publishes: 404 outside the body's readers, 403 for one who
    is not its emulation office."""
    meeting = get_object_or_404(CouncilMeeting.objects.select_related("unit"), pk=pk)
    if not awards_perms.reads_unit(user, meeting.unit):
        raise Http404
    if not reviews_for(user, meeting.unit):
        raise PermissionDenied
    return meeting


@router.get(
    "/meetings/{pk}/notice/candidates",
    response=list[NoticeLineOut],
    summary="Các trường hợp có thể công khai trước phiên họp (đề nghị Hội đồng đang xét)",
)
def notice_candidates(request, pk: PathId):
    candidates = notices.notice_candidates(_meeting(request.auth, pk))
    ticked = notices.preselected(candidates)
    return [_line(x, ticked) for x in candidates]


@router.post(
    "/meetings/{pk}/notice",
    response={201: NoticeOut},
    summary="Công khai danh sách đề nghị để các đơn vị góp ý",
    description="Thời gian công khai phải kết thúc trước ngày họp; chỉ các dòng Hội đồng đang xét.",
)
@awards_refusals
def publish_notice(request, pk: PathId, payload: NoticeIn):
    meeting = _meeting(request.auth, pk)
    notice = notices.publish_notice(
        meeting,
        proposal_lines(payload.lines),
        opens_on=payload.opens_on,
        closes_on=payload.closes_on,
        by=request.auth,
    )
    return Status(201, _notice(notice))


@router.get("/notices/{pk}", response=NoticeOut, summary="Một danh sách công khai với các ý kiến góp ý")
def get_notice(request, pk: PathId):
    return _notice(awards_perms.get_notice_for_user(request.auth, pk))


@router.get("/notices/{pk}/comments", response=list[CommentOut], summary="Ý kiến góp ý về danh sách công khai")
def list_comments(request, pk: PathId):
    notice = awards_perms.get_notice_for_user(request.auth, pk)
    return [_comment(c) for c in notice.comments.select_related("unit")]


@router.post(
    "/notices/{pk}/comments",
    response={201: CommentOut},
    summary="Gửi ý kiến góp ý của một đơn vị (trong thời gian công khai)",
)
@awards_refusals
def add_comment(request, pk: PathId, payload: CommentIn):
    notice = awards_perms.get_notice_for_user(request.auth, pk)
    unit = next((u for u in awards_perms.notice_comment_units(request.auth, notice) if u.pk == payload.unit), None)
    if unit is None:
        raise PermissionDenied
    line = proposal_lines([payload.line])[0] if payload.line else None  # not in the list: a 422
    comment = notices.add_notice_comment(notice, unit=unit, text=payload.text, line=line, by=request.auth)
    return Status(201, _comment(comment))
