"""Setting an election up: questions, candidates, the roll, quorum and opening."""

import secrets
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit import services as audit
from audit.models import AuditEvent
from cycle.models import Conference
from organisation.models import Person, Unit
from voting import tally
from voting.models import (
    FRACTIONS,
    Candidate,
    Election,
    Question,
    RollEntry,
)
from voting.services import box
from voting.services.common import ELECTION_FIELDS, QUESTION_FIELDS, VotingError, created_fields, require_draft


@dataclass(frozen=True)
class CandidateData:
    label: str
    unit: Unit | None = None
    person: Person | None = None
    ref_kind: str = ""
    ref_id: int | None = None


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
    check_options(options)
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
    audit.record(by, AuditEvent.Action.CREATE, election, created_fields(election, ELECTION_FIELDS))
    return election


def check_options(options: Mapping) -> None:
    """The shares an election is opened with are among those offered; the minimum number of ballots
    is at least 1. The message names the field."""
    offered = {value for value, _label in FRACTIONS}
    names = {"quorum": _("Số có mặt tối thiểu"), "ballot_quorum": _("Số phiếu tối thiểu để có kết quả")}
    for name, label in names.items():
        if name in options and options[name] not in offered:
            raise VotingError(
                _("%(field)s: “%(value)s” không phải tỷ lệ được phép (%(offered)s).")
                % {"field": label, "value": options[name], "offered": ", ".join(v for v, _l in FRACTIONS)}
            )
    if "min_ballots" in options and not (isinstance(options["min_ballots"], int) and options["min_ballots"] >= 1):
        raise VotingError(_("Số phiếu tối thiểu để công bố chi tiết phải từ 1 trở lên."))


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
    require_draft(election)
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
        created_fields(question, QUESTION_FIELDS) | {"candidates": [None, labels]},
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
    require_draft(question.election)
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
    require_draft(election)
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
    require_draft(election)
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
    require_draft(election)
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


def ballots_needed(election: Election, roll_weight: int) -> int:
    """How many ballots (by weight) a question needs to decide anything: the election's
    ``ballot_quorum`` share of the roll, rounded up (2/3 of 8 is 6, of 9 is 6)."""
    fraction = election.ballot_quorum_fraction * roll_weight
    return -(-fraction.numerator // fraction.denominator)


@transaction.atomic
def open_election(election: Election, *, by) -> Election:
    """Fix the roll and open the election: the ballot has questions with candidates, the quorum
    is met, and with weights each weight is shared by enough voters to keep ballots anonymous.
    Electronic: the sealed ballot box is made (a fresh data key, stored wrapped)."""
    election = Election.objects.select_for_update().get(pk=election.pk)
    require_draft(election)
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
    if election.mode == Election.Mode.ELECTRONIC:
        box.make_box(election)
    election.opened_at = timezone.now()
    election.save(update_fields=["status", "salt", "accumulator", "ballot_key", "sealed_accumulator", "opened_at"])
    audit.record(
        by,
        AuditEvent.Action.UPDATE,
        election,
        {"status": ["draft", "open"], "present": [None, f"{present}/{len(roll)}"]},
    )
    return election
