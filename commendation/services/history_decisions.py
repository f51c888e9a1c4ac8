"""The titles and award forms of a history import grouped into recorded decisions (issue 16).

``eligibility.history`` writes each title or award form held with its decision as text (``decision_ref``); it sits
below this app, so it calls ``record_history_decisions`` through its ``writing.AFTER_IMPORT`` hooks (registered in
``CommendationConfig.ready``), inside the import's transaction, after each sheet is written. The rows that state
an issuing body, a number with its symbol ("123/QĐ-BCA") and a date are grouped by (issuer, number, symbol, date)
into another body's decision as ``external.record_external_decision`` records one — external, issued, the same
decision once — with one ``DecisionLine`` per award pointing at its ``TitleAward`` or ``FormAward``. The body
keeping the records (``issuing_unit``) is the importing user's: their emulation office's unit over the first
recipient, else their other write grant over it; for an administrator or the system, the root of the first
recipient's tree.

Idempotent: a decision already recorded (external, same issuer, number, symbol, date) gains only the lines it
lacks; an award already on a decision's line (this one's, another's, or one issued here) is left where it is; a
number already taken in the keeping body's register (same symbol, number, date: its own decision, or the same
decision under another wording of the issuer) is that decision, which gains the lines. An annulled decision gains
none.
Rows without a body, a number of the form "number/symbol" or a date make no decision, as before. No bonus is
stated (the history gives none); the base salary is not looked up (decisions before 2019 have none). A fixed
number of queries per ``BATCH_SIZE`` rows; one audit row per decision created (CREATE, with its lines) or
completed (UPDATE, the lines added).
"""

import re
from collections import Counter
from dataclasses import dataclass

from django.db import connection
from django.db.models import Count, Max
from django.db.models.expressions import RawSQL
from django.utils import timezone
from django.utils.translation import gettext as _

from audit import services as audit
from audit.bulkinsert import insert_objects, insert_rows
from audit.models import AuditEvent
from commendation.models import Decision, DecisionLine
from commendation.services.decisions import DECISION_FIELDS, _created
from commendation.services.frozen import frozen_fields, recipients
from honours.models import CommendationKind, FormAward, TitleAward
from organisation import permissions as org_perms
from organisation import tree
from organisation.models import Role, Unit

BATCH_SIZE = 1000
# "123/QĐ-BCA-X03": the number, then the symbol (the body's own, up to the field's length).
NUMBER = re.compile(r"\s*0*(\d{1,9})\s*/\s*(\S(?:.*\S)?)\s*")
SYMBOL_MAX = Decision._meta.get_field("symbol").max_length
ISSUER_MAX = Decision._meta.get_field("issuer_name").max_length


@dataclass(frozen=True)
class Stated:
    """One imported award naming its decision: the decision's key, the award's natural key, its holder."""

    decision: tuple[str, int, str, object]  # (issuer, number, symbol, date)
    award: tuple
    person_id: int | None
    unit_id: int | None
    honour_id: int
    year: int
    kind: str
    path: str | None  # the holder's unit path (a person's current unit)


def decision_key(row: dict) -> tuple[str, int, str, object] | None:
    """(issuer, number, symbol, date) of a history row, or None when it does not name a whole decision."""
    issuer, day = (row.get("body") or "").strip(), row.get("decided_on")
    match = NUMBER.fullmatch(row.get("number") or "")
    if not issuer or day is None or match is None or len(issuer) > ISSUER_MAX:
        return None
    number, symbol = int(match[1]), match[2]
    if not number or len(symbol) > SYMBOL_MAX:
        return None
    return issuer, number, symbol, day


def record_history_decisions(plan) -> int:
    """The decisions the titles or forms of an ``eligibility.history.writing.Plan`` name (``AFTER_IMPORT``),
    recorded or completed; returns how many decisions were created."""
    kind = plan.sheet.kind
    if kind not in ("titles", "forms"):
        return 0
    stated = _stated(plan)
    if not stated:
        return 0
    by = plan.holders.by if plan.holders is not None else None
    awards = _awards(kind, stated)
    wanted = [s for s in stated if s.award in awards and awards[s.award][1] is None]
    if not wanted:
        return 0
    found = _recorded({s.decision: s.decision for s in wanted}, external=True)
    missing: dict[tuple, list[Stated]] = {}
    for s in wanted:
        if s.decision not in found:
            missing.setdefault(s.decision, []).append(s)
    # A number already taken in the keeping body's register (by its own decision, or by one recorded under
    # another wording of the issuer) is that decision: it gains the lines, and no second one collides with it.
    keeper, first = _Keeper(by), {}
    units = {key: keeper.unit_for(rows[0].path) for key, rows in missing.items()}
    same = {key: first.setdefault((units[key], key[2], key[1], key[3]), key) for key in missing}
    taken = _recorded(first, external=False)
    fresh: dict[tuple, list[Stated]] = {}
    for key, rows in missing.items():
        if same[key] not in taken:
            fresh.setdefault(same[key], []).extend(rows)
    made = _create(fresh, units, by)
    decisions = found | taken | {d.key: d for d in made}
    decisions |= {key: decisions[same[key]] for key in missing}
    wanted = [s for s in wanted if decisions[s.decision].status != Decision.Status.ANNULLED]
    added = _add_lines(kind, wanted, awards, decisions)
    note = _("Ghi nhận từ tệp nhập lịch sử thi đua, khen thưởng")
    created = [
        (d, _created(d, DECISION_FIELDS) | {"status": [None, d.status], "lines": [None, added.get(d.pk, 0)]})
        for d in made
    ]
    audit.record_many(by, AuditEvent.Action.CREATE, created, note=note)
    completed = {d.pk: d for d in [*found.values(), *taken.values()] if d.pk in added}
    changes = [(d, {"lines": [d.line_count, d.line_count + added[d.pk]]}) for d in completed.values()]
    audit.record_many(by, AuditEvent.Action.UPDATE, changes, note=note)
    return len(made)


def _stated(plan) -> list[Stated]:
    """The plan's rows that name a whole decision."""
    holders, titles = plan.holders, plan.sheet.kind == "titles"
    out = []
    for row, values in plan.kept:
        key = decision_key(row)
        if key is None:
            continue
        person_id, unit_id = values.get("person_id"), values.get("unit_id")
        if holders is None:
            path = None
        elif person_id:
            path = holders.people[row["ident"]][1]
        else:
            path = holders.units[row["unit_ref"]][1]
        out.append(
            Stated(
                decision=key,
                award=tuple(values.get(name) for name in plan.sheet.key),
                person_id=person_id,
                unit_id=unit_id,
                honour_id=values["title_id"] if titles else values["award_form_id"],
                year=values["year"],
                kind=CommendationKind.MERIT if titles else values["kind"],
                path=path,
            )
        )
    return out


_AWARD_KEYS = {
    "titles": (TitleAward, ("title_id", "year", "person_id", "unit_id"), "title_award_id"),
    "forms": (FormAward, ("award_form_id", "year", "person_id", "unit_id", "decided_on"), "form_award_id"),
}


def _awards(kind: str, stated: list[Stated]) -> dict[tuple, tuple[int, int | None]]:
    """The stored awards (not annulled) of the stated holders: natural key -> (pk, its decision line or None),
    a query per ``BATCH_SIZE`` holders."""
    model, key, _line = _AWARD_KEYS[kind]
    found = {}
    for holder in ("person_id", "unit_id"):
        ids = sorted({getattr(s, holder) for s in stated if getattr(s, holder)})
        for offset in range(0, len(ids), BATCH_SIZE):
            rows = model.objects.filter(annulled=False, **{f"{holder}__in": ids[offset : offset + BATCH_SIZE]})
            for pk, *fields, line in rows.order_by("pk").values_list("pk", *key, "decision_line"):
                found.setdefault(tuple(fields), (pk, line))
    return found


def _recorded(keys: dict[tuple, tuple], *, external: bool) -> dict[tuple, Decision]:
    """The decisions stored under ``keys`` (the external ones by (issuer, number, symbol, date); any by (keeping
    unit, symbol, number, date), the register's own key) -> the decision key they stand for, each with its
    ``line_count`` and ``next_order``. The candidates are read by number as plain values first (one query on
    PostgreSQL, elsewhere one per
    ``BATCH_SIZE`` numbers), then only the matching decisions and their lines' count: a join of every candidate
    with its lines costs minutes when a file's numbers repeat across thousands of decisions."""
    numbers = sorted({k[1] for k in keys.values()})
    fields = ("issuer_name", "number", "symbol", "date") if external else ("issuing_unit", "symbol", "number", "date")
    matched: dict[int, tuple] = {}  # decision id -> key, the first decision (by id) of each key
    taken: set[tuple] = set()
    # PostgreSQL: every number in one array parameter (one scan of the register; a thousand numbers per query
    # made it scan once per thousand). Elsewhere a thousand per query, under SQLite's parameter limit.
    step = (len(numbers) or 1) if connection.vendor == "postgresql" else BATCH_SIZE
    for offset in range(0, len(numbers), step):
        batch = numbers[offset : offset + step]
        if connection.vendor == "postgresql":
            rows = Decision.objects.filter(number__in=RawSQL("SELECT unnest(%s::integer[])", (batch,)))
        else:
            rows = Decision.objects.filter(number__in=batch)
        if external:
            rows = rows.filter(external=True)
        for pk, *stored in rows.order_by("pk").values_list("pk", *fields):
            key = keys.get(tuple(stored))
            if key is not None and key not in taken:
                matched[pk] = key
                taken.add(key)
    found = {}
    ids = sorted(matched)
    for offset in range(0, len(ids), BATCH_SIZE):
        chunk = ids[offset : offset + BATCH_SIZE]
        lines = {
            row["decision"]: row
            for row in DecisionLine.objects.filter(decision__in=chunk)
            .values("decision")
            .annotate(top=Max("order"), n=Count("pk"))
            .order_by()
        }
        for decision in Decision.objects.filter(pk__in=chunk).order_by("pk"):
            row = lines.get(decision.pk, {"top": 0, "n": 0})
            decision.key, decision.line_count, decision.next_order = matched[decision.pk], row["n"], row["top"] + 1
            found[decision.key] = decision
    return found


def _create(missing: dict[tuple, list[Stated]], units: dict[tuple, int], by) -> list[Decision]:
    """The decisions not recorded yet, in one batched insert: the year and kind most of their awards have
    (the earliest year, merit, on a tie), kept by ``units`` (the importing user's body)."""
    if not missing:
        return []
    now, by_user = timezone.now(), by if getattr(by, "pk", None) else None
    decisions = []
    for key, rows in missing.items():
        issuer, number, symbol, day = key
        decisions.append(
            Decision(
                issuing_unit_id=units[key],
                issuer_name=issuer,
                external=True,
                year=_most(Counter(s.year for s in rows)),
                kind=_most(Counter(s.kind for s in rows), first=CommendationKind.MERIT),
                number=number,
                symbol=symbol,
                date=day,
                subject=_("Quyết định khen thưởng của %(issuer)s") % {"issuer": issuer},
                status=Decision.Status.ISSUED,
                issued_at=now,
                issued_by=by_user,
            )
        )
    made = insert_objects(Decision, decisions, ids=True)
    for decision, key in zip(made, missing, strict=True):
        decision.key, decision.line_count, decision.next_order = key, 0, 1
    return made


def _most(counts: Counter, first=None):
    """The most frequent value; on a tie ``first`` if among them, else the smallest."""
    top = max(counts.values())
    tied = sorted(v for v, n in counts.items() if n == top)
    return first if first in tied else tied[0]


def _add_lines(kind: str, wanted: list[Stated], awards: dict, decisions: dict) -> dict[int, int]:
    """One line per award, in the file's order after the decision's lines, frozen as recorded decisions are (their
    recipients as they are today), written as rows (tens of thousands of instances would cost more than the
    COPY); {decision id: lines added}."""
    titles = kind == "titles"
    found = recipients((s.person_id, s.unit_id) for s in wanted)
    rows, added = [], Counter()
    for s in wanted:
        decision = decisions[s.decision]
        award = awards[s.award][0]
        rows.append(
            {
                "decision_id": decision.pk,
                "person_id": s.person_id,
                "unit_id": s.unit_id,
                "title_id": s.honour_id if titles else None,
                "award_form_id": None if titles else s.honour_id,
                "title_award_id": award if titles else None,
                "form_award_id": None if titles else award,
                "order": decision.next_order,
            }
            | frozen_fields(found[s.person_id, s.unit_id])
        )
        decision.next_order += 1
        added[decision.pk] += 1
    insert_rows(DecisionLine, rows)
    return dict(added)


class _Keeper:
    """The body keeping a recorded decision: the importing user's emulation office over the recipient (the
    outermost), else their other write grant over it; an administrator's or the system's: the recipient's root."""

    def __init__(self, by):
        self.paths: list[str] = []
        if by is not None and not org_perms.is_admin(by):
            office = org_perms.paths_with_role(by, Role.EMULATION_OFFICE)
            self.paths = sorted(office, key=len) + sorted(set(org_perms.write_paths(by)) - set(office), key=len)
        self._root = None

    def unit_for(self, path: str | None) -> int:
        for root in self.paths:
            if path is not None and path.startswith(root):
                return tree.last_id(root)
        if self.paths:
            return tree.last_id(self.paths[0])
        if path is not None:
            return tree.path_ids(path)[0]
        if self._root is None:
            self._root = Unit.objects.filter(parent__isnull=True).order_by("path").values_list("pk", flat=True)[0]
        return self._root


__all__ = ["decision_key", "record_history_decisions"]
