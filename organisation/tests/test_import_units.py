import datetime
import io

import openpyxl
import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from audit.models import AuditEvent
from organisation.imports import RowError, jobs, run_import
from organisation.models import Assignment, Person, Unit, UnitChange

HEADER = [
    "Mã định danh",
    "Mã đơn vị",
    "Tên đơn vị",
    "Tên viết tắt",
    "Cấp/loại",
    "Mã định danh đơn vị cấp trên",
    "Hiệu lực từ",
    "Hiệu lực đến",
]
UNIT_VALUES = [
    "ref",
    "code",
    "name",
    "short_name",
    "name_folded",
    "kind",
    "parent__ref",
    "path",
    "depth",
    "valid_from",
    "valid_to",
    "updated_at",
]


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
    return (
        Unit.objects.count(),
        Person.objects.count(),
        Assignment.objects.count(),
        AuditEvent.objects.count(),
        UnitChange.objects.count(),
    )


def units():
    return list(Unit.objects.order_by("ref").values_list(*UNIT_VALUES))


GOOD_ROWS = [
    ["CAQB-PX01", "PX01", "Phòng Tham mưu", "PTM", "Đơn vị cấp Phòng", "CAQB", "01/08/2018", None],
    ["CAQB-PX01-D1", "D1", "Đội Tổng hợp", "", "team", "CAQB-PX01", None, None],
    ["CAQB-PX05", "PX05", "Phòng Tổ chức cán bộ", "", "room", "CAQB", None, None],
]


def test_a_bad_row_is_reported_and_nothing_is_written(org, personas):
    before = counts()
    rows = [*GOOD_ROWS, ["CAQB-PX06", "PX06", "Phòng Đào tạo", "", "room", "CAQB", "31/02/2024", None]]

    result = run_import(xlsx(rows), "units", by=personas.admin)

    assert result.errors == [RowError(5, "Hiệu lực từ", "Ngày không hợp lệ: 31/02/2024. Ghi theo dạng dd/mm/yyyy.")]
    assert (result.created, result.updated, result.unchanged) == (0, 0, 0)
    assert counts() == before


def test_every_error_of_the_file_is_reported_with_its_row_and_column(org, personas):
    rows = [
        ["CAQB-A", "", "Phòng A", "", "room", "CAQB", None, None],  # 2: no code
        ["CAQB-B", "B", "Phòng B", "", "Phòng ban", "CAQB", None, None],  # 3: unknown kind
        ["CAQB-A", "A2", "Phòng A2", "", "room", "CAQB", None, None],  # 4: duplicate ref
        ["CAQB-C", "C", "Phòng C", "", "room", "CAQB-KHONG-CO", None, None],  # 5: unknown parent
        ["CAQB-D", "D", "Phòng D", "", "room", "CAQB-E", None, None],  # 6, 7: a cycle
        ["CAQB-E", "E", "Phòng E", "", "room", "CAQB-D", None, None],
        ["CAQB-F", "F", "Phòng F", "", "room", "CAQB", "01/01/2020", "31/12/2019"],  # 8: ends before it starts
        ["CAQB-G", "G" * 21, "Phòng G", "", "room", "CAQB", None, None],  # 9: code too long
        ["CAQB-H", "H", "Phòng H", "", "room", "CAQB", "2020", None],  # 10: bad date
    ]

    result = run_import(xlsx(rows), "units", by=personas.admin)

    assert result.errors == [
        RowError(2, "Mã đơn vị", "Không được để trống."),
        RowError(3, "Cấp/loại", "Cấp/loại đơn vị không hợp lệ: Phòng ban. Xem danh sách trong sheet Hướng dẫn."),
        RowError(4, "Mã định danh", "Mã định danh CAQB-A trùng với dòng 2."),
        RowError(
            5,
            "Mã định danh đơn vị cấp trên",
            "Không tìm thấy đơn vị cấp trên có mã định danh CAQB-KHONG-CO trong hệ thống hay trong tệp.",
        ),
        RowError(6, "Mã định danh đơn vị cấp trên", "Đơn vị cấp trên tạo thành vòng lặp: CAQB-D → CAQB-E → CAQB-D."),
        RowError(7, "Mã định danh đơn vị cấp trên", "Đơn vị cấp trên tạo thành vòng lặp: CAQB-D → CAQB-E → CAQB-D."),
        RowError(8, "Hiệu lực đến", "Ngày hết hiệu lực 31/12/2019 trước ngày bắt đầu hiệu lực 01/01/2020."),
        RowError(9, "Mã đơn vị", "Dài 21 ký tự, vượt quá giới hạn 20 ký tự."),
        RowError(10, "Hiệu lực từ", "Ngày không hợp lệ: 2020. Ghi theo dạng dd/mm/yyyy."),
    ]
    assert result.total == 9


def test_a_unit_may_not_be_its_own_parent(org, personas):
    result = run_import(
        xlsx([["CAQB-X", "X", "Phòng X", "", "room", "CAQB-X", None, None]]), "units", by=personas.admin
    )

    assert result.errors == [
        RowError(2, "Mã định danh đơn vị cấp trên", "Đơn vị cấp trên tạo thành vòng lặp: CAQB-X → CAQB-X.")
    ]


def test_moving_a_unit_below_its_own_descendant_is_a_cycle(org, personas):
    before = counts()
    row = ["CAQB", "CAQB", "Công an tỉnh Quảng Bình", "", "province", "CAQB-PX03", None, None]

    result = run_import(xlsx([row]), "units", by=personas.admin)

    assert result.errors == [
        RowError(2, "Mã định danh đơn vị cấp trên", "Đơn vị cấp trên tạo thành vòng lặp: CAQB → CAQB-PX03 → CAQB.")
    ]
    assert counts() == before


def test_a_wrong_header_names_the_missing_columns(org, personas):
    header = ["Mã định danh", "Mã đơn vị", "Tên", "Tên viết tắt", "Cấp/loại", "Hiệu lực từ", "Hiệu lực đến"]

    result = run_import(xlsx([], header=header), "units", by=personas.admin)

    assert result.errors == [
        RowError(1, "", "Thiếu cột: Tên đơn vị, Mã định danh đơn vị cấp trên. Hãy dùng tệp mẫu của hệ thống.")
    ]


def test_a_file_with_only_the_header_is_refused(org, personas):
    result = run_import(xlsx([]), "units", by=personas.admin)

    assert result.errors == [RowError(None, "", "Tệp không có dòng dữ liệu nào.")]


def test_a_file_that_is_not_xlsx_gets_one_clear_error(org, personas):
    result = run_import(b"ma;ten\nCAQB;Cong an\n", "units", by=personas.admin)

    assert result.errors == [RowError(None, "", "Tệp không phải là tệp Excel (.xlsx) hợp lệ hoặc đã bị hỏng.")]


def test_a_file_larger_than_the_limit_is_refused(org, personas, settings):
    settings.IMPORT_MAX_BYTES = 1024 * 1024
    content = xlsx(GOOD_ROWS) + b"\0" * (1024 * 1024)

    result = run_import(content, "units", by=personas.admin)

    assert result.errors == [RowError(None, "", "Tệp quá lớn (1.0 MB); dung lượng tối đa là 1.0 MB.")]


def test_a_parent_defined_later_in_the_same_file_is_created_first(org, personas):
    rows = [
        ["CAQB-PX01-D1", "D1", "Đội Tổng hợp", "", "Đội, trạm", "CAQB-PX01", None, None],
        ["CAQB-PX01", "PX01", "Phòng Tham mưu", "PTM", "Đơn vị cấp Phòng", "CAQB", "01/08/2018", None],
    ]

    result = run_import(xlsx(rows), "units", by=personas.admin)

    assert result.errors == []
    assert (result.total, result.created, result.updated, result.unchanged) == (2, 2, 0, 0)
    room, team = Unit.objects.get(ref="CAQB-PX01"), Unit.objects.get(ref="CAQB-PX01-D1")
    assert (room.parent_id, room.path, room.depth, room.kind) == (org.caqb.pk, f"{org.caqb.path}{room.pk}/", 2, "room")
    assert (team.parent_id, team.path, team.depth, team.kind) == (room.pk, f"{room.path}{team.pk}/", 3, "team")
    assert (room.name_folded, room.valid_from) == ("phong tham muu ptm", datetime.date(2018, 8, 1))
    assert list(UnitChange.objects.filter(unit__in=[room, team]).values_list("unit__ref", "kind", "date")) == [
        ("CAQB-PX01", "created", datetime.date(2018, 8, 1))
    ]
    events = {e.object_id: e for e in AuditEvent.objects.filter(action="import")}
    assert {pk: (e.actor_id, e.note) for pk, e in events.items()} == {
        str(room.pk): (personas.admin.pk, "Nhập từ tệp Excel"),
        str(team.pk): (personas.admin.pk, "Nhập từ tệp Excel"),
    }
    assert events[str(team.pk)].changes == {
        "ref": [None, "CAQB-PX01-D1"],
        "code": [None, "D1"],
        "name": [None, "Đội Tổng hợp"],
        "short_name": [None, ""],
        "kind": [None, "team"],
        "parent": [None, room.pk],
    }


def test_the_same_file_imported_twice_leaves_identical_data(org, personas):
    content = xlsx(GOOD_ROWS)
    first = run_import(content, "units", by=personas.admin)
    data, audit_rows, history = units(), AuditEvent.objects.count(), UnitChange.objects.count()

    second = run_import(content, "units", by=personas.admin)

    assert (first.created, first.updated, first.unchanged) == (3, 0, 0)
    assert (second.errors, second.created, second.updated, second.unchanged) == ([], 0, 0, 3)
    assert units() == data
    assert (AuditEvent.objects.count(), UnitChange.objects.count()) == (audit_rows, history)


def test_an_update_changes_only_the_changed_field_and_audits_it(org, personas):
    data = units()
    row = ["CAQB-PH10", "PH10", "Phòng Hậu cần - Kỹ thuật", "", "Đơn vị cấp Phòng", "CAQB", None, None]

    result = run_import(xlsx([row]), "units", by=personas.office)

    assert (result.errors, result.created, result.updated, result.unchanged) == ([], 0, 1, 0)
    ph10 = Unit.objects.get(pk=org.ph10.pk)
    expected = [
        (*values[:2], "Phòng Hậu cần - Kỹ thuật", values[3], "phong hau can - ky thuat", *values[5:11], ph10.updated_at)
        if values[0] == "CAQB-PH10"
        else values
        for values in data
    ]
    assert units() == expected
    event = AuditEvent.objects.get(action="import")
    assert (event.object_id, event.actor_id, event.changes) == (
        str(ph10.pk),
        personas.office.pk,
        {"name": ["Phòng Hậu cần", "Phòng Hậu cần - Kỹ thuật"]},
    )


def test_moving_a_unit_moves_its_subtree(org, personas):
    team = Unit.objects.create(ref="CAQB-PX03-D1", code="D1", name="Đội 1", kind="team", parent=org.px03)
    Unit.objects.filter(pk=team.pk).update(path=f"{org.px03.path}{team.pk}/", depth=3)
    row = ["CAQB-PX03", "PX03", "Phòng Công tác đảng và công tác chính trị", "", "room", "CAQB-PH10", None, None]

    result = run_import(xlsx([row]), "units", by=personas.admin)

    assert (result.errors, result.updated) == ([], 1)
    px03, team = Unit.objects.get(pk=org.px03.pk), Unit.objects.get(pk=team.pk)
    assert (px03.parent_id, px03.path, px03.depth) == (org.ph10.pk, f"{org.ph10.path}{px03.pk}/", 3)
    assert (team.parent_id, team.path, team.depth) == (px03.pk, f"{px03.path}{team.pk}/", 4)
    assert list(UnitChange.objects.filter(kind="moved").values_list("unit_id", "old_value", "new_value")) == [
        (px03.pk, "CAQB – Công an tỉnh Quảng Bình", "PH10 – Phòng Hậu cần")
    ]
    assert AuditEvent.objects.get(action="import").changes == {"parent": [org.caqb.pk, org.ph10.pk]}


def test_a_new_unit_below_a_unit_moved_by_the_same_file_gets_the_new_path(org, personas):
    team = Unit.objects.create(ref="CAQB-PX03-D1", code="D1", name="Đội 1", kind="team", parent=org.px03)
    Unit.objects.filter(pk=team.pk).update(path=f"{org.px03.path}{team.pk}/", depth=3)
    rows = [
        ["CAQB-PX03-D1-T1", "T1", "Tổ 1", "", "team", "CAQB-PX03-D1", None, None],
        ["CAQB-PX03", "PX03", "Phòng Công tác đảng và công tác chính trị", "", "room", "CAQB-PH10", None, None],
    ]

    result = run_import(xlsx(rows), "units", by=personas.admin)

    assert (result.errors, result.created, result.updated) == ([], 1, 1)
    new = Unit.objects.get(ref="CAQB-PX03-D1-T1")
    assert (new.parent_id, new.path, new.depth) == (team.pk, f"{org.ph10.path}{org.px03.pk}/{team.pk}/{new.pk}/", 5)
    assert Unit.objects.get(pk=team.pk).path == f"{org.ph10.path}{org.px03.pk}/{team.pk}/"


def test_importing_200_units_takes_as_many_queries_as_50(org, personas, monkeypatch):
    # SQLite ≥ 3.32 accepts 32 766 parameters, but Django keeps the old limit of 999 and would
    # split the INSERTs into batches. Lift it so the count shows per-row queries only.
    monkeypatch.setattr(connection.features, "max_query_params", 32766)

    def rows(prefix, n):
        # Each team comes before its room: parents defined later in the file.
        return [
            row
            for i in range(n // 2)
            for row in (
                [f"{prefix}-{i}-D1", "D1", f"Đội {i}", "", "team", f"{prefix}-{i}", None, None],
                [f"{prefix}-{i}", f"P{i}", f"Phòng {i}", "", "room", "CAQB", "01/01/2020", None],
            )
        ]

    with CaptureQueriesContext(connection) as fifty:
        assert run_import(xlsx(rows("A", 50)), "units", by=personas.admin).created == 50
    with CaptureQueriesContext(connection) as two_hundred:
        assert run_import(xlsx(rows("B", 200)), "units", by=personas.admin).created == 200

    assert len(two_hundred.captured_queries) == len(fifty.captured_queries)
    assert Unit.objects.filter(ref__startswith="B-", depth=3, path__startswith=org.caqb.path).count() == 100
    assert Unit.objects.filter(ref__startswith="B-", depth=2, path__startswith=org.caqb.path).count() == 100


def test_a_unit_officer_may_import_only_under_their_own_unit(org, personas):
    before = counts()
    rows = [
        ["CAQB-PX03-D1", "D1", "Đội 1", "", "team", "CAQB-PX03", None, None],
        ["CAQB-PH10-D1", "D1", "Đội 1", "", "team", "CAQB-PH10", None, None],
        ["CAQB-PH10", "PH10", "Phòng Hậu cần", "", "room", "CAQB", None, None],
    ]

    result = run_import(xlsx(rows), "units", by=personas.unit_officer)

    assert result.errors == [
        RowError(
            3, "Mã định danh đơn vị cấp trên", "Không được đặt đơn vị CAQB-PH10-D1 ngoài phạm vi bạn được phân quyền."
        ),
        RowError(4, "Mã định danh", "Đơn vị CAQB-PH10 nằm ngoài phạm vi bạn được phân quyền."),
    ]
    assert counts() == before


def test_progress_is_reported_during_validation(org, personas, monkeypatch):
    monkeypatch.setattr(jobs, "PROGRESS_EVERY", 2)
    calls = []

    run_import(xlsx(GOOD_ROWS), "units", by=personas.admin, progress=lambda done, total: calls.append((done, total)))

    assert calls == [(0, 3), (2, 3), (3, 3)]


def test_the_command_imports_a_file_and_fails_on_errors(org, personas, tmp_path, capsys):
    good, bad = tmp_path / "don-vi.xlsx", tmp_path / "loi.xlsx"
    good.write_bytes(xlsx(GOOD_ROWS))
    bad.write_bytes(xlsx([["CAQB-X", "X", "Phòng X", "", "phong", "CAQB", None, None]]))

    call_command("import_xlsx", "units", str(good), user="admin")
    assert capsys.readouterr().out.splitlines() == [
        "Đã kiểm tra 0 / 3 dòng",
        "Đã kiểm tra 3 / 3 dòng",
        "Xong: 3 tạo mới, 0 cập nhật, 0 không thay đổi.",
    ]
    with pytest.raises(CommandError, match="Có 1 lỗi; chưa ghi dữ liệu nào."):
        call_command("import_xlsx", "units", str(bad), user="admin")

    assert capsys.readouterr().err.splitlines() == [
        "Dòng 2, cột Cấp/loại: Cấp/loại đơn vị không hợp lệ: phong. Xem danh sách trong sheet Hướng dẫn."
    ]
    assert Unit.objects.filter(ref__in=["CAQB-PX01", "CAQB-PX01-D1", "CAQB-PX05"]).count() == 3
    assert AuditEvent.objects.filter(action="import", note="Nhập từ tệp Excel don-vi.xlsx").count() == 3
