"""Proposals of thousands of lines: a seniority (niên hạn) proposal filled in one action, and the
lines of a big proposal filtered, excluded in bulk and exported.

``prefill_seniority`` judges the proposing unit's subtree once (``eligibility.services.evaluate_scope``),
keeps the award forms the rule set grants for years of service (``seniority_rules``), and writes the
lines with one ``bulk_create`` and one audit insert: a fixed number of queries whatever the number
of officers (1,500 lines within 10 s on the national dataset, ``bench/bench_seniority.py``)."""

from dataclasses import dataclass

from django.db import transaction
from django.db.models import Max, Q, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook

from audit import services as audit
from audit.models import AuditEvent
from commendation.models import Proposal, ProposalLine
from commendation.services.exclusions import (
    Prefilled,
    Restored,
    excluded_keys,
    forget,
    line_key,
    reinstate,
    remember,
)
from commendation.services.proposals import (
    LINE_FIELDS,
    default_achievement,
    holder_name,
    require_editable,
    require_write,
)
from commendation.services.verdicts import store_verdicts
from documents import xlsx
from eligibility.engine import INDIVIDUAL, Status, cutoff
from eligibility.engine.predicates import REGISTRY
from eligibility.registry import in_force
from eligibility.services import evaluate_scope
from honours.models import AwardForm, CommendationKind
from organisation.models import Person, Unit
from organisation.text import fold

SERVICE_PREDICATE = "years_of_service"
LOCK_CHUNK = 2000  # people locked per query (bounded IN lists)

UNCHECKED = "unchecked"
STATUSES = [
    ("eligible", gettext_lazy("Đủ điều kiện")),
    ("not_eligible", gettext_lazy("Chưa đủ điều kiện")),
    ("postponed", gettext_lazy("Tạm hoãn xét")),
    (UNCHECKED, gettext_lazy("Không có quy tắc kiểm tra")),
]


# The seniority batch ----------------------------------------------------------------------------


def seniority_rules(ruleset) -> list:
    """The rule set's award forms for years of service: every form rule one of whose individual
    alternatives asks for ``years_of_service`` (in the 2022 set: HCVANTQ, HCCSVV1/2/3, KNC_BVANTQ).
    Read from the set, so a copy that adds or drops a seniority medal changes the batch."""
    return [
        rule
        for rule in ruleset.rules
        if rule.kind == "form"
        and any(c.predicate == SERVICE_PREDICATE for alternative in rule.individual for c in alternative.conditions)
    ]


def family(code: str) -> str:
    """The medal whose classes a code names: HCCSVV1, HCCSVV2, HCCSVV3 are the hạng Nhất, Nhì, Ba of
    HCCSVV (the catalogue's ``rank`` orders them); HCVANTQ and KNC_BVANTQ are each their own."""
    return code.rstrip("0123456789") or code


def _explanation(evaluation, rule, subject_id: int) -> str:
    """The matched alternative of the engine's verdict, with the years of service it counted:
    "Đủ niên hạn 20 năm: 22 năm công tác (vào ngành 01/03/2003), cần 20"."""
    verdict = evaluation.verdict(rule.code, subject_id, INDIVIDUAL)
    alternative = next((a for a in rule.individual if a.label == verdict.matched), None)
    facts = []
    if alternative is not None:
        i = evaluation.people.index[subject_id]
        for condition in alternative.conditions:
            if condition.predicate == SERVICE_PREDICATE:
                params = evaluation.ruleset.resolved(condition)
                facts.append(REGISTRY[SERVICE_PREDICATE].explain(params, evaluation.context, i))
    return f"{verdict.matched}: {'; '.join(facts)}" if facts else str(verdict.matched or "")


def _held_ranks(evaluation, ranks: dict[str, int]) -> dict[tuple[int, str], int]:
    """(person index, family) → the highest class held by the cut-off date (the facts the engine read)."""
    held: dict[tuple[int, str], int] = {}
    for i, award in evaluation.people.awards:
        decided = award.decided_on is None or award.decided_on <= evaluation.on
        if award.code in ranks and award.year <= evaluation.year and decided:
            key = (i, family(award.code))
            held[key] = max(held.get(key, 0), ranks[award.code])
    return held


def _due(evaluation, rules: list, forms: dict[str, AwardForm]) -> dict[tuple[int, str], AwardForm]:
    """(person id, family) → the one class due: the highest the engine finds the person eligible
    for (never a lower class beside it), unless the person already holds that class or a higher one."""
    ranks = {code: form.rank for code, form in forms.items()}
    held = _held_ranks(evaluation, ranks)
    due: dict[tuple[int, str], AwardForm] = {}
    for rule in rules:
        form = forms.get(rule.catalogue_code(INDIVIDUAL))
        if form is None or (rule.code, INDIVIDUAL) not in evaluation.outcomes:
            continue
        name = family(form.code)
        for pid in evaluation.eligible(rule.code, INDIVIDUAL):
            if held.get((evaluation.people.index[pid], name), -1) >= form.rank:
                continue
            key = (pid, name)
            if key not in due or form.rank > due[key].rank:
                due[key] = form
    return due


def _in_scope(proposal: Proposal, ids: list[int]) -> dict[int, str]:
    """Person id → unit path of those of ``ids`` serving in the proposing subtree
    now, locked against a concurrent proposal (one writer per holder, as ``new_line``)."""
    found = {}
    for start in range(0, len(ids), LOCK_CHUNK):
        rows = (
            Person.objects.select_for_update(of=("self",))
            .filter(pk__in=ids[start : start + LOCK_CHUNK], unit__path__startswith=proposal.unit.path)
            .values_list("pk", "unit__path")
        )
        found.update(rows)
    return found


def _already_proposed(proposal: Proposal, codes: list[str]) -> tuple[set, set]:
    """What ``new_line`` would refuse or the unit already has in hand, for the subtree's people:
    (person id, achievement key) of every line the council has not rejected (one achievement, one
    form), and (person id, family) of those still on their way (a proposal not decided yet)."""
    rows = (
        ProposalLine.objects.filter(person__unit__path__startswith=proposal.unit.path, award_form__code__in=codes)
        .exclude(outcome=ProposalLine.Outcome.REJECTED)
        .values_list("person_id", "award_form__code", "achievement", "proposal__status")
    )
    keys, pending = set(), set()
    for pid, code, achievement, status in rows:
        keys.add((pid, achievement))
        if status != Proposal.Status.DECIDED:
            pending.add((pid, family(code)))
    return keys, pending


def _seniority_lines(proposal: Proposal, *, by, only: set | None = None, note: str) -> Prefilled:
    """Write the seniority medals due (``prefill_seniority``) on the locked ``proposal``: those of
    ``only`` (``line_key``s) when given, else all but the remembered exclusions (counted as
    ``skipped``). One ``bulk_create`` and one audit insert."""
    entry = in_force(cutoff(proposal.year), proposal.unit)
    rules = seniority_rules(entry.ruleset)
    codes = [rule.catalogue_code(INDIVIDUAL) for rule in rules]
    forms = {f.code: f for f in AwardForm.objects.filter(active=True, code__in=codes)}
    evaluation = evaluate_scope(proposal.unit, proposal.year, entry.code)
    if evaluation.people is None:
        return Prefilled()
    due = _due(evaluation, rules, forms)
    if only is not None:
        due = {key: form for key, form in due.items() if (key[0], None, None, form.pk) in only}
    people = _in_scope(proposal, sorted({pid for pid, _name in due}))
    keys, pending = _already_proposed(proposal, codes)
    excluded = excluded_keys(proposal) if only is None else set()
    by_code = {rule.catalogue_code(INDIVIDUAL): rule for rule in rules}
    chosen, skipped = [], 0
    for (pid, name), form in due.items():
        achievement = default_achievement(proposal, form)
        if pid not in people or (pid, achievement) in keys or (pid, name) in pending:
            continue
        if (pid, None, None, form.pk) in excluded:
            skipped += 1
            continue
        chosen.append((-form.rank, people[pid], pid, form, achievement))
    chosen.sort(key=lambda row: row[:3])
    order = proposal.lines.aggregate(m=Max("order"))["m"] or 0
    lines = ProposalLine.objects.bulk_create(
        ProposalLine(
            proposal=proposal,
            person_id=pid,
            award_form=form,
            achievement=achievement,
            summary=_explanation(evaluation, by_code[form.code], pid),
            engine_status=Status.ELIGIBLE.value,
            engine_ruleset=entry.code,
            engine_failures=[],
            order=order + n,
        )
        for n, (_rank, _where, pid, form, achievement) in enumerate(chosen, start=1)
    )
    audit.record_many(
        by, AuditEvent.Action.CREATE, [(line, audit.snapshot(line, LINE_FIELDS)) for line in lines], note=note
    )
    return Prefilled(lines, skipped=skipped)


def _locked(proposal: Proposal, by) -> Proposal:
    """The proposal locked for a change of its lines, by one of its writers, while it is editable."""
    proposal = Proposal.objects.select_for_update().select_related("unit").get(pk=proposal.pk)
    require_write(by, proposal.unit)
    require_editable(proposal)
    return proposal


@transaction.atomic
def prefill_seniority(proposal: Proposal, *, by) -> Prefilled:
    """Fill a seniority proposal with exactly the seniority and commemorative medals due in its
    year to every officer of the proposing subtree who meets them and does not hold them yet:
    one line per officer and medal, the highest class due (HCCSVV hạng Nhất rather than Nhì and
    Ba), each with the engine's matched alternative as its summary, checked "eligible" by the rule
    set in force. Never a title. Officers already proposed for the medal (or for a class of it on
    a proposal not decided yet) are left out, so running it twice adds nothing; so are the officers
    and medals excluded from this proposal before (``exclude_lines``), counted in the result's
    ``skipped``. Returns the new lines, by medal (highest first) and unit, in the order the
    officers were recorded."""
    return _seniority_lines(_locked(proposal, by), by=by, note=_("Điền sẵn đề nghị niên hạn"))


# Lines of a big proposal: filter, bulk exclusion, export ---------------------------------------------


@dataclass(frozen=True)
class LineFilter:
    """Which lines: ``honour`` a title or award form code, ``unit`` a subtree (the person's unit or
    the collective), ``status`` the engine's verdict (``STATUSES``), ``q`` a name or official code."""

    honour: str = ""
    unit: Unit | None = None
    status: str = ""
    q: str = ""

    @property
    def empty(self) -> bool:
        return not (self.honour or self.unit or self.status or self.q.strip())


def filter_lines(proposal: Proposal, which: LineFilter = LineFilter()) -> QuerySet:
    """The proposal's lines matching ``which``, in their order, with what a list shows (no query per line)."""
    lines = proposal.lines.select_related("person__unit", "unit", "title", "award_form").order_by("order", "pk")
    if which.honour:
        lines = lines.filter(Q(title__code=which.honour) | Q(award_form__code=which.honour))
    if which.unit is not None:
        lines = lines.filter(
            Q(person__unit__path__startswith=which.unit.path) | Q(unit__path__startswith=which.unit.path)
        )
    if which.status:
        lines = lines.filter(engine_status="" if which.status == UNCHECKED else which.status)
    if text := which.q.strip():
        folded = fold(text)
        lines = lines.filter(
            Q(person__name_folded__contains=folded)
            | Q(person__ident__iexact=text)
            | Q(unit__name_folded__contains=folded)
            | Q(unit__code__iexact=text)
        )
    return lines


@transaction.atomic
def exclude_lines(
    proposal: Proposal, *, by, which: LineFilter = LineFilter(), ids: list[int] | None = None, reason: str = ""
) -> int:
    """Take out of a draft or returned proposal, in one action, every line matching ``which`` (only
    those of ``ids`` among them when given), and remember each as excluded (who, when, ``reason``)
    so that filling the proposal again leaves it out until it is restored (``restore_exclusions``).
    One audit row per line and per exclusion, each kind in one insert. Returns how many were taken
    out."""
    proposal = _locked(proposal, by)
    lines = filter_lines(proposal, which)
    if ids is not None:
        lines = lines.filter(pk__in=ids)
    gone = list(lines.select_related(None).only(*LINE_FIELDS, "order"))
    if not gone:
        return 0
    audit.record_many(
        by,
        AuditEvent.Action.DELETE,
        [(line, {k: [v, None] for k, v in audit.snapshot(line, LINE_FIELDS).items()}) for line in gone],
        note=_("Bỏ khỏi đề nghị theo bộ lọc"),
    )
    ProposalLine.objects.filter(pk__in=[line.pk for line in gone]).delete()
    remember(proposal, gone, reason=reason.strip(), by=by)
    return len(gone)


@transaction.atomic
def restore_exclusions(proposal: Proposal, *, by, ids: list[int] | None = None) -> Restored:
    """Forget the proposal's exclusions (those of ``ids``, or every one) and put their lines back at
    the end of the list. A seniority medal comes back as the batch writes it (the engine's
    explanation, checked "eligible"), if it is still due and not proposed elsewhere meanwhile;
    any other line comes back as it was (its summary and justification) where ``new_line`` would
    accept it, checked by the engine again. An exclusion whose line cannot come back is forgotten
    all the same, and counted in ``forgotten``. A fixed number of queries for the seniority medals;
    the engine's verdict on other lines is stored as ``add_line`` stores it."""
    proposal = _locked(proposal, by)
    chosen = proposal.exclusions.all() if ids is None else proposal.exclusions.filter(pk__in=ids)
    exclusions = list(chosen)
    if not exclusions:
        return Restored()
    forget(proposal, exclusions, by=by)
    present = set(proposal.lines.values_list("person_id", "unit_id", "title_id", "award_form_id"))
    wanted = [x for x in exclusions if line_key(x) not in present]
    lines: list[ProposalLine] = []
    if proposal.kind == CommendationKind.SENIORITY:
        entry = in_force(cutoff(proposal.year), proposal.unit)
        medals = set(
            AwardForm.objects.filter(
                code__in=[r.catalogue_code(INDIVIDUAL) for r in seniority_rules(entry.ruleset)]
            ).values_list("pk", flat=True)
        )
        batch = {line_key(x) for x in wanted if x.person_id and x.award_form_id in medals}
        if batch:
            lines += _seniority_lines(proposal, by=by, only=batch, note=_("Khôi phục vào đề nghị"))
        wanted = [x for x in wanted if line_key(x) not in batch]
    if wanted:
        order = proposal.lines.aggregate(m=Max("order"))["m"] or 0
        back = ProposalLine.objects.bulk_create(reinstate(proposal, wanted, order=order))
        audit.record_many(
            by,
            AuditEvent.Action.CREATE,
            [(line, audit.snapshot(line, LINE_FIELDS)) for line in back],
            note=_("Khôi phục vào đề nghị"),
        )
        lines += store_verdicts(proposal, back)
    return Restored(lines=lines, forgotten=len(exclusions) - len(lines))


def status_label(status: str) -> str:
    return str(dict(STATUSES).get(status or UNCHECKED, status))


LINE_COLUMNS = [
    xlsx.Out("TT", "integer"),
    xlsx.Out(gettext_lazy("Cá nhân / tập thể")),
    xlsx.Out(gettext_lazy("Đơn vị")),
    xlsx.Out(gettext_lazy("Danh hiệu, hình thức")),
    xlsx.Out(gettext_lazy("Kiểm tra điều kiện")),
    xlsx.Out(gettext_lazy("Tóm tắt thành tích")),
    xlsx.Out(gettext_lazy("Giải trình")),
    xlsx.Out(gettext_lazy("Kết quả xét")),
]


def lines_xlsx(proposal: Proposal, lines) -> bytes:
    """The given lines (``filter_lines``) as a table under the proposal's subject: one row each."""
    book = Workbook()
    sheet = book.active
    sheet.title = str(_("Danh sách đề nghị"))[:31]
    rows = [
        [
            n,
            holder_name(line),
            line.person.unit.code
            if line.person_id and line.person.unit_id
            else (line.unit.code if line.unit_id else ""),
            line.honour.name,
            status_label(line.engine_status),
            line.summary,
            line.justification,
            line.get_outcome_display(),
        ]
        for n, line in enumerate(lines, start=1)
    ]
    subtitle = f"{proposal.unit.name} – {proposal.get_kind_display()} – {proposal.year}"
    header = xlsx.write_table(sheet, LINE_COLUMNS, [], title=proposal.title, lines=[subtitle])
    # Each row at its own number: ``append_row`` without one asks ``sheet.max_row``, a scan of every
    # cell, and 1,500 lines took seconds.
    for number, values in enumerate(rows, start=header + 1):
        xlsx.append_row(sheet, LINE_COLUMNS, values, row=number)
    xlsx.fit_widths(sheet, LINE_COLUMNS, first_row=header)
    return xlsx.workbook_bytes(book)
