"""Decisions (quyết định khen thưởng): drafted from the council's approved lines or recorded from a
higher level, issued (numbered, bonuses fixed, titles and awards written to the yearly records the
engine reads), and annulled (Law 2022 chapter VII: the awards leave every count and verdict, the
record stays). One function per change, each in one transaction with its audit rows.

After issue a decision is never edited: ``update_decision`` and the line functions refuse.
"""

import datetime
from collections.abc import Iterable, Sequence
from decimal import ROUND_CEILING, Decimal

from django.db import transaction
from django.db.models import Exists, Max, OuterRef, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from audit import services as audit
from audit.models import AuditEvent
from commendation.models import Annulment, BaseSalary, Decision, DecisionLine, Proposal, ProposalLine
from commendation.models.decisions import SNAPSHOT_FIELDS
from commendation.services.frozen import freeze_loaded
from eligibility.services import AwardsError, mark_initiatives_used, release_initiatives
from honours.models import FormAward, TitleAward
from organisation.models import Unit

BONUS_STEP = 10_000  # bonuses are rounded up to the next 10,000 VND (Decree 152/2025 art. 49)
DECISION_FIELDS = [
    "issuing_unit",
    "issuer_name",
    "external",
    "year",
    "kind",
    "number",
    "symbol",
    "date",
    "place",
    "subject",
    "legal_basis",
    "achievement_text",
    "signer_name",
    "signer_position",
    "signer_authority",
    "meeting",
]
EDITABLE_FIELDS = [f for f in DECISION_FIELDS if f not in ("issuing_unit", "external", "meeting")]
LINE_FIELDS = ["proposal_line", "person", "unit", "title", "award_form", "bonus_multiple"]


def _created(obj, fields) -> dict:
    return {name: [None, value] for name, value in audit.snapshot(obj, fields).items()}


# Money ----------------------------------------------------------------------------------------


def salary_on(day: datetime.date) -> int:
    """The base salary (mức lương cơ sở) in force on ``day``; AwardsError when the table has none."""
    row = BaseSalary.objects.filter(valid_from__lte=day).order_by("-valid_from").first()
    if row is None:
        raise AwardsError(_("Chưa có mức lương cơ sở áp dụng cho ngày %(day)s.") % {"day": f"{day:%d/%m/%Y}"})
    return row.amount


def bonus_amount(multiple: Decimal | None, base_salary: int) -> int | None:
    """``multiple`` × ``base_salary`` rounded up to the next 10,000 VND (None: no bonus set)."""
    if multiple is None:
        return None
    steps = (Decimal(multiple) * base_salary / BONUS_STEP).to_integral_value(rounding=ROUND_CEILING)
    return int(steps) * BONUS_STEP


# Drafting -------------------------------------------------------------------------------------


def _draft(decision: Decision) -> None:
    if decision.status != Decision.Status.DRAFT:
        raise AwardsError(_("Quyết định đã ban hành: không thể sửa, chỉ có thể huỷ bỏ."))


def _line_from_proposal(decision: Decision, line: ProposalLine, order: int) -> DecisionLine:
    honour = line.title or line.award_form
    return DecisionLine(
        decision=decision,
        proposal_line=line,
        person=line.person,
        unit=line.unit,
        title=line.title,
        award_form=line.award_form,
        bonus_multiple=honour.bonus_multiple,
        order=order,
    )


def _check_free(lines: Sequence[ProposalLine]) -> None:
    taken = DecisionLine.objects.filter(proposal_line__in=lines).select_related("decision")
    if taken := [str(t.proposal_line_id) for t in taken]:
        raise AwardsError(_("Dòng đề nghị đã có trong một quyết định: %(ids)s.") % {"ids": ", ".join(taken)})


@transaction.atomic
def create_decision_from_lines(
    *,
    by,
    issuing_unit: Unit,
    lines: Iterable[ProposalLine],
    symbol: str,
    subject: str,
    year: int | None = None,
    kind: str | None = None,
    meeting=None,
    **fields,
) -> Decision:
    """A draft decision whose recipients are the council's approved ``lines``, each with the
    bonus multiple of its title or form from the catalogue. ``fields``: any of ``EDITABLE_FIELDS``."""
    lines = list(
        ProposalLine.objects.filter(pk__in=[x.pk for x in lines])
        .select_related("proposal", "title", "award_form")
        .order_by("proposal_id", "order", "pk")
    )
    if not lines:
        raise AwardsError(_("Cần chọn ít nhất một người, tập thể được khen thưởng."))
    if not_approved := [str(x.pk) for x in lines if x.outcome != ProposalLine.Outcome.APPROVED]:
        raise AwardsError(
            _("Chỉ đưa vào quyết định các đề nghị Hội đồng đã thống nhất (dòng %(ids)s chưa).")
            % {"ids": ", ".join(not_approved)}
        )
    _check_free(lines)
    if unknown := set(fields) - set(EDITABLE_FIELDS):
        raise AwardsError(_("Trường không sửa được: %(f)s.") % {"f": ", ".join(sorted(unknown))})
    decision = Decision.objects.create(
        issuing_unit=issuing_unit,
        symbol=symbol.strip(),
        subject=subject.strip(),
        year=year or lines[0].proposal.year,
        kind=kind or lines[0].proposal.kind,
        meeting=meeting,
        **fields,
    )
    DecisionLine.objects.bulk_create([_line_from_proposal(decision, x, i) for i, x in enumerate(lines, start=1)])
    audit.record(
        by,
        AuditEvent.Action.CREATE,
        decision,
        _created(decision, DECISION_FIELDS) | {"lines": [None, [x.pk for x in lines]]},
    )
    return decision


@transaction.atomic
def update_decision(decision: Decision, *, by, **fields) -> Decision:
    """Change a draft's number, date, subject, signer …; refused once issued."""
    decision = Decision.objects.select_for_update().get(pk=decision.pk)
    _draft(decision)
    if unknown := set(fields) - set(EDITABLE_FIELDS):
        raise AwardsError(_("Trường không sửa được: %(f)s.") % {"f": ", ".join(sorted(unknown))})
    before = audit.snapshot(decision, fields)
    for name, value in fields.items():
        setattr(decision, name, value.strip() if isinstance(value, str) else value)
    decision.save(update_fields=list(fields))
    if changes := audit.diff(before, audit.snapshot(decision, fields)):
        audit.record(by, AuditEvent.Action.UPDATE, decision, changes)
    return decision


@transaction.atomic
def remove_decision_line(line: DecisionLine, *, by) -> None:
    """Take a recipient off a draft; refused once issued."""
    decision = Decision.objects.select_for_update().get(pk=line.decision_id)
    _draft(decision)
    audit.record(by, AuditEvent.Action.UPDATE, decision, {"lines": [[line.pk], None]})
    line.delete()


@transaction.atomic
def delete_decision(decision: Decision, *, by) -> None:
    """Delete a draft; refused once issued."""
    decision = Decision.objects.select_for_update().get(pk=decision.pk)
    _draft(decision)
    audit.record(
        by,
        AuditEvent.Action.DELETE,
        decision,
        {k: [v, None] for k, v in audit.snapshot(decision, DECISION_FIELDS).items()},
    )
    decision.delete()


# Issuing --------------------------------------------------------------------------------------


def next_number(issuing_unit: Unit, symbol: str, year: int) -> int:
    """The next number of the issuing body's register for ``symbol`` in ``year`` (from 01 each year)."""
    last = Decision.objects.filter(
        issuing_unit=issuing_unit, symbol=symbol, date__year=year, number__isnull=False
    ).aggregate(m=Max("number"))["m"]
    return (last or 0) + 1


def _titles_paid_before(decision: Decision, lines: list[DecisionLine]) -> dict[tuple, int]:
    """(person id, unit id) → what each holder of ``lines`` was already paid for titles of the
    decision's year by other issued decisions: one grouped query for the whole decision."""
    people = {line.person_id for line in lines if line.person_id}
    units = {line.unit_id for line in lines if line.unit_id}
    rows = (
        DecisionLine.objects.filter(
            Q(person_id__in=people) | Q(unit_id__in=units),
            title__isnull=False,
            annulled=False,
            decision__year=decision.year,
            decision__status=Decision.Status.ISSUED,
        )
        .exclude(decision_id=decision.pk)
        .order_by()
        .values("person_id", "unit_id")
        .annotate(s=Sum("bonus_amount"))
    )
    return {(r["person_id"], r["unit_id"]): r["s"] or 0 for r in rows}


def _fix_bonuses(decision: Decision, lines: list[DecisionLine]) -> None:
    """Each line's amount; several titles of one holder in one year pay only the highest (rules.md):
    in this decision only the highest title line pays, less what earlier decisions already paid."""
    for line in lines:
        line.bonus_amount = bonus_amount(line.bonus_multiple, decision.base_salary)
    best: dict[tuple, DecisionLine] = {}
    for line in lines:
        if line.title_id is None or line.bonus_amount is None:
            continue
        key = (line.person_id, line.unit_id)
        if key not in best or line.bonus_amount > best[key].bonus_amount:
            best[key] = line
    paid = _titles_paid_before(decision, list(best.values()))
    for line in lines:
        if line.title_id is None or line.bonus_amount is None:
            continue
        key = (line.person_id, line.unit_id)
        if best[key] is not line:
            line.bonus_amount = 0
        else:
            line.bonus_amount = max(0, line.bonus_amount - paid.get(key, 0))


def _write_records(decision: Decision, lines: list[DecisionLine]) -> None:
    """The yearly records the engine reads, a TitleAward or a FormAward per line, linked to it, in a
    fixed number of queries: a title the holder already holds for the year unlinked (entered as a
    fact) is taken over; one another decision wrote, or twice in this decision, is refused."""
    titled = [x for x in lines if x.title_id]
    seen: set[tuple] = set()
    for line in titled:
        key = (line.title_id, line.person_id, line.unit_id)
        if key in seen:
            raise AwardsError(
                _("%(who)s có hai dòng %(honour)s trong quyết định.")
                % {"who": _holder_name(line), "honour": line.title.name}
            )
        seen.add(key)
    found = {}
    if titled:
        rows = TitleAward.objects.filter(
            Q(person_id__in={x.person_id for x in titled if x.person_id})
            | Q(unit_id__in={x.unit_id for x in titled if x.unit_id}),
            title_id__in={x.title_id for x in titled},
            year=decision.year,
            annulled=False,
        ).annotate(taken=Exists(DecisionLine.objects.filter(title_award=OuterRef("pk"))))
        found = {(a.title_id, a.person_id, a.unit_id): a for a in rows}
    for line in titled:
        if (held := found.get((line.title_id, line.person_id, line.unit_id))) is not None and held.taken:
            raise AwardsError(
                _("%(who)s đã có danh hiệu %(title)s năm %(year)s theo quyết định khác.")
                % {"who": _holder_name(line), "title": line.title.name, "year": decision.year}
            )
    new = {}
    for line in titled:
        key = (line.title_id, line.person_id, line.unit_id)
        if key in found:
            found[key].decision_ref = decision.reference
        else:
            new[key] = TitleAward(
                title_id=line.title_id,
                person_id=line.person_id,
                unit_id=line.unit_id,
                year=decision.year,
                decision_ref=decision.reference,
            )
    TitleAward.objects.bulk_update(list(found.values()), ["decision_ref"])
    TitleAward.objects.bulk_create(list(new.values()))
    for line in titled:
        key = (line.title_id, line.person_id, line.unit_id)
        line.title_award = found.get(key) or new[key]
    formed = [x for x in lines if not x.title_id]
    awards = FormAward.objects.bulk_create(
        [
            FormAward(
                award_form_id=line.award_form_id,
                person_id=line.person_id,
                unit_id=line.unit_id,
                year=decision.year,
                decided_on=decision.date,
                decision_ref=decision.reference,
                kind=decision.kind,
            )
            for line in formed
        ]
    )
    for line, award in zip(formed, awards, strict=True):
        line.form_award = award


def _holder_name(line: DecisionLine) -> str:
    return line.person.full_name if line.person_id else line.unit.name


def _mark_proposals_decided(decision: Decision, by) -> None:
    ids = set(decision.lines.filter(proposal_line__isnull=False).values_list("proposal_line__proposal_id", flat=True))
    for proposal in Proposal.objects.select_for_update().filter(pk__in=ids):
        waiting = proposal.lines.exclude(outcome=ProposalLine.Outcome.REJECTED).exclude(
            decision_line__decision__status__in=[Decision.Status.ISSUED, Decision.Status.ANNULLED]
        )
        if proposal.status != Proposal.Status.DECIDED and not waiting.exists():
            old, proposal.status = proposal.status, Proposal.Status.DECIDED
            proposal.save(update_fields=["status", "updated_at"])
            audit.record(
                by, AuditEvent.Action.UPDATE, proposal, {"status": [old, proposal.status]}, note=decision.reference
            )


@transaction.atomic
def issue_decision(decision: Decision, *, by, number: int | None = None, date: datetime.date | None = None) -> Decision:
    """Issue a draft: the number (the next of the issuing body's register for its symbol and year
    when not given), the date, the base salary in force on that date and each line's bonus
    (multiple × base, rounded up to 10,000 VND); each line's title or form is written to the
    yearly records (``decision_ref`` = the reference) and linked; the initiatives that earned a line
    are marked used for it (``mark_initiatives_used``); the proposals whose approved
    lines not rejected are all decided become DECIDED. Nothing is editable afterwards."""
    decision = Decision.objects.select_for_update().get(pk=decision.pk)
    _draft(decision)
    decision.date = date or decision.date
    if decision.date is None:
        raise AwardsError(_("Cần ghi ngày ký quyết định."))
    lines = list(
        decision.lines.select_related("person__unit__parent", "unit__parent", "title", "award_form").order_by(
            "order", "pk"
        )
    )
    if not lines:
        raise AwardsError(_("Quyết định chưa có người, tập thể được khen thưởng."))
    if not decision.symbol:
        raise AwardsError(_("Cần ghi ký hiệu quyết định."))
    decision.number = (
        number or decision.number or next_number(decision.issuing_unit, decision.symbol, decision.date.year)
    )
    if (
        Decision.objects.filter(
            issuing_unit=decision.issuing_unit,
            symbol=decision.symbol,
            number=decision.number,
            date__year=decision.date.year,
        )
        .exclude(pk=decision.pk)
        .exists()
    ):
        raise AwardsError(
            _("Số %(n)s/%(s)s năm %(y)s đã được dùng.")
            % {"n": decision.number, "s": decision.symbol, "y": decision.date.year}
        )
    decision.base_salary = salary_on(decision.date)
    decision.status = Decision.Status.ISSUED
    decision.issued_at = timezone.now()
    decision.issued_by = by if getattr(by, "pk", None) else None
    decision.save(update_fields=["date", "number", "base_salary", "status", "issued_at", "issued_by"])
    _fix_bonuses(decision, lines)
    # Before the records: the verdicts the lines were proposed on, when no title of the year is held yet.
    used = [(line.person_id, line.title, line.award_form) for line in lines]
    mark_initiatives_used(decision.year, used, scope=decision.issuing_unit, by=by, note=decision.reference)
    _write_records(decision, lines)
    freeze_loaded(lines)  # issued means frozen: the recipients as they are today
    DecisionLine.objects.bulk_update(lines, ["bonus_amount", "title_award", "form_award", *SNAPSHOT_FIELDS])
    audit.record(
        by,
        AuditEvent.Action.UPDATE,
        decision,
        {
            "status": ["draft", "issued"],
            "number": [None, decision.number],
            "date": [None, decision.date.isoformat()],
            "base_salary": [None, decision.base_salary],
            "bonus_total": [None, sum(x.bonus_amount or 0 for x in lines)],
        },
    )
    _mark_proposals_decided(decision, by)
    return decision


# Annulment ------------------------------------------------------------------------------------


@transaction.atomic
def annul_decision(
    decision: Decision,
    *,
    by,
    ground: str,
    reason: str,
    annulled_on: datetime.date,
    annulling_reference: str,
    lines: Iterable[DecisionLine] | None = None,
    recovered_amount: int = 0,
) -> Annulment:
    """Annul an issued decision, whole (``lines=None``) or some of its lines (Law 2022 chapter VII):
    the lines and the titles and awards they wrote are flagged annulled — they leave every count
    and every later verdict, and stay on the record; the initiatives they used are freed; the
    recovered bonus is recorded. The
    decision becomes ANNULLED when none of its lines is left."""
    decision = Decision.objects.select_for_update().get(pk=decision.pk)
    if decision.status != Decision.Status.ISSUED:
        raise AwardsError(_("Chỉ huỷ bỏ được quyết định đã ban hành và còn hiệu lực."))
    if ground not in Annulment.Ground.values:
        raise AwardsError(_("Cần chọn căn cứ huỷ bỏ theo Chương VII Luật Thi đua, khen thưởng."))
    if not reason.strip() or not annulling_reference.strip():
        raise AwardsError(_("Cần ghi lý do và số, ký hiệu quyết định huỷ bỏ."))
    if annulled_on < decision.date:
        raise AwardsError(_("Ngày huỷ bỏ không thể trước ngày ký quyết định."))
    live = decision.lines.filter(annulled=False)
    chosen = list(live if lines is None else live.filter(pk__in=[x.pk for x in lines]))
    if not chosen or (lines is not None and len(chosen) != len({x.pk for x in lines})):
        raise AwardsError(_("Cần chọn các dòng còn hiệu lực của quyết định này."))
    paid = sum(x.bonus_amount or 0 for x in chosen)
    if recovered_amount < 0 or recovered_amount > paid:
        raise AwardsError(_("Số tiền thu hồi phải từ 0 đến %(paid)s đồng.") % {"paid": f"{paid:,}".replace(",", ".")})
    annulment = Annulment.objects.create(
        decision=decision,
        ground=ground,
        reason=reason.strip(),
        annulled_on=annulled_on,
        annulling_reference=annulling_reference.strip(),
        recovered_amount=recovered_amount,
        by=by if getattr(by, "pk", None) else None,
    )
    annulment.lines.set(chosen)
    ids = [x.pk for x in chosen]
    DecisionLine.objects.filter(pk__in=ids).update(annulled=True)
    TitleAward.objects.filter(decision_line__in=ids).update(annulled=True)
    FormAward.objects.filter(decision_line__in=ids).update(annulled=True)
    freed = [(x.person_id, x.title_id, x.award_form_id) for x in chosen]
    release_initiatives(decision.year, freed, by=by, note=annulling_reference.strip())
    if not decision.lines.filter(annulled=False).exists():
        decision.status = Decision.Status.ANNULLED
        decision.save(update_fields=["status"])
    audit.record(
        by,
        AuditEvent.Action.CREATE,
        annulment,
        _created(annulment, ["decision", "ground", "reason", "annulled_on", "annulling_reference", "recovered_amount"])
        | {"lines": [None, ids]},
    )
    audit.record(
        by,
        AuditEvent.Action.UPDATE,
        decision,
        {"annulled_lines": [None, ids], "status": ["issued", decision.status]},
        note=annulment.annulling_reference,
    )
    return annulment


# Reading --------------------------------------------------------------------------------------


def issued_lines(decision: Decision):
    """The recipients of an issued decision in order, with what a certificate prints
    (person with unit, title or form, the decision's reference, the register number; ``holder``:
    the recipient as issued, or today's on a draft)."""
    return decision.lines.select_related(
        "person__unit__parent",
        "unit__parent",
        "title",
        "award_form",
        "decision__issuing_unit",
        "proposal_line__proposal",
    ).order_by("order", "pk")


def __getattr__(name: str):
    """``record_external_decision`` lives in ``commendation.services.external`` (another body's decision,
    of proposed lines or of anyone in scope); kept reachable here for the callers that knew it here."""
    if name == "record_external_decision":
        from commendation.services.external import record_external_decision

        return record_external_decision
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
