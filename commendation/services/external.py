"""Another body's decision recorded here (issue 16): a Minister's, the Prime Minister's, the President's
decision, kept by the body whose emulation office records it — issuer, number, symbol, date, signer, kind,
subject, the scan — naming lines of proposals under review here and/or anyone in the recording user's scope,
proposed or not. Recipients not proposed come as ``Recipient``s: picked from a list (ids), pasted as
official identifiers one a line (``recipients_from_codes``), or read from an .xlsx (``recipients_from_xlsx``);
every problem is named (row, column, the identifier) and nothing is written.

Recording issues the decision at once through ``decisions.issue_decision``: the awards land in the yearly
facts (TitleAward, FormAward) as any issued decision's lines do, the initiatives that earned them are
marked used, all in one transaction with its audit rows and a fixed number of queries whatever the number
of recipients. The same decision (issuer, number, symbol, date) is recorded once.
"""

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from audit import services as audit
from audit.models import AuditEvent
from commendation.models import Decision, DecisionLine, ProposalLine
from commendation.services.decision_scans import attach_decision_scan
from commendation.services.decisions import (
    DECISION_FIELDS,
    _check_free,
    _created,
    _line_from_proposal,
    issue_decision,
)
from documents import xlsx
from documents.xlsx import Column, RowError
from eligibility.services import AwardsError
from honours.models import AwardForm, Title
from honours.models import Recipient as For
from organisation.models import Person, Unit

MAX_RECIPIENTS = 5000

# The columns of the recipients' file (the file's format: not translated).
H_HOLDER = "Mã cán bộ hoặc mã đơn vị"
H_HONOUR = "Mã danh hiệu, hình thức khen thưởng"
H_MULTIPLE = "Số lần mức lương cơ sở"
H_AMOUNT = "Tiền thưởng (đồng)"
COLUMNS = [
    Column(H_HOLDER, "holder", required=True, max_length=40),
    Column(H_HONOUR, "honour", max_length=20),
    Column(H_MULTIPLE, "multiple"),
    Column(H_AMOUNT, "amount"),
]


@dataclass(frozen=True)
class Entry:
    """One recipient as the user named it, before it is looked up: ``where`` (the pasted line, the file's
    row, the list's index) for the messages; the holder by identifier (``code``: a person's mã cán bộ, a
    unit's mã định danh or, unique in scope, its mã đơn vị) or by id; the honour's code ("" = the default)."""

    row: int | None
    code: str = ""
    person_id: int | None = None
    unit_id: int | None = None
    honour: str = ""
    bonus_multiple: Decimal | None = None
    bonus_amount: int | None = None


@dataclass(frozen=True)
class Recipient:
    """A recipient not proposed here: the person or the unit, its title or award form, and the bonus the
    decision states (``bonus_multiple`` None: the catalogue's; ``bonus_amount``: kept as written)."""

    honour: Title | AwardForm
    person: Person | None = None
    unit: Unit | None = None
    bonus_multiple: Decimal | None = None
    bonus_amount: int | None = None

    @property
    def name(self) -> str:
        return self.person.full_name if self.person else self.unit.name


class RecipientErrors(AwardsError):
    """The recipients refused, each problem with its row and column (``errors``); nothing written."""

    def __init__(self, errors: Sequence[RowError]):
        self.errors = list(errors)
        super().__init__(" ".join(e.message for e in self.errors))


# Finding the recipients -----------------------------------------------------------------------


def honour_by_code(code: str) -> Title | AwardForm | None:
    """The title or award form of the catalogue with ``code`` (the two never share a code)."""
    code = (code or "").strip().upper()
    return Title.objects.filter(code=code).first() or AwardForm.objects.filter(code=code).first()


def honour_choices() -> list[tuple[str, list[tuple[str, str]]]]:
    """The catalogue for a select: titles, then award forms, each "code – name"."""
    return [
        (_("Danh hiệu thi đua"), [(t.code, f"{t.code} – {t.name}") for t in Title.objects.filter(active=True)]),
        (
            _("Hình thức khen thưởng"),
            [(f.code, f"{f.code} – {f.name}") for f in AwardForm.objects.filter(active=True)],
        ),
    ]


def search(scope: QuerySet, text: str, limit: int = 20) -> tuple[list[Person], list[Unit]]:
    """People and units of ``scope`` (a Unit queryset) whose name, identifier or code matches ``text``."""
    text = (text or "").strip()[:100]
    if not text:
        return [], []
    people = Person.objects.filter(unit__in=scope).search(text).select_related("unit").order_by("name_folded", "pk")
    units = scope.search(text).order_by("path")
    return list(people[:limit]), list(units[:limit])


def _number(text: str, *, whole: bool, below: int) -> Decimal | int | None:
    """A non-negative number below ``below`` written in a cell ("2340000", "1.5"); None if it is not one."""
    try:
        value = Decimal(str(text).strip().replace(" ", ""))
    except (InvalidOperation, ValueError):
        return None
    if not value.is_finite() or value < 0 or value >= below or (whole and value != value.to_integral_value()):
        return None
    return int(value) if whole else value.quantize(Decimal("0.01"))


def resolve(entries: Sequence[Entry], *, scope: QuerySet, honour: str = "", column: str = "") -> list[Recipient]:
    """The ``Recipient``s ``entries`` name, each holder within ``scope`` (a Unit queryset: a unit, or a
    person's current unit, in it) with an honour meant for it, none twice; else ``RecipientErrors`` with
    every problem (the holder unknown or outside the scope named alike). A fixed number of queries."""
    if not entries:
        raise AwardsError(_("Cần chọn ít nhất một người, tập thể được khen thưởng."))
    if len(entries) > MAX_RECIPIENTS:
        raise AwardsError(_("Tối đa %(n)s người, tập thể trong một lần ghi nhận.") % {"n": MAX_RECIPIENTS})
    codes = {e.code for e in entries if e.code}
    folded = {c.casefold() for c in codes}
    people = {p.ident.casefold(): p for p in Person.objects.filter(ident__in=_variants(codes))}
    by_id = Person.objects.in_bulk([e.person_id for e in entries if e.person_id])
    units = {u.ref.casefold(): u for u in Unit.objects.filter(ref__in=_variants(codes))}
    unit_ids = Unit.objects.in_bulk([e.unit_id for e in entries if e.unit_id])
    by_code: dict[str, list[Unit]] = {}
    for unit in scope.filter(code__in=_variants(codes - set(people) - set(units))):
        if unit.code.casefold() in folded:
            by_code.setdefault(unit.code.casefold(), []).append(unit)
    held = {u.pk for u in [*units.values(), *unit_ids.values()]} | {p.unit_id for p in people.values() if p.unit_id}
    held |= {p.unit_id for p in by_id.values() if p.unit_id}
    inside = set(scope.filter(pk__in=held).values_list("pk", flat=True)) | {
        u.pk for found in by_code.values() for u in found
    }
    wanted = {(e.honour or honour).strip().upper() for e in entries} - {""}
    catalogue = {t.code: t for t in Title.objects.filter(code__in=wanted)}
    catalogue |= {f.code: f for f in AwardForm.objects.filter(code__in=wanted)}
    errors, found, seen = [], [], set()
    for e in entries:
        where = column or H_HOLDER
        person = unit = None
        if e.person_id:
            person = by_id.get(e.person_id)
            if person is None or person.unit_id not in inside:
                message = _("Không tìm thấy cán bộ %(id)s hoặc cán bộ nằm ngoài phạm vi của bạn.")
                errors.append(RowError(e.row, column or "person", message % {"id": e.person_id}))
                continue
        elif e.unit_id:
            unit = unit_ids.get(e.unit_id)
            if unit is None or unit.pk not in inside:
                message = _("Không tìm thấy đơn vị %(id)s hoặc đơn vị nằm ngoài phạm vi của bạn.")
                errors.append(RowError(e.row, column or "unit", message % {"id": e.unit_id}))
                continue
        else:
            key = e.code.casefold()
            person, unit = people.get(key), units.get(key)
            if person is None and unit is None and len(by_code.get(key, [])) == 1:
                unit = by_code[key][0]
            if len(by_code.get(key, [])) > 1 and person is None and unit is None:
                message = _("Mã đơn vị %(code)s trùng ở nhiều đơn vị trong phạm vi của bạn; hãy ghi mã định danh.")
                errors.append(RowError(e.row, where, message % {"code": e.code}))
                continue
            if (person or unit) is None or (person.unit_id if person else unit.pk) not in inside:
                message = _("Không tìm thấy cán bộ, đơn vị có mã %(code)s trong phạm vi của bạn.")
                errors.append(RowError(e.row, where, message % {"code": e.code}))
                continue
        code = (e.honour or honour).strip().upper()
        entry = catalogue.get(code)
        honour_column = H_HONOUR if column else "honour"
        if not code:
            errors.append(RowError(e.row, honour_column, _("Cần ghi mã danh hiệu hoặc hình thức khen thưởng.")))
            continue
        if entry is None:
            message = _("Không có danh hiệu, hình thức khen thưởng mã %(code)s.")
            errors.append(RowError(e.row, honour_column, message % {"code": code}))
            continue
        if entry.recipient != (For.INDIVIDUAL if person else For.COLLECTIVE):
            message = (
                _("%(honour)s không dành cho cá nhân (%(who)s).")
                if person
                else _("%(honour)s không dành cho tập thể (%(who)s).")
            )
            who = person.full_name if person else unit.name
            errors.append(RowError(e.row, honour_column, message % {"honour": entry.name, "who": who}))
            continue
        key = (person.pk if person else None, unit.pk if unit else None, entry.code)
        if key in seen:
            message = _("%(who)s có hai dòng %(honour)s.")
            who = person.full_name if person else unit.name
            errors.append(RowError(e.row, where, message % {"who": who, "honour": entry.name}))
            continue
        seen.add(key)
        found.append(Recipient(entry, person, unit, e.bonus_multiple, e.bonus_amount))
    if errors:
        raise RecipientErrors(errors)
    return found


def _variants(codes: Iterable[str]) -> set[str]:
    """Each identifier as written, upper- and lower-cased (identifiers are compared ignoring case)."""
    return {v for c in codes for v in (c, c.upper(), c.lower())}


def recipients_from_codes(text: str, *, scope: QuerySet, honour: str = "") -> list[Recipient]:
    """Pasted identifiers, one a line, each optionally followed by its honour's code after a tab, ";" or
    "," (else ``honour``). Unknown ones, or ones outside the scope, are all named in one message."""
    entries = []
    for number, line in enumerate((text or "").splitlines(), start=1):
        parts = [p.strip() for p in line.replace("\t", ";").replace(",", ";").split(";")]
        if parts[0]:
            entries.append(Entry(number, code=parts[0][:40], honour=parts[1][:20] if len(parts) > 1 else ""))
    try:
        return resolve(entries, scope=scope, honour=honour)
    except RecipientErrors as refused:
        unknown = [e for e in refused.errors if e.column == H_HOLDER]
        if not unknown:
            raise
        codes = [entries_by_row(entries)[e.row].code for e in unknown]
        message = _("Không tìm thấy trong phạm vi của bạn (hoặc trùng mã đơn vị) các mã: %(codes)s.")
        others = [e for e in refused.errors if e.column != H_HOLDER]
        raise RecipientErrors([RowError(None, H_HOLDER, message % {"codes": ", ".join(codes)}), *others]) from None


def entries_by_row(entries: Sequence[Entry]) -> dict:
    return {e.row: e for e in entries}


def recipients_from_xlsx(source, *, scope: QuerySet, honour: str = "") -> list[Recipient]:
    """The recipients of an .xlsx's first sheet (``COLUMNS``; an empty honour cell takes ``honour``):
    every problem with its row and column; a file too large or not an .xlsx is refused as a whole."""
    try:
        rows = xlsx.read_first_sheet(source)
    except xlsx.FileProblem as problem:
        raise RecipientErrors([RowError(None, "", str(problem))]) from problem
    if not rows:
        raise RecipientErrors([RowError(None, "", xlsx.missing_columns_message([c.header for c in COLUMNS[:2]]))])
    positions, missing = xlsx.header_positions(rows[0][1], COLUMNS)
    if H_HOLDER in missing:
        raise RecipientErrors([RowError(1, H_HOLDER, xlsx.missing_columns_message([H_HOLDER]))])
    errors, entries = [], []
    for number, values in rows[1:]:
        cells = {
            c.header: xlsx.cell_text(xlsx.cell_at(values, positions[c.header])) if c.header in positions else ""
            for c in COLUMNS
        }
        row_errors = [
            RowError(number, c.header, problem) for c in COLUMNS if (problem := xlsx.text_problem(c, cells[c.header]))
        ]
        multiple = _number(cells[H_MULTIPLE], whole=False, below=1000) if cells[H_MULTIPLE] else None
        amount = _number(cells[H_AMOUNT], whole=True, below=10**9) if cells[H_AMOUNT] else None
        if cells[H_MULTIPLE] and multiple is None:
            message = _("Số lần mức lương cơ sở không hợp lệ: %(value)s.") % {"value": cells[H_MULTIPLE]}
            row_errors.append(RowError(number, H_MULTIPLE, message))
        if cells[H_AMOUNT] and amount is None:
            message = _("Tiền thưởng không hợp lệ: %(value)s.") % {"value": cells[H_AMOUNT]}
            row_errors.append(RowError(number, H_AMOUNT, message))
        errors += row_errors
        # A row whose numbers are wrong is still looked up: all its problems are named at once.
        if not any(e.column in (H_HOLDER, H_HONOUR) for e in row_errors):
            entries.append(
                Entry(
                    number, code=cells[H_HOLDER], honour=cells[H_HONOUR], bonus_multiple=multiple, bonus_amount=amount
                )
            )
    if not entries and not errors:
        raise AwardsError(_("Tệp không có dòng người, tập thể được khen thưởng nào."))
    try:
        found = resolve(entries, scope=scope, honour=honour, column=H_HOLDER) if entries else []
    except RecipientErrors as refused:
        errors += refused.errors
    if errors:
        raise RecipientErrors(sorted(errors, key=lambda e: (e.row or 0, e.column)))
    return found


# Recording ------------------------------------------------------------------------------------


def _line_from_recipient(decision: Decision, r: Recipient, order: int) -> DecisionLine:
    title = r.honour if isinstance(r.honour, Title) else None
    return DecisionLine(
        decision=decision,
        person=r.person,
        unit=r.unit,
        title=title,
        award_form=None if title else r.honour,
        bonus_multiple=r.bonus_multiple if r.bonus_multiple is not None else r.honour.bonus_multiple,
        order=order,
    )


@transaction.atomic
def record_external_decision(
    *,
    by,
    issuing_unit: Unit,
    issuer_name: str,
    number: int,
    symbol: str,
    date: datetime.date,
    lines: Iterable[ProposalLine] = (),
    recipients: Sequence[Recipient] = (),
    subject: str = "",
    scan=None,
    **fields,
) -> Decision:
    """A decision of a higher level (the Minister's or the Prime Minister's Bằng khen, the President's
    orders) recorded by ``issuing_unit`` (the body keeping the records) from its issuer, number, date,
    signer, kind and year (``fields``), with the recipients picked from proposal ``lines`` and/or
    ``recipients`` not proposed (already checked against the user's scope by ``resolve``) and, if given,
    the PDF ``scan`` of the signed paper: issued at once, written to the yearly records. The year is the
    proposals' (else the decision date's), the kind theirs (else merit) unless given."""
    lines = list(
        ProposalLine.objects.filter(pk__in=[x.pk for x in lines])
        .select_related("proposal", "title", "award_form")
        .order_by("proposal_id", "order", "pk")
    )
    recipients = list(recipients)
    if not lines and not recipients:
        raise AwardsError(_("Cần chọn ít nhất một người, tập thể được khen thưởng."))
    if not (issuer_name or "").strip() or not number or not symbol.strip():
        raise AwardsError(_("Cần ghi cấp ban hành, số và ký hiệu của quyết định."))
    _check_free(lines)
    _check_once(lines, recipients)
    if Decision.objects.filter(
        external=True, issuer_name=issuer_name.strip(), symbol=symbol.strip(), number=number, date=date
    ).exists():
        raise AwardsError(_("Quyết định %(n)s/%(s)s đã được ghi nhận.") % {"n": number, "s": symbol})
    first = lines[0].proposal if lines else None
    fields = {k: v for k, v in fields.items() if v not in (None, "") or k not in ("year", "kind")}
    decision = Decision.objects.create(
        issuing_unit=issuing_unit,
        issuer_name=issuer_name.strip(),
        external=True,
        year=fields.pop("year", first.year if first else date.year),
        kind=fields.pop("kind", first.kind if first else Decision._meta.get_field("kind").default),
        number=number,
        symbol=symbol.strip(),
        date=date,
        subject=subject.strip() or _default_subject(first, issuer_name),
        **fields,
    )
    made = [_line_from_proposal(decision, x, i) for i, x in enumerate(lines, start=1)]
    made += [_line_from_recipient(decision, r, i) for i, r in enumerate(recipients, start=len(made) + 1)]
    made = DecisionLine.objects.bulk_create(made)
    ProposalLine.objects.filter(pk__in=[x.pk for x in lines]).update(outcome=ProposalLine.Outcome.APPROVED)
    audit.record(
        by,
        AuditEvent.Action.CREATE,
        decision,
        _created(decision, DECISION_FIELDS)
        | {
            "lines": [None, [x.pk for x in lines]],
            "recipients": [None, [_described(r) for r in recipients]],
        },
    )
    if scan is not None:
        attach_decision_scan(decision, scan, by=by)
    decision = issue_decision(decision, by=by)
    _keep_stated_amounts(decision, made[len(lines) :], recipients, by=by)
    return decision


def _check_once(lines: list[ProposalLine], recipients: list[Recipient]) -> None:
    """No one twice with one honour in the decision (a proposed line and a recipient, or two recipients)."""
    seen = {(x.person_id, x.unit_id, (x.title or x.award_form).code) for x in lines}
    for r in recipients:
        key = (r.person.pk if r.person else None, r.unit.pk if r.unit else None, r.honour.code)
        if key in seen:
            raise AwardsError(_("%(who)s có hai dòng %(honour)s.") % {"who": r.name, "honour": r.honour.name})
        seen.add(key)


def _default_subject(first, issuer_name: str) -> str:
    if first is not None:
        return first.title
    return _("Quyết định khen thưởng của %(issuer)s") % {"issuer": issuer_name.strip()}


def _described(r: Recipient) -> str:
    holder = r.person.ident if r.person else r.unit.ref
    return f"{holder}:{r.honour.code}"


def _keep_stated_amounts(decision: Decision, made: list[DecisionLine], recipients: list[Recipient], *, by) -> None:
    """The bonus a recipient's row states, kept as written over the computed one."""
    stated = [(line, r.bonus_amount) for line, r in zip(made, recipients, strict=True) if r.bonus_amount is not None]
    if not stated:
        return
    rows = DecisionLine.objects.in_bulk([line.pk for line, _amount in stated])
    before = sum(x.bonus_amount or 0 for x in rows.values())
    for line, amount in stated:
        rows[line.pk].bonus_amount = amount
    DecisionLine.objects.bulk_update(list(rows.values()), ["bonus_amount"])
    after = sum(amount for _line, amount in stated)
    audit.record(by, AuditEvent.Action.UPDATE, decision, {"stated_bonus": [before, after]})


def recipients_count(recipients: Sequence[Recipient]) -> dict[str, int]:
    """How many people and units (for the confirmation message)."""
    return {
        "people": sum(1 for r in recipients if r.person is not None),
        "units": sum(1 for r in recipients if r.unit is not None),
    }


__all__ = [
    "COLUMNS",
    "Entry",
    "Recipient",
    "RecipientErrors",
    "honour_by_code",
    "honour_choices",
    "record_external_decision",
    "recipients_from_codes",
    "recipients_from_xlsx",
    "resolve",
    "search",
]
