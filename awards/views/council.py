"""Council meeting pages: the list, one meeting (members, quorum, agenda, outcomes), its steps
(hold, open the vote, record the results, close) and the minutes.

Access through ``awards.permissions.get_meeting_for_user``: outsiders 404, read-only roles 403.
Ballots are cast on the voting pages of the meeting's election."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from awards import exports_decisions
from awards import permissions as awards_perms
from awards.models import CouncilMeeting
from awards.services import AwardsError
from awards.views.decisions import DOCX
from awards.workflow import council
from voting.services import VotingError


@login_required
def meeting_list(request):
    meetings = CouncilMeeting.objects.filter(unit__in=awards_perms.body_units_for_user(request.user))
    return render(request, "awards/council/list.html", {"meetings": meetings.select_related("unit")})


@login_required
def meeting_detail(request, pk):
    meeting = awards_perms.get_meeting_for_user(request.user, pk)
    return render(request, "awards/council/detail.html", {
        "meeting": meeting, "quorum": council.check_quorum(meeting),
        "members": meeting.members.select_related("person").order_by("pk"),
        "agenda": meeting.agenda.select_related("person", "unit", "title", "award_form"),
        "can_write": awards_perms.writes_body(request.user, meeting.unit),
    })  # fmt: skip


def _step(request, pk, action):
    meeting = awards_perms.get_meeting_for_user(request.user, pk, write=True)
    try:
        action(meeting)
    except (AwardsError, VotingError) as error:
        messages.error(request, str(error))
    return redirect("meeting_detail", pk=pk)


@login_required
@require_POST
def meeting_hold(request, pk):
    return _step(request, pk, lambda m: council.hold_meeting(m, by=request.user))


@login_required
@require_POST
def meeting_vote(request, pk):
    per_list = request.POST.get("per_list") == "1"
    return _step(request, pk, lambda m: council.open_council_vote(m, by=request.user, per_list=per_list))


@login_required
@require_POST
def meeting_result(request, pk):
    return _step(request, pk, lambda m: council.record_council_result(m, by=request.user))


@login_required
@require_POST
def meeting_close(request, pk):
    return _step(request, pk, lambda m: council.close_meeting(m, by=request.user))


@login_required
def meeting_minutes(request, pk):
    meeting = awards_perms.get_meeting_for_user(request.user, pk)
    response = HttpResponse(exports_decisions.meeting_minutes_docx(meeting), content_type=DOCX)
    response["Content-Disposition"] = f'attachment; filename="bien-ban-hoi-dong-{meeting.pk}.docx"'
    return response
