"""The units/people Excel import through the API (issue 15), as the "Nhập từ Excel" page: the same checks of the
file (not .xlsx, too large, a zip bomb: 422 naming ``file``, no job made), the same ImportJob through the same
service, its status, progress and row errors at GET /imports/{id}; another user's job is a 404."""

import io
import zipfile

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from api.tests import bearer
from organisation.models import ImportJob, Person, Unit

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
UNIT_HEADER = [
    "Mã định danh",
    "Mã đơn vị",
    "Tên đơn vị",
    "Tên viết tắt",
    "Cấp/loại",
    "Mã định danh đơn vị cấp trên",
    "Hiệu lực từ",
    "Hiệu lực đến",
]
PEOPLE_HEADER = [
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


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def workbook(header, *rows) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def post(client, user, kind, name, content):
    upload = SimpleUploadedFile(name, content, content_type=XLSX_TYPE)
    return client.post("/api/v1/imports", {"kind": kind, "file": upload}, headers=bearer(user))


def test_a_good_units_file_starts_the_pages_job_and_reports_its_counts(client, org, personas):
    row = ["CAQB-PX01", "PX01", "Phòng Tham mưu", "", "room", "CAQB", "01/08/2018", None]

    started = post(client, personas.office, "units", "don-vi.xlsx", workbook(UNIT_HEADER, row))
    status = client.get(f"/api/v1/imports/{started.json()['id']}", headers=bearer(personas.office))

    assert started.status_code == 202
    job = ImportJob.objects.get()
    assert (job.kind, job.original_name, job.created_by, job.status) == (
        "units",
        "don-vi.xlsx",
        personas.office,
        "done",
    )
    assert status.status_code == 200
    body = status.json()
    assert {k: body[k] for k in ("kind", "original_name", "status", "status_label", "in_progress", "errors")} == {
        "kind": "units",
        "original_name": "don-vi.xlsx",
        "status": "done",
        "status_label": "Hoàn thành",
        "in_progress": False,
        "errors": [],
    }
    assert (body["total_rows"], body["processed_rows"], body["created_count"], body["updated_count"]) == (1, 1, 1, 0)
    assert Unit.objects.get(ref="CAQB-PX01").parent == org.caqb


def test_a_file_with_row_errors_fails_with_every_error_and_writes_nothing(client, org, personas):
    rows = [["QB000101", "Hoàng Văn Minh", None, "Không rõ", None, "", None, "CAQB-PX03", None]]

    started = post(client, personas.office, "people", "can-bo.xlsx", workbook(PEOPLE_HEADER, *rows))

    assert started.status_code == 202
    assert (started.json()["status"], started.json()["errors"]) == (
        "failed",
        [{"row": 2, "column": "Giới tính", "message": "Giới tính không hợp lệ: Không rõ. Ghi Nam hoặc Nữ."}],
    )
    assert not Person.objects.filter(ident="QB000101").exists()


def test_a_file_that_is_not_xlsx_is_422_naming_file_and_makes_no_job(client, personas):
    response = post(client, personas.office, "people", "can-bo.csv", b"ma,ten\nQB1,An\n")

    assert response.status_code == 422
    assert response.json() == {
        "detail": "file: Chỉ nhận tệp Excel định dạng .xlsx; tệp can-bo.csv không phải tệp .xlsx."
    }
    assert ImportJob.objects.count() == 0


def test_a_file_over_the_size_limit_is_422_naming_file(client, personas, settings):
    settings.IMPORT_MAX_BYTES = 1024 * 1024

    response = post(client, personas.office, "units", "lon.xlsx", b"\0" * (1024 * 1024 + 1))

    assert response.status_code == 422
    assert response.json() == {"detail": "file: Tệp quá lớn (1.0 MB); dung lượng tối đa là 1.0 MB."}
    assert ImportJob.objects.count() == 0


def zip_bomb(inflated: int) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * inflated)
    return buffer.getvalue()


def test_a_zip_bomb_is_422_naming_file_and_makes_no_job(client, personas, settings):
    settings.IMPORT_MAX_UNCOMPRESSED_BYTES = 4 * 1024 * 1024
    content = zip_bomb(5 * 1024 * 1024)

    response = post(client, personas.office, "units", "bom.xlsx", content)

    assert len(content) < 10_000
    assert response.status_code == 422
    assert response.json() == {
        "detail": "file: Tệp nén bất thường: giải nén ra 5.0 MB (tối đa 4.0 MB, gấp tối đa 100 lần tệp); không nhập."
    }
    assert ImportJob.objects.count() == 0


def test_the_page_refuses_the_same_zip_bomb_with_the_same_message(client, personas, settings):
    settings.IMPORT_MAX_UNCOMPRESSED_BYTES = 4 * 1024 * 1024
    client.force_login(personas.office)
    upload = SimpleUploadedFile("bom.xlsx", zip_bomb(5 * 1024 * 1024), content_type=XLSX_TYPE)

    response = client.post("/import/", {"kind": "units", "file": upload})

    assert response.status_code == 200
    assert response.context["form"].errors == {
        "file": ["Tệp nén bất thường: giải nén ra 5.0 MB (tối đa 4.0 MB, gấp tối đa 100 lần tệp); không nhập."]
    }
    assert ImportJob.objects.count() == 0


def test_an_unknown_kind_is_422(client, personas):
    response = post(client, personas.office, "ratings", "x.xlsx", workbook(UNIT_HEADER))

    assert response.status_code == 422
    assert ImportJob.objects.count() == 0


def test_a_read_only_persona_gets_403(client, org, personas):
    response = post(client, personas.leader, "units", "don-vi.xlsx", workbook(UNIT_HEADER))

    assert response.status_code == 403
    assert ImportJob.objects.count() == 0


def test_another_users_job_is_a_404(client, org, personas):
    started = post(client, personas.office, "units", "don-vi.xlsx", workbook(UNIT_HEADER))

    theirs = client.get(f"/api/v1/imports/{started.json()['id']}", headers=bearer(personas.outsider))
    unknown = client.get("/api/v1/imports/999999", headers=bearer(personas.office))

    assert (theirs.status_code, unknown.status_code) == (404, 404)


def test_in_the_background_the_job_is_pending_when_answered(client, org, personas, settings, monkeypatch):
    settings.IMPORT_IN_BACKGROUND = True
    monkeypatch.setattr("organisation.imports.jobs.transaction.on_commit", lambda start: None)

    started = post(client, personas.office, "units", "don-vi.xlsx", workbook(UNIT_HEADER))

    assert (started.status_code, started.json()["status"], started.json()["in_progress"]) == (202, "pending", True)
