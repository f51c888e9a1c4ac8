"""Council meeting pages: the list, one meeting (members, quorum, agenda, outcomes), its steps
(hold, open the vote, record the results, close) and the minutes.

Access through ``commendation.permissions.get_meeting_for_user``: outsiders 404, read-only roles 403.
Ballots are cast on the voting pages of the meeting's election."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from commendation import exports as exports_decisions
from commendation import permissions as awards_perms
from commendation.forms import AgendaForm, MeetingForm, MembersForm, agenda_candidates, grouped
from commendation.models import CouncilMeeting, ProposalLine
from commendation.services import council
from commendation.views.decisions import DOCX
from eligibility.services import AwardsError
from organisation.models import Person
from voting import permissions as voting_perms
from voting.models import Election
from voting.services import VotingError

NAV = "commendation"
STATE_LEVELS = {"government", "state"}  # forms whose nominee list is published before the meeting


@login_required
def meeting_list(request):
    meetings = CouncilMeeting.objects.filter(unit__in=awards_perms.body_units_for_user(request.user))
    meetings = meetings.select_related("unit").annotate(
        n_members=Count("members", distinct=True), n_lines=Count("agenda", distinct=True)
    )
    can_create = awards_perms.body_units_for_user(request.user, write=True).exists()
    return render(
        request,
        "commendation/council/list.html",
        {"meetings": meetings.order_by("-date", "-pk")[:300], "can_create": can_create, "nav": NAV, "tab": "meetings"},
    )


@login_required
@require_http_methods(["GET", "POST"])
def meeting_create(request):
    if not awards_perms.body_units_for_user(request.user, write=True).exists():
        raise PermissionDenied
    form = MeetingForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = {k: form.cleaned_data[k] for k in ("unit", "year", "date", "place", "chair", "quorum_share", "notes")}
        try:
            meeting = council.create_meeting(by=request.user, **data)
        except AwardsError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Đã tạo phiên họp; hãy ghi thành viên Hội đồng và nội dung xét."))
            return redirect("commendation:meeting_members", pk=meeting.pk)
    return render(request, "commendation/council/form.html", {"form": form, "nav": NAV})


@login_required
def meeting_detail(request, pk):
    meeting = awards_perms.get_meeting_for_user(request.user, pk)
    agenda = list(
        meeting.agenda.select_related("proposal__unit", "person", "unit", "title", "award_form").order_by(
            "proposal_id", "order", "pk"
        )
    )
    state_level = any((x.honour.level in STATE_LEVELS) for x in agenda_candidates(meeting)) or any(
        x.honour.level in STATE_LEVELS for x in agenda
    )
    return render(
        request,
        "commendation/council/detail.html",
        {
            "meeting": meeting,
            "quorum": council.check_quorum(meeting),
            "members": meeting.members.select_related("person__unit").order_by("pk"),
            "agenda": grouped(agenda),
            "n_agenda": len(agenda),
            "state_level": state_level,
            "notices": meeting.notices.order_by("-opens_on"),
            "decisions": meeting.decisions.order_by("-pk"),
            "can_write": awards_perms.writes_body(request.user, meeting.unit),
            "can_vote": _may_cast(request.user, meeting),
            "rounds": council.rounds(meeting),
            "second_round": _second_round_open(meeting, agenda),
            "nav": NAV,
        },
    )


def _second_round_open(meeting: CouncilMeeting, agenda) -> bool:
    """The second round is offered once the first round's result is recorded with lines not approved."""
    election = meeting.election
    if meeting.status != CouncilMeeting.Status.HELD or election is None or not election.is_closed:
        return False
    outcomes = {x.outcome for x in agenda}
    return (
        election.round < 2
        and ProposalLine.Outcome.PENDING not in outcomes
        and ProposalLine.Outcome.REJECTED in outcomes
    )


def _may_cast(user, meeting: CouncilMeeting) -> bool:
    """The ballot link shows to a member on the roll of the meeting's open electronic vote who has not
    voted yet: anyone else would meet a refusal behind it."""
    election = meeting.election
    if election is None or not election.is_open or election.mode != Election.Mode.ELECTRONIC:
        return False
    return any(not entry.has_voted for entry in voting_perms.voter_entries(user, election))


@login_required
@require_http_methods(["GET", "POST"])
def meeting_members(request, pk):
    """The members' list: the current members (kept when ticked), people found by ``?q=`` to add."""
    meeting = awards_perms.get_meeting_for_user(request.user, pk, write=True)
    form = MembersForm(request.POST if request.method == "POST" else None, meeting=meeting)
    if request.method == "POST" and form.is_valid():
        try:
            council.set_members(meeting, form.cleaned_data["members"], by=request.user)
        except AwardsError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Đã lưu danh sách thành viên Hội đồng."))
            return redirect("commendation:meeting_detail", pk=meeting.pk)
    current = list(meeting.members.select_related("person__unit").order_by("pk"))
    q = request.GET.get("q", "").strip()
    found = []
    if q:
        taken = {m.person_id for m in current}
        found = [
            p
            for p in Person.objects.search(q)
            .filter(unit__path__startswith=meeting.unit.path)
            .select_related("unit")
            .order_by("full_name", "pk")[:30]
            if p.pk not in taken
        ]
    return render(
        request,
        "commendation/council/members.html",
        {
            "meeting": meeting,
            "form": form,
            "current": current,
            "q": q,
            "found": found,
            "quorum": council.check_quorum(meeting),
            "nav": NAV,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def meeting_agenda(request, pk):
    """The agenda: proposal lines under review addressed to this council, grouped by proposal."""
    meeting = awards_perms.get_meeting_for_user(request.user, pk, write=True)
    form = AgendaForm(
        request.POST or None, meeting=meeting, initial={"lines": list(meeting.agenda.values_list("pk", flat=True))}
    )
    if request.method == "POST" and form.is_valid():
        try:
            council.set_agenda(meeting, form.cleaned_data["lines"], by=request.user)
        except AwardsError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Đã lưu nội dung xét của phiên họp."))
            return redirect("commendation:meeting_detail", pk=meeting.pk)
    if form.is_bound:
        chosen = {int(x) for x in request.POST.getlist("lines") if x.isdigit()}
    else:
        chosen = set(form.initial["lines"])
    candidates = list(form.fields["lines"].queryset)
    return render(
        request,
        "commendation/council/agenda.html",
        {"meeting": meeting, "form": form, "groups": grouped(candidates), "chosen": chosen, "nav": NAV},
    )


def _step(request, pk, action):
    meeting = awards_perms.get_meeting_for_user(request.user, pk, write=True)
    try:
        action(meeting)
    except (AwardsError, VotingError) as error:
        messages.error(request, str(error))
    return redirect("commendation:meeting_detail", pk=pk)


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
def meeting_second_round(request, pk):
    return _step(request, pk, lambda m: council.open_second_round(m, by=request.user))


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
