"""Importing a registration from Excel: all or nothing, every error with row and column, idempotent."""

import datetime
import io
from decimal import Decimal

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEvent
from conftest import client_for
from cycle.models import PersonRegistration, Registration, RegistrationTarget
from cycle.registration_xlsx import parse_number
from cycle.services import CycleError
from cycle.services.registration import TargetData, import_registration_xlsx, save_registration
from honours.models import Title

PEOPLE_HEADER = ["Mã cán bộ", "Họ và tên", "Danh hiệu đăng ký"]
TARGET_HEADER = ["Nội dung", "Giá trị", "Đơn vị tính"]
GOOD_PEOPLE = [
    ["QB000001", "Nguyễn Văn An", "CSTDCS"],
    ["QB000002", "tran thi binh", "Chiến sĩ tiên tiến"],
    ["QB000003", "Lê Văn Cường", None],
]
GOOD_TARGETS = [
    ["Hoàn thành kế hoạch công tác năm", "100%", None],
    ["Tuyên truyền trên báo, đài", 1234, "tin, bài"],
    ["Tỷ lệ đảng viên hoàn thành tốt nhiệm vụ", "95,5", "%"],
    ["Không để xảy ra vi phạm kỷ luật", None, None],
]


def xlsx(people=None, targets=None) -> bytes:
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for name, header, rows in (("Cán bộ", PEOPLE_HEADER, people), ("Chỉ tiêu", TARGET_HEADER, targets)):
        if rows is not None:
            sheet = workbook.create_sheet(name)
            sheet.append(header)
            for row in rows:
                sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@pytest.fixture
def titles(db):
    return {t.code: t for t in Title.objects.all()}


@pytest.fixture
def open_cycle(cycle):
    cycle.block.registration_deadline = timezone.localdate() + datetime.timedelta(days=30)
    cycle.block.save(update_fields=["registration_deadline"])
    return cycle


def state():
    return (
        list(Registration.objects.values_list("unit__code", "status", "updated_at")),
        list(RegistrationTarget.objects.order_by("order").values_list("pk", "order", "text", "value", "measure")),
        list(PersonRegistration.objects.order_by("person__ident").values_list("pk", "person__ident", "title__code")),
        AuditEvent.objects.count(),
    )


def errors(outcome):
    return [(e.sheet, e.row, e.column, e.message) for e in outcome.errors]


def test_a_good_file_registers_people_and_targets(open_cycle, org, personas):
    outcome = import_registration_xlsx(
        open_cycle.block, org.px03, xlsx(GOOD_PEOPLE, GOOD_TARGETS), by=personas.unit_officer, name="dang-ky-px03.xlsx"
    )

    assert (errors(outcome), outcome.people, outcome.targets, outcome.changed) == ([], 3, 4, True)
    assert list(RegistrationTarget.objects.order_by("order").values_list("text", "value", "measure")) == [
        ("Hoàn thành kế hoạch công tác năm", Decimal("100.00"), "%"),
        ("Tuyên truyền trên báo, đài", Decimal("1234.00"), "tin, bài"),
        ("Tỷ lệ đảng viên hoàn thành tốt nhiệm vụ", Decimal("95.50"), "%"),
        ("Không để xảy ra vi phạm kỷ luật", None, ""),
    ]
    assert list(PersonRegistration.objects.order_by("person__ident").values_list("person__ident", "title__code")) == [
        ("QB000001", "CSTDCS"),
        ("QB000002", "CSTT"),
    ]
    event = AuditEvent.objects.get(object_type="cycle.registration")
    assert (event.action, event.actor, event.note) == (
        "import",
        personas.unit_officer,
        "Nhập từ tệp Excel dang-ky-px03.xlsx",
    )


def test_a_file_with_bad_rows_writes_nothing_and_reports_each_row_and_column(open_cycle, org, personas):
    before = state()
    people = [
        *GOOD_PEOPLE,
        ["QB000004", "Phạm Quốc Dũng", "CSTT"],
        ["QB000009", "Không Có", "CSTT"],
        ["QB000001", "Nguyễn Văn An", "CSTT"],
    ]
    people[1] = ["QB000002", "Trần Văn Bình", "Đơn vị tiên tiến"]
    targets = [*GOOD_TARGETS, ["Giải quyết đơn thư", "nhiều", "vụ"], [None, 5, "vụ"], ["Chỉ tiêu", "1,234", None]]

    outcome = import_registration_xlsx(open_cycle.block, org.px03, xlsx(people, targets), by=personas.unit_officer)

    assert errors(outcome) == [
        ("Cán bộ", 3, "Họ và tên", "Họ và tên không khớp với hồ sơ của mã QB000002: Trần Thị Bình."),
        ("Cán bộ", 3, "Danh hiệu đăng ký", "Đơn vị tiên tiến là danh hiệu tập thể, không đăng ký cho cá nhân."),
        ("Cán bộ", 5, "Mã cán bộ", "Cán bộ Phạm Quốc Dũng (QB000004) không thuộc PX03."),
        ("Cán bộ", 6, "Mã cán bộ", "Không tìm thấy cán bộ có mã QB000009."),
        ("Cán bộ", 7, "Mã cán bộ", "Mã cán bộ QB000001 trùng với dòng 2."),
        ("Chỉ tiêu", 6, "Giá trị", "Giá trị không phải là số: nhiều."),
        ("Chỉ tiêu", 7, "Nội dung", "Không được để trống."),
        ("Chỉ tiêu", 8, "Giá trị", "Giá trị chỉ được có tối đa 2 chữ số thập phân."),
    ]
    assert state() == before


def test_one_bad_row_writes_nothing(open_cycle, org, personas):
    before = state()
    outcome = import_registration_xlsx(
        open_cycle.block,
        org.px03,
        xlsx([*GOOD_PEOPLE, ["QB000003", "Lê Văn Cường", "CSTT"]], GOOD_TARGETS),
        by=personas.unit_officer,
    )
    assert errors(outcome) == [("Cán bộ", 5, "Mã cán bộ", "Mã cán bộ QB000003 trùng với dòng 4.")]
    assert state() == before


def test_the_same_file_twice_changes_nothing(open_cycle, org, personas):
    content = xlsx(GOOD_PEOPLE, GOOD_TARGETS)
    import_registration_xlsx(open_cycle.block, org.px03, content, by=personas.unit_officer)
    before = state()

    outcome = import_registration_xlsx(open_cycle.block, org.px03, content, by=personas.unit_officer)

    assert (errors(outcome), outcome.changed) == ([], False)
    assert state() == before


def test_an_empty_sheet_keeps_that_part_and_the_collective_titles(open_cycle, org, personas, titles):
    save_registration(
        open_cycle.block,
        org.px03,
        by=personas.unit_officer,
        titles=[titles["DVQT"]],
        targets=[TargetData("Chỉ tiêu đã có")],
        people=[(org.people.cuong, titles["CSTT"])],
    )

    import_registration_xlsx(open_cycle.block, org.px03, xlsx(GOOD_PEOPLE, []), by=personas.unit_officer)

    registration = Registration.objects.get()
    assert list(registration.titles.values_list("code", flat=True)) == ["DVQT"]
    assert list(registration.targets.values_list("text", flat=True)) == ["Chỉ tiêu đã có"]
    assert list(registration.people.order_by("person__ident").values_list("person__ident", "title__code")) == [
        ("QB000001", "CSTDCS"),
        ("QB000002", "CSTT"),
    ]


def test_a_file_that_is_not_a_registration_file_is_refused(open_cycle, org, personas):
    outcome = import_registration_xlsx(open_cycle.block, org.px03, b"not a workbook", by=personas.unit_officer)
    assert errors(outcome) == [("", None, "", "Tệp không phải là tệp Excel (.xlsx) hợp lệ hoặc đã bị hỏng.")]
    workbook = openpyxl.Workbook()
    buffer = io.BytesIO()
    workbook.save(buffer)
    outcome = import_registration_xlsx(open_cycle.block, org.px03, buffer.getvalue(), by=personas.unit_officer)
    assert errors(outcome) == [
        ("", None, "", "Tệp không có sheet Cán bộ hoặc Chỉ tiêu. Hãy dùng tệp mẫu của hệ thống.")
    ]
    outcome = import_registration_xlsx(open_cycle.block, org.px03, xlsx([], []), by=personas.unit_officer)
    assert errors(outcome) == [("", None, "", "Tệp không có dòng dữ liệu nào.")]
    assert Registration.objects.count() == 0


def test_importing_after_the_deadline_is_refused(cycle, org, personas):
    with pytest.raises(CycleError) as refused:
        import_registration_xlsx(cycle.block, org.px03, xlsx(GOOD_PEOPLE, GOOD_TARGETS), by=personas.unit_officer)
    assert str(refused.value) == (
        "Đã hết hạn đăng ký thi đua (hạn cuối 31/03/2019). Sau thời hạn này chỉ cơ quan "
        "quản lý khối được điều chỉnh đăng ký."
    )
    assert Registration.objects.count() == 0


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (95, (Decimal("95"), False)),
        (95.5, (Decimal("95.5"), False)),
        ("95,5", (Decimal("95.5"), False)),
        ("1.234", (Decimal("1234"), False)),
        ("1.234,5", (Decimal("1234.5"), False)),
        ("1.5", (Decimal("1.5"), False)),
        ("100%", (Decimal("100"), True)),
        (None, (None, False)),
    ],
)
def test_numbers_are_read_the_vietnamese_way(raw, expected):
    assert parse_number(raw) == expected


def test_the_import_page_lists_every_error_and_writes_nothing(open_cycle, org, personas, client):
    client_for(client, personas.unit_officer)
    url = reverse("cycle:registration_import", args=[open_cycle.block.pk, org.px03.pk])
    upload = SimpleUploadedFile("dang-ky.xlsx", xlsx([["QB000004", "Phạm Quốc Dũng", "CSTT"]], GOOD_TARGETS))

    response = client.post(url, {"file": upload})

    assert response.status_code == 200
    assert errors(response.context["outcome"]) == [
        ("Cán bộ", 2, "Mã cán bộ", "Cán bộ Phạm Quốc Dũng (QB000004) không thuộc PX03.")
    ]
    assert (
        "<td>Cán bộ</td><td>2</td><td>Mã cán bộ</td><td>Cán bộ Phạm Quốc Dũng (QB000004) không thuộc PX03.</td>"
        in response.content.decode()
    )
    assert Registration.objects.count() == 0


def test_the_import_page_imports_a_good_file(open_cycle, org, personas, client):
    client_for(client, personas.unit_officer)
    url = reverse("cycle:registration_import", args=[open_cycle.block.pk, org.px03.pk])
    upload = SimpleUploadedFile("dang-ky.xlsx", xlsx(GOOD_PEOPLE, GOOD_TARGETS))

    response = client.post(url, {"file": upload})

    assert (response.status_code, response["Location"]) == (
        302,
        reverse("cycle:registration_edit", args=[open_cycle.block.pk, org.px03.pk]),
    )
    assert PersonRegistration.objects.count() == 2


def test_the_import_page_refuses_after_the_deadline(cycle, org, personas, client):
    client_for(client, personas.unit_officer)
    url = reverse("cycle:registration_import", args=[cycle.block.pk, org.px03.pk])
    response = client.post(url, {"file": SimpleUploadedFile("dang-ky.xlsx", xlsx(GOOD_PEOPLE, GOOD_TARGETS))})
    assert response.context["form"].non_field_errors() == [
        "Đã hết hạn đăng ký thi đua (hạn cuối 31/03/2019). Sau thời hạn này chỉ cơ quan quản lý khối được điều "
        "chỉnh đăng ký."
    ]
    assert Registration.objects.count() == 0
