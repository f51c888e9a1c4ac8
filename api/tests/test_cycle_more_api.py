"""The yearly cycle's pages that had no API operation (issue 15): a conference's details edited, the
block's report outline read and written whole, a registration imported from .xlsx. Each does what its
page does, through the same service, with the same refusals; outsiders get 404, read-only roles 403."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from api.tests import bearer
from audit.models import AuditEvent
from cycle.models import Conference, OutlineSection, PersonRegistration, Registration, RegistrationTarget
from cycle.services import conferences, reports
from cycle.tests.test_registration_xlsx import GOOD_PEOPLE, GOOD_TARGETS, xlsx

JSON = "application/json"
NOT_FOUND = {"detail": "Không tìm thấy hoặc nằm ngoài phạm vi của bạn."}


# A conference's details ----------------------------------------------------------------------------


@pytest.fixture
def conference(cycle, personas):
    return conferences.create_conference(
        cycle.block,
        by=personas.office,
        kind=Conference.Kind.YEAR_END,
        date=datetime.date(2019, 12, 20),
        place="Hội trường Công an tỉnh",
        chair_name="Nguyễn Văn An",
    )


def test_the_blocks_runner_edits_only_the_fields_sent(client, conference, personas):
    url = f"/api/v1/conferences/{conference.pk}"

    response = client.patch(
        url,
        {"place": "Hội trường tầng 3", "chair_position": "Trưởng phòng PX03"},
        content_type=JSON,
        headers=bearer(personas.unit_officer),  # PX03 leads the block
    )

    assert response.status_code == 200
    body = response.json()
    assert (body["place"], body["chair_name"], body["chair_position"], body["date"]) == (
        "Hội trường tầng 3",
        "Nguyễn Văn An",
        "Trưởng phòng PX03",
        "2019-12-20",
    )
    assert [row["unit"]["code"] for row in body["attendance"]] == ["PX03", "PH10", "PV01"]
    event = AuditEvent.objects.filter(object_type="cycle.conference", action="update").get()
    assert event.changes == {
        "place": ["Hội trường Công an tỉnh", "Hội trường tầng 3"],
        "chair_position": ["", "Trưởng phòng PX03"],
    }


def test_a_date_outside_the_blocks_year_is_refused_and_nothing_changes(client, conference, personas):
    response = client.patch(
        f"/api/v1/conferences/{conference.pk}",
        {"date": "2017-12-20", "place": "Nơi khác"},
        content_type=JSON,
        headers=bearer(personas.office),
    )

    assert response.status_code == 422
    assert response.json() == {"detail": "Ngày hội nghị phải trong năm 2019, cuối năm trước hoặc đầu năm sau."}
    conference.refresh_from_db()
    assert (conference.date, conference.place) == (datetime.date(2019, 12, 20), "Hội trường Công an tỉnh")


def test_a_blank_place_or_a_null_kind_is_a_422_naming_the_field(client, conference, personas):
    headers = bearer(personas.office)
    url = f"/api/v1/conferences/{conference.pk}"

    blank = client.patch(url, {"place": "  "}, content_type=JSON, headers=headers)
    null = client.patch(url, {"kind": None}, content_type=JSON, headers=headers)

    assert (blank.status_code, null.status_code) == (422, 422)
    assert blank.json()["detail"][0]["loc"][-1] == "place"
    assert null.json()["detail"][0]["loc"][-1] == "kind"


def test_a_member_reads_the_conference_but_only_the_runners_edit_it(client, conference, personas, cycle):
    url = f"/api/v1/conferences/{conference.pk}"
    body = {"place": "Nơi khác"}

    member = client.patch(url, body, content_type=JSON, headers=bearer(cycle.pv01_commander))
    outsider = client.patch(url, body, content_type=JSON, headers=bearer(personas.outsider))
    reads = client.get(url, headers=bearer(cycle.pv01_commander))

    assert (member.status_code, outsider.status_code, reads.status_code) == (403, 404, 200)
    assert outsider.json() == NOT_FOUND
    conference.refresh_from_db()
    assert conference.place == "Hội trường Công an tỉnh"


# The report outline -------------------------------------------------------------------------------


@pytest.fixture
def outline(cycle, personas):
    add = reports.add_outline_section
    return [
        add(cycle.block, heading="Đặc điểm tình hình", by=personas.office),
        add(cycle.block, heading="Kết quả thực hiện chỉ tiêu", guidance="Nêu số liệu", by=personas.office),
        add(cycle.block, heading="Phương hướng", by=personas.office),
    ]


def test_the_outline_is_read_with_its_deadlines(client, cycle, outline, personas):
    reports.set_report_deadlines(cycle.block, deadlines={"mid_year": datetime.date(2019, 6, 15)}, by=None)

    response = client.get(f"/api/v1/blocks/{cycle.block.pk}/outline", headers=bearer(cycle.pv01_commander))

    assert response.status_code == 200
    assert response.json() == {
        "block": cycle.block.pk,
        "sections": [
            {"id": outline[0].pk, "order": 1, "heading": "Đặc điểm tình hình", "guidance": ""},
            {"id": outline[1].pk, "order": 2, "heading": "Kết quả thực hiện chỉ tiêu", "guidance": "Nêu số liệu"},
            {"id": outline[2].pk, "order": 3, "heading": "Phương hướng", "guidance": ""},
        ],
        "deadlines": {"mid_year": "2019-06-15", "nine_months": None, "year_end": None},
        "kinds": ["mid_year", "year_end"],
    }


def test_the_whole_outline_is_written_in_the_order_sent(client, cycle, outline, personas):
    first, second, third = outline
    body = {
        "sections": [
            {"id": third.pk, "heading": "Phương hướng, nhiệm vụ năm 2020"},
            {"heading": "Kiến nghị, đề xuất", "guidance": "Nếu có"},
            {"id": first.pk, "heading": "Đặc điểm tình hình", "guidance": "Ngắn gọn"},
        ],
        "deadlines": {"mid_year": "2019-06-15", "nine_months": "2019-09-15", "year_end": "2019-12-10"},
    }

    response = client.put(
        f"/api/v1/blocks/{cycle.block.pk}/outline", body, content_type=JSON, headers=bearer(cycle.ph10_officer)
    )

    assert response.status_code == 200, response.json()
    assert [(s["order"], s["heading"], s["guidance"]) for s in response.json()["sections"]] == [
        (1, "Phương hướng, nhiệm vụ năm 2020", ""),
        (2, "Kiến nghị, đề xuất", "Nếu có"),
        (3, "Đặc điểm tình hình", "Ngắn gọn"),
    ]
    assert response.json()["kinds"] == ["mid_year", "nine_months", "year_end"]
    assert not OutlineSection.objects.filter(pk=second.pk).exists()
    assert sorted(
        AuditEvent.objects.filter(object_type="cycle.outlinesection", actor=cycle.ph10_officer).values_list(
            "action", flat=True
        )
    ) == ["create", "delete", "update", "update"]


def test_leaving_out_a_section_a_unit_wrote_in_changes_nothing(client, cycle, outline, personas, org):
    reports.save_report_draft(
        cycle.block, unit=org.ph10, kind="mid_year", texts={outline[1].pk: "Đã viết"}, by=cycle.ph10_officer
    )
    before = list(cycle.block.outline.values_list("pk", "order", "heading"))
    body = {"sections": [{"id": outline[0].pk, "heading": "Đổi tên"}, {"heading": "Mới"}]}

    response = client.put(
        f"/api/v1/blocks/{cycle.block.pk}/outline", body, content_type=JSON, headers=bearer(personas.office)
    )

    assert response.status_code == 422
    assert response.json() == {
        "detail": "Đã có đơn vị viết nội dung cho đề mục “Kết quả thực hiện chỉ tiêu”; không xoá được, hãy sửa đề mục."
    }
    assert list(cycle.block.outline.values_list("pk", "order", "heading")) == before


def test_a_section_of_another_block_and_deadlines_out_of_order_are_refused(client, cycle, outline, personas):
    url = f"/api/v1/blocks/{cycle.block.pk}/outline"
    headers = bearer(personas.office)
    keep = [{"id": s.pk, "heading": s.heading} for s in outline]

    foreign = client.put(url, {"sections": [*keep, {"id": 99_999, "heading": "X"}]}, content_type=JSON, headers=headers)
    late_first = client.put(
        url,
        {"sections": keep, "deadlines": {"mid_year": "2019-12-15", "year_end": "2019-06-15"}},
        content_type=JSON,
        headers=headers,
    )
    twice = client.put(url, {"sections": [*keep, keep[0]]}, content_type=JSON, headers=headers)

    assert (foreign.status_code, late_first.status_code, twice.status_code) == (422, 422, 422)
    assert foreign.json() == {"detail": "Đề mục không thuộc đề cương của khối: 99999."}
    assert late_first.json() == {
        "detail": "Hạn nộp các kỳ phải theo thứ tự: sơ kết 6 tháng, 9 tháng, rồi tổng kết năm."
    }
    assert not cycle.block.report_deadlines.exists()


def test_only_the_blocks_runners_write_the_outline(client, cycle, outline, personas):
    url = f"/api/v1/blocks/{cycle.block.pk}/outline"
    body = {"sections": []}

    member = client.put(url, body, content_type=JSON, headers=bearer(cycle.pv01_commander))
    outsider = client.put(url, body, content_type=JSON, headers=bearer(personas.outsider))
    outsider_reads = client.get(url, headers=bearer(personas.outsider))

    assert (member.status_code, outsider.status_code, outsider_reads.status_code) == (403, 404, 404)
    assert cycle.block.outline.count() == 3


# The registration import ----------------------------------------------------------------------------


@pytest.fixture
def open_cycle(cycle):
    cycle.block.registration_deadline = timezone.localdate() + datetime.timedelta(days=30)
    cycle.block.save(update_fields=["registration_deadline"])
    return cycle


def _import(client, block, unit, user, content: bytes, name: str = "dang-ky.xlsx"):
    return client.post(
        f"/api/v1/blocks/{block.pk}/registrations/{unit.pk}/import",
        {"file": SimpleUploadedFile(name, content)},
        headers=bearer(user),
    )


def test_a_good_file_registers_people_and_targets(client, open_cycle, org, personas):
    response = _import(client, open_cycle.block, org.px03, personas.unit_officer, xlsx(GOOD_PEOPLE, GOOD_TARGETS))

    assert response.status_code == 200, response.json()
    body = response.json()
    assert (body["people"], body["targets"], body["changed"]) == (3, 4, True)
    assert [(t["text"], t["value"], t["measure"]) for t in body["registration"]["targets"]] == [
        ("Hoàn thành kế hoạch công tác năm", "100.00", "%"),
        ("Tuyên truyền trên báo, đài", "1234.00", "tin, bài"),
        ("Tỷ lệ đảng viên hoàn thành tốt nhiệm vụ", "95.50", "%"),
        ("Không để xảy ra vi phạm kỷ luật", None, ""),
    ]
    assert [(p["person"]["ident"], p["title"]["code"]) for p in body["registration"]["people"]] == [
        ("QB000001", "CSTDCS"),
        ("QB000002", "CSTT"),
    ]
    event = AuditEvent.objects.get(object_type="cycle.registration")
    assert (event.action, event.actor, event.note) == (
        "import",
        personas.unit_officer,
        "Nhập từ tệp Excel dang-ky.xlsx",
    )
    again = _import(client, open_cycle.block, org.px03, personas.unit_officer, xlsx(GOOD_PEOPLE, GOOD_TARGETS))
    assert (again.status_code, again.json()["changed"]) == (200, False)


def test_a_file_with_bad_rows_writes_nothing_and_names_each_sheet_row_and_column(client, open_cycle, org, personas):
    people = [*GOOD_PEOPLE, ["QB000004", "Phạm Quốc Dũng", "CSTT"], ["QB000001", "Nguyễn Văn An", "CSTT"]]
    targets = [*GOOD_TARGETS, ["Giải quyết đơn thư", "nhiều", "vụ"]]
    response = _import(client, open_cycle.block, org.px03, personas.unit_officer, xlsx(people, targets))

    assert response.status_code == 422
    assert response.json() == {
        "detail": "Tệp có 3 lỗi; chưa ghi dữ liệu nào. Hãy sửa tệp rồi nhập lại.",
        "errors": [
            {
                "sheet": "Cán bộ",
                "row": 5,
                "column": "Mã cán bộ",
                "detail": "Cán bộ Phạm Quốc Dũng (QB000004) không thuộc PX03.",
            },
            {"sheet": "Cán bộ", "row": 6, "column": "Mã cán bộ", "detail": "Mã cán bộ QB000001 trùng với dòng 2."},
            {"sheet": "Chỉ tiêu", "row": 6, "column": "Giá trị", "detail": "Giá trị không phải là số: nhiều."},
        ],
    }
    assert (Registration.objects.count(), RegistrationTarget.objects.count(), PersonRegistration.objects.count()) == (
        0,
        0,
        0,
    )
    assert not AuditEvent.objects.filter(object_type="cycle.registration").exists()


def test_a_file_that_is_not_a_workbook_is_refused_as_a_whole(client, open_cycle, org, personas):
    response = _import(client, open_cycle.block, org.px03, personas.unit_officer, b"PK\x03\x04 not a workbook")

    assert response.status_code == 422
    assert response.json()["errors"] == [
        {
            "sheet": "",
            "row": None,
            "column": "",
            "detail": "Tệp không phải là tệp Excel (.xlsx) hợp lệ hoặc đã bị hỏng.",
        }
    ]
    assert Registration.objects.count() == 0


def test_an_upload_the_page_refuses_is_a_422_naming_the_file(client, open_cycle, org, personas, settings):
    settings.IMPORT_MAX_BYTES = 1000
    block, user = open_cycle.block, personas.unit_officer

    csv = _import(client, block, org.px03, user, b"QB000001,CSTT", name="dang-ky.csv")
    large = _import(client, block, org.px03, user, b"x" * 2000)
    missing = client.post(f"/api/v1/blocks/{block.pk}/registrations/{org.px03.pk}/import", {}, headers=bearer(user))

    assert (csv.status_code, large.status_code, missing.status_code) == (422, 422, 422)
    assert csv.json() == {"detail": "file: Chỉ nhận tệp Excel định dạng .xlsx; tệp dang-ky.csv không phải tệp .xlsx."}
    assert large.json() == {"detail": "file: Tệp quá lớn (0.0 MB); dung lượng tối đa là 0.0 MB."}
    assert missing.json()["detail"][0]["loc"][-1] == "file"
    assert Registration.objects.count() == 0


def test_after_the_deadline_the_unit_cannot_import(client, cycle, org, personas):
    response = _import(client, cycle.block, org.px03, personas.unit_officer, xlsx(GOOD_PEOPLE, GOOD_TARGETS))

    assert response.status_code == 422
    assert response.json() == {
        "detail": "Đã hết hạn đăng ký thi đua (hạn cuối 31/03/2019). Sau thời hạn này chỉ cơ quan quản lý khối được "
        "điều chỉnh đăng ký."
    }
    assert Registration.objects.count() == 0


def test_the_outsider_gets_404_and_a_read_only_role_403(client, open_cycle, org, personas):
    content = xlsx(GOOD_PEOPLE, GOOD_TARGETS)

    outsider = _import(client, open_cycle.block, org.px03, personas.outsider, content)
    council = _import(client, open_cycle.block, org.px03, personas.council, content)
    other_member = _import(client, open_cycle.block, org.px03, open_cycle.pv01_commander, content)

    assert (outsider.status_code, council.status_code, other_member.status_code) == (404, 403, 404)
    assert Registration.objects.count() == 0
