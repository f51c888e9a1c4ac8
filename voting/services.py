"""Every write of the voting module, one function per change, each in one transaction with its audit row.

Secrecy rules every function here keeps (see ``docs/voting-secrecy.md``):
- ``cast_ballot`` marks the roll entry and writes the ballot in the same transaction, and writes
  nothing that joins them: the audit row names the voter, never the ballot or its receipt; nothing
  is logged; the receipt is returned to the caller only.
- Ballots have no timestamp and are always read ordered by receipt code.
- Counts are stored only at closing, never while voting runs.
"""

import datetime
import secrets
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from django.db import transaction
from django.db.models import F, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from audit import services as audit
from audit.models import AuditEvent
from cycle.models import Block, Conference
from cycle.services import blocks as block_services
from organisation.models import Person, Unit
from voting import tally
from voting.models import (
    Ballot,
    Candidate,
    CandidateResult,
    Election,
    PaperCount,
    Question,
    QuestionResult,
    RollEntry,
)

ELECTION_FIELDS = [
    "title",
    "year",
    "conference",
    "organiser_unit",
    "mode",
    "voter_kind",
    "layout",
    "shuffle",
    "quorum",
    "weighted",
    "min_ballots",
    "place",
    "date",
    "round",
]
QUESTION_FIELDS = [
    "order",
    "text",
    "kind",
    "seats",
    "base",
    "fraction",
    "strict",
    "purpose",
    "title",
    "excludes_winners_of",
]
RECEIPT_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I/L: read aloud and typed without doubt


def _created(obj, fields) -> dict:
    """A new object's fields as audit changes: ``{field: [None, value]}``."""
    return {name: [None, value] for name, value in audit.snapshot(obj, fields).items()}


class VotingError(ValueError):
    """A change refused by the voting rules; the message is Vietnamese and for the user."""


@dataclass(frozen=True)
class CandidateData:
    label: str
    unit: Unit | None = None
    person: Person | None = None
    ref_kind: str = ""
    ref_id: int | None = None


# Elections, questions, roll ---------------------------------------------------------------------


@transaction.atomic
def create_election(
    *,
    by,
    title: str,
    conference: Conference | None = None,
    organiser_unit: Unit | None = None,
    year: int | None = None,
    **options,
) -> Election:
    """A draft election. At a conference: the block's managing body organises it, the year is the
    block's, and the roll is the block's member units with their attendance (``present``)."""
    if conference is not None:
        block = conference.block
        organiser_unit = block.managed_by
        year = block.year
        options.setdefault("place", conference.place)
        options.setdefault("date", conference.date)
    if organiser_unit is None or year is None:
        raise VotingError(_("Cần chọn hội nghị, hoặc đơn vị tổ chức và năm."))
    if not title.strip():
        raise VotingError(_("Cần ghi tên cuộc bỏ phiếu."))
    election = Election.objects.create(
        title=title.strip(),
        conference=conference,
        organiser_unit=organiser_unit,
        year=year,
        created_by=by if getattr(by, "pk", None) else None,
        **options,
    )
    if conference is not None and election.voter_kind == Election.VoterKind.UNITS:
        present = dict(conference.attendance.values_list("unit_id", "present"))
        RollEntry.objects.bulk_create(
            [
                RollEntry(
                    election=election,
                    unit=m.unit,
                    label=f"{m.unit.code} – {m.unit.name}",
                    present=present.get(m.unit_id, False),
                )
                for m in conference.block.memberships.select_related("unit")
            ]
        )
    audit.record(by, AuditEvent.Action.CREATE, election, _created(election, ELECTION_FIELDS))
    return election


def _draft(election: Election) -> None:
    if election.status != Election.Status.DRAFT:
        raise VotingError(_("Cuộc bỏ phiếu đã mở: không thể thay đổi câu hỏi hay danh sách cử tri."))


@transaction.atomic
def add_question(
    election: Election,
    *,
    by,
    text: str,
    candidates: list[CandidateData],
    kind: str = tally.CHOOSE,
    seats: int = 1,
    base: str = tally.VALID,
    fraction: str = "1/2",
    strict: bool = True,
    purpose: str = Question.Purpose.OTHER,
    title=None,
    excludes_winners_of: Question | None = None,
) -> Question:
    """Add a question with its candidates (in the order given) at the end of the ballot."""
    _draft(election)
    if not text.strip():
        raise VotingError(_("Cần ghi nội dung câu hỏi."))
    if not candidates:
        raise VotingError(_("Câu hỏi cần ít nhất một ứng viên."))
    labels = [c.label.strip() for c in candidates]
    if len(set(labels)) != len(labels):
        raise VotingError(_("Có ứng viên trùng tên."))
    if kind == tally.CHOOSE and not 1 <= seats <= len(candidates):
        raise VotingError(_("Số được chọn phải từ 1 đến số ứng viên (%(n)s).") % {"n": len(candidates)})
    if excludes_winners_of is not None and excludes_winners_of.election_id != election.pk:
        raise VotingError(_("Câu hỏi được loại trừ phải thuộc cùng cuộc bỏ phiếu."))
    order = (election.questions.order_by("-order").values_list("order", flat=True).first() or 0) + 1
    question = Question.objects.create(
        election=election,
        order=order,
        text=text.strip(),
        kind=kind,
        seats=seats,
        base=base,
        fraction=fraction,
        strict=strict,
        purpose=purpose,
        title=title,
        excludes_winners_of=excludes_winners_of,
    )
    Candidate.objects.bulk_create(
        [
            Candidate(
                question=question,
                order=i,
                label=c.label.strip(),
                unit=c.unit,
                person=c.person,
                ref_kind=c.ref_kind,
                ref_id=c.ref_id,
            )
            for i, c in enumerate(candidates, start=1)
        ]
    )
    audit.record(
        by,
        AuditEvent.Action.CREATE,
        question,
        _created(question, QUESTION_FIELDS) | {"candidates": [None, labels]},
        note=f"election {election.pk}",
    )
    return question


@transaction.atomic
def add_leader_and_deputy(
    election: Election, *, by, units: list[Unit], year: int | None = None, fraction: str = "1/2"
) -> tuple[Question, Question]:
    """The leader and deputy questions for next year: choose one unit each; the deputy question
    does not count votes for the unit elected leader (rules.md: simple majority of valid ballots)."""
    year = year or election.year + 1
    candidates = [CandidateData(label=f"{u.code} – {u.name}", unit=u) for u in units]
    leader = add_question(
        election,
        by=by,
        text=_("Khối trưởng năm %(year)s") % {"year": year},
        candidates=candidates,
        kind=tally.CHOOSE,
        seats=1,
        fraction=fraction,
        purpose=Question.Purpose.LEADER,
    )
    deputy = add_question(
        election,
        by=by,
        text=_("Khối phó năm %(year)s") % {"year": year},
        candidates=candidates,
        kind=tally.CHOOSE,
        seats=1,
        fraction=fraction,
        purpose=Question.Purpose.DEPUTY,
        excludes_winners_of=leader,
    )
    return leader, deputy


@transaction.atomic
def remove_question(question: Question, *, by) -> None:
    _draft(question.election)
    if Question.objects.filter(excludes_winners_of=question).exists():
        raise VotingError(
            _("Câu hỏi khác phụ thuộc câu hỏi này (khối phó phụ thuộc khối trưởng): hãy xoá câu đó trước.")
        )
    audit.record(
        by,
        AuditEvent.Action.DELETE,
        question,
        {k: [v, None] for k, v in audit.snapshot(question, QUESTION_FIELDS).items()},
        note=f"election {question.election_id}",
    )
    question.delete()


@transaction.atomic
def set_roll(election: Election, rows: Mapping[int, Mapping], *, by) -> list[RollEntry]:
    """Set ``present`` and ``weight`` of roll entries (``rows``: entry id → values) before opening."""
    _draft(election)
    entries = {e.pk: e for e in election.roll.all()}
    if unknown := set(rows) - set(entries):
        raise VotingError(
            _("Cử tri không thuộc cuộc bỏ phiếu: %(ids)s.") % {"ids": ", ".join(map(str, sorted(unknown)))}
        )
    delta, changed = {}, []
    for pk, values in rows.items():
        entry = entries[pk]
        present = bool(values.get("present", entry.present))
        weight = int(values.get("weight", entry.weight) or 1) if election.weighted else 1
        if weight < 1:
            raise VotingError(_("Trọng số phải từ 1 trở lên."))
        if (present, weight) != (entry.present, entry.weight):
            delta[entry.label] = [[entry.present, entry.weight], [present, weight]]
            entry.present, entry.weight = present, weight
            changed.append(entry)
    RollEntry.objects.bulk_update(changed, ["present", "weight"])
    if delta:
        audit.record(by, AuditEvent.Action.UPDATE, election, {"roll": delta})
    return list(election.roll.all())


@transaction.atomic
def add_unit_voters(election: Election, units: Iterable[Unit], *, by, present: bool = True) -> list[RollEntry]:
    """Units as voters outside a block's conference; each casts through its representative."""
    _draft(election)
    have = set(election.roll.values_list("unit_id", flat=True))
    new = [
        RollEntry(election=election, unit=u, label=f"{u.code} – {u.name}", present=present)
        for u in units
        if u.pk not in have
    ]
    RollEntry.objects.bulk_create(new)
    if new:
        audit.record(by, AuditEvent.Action.UPDATE, election, {"roll": [None, [e.label for e in new]]})
    return list(election.roll.all())


@transaction.atomic
def add_person_voters(election: Election, people: Iterable[Person], *, by, present: bool = True) -> list[RollEntry]:
    """Council members (or other persons) as voters; each casts through the user linked to them."""
    _draft(election)
    have = set(election.roll.values_list("person_id", flat=True))
    new = [
        RollEntry(election=election, person=p, label=p.full_name, present=present) for p in people if p.pk not in have
    ]
    RollEntry.objects.bulk_create(new)
    if new:
        audit.record(by, AuditEvent.Action.UPDATE, election, {"roll": [None, [e.label for e in new]]})
    return list(election.roll.all())


def quorum_needed(election: Election, roll_size: int) -> int:
    """How many voters must be present: the quorum fraction of the roll, rounded up."""
    fraction = election.quorum_fraction * roll_size
    return -(-fraction.numerator // fraction.denominator)


@transaction.atomic
def open_election(election: Election, *, by) -> Election:
    """Fix the roll and open the election: the ballot has questions with candidates, the quorum
    is met, and with weights each weight is shared by enough voters to keep ballots anonymous."""
    election = Election.objects.select_for_update().get(pk=election.pk)
    _draft(election)
    questions = list(election.questions.prefetch_related("candidates"))
    if not questions:
        raise VotingError(_("Cuộc bỏ phiếu chưa có câu hỏi."))
    if empty := [q.text for q in questions if not q.candidates.all()]:
        raise VotingError(_("Câu hỏi chưa có ứng viên: %(q)s.") % {"q": "; ".join(empty)})
    roll = list(election.roll.all())
    if not roll:
        raise VotingError(_("Danh sách cử tri trống."))
    present = sum(1 for e in roll if e.present)
    needed = quorum_needed(election, len(roll))
    if present < needed:
        raise VotingError(
            _("Không đủ số cử tri có mặt: có %(present)s/%(roll)s, cần ít nhất %(needed)s (%(quorum)s).")
            % {"present": present, "roll": len(roll), "needed": needed, "quorum": election.quorum}
        )
    if election.weighted:
        by_weight: dict[int, int] = {}
        for e in roll:
            by_weight[e.weight] = by_weight.get(e.weight, 0) + 1
        if lonely := sorted(w for w, n in by_weight.items() if n < election.min_ballots and len(by_weight) > 1):
            raise VotingError(
                _("Trọng số %(weights)s chỉ có dưới %(n)s cử tri: phiếu mang trọng số đó sẽ lộ người bỏ.")
                % {"weights": ", ".join(map(str, lonely)), "n": election.min_ballots}
            )
    election.status = Election.Status.OPEN
    election.salt = secrets.token_hex(16)
    election.accumulator = "0" * 64
    election.opened_at = timezone.now()
    election.save(update_fields=["status", "salt", "accumulator", "opened_at"])
    audit.record(
        by,
        AuditEvent.Action.UPDATE,
        election,
        {"status": ["draft", "open"], "present": [None, f"{present}/{len(roll)}"]},
    )
    return election


# Casting ----------------------------------------------------------------------------------------


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


def _receipt(taken) -> str:
    while True:
        code = "".join(secrets.choice(RECEIPT_ALPHABET) for _ in range(8))
        code = f"{code[:4]}-{code[4:]}"
        if not taken(code):
            return code


def cast_ballot(election: Election, entry: RollEntry, answers: Mapping, *, by) -> str:
    """Record one voter's ballot and return its receipt code.

    In one transaction: lock the election (no ballot after it closes), mark the roll entry as
    voted only if it was not (a second attempt is refused), write the ballot with a random id and
    receipt and no voter, add its digest to the running commitment, and audit that the voter
    voted. The receipt is returned only to the caller: not stored with the voter, not logged."""
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
        receipt = _receipt(lambda code: Ballot.objects.filter(election=election, receipt=code).exists())
        digest = tally.ballot_digest(election.salt, receipt, clean)
        Ballot.objects.create(election=election, receipt=receipt, answers=clean, weight=entry.weight, digest=digest)
        Election.objects.filter(pk=election.pk).update(
            accumulator=tally.accumulate(election.accumulator, digest), ballots_count=F("ballots_count") + 1
        )
        audit.record(by, AuditEvent.Action.UPDATE, entry, {"has_voted": [False, True]}, note=f"election {election.pk}")
    return receipt


# Paper ------------------------------------------------------------------------------------------

PAPER_MESSAGES = {
    "negative": _("Số liệu không được âm."),
    "negative_votes": _("Số phiếu của ứng viên không được âm."),
    "unknown_candidate": _("Có ứng viên không thuộc câu hỏi."),
    "issued_gt_present": _("Số phiếu phát ra (%(issued)s) nhiều hơn số cử tri có mặt (%(present)s)."),
    "returned_gt_issued": _("Số phiếu thu về (%(returned)s) nhiều hơn số phiếu phát ra (%(issued)s)."),
    "valid_invalid_ne_returned": _(
        "Số phiếu hợp lệ (%(valid)s) cộng không hợp lệ (%(invalid)s) phải bằng số phiếu thu về (%(returned)s)."
    ),
    "votes_gt_valid": _("%(candidate)s có %(votes)s phiếu, nhiều hơn số phiếu hợp lệ (%(valid)s)."),
    "marks_gt_seats": _(
        "Tổng số phiếu bầu cho các ứng viên (%(marks)s) vượt quá số phiếu hợp lệ × số được chọn "
        "(%(valid)s × %(seats)s)."
    ),
    "approvals_gt_valid": _(
        "%(candidate)s: đồng ý (%(yes)s) cộng không đồng ý (%(no)s) nhiều hơn số phiếu hợp lệ (%(valid)s)."
    ),
}


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
    count, _created = PaperCount.objects.update_or_create(
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


# Closing and results ----------------------------------------------------------------------------


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
        return tally.tally(specs, ballots, roll=roll, present=present)
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
    return tally.decide_all(specs, aggregates, roll=roll, present=present)


def verify_chain(election: Election) -> list[str]:
    """What is wrong with the stored ballots (empty when all is well): each digest recomputed from
    its ballot, the running commitment, the chain over the ballots sorted by receipt, the count."""
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
    """Close the election: no more ballots; the chain is computed over the ballots sorted by receipt
    code and its head published; the results are counted and stored. Paper: every question needs
    the committee's figures."""
    election = Election.objects.select_for_update().get(pk=election.pk)
    if election.status != Election.Status.OPEN:
        raise VotingError(_("Chỉ kết thúc được cuộc bỏ phiếu đang mở."))
    results = compute_results(election)
    election.status = Election.Status.CLOSED
    election.closed_at = timezone.now()
    if election.mode == Election.Mode.ELECTRONIC:
        ballots = list(election.ballots.order_by("receipt").only("id", "receipt", "digest"))
        links = tally.chain(
            tally.genesis(election.salt, election.pk, len(ballots)), [(b.receipt, b.digest) for b in ballots]
        )
        for ballot, link in zip(ballots, links, strict=True):
            ballot.chain_hash = link
        Ballot.objects.bulk_update(ballots, ["chain_hash"], batch_size=500)
        election.chain_head = links[-1] if links else ""
    else:
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


@transaction.atomic
def open_runoff(question: Question, *, by) -> Election:
    """A new round for a tied question, as a draft: the same voters (presence as recorded), the tied
    candidates, the seats left; a question that excludes this one's winners (the deputy after the
    leader) is repeated with it. Rules.md: at most two rounds, then the competent head decides."""
    result = QuestionResult.objects.filter(question=question).first()
    if result is None or not result.is_tie:
        raise VotingError(_("Chỉ bỏ phiếu lại cho câu hỏi có kết quả hoà."))
    parent = question.election
    if parent.round >= 2:
        raise VotingError(_("Đã bỏ phiếu hai vòng: theo quy định, thủ trưởng có thẩm quyền quyết định."))
    if Election.objects.filter(runoff_of=question).exists():
        raise VotingError(_("Đã có vòng bỏ phiếu lại cho câu hỏi này."))
    runoff = Election.objects.create(
        title=parent.title,
        year=parent.year,
        conference=parent.conference,
        organiser_unit=parent.organiser_unit,
        mode=parent.mode,
        voter_kind=parent.voter_kind,
        layout=parent.layout,
        shuffle=parent.shuffle,
        quorum=parent.quorum,
        weighted=parent.weighted,
        min_ballots=parent.min_ballots,
        round=parent.round + 1,
        runoff_of=question,
        place=parent.place,
        date=parent.date,
        created_by=by if getattr(by, "pk", None) else None,
    )
    RollEntry.objects.bulk_create(
        [
            RollEntry(
                election=runoff,
                unit_id=e.unit_id,
                person_id=e.person_id,
                label=e.label,
                weight=e.weight,
                present=e.present,
            )
            for e in parent.roll.all()
        ]
    )
    tied = [cr.candidate for cr in result.candidates.select_related("candidate").filter(tied=True)]
    first = add_question(
        runoff,
        by=by,
        text=question.text,
        kind=question.kind,
        seats=result.seats_left,
        base=question.base,
        fraction=question.fraction,
        strict=question.strict,
        purpose=question.purpose,
        title=question.title,
        candidates=[CandidateData(c.label, c.unit, c.person, c.ref_kind, c.ref_id) for c in tied],
    )
    for dependent in parent.questions.filter(excludes_winners_of=question).prefetch_related("candidates"):
        add_question(
            runoff,
            by=by,
            text=dependent.text,
            kind=dependent.kind,
            seats=dependent.seats,
            base=dependent.base,
            fraction=dependent.fraction,
            strict=dependent.strict,
            purpose=dependent.purpose,
            title=dependent.title,
            excludes_winners_of=first,
            candidates=[
                CandidateData(c.label, c.unit, c.person, c.ref_kind, c.ref_id) for c in dependent.candidates.all()
            ],
        )
    audit.record(
        by,
        AuditEvent.Action.CREATE,
        runoff,
        _created(runoff, ELECTION_FIELDS),
        note=f"run-off of question {question.pk}",
    )
    return runoff


# Leader and deputy ------------------------------------------------------------------------------


def _winner_unit(election: Election, purpose: str) -> Unit | None:
    found = (
        CandidateResult.objects.filter(
            result__question__election=election,
            result__question__purpose=purpose,
            result__status=tally.DECIDED,
            winner=True,
        )
        .select_related("candidate__unit")
        .first()
    )
    return found.candidate.unit if found else None


def leader_result(election: Election) -> tuple[Unit | None, Unit | None]:
    """The units elected leader and deputy by this election (None where undecided)."""
    return _winner_unit(election, Question.Purpose.LEADER), _winner_unit(election, Question.Purpose.DEPUTY)


def leaders_basis(election: Election) -> str:
    day = election_day(election)
    if election.conference_id:
        return _("Kết quả bỏ phiếu suy tôn tại hội nghị %(kind)s ngày %(day)s") % {
            "kind": election.conference.get_kind_display().lower(),
            "day": day.strftime("%d/%m/%Y") if day else "",
        }
    return _("Kết quả bỏ phiếu: %(title)s") % {"title": election.title}


@transaction.atomic
def apply_block_leaders(election: Election, *, by) -> Block | None:
    """Make the elected leader and deputy next year's leader and deputy of the conference's block.

    When next year's block exists: ``cycle.services.blocks.assign_block_leaders``. Otherwise the
    election is marked applied, and "start next year from this one"
    (``copy_block_to_next_year``) takes them from ``Block.elected_for_next_year``. Returns next
    year's block when it exists."""
    election = Election.objects.select_for_update().get(pk=election.pk)
    if not election.is_closed or election.conference_id is None:
        raise VotingError(_("Chỉ áp dụng kết quả của cuộc bỏ phiếu đã kết thúc tại hội nghị của khối."))
    leader, deputy = leader_result(election)
    if leader is None or deputy is None:
        raise VotingError(_("Chưa bầu được cả khối trưởng và khối phó (hoà hoặc không ai đạt tỷ lệ)."))
    block = election.conference.block
    election.applied_at = timezone.now()
    election.save(update_fields=["applied_at"])
    audit.record(by, AuditEvent.Action.UPDATE, election, {"applied": [None, [leader.code, deputy.code]]})
    following = Block.objects.filter(previous=block).first()
    if following is None:
        return None
    return block_services.assign_block_leaders(
        following, leader=leader, deputy=deputy, basis=leaders_basis(election), by=by
    )


def elected_for_next_year(block: Block):
    """``(leader, deputy, basis)`` from the last applied election at one of the block's conferences,
    or None. Installed as ``Block.elected_for_next_year`` (see ``voting.apps``)."""
    election = (
        Election.objects.filter(conference__block=block, status=Election.Status.CLOSED, applied_at__isnull=False)
        .order_by("-applied_at")
        .first()
    )
    if election is None:
        return None
    leader, deputy = leader_result(election)
    return (leader, deputy, leaders_basis(election)) if leader and deputy else None


def cited_results(*, unit: Unit, year: int | None = None):
    """What the unit won by vote (titles, flags, leader), for proposals to cite: the winning
    ``CandidateResult`` rows with their question and election."""
    rows = CandidateResult.objects.filter(winner=True, candidate__unit=unit, result__status=tally.DECIDED)
    if year is not None:
        rows = rows.filter(result__question__election__year=year)
    return rows.select_related("result__question__election", "result__question__title", "candidate")


def election_day(election: Election) -> datetime.date | None:
    return election.date or (election.closed_at.date() if election.closed_at else None)
