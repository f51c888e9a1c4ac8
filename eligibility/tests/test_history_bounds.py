"""The history import bounded (issue 17): a million rows refused through the page and the API in little memory,
writing nothing; the row limit counted over all the sheets while they are read; a file of 100,000 rows still
within the bounds; more errors than a result keeps counted all the same."""

import re
import tracemalloc

import pytest
from django.urls import reverse

from api.tests import bearer
from conftest import client_for
from documents import xlsx
from documents.tests import bombs
from eligibility.history import run_history_import
from eligibility.history.reading import sheet_of
from eligibility.tests.test_history_import import HEADERS, _upload, counts, workbook
from jobs.models import Job

pytestmark = pytest.mark.django_db
MB = 1024 * 1024
REFUSED = (
    "Sheet “Xếp loại cá nhân” vượt quá giới hạn %s dòng dữ liệu của một tệp nhập; không nhập. "
    "Hãy chia thành nhiều tệp nhỏ hơn."
)


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _peak(call):
    tracemalloc.start()
    try:
        tracemalloc.reset_peak()
        answer = call()
        return answer, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_a_million_rows_are_refused_by_the_page_and_the_api_in_little_memory(client, org, personas):
    dense = bombs.million_rows(HEADERS["person_ratings"], dense=True, sheet="Xếp loại cá nhân")
    before = counts()
    office = client_for(client, personas.office)
    url = reverse("eligibility:history_import")

    page, page_peak = _peak(lambda: office.post(url, {"file": _upload(dense), "dry_run": "1"}))
    imported, import_peak = _peak(lambda: office.post(url, {"file": _upload(dense)}))
    api, api_peak = _peak(
        lambda: client.post(
            "/api/v1/awards/history/import",
            {"file": _upload(dense), "dry_run": "true"},
            headers=bearer(personas.office),
        )
    )

    assert REFUSED % 200000 in page.content.decode() and REFUSED % 200000 in imported.content.decode()
    assert (api.status_code, api.json()["detail"]) == (422, "file: " + REFUSED % 200000)
    assert (counts(), Job.objects.count()) == (before, 0)
    assert max(page_peak, import_peak, api_peak) < 100 * MB


def test_the_row_limit_counts_every_sheet_read_and_nothing_is_written(org, personas, settings):
    settings.IMPORT_MAX_ROWS = 3
    data = workbook(
        unit_ratings=[["CAQB-PX03", 2023, "HTTNV"], ["CAQB-PX03", 2022, "HTTNV"]],
        person_ratings=[["QB000001", 2023, "HTXSNV"], ["QB000001", 2022, "HTXSNV"]],
    )
    before = counts()

    result = run_history_import(data, by=personas.office, dry_run=False)

    assert [(e.sheet, e.row, e.column, e.message) for e in result.errors] == [("", None, "", REFUSED % 3)]
    assert (result.written, counts()) == (False, before)


def test_a_file_of_100000_rows_is_within_the_default_bounds():
    rows = [bombs.header_row(HEADERS["person_ratings"])]
    rows += [
        f'<row r="{n}"><c r="A{n}" t="inlineStr"><is><t>QB{n:06d}</t></is></c><c r="B{n}"><v>{1980 + n % 40}</v></c>'
        f'<c r="C{n}" t="inlineStr"><is><t>HTXSNV</t></is></c></row>'
        for n in range(2, 100_002)
    ]
    data = bombs.workbook(rows, sheet="Xếp loại cá nhân")

    assert xlsx.zip_problem(data) is None
    assert xlsx.count_rows(data, sheet_of) == 100_000


def test_more_errors_than_a_result_keeps_are_counted_all_the_same(client, org, personas):
    data = workbook(person_ratings=[[f"ZZ{n:06d}", 2023, "HTXSNV"] for n in range(1200)])
    office = client_for(client, personas.office)

    result = run_history_import(data, by=personas.office, dry_run=True)
    page = office.post(reverse("eligibility:history_import"), {"file": _upload(data), "dry_run": "1"})
    office.post(reverse("eligibility:history_import"), {"file": _upload(data)})

    assert (len(result.errors), result.error_count, result.as_dict()["error_count"]) == (1000, 1200, 1200)
    assert result.errors[-1].message == "Không tìm thấy cán bộ có mã ZZ000999."
    html = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page.content.decode()))
    assert "Tệp có 1200 lỗi; chưa ghi dữ liệu nào." in html
    assert "Còn 200 lỗi khác không hiện ở đây" in html
    job = Job.objects.get()
    assert (job.status, job.error) == (
        Job.Status.FAILED,
        "Tệp có 1200 lỗi; chưa ghi dữ liệu nào. Hãy sửa tệp rồi nhập lại.",
    )
    assert (len(job.result["errors"]), job.result["error_count"]) == (1000, 1200)
