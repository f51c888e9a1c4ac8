"""Importing people: the columns of the people file, checking a whole file (units, scope, dates of
transfer), and writing it in bulk — new people, changes and transfers with their assignments."""

import datetime
import re
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from audit import services as audit
from audit.models import AuditEvent
from documents import xlsx
from documents.xlsx import Column, RowError
from organisation import permissions, tree
from organisation.imports.cells import BATCH_SIZE, choice_lookup, max_length
from organisation.models import Assignment, Person, PersonRating, Rating, Unit
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


# Optional columns "Xếp loại <năm>" (e.g. "Xếp loại 2024"), as many as the file has: each person's yearly rating
# (xếp loại mức độ hoàn thành nhiệm vụ), a Rating code or its Vietnamese label; an empty cell leaves that year as
# it is. Checked with the rest of the file and written with it, all or nothing.
RATING_HEADER = "Xếp loại"
RATING_HELP = gettext_lazy(
    'Không bắt buộc, thêm bao nhiêu cột cũng được, mỗi cột một năm, tiêu đề ghi năm: "Xếp loại 2024". Ghi '
    "mức xếp loại (tên hoặc mã theo danh sách bên dưới); để trống thì giữ nguyên xếp loại năm đó."
)
MIN_RATING_YEAR = 1945
_RATING_FOLDED = fold(RATING_HEADER)


@dataclass(frozen=True)
class RatingColumn:
    """A "Xếp loại <năm>" column found in the file's header row."""

    header: str  # as written in the file
    year: int
    position: int

    def clean(self, raw) -> tuple[str | None, str | None]:
        """The Rating code of a cell (None when empty) and the problem with it, if any."""
        text = xlsx.cell_text(raw)
        if not text:
            return None, None
        value = _rating_lookup().get(fold(text))
        if value is None:
            return None, _(
                "Xếp loại không hợp lệ: %(value)s. Ghi Hoàn thành xuất sắc nhiệm vụ, Hoàn thành tốt nhiệm vụ, "
                "Hoàn thành nhiệm vụ, Không hoàn thành nhiệm vụ hoặc mã HTXSNV, HTTNV, HTNV, KHTNV."
            ) % {"value": text}
        return value, None


def _rating_lookup() -> dict[str, str]:
    return choice_lookup(Rating.choices)


def rating_columns(header) -> tuple[list[RatingColumn], list[RowError]]:
    """The "Xếp loại <năm>" columns of a header row, and the problems of their headers (no year, a year
    outside 1945 … this year, the same year twice) as errors of row 1 naming the column."""
    found: dict[int, RatingColumn] = {}
    problems = []
    last_year = timezone.localdate().year
    for position, value in enumerate(header):
        text = xlsx.cell_text(value)
        folded = fold(text)
        if not folded.startswith(_RATING_FOLDED):
            continue
        year_text = folded[len(_RATING_FOLDED) :].strip()
        if not re.fullmatch(r"\d{4}", year_text) or not MIN_RATING_YEAR <= int(year_text) <= last_year:
            problems.append(
                RowError(
                    1,
                    text,
                    _('Cột xếp loại phải ghi năm từ %(first)s đến %(last)s, ví dụ "Xếp loại %(last)s".')
                    % {"first": MIN_RATING_YEAR, "last": last_year},
                )
            )
            continue
        year = int(year_text)
        if year in found:
            problems.append(RowError(1, text, _("Cột xếp loại năm %(year)s có hai lần trong tệp.") % {"year": year}))
            continue
        found[year] = RatingColumn(text, year, position)
    return list(found.values()), problems


def read_ratings(columns: list[RatingColumn], values, number: int, errors: list[RowError]) -> dict[int, str]:
    """A row's ratings by year (empty cells left out); a bad cell is an error naming its row and column."""
    ratings = {}
    for column in columns:
        rating, problem = column.clean(xlsx.cell_at(values, column.position))
        if problem:
            errors.append(RowError(number, column.header, problem))
        elif rating is not None:
            ratings[column.year] = rating
    return ratings


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
    new_ratings, changed_ratings = _rating_changes(plan, people, changes)
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
        PersonRating.objects.bulk_create(
            [PersonRating(person=people[ident], year=year, rating=rating) for ident, year, rating in new_ratings],
            batch_size=BATCH_SIZE,
        )
        PersonRating.objects.bulk_update(changed_ratings, ["rating"], batch_size=BATCH_SIZE)
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


def _rating_changes(
    plan: _PeoplePlan, people: dict[str, Person], changes: dict[str, dict]
) -> tuple[list[tuple[str, int, str]], list[PersonRating]]:
    """The ratings of the file that differ from the stored ones: (ident, year, rating) to create and the rows
    to change; each difference is added to that person's audited changes as ``rating_<year>: [old, new]``
    (the form of ``services.set_person_rating``). One query per ``BATCH_SIZE`` people."""
    wanted = {ident: row.get("ratings") or {} for ident, row in plan.rows.items()}
    years = sorted({year for ratings in wanted.values() for year in ratings})
    known = sorted(plan.people[ident].pk for ident, ratings in wanted.items() if ratings and ident in plan.people)
    stored: dict[tuple[int, int], PersonRating] = {}
    for offset in range(0, len(known), BATCH_SIZE):
        for row in PersonRating.objects.filter(person_id__in=known[offset : offset + BATCH_SIZE], year__in=years):
            stored[(row.person_id, row.year)] = row
    new, changed = [], []
    for ident, ratings in wanted.items():
        for year, rating in sorted(ratings.items()):
            row = stored.get((plan.people[ident].pk, year)) if ident in plan.people else None
            if row is not None and row.rating == rating:
                continue
            changes.setdefault(ident, {})[f"rating_{year}"] = [row.rating if row else None, rating]
            if row is None:
                new.append((ident, year, rating))
            else:
                row.rating = rating
                changed.append(row)
    return new, changed
