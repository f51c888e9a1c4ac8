"""Casting: the answers checked against the questions, the secret ballot and its receipt, paper counts.

Secrecy: ``cast_ballot`` marks the roll entry and seals the ballot into the election's box in the same
transaction, and writes nothing that joins them in the clear (see ``docs/voting-secrecy.md``)."""

from collections.abc import Iterable, Mapping
from fractions import Fraction

from django.db import transaction
from django.utils.translation import gettext as _

from audit import services as audit
from audit.models import AuditEvent
from voting import tally
from voting.models import (
    Candidate,
    Election,
    PaperCount,
    Question,
    RollEntry,
)
from voting.services import box
from voting.services.common import VotingError
from voting.services.outcomes import PAPER_MESSAGES


def identity(candidate: Candidate) -> str:
    """What a candidate stands for, the same on every question of the ballot."""
    if candidate.unit_id:
        return f"unit:{candidate.unit_id}"
    if candidate.person_id:
        return f"person:{candidate.person_id}"
    if candidate.ref_kind:
        return f"{candidate.ref_kind}:{candidate.ref_id}"
    return f"label:{candidate.label}"


def question_specs(questions: Iterable[Question]) -> list[tally.QuestionSpec]:
    specs = []
    for q in questions:
        candidates = list(q.candidates.all())
        specs.append(
            tally.QuestionSpec(
                key=q.key,
                kind=q.kind,
                candidates=tuple(c.key for c in candidates),
                seats=q.seats,
                rule=tally.Rule(base=q.base, fraction=Fraction(q.fraction), strict=q.strict),
                excludes_winners_of=str(q.excludes_winners_of_id) if q.excludes_winners_of_id else None,
                identities=tuple(identity(c) for c in candidates),
            )
        )
    return specs


def check_answers(questions: list[Question], answers: Mapping) -> dict:
    """The answers in canonical form (only the ballot's questions, candidates as id strings), or
    VotingError naming the first question whose answer is not valid. A blank is allowed."""
    clean = {}
    for question, spec in zip(questions, question_specs(questions), strict=True):
        answer = answers.get(spec.key)
        if spec.kind == tally.CHOOSE and answer is not None:
            answer = sorted(str(c) for c in answer) if isinstance(answer, (list, tuple, set)) else answer
        elif answer is not None and isinstance(answer, Mapping):
            answer = {str(c): v for c, v in answer.items() if v not in ("", None)}  # "" or None: blank
        problem = tally.answer_problem(spec, answer)
        if problem == "too_many":
            raise VotingError(_("Câu “%(q)s”: chỉ được chọn tối đa %(k)s.") % {"q": question.text, "k": question.seats})
        if problem is not None:
            raise VotingError(_("Câu “%(q)s”: lựa chọn không hợp lệ.") % {"q": question.text})
        if answer:
            clean[spec.key] = answer
    # One unit cannot be both leader and deputy on the same ballot.
    for question in questions:
        if question.excludes_winners_of_id:
            mine = clean.get(question.key) or []
            theirs = clean.get(str(question.excludes_winners_of_id)) or []
            labels_mine = {identity(c) for c in question.candidates.all() if c.key in mine}
            other = next(q for q in questions if q.pk == question.excludes_winners_of_id)
            labels_theirs = {identity(c) for c in other.candidates.all() if c.key in theirs}
            if labels_mine & labels_theirs:
                raise VotingError(
                    _("Không thể chọn cùng một ứng viên ở câu “%(a)s” và câu “%(b)s”.")
                    % {"a": other.text, "b": question.text}
                )
    return clean


def cast_ballot(election: Election, entry: RollEntry, answers: Mapping, *, by) -> str:
    """Record one voter's ballot and return its receipt code.

    In one transaction: lock the election (no ballot after it closes), mark the roll entry as
    voted only if it was not (a second attempt is refused), seal the ballot into the election's box
    with a random id and receipt and no voter (``box.seal_ballot``), add its digest to the sealed
    running commitment, and audit that the voter voted. The receipt is returned only to the
    caller: not stored with the voter, not logged, stored in the box only sealed."""
    with transaction.atomic():
        election = Election.objects.select_for_update().get(pk=election.pk)
        if election.mode != Election.Mode.ELECTRONIC:
            raise VotingError(_("Cuộc bỏ phiếu này dùng phiếu giấy."))
        if election.status != Election.Status.OPEN:
            raise VotingError(_("Cuộc bỏ phiếu không mở (chưa mở hoặc đã kết thúc)."))
        questions = list(election.questions.prefetch_related("candidates"))
        clean = check_answers(questions, answers)
        marked = RollEntry.objects.filter(pk=entry.pk, election=election, has_voted=False).update(has_voted=True)
        if marked != 1:
            raise VotingError(_("%(voter)s đã bỏ phiếu: mỗi cử tri chỉ bỏ một phiếu.") % {"voter": entry.label})
        receipt = box.seal_ballot(election, questions, clean, weight=entry.weight)
        audit.record(by, AuditEvent.Action.UPDATE, entry, {"has_voted": [False, True]}, note=f"election {election.pk}")
    return receipt


def paper_reasons(question: Question, problems: list[tuple[str, dict]]) -> list[str]:
    labels = {c.key: c.label for c in question.candidates.all()}
    out = []
    for code, values in problems:
        values = dict(values)
        if "candidate" in values:
            values["candidate"] = labels.get(values["candidate"], values["candidate"])
        out.append(str(PAPER_MESSAGES[code]) % values)
    return out


@transaction.atomic
def record_paper_count(
    question: Question,
    *,
    by,
    issued: int,
    returned: int,
    valid: int,
    invalid: int,
    votes: Mapping[str, int],
    against: Mapping[str, int] | None = None,
) -> PaperCount:
    """The counting committee's figures for one question of a paper election; refused with every
    reason when they do not add up (``tally.paper_problems``)."""
    election = Election.objects.select_for_update().get(pk=question.election_id)
    if election.mode != Election.Mode.PAPER:
        raise VotingError(_("Cuộc bỏ phiếu này là bỏ phiếu điện tử: số phiếu do hệ thống đếm."))
    if election.status != Election.Status.OPEN:
        raise VotingError(_("Chỉ nhập kết quả kiểm phiếu khi cuộc bỏ phiếu đang mở."))
    votes = {str(k): int(v) for k, v in votes.items()}
    against = {str(k): int(v) for k, v in (against or {}).items()} if question.kind == tally.APPROVE else {}
    paper = tally.PaperCount(
        issued=issued, returned=returned, valid=valid, invalid=invalid, votes=votes, against=against
    )
    present = election.roll.filter(present=True).count()
    if problems := tally.paper_problems(question_specs([question])[0], paper, present=present):
        raise VotingError(" ".join(paper_reasons(question, problems)))
    before = PaperCount.objects.filter(question=question).first()
    count, created_fields = PaperCount.objects.update_or_create(
        question=question,
        defaults={
            "issued": issued,
            "returned": returned,
            "valid": valid,
            "invalid": invalid,
            "votes": votes,
            "against": against,
            "entered_by": by if getattr(by, "pk", None) else None,
        },
    )
    figures = {
        "issued": issued,
        "returned": returned,
        "valid": valid,
        "invalid": invalid,
        "votes": votes,
        "against": against,
    }
    old = {k: getattr(before, k) for k in figures} if before else None
    audit.record(
        by,
        AuditEvent.Action.UPDATE if before else AuditEvent.Action.CREATE,
        question,
        {"paper": [old, figures]},
        note=f"election {election.pk}",
    )
    return count
