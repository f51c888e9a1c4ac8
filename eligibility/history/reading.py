"""Reading a history file and checking each row: the sheets found by their names, each cell read
(``cells``), the person or unit each row is about (in the user's write scope), and the model's values of a row."""

from django.utils.translation import gettext as _

from documents import xlsx
from eligibility.history import cells
from eligibility.history.results import SheetError
from eligibility.history.sheets import EITHER, SHEETS, Sheet
from eligibility.models import InitiativeKind
from honours.models import CommendationKind, Recipient, Title
from organisation import permissions, tree
from organisation.models import Person, Unit
from organisation.text import fold

BATCH_SIZE = 1000
PROGRESS_EVERY = 1000


def sheet_of(title: str) -> str | None:
    folded = fold(title)
    for sheet in SHEETS:
        if fold(sheet.name) == folded:
            return sheet.kind
    return None


class Progress:
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


def parse(sheet: Sheet, rows: list, lookups: cells.Lookups, errors: list, counter: Progress) -> list[dict]:
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


class Holders:
    """The people and units the file names, and the user's write scope (a fixed number of queries per
    ``BATCH_SIZE`` of them)."""

    def __init__(self, parsed: dict[str, list[dict]], by):
        self.by = by
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


def holder_of(sheet: Sheet, row: dict, holders: Holders, errors: list) -> tuple[int | None, int | None]:
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


def row_fields(sheet: Sheet, row: dict, person_id, unit_id, errors: list) -> dict | None:
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
