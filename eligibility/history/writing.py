"""Comparing a history file's rows with the stored facts by their natural keys, then writing the new ones in one
batched insert and the changed ones with ``bulk_update``, each change named for the audit."""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import connection
from django.utils.translation import gettext as _

from documents import xlsx
from eligibility.history.reading import BATCH_SIZE, Holders, holder_of, row_fields
from eligibility.history.results import KindSummary, SheetError
from eligibility.history.sheets import Sheet
from organisation import bulk

SAMPLE = 10  # the first rows of each kind a dry run shows
NEW, CHANGED = "new", "changed"

# Called with each written ``Plan`` inside the import's transaction, after its facts are written: what the apps
# above derive from the rows (``kept``: every row new, changed or unchanged, with its values; ``holders.by``: the
# importing user). Filled in their ``AppConfig.ready`` (commendation groups titles and forms into decisions).
AFTER_IMPORT: list[Callable[["Plan"], None]] = []


@dataclass
class Plan:
    sheet: Sheet
    summary: KindSummary
    new: list = field(default_factory=list)  # (values, catalogue entry)
    changed: list = field(default_factory=list)  # (values with pk, catalogue entry, {field: [old, new]})
    kept: list = field(default_factory=list)  # (row, values) of every row that is or will be stored
    holders: Holders | None = None

    def write(self) -> None:
        """The new facts in one batched insert (COPY on PostgreSQL: ``organisation.bulk.insert``), the changed ones
        with ``bulk_update``."""
        model = self.sheet.model
        fields = [f for f in model._meta.concrete_fields if not f.primary_key]
        if any(f.get_internal_type() not in _PLAIN for f in fields):
            raise TypeError(f"{model.__name__}: a field the history import cannot insert as it is")
        # SQLite stores a date as its ISO text (what Django's adapter writes); COPY takes the date itself.
        as_text = connection.vendor != "postgresql"
        columns = [(f.attname, f.get_default(), as_text and f.get_internal_type() == "DateField") for f in fields]

        def rows():
            for values, _entry in self.new:
                yield tuple(
                    (None if (v := values.get(name)) is None else v.isoformat()) if date else values.get(name, default)
                    for name, default, date in columns
                )

        with connection.cursor() as cursor:
            bulk.insert(cursor, model, [f.column for f in fields], rows())
        model.objects.bulk_update(
            [_instance(self.sheet, values, entry) for values, entry, _delta in self.changed],
            [name.removesuffix("_id") for name in self.sheet.values],
            batch_size=BATCH_SIZE,
        )
        for hook in AFTER_IMPORT:
            hook(self)

    def audited(self, changes: dict[tuple[str, int], dict]) -> None:
        """Add each new or changed fact to its holder's changes: ``<kind>:<key>`` -> [old values, new values]
        (old None for a new fact); the key without the holder, a catalogue entry by its code."""
        sheet = self.sheet
        names = [n for n in sheet.key if n not in ("person_id", "unit_id")]
        for values, entry, delta in [*((v, e, None) for v, e in self.new), *self.changed]:
            parts = [entry.code if n in ("title_id", "award_form_id") else str(values[n]) for n in names]
            if delta is None:
                change = [None, {n.removesuffix("_id"): _jsonable(n, values[n]) for n in sheet.values}]
            else:
                change = [{n: d[0] for n, d in delta.items()}, {n: d[1] for n, d in delta.items()}]
            holder = ("person", values["person_id"]) if values.get("person_id") else ("unit", values["unit_id"])
            changes.setdefault(holder, {})[f"{sheet.kind}:{'/'.join(parts)}"] = change


# The field types of the facts written by ``organisation.bulk.insert`` without Django's conversions.
_PLAIN = {
    "AutoField",
    "BigAutoField",
    "BooleanField",
    "CharField",
    "DateField",
    "ForeignKey",
    "PositiveSmallIntegerField",
    "PositiveIntegerField",
    "IntegerField",
    "SmallIntegerField",
    "TextField",
}
_SCALARS = (bool, int, float, str)


def _jsonable(name: str, value):
    """A value as the audit stores it: a foreign key (``…_id``) as text, as ``audit.snapshot`` does; a date as
    its ISO text (``audit.jsonable``)."""
    if value is None:
        return None
    if name.endswith("_id"):
        return str(value)
    return value if isinstance(value, _SCALARS) else str(value)


def _stored(sheet: Sheet, person_ids: list[int], unit_ids: list[int]) -> dict[tuple, tuple]:
    """The stored facts of the holders: natural key -> (primary key, the changeable values), as plain tuples
    (a query per ``BATCH_SIZE`` holders)."""
    model, live = sheet.model, sheet.live or {}
    width = len(sheet.key)
    found = {}
    for holder, ids in (("person_id", person_ids), ("unit_id", unit_ids)):
        for offset in range(0, len(ids), BATCH_SIZE):
            rows = model.objects.filter(**live, **{f"{holder}__in": ids[offset : offset + BATCH_SIZE]})
            for pk, *fields in rows.order_by("pk").values_list("pk", *sheet.key, *sheet.values):
                found.setdefault(tuple(fields[:width]), (pk, fields[width:]))
    return found


def plan_sheet(sheet: Sheet, rows: list[dict], holders: Holders, errors: list) -> Plan:
    plan = Plan(sheet, KindSummary(sheet.kind, sheet.name, str(sheet.label), rows=len(rows)), holders=holders)
    wanted: list[tuple[dict, dict]] = []
    for row in rows:
        if row.get("_bad"):
            continue
        person_id, unit_id = holder_of(sheet, row, holders, errors)
        if person_id is None and unit_id is None:
            continue
        values = row_fields(sheet, row, person_id, unit_id, errors)
        if values is not None:
            wanted.append((row, values))
    person_ids = sorted({v["person_id"] for _r, v in wanted if v.get("person_id")})
    unit_ids = sorted({v["unit_id"] for _r, v in wanted if v.get("unit_id")})
    stored = _stored(sheet, person_ids, unit_ids)
    seen: dict[tuple, int] = {}
    summary = plan.summary
    for row, values in wanted:
        key = tuple(values.get(name) for name in sheet.key)
        if key in seen:
            errors.append(
                SheetError(
                    row["_row"],
                    sheet.holder_columns[0].header,
                    _("Trùng với dòng %(row)s (cùng đối tượng, cùng nội dung).") % {"row": seen[key]},
                    sheet.name,
                )
            )
            continue
        seen[key] = row["_row"]
        entry = values.pop("_entry", None)
        plan.kept.append((row, values))
        found = stored.get(key)
        if found is None:
            plan.new.append((values, entry))
            summary.new += 1
            _sample(summary, row, NEW, {})
            continue
        pk, old_values = found
        delta = {}
        for name, old in zip(sheet.values, old_values, strict=True):
            new = values.get(name)
            if old != new:
                delta[name.removesuffix("_id")] = [_jsonable(name, old), _jsonable(name, new)]
        if delta:
            plan.changed.append((values | {"pk": pk}, entry, delta))
            summary.changed += 1
            _sample(summary, row, CHANGED, delta)
        else:
            summary.unchanged += 1
    return plan


def _instance(sheet: Sheet, values: dict, entry):
    """A changed fact as a model instance (for ``bulk_update``)."""
    obj = sheet.model(**values)
    if entry is not None:
        setattr(obj, "title" if sheet.kind == "titles" else "award_form", entry)
    return obj


def _sample(summary: KindSummary, row: dict, status: str, delta: dict) -> None:
    if len(summary.samples) >= SAMPLE:
        return
    summary.samples.append(
        {
            "row": row["_row"],
            "status": status,
            "cells": [xlsx.cell_text(v) for v in row["_values"]],
            "changes": delta,
        }
    )
