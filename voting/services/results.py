"""Closing: the tally stored once, the chain verified, recounts, run-off rounds."""

from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from audit import services as audit
from audit.models import AuditEvent
from voting import tally
from voting.models import (
    Candidate,
    CandidateResult,
    Election,
    PaperCount,
    Question,
    QuestionResult,
    RollEntry,
)
from voting.services import box
from voting.services.ballots import question_specs
from voting.services.common import ELECTION_FIELDS, VotingError, created_fields
from voting.services.elections import CandidateData, add_question


def _percent(share: Fraction | None) -> Decimal | None:
    if share is None:
        return None
    return (Decimal(share.numerator) * 100 / Decimal(share.denominator)).quantize(Decimal("0.01"), ROUND_HALF_UP)


def compute_results(election: Election) -> dict[str, tally.QuestionResult]:
    """Recount from the ballots (electronic) or from the committee's figures (paper)."""
    questions = list(election.questions.prefetch_related("candidates"))
    specs = question_specs(questions)
    roll = election.roll.aggregate(total=Sum("weight"))["total"] or 0
    present = election.roll.filter(present=True).aggregate(total=Sum("weight"))["total"] or 0
    if election.mode == Election.Mode.ELECTRONIC:
        ballots = ((b.weight, b.answers) for b in election.ballots.order_by("receipt").only("weight", "answers"))
        return tally.tally(specs, ballots, roll=roll, present=present, turnout=election.ballot_quorum_fraction)
    papers = {p.question_id: p for p in PaperCount.objects.filter(question__election=election)}
    if missing := [q.text for q in questions if q.pk not in papers]:
        raise VotingError(_("Chưa nhập kết quả kiểm phiếu cho câu: %(q)s.") % {"q": "; ".join(missing)})
    aggregates = {}
    for q, spec in zip(questions, specs, strict=True):
        p = papers[q.pk]
        aggregates[spec.key] = tally.paper_aggregate(
            spec,
            tally.PaperCount(
                issued=p.issued, returned=p.returned, valid=p.valid, invalid=p.invalid, votes=p.votes, against=p.against
            ),
        )
    return tally.decide_all(specs, aggregates, roll=roll, present=present, turnout=election.ballot_quorum_fraction)


def verify_chain(election: Election) -> list[str]:
    """What is wrong with the stored ballots (empty when all is well): each digest recomputed from
    its ballot, the running commitment, the chain over the ballots sorted by receipt, the count."""
    if election.is_open:
        return _verify_box(election)
    problems = []
    ballots = list(election.ballots.order_by("receipt").values_list("receipt", "answers", "digest", "chain_hash"))
    for receipt, answers, digest, _link in ballots:
        if tally.ballot_digest(election.salt, receipt, answers) != digest:
            problems.append(_("Phiếu %(receipt)s đã bị sửa (mã băm không khớp).") % {"receipt": receipt})
    if tally.commitment(d for _r, _a, d, _l in ballots) != election.accumulator:
        problems.append(_("Tổng cam kết của các phiếu không khớp: có phiếu bị thêm, bớt hoặc sửa."))
    if len(ballots) != election.ballots_count:
        problems.append(
            _("Số phiếu lưu (%(n)s) khác số phiếu đã nhận (%(m)s).") % {"n": len(ballots), "m": election.ballots_count}
        )
    if election.is_closed:
        links = tally.chain(
            tally.genesis(election.salt, election.pk, election.ballots_count), [(r, d) for r, _a, d, _l in ballots]
        )
        if [link for _r, _a, _d, link in ballots] != links:
            problems.append(_("Chuỗi băm của các phiếu bị đứt."))
        if (links[-1] if links else "") != election.chain_head:
            problems.append(_("Mã chuỗi phiếu không khớp mã đã công bố."))
    return problems


def _verify_box(election: Election) -> list[str]:
    """While voting runs: the sealed ballots open, their digests add up to the sealed running
    commitment, and there are as many as were received. Nothing is shown but the problems."""
    try:
        opened, running = box.read_box(election)
    except VotingError as error:
        return [str(error)]
    problems = []
    if tally.commitment(tally.ballot_digest(election.salt, r, a) for r, a, _w in opened) != running:
        problems.append(_("Tổng cam kết của các phiếu không khớp: có phiếu bị thêm, bớt hoặc sửa."))
    if len(opened) != election.ballots_count:
        problems.append(
            _("Số phiếu lưu (%(n)s) khác số phiếu đã nhận (%(m)s).") % {"n": len(opened), "m": election.ballots_count}
        )
    return problems


def recount_differences(election: Election) -> list[str]:
    """Where a recount differs from the stored results (empty when they agree)."""
    fresh = compute_results(election)
    problems = []
    for question in election.questions.select_related("result").prefetch_related("candidates__result"):
        stored = getattr(question, "result", None)
        r = fresh[question.key]
        if stored is None or (stored.status, stored.valid, stored.invalid) != (r.status, r.valid, r.invalid):
            problems.append(_("Câu “%(q)s”: kết quả kiểm lại khác kết quả đã lưu.") % {"q": question.text})
            continue
        counted = {c.key: (c.votes, c.against, c.winner) for c in r.candidates}
        for c in question.candidates.all():
            if (c.result.votes, c.result.against, c.result.winner) != counted[c.key]:
                problems.append(
                    _("Câu “%(q)s”, %(c)s: kiểm lại được %(n)s phiếu, đã lưu %(m)s.")
                    % {"q": question.text, "c": c.label, "n": counted[c.key][0], "m": c.result.votes}
                )
    return problems


def _store_results(election: Election, results: dict[str, tally.QuestionResult]) -> None:
    QuestionResult.objects.filter(question__election=election).delete()
    for question in election.questions.prefetch_related("candidates"):
        r = results[question.key]
        stored = QuestionResult.objects.create(
            question=question,
            status=r.status,
            ballots=r.ballots,
            valid=r.valid,
            invalid=r.invalid,
            blank=r.blank,
            base_value=r.base_value,
            seats_left=r.seats_left,
        )
        by_key = {c.key: c for c in r.candidates}
        CandidateResult.objects.bulk_create(
            [
                CandidateResult(
                    result=stored,
                    candidate=c,
                    votes=by_key[c.key].votes,
                    against=by_key[c.key].against,
                    percent=_percent(by_key[c.key].share),
                    passes=by_key[c.key].passes,
                    winner=by_key[c.key].winner,
                    tied=by_key[c.key].tied,
                    excluded=by_key[c.key].excluded,
                )
                for c in question.candidates.all()
            ]
        )


@transaction.atomic
def close_election(election: Election, *, by) -> Election:
    """Close the election: no more ballots; the sealed box is opened (``box.open_box``: the ballots
    written in receipt order, the roll rewritten, the key wiped), the chain is computed over the
    ballots sorted by receipt code and its head published; the results are counted and stored.
    A wrong or missing sealing key refuses closing and writes nothing. Paper: every question needs
    the committee's figures."""
    election = Election.objects.select_for_update().get(pk=election.pk)
    if election.status != Election.Status.OPEN:
        raise VotingError(_("Chỉ kết thúc được cuộc bỏ phiếu đang mở."))
    if election.mode == Election.Mode.ELECTRONIC:
        box.open_box(election)
    results = compute_results(election)
    election.status = Election.Status.CLOSED
    election.closed_at = timezone.now()
    if election.mode == Election.Mode.PAPER:
        election.ballots_count = max(
            (p.returned for p in PaperCount.objects.filter(question__election=election)), default=0
        )
    election.save(update_fields=["status", "closed_at", "chain_head", "ballots_count"])
    _store_results(election, results)
    audit.record(
        by,
        AuditEvent.Action.UPDATE,
        election,
        {
            "status": ["open", "closed"],
            "ballots": [None, election.ballots_count],
            "chain_head": [None, election.chain_head],
        },
    )
    return election


def _copy_election(parent: Election, *, by, **fields) -> Election:
    """A draft election like ``parent`` (its settings and its roll, presence as recorded)."""
    election = Election.objects.create(
        title=parent.title,
        year=parent.year,
        conference=parent.conference,
        organiser_unit=parent.organiser_unit,
        mode=parent.mode,
        voter_kind=parent.voter_kind,
        layout=parent.layout,
        shuffle=parent.shuffle,
        quorum=parent.quorum,
        ballot_quorum=parent.ballot_quorum,
        weighted=parent.weighted,
        min_ballots=parent.min_ballots,
        round=parent.round + 1,
        place=parent.place,
        date=parent.date,
        created_by=by if getattr(by, "pk", None) else None,
        **fields,
    )
    RollEntry.objects.bulk_create(
        [
            RollEntry(
                election=election,
                unit_id=e.unit_id,
                person_id=e.person_id,
                label=e.label,
                weight=e.weight,
                present=e.present,
            )
            for e in parent.roll.all()
        ]
    )
    return election


def _copy_question(election: Election, question: Question, candidates, *, by, **overrides) -> Question:
    values = {
        "text": question.text,
        "kind": question.kind,
        "seats": question.seats,
        "base": question.base,
        "fraction": question.fraction,
        "strict": question.strict,
        "purpose": question.purpose,
        "title": question.title,
    } | overrides
    return add_question(
        election,
        by=by,
        candidates=[CandidateData(c.label, c.unit, c.person, c.ref_kind, c.ref_id) for c in candidates],
        **values,
    )


@transaction.atomic
def open_runoff(question: Question, *, by) -> Election:
    """A new round for a tied question, as a draft: the same voters (presence as recorded), the tied
    candidates, the seats left; a question that excludes this one's winners (the deputy after the
    leader) is repeated with it. Rules.md: at most two rounds, then the competent head decides."""
    result = QuestionResult.objects.filter(question=question).first()
    if result is None or not result.is_tie:
        raise VotingError(_("Chỉ bỏ phiếu lại cho câu hỏi có kết quả hoà."))
    parent = Election.objects.get(pk=question.election_id)
    if parent.results_withheld:
        raise VotingError(_("Kết quả không được công bố (quá ít phiếu): không mở vòng bỏ phiếu lại."))
    if parent.round >= 2:
        raise VotingError(_("Đã bỏ phiếu hai vòng: theo quy định, thủ trưởng có thẩm quyền quyết định."))
    if Election.objects.filter(runoff_of=question).exists():
        raise VotingError(_("Đã có vòng bỏ phiếu lại cho câu hỏi này."))
    runoff = _copy_election(parent, by=by, runoff_of=question)
    tied = [cr.candidate for cr in result.candidates.select_related("candidate").filter(tied=True)]
    first = _copy_question(runoff, question, tied, by=by, seats=result.seats_left)
    for dependent in parent.questions.filter(excludes_winners_of=question).prefetch_related("candidates"):
        _copy_question(runoff, dependent, dependent.candidates.all(), by=by, excludes_winners_of=first)
    audit.record(
        by,
        AuditEvent.Action.CREATE,
        runoff,
        created_fields(runoff, ELECTION_FIELDS),
        note=f"run-off of question {question.pk}",
    )
    return runoff


@transaction.atomic
def open_next_round(election: Election, candidates: Iterable[Candidate], *, by) -> Election:
    """A second round of a closed election, as a draft, on some of its candidates (the council's
    lines that failed): the same voters (presence as recorded), each question that has one of
    ``candidates`` repeated with those only. Rules.md: at most two ballot rounds."""
    election = Election.objects.select_for_update().get(pk=election.pk)
    if not election.is_closed:
        raise VotingError(_("Chỉ mở vòng sau khi cuộc bỏ phiếu đã kết thúc."))
    if election.round >= 2:
        raise VotingError(_("Đã bỏ phiếu hai vòng: theo quy định, thủ trưởng có thẩm quyền quyết định."))
    if election.next_rounds.exists():
        raise VotingError(_("Cuộc bỏ phiếu này đã có vòng sau."))
    chosen = {c.pk for c in candidates}
    questions = list(election.questions.select_related("title").prefetch_related("candidates"))
    by_question = [(q, [c for c in q.candidates.all() if c.pk in chosen]) for q in questions]
    by_question = [(q, cs) for q, cs in by_question if cs]
    if sum(len(cs) for _q, cs in by_question) != len(chosen):
        raise VotingError(_("Có ứng viên không thuộc cuộc bỏ phiếu này."))
    if not by_question:
        raise VotingError(_("Cần chọn ít nhất một ứng viên cho vòng sau."))
    following = _copy_election(election, by=by, previous_round=election)
    for question, cs in by_question:
        seats = min(question.seats, len(cs)) if question.kind == tally.CHOOSE else question.seats
        _copy_question(following, question, cs, by=by, seats=seats)
    audit.record(
        by,
        AuditEvent.Action.CREATE,
        following,
        created_fields(following, ELECTION_FIELDS) | {"candidates": [None, sorted(chosen)]},
        note=f"round {following.round} of election {election.pk}",
    )
    return following
