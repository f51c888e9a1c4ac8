"""The units/people import bounded (issue 17): the finding's file (a million rows, 55 MB unpacked from 160 KB)
and a million rows that compress like real data are refused through the page and the API with a message naming
the limit, in little memory, writing nothing; a row too wide is refused naming sheet, row and column; an error
list over the cap keeps its first errors and says how many more; a normal file is still imported."""

import io
import tracemalloc
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from api.tests import bearer
from documents.tests import bombs
from organisation.models import ImportJob, Unit
from organisation.tests.test_import_units import GOOD_ROWS, HEADER, xlsx

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MB = 1024 * 1024
ROWS_REFUSED = "Sheet “Đơn vị” vượt quá giới hạn 200000 dòng dữ liệu của một tệp nhập; không nhập. Hãy chia thành nhiều tệp nhỏ hơn."


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture(scope="module")
def finding() -> bytes:
    return bombs.million_rows(HEADER)


@pytest.fixture(scope="module")
def dense() -> bytes:
    return bombs.million_rows(HEADER, dense=True)


def _upload(content: bytes, name: str = "don-vi.xlsx"):
    return SimpleUploadedFile(name, content, content_type=XLSX_TYPE)


def _peak(call):
    """What ``call`` returns and the most memory Python held at once while it ran, above what it held before."""
    tracemalloc.start()
    try:
        tracemalloc.reset_peak()
        answer = call()
        return answer, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def _page(client, user, content, kind="units"):
    client.force_login(user)
    return client.post("/import/", {"kind": kind, "file": _upload(content)})


def _api(client, user, content, kind="units"):
    return client.post("/api/v1/imports", {"kind": kind, "file": _upload(content)}, headers=bearer(user))


def _unpacked(data: bytes) -> int:
    return sum(info.file_size for info in zipfile.ZipFile(io.BytesIO(data)).infolist())


def test_the_findings_file_is_refused_by_the_page_and_the_api_before_any_job(client, org, personas, finding):
    assert len(finding) < 200 * 1024 and _unpacked(finding) > 49 * MB
    units = Unit.objects.count()
    message = "Tệp nén bất thường: giải nén ra 52.5 MB (tối đa 100.0 MB, gấp tối đa 100 lần tệp); không nhập."

    page, page_peak = _peak(lambda: _page(client, personas.office, finding))
    api, api_peak = _peak(lambda: _api(client, personas.office, finding))

    assert page.status_code == 200 and message in page.content.decode()
    assert (api.status_code, api.json()["detail"]) == (422, "file: " + message)
    assert (ImportJob.objects.count(), Unit.objects.count()) == (0, units)
    assert page_peak < 100 * MB and api_peak < 100 * MB


def test_a_million_rows_compressing_like_real_data_are_refused_at_the_row_limit_in_little_memory(
    client, org, personas, dense
):
    assert len(dense) < 20 * MB and _unpacked(dense) > 49 * MB  # under the size and the zip-bomb ratio
    units = Unit.objects.count()

    page, page_peak = _peak(lambda: _page(client, personas.office, dense))
    api, api_peak = _peak(lambda: _api(client, personas.office, dense))

    assert page.status_code == 200 and ROWS_REFUSED in page.content.decode()
    assert (api.status_code, api.json()["detail"]) == (422, "file: " + ROWS_REFUSED)
    assert (ImportJob.objects.count(), Unit.objects.count()) == (0, units)
    assert page_peak < 100 * MB and api_peak < 100 * MB


def test_past_the_first_check_the_row_limit_fails_the_job_and_writes_nothing(client, org, personas, settings):
    # A sheet of up to twice the limit in <row> elements passes the upload's check; its rows are then counted
    # as they are streamed, and the import stops at the first row past the limit.
    settings.IMPORT_MAX_ROWS = 3
    rows = [[f"CAQB-PX{n}", f"PX{n}", f"Phòng {n}", "", "room", "CAQB", None, None] for n in range(11, 15)]

    response = _page(client, personas.office, xlsx(rows))

    job = ImportJob.objects.get()
    refused = ROWS_REFUSED.replace("200000", "3").replace("“Đơn vị”", "“Sheet”")
    assert response.status_code == 302
    assert (job.status, job.errors) == (ImportJob.Status.FAILED, [{"row": None, "column": "", "message": refused}])
    assert not Unit.objects.filter(ref__in=[r[0] for r in rows]).exists()


def test_a_row_wider_than_the_limit_fails_the_import_naming_sheet_row_and_column(client, org, personas):
    units = Unit.objects.count()

    response = _page(client, personas.office, bombs.wide_row(HEADER, 101))

    job = ImportJob.objects.get()
    assert response.status_code == 302 and job.status == ImportJob.Status.FAILED
    assert job.errors == [
        {
            "row": None,
            "column": "",
            "message": "Sheet “Đơn vị”, dòng 2 có dữ liệu ở cột thứ 101, vượt quá giới hạn 100 cột; không nhập.",
        }
    ]
    assert Unit.objects.count() == units


def test_an_error_list_over_the_cap_keeps_its_first_errors_and_says_how_many_more(client, org, personas, settings):
    settings.IMPORT_MAX_ERRORS = 3
    bad = [[f"CAQB-PX{n:02d}", f"PX{n:02d}", f"Phòng {n}", "", "Phòng ban", "CAQB", None, None] for n in range(11, 16)]

    response = _api(client, personas.office, xlsx(bad))

    job = ImportJob.objects.get()
    wrong = "Cấp/loại đơn vị không hợp lệ: Phòng ban. Xem danh sách trong sheet Hướng dẫn."
    expected = [{"row": n, "column": "Cấp/loại", "message": wrong} for n in (2, 3, 4)]
    expected.append({"row": None, "column": "", "message": "… và 2 lỗi khác (chỉ liệt kê 3 lỗi đầu tiên)."})
    assert response.status_code == 202 and job.status == ImportJob.Status.FAILED
    assert job.errors == expected
    assert client.get(f"/api/v1/imports/{job.pk}", headers=bearer(personas.office)).json()["errors"] == expected
    assert not Unit.objects.filter(ref="CAQB-PX11").exists()
    # The page counts every error, not the four entries kept.
    client.force_login(personas.office)
    page = client.get(reverse("organisation:import_status", args=[job.pk])).content.decode()
    assert job.error_count == 5
    assert "Tệp có 5 lỗi; chưa ghi dữ liệu nào." in page


def test_a_normal_file_is_still_imported_through_the_page(client, org, personas):
    response = _page(client, personas.office, xlsx(GOOD_ROWS))

    job = ImportJob.objects.get()
    assert response.status_code == 302
    assert (job.status, job.total_rows, job.created_count, job.errors) == (ImportJob.Status.DONE, 3, 3, [])
    assert set(Unit.objects.filter(ref__startswith="CAQB-PX0").values_list("ref", flat=True)) >= {
        "CAQB-PX01",
        "CAQB-PX01-D1",
        "CAQB-PX05",
    }
