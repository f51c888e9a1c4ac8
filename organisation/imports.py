"""Excel (.xlsx) import of units and people: a documented template per kind, all-or-nothing runs.

A run reads the first sheet, validates the whole file and collects every problem as (row, column,
reason). With any problem nothing is written. Otherwise everything is written in one transaction
with bulk queries — the number of queries does not grow with the number of rows (up to
``BATCH_SIZE``) — and each created or changed object gets one IMPORT audit row. Rows identical to
the database are left alone, so importing the same file twice changes nothing the second time.

Jobs (``ImportJob``) are created by ``submit_import`` and run by ``run_import``, inline or in a
background thread (``settings.IMPORT_IN_BACKGROUND``); ``manage.py import_xlsx`` runs a file
from the command line.
"""

import datetime
import io
import logging
import os
import threading
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field

import openpyxl
from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.http import Http404
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl.styles import Font

from audit import services as audit
from audit.models import AuditEvent
from organisation import permissions, tree
from organisation.models import Assignment, ImportJob, Person, Rank, Sex, Unit, UnitChange
from organisation.services import PERSON_FIELDS, UNIT_FIELDS
from organisation.text import fold

logger = logging.getLogger(__name__)

PROGRESS_EVERY = 250
BATCH_SIZE = 1000
DATE_FORMATS = ("%d/%m/%Y", "%Y-%m-%d")
# Sheet and column names are the file's format, shared by every user whatever the interface
# language, so they are not translated.
GUIDE_SHEET = "Hướng dẫn"
PERSON_TRACKED = [*PERSON_FIELDS, "unit"]


def _max_length(model, name: str) -> int:
    return model._meta.get_field(name).max_length


@dataclass(frozen=True)
class Column:
    header: str
    key: str
    parse: str = "text"  # text, date, unit_kind, rank or sex
    required: bool = False
    max_length: int | None = None
    help: str = ""


UNIT_COLUMNS = (
    Column(
        "Mã định danh",
        "ref",
        required=True,
        max_length=_max_length(Unit, "ref"),
        help=gettext_lazy(
            "Mã duy nhất của đơn vị trong hệ thống, ví dụ CAQB-PX03. Mã đã có thì cập nhật "
            "đơn vị đó, mã mới thì tạo đơn vị mới."
        ),
    ),
    Column(
        "Mã đơn vị",
        "code",
        required=True,
        max_length=_max_length(Unit, "code"),
        help=gettext_lazy("Ký hiệu chính thức, ví dụ PX03, PH10, V05."),
    ),
    Column(
        "Tên đơn vị",
        "name",
        required=True,
        max_length=_max_length(Unit, "name"),
        help=gettext_lazy("Tên đầy đủ của đơn vị."),
    ),
    Column(
        "Tên viết tắt", "short_name", max_length=_max_length(Unit, "short_name"), help=gettext_lazy("Có thể để trống.")
    ),
    Column(
        "Cấp/loại",
        "kind",
        parse="unit_kind",
        required=True,
        help=gettext_lazy("Ghi tên hoặc mã của cấp/loại đơn vị, theo danh sách bên dưới."),
    ),
    Column(
        "Mã định danh đơn vị cấp trên",
        "parent_ref",
        max_length=_max_length(Unit, "ref"),
        help=gettext_lazy(
            "Mã định danh của đơn vị cấp trên: một đơn vị đã có trong hệ thống hoặc một dòng "
            "khác của tệp này (thứ tự dòng tùy ý). Để trống nếu là đơn vị cao nhất."
        ),
    ),
    Column(
        "Hiệu lực từ",
        "valid_from",
        parse="date",
        help=gettext_lazy("Ngày thành lập, dạng dd/mm/yyyy. Có thể để trống."),
    ),
    Column(
        "Hiệu lực đến",
        "valid_to",
        parse="date",
        help=gettext_lazy(
            "Ngày cuối cùng hoạt động, dạng dd/mm/yyyy; để trống nếu đơn vị còn hoạt động. "
            "Không được trước ngày hiệu lực từ."
        ),
    ),
)

PEOPLE_COLUMNS = (
    Column(
        "Mã cán bộ",
        "ident",
        required=True,
        max_length=_max_length(Person, "ident"),
        help=gettext_lazy(
            "Số hiệu hoặc mã định danh, duy nhất trong hệ thống. Mã đã có thì cập nhật cán bộ "
            "đó, mã mới thì tạo mới. Nên định dạng cột là Văn bản để giữ số 0 ở đầu."
        ),
    ),
    Column(
        "Họ và tên",
        "full_name",
        required=True,
        max_length=_max_length(Person, "full_name"),
        help=gettext_lazy("Họ và tên đầy đủ, có dấu."),
    ),
    Column("Ngày sinh", "birth_date", parse="date", help=gettext_lazy("Dạng dd/mm/yyyy. Có thể để trống.")),
    Column("Giới tính", "sex", parse="sex", required=True, help=gettext_lazy("Nam hoặc Nữ.")),
    Column(
        "Cấp bậc",
        "rank",
        parse="rank",
        help=gettext_lazy("Ghi tên hoặc mã cấp bậc hàm theo danh sách bên dưới; để trống nếu không có."),
    ),
    Column("Chức vụ", "position", max_length=_max_length(Person, "position"), help=gettext_lazy("Có thể để trống.")),
    Column("Ngày vào ngành", "service_start", parse="date", help=gettext_lazy("Dạng dd/mm/yyyy. Có thể để trống.")),
    Column(
        "Mã định danh đơn vị",
        "unit_ref",
        required=True,
        max_length=_max_length(Unit, "ref"),
        help=gettext_lazy(
            "Mã định danh của đơn vị công tác hiện tại; đơn vị phải có sẵn trong hệ thống và "
            "đang hoạt động vào ngày đến đơn vị."
        ),
    ),
    Column(
        "Ngày đến đơn vị",
        "start",
        parse="date",
        help=gettext_lazy(
            "Ngày bắt đầu công tác tại đơn vị, dạng dd/mm/yyyy. Cán bộ mới: để trống thì lấy "
            "ngày vào ngành, không có thì lấy ngày nhập. Cán bộ đã có mà đổi đơn vị: quá trình "
            "công tác cũ kết thúc trước ngày này một ngày; để trống thì lấy ngày nhập. Không "
            "đổi đơn vị thì cột này được bỏ qua."
        ),
    ),
)


@dataclass(frozen=True)
class RowError:
    row: int | None  # the Excel row number (1 = header); None for the file as a whole
    column: str
    message: str

    def as_dict(self) -> dict:
        return {"row": self.row, "column": self.column, "message": self.message}


@dataclass
class ImportResult:
    total: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


class _FileProblem(Exception):
    """The file as a whole cannot be read; the message is for the user."""


# Reading cells ----------------------------------------------------------------------------


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime.datetime | datetime.date):
        value = value.strftime("%d/%m/%Y")
    return unicodedata.normalize("NFC", " ".join(str(value).split()))


def _date(raw, text: str) -> datetime.date:
    if isinstance(raw, datetime.datetime):
        return raw.date()
    if isinstance(raw, datetime.date):
        return raw
    for fmt in DATE_FORMATS:
        try:
            return datetime.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueError(text)


def _vietnamese(label) -> str:
    with translation.override("vi"):
        return str(label)


def _choice_lookup(choices) -> dict[str, str]:
    """Folded value or label (in Vietnamese and in the active language) -> stored value."""
    lookup = {}
    for value, label in choices:
        for text in (value, str(label), _vietnamese(label)):
            if text:
                lookup[fold(text)] = value
    return lookup


def _lookups() -> dict[str, dict[str, str]]:
    return {
        "unit_kind": _choice_lookup(Unit.Kind.choices),
        "rank": _choice_lookup(Rank.choices),
        "sex": _choice_lookup(Sex.choices),
    }


def _bad_choice(parse: str, text: str) -> str:
    if parse == "unit_kind":
        return _("Cấp/loại đơn vị không hợp lệ: %(value)s. Xem danh sách trong sheet Hướng dẫn.") % {"value": text}
    if parse == "rank":
        return _("Cấp bậc không hợp lệ: %(value)s. Xem danh sách trong sheet Hướng dẫn.") % {"value": text}
    return _("Giới tính không hợp lệ: %(value)s. Ghi Nam hoặc Nữ.") % {"value": text}


def _clean(column: Column, raw, lookups) -> tuple[object, str | None]:
    """The cell's value and the problem with it, if any."""
    text = _text(raw)
    if not text:
        return (None if column.parse == "date" else ""), (_("Không được để trống.") if column.required else None)
    if column.parse == "date":
        try:
            return _date(raw, text), None
        except ValueError:
            return None, _("Ngày không hợp lệ: %(value)s. Ghi theo dạng dd/mm/yyyy.") % {"value": text}
    if column.parse in lookups:
        value = lookups[column.parse].get(fold(text))
        return ("", _bad_choice(column.parse, text)) if value is None else (value, None)
    if column.max_length and len(text) > column.max_length:
        return text, (
            _("Dài %(length)s ký tự, vượt quá giới hạn %(max)s ký tự.")
            % {"length": len(text), "max": column.max_length}
        )
    return text, None


def upload_problem(name: str, size: int | None) -> str | None:
    """Why an uploaded file is refused before it is read (wrong extension, too large), or None."""
    if not name.lower().endswith(".xlsx"):
        return _("Chỉ nhận tệp Excel định dạng .xlsx; tệp %(name)s không phải tệp .xlsx.") % {"name": name}
    if size is not None and size > settings.IMPORT_MAX_BYTES:
        return _("Tệp quá lớn (%(size).1f MB); dung lượng tối đa là %(max).1f MB.") % {
            "size": size / 1024 / 1024,
            "max": settings.IMPORT_MAX_BYTES / 1024 / 1024,
        }
    return None


def _size_of(source) -> int | None:
    if isinstance(source, bytes):
        return len(source)
    if isinstance(source, str | os.PathLike):
        return os.path.getsize(source)
    if getattr(source, "size", None) is not None:
        return source.size
    position = source.tell()
    size = source.seek(0, os.SEEK_END)
    source.seek(position)
    return size


def _sheet_rows(source) -> list[tuple[int, tuple]]:
    """(Excel row number, values) of the first sheet: row 1 and every row that is not blank."""
    size = _size_of(source)
    if size is not None and size > settings.IMPORT_MAX_BYTES:
        raise _FileProblem(upload_problem(".xlsx", size))
    try:
        workbook = openpyxl.load_workbook(
            io.BytesIO(source) if isinstance(source, bytes) else source, read_only=True, data_only=True
        )
        try:
            return [
                (number, values)
                for number, values in enumerate(workbook.worksheets[0].iter_rows(values_only=True), start=1)
                if number == 1 or any(_text(value) for value in values)
            ]
        finally:
            workbook.close()
    except Exception as exc:  # a damaged or foreign file fails in many ways inside openpyxl and zipfile
        raise _FileProblem(_("Tệp không phải là tệp Excel (.xlsx) hợp lệ hoặc đã bị hỏng.")) from exc


def _header_positions(header: tuple, columns) -> tuple[dict[str, int], list[str]]:
    found = {_text(value).casefold(): index for index, value in enumerate(header) if _text(value)}
    positions = {c.header: found[c.header.casefold()] for c in columns if c.header.casefold() in found}
    return positions, [c.header for c in columns if c.header not in positions]


# Units ------------------------------------------------------------------------------------

H_REF, H_PARENT, H_TO = "Mã định danh", "Mã định danh đơn vị cấp trên", "Hiệu lực đến"
UNIT_DATA_FIELDS = ["code", "name", "short_name", "kind", "valid_from", "valid_to"]


def _split_at_file_unit(path: str, file_ref_by_id: dict[int, str]) -> tuple[str | None, str]:
    """For a path in the database: the deepest unit on it that the file places, and the ids below it."""
    ids = [part for part in path.strip("/").split("/") if part]
    for index in range(len(ids) - 1, -1, -1):
        ref = file_ref_by_id.get(int(ids[index]))
        if ref is not None:
            return ref, "".join(f"{part}/" for part in ids[index + 1 :])
    return None, path


def _plan_paths(
    parent_of: dict[str, str | None], id_of: dict[str, int], db_paths: dict[str, str]
) -> tuple[dict[str, str], list[list[str]]]:
    """The new materialised path of every unit of the file, and the parent cycles found.

    ``parent_of`` maps each ref of the file to its parent's ref (another ref of the file, a ref of
    ``db_paths`` — the current path of units outside the file — or None); ``id_of`` gives each
    ref of the file its id. A parent outside the file may sit below a unit the file moves: its
    path is then rebased on that unit's new path. Units on or under a cycle get no path.
    """
    file_ref_by_id = {pk: ref for ref, pk in id_of.items()}
    paths: dict[str, str] = {}
    cycles: list[list[str]] = []
    blocked: set[str] = set()
    for start in parent_of:
        if start in paths or start in blocked:
            continue
        chain, links, base = [start], {}, None
        while True:
            ref = chain[-1]
            parent = parent_of[ref]
            if parent is None:
                base, links[ref] = "/", ""
                break
            if parent in parent_of:
                up, links[ref] = parent, ""
            else:
                up, links[ref] = _split_at_file_unit(db_paths[parent], file_ref_by_id)
                if up is None:
                    base, links[ref] = links[ref], ""
                    break
            if up in paths:
                base = paths[up]
                break
            if up in chain:
                cycles.append(chain[chain.index(up) :])
                break
            if up in blocked:
                break
            chain.append(up)
        if base is None:
            blocked.update(chain)
            continue
        for ref in reversed(chain):
            base = paths[ref] = f"{base}{links[ref]}{id_of[ref]}/"
    return paths, cycles


def _depth(path: str) -> int:
    return path.count("/") - 2


@dataclass
class _UnitPlan:
    rows: dict[str, dict]  # ref -> cleaned row, in file order
    parent_of: dict[str, str | None]
    db: dict[str, Unit]  # the units of the file and their parents that exist, by ref


def _check_units(rows: list[dict], by, errors: list[RowError]) -> _UnitPlan:
    file_rows: dict[str, dict] = {}
    for row in rows:
        if row["ref"] in file_rows:
            errors.append(
                RowError(
                    row["_row"],
                    H_REF,
                    _("Mã định danh %(ref)s trùng với dòng %(row)s.")
                    % {"ref": row["ref"], "row": file_rows[row["ref"]]["_row"]},
                )
            )
        elif row["ref"]:
            file_rows[row["ref"]] = row
    wanted = set(file_rows) | {row["parent_ref"] for row in file_rows.values() if row["parent_ref"]}
    db = Unit.objects.in_bulk(sorted(wanted), field_name="ref")
    parent_of, unknown_parent = {}, set()
    for ref, row in file_rows.items():
        parent = row["parent_ref"] or None
        if parent is not None and parent not in file_rows and parent not in db:
            errors.append(
                RowError(
                    row["_row"],
                    H_PARENT,
                    _("Không tìm thấy đơn vị cấp trên có mã định danh %(ref)s trong hệ thống hay trong tệp.")
                    % {"ref": parent},
                )
            )
            unknown_parent.add(ref)
            parent = None
        parent_of[ref] = parent
        if row["valid_from"] and row["valid_to"] and row["valid_to"] < row["valid_from"]:
            errors.append(
                RowError(
                    row["_row"],
                    H_TO,
                    _("Ngày hết hiệu lực %(to)s trước ngày bắt đầu hiệu lực %(from)s.")
                    % {"to": row["valid_to"].strftime("%d/%m/%Y"), "from": row["valid_from"].strftime("%d/%m/%Y")},
                )
            )
    # New units have no id yet: provisional negative ids stand in for them.
    id_of = {ref: db[ref].pk if ref in db else -number for number, ref in enumerate(file_rows, start=1)}
    paths, cycles = _plan_paths(parent_of, id_of, {ref: unit.path for ref, unit in db.items()})
    for cycle in cycles:
        # A parent outside the file closes the loop through the database: name it too.
        steps = [ref if parent_of[ref] in file_rows else f"{ref} → {parent_of[ref]}" for ref in cycle]
        text = " → ".join([*steps, cycle[0]])
        errors.extend(
            RowError(
                file_rows[ref]["_row"], H_PARENT, _("Đơn vị cấp trên tạo thành vòng lặp: %(cycle)s.") % {"cycle": text}
            )
            for ref in cycle
        )
    if by is not None and not permissions.is_admin(by):
        allowed = permissions.write_paths(by)
        for ref, row in file_rows.items():
            if ref in db and not tree.path_within(db[ref].path, allowed):
                errors.append(
                    RowError(
                        row["_row"], H_REF, _("Đơn vị %(ref)s nằm ngoài phạm vi bạn được phân quyền.") % {"ref": ref}
                    )
                )
            elif ref in paths and ref not in unknown_parent and not tree.path_within(paths[ref], allowed):
                errors.append(
                    RowError(
                        row["_row"],
                        H_PARENT,
                        _("Không được đặt đơn vị %(ref)s ngoài phạm vi bạn được phân quyền.") % {"ref": ref},
                    )
                )
    return _UnitPlan(rows=file_rows, parent_of=parent_of, db=db)


def _write_units(plan: _UnitPlan, by, note: str) -> tuple[int, int]:
    now, today = timezone.now(), timezone.localdate()
    units: dict[str, Unit] = {}
    created: list[Unit] = []
    before: dict[str, tuple[dict, str]] = {}  # existing ref -> (audit snapshot, old path)
    old_paths = {ref: unit.path for ref, unit in plan.db.items()}
    for ref, row in plan.rows.items():
        unit = plan.db.get(ref)
        if unit is None:
            unit = Unit(ref=ref)
            created.append(unit)
        else:
            before[ref] = (audit.snapshot(unit, UNIT_FIELDS), unit.path)
        for name in UNIT_DATA_FIELDS:
            setattr(unit, name, row[name])
        unit.name_folded = fold(f"{unit.name} {unit.short_name}")
        units[ref] = unit
    with transaction.atomic():
        Unit.objects.bulk_create(created, batch_size=BATCH_SIZE)
        # Parents created by this file have ids only now: place every unit of the file again.
        for ref, unit in units.items():
            parent = plan.parent_of[ref]
            unit.parent_id = None if parent is None else (units.get(parent) or plan.db[parent]).pk
        id_of = {ref: unit.pk for ref, unit in units.items()}
        paths, _cycles = _plan_paths(plan.parent_of, id_of, old_paths)
        for ref, unit in units.items():
            unit.path, unit.depth = paths[ref], _depth(paths[ref])
        changed: dict[str, dict] = {}
        for ref, (snapshot, _old_path) in before.items():
            if delta := audit.diff(snapshot, audit.snapshot(units[ref], UNIT_FIELDS)):
                units[ref].updated_at = now
                changed[ref] = delta
        moved_roots = [old for ref, (_snapshot, old) in before.items() if units[ref].path != old]
        relocated = [
            *created,
            *(units[ref] for ref, (_snapshot, old) in before.items() if units[ref].path != old and ref not in changed),
        ]
        relocated += _relocate_subtrees(moved_roots, id_of, paths)
        Unit.objects.bulk_update(
            [units[ref] for ref in changed],
            [*UNIT_DATA_FIELDS, "name_folded", "parent", "path", "depth", "updated_at"],
            batch_size=BATCH_SIZE,
        )
        Unit.objects.bulk_update(relocated, ["parent", "path", "depth"], batch_size=BATCH_SIZE)
        moves = {ref: delta["parent"] for ref, delta in changed.items() if "parent" in delta}
        _record_unit_history(created, moves, units, plan.db, today, note)
        audit.record_many(
            by,
            AuditEvent.Action.IMPORT,
            [(unit, audit.diff({}, audit.snapshot(unit, UNIT_FIELDS))) for unit in created]
            + [(units[ref], delta) for ref, delta in changed.items()],
            note=note,
        )
    return len(created), len(changed)


def _relocate_subtrees(old_roots: list[str], id_of: dict[str, int], paths: dict[str, str]) -> list[Unit]:
    """Units outside the file below a unit the file moved, with their new paths (1 query)."""
    if not old_roots:
        return []
    file_ref_by_id = {pk: ref for ref, pk in id_of.items()}
    relocated = []
    for unit in Unit.objects.filter(tree.subtrees_q(old_roots)):
        if unit.pk not in file_ref_by_id:
            up, tail = _split_at_file_unit(unit.path, file_ref_by_id)
            unit.path = f"{paths[up]}{tail}"
            unit.depth = _depth(unit.path)
            relocated.append(unit)
    return relocated


def _record_unit_history(
    created: list[Unit],
    moves: dict[str, list],
    units: dict[str, Unit],
    db: dict[str, Unit],
    today: datetime.date,
    note: str,
) -> None:
    """The UnitChange rows ``services.create_unit`` and ``services.move_unit`` write, in bulk.

    ``moves`` maps the ref of each moved unit to [old parent id, new parent id].
    """
    by_id = {unit.pk: unit for unit in [*units.values(), *db.values()]}
    missing = sorted({old for old, _new in moves.values() if old is not None and old not in by_id})
    if missing:
        by_id.update(Unit.objects.in_bulk(missing))
    history = [
        UnitChange(unit=unit, kind=UnitChange.Kind.CREATED, date=unit.valid_from, new_value=unit.name, basis=note[:255])
        for unit in created
        if unit.valid_from
    ]
    history += [
        UnitChange(
            unit=units[ref],
            kind=UnitChange.Kind.MOVED,
            date=today,
            basis=note[:255],
            old_value=str(by_id.get(old, ""))[:255],
            new_value=str(by_id.get(new, ""))[:255],
        )
        for ref, (old, new) in moves.items()
    ]
    UnitChange.objects.bulk_create(history, batch_size=BATCH_SIZE)


# People -----------------------------------------------------------------------------------

H_IDENT, H_UNIT, H_START = "Mã cán bộ", "Mã định danh đơn vị", "Ngày đến đơn vị"
PERSON_DATA_FIELDS = ["full_name", "birth_date", "sex", "rank", "position", "service_start"]


@dataclass
class _PeoplePlan:
    rows: dict[str, dict]  # ident -> cleaned row, in file order
    units: dict[str, Unit]  # by ref
    people: dict[str, Person]  # the existing ones, by ident
    starts: dict[str, datetime.date]  # ident -> start of the assignment to open
    open_assignments: dict[int, Assignment]  # person id -> the assignment to close


def _open_assignments(person_ids: list[int]) -> dict[int, Assignment]:
    found = {}
    for offset in range(0, len(person_ids), BATCH_SIZE):
        found.update(
            {
                a.person_id: a
                for a in Assignment.objects.filter(
                    person_id__in=person_ids[offset : offset + BATCH_SIZE], end__isnull=True
                )
            }
        )
    return found


def _check_people(rows: list[dict], by, errors: list[RowError]) -> _PeoplePlan:
    file_rows: dict[str, dict] = {}
    for row in rows:
        if row["ident"] in file_rows:
            errors.append(
                RowError(
                    row["_row"],
                    H_IDENT,
                    _("Mã cán bộ %(ident)s trùng với dòng %(row)s.")
                    % {"ident": row["ident"], "row": file_rows[row["ident"]]["_row"]},
                )
            )
        elif row["ident"]:
            file_rows[row["ident"]] = row
    units = Unit.objects.in_bulk(
        sorted({row["unit_ref"] for row in file_rows.values() if row["unit_ref"]}), field_name="ref"
    )
    people = Person.objects.select_related("unit").in_bulk(sorted(file_rows), field_name="ident")
    scoped = by is not None and not permissions.is_admin(by)
    allowed = permissions.write_paths(by) if scoped else []
    today = timezone.localdate()
    starts: dict[str, datetime.date] = {}
    for ident, row in file_rows.items():
        unit, person = units.get(row["unit_ref"]), people.get(ident)
        if unit is None:
            if row["unit_ref"]:
                errors.append(
                    RowError(
                        row["_row"],
                        H_UNIT,
                        _("Không tìm thấy đơn vị có mã định danh %(ref)s.") % {"ref": row["unit_ref"]},
                    )
                )
            continue
        if scoped and person is not None and (person.unit is None or not tree.path_within(person.unit.path, allowed)):
            errors.append(
                RowError(
                    row["_row"],
                    H_IDENT,
                    _("Cán bộ %(ident)s thuộc đơn vị ngoài phạm vi bạn được phân quyền.") % {"ident": ident},
                )
            )
            continue
        if scoped and not tree.path_within(unit.path, allowed):
            errors.append(
                RowError(
                    row["_row"], H_UNIT, _("Đơn vị %(ref)s nằm ngoài phạm vi bạn được phân quyền.") % {"ref": unit.ref}
                )
            )
            continue
        if person is None:
            starts[ident] = row["start"] or row["service_start"] or today
        elif person.unit_id != unit.pk:
            starts[ident] = row["start"] or today
        if ident in starts and not unit.is_active_on(starts[ident]):
            errors.append(
                RowError(
                    row["_row"],
                    H_UNIT,
                    _("Đơn vị %(unit)s không hoạt động vào ngày %(date)s.")
                    % {"unit": unit, "date": starts[ident].strftime("%d/%m/%Y")},
                )
            )
    movers = sorted(people[ident].pk for ident in starts if ident in people)
    current = _open_assignments(movers) if movers else {}
    for ident, start in starts.items():
        assignment = current.get(people[ident].pk) if ident in people else None
        if assignment is not None and start <= assignment.start:
            errors.append(
                RowError(
                    file_rows[ident]["_row"],
                    H_START,
                    _("Ngày đến đơn vị %(start)s phải sau ngày bắt đầu công tác hiện tại %(current)s.")
                    % {"start": start.strftime("%d/%m/%Y"), "current": assignment.start.strftime("%d/%m/%Y")},
                )
            )
    return _PeoplePlan(rows=file_rows, units=units, people=people, starts=starts, open_assignments=current)


def _write_people(plan: _PeoplePlan, by, note: str) -> tuple[int, int]:
    """Create, update and transfer in bulk, by the rules of ``services.create_person`` and ``transfer_person``."""
    now = timezone.now()
    created: list[Person] = []
    changes: dict[str, dict] = {}
    people: dict[str, Person] = {}
    for ident, row in plan.rows.items():
        person = plan.people.get(ident)
        snapshot = {} if person is None else audit.snapshot(person, PERSON_TRACKED)
        if person is None:
            person = Person(ident=ident)
            created.append(person)
        for name in PERSON_DATA_FIELDS:
            setattr(person, name, row[name])
        person.name_folded = fold(person.full_name)
        if ident in plan.starts:
            person.unit_id = plan.units[row["unit_ref"]].pk
        people[ident] = person
        if delta := audit.diff(snapshot, audit.snapshot(person, PERSON_TRACKED)):
            if ident in plan.starts:
                delta["start"] = [None, plan.starts[ident].isoformat()]
            changes[ident] = delta
    updated = [people[ident] for ident in changes if ident in plan.people]
    for person in updated:
        person.updated_at = now
    closing = []
    for ident, start in plan.starts.items():
        assignment = plan.open_assignments.get(people[ident].pk) if ident in plan.people else None
        if assignment is not None:
            assignment.end = start - datetime.timedelta(days=1)
            closing.append(assignment)
    with transaction.atomic():
        Person.objects.bulk_create(created, batch_size=BATCH_SIZE)
        Person.objects.bulk_update(
            updated, [*PERSON_DATA_FIELDS, "name_folded", "unit", "updated_at"], batch_size=BATCH_SIZE
        )
        Assignment.objects.bulk_update(closing, ["end"], batch_size=BATCH_SIZE)
        Assignment.objects.bulk_create(
            [
                Assignment(
                    person=people[ident],
                    unit=plan.units[plan.rows[ident]["unit_ref"]],
                    start=start,
                    position=people[ident].position,
                    basis=note[:255],
                )
                for ident, start in plan.starts.items()
            ],
            batch_size=BATCH_SIZE,
        )
        audit.record_many(
            by, AuditEvent.Action.IMPORT, [(people[ident], delta) for ident, delta in changes.items()], note=note
        )
    return len(created), len(updated)


# Running ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Kind:
    columns: tuple[Column, ...]
    check: Callable
    write: Callable
    sheet: str
    filename: str


KINDS = {
    ImportJob.Kind.UNITS.value: _Kind(UNIT_COLUMNS, _check_units, _write_units, "Đơn vị", "mau-nhap-don-vi.xlsx"),
    ImportJob.Kind.PEOPLE.value: _Kind(PEOPLE_COLUMNS, _check_people, _write_people, "Cán bộ", "mau-nhap-can-bo.xlsx"),
}


def _import(source, kind: str, *, by, progress, note: str) -> ImportResult:
    spec = KINDS[kind]
    result = ImportResult()
    try:
        rows = _sheet_rows(source)
    except _FileProblem as problem:
        result.errors.append(RowError(None, "", str(problem)))
        return result
    header = rows[0][1] if rows and rows[0][0] == 1 else ()
    positions, missing = _header_positions(header, spec.columns)
    if missing:
        result.errors.append(
            RowError(
                1, "", _("Thiếu cột: %(columns)s. Hãy dùng tệp mẫu của hệ thống.") % {"columns": ", ".join(missing)}
            )
        )
        return result
    data = rows[1:]
    result.total = total = len(data)
    if not data:
        result.errors.append(RowError(None, "", _("Tệp không có dòng dữ liệu nào.")))
        return result
    lookups = _lookups()
    parsed = []
    if progress:
        progress(0, total)
    for done, (number, values) in enumerate(data, start=1):
        row = {"_row": number}
        for column in spec.columns:
            index = positions[column.header]
            row[column.key], problem = _clean(column, values[index] if index < len(values) else None, lookups)
            if problem:
                result.errors.append(RowError(number, column.header, problem))
        parsed.append(row)
        if progress and done % PROGRESS_EVERY == 0:
            progress(done, total)
    plan = spec.check(parsed, by, result.errors)
    if progress:
        progress(total, total)
    if result.errors:
        result.errors.sort(key=lambda error: error.row or 0)
        return result
    try:
        result.created, result.updated = spec.write(plan, by, note)
    except IntegrityError:
        logger.warning("Import of %s hit a concurrent change", kind, exc_info=True)
        result.errors.append(
            RowError(None, "", _("Dữ liệu đã bị thay đổi trong lúc nhập; chưa ghi gì. Hãy nhập lại tệp."))
        )
        return result
    result.unchanged = total - result.created - result.updated
    return result


def run_import(job_or_file, kind: str, *, by, progress: Callable[[int, int], None] | None = None) -> ImportResult:
    """Validate the whole file, then write all of it or nothing; return the counts and every error.

    ``job_or_file`` is an ImportJob (its status, progress and outcome are kept up to date: this is
    the function that changes a job's status), a path, bytes or a binary file object. ``kind``
    is "units" or "people"; ``by`` the acting user, who may import only under units they can
    write (None: the system, unrestricted). ``progress(done, total)`` is called every
    ``PROGRESS_EVERY`` rows during validation.
    """
    if not isinstance(job_or_file, ImportJob):
        name = job_or_file if isinstance(job_or_file, str | os.PathLike) else getattr(job_or_file, "name", "")
        name = os.path.basename(str(name or ""))
        return _import(job_or_file, kind, by=by, progress=progress, note=_note(name))
    job = job_or_file
    job.status = ImportJob.Status.RUNNING
    job.save(update_fields=["status"])

    def report(done: int, total: int) -> None:
        ImportJob.objects.filter(pk=job.pk).update(processed_rows=done, total_rows=total)
        if progress:
            progress(done, total)

    try:
        with job.file.open("rb") as handle:
            result = _import(handle, kind, by=by, progress=report, note=_note(job.original_name))
    except Exception:
        logger.exception("Import job %s failed", job.pk)
        result = ImportResult(
            errors=[RowError(None, "", _("Lỗi hệ thống khi nhập tệp; chưa ghi gì. Hãy báo quản trị hệ thống."))]
        )
    job.status = ImportJob.Status.DONE if result.ok else ImportJob.Status.FAILED
    job.total_rows = job.processed_rows = result.total
    job.created_count, job.updated_count, job.unchanged_count = result.created, result.updated, result.unchanged
    job.errors = [error.as_dict() for error in result.errors]
    job.finished_at = timezone.now()
    job.save(
        update_fields=[
            "status",
            "total_rows",
            "processed_rows",
            "created_count",
            "updated_count",
            "unchanged_count",
            "errors",
            "finished_at",
        ]
    )
    return result


def _note(name: str) -> str:
    return (_("Nhập từ tệp Excel %(name)s") % {"name": name} if name else _("Nhập từ tệp Excel"))[:255]


def submit_import(kind: str, upload, *, by) -> ImportJob:
    """Store an uploaded file as a job and run it, in the background when ``IMPORT_IN_BACKGROUND``."""
    job = ImportJob.objects.create(
        kind=kind, file=upload, original_name=os.path.basename(upload.name)[:255], created_by=by
    )
    if settings.IMPORT_IN_BACKGROUND:
        thread = threading.Thread(target=_run_job_in_thread, args=(job.pk,), daemon=True, name=f"import-{job.pk}")
        transaction.on_commit(thread.start)
    else:
        run_import(job, kind, by=by)
    return job


def _run_job_in_thread(job_id: int) -> None:
    try:
        job = ImportJob.objects.select_related("created_by").get(pk=job_id)
        run_import(job, job.kind, by=job.created_by)
    except Exception:
        logger.exception("Import job %s could not run", job_id)
        # Say so on the job page instead of leaving it "running" for ever.
        ImportJob.objects.filter(pk=job_id).exclude(status=ImportJob.Status.DONE).update(
            status=ImportJob.Status.FAILED,
            finished_at=timezone.now(),
            errors=[
                {"row": None, "column": "", "message": _("Lỗi hệ thống khi nhập tệp; xin thử lại hoặc báo quản trị.")}
            ],
        )
    finally:
        connection.close()


def get_job_for_user(user, pk) -> ImportJob:
    """A job is seen by its creator and by admins; anyone else gets 404."""
    job = ImportJob.objects.filter(pk=pk).first()
    if job is None or not (job.created_by_id == user.pk or permissions.is_admin(user)):
        raise Http404
    return job


# Templates --------------------------------------------------------------------------------

EXAMPLES = {
    ImportJob.Kind.UNITS.value: lambda: [
        "CAQB-PX03",
        "PX03",
        "Phòng Công tác đảng và công tác chính trị",
        "PX03",
        _vietnamese(Unit.Kind.ROOM.label),
        "CAQB",
        "01/08/2018",
        "",
    ],
    ImportJob.Kind.PEOPLE.value: lambda: [
        "QB000123",
        "Nguyễn Văn An",
        "17/05/1985",
        _vietnamese(Sex.MALE.label),
        _vietnamese(Rank.DAI_UY.label),
        "Phó Trưởng phòng",
        "01/09/2007",
        "CAQB-PX03",
        "01/03/2025",
    ],
}


def template_workbook(kind: str) -> bytes:
    """The empty import file for ``kind`` (a header row) with a documented "Hướng dẫn" sheet."""
    spec = KINDS[kind]
    bold = Font(bold=True)
    workbook = openpyxl.Workbook()
    data = workbook.active
    data.title = spec.sheet
    data.append([column.header for column in spec.columns])
    for cell in data[1]:
        cell.font = bold
        data.column_dimensions[cell.column_letter].width = max(14, len(cell.value) + 4)
    data.freeze_panes = "A2"

    guide = workbook.create_sheet(GUIDE_SHEET)
    guide.append([_("Hướng dẫn nhập %(what)s từ Excel") % {"what": ImportJob.Kind(kind).label.lower()}])
    guide["A1"].font = Font(bold=True, size=14)
    for line in [
        _("Điền dữ liệu vào sheet %(sheet)s, mỗi dòng một đối tượng, từ dòng 2; giữ nguyên dòng tiêu đề.")
        % {"sheet": spec.sheet},
        _("Ngày ghi theo dạng dd/mm/yyyy (ví dụ 01/09/2010) hoặc dùng ô kiểu ngày của Excel."),
        _(
            "Cả tệp được kiểm tra trước khi ghi: nếu có lỗi thì không ghi dòng nào, và mọi lỗi được liệt kê theo "
            "dòng, cột. Nhập lại cùng một tệp không làm thay đổi gì."
        ),
    ]:
        guide.append([line])
    guide.append([])
    guide.append([_("Cột"), _("Bắt buộc"), _("Giải thích")])
    for cell in guide[guide.max_row]:
        cell.font = bold
    for column in spec.columns:
        guide.append([column.header, _("Có") if column.required else _("Không"), str(column.help)])
    guide.append([])
    guide.append([_("Dòng ví dụ")])
    guide[guide.max_row][0].font = bold
    guide.append([column.header for column in spec.columns])
    guide.append(EXAMPLES[kind]())
    for title, choices in _allowed_values(kind):
        guide.append([])
        guide.append([title])
        guide[guide.max_row][0].font = bold
        guide.append([_("Ghi"), _("hoặc mã")])
        for value, label in choices:
            if value:
                guide.append([_vietnamese(label), value])
    for letter, width in (("A", 34), ("B", 16), ("C", 90)):
        guide.column_dimensions[letter].width = width
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _allowed_values(kind: str) -> list[tuple[str, list]]:
    if kind == ImportJob.Kind.UNITS:
        return [(_("Giá trị hợp lệ của cột Cấp/loại"), Unit.Kind.choices)]
    return [
        (_("Giá trị hợp lệ của cột Cấp bậc (để trống nếu không có cấp bậc hàm)"), Rank.choices),
        (_("Giá trị hợp lệ của cột Giới tính"), Sex.choices),
    ]
