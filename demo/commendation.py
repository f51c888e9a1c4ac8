"""Demo commendation workflow: **2025 done end to end, 2026 in progress** (``seed_commendation()``,
called by ``seed_demo`` after the eligibility facts of ``demo.facts``).

2025: three rooms of Công an tỉnh Quảng Bình (PX03, PH10, PV01) each send the province a proposal of
a few people the engine finds eligible for Chiến sĩ thi đua cơ sở or Chiến sĩ tiên tiến; PX03 adds
one officer the engine finds not eligible, with a written justification. The province's emulation
office puts them under review; the council (the Director, his deputies and two heads of rooms)
meets on 05/12/2025, votes in secret through the voting module and rejects the flagged line; the
Director's decision ``DECISION_NUMBER/QĐ-CAT`` of 10/12/2025 confers the approved titles with
their bonuses (the certificates are rendered on demand from its lines; the default templates are
ensured). 2026: PX03's proposal is still a draft, PH10's has been submitted; nothing is decided.

Everything goes through the workflow services (``commendation.services``, ``voting.services``) with the
demo's logins, so the audit, the election and the records' links are the real ones.

What stays true for ``demo.tests.test_facts``: only titles (CSTT, CSTĐ cơ sở) are conferred for
2025, only to people the engine finds eligible, never to a person of ``demo.facts.showcase()``
nor to anyone in the units the showcase's dynamic cases choose from; no award form is conferred
and no collective title (the three rooms are showcase units). Idempotent: nothing is written when
proposals to the province for 2025 or 2026 already exist. Deterministic (people by ident).
"""

import datetime

from django.db import transaction

from commendation.certificate_templates import ensure_default_templates
from commendation.models import CouncilMeeting, Decision, Proposal, ProposalLine
from commendation.services import council, decisions, proposals
from demo import facts as demo
from demo import names as demo_names
from demo.logins import COUNCIL_SEATS
from eligibility.services import evaluate_scope
from honours.models import Title
from organisation.models import Person, Role, RoleGrant, Unit, User
from voting import services as voting

LAST_YEAR, THIS_YEAR = 2025, 2026
PROVINCE = "CAQB"
SYMBOL = "QĐ-CAT"
DECISION_NUMBER = 1268
DECISION_DATE = datetime.date(2025, 12, 10)
MEETING_DATE = datetime.date(2025, 12, 5)
PLACE = "Hội trường Công an tỉnh Quảng Bình"
# (unit ref, proposal number, CSTĐ cơ sở lines, Chiến sĩ tiên tiến lines, one line not eligible)
PROPOSALS_2025 = [
    ("CAQB-PX03", "215/TTr-PX03", 1, 60, True),  # CSTT for every eligible officer: the room is then decided
    ("CAQB-PH10", "198/TTr-PH10", 1, 2, False),
    ("CAQB-PV01", "240/TTr-PV01", 2, 2, False),
]
JUSTIFICATION = (
    "Đồng chí có thành tích đột xuất trong bảo đảm an ninh, trật tự dịp Quốc khánh 02/9/2025; "
    "đơn vị đề nghị Hội đồng xem xét."
)
# Logins of ``seed_demo``.
OFFICE, UNIT_OFFICER, COMMANDER = "thuongtruc", "tdkt.px03", "chihuy.px03"
COUNT_KEYS = ["proposals", "proposal_lines", "council_meetings", "decisions", "decision_lines"]


def _seeded() -> bool:
    return Proposal.objects.filter(to_unit__ref=PROVINCE, year__in=(LAST_YEAR, THIS_YEAR)).exists()


def _excluded() -> set[int]:
    """People the 2025 titles must not touch: the showcase people and the dynamic cases' units."""
    people = {c.subject for c in demo.showcase() if c.recipient == demo.IND}
    units = Unit.objects.filter(ref__in=demo.DYNAMIC_UNITS)
    people |= set(Person.objects.filter(unit__in=units).values_list("pk", flat=True))
    return people


def _by_ident(ids) -> list[Person]:
    return list(Person.objects.filter(pk__in=ids).order_by("ident"))


def _candidates(unit: Unit, excluded: set[int], n_cstdcs: int, n_cstt: int, miss: bool):
    """(person, title code) of the eligible, by ident; and the first person not eligible for CSTT."""
    evaluation = evaluate_scope(unit, LAST_YEAR)
    taken: set[int] = set()
    picks = []
    for code, n in (("CSTDCS", n_cstdcs), ("CSTT", n_cstt)):
        for person in _by_ident(evaluation.eligible(code)):
            if n == 0:
                break
            if person.pk in excluded or person.pk in taken:
                continue
            picks.append((person, code))
            taken.add(person.pk)
            n -= 1
    missed = None
    if miss:
        table = evaluation.table(demo.IND)
        for person in _by_ident(table.ids):
            if person.pk not in excluded and evaluation.verdict("CSTT", person.pk).status == demo.NOT_ELIGIBLE:
                missed = person
                break
    return picks, missed


def _council_members(caqb: Unit) -> list[tuple[Person, bool, str]]:
    """The Director (chair), his deputies, the heads of PX03 and PX01."""
    board = list(Person.objects.filter(unit=caqb).order_by("ident"))
    director = next(p for p in board if p.position == "Giám đốc")
    deputies = [p for p in board if p.position == "Phó Giám đốc"]
    head = demo_names.head_titles(Unit.Kind.ROOM)[0]
    heads = [
        Person.objects.filter(unit__ref=ref, position=head).order_by("ident").first()
        for ref in ("CAQB-PX03", "CAQB-PX01")
    ]
    rows = [(director, True, "Chủ tịch Hội đồng")]
    rows += [(p, True, "Phó Chủ tịch Hội đồng" if i == 0 else "Ủy viên") for i, p in enumerate(deputies)]
    rows += [(heads[0], True, "Ủy viên thường trực"), (heads[1], True, "Ủy viên")]
    return [r for r in rows if r[0] is not None]


def _council_logins(caqb: Unit, seats: list[Person]) -> None:
    """Link every council member to a login (``demo.logins.COUNCIL_SEATS``), so each can vote: the
    existing ``hoidong`` to the chair, new council-member logins for the others (the hash of the
    demo's one password copied, as ``demo.organisation`` makes the logins)."""
    existing = {u.username: u for u in User.objects.filter(username__in=COUNCIL_SEATS)}
    template = existing.get("hoidong")
    if template is None or len(seats) != len(COUNCIL_SEATS):
        return
    for username, seat in COUNCIL_SEATS.items():
        person = seats[seat]
        user = existing.get(username)
        if user is None:
            user = User.objects.create(username=username, password=template.password, person=person)
            RoleGrant.objects.create(user=user, role=Role.COUNCIL_MEMBER, unit=caqb)
        elif user.person_id is None and not User.objects.filter(person=person).exists():
            user.person = person
            user.save(update_fields=["person"])


def _vote(election, rejected: set[int], users: dict[int, User]) -> None:
    """Every member approves every line but ``rejected``, which two thirds of them refuse."""
    candidates = [c for q in election.questions.order_by("order") for c in q.candidates.order_by("pk")]
    entries = list(election.roll.select_related("person").order_by("pk"))
    refusing = len(entries) * 2 // 3
    for i, entry in enumerate(entries):
        ballot: dict = {}
        for c in candidates:
            no = c.ref_id in rejected and i < refusing
            ballot.setdefault(str(c.question_id), {})[str(c.pk)] = "no" if no else "yes"
        voting.cast_ballot(election, entry, ballot, by=users.get(entry.person_id))


def _last_year(caqb: Unit, users: dict[str, User], titles: dict[str, Title]) -> Decision:
    office = users[OFFICE]
    excluded = _excluded()
    flagged = []
    for ref, number, n_cstdcs, n_cstt, miss in PROPOSALS_2025:
        unit = Unit.objects.get(ref=ref)
        own = ref == "CAQB-PX03"
        author = users[UNIT_OFFICER] if own else office
        proposal = proposals.create_proposal(
            unit=unit,
            to_unit=caqb,
            year=LAST_YEAR,
            by=author,
            number=number,
            title=f"Đề nghị công nhận danh hiệu thi đua năm {LAST_YEAR} của {unit.name}",
        )
        picks, missed = _candidates(unit, excluded, n_cstdcs, n_cstt, miss)
        for person, code in picks:
            proposals.add_line(proposal, by=author, person=person, title=titles[code])
        if missed is not None:
            line = proposals.add_line(proposal, by=author, person=missed, title=titles["CSTT"])
            proposals.set_justification(line, JUSTIFICATION, by=author)
            flagged.append(line.pk)
        proposals.submit_proposal(proposal, by=users[COMMANDER] if own else office)
        proposals.start_review(proposal, by=office)

    members = _council_members(caqb)
    meeting = council.create_meeting(
        by=office,
        unit=caqb,
        year=LAST_YEAR,
        date=MEETING_DATE,
        place=PLACE,
        chair=members[0][0],
        notes="Phiên họp xét khen thưởng tổng kết năm 2025",
    )
    council.set_members(meeting, members, by=office)
    _council_logins(caqb, [m[0] for m in members])
    agenda = ProposalLine.objects.filter(proposal__to_unit=caqb, proposal__year=LAST_YEAR).order_by("proposal", "order")
    council.set_agenda(meeting, agenda, by=office)
    council.hold_meeting(meeting, by=office)
    election = council.open_council_vote(meeting, by=office)
    people = {u.person_id: u for u in User.objects.filter(person__isnull=False)}
    _vote(election, set(flagged), people)
    voting.close_election(election, by=office)
    council.record_council_result(meeting, by=office)
    council.close_meeting(meeting, by=office)

    director = meeting.chair
    approved = agenda.filter(outcome=ProposalLine.Outcome.APPROVED)
    decision = decisions.create_decision_from_lines(
        by=office,
        issuing_unit=caqb,
        lines=approved,
        symbol=SYMBOL,
        meeting=meeting,
        subject=f"Về việc tặng danh hiệu thi đua năm {LAST_YEAR}",
        place="Quảng Bình",
        legal_basis="Luật Thi đua, khen thưởng năm 2022; Nghị định số 98/2023/NĐ-CP; Thông tư của Bộ Công an "
        "quy định công tác thi đua, khen thưởng trong Công an nhân dân",
        achievement_text=f"Đã có thành tích xuất sắc trong phong trào thi đua “Vì an ninh Tổ quốc” năm {LAST_YEAR}",
        signer_name=director.full_name,
        signer_position="Giám đốc",
    )
    return decisions.issue_decision(decision, by=office, number=DECISION_NUMBER, date=DECISION_DATE)


def _this_year(caqb: Unit, users: dict[str, User], titles: dict[str, Title]) -> None:
    """PX03's draft (its lines flagged: no 2026 rating yet) and PH10's submission, justified."""
    office = users[OFFICE]
    for ref, number, submit in (("CAQB-PX03", "", False), ("CAQB-PH10", "12/TTr-PH10", True)):
        unit = Unit.objects.get(ref=ref)
        author = users[UNIT_OFFICER] if ref == "CAQB-PX03" else office
        proposal = proposals.create_proposal(
            unit=unit,
            to_unit=caqb,
            year=THIS_YEAR,
            by=author,
            number=number,
            title=f"Đề nghị công nhận danh hiệu thi đua năm {THIS_YEAR} của {unit.name}",
        )
        last = ProposalLine.objects.filter(
            proposal__unit=unit, proposal__year=LAST_YEAR, outcome=ProposalLine.Outcome.APPROVED
        ).order_by("order")
        for old in last[:3]:
            line = proposals.add_line(proposal, by=author, person=old.person, title=titles["CSTT"])
            if submit and line.flagged:
                proposals.set_justification(
                    line, "Kết quả xếp loại năm 2026 sẽ bổ sung sau khi đánh giá cuối năm.", by=author
                )
        if submit:
            proposals.submit_proposal(proposal, by=office)


def seed_commendation() -> dict:
    """Write the demo's proposals, council meeting and decision (see the module's docstring); the
    counts of what was written, all zero when they were already there."""
    counts = dict.fromkeys(COUNT_KEYS, 0)
    caqb = Unit.objects.filter(ref=PROVINCE).first()
    users = {u.username: u for u in User.objects.filter(username__in=[OFFICE, UNIT_OFFICER, COMMANDER])}
    if caqb is None or _seeded() or len(users) < 3 or not demo._seeded():
        return counts
    ensure_default_templates()
    titles = {t.code: t for t in Title.objects.filter(code__in=["CSTT", "CSTDCS"])}
    with transaction.atomic():
        decision = _last_year(caqb, users, titles)
        _this_year(caqb, users, titles)
    mine = Proposal.objects.filter(to_unit=caqb, year__in=(LAST_YEAR, THIS_YEAR))
    counts.update(
        proposals=mine.count(),
        proposal_lines=ProposalLine.objects.filter(proposal__in=mine).count(),
        council_meetings=CouncilMeeting.objects.filter(unit=caqb, year=LAST_YEAR).count(),
        decisions=1,
        decision_lines=decision.lines.count(),
    )
    return counts


__all__ = ["seed_commendation"]
