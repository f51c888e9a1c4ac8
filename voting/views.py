"""Election pages: the organiser prepares, opens and closes; the voters cast; everyone who sees the
election reads the results and the published receipts after closing.

The receipt is rendered in the response to the casting POST (never a redirect to a URL carrying it,
never put in the session or a message): request logs and the session table must not join a user to
a receipt. Receipts are found in the published list by the browser alone (``static/js/voting.js``),
without a request."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from audit.services import history_of
from cycle import permissions as cycle_perms
from voting import exports, permissions, services
from voting.forms import BallotForm, ElectionForm, PaperForm, QuestionForm, RollForm
from voting.models import Election
from voting.services import VotingError


def _election_page(request, election, **extra):
    questions = list(
        election.questions.select_related("result", "title", "excludes_winners_of").prefetch_related(
            "candidates__result", "candidates__unit"
        )
    )
    roll = list(election.roll.all())
    context = {
        "nav": "cycle",
        "election": election,
        "questions": questions,
        "roll": roll,
        "voted": sum(1 for e in roll if e.has_voted),
        "present": sum(1 for e in roll if e.present),
        "can_manage": permissions.can_manage_election(request.user, election),
        "my_entries": permissions.voter_entries(request.user, election),
        "khoi": election.conference.block if election.conference_id else None,
        "leader_result": services.leader_result(election) if election.is_closed else (None, None),
        "runoffs": list(Election.objects.filter(Q(runoff_of__election=election) | Q(previous_round=election))),
        "ballots_needed": services.ballots_needed(election, sum(e.weight for e in roll)),
        "audit": history_of(election)[:50],
    } | extra
    return render(request, "voting/election_detail.html", context)


@login_required
def election_list(request, conference_pk):
    conference = cycle_perms.get_conference_for_user(request.user, conference_pk)
    elections = permissions.visible_elections(request.user).filter(conference=conference).order_by("round", "pk")
    can_lead = cycle_perms.can_lead_block(request.user, conference.block)
    return render(
        request,
        "voting/election_list.html",
        {
            "nav": "cycle",
            "conference": conference,
            "khoi": conference.block,
            "elections": elections,
            "can_lead": can_lead,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def election_create(request, conference_pk):
    conference = cycle_perms.get_conference_for_user(request.user, conference_pk, lead=True)
    form = ElectionForm(
        request.POST or None, initial={"title": _("Bỏ phiếu suy tôn năm %(year)s") % {"year": conference.block.year}}
    )
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if v not in (None, "") or k in ("shuffle", "weighted")}
        try:
            election = services.create_election(by=request.user, conference=conference, **data)
        except VotingError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Đã tạo cuộc bỏ phiếu; hãy thêm câu hỏi."))
            return redirect("voting:election_detail", pk=election.pk)
    return render(
        request,
        "voting/election_form.html",
        {"nav": "cycle", "conference": conference, "khoi": conference.block, "form": form},
    )


@login_required
def election_detail(request, pk):
    return _election_page(request, permissions.get_election_for_user(request.user, pk))


def _member_units(election):
    if election.conference_id:
        return [m.unit for m in election.conference.block.memberships.select_related("unit")]
    return [e.unit for e in election.roll.select_related("unit") if e.unit_id]


@login_required
@require_http_methods(["GET", "POST"])
def question_add(request, pk):
    election = permissions.get_election_for_user(request.user, pk, manage=True)
    form = QuestionForm(request.POST or None, units=_member_units(election))
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k not in ("units", "labels")}
        try:
            services.add_question(election, by=request.user, candidates=form.candidates(), **data)
        except VotingError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Đã thêm câu hỏi."))
            return redirect("voting:election_detail", pk=election.pk)
    return render(request, "voting/question_form.html", {"nav": "cycle", "election": election, "form": form})


@login_required
@require_POST
def leaders_add(request, pk):
    election = permissions.get_election_for_user(request.user, pk, manage=True)
    try:
        services.add_leader_and_deputy(election, by=request.user, units=_member_units(election))
    except VotingError as error:
        messages.error(request, str(error))
    return redirect("voting:election_detail", pk=election.pk)


@login_required
@require_POST
def question_delete(request, pk):
    question = permissions.get_question_for_user(request.user, pk, manage=True)
    try:
        services.remove_question(question, by=request.user)
    except VotingError as error:
        messages.error(request, str(error))
    return redirect("voting:election_detail", pk=question.election_id)


@login_required
@require_http_methods(["GET", "POST"])
def roll_edit(request, pk):
    election = permissions.get_election_for_user(request.user, pk, manage=True)
    form = RollForm(
        request.POST if request.method == "POST" else None,
        entries=list(election.roll.all()),
        weighted=election.weighted,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.set_roll(election, form.roll(), by=request.user)
        except VotingError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Đã lưu danh sách cử tri."))
            return redirect("voting:election_detail", pk=election.pk)
    return render(request, "voting/roll_form.html", {"nav": "cycle", "election": election, "form": form})


def _transition(request, pk, change, done: str):
    election = permissions.get_election_for_user(request.user, pk, manage=True)
    try:
        change(election, by=request.user)
    except VotingError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, done)
    return redirect("voting:election_detail", pk=election.pk)


@login_required
@require_POST
def election_open(request, pk):
    return _transition(request, pk, services.open_election, _("Đã mở bỏ phiếu: danh sách cử tri đã được chốt."))


@login_required
@require_POST
def election_close(request, pk):
    return _transition(request, pk, services.close_election, _("Đã kết thúc bỏ phiếu và công bố kết quả."))


@login_required
@require_POST
def election_apply(request, pk):
    return _transition(
        request, pk, services.apply_block_leaders, _("Đã ghi khối trưởng, khối phó năm sau theo kết quả bỏ phiếu.")
    )


@login_required
@require_POST
def runoff_open(request, pk):
    question = permissions.get_question_for_user(request.user, pk, manage=True)
    try:
        runoff = services.open_runoff(question, by=request.user)
    except VotingError as error:
        messages.error(request, str(error))
        return redirect("voting:election_detail", pk=question.election_id)
    messages.success(request, _("Đã tạo vòng bỏ phiếu lại; kiểm tra danh sách cử tri rồi mở bỏ phiếu."))
    return redirect("voting:election_detail", pk=runoff.pk)


@login_required
@require_http_methods(["GET", "POST"])
def paper_count(request, pk):
    question = permissions.get_question_for_user(request.user, pk, manage=True)
    paper = getattr(question, "paper", None)
    initial = {}
    if paper is not None:
        initial = {"issued": paper.issued, "returned": paper.returned, "valid": paper.valid, "invalid": paper.invalid}
        initial |= {f"votes_{k}": v for k, v in paper.votes.items()} | {
            f"against_{k}": v for k, v in paper.against.items()
        }
    form = PaperForm(request.POST or None, question=question, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.record_paper_count(question, by=request.user, **form.figures())
        except VotingError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Đã lưu kết quả kiểm phiếu của câu hỏi."))
            return redirect("voting:election_detail", pk=question.election_id)
    return render(
        request,
        "voting/paper_form.html",
        {"nav": "cycle", "election": question.election, "question": question, "form": form},
    )


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def ballot(request, pk):
    """GET: the ballot. POST ``step=review``: the final review. POST ``step=cast``: cast, and show the receipt."""
    election = permissions.get_election_for_user(request.user, pk)
    entry = permissions.get_voter_entry(request.user, election, request.POST.get("entry"))
    if not election.is_open or election.mode != Election.Mode.ELECTRONIC or entry.has_voted:
        return _election_page(request, election)
    questions = list(election.questions.prefetch_related("candidates"))
    form = BallotForm(request.POST if request.method == "POST" else None, questions=questions, shuffle=election.shuffle)
    context = {"nav": "cycle", "election": election, "entry": entry, "form": form}
    step = request.POST.get("step")
    if request.method == "POST" and form.is_valid() and step in ("review", "cast"):
        if step == "review":
            return render(request, "voting/ballot_review.html", context | {"review": form.review()})
        try:
            receipt = services.cast_ballot(election, entry, form.answers(), by=request.user)
        except VotingError as error:
            form.add_error(None, str(error))
        else:
            return render(request, "voting/ballot_receipt.html", context | {"receipt": receipt})
    return render(request, "voting/ballot_form.html", context)


@login_required
def receipts(request, pk):
    """The published ballots, sorted by receipt code; only after closing and with enough ballots."""
    election = permissions.get_election_for_user(request.user, pk)
    if not election.is_closed or election.mode != Election.Mode.ELECTRONIC:
        raise Http404
    questions = list(election.questions.prefetch_related("candidates"))
    labels = {c.key: c.label for q in questions for c in q.candidates.all()}
    rows = (
        []
        if election.results_withheld
        else [
            (b.receipt, [exports.answer_text(q, b.answers.get(q.key), labels) for q in questions], b.chain_hash)
            for b in election.ballots.order_by("receipt")
        ]
    )
    return render(
        request, "voting/receipts.html", {"nav": "cycle", "election": election, "questions": questions, "rows": rows}
    )


def _document(request, pk, build, name: str):
    election = permissions.get_election_for_user(request.user, pk)
    if not election.is_closed:
        raise Http404
    response = HttpResponse(build(election), content_type=exports.DOCX)
    response["Content-Disposition"] = f'attachment; filename="{name}-{election.year}-{election.pk}.docx"'
    return response


@login_required
def count_minutes(request, pk):
    return _document(request, pk, exports.count_minutes_docx, "bien-ban-kiem-phieu")


@login_required
def minutes(request, pk):
    return _document(request, pk, exports.minutes_docx, "bien-ban-hoi-nghi")


@login_required
def receipts_csv(request, pk):
    election = permissions.get_election_for_user(request.user, pk)
    if not election.is_closed or election.mode != Election.Mode.ELECTRONIC or election.results_withheld:
        raise Http404
    response = HttpResponse(exports.receipts_csv(election), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="phieu-{election.year}-{election.pk}.csv"'
    return response
