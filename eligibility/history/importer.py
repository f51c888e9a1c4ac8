"""Running a history import: the whole file read and checked, compared with the stored facts by their natural
keys, then written all or nothing in bulk (or, in a dry run, only counted).

``run_history_import`` is a plain function of JSON-able arguments (a path, a user id, booleans) so that a job
queue can run it; the page and the API call it inline with the uploaded file and the user.
"""

import logging
import os
from collections.abc import Callable
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.core.files import File
from django.core.files.base import ContentFile
from django.db import IntegrityError, connection, transaction
from django.utils.translation import gettext as _

from audit import services as audit
from audit.models import AuditEvent
from documents import xlsx
from documents.xlsx import RowError
from eligibility.history import cells
from eligibility.history.sheets import EITHER, SHEETS, Sheet
from eligibility.models import InitiativeKind
from honours.models import CommendationKind, Recipient, Title
from organisation import bulk, imports, permissions, tree
from organisation.models import Person, Unit
from organisation.text import fold

logger = logging.getLogger(__name__)

BATCH_SIZE = 1000
PROGRESS_EVERY = 1000
SAMPLE = 10  # the first rows of each kind a dry run shows
NEW, CHANGED = "new", "changed"


@dataclass(frozen=True)
class SheetError(RowError):
    """A problem of a cell, a row, a sheet (``row`` 1: its header) or the file (``sheet`` empty, ``row`` None)."""

    sheet: str = ""

    def as_dict(self) -> dict:
        return {"sheet": self.sheet, "row": self.row, "column": self.column, "message": self.message}


@dataclass
class KindSummary:
    kind: str
    sheet: str
    label: str
    rows: int = 0
    new: int = 0
    changed: int = 0
    unchanged: int = 0
    samples: list[dict] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {
            "kind": self.kind,
            "sheet": self.sheet,
            "label": self.label,
            "rows": self.rows,
            "new": self.new,
            "changed": self.changed,
            "unchanged": self.unchanged,
            "samples": self.samples,
        }


@dataclass
class HistoryResult:
    dry_run: bool
    total: int = 0
    written: bool = False
    kinds: list[KindSummary] = field(default_factory=list)
    errors: list[SheetError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def new(self) -> int:
        return sum(k.new for k in self.kinds)

    @property
    def changed(self) -> int:
        return sum(k.changed for k in self.kinds)

    @property
    def unchanged(self) -> int:
        return sum(k.unchanged for k in self.kinds)

    def as_dict(self) -> dict:
        return {
            "ok": self.ok,
            "dry_run": self.dry_run,
            "written": self.written,
            "total": self.total,
            "new": self.new,
            "changed": self.changed,
            "unchanged": self.unchanged,
            "kinds": [k.as_dict() for k in self.kinds],
            "errors": [e.as_dict() for e in self.errors],
        }


# The entry point ----------------------------------------------------------------------------------------------


def run_history_import(
    upload_path_or_file, *, by, dry_run: bool, progress: Callable[[int, int], None] | None = None
) -> HistoryResult:
    """Check a whole history file, then write all of it or nothing (``dry_run``: nothing, only what would change).

    ``upload_path_or_file``: a path, bytes, or an uploaded or binary file object; refused like the Excel import
    of units and people (``organisation.imports.upload_problem``: not .xlsx, too large, a zip bomb). ``by``: the
    acting user or their id (None: the system, unrestricted); every row's person or unit must be in their write
    scope. ``progress(done, total)`` is called every ``PROGRESS_EVERY`` rows and at the end."""
    if by is not None and not hasattr(by, "pk"):
        by = get_user_model().objects.get(pk=by)
    result = HistoryResult(dry_run=bool(dry_run))
    upload, close = _as_upload(upload_path_or_file)
    try:
        if problem := imports.upload_problem(upload):
            result.errors.append(SheetError(None, "", problem))
            return result
        upload.seek(0)
        _import(getattr(upload, "file", upload), result, by=by, progress=progress, note=_note(upload.name))
    finally:
        if close:
            upload.close()
    return result


def _as_upload(source) -> tuple[File, bool]:
    """The source as a Django File with a name and a size, and whether this function opened it."""
    if isinstance(source, bytes):
        return ContentFile(source, name="lich-su.xlsx"), False
    if isinstance(source, str | os.PathLike):
        return File(open(source, "rb"), name=os.path.basename(str(source))), True  # noqa: SIM115
    if isinstance(source, File):
        return source, False
    return File(source, name=os.path.basename(str(getattr(source, "name", "") or "lich-su.xlsx"))), False


def _note(name: str) -> str:
    name = os.path.basename(name or "")
    return (_("Nhập lịch sử thi đua, khen thưởng từ tệp %(name)s") % {"name": name})[:255]


# Reading -----------------------------------------------------------------------------------------------------


def _sheet_of(title: str) -> str | None:
    folded = fold(title)
    for sheet in SHEETS:
        if fold(sheet.name) == folded:
            return sheet.kind
    return None


def _import(source, result: HistoryResult, *, by, progress, note: str) -> None:
    try:
        found = xlsx.read_sheets(source, _sheet_of)
    except xlsx.FileProblem as problem:
        result.errors.append(SheetError(None, "", str(problem)))
        return
    if not found:
        result.errors.append(
            SheetError(
                None,
                "",
                _("Tệp không có sheet nào theo mẫu (%(sheets)s). Hãy dùng tệp mẫu của hệ thống.")
                % {"sheets": ", ".join(s.name for s in SHEETS)},
            )
        )
        return
    sheets = [s for s in SHEETS if s.kind in found]
    result.total = total = sum(max(len(found[s.kind]) - 1, 0) for s in sheets)
    if not total:
        result.errors.append(SheetError(None, "", _("Tệp không có dòng dữ liệu nào.")))
        return
    lookups = cells.Lookups()
    counter = _Progress(progress, total)
    parsed = {s.kind: _parse(s, found[s.kind], lookups, result.errors, counter) for s in sheets}
    holders = _Holders(parsed, by)
    plans = [_plan(s, parsed[s.kind], holders, result.errors) for s in sheets]
    counter.finish()
    result.kinds = [plan.summary for plan in plans]
    if result.errors:
        order = {s.name: i for i, s in enumerate(SHEETS)}
        result.errors.sort(key=lambda e: (order.get(e.sheet, -1), e.row or 0))
        return
    if result.dry_run:
        return
    try:
        with transaction.atomic():
            changes: dict[tuple[str, int], dict] = {}
            for plan in plans:
                plan.write()
                plan.audited(changes)
            audit.record_many(
                by,
                AuditEvent.Action.IMPORT,
                [(holders.instance(kind, pk), delta) for (kind, pk), delta in changes.items()],
                note=note,
            )
    except IntegrityError:
        logger.warning("History import hit a concurrent change", exc_info=True)
        result.errors.append(
            SheetError(None, "", _("Dữ liệu đã bị thay đổi trong lúc nhập; chưa ghi gì. Hãy nhập lại tệp."))
        )
        return
    result.written = True


class _Progress:
    def __init__(self, callback, total: int):
        self.callback, self.total, self.done = callback, total, 0
        if callback:
            callback(0, total)

    def step(self) -> None:
        self.done += 1
        if self.callback and self.done % PROGRESS_EVERY == 0:
            self.callback(self.done, self.total)

    def finish(self) -> None:
        if self.callback:
            self.callback(self.total, self.total)


def _parse(sheet: Sheet, rows: list, lookups: cells.Lookups, errors: list, counter: _Progress) -> list[dict]:
    header = rows[0][1] if rows and rows[0][0] == 1 else ()
    positions, missing = xlsx.header_positions(header, sheet.columns)
    needed = [
        h
        for h in missing
        if any(c.header == h and (c.required or c.key in ("ident", "unit_ref")) for c in sheet.columns)
    ]
    if needed:
        errors.append(SheetError(1, "", xlsx.missing_columns_message(needed), sheet.name))
        return []
    columns = [(c, positions[c.header]) for c in sheet.columns if c.header in positions]
    absent = {c.key: (None if c.parse != "text" else "") for c in sheet.columns if c.header not in positions}
    out = []
    for number, values in rows[1:]:
        row = {"_row": number, "_values": values, **absent}
        for column, position in columns:
            row[column.key], problem = cells.clean(column, xlsx.cell_at(values, position), lookups)
            if problem:
                errors.append(SheetError(number, column.header, problem, sheet.name))
                row["_bad"] = True
        out.append(row)
        counter.step()
    return out


# Who the rows are about ----------------------------------------------------------------------------------------


class _Holders:
    """The people and units the file names, and the user's write scope (a fixed number of queries per
    ``BATCH_SIZE`` of them)."""

    def __init__(self, parsed: dict[str, list[dict]], by):
        idents = sorted({r["ident"] for rows in parsed.values() for r in rows if r.get("ident")})
        refs = sorted({r["unit_ref"] for rows in parsed.values() for r in rows if r.get("unit_ref")})
        self.people: dict[str, tuple[int, str | None]] = {}
        self.names: dict[tuple[str, int], tuple[str, str]] = {}  # (kind, id) -> what names it in the audit
        for offset in range(0, len(idents), BATCH_SIZE):
            chunk = idents[offset : offset + BATCH_SIZE]
            for ident, pk, path, name in Person.objects.filter(ident__in=chunk).values_list(
                "ident", "pk", "unit__path", "full_name"
            ):
                self.people[ident] = (pk, path)
                self.names[("person", pk)] = (ident, name)
        self.units: dict[str, tuple[int, str]] = {}
        for offset in range(0, len(refs), BATCH_SIZE):
            chunk = refs[offset : offset + BATCH_SIZE]
            for ref, pk, path, code, name in Unit.objects.filter(ref__in=chunk).values_list(
                "ref", "pk", "path", "code", "name"
            ):
                self.units[ref] = (pk, path)
                self.names[("unit", pk)] = (code, name)
        self.scoped = by is not None and not permissions.is_admin(by)
        self.allowed = permissions.write_paths(by) if self.scoped else []

    def instance(self, kind: str, pk: int):
        """The person or unit as the audit names it (not read again from the database)."""
        first, name = self.names[(kind, pk)]
        return Person(pk=pk, ident=first, full_name=name) if kind == "person" else Unit(pk=pk, code=first, name=name)

    def within(self, path: str | None) -> bool:
        return not self.scoped or (path is not None and tree.path_within(path, self.allowed))


def _holder(sheet: Sheet, row: dict, holders: _Holders, errors: list) -> tuple[int | None, int | None]:
    """The row's (person id, unit id), or (None, None) with its error."""
    ident, ref = row.get("ident") or "", row.get("unit_ref") or ""
    number, name = row["_row"], sheet.name
    if sheet.holder == EITHER and bool(ident) == bool(ref):
        errors.append(
            SheetError(
                number,
                sheet.holder_columns[0].header,
                _("Ghi mã cán bộ (khen cá nhân) hoặc mã định danh đơn vị (khen tập thể), một trong hai."),
                name,
            )
        )
        return None, None
    if ident:
        found = holders.people.get(ident)
        header = sheet.holder_columns[0].header
        if found is None:
            errors.append(
                SheetError(number, header, _("Không tìm thấy cán bộ có mã %(ident)s.") % {"ident": ident}, name)
            )
            return None, None
        if not holders.within(found[1]):
            errors.append(
                SheetError(
                    number,
                    header,
                    _("Cán bộ %(ident)s thuộc đơn vị ngoài phạm vi bạn được phân quyền.") % {"ident": ident},
                    name,
                )
            )
            return None, None
        return found[0], None
    if ref:
        found = holders.units.get(ref)
        header = sheet.holder_columns[-1].header
        if found is None:
            errors.append(
                SheetError(number, header, _("Không tìm thấy đơn vị có mã định danh %(ref)s.") % {"ref": ref}, name)
            )
            return None, None
        if not holders.within(found[1]):
            errors.append(
                SheetError(
                    number, header, _("Đơn vị %(ref)s nằm ngoài phạm vi bạn được phân quyền.") % {"ref": ref}, name
                )
            )
            return None, None
        return None, found[0]
    return None, None  # a required column left empty: already an error


# What each row means -------------------------------------------------------------------------------------------


def decision_ref(row: dict) -> str:
    """The decision as ``honours`` stores it: "123/QĐ-BCA ngày 10/12/2024, Bộ Công an". Stored data, in
    Vietnamese whatever the interface language (so a re-import by anyone finds it unchanged)."""
    text = row.get("number") or ""
    if day := row.get("decided_on"):
        text = f"{text} ngày {day.day:02d}/{day.month:02d}/{day.year}".lstrip()
    if body := row.get("body"):
        text = f"{text}, {body}" if text else body
    return text


def _fields(sheet: Sheet, row: dict, person_id, unit_id, errors: list) -> dict | None:
    """The model's attribute values of a row (key and values), or None with its error."""
    number, name = row["_row"], sheet.name
    kind = sheet.kind
    if kind == "person_ratings":
        return {"person_id": person_id, "year": row["year"], "rating": row["rating"]}
    if kind == "unit_ratings":
        return {"unit_id": unit_id, "year": row["year"], "rating": row["rating"]}
    if kind in ("titles", "forms"):
        entry = row["title"] if kind == "titles" else row["award_form"]
        wanted = Recipient.INDIVIDUAL if person_id else Recipient.COLLECTIVE
        if entry.recipient != wanted:
            column = "Mã danh hiệu" if kind == "titles" else "Mã hình thức"
            message = (
                _("%(name)s dành cho tập thể, không tặng cá nhân; ghi mã định danh đơn vị thay cho mã cán bộ.")
                if person_id
                else _("%(name)s dành cho cá nhân, không tặng tập thể; ghi mã cán bộ thay cho mã định danh đơn vị.")
            )
            errors.append(SheetError(number, column, message % {"name": entry.name}, name))
            return None
        holder = {
            "_entry": entry,
            "person_id": person_id,
            "unit_id": unit_id,
            "year": row["year"],
            "decision_ref": decision_ref(row),
        }
        if kind == "titles":
            return {"title_id": entry.pk, **holder}
        return {
            "award_form_id": entry.pk,
            **holder,
            "decided_on": row["decided_on"],
            "kind": row["kind"] or CommendationKind.MERIT,
        }
    if kind == "initiatives":
        used, year = row["used_for"], row["used_year"]
        if (used is None) != (year is None):
            column = "Năm xét" if used is not None else "Đã dùng để xét"
            errors.append(
                SheetError(
                    number, column, _("Ghi cả khen thưởng đã dùng sáng kiến và năm xét, hoặc để trống cả hai."), name
                )
            )
            return None
        return {
            "person_id": person_id,
            "title": row["title"],
            "recognised_on": row["recognised_on"],
            "kind": row["kind"] or InitiativeKind.SANG_KIEN,
            "level": row["level"],
            "used_for_title_id": used.pk if isinstance(used, Title) else None,
            "used_for_form_id": used.pk if used is not None and not isinstance(used, Title) else None,
            "used_year": year,
        }
    if kind == "discipline":
        if row["period_end"] < row["decided_on"]:
            errors.append(
                SheetError(
                    number, "Hết thời hạn kỷ luật", _("Ngày hết thời hạn kỷ luật phải sau ngày quyết định."), name
                )
            )
            return None
        return {
            "person_id": person_id,
            "form": row["form"],
            "decided_on": row["decided_on"],
            "period_end": row["period_end"],
            "decision_ref": row["decision_ref"],
        }
    # pending cases
    if row["closed_on"] is not None and row["closed_on"] < row["opened_on"]:
        errors.append(SheetError(number, "Kết thúc ngày", _("Ngày kết thúc phải sau ngày bắt đầu."), name))
        return None
    return {
        "person_id": person_id,
        "kind": row["kind"],
        "opened_on": row["opened_on"],
        "closed_on": row["closed_on"],
        "note": row["note"],
    }


# Comparing and writing -----------------------------------------------------------------------------------------


@dataclass
class _Plan:
    sheet: Sheet
    summary: KindSummary
    new: list = field(default_factory=list)  # (values, catalogue entry)
    changed: list = field(default_factory=list)  # (values with pk, catalogue entry, {field: [old, new]})

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


def _plan(sheet: Sheet, rows: list[dict], holders: _Holders, errors: list) -> _Plan:
    plan = _Plan(sheet, KindSummary(sheet.kind, sheet.name, str(sheet.label), rows=len(rows)))
    wanted: list[tuple[dict, dict]] = []
    for row in rows:
        if row.get("_bad"):
            continue
        person_id, unit_id = _holder(sheet, row, holders, errors)
        if person_id is None and unit_id is None:
            continue
        values = _fields(sheet, row, person_id, unit_id, errors)
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
