"""Importing units: the columns of the units file, checking a whole file against the tree, and
writing it in bulk — new units, changes, moves (with the subtrees below them) and their history."""

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from audit import services as audit
from audit.models import AuditEvent
from documents.xlsx import Column, RowError
from organisation import permissions, tree
from organisation.imports.cells import BATCH_SIZE, max_length
from organisation.models import Unit, UnitChange
from organisation.services import UNIT_FIELDS
from organisation.text import fold

H_REF, H_PARENT, H_TO = "Mã định danh", "Mã định danh đơn vị cấp trên", "Hiệu lực đến"
UNIT_DATA_FIELDS = ["code", "name", "short_name", "kind", "valid_from", "valid_to"]

UNIT_COLUMNS = (
    Column(
        "Mã định danh",
        "ref",
        required=True,
        max_length=max_length(Unit, "ref"),
        help=gettext_lazy(
            "Mã duy nhất của đơn vị trong hệ thống, ví dụ CAQB-PX03. Mã đã có thì cập nhật "
            "đơn vị đó, mã mới thì tạo đơn vị mới."
        ),
    ),
    Column(
        "Mã đơn vị",
        "code",
        required=True,
        max_length=max_length(Unit, "code"),
        help=gettext_lazy("Ký hiệu chính thức, ví dụ PX03, PH10, V05."),
    ),
    Column(
        "Tên đơn vị",
        "name",
        required=True,
        max_length=max_length(Unit, "name"),
        help=gettext_lazy("Tên đầy đủ của đơn vị."),
    ),
    Column(
        "Tên viết tắt", "short_name", max_length=max_length(Unit, "short_name"), help=gettext_lazy("Có thể để trống.")
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
        max_length=max_length(Unit, "ref"),
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


def _split_at_file_unit(path: str, file_ref_by_id: dict[int, str]) -> tuple[str | None, str]:
    """For a path in the database: the deepest unit on it that the file places, and the ids below it."""
    ids = tree.path_ids(path)
    for index in range(len(ids) - 1, -1, -1):
        ref = file_ref_by_id.get(ids[index])
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


def check_units(rows: list[dict], by, errors: list[RowError]) -> _UnitPlan:
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


def write_units(plan: _UnitPlan, by, note: str) -> tuple[int, int]:
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
