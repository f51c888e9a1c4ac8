"""Importing people: the columns of the people file, checking a whole file (units, scope, dates of
transfer), and writing it in bulk — new people, changes and transfers with their assignments."""

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
from organisation.models import Assignment, Person, Unit
from organisation.services import PERSON_FIELDS
from organisation.text import fold

PERSON_TRACKED = [*PERSON_FIELDS, "unit"]
H_IDENT, H_UNIT, H_START = "Mã cán bộ", "Mã định danh đơn vị", "Ngày đến đơn vị"
PERSON_DATA_FIELDS = ["full_name", "birth_date", "sex", "rank", "position", "service_start"]

PEOPLE_COLUMNS = (
    Column(
        "Mã cán bộ",
        "ident",
        required=True,
        max_length=max_length(Person, "ident"),
        help=gettext_lazy(
            "Số hiệu hoặc mã định danh, duy nhất trong hệ thống. Mã đã có thì cập nhật cán bộ "
            "đó, mã mới thì tạo mới. Nên định dạng cột là Văn bản để giữ số 0 ở đầu."
        ),
    ),
    Column(
        "Họ và tên",
        "full_name",
        required=True,
        max_length=max_length(Person, "full_name"),
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
    Column("Chức vụ", "position", max_length=max_length(Person, "position"), help=gettext_lazy("Có thể để trống.")),
    Column("Ngày vào ngành", "service_start", parse="date", help=gettext_lazy("Dạng dd/mm/yyyy. Có thể để trống.")),
    Column(
        "Mã định danh đơn vị",
        "unit_ref",
        required=True,
        max_length=max_length(Unit, "ref"),
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


def check_people(rows: list[dict], by, errors: list[RowError]) -> _PeoplePlan:
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


def write_people(plan: _PeoplePlan, by, note: str) -> tuple[int, int]:
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
