"""Elections: read them, cast a ballot (voters), open and close them (organisers), read the results
and the published receipts (after closing).

Access exactly as in the UI, through ``voting.permissions``: 404 outside your scope, 403 where you
may read but not act (not a voter, not an organiser). A change the voting rules refuse
(``VotingError``) is a 422 with its message; results before closing are a 409.

Secrecy: casting returns the receipt code once and nothing else; no route returns a ballot next to
a voter; published ballots are ordered by receipt code.
"""

from django.utils.translation import gettext as _
from ninja import Query, Status
from ninja.errors import HttpError
from ninja.pagination import paginate

from api.routers.common import Router, voting_refusals
from api.schemas.common import Page, PathId
from api.schemas.voting import (
    MAX_CANDIDATES,
    MAX_QUESTIONS,
    CastIn,
    ElectionDetailOut,
    ElectionFilters,
    ElectionIn,
    ElectionOut,
    PaperIn,
    PaperOut,
    PublishedBallotOut,
    QuestionIn,
    ReceiptOut,
    ResultsOut,
    RollEntryIn,
)
from cycle import permissions as cycle_perms
from honours.models import Title
from voting import permissions, services
from voting.models import Election

router = Router(tags=["voting"], operation_ids="api_routers_voting")


@router.get("/elections", response=list[ElectionOut], summary="Cuộc bỏ phiếu trong phạm vi")
@paginate(Page)
def list_elections(request, filters: Query[ElectionFilters]):
    qs = permissions.visible_elections(request.auth)
    if filters.conference:
        qs = qs.filter(conference_id=filters.conference)
    if filters.year:
        qs = qs.filter(year=filters.year)
    if filters.status:
        qs = qs.filter(status=filters.status)
    return qs.order_by("-year", "pk")


def _detail(request, election: Election) -> Election:
    election.questions_list = list(election.questions.prefetch_related("candidates"))
    for q in election.questions_list:
        q.candidates_list = list(q.candidates.all())
    election.roll_list = list(election.roll.all())
    election.mine = permissions.voter_entries(request.auth, election)
    return election


@router.get("/elections/{election_id}", response=ElectionDetailOut, summary="Một cuộc bỏ phiếu: câu hỏi, cử tri")
def get_election(request, election_id: PathId):
    return _detail(request, permissions.get_election_for_user(request.auth, election_id))


@router.post("/elections/{election_id}/ballots", response={201: ReceiptOut}, summary="Bỏ phiếu")
@voting_refusals
def cast(request, election_id: PathId, payload: CastIn):
    if len(payload.answers) > MAX_QUESTIONS or any(len(a) > MAX_CANDIDATES for a in payload.answers.values()):
        raise HttpError(422, _("Phiếu quá lớn."))
    election = permissions.get_election_for_user(request.auth, election_id)
    entry = permissions.get_voter_entry(request.auth, election, payload.entry)
    receipt = services.cast_ballot(election, entry, payload.answers, by=request.auth)
    return {"receipt": receipt, "message": _("Phiếu của bạn đã được ghi nhận")}


@router.post("/elections/{election_id}/open", response=ElectionOut, summary="Mở bỏ phiếu")
@voting_refusals
def open_election(request, election_id: PathId):
    election = permissions.get_election_for_user(request.auth, election_id, manage=True)
    return services.open_election(election, by=request.auth)


@router.post("/elections/{election_id}/close", response=ElectionOut, summary="Kết thúc bỏ phiếu")
@voting_refusals
def close_election(request, election_id: PathId):
    election = permissions.get_election_for_user(request.auth, election_id, manage=True)
    return services.close_election(election, by=request.auth)


# Setting an election up (the pages' election form, questions, roll, paper counts) ---------------


def _member_units(election: Election) -> dict:
    """The units a question may name as candidates: the block's members, or the units on the roll."""
    if election.conference_id:
        units = [m.unit for m in election.conference.block.memberships.select_related("unit")]
    else:
        units = [e.unit for e in election.roll.select_related("unit") if e.unit_id]
    return {u.pk: u for u in units}


@router.post("/elections", response={201: ElectionDetailOut}, summary="Tạo cuộc bỏ phiếu tại hội nghị (bản nháp)")
@voting_refusals
def create_election(request, data: ElectionIn):
    conference = cycle_perms.get_conference_for_user(request.auth, data.conference, lead=True)
    options = data.dict(exclude={"conference", "title"})
    election = services.create_election(by=request.auth, conference=conference, title=data.title, **options)
    return Status(201, _detail(request, election))


@router.post(
    "/elections/{election_id}/questions", response={201: ElectionDetailOut}, summary="Thêm câu hỏi và ứng viên"
)
@voting_refusals
def add_question(request, election_id: PathId, data: QuestionIn):
    election = permissions.get_election_for_user(request.auth, election_id, manage=True)
    members = _member_units(election)
    if outside := [pk for pk in data.units if pk not in members]:
        raise HttpError(422, _("units: đơn vị %(ids)s không thuộc khối.") % {"ids": ", ".join(map(str, outside))})
    title = None
    if data.title is not None:
        title = Title.objects.filter(pk=data.title, active=True).first()
        if title is None:
            raise HttpError(422, _("title: không có danh hiệu %(id)s.") % {"id": data.title})
    excluded = None
    if data.excludes_winners_of is not None:
        excluded = election.questions.filter(pk=data.excludes_winners_of).first()
        if excluded is None:
            raise HttpError(422, _("excludes_winners_of: câu hỏi không thuộc cuộc bỏ phiếu này."))
    candidates = [
        services.CandidateData(label=f"{members[pk].code} – {members[pk].name}", unit=members[pk]) for pk in data.units
    ]
    candidates += [services.CandidateData(label=label) for label in data.labels]
    services.add_question(
        election,
        by=request.auth,
        text=data.text,
        candidates=candidates,
        kind=data.kind,
        seats=data.seats,
        base=data.base,
        fraction=data.fraction,
        strict=data.strict,
        purpose=data.purpose,
        title=title,
        excludes_winners_of=excluded,
    )
    return Status(201, _detail(request, election))


@router.post(
    "/elections/{election_id}/leaders",
    response={201: ElectionDetailOut},
    summary="Thêm câu hỏi khối trưởng, khối phó năm sau",
)
@voting_refusals
def add_leaders(request, election_id: PathId):
    election = permissions.get_election_for_user(request.auth, election_id, manage=True)
    services.add_leader_and_deputy(election, by=request.auth, units=list(_member_units(election).values()))
    return Status(201, _detail(request, election))


@router.delete("/questions/{question_id}", response={204: None}, summary="Xoá câu hỏi (bản nháp)")
@voting_refusals
def delete_question(request, question_id: PathId):
    question = permissions.get_question_for_user(request.auth, question_id, manage=True)
    services.remove_question(question, by=request.auth)
    return Status(204, None)


@router.put("/elections/{election_id}/roll", response=ElectionDetailOut, summary="Có mặt và trọng số của cử tri")
@voting_refusals
def set_roll(request, election_id: PathId, data: list[RollEntryIn]):
    election = permissions.get_election_for_user(request.auth, election_id, manage=True)
    if len({row.entry for row in data}) != len(data):
        raise HttpError(422, _("entry: mỗi cử tri chỉ ghi một lần."))
    rows = {
        row.entry: {k: v for k, v in (("present", row.present), ("weight", row.weight)) if v is not None}
        for row in data
    }
    services.set_roll(election, rows, by=request.auth)
    return _detail(request, election)


@router.put("/questions/{question_id}/paper", response=PaperOut, summary="Nhập kết quả kiểm phiếu giấy của câu hỏi")
@voting_refusals
def record_paper_count(request, question_id: PathId, data: PaperIn):
    question = permissions.get_question_for_user(request.auth, question_id, manage=True)
    return services.record_paper_count(question, by=request.auth, **data.dict())


@router.post(
    "/elections/{election_id}/apply", response=ElectionOut, summary="Ghi khối trưởng, khối phó năm sau theo kết quả"
)
@voting_refusals
def apply_leaders(request, election_id: PathId):
    election = permissions.get_election_for_user(request.auth, election_id, manage=True)
    services.apply_block_leaders(election, by=request.auth)
    return Election.objects.get(pk=election.pk)


def _closed(request, election_id) -> Election:
    election = permissions.get_election_for_user(request.auth, election_id)
    if not election.is_closed:
        raise HttpError(409, _("Cuộc bỏ phiếu chưa kết thúc: chưa có kết quả."))
    return election


@router.get("/elections/{election_id}/results", response=ResultsOut, summary="Kết quả (sau khi kết thúc)")
def results(request, election_id: PathId):
    """Below the election's minimum number of ballots nothing is published: no counts, no status, no
    winner, no tie (each would show how the few voters voted)."""
    election = _closed(request, election_id)
    withheld = election.results_withheld
    questions = []
    for q in election.questions.select_related("result").prefetch_related("candidates__result"):
        r = q.result
        rows = [
            {
                "candidate": c.pk,
                "label": c.label,
                "votes": None if withheld else c.result.votes,
                "against": None if withheld else c.result.against,
                "percent": None if withheld or c.result.percent is None else float(c.result.percent),
                "passes": None if withheld else c.result.passes,
                "winner": None if withheld else c.result.winner,
                "tied": None if withheld else c.result.tied,
                "excluded": None if withheld else c.result.excluded,
            }
            for c in q.candidates.all()
        ]
        questions.append(
            {
                "question": q.pk,
                "text": q.text,
                "status": None if withheld else r.status,
                "status_text": _("Không công bố") if withheld else str(r.STATUS_LABELS[r.status]),
                "seats_left": None if withheld else r.seats_left,
                "ballots": None if withheld else r.ballots,
                "valid": None if withheld else r.valid,
                "invalid": None if withheld else r.invalid,
                "base_value": None if withheld else r.base_value,
                "winners": [row["candidate"] for row in rows if row["winner"]],
                "candidates": rows,
            }
        )
    roll = sum(election.roll.values_list("weight", flat=True))
    return {
        "election": election.pk,
        "withheld": withheld,
        "ballots_count": election.ballots_count,
        "ballots_needed": services.ballots_needed(election, roll),
        "chain_head": election.chain_head,
        "questions": questions,
    }


@router.post(
    "/questions/{question_id}/runoff",
    response={201: ElectionOut},
    summary="Mở vòng bỏ phiếu lại cho câu hỏi bằng phiếu (bản nháp)",
)
@voting_refusals
def open_runoff(request, question_id: PathId):
    """A tied question (status ``tie``) gets a second round as a draft election: the same roll, the
    tied candidates, the seats left. Open it with ``/elections/{id}/open``. At most two rounds."""
    question = permissions.get_question_for_user(request.auth, question_id, manage=True)
    return Status(201, services.open_runoff(question, by=request.auth))


@router.get(
    "/elections/{election_id}/receipts",
    response=list[PublishedBallotOut],
    summary="Phiếu đã công bố, theo mã biên nhận",
)
def published_ballots(request, election_id: PathId):
    election = _closed(request, election_id)
    if election.mode != Election.Mode.ELECTRONIC or election.results_withheld:
        return []
    return list(election.ballots.order_by("receipt").values("receipt", "answers", "chain_hash"))
