import datetime
import io

import openpyxl
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from audit.models import AuditEvent
from organisation.imports import RowError, run_import
from organisation.models import Assignment, Person, PersonRating, Unit, User

HEADER = [
    "Mã cán bộ",
    "Họ và tên",
    "Ngày sinh",
    "Giới tính",
    "Cấp bậc",
    "Chức vụ",
    "Ngày vào ngành",
    "Mã định danh đơn vị",
    "Ngày đến đơn vị",
]
PERSON_VALUES = [
    "ident",
    "full_name",
    "name_folded",
    "birth_date",
    "sex",
    "rank",
    "position",
    "service_start",
    "unit__ref",
    "updated_at",
]
ASSIGNMENT_VALUES = ["person__ident", "unit__ref", "start", "end", "position", "basis"]


def xlsx(rows, header=HEADER) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def counts():
    return Unit.objects.count(), Person.objects.count(), Assignment.objects.count(), AuditEvent.objects.count()


def people():
    return list(Person.objects.order_by("ident").values_list(*PERSON_VALUES))


def assignments():
    return list(Assignment.objects.order_by("person__ident", "start").values_list(*ASSIGNMENT_VALUES))


GOOD_ROWS = [
    ["QB000101", "Hoàng Văn Minh", "02/03/1990", "Nam", "Thượng úy", "Cán bộ", "01/09/2012", "CAQB-PX03", "01/01/2020"],
    ["QB000102", "Võ Thị Lan", datetime.datetime(1992, 7, 15), "Nữ", "trung_uy", "", "01/09/2014", "CAQB-PH10", None],
    ["QB000103", "Đinh Công Sơn", None, "nam", None, "Nhân viên", None, "CAQB-PH10", None],
]


def test_a_bad_row_is_reported_and_nothing_is_written(org, personas):
    before = counts()
    rows = [*GOOD_ROWS, ["QB000104", "Bùi Văn Tâm", None, "Không rõ", None, "", None, "CAQB-PX03", None]]

    result = run_import(xlsx(rows), "people", by=personas.admin)

    assert result.errors == [RowError(5, "Giới tính", "Giới tính không hợp lệ: Không rõ. Ghi Nam hoặc Nữ.")]
    assert (result.created, result.updated, result.unchanged) == (0, 0, 0)
    assert counts() == before


def test_every_error_of_the_file_is_reported_with_its_row_and_column(org, personas):
    rows = [
        ["QB000201", "", None, "Nam", None, "", None, "CAQB-PX03", None],  # 2: no name
        ["QB000202", "Người Hai", "30/13/1990", "Nam", None, "", None, "CAQB-PX03", None],  # 3: bad date
        ["QB000203", "Người Ba", None, "Nam", "Đại tướng quân", "", None, "CAQB-PX03", None],  # 4: unknown rank
        ["QB000201", "Người Bốn", None, "Nam", None, "", None, "CAQB-PX03", None],  # 5: duplicate ident
        ["QB000205", "Người Năm", None, "Nam", None, "", None, "CAQB-KHONG-CO", None],  # 6: unknown unit
        ["QB000206", "Người Sáu", None, "Nam", None, "", None, "CAQB-QN", "01/03/2025"],  # 7: unit ended
        ["QB000001", "Nguyễn Văn An", None, "Nam", None, "", None, "CAQB-PH10", "01/09/2010"],  # 8: too early
        ["QB000208", "Người Tám", None, "Nam", None, "x" * 121, None, "CAQB-PX03", None],  # 9: too long
        ["QB000209", "Người Chín", None, "", None, "", None, "", None],  # 10: no sex, no unit
    ]

    result = run_import(xlsx(rows), "people", by=personas.admin)

    assert result.errors == [
        RowError(2, "Họ và tên", "Không được để trống."),
        RowError(3, "Ngày sinh", "Ngày không hợp lệ: 30/13/1990. Ghi theo dạng dd/mm/yyyy."),
        RowError(4, "Cấp bậc", "Cấp bậc không hợp lệ: Đại tướng quân. Xem danh sách trong sheet Hướng dẫn."),
        RowError(5, "Mã cán bộ", "Mã cán bộ QB000201 trùng với dòng 2."),
        RowError(6, "Mã định danh đơn vị", "Không tìm thấy đơn vị có mã định danh CAQB-KHONG-CO."),
        RowError(
            7, "Mã định danh đơn vị", "Đơn vị CAH-QN – Công an huyện Quảng Ninh không hoạt động vào ngày 01/03/2025."
        ),
        RowError(
            8, "Ngày đến đơn vị", "Ngày đến đơn vị 01/09/2010 phải sau ngày bắt đầu công tác hiện tại 01/09/2010."
        ),
        RowError(9, "Chức vụ", "Dài 121 ký tự, vượt quá giới hạn 120 ký tự."),
        RowError(10, "Giới tính", "Không được để trống."),
        RowError(10, "Mã định danh đơn vị", "Không được để trống."),
    ]


def test_new_people_get_their_unit_and_first_assignment(org, personas):
    today = timezone.localdate()

    result = run_import(xlsx(GOOD_ROWS), "people", by=personas.office)

    assert (result.errors, result.total, result.created, result.updated, result.unchanged) == ([], 3, 3, 0, 0)
    created = Person.objects.filter(ident__in=["QB000101", "QB000102", "QB000103"]).order_by("ident")
    assert [
        (p.ident, p.name_folded, p.birth_date, p.sex, p.rank, p.position, p.service_start, p.unit_id) for p in created
    ] == [
        (
            "QB000101",
            "hoang van minh",
            datetime.date(1990, 3, 2),
            "M",
            "thuong_uy",
            "Cán bộ",
            datetime.date(2012, 9, 1),
            org.px03.pk,
        ),
        (
            "QB000102",
            "vo thi lan",
            datetime.date(1992, 7, 15),
            "F",
            "trung_uy",
            "",
            datetime.date(2014, 9, 1),
            org.ph10.pk,
        ),
        ("QB000103", "dinh cong son", None, "M", "", "Nhân viên", None, org.ph10.pk),
    ]
    assert list(
        Assignment.objects.filter(person__in=created).order_by("person__ident").values_list(*ASSIGNMENT_VALUES)
    ) == [
        ("QB000101", "CAQB-PX03", datetime.date(2020, 1, 1), None, "Cán bộ", "Nhập từ tệp Excel"),
        ("QB000102", "CAQB-PH10", datetime.date(2014, 9, 1), None, "", "Nhập từ tệp Excel"),
        ("QB000103", "CAQB-PH10", today, None, "Nhân viên", "Nhập từ tệp Excel"),
    ]
    minh = created[0]
    assert AuditEvent.objects.get(action="import", object_id=str(minh.pk)).changes == {
        "ident": [None, "QB000101"],
        "full_name": [None, "Hoàng Văn Minh"],
        "birth_date": [None, "1990-03-02"],
        "sex": [None, "M"],
        "rank": [None, "thuong_uy"],
        "position": [None, "Cán bộ"],
        "service_start": [None, "2012-09-01"],
        "unit": [None, org.px03.pk],
        "start": [None, "2020-01-01"],
    }
    assert AuditEvent.objects.filter(action="import").count() == 3


def test_the_same_file_imported_twice_leaves_identical_data(org, personas):
    rows = [
        *GOOD_ROWS,
        [
            "QB000001",
            "Nguyễn Văn An",
            "17/05/1985",
            "Nam",
            "Thượng tá",
            "Trưởng phòng",
            "01/09/2010",
            "CAQB-PX03",
            None,
        ],
    ]
    first = run_import(xlsx(rows), "people", by=personas.admin)
    data, history, audit_rows = people(), assignments(), AuditEvent.objects.count()

    second = run_import(xlsx(rows), "people", by=personas.admin)

    assert (first.created, first.updated, first.unchanged) == (3, 0, 1)
    assert (second.errors, second.created, second.updated, second.unchanged) == ([], 0, 0, 4)
    assert people() == data
    assert assignments() == history
    assert AuditEvent.objects.count() == audit_rows


def test_an_update_changes_only_the_changed_field_and_audits_it(org, personas):
    data, history = people(), assignments()
    row = ["QB000002", "Trần Thị Bình", "17/05/1985", "Nữ", "Thiếu tá", "Cán bộ", "01/09/2010", "CAQB-PX03", None]

    result = run_import(xlsx([row]), "people", by=personas.unit_officer)

    assert (result.errors, result.created, result.updated, result.unchanged) == ([], 0, 1, 0)
    binh = Person.objects.get(pk=org.people.binh.pk)
    assert people() == [
        (*values[:5], "thieu_ta", *values[6:9], binh.updated_at) if values[0] == "QB000002" else values
        for values in data
    ]
    assert assignments() == history
    event = AuditEvent.objects.get(action="import")
    assert (event.object_id, event.actor_id, event.changes) == (
        str(binh.pk),
        personas.unit_officer.pk,
        {"rank": ["dai_uy", "thieu_ta"]},
    )


def test_a_transfer_closes_the_open_assignment_and_opens_a_new_one(org, personas):
    row = [
        "QB000003",
        "Lê Văn Cường",
        "17/05/1985",
        "Nam",
        "Đại úy",
        "Đội trưởng",
        "01/09/2010",
        "CAQB-PH10",
        "01/06/2025",
    ]

    result = run_import(xlsx([row]), "people", by=personas.office)

    assert (result.errors, result.updated) == ([], 1)
    cuong = Person.objects.get(pk=org.people.cuong.pk)
    assert (cuong.unit_id, cuong.position) == (org.ph10.pk, "Đội trưởng")
    assert list(Assignment.objects.filter(person=cuong).order_by("start").values_list(*ASSIGNMENT_VALUES)) == [
        ("QB000003", "CAQB-PX03", datetime.date(2010, 9, 1), datetime.date(2025, 5, 31), "Cán bộ", ""),
        ("QB000003", "CAQB-PH10", datetime.date(2025, 6, 1), None, "Đội trưởng", "Nhập từ tệp Excel"),
    ]
    assert AuditEvent.objects.get(action="import").changes == {
        "position": ["Cán bộ", "Đội trưởng"],
        "unit": [org.px03.pk, org.ph10.pk],
        "start": [None, "2025-06-01"],
    }


def test_a_unit_officer_may_import_only_people_of_their_unit(org, personas):
    before = counts()
    rows = [
        ["QB000301", "Người Mới", None, "Nam", None, "", None, "CAQB-PX03", None],
        ["QB000302", "Người Khác", None, "Nam", None, "", None, "CAQB-PH10", None],
        ["QB000004", "Phạm Quốc Dũng", None, "Nam", None, "", None, "CAQB-PX03", None],
    ]

    result = run_import(xlsx(rows), "people", by=personas.unit_officer)

    assert result.errors == [
        RowError(3, "Mã định danh đơn vị", "Đơn vị CAQB-PH10 nằm ngoài phạm vi bạn được phân quyền."),
        RowError(4, "Mã cán bộ", "Cán bộ QB000004 thuộc đơn vị ngoài phạm vi bạn được phân quyền."),
    ]
    assert counts() == before


def test_importing_200_people_takes_as_many_queries_as_50(org, personas, monkeypatch):
    # SQLite ≥ 3.32 accepts 32 766 parameters, but Django keeps the old limit of 999 and would
    # split the INSERTs into batches of ~75 rows. Lift it so the count shows per-row queries only.
    monkeypatch.setattr(connection.features, "max_query_params", 32766)

    def rows(first, n):
        return [
            [
                f"QB9{first + i:05d}",
                f"Cán bộ {i}",
                "01/01/1990",
                "Nam",
                "Đại úy",
                "Cán bộ",
                "01/09/2012",
                "CAQB-PX03" if i % 2 else "CAQB-PH10",
                None,
            ]
            for i in range(n)
        ]

    small, large = xlsx(rows(0, 50)), xlsx(rows(1000, 200))
    # A fresh user each time: permissions caches the grants on the user object.
    office_1, office_2 = User.objects.get(pk=personas.office.pk), User.objects.get(pk=personas.office.pk)
    with CaptureQueriesContext(connection) as fifty:
        assert run_import(small, "people", by=office_1).created == 50
    with CaptureQueriesContext(connection) as two_hundred:
        assert run_import(large, "people", by=office_2).created == 200

    assert len(fifty.captured_queries) == 8
    assert len(two_hundred.captured_queries) == len(fifty.captured_queries)
    assert (Person.objects.count(), Assignment.objects.filter(end__isnull=True).count()) == (255, 255)


# Yearly ratings: optional "Xếp loại <năm>" columns (issue 15) -----------------------------------------------

BINH = ["QB000002", "Trần Thị Bình", "17/05/1985", "Nữ", "Đại úy", "Cán bộ", "01/09/2010", "CAQB-PX03", None]
MINH = ["QB000101", "Hoàng Văn Minh", "02/03/1990", "Nam", "Thượng úy", "Cán bộ", "01/09/2012", "CAQB-PX03", None]


def ratings():
    return sorted(PersonRating.objects.values_list("person__ident", "year", "rating"))


def test_rating_columns_write_each_years_rating_by_code_or_label_and_audit_it(org, personas):
    header = [*HEADER, "Xếp loại 2023", "xep loai 2024"]
    rows = [[*BINH, "HTTNV", None], [*MINH, "Hoàn thành tốt nhiệm vụ", "hoàn thành xuất sắc nhiệm vụ"]]

    result = run_import(xlsx(rows, header), "people", by=personas.office)

    assert (result.errors, result.created, result.updated, result.unchanged) == ([], 1, 1, 0)
    assert ratings() == [
        ("QB000002", 2022, "HTTNV"),
        ("QB000002", 2023, "HTTNV"),
        ("QB000002", 2024, "HTXSNV"),
        ("QB000101", 2023, "HTTNV"),
        ("QB000101", 2024, "HTXSNV"),
    ]
    binh = AuditEvent.objects.get(action="import", object_id=str(org.people.binh.pk))
    assert (binh.actor, binh.changes) == (personas.office, {"rating_2023": ["HTXSNV", "HTTNV"]})
    minh = AuditEvent.objects.get(action="import", object_id=str(Person.objects.get(ident="QB000101").pk))
    assert (minh.changes["rating_2023"], minh.changes["rating_2024"]) == ([None, "HTTNV"], [None, "HTXSNV"])


def test_a_bad_rating_names_its_row_and_column_and_nothing_is_written(org, personas):
    before, stored = counts(), ratings()
    header = [*HEADER, "Xếp loại 2024"]
    rows = [[*MINH, "HTXSNV"], [*BINH, "Giỏi"]]

    result = run_import(xlsx(rows, header), "people", by=personas.office)

    assert result.errors == [
        RowError(
            3,
            "Xếp loại 2024",
            "Xếp loại không hợp lệ: Giỏi. Ghi Hoàn thành xuất sắc nhiệm vụ, Hoàn thành tốt nhiệm vụ, "
            "Hoàn thành nhiệm vụ, Không hoàn thành nhiệm vụ hoặc mã HTXSNV, HTTNV, HTNV, KHTNV.",
        )
    ]
    assert (counts(), ratings()) == (before, stored)


def test_a_rating_column_without_a_valid_year_or_twice_the_same_year_is_refused(org, personas):
    next_year = timezone.localdate().year + 1
    header = [*HEADER, "Xếp loại", f"Xếp loại {next_year}", "Xếp loại 2024", "XẾP LOẠI 2024"]

    result = run_import(xlsx([[*BINH, "HTNV", "HTNV", "HTNV", "HTNV"]], header), "people", by=personas.admin)

    year_rule = f'Cột xếp loại phải ghi năm từ 1945 đến {next_year - 1}, ví dụ "Xếp loại {next_year - 1}".'
    assert result.errors == [
        RowError(1, "Xếp loại", year_rule),
        RowError(1, f"Xếp loại {next_year}", year_rule),
        RowError(1, "XẾP LOẠI 2024", "Cột xếp loại năm 2024 có hai lần trong tệp."),
    ]
    assert ratings() == [("QB000002", 2022, "HTTNV"), ("QB000002", 2023, "HTXSNV"), ("QB000002", 2024, "HTXSNV")]


def test_the_same_ratings_imported_twice_change_nothing_and_an_empty_cell_keeps_the_year(org, personas):
    header = [*HEADER, "Xếp loại 2022", "Xếp loại 2024"]
    rows = [[*BINH, None, "HTXSNV"], [*MINH, "HTNV", None]]
    first = run_import(xlsx(rows, header), "people", by=personas.admin)
    audit_rows = AuditEvent.objects.count()

    second = run_import(xlsx(rows, header), "people", by=personas.admin)

    assert (first.created, first.updated, first.unchanged) == (1, 0, 1)
    assert (second.errors, second.created, second.updated, second.unchanged) == ([], 0, 0, 2)
    assert AuditEvent.objects.count() == audit_rows
    assert ratings() == [
        ("QB000002", 2022, "HTTNV"),
        ("QB000002", 2023, "HTXSNV"),
        ("QB000002", 2024, "HTXSNV"),
        ("QB000101", 2022, "HTNV"),
    ]


def test_ratings_of_200_people_take_as_many_queries_as_of_50(org, personas, monkeypatch):
    monkeypatch.setattr(connection.features, "max_query_params", 32766)
    header = [*HEADER, "Xếp loại 2023", "Xếp loại 2024"]

    def rows(first, n):
        return [
            [f"QB9{first + i:05d}", f"Cán bộ {i}", None, "Nam", None, "", None, "CAQB-PX03", None, "HTNV", "HTTNV"]
            for i in range(n)
        ]

    run_import(xlsx(rows(0, 50)), "people", by=personas.admin)  # existing people: their ratings are read
    run_import(xlsx(rows(1000, 200)), "people", by=personas.admin)
    with CaptureQueriesContext(connection) as fifty:
        assert run_import(xlsx(rows(0, 50), header), "people", by=personas.admin).updated == 50
    with CaptureQueriesContext(connection) as two_hundred:
        assert run_import(xlsx(rows(1000, 200), header), "people", by=personas.admin).updated == 200

    assert len(two_hundred.captured_queries) == len(fifty.captured_queries)
    assert PersonRating.objects.filter(person__ident__startswith="QB9").count() == 500
