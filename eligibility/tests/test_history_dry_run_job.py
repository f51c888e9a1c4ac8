"""The history import's dry run of a big file is a job (issue 16): more data rows than
``HISTORY_DRY_RUN_INLINE_ROWS`` and the page and the API queue it instead of checking the file in the request; the
job writes nothing, its result is the dry run's summary (counts per sheet, the first errors and how many there
were), the import page shows it with the confirmation, and a small file still answers at once."""

import re

import pytest
from django.urls import reverse

from audit.models import AuditEvent
from conftest import client_for
from eligibility.history import jobs as history_jobs
from eligibility.history import reading, run_history_import
from eligibility.history.importer import data_rows
from eligibility.tests.test_history_import import EVERY_KIND, _upload, counts, workbook
from jobs import services as job_services
from jobs.models import Job
from jobs.tests.worker import drain
from organisation.models import PersonRating, UnitRating

URL = "eligibility:history_import"
API = "/api/v1/awards/history/import"

# Against An's stored 2023 HTXSNV and 2022 HTTNV: 2023 changed, 2022 unchanged, 2021 new; the unit's 2023 new.
STORED = [["QB000001", 2023, "HTXSNV"], ["QB000001", 2022, "HTTNV"]]
BIG = {
    "person_ratings": [["QB000001", 2023, "HTTNV"], ["QB000001", 2022, "HTTNV"], ["QB000001", 2021, "HTXSNV"]],
    "unit_ratings": [["CAQB-PX03", 2023, "HTTNV"]],
}


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def stored(org, personas):
    assert run_history_import(workbook(person_ratings=STORED), by=personas.office, dry_run=False).written


def _state() -> tuple:
    ratings = sorted(PersonRating.objects.values_list("person__ident", "year", "rating"))
    return ratings, sorted(UnitRating.objects.values_list("unit_id", "year", "rating")), AuditEvent.objects.count()


def _row(page: str, kind: str) -> list[str]:
    return re.findall(r">(\d+)<", re.search(rf'id="kind-{kind}">(.*?)</tr>', page).group(1))


@pytest.mark.django_db(transaction=True)
def test_a_big_dry_run_is_a_job_whose_result_has_the_exact_counts_and_writes_nothing(
    client, org, personas, settings, media, stored
):
    settings.IMPORT_IN_BACKGROUND = True
    settings.HISTORY_DRY_RUN_INLINE_ROWS = 3
    office = client_for(client, personas.office)
    before = _state()

    started = office.post(reverse(URL), {"file": _upload(workbook(**BIG)), "dry_run": "1"})
    job = Job.objects.get()
    queued = job.status
    drain()
    job.refresh_from_db()

    assert (started.status_code, started["Location"]) == (302, reverse("jobs:job_detail", args=[job.pk]))
    assert queued == "queued"
    assert (job.kind, job.label, job.status, job.error) == (
        "history_dry_run",
        "Chạy thử nhập lịch sử thi đua, khen thưởng – lich-su.xlsx",
        "succeeded",
        "",
    )
    assert job.args["dry_run"] is True and job.args["name"] == "lich-su.xlsx"
    assert (job.progress_done, job.progress_total, job.percent) == (4, 4, 100)
    result = job.result
    assert (result["ok"], result["dry_run"], result["written"], result["total"]) == (True, True, False, 4)
    assert (result["new"], result["changed"], result["unchanged"], result["error_count"]) == (2, 1, 1, 0)
    assert [(k["kind"], k["rows"], k["new"], k["changed"], k["unchanged"]) for k in result["kinds"]] == [
        ("person_ratings", 3, 1, 1, 1),
        ("unit_ratings", 1, 1, 0, 0),
    ]
    assert result["summary"] == "Chạy thử: mới 2, thay đổi 1, không thay đổi 1; chưa ghi gì."
    assert result["url"] == f"{reverse(URL)}?job={job.pk}"
    assert _state() == before  # no rating, no audit row
    assert [p.relative_to(media).as_posix() for p in media.rglob("*.xlsx")] == [job.args["file"]]  # kept

    # The job's page shows the summary and links to the preview, which offers the confirmation.
    job_page = office.get(started["Location"]).content.decode()
    assert "Chạy thử: mới 2, thay đổi 1, không thay đổi 1; chưa ghi gì." in job_page
    assert f'href="{job.link}"' in job_page
    preview = office.get(job.link).content.decode()
    assert "Xem trước: 4 dòng hợp lệ; chưa ghi gì." in preview
    assert (_row(preview, "person_ratings"), _row(preview, "unit_ratings")) == (["1", "1", "1"], ["1", "0", "0"])
    assert "Xác nhận nhập tệp lich-su.xlsx" in preview

    # Confirmed: the import of that very file is a job; once it ran the file is gone and nothing is left to confirm.
    confirmed = office.post(reverse(URL), {"confirm": "1"})
    imported = Job.objects.get(kind="history_import")
    assert confirmed["Location"] == reverse("jobs:job_detail", args=[imported.pk])
    assert imported.args["file"] == job.args["file"]
    assert "Xác nhận nhập tệp" not in office.get(job.link).content.decode()  # queued: not twice
    drain()
    imported.refresh_from_db()
    assert (imported.status, imported.result["summary"]) == ("succeeded", "Mới 2, thay đổi 1, không thay đổi 1.")
    assert sorted(PersonRating.objects.filter(person=org.people.an).values_list("year", "rating")) == [
        (2021, "HTXSNV"),
        (2022, "HTTNV"),
        (2023, "HTTNV"),
    ]
    assert list(media.rglob("*.xlsx")) == []
    again = office.get(job.link).content.decode()
    assert "Xem trước: 4 dòng hợp lệ; chưa ghi gì." in again and "Xác nhận nhập tệp" not in again


@pytest.mark.django_db(transaction=True)
def test_a_big_dry_run_with_errors_fails_its_job_with_the_first_errors_and_their_count(
    client, org, personas, settings, media, monkeypatch
):
    settings.IMPORT_IN_BACKGROUND = True
    settings.HISTORY_DRY_RUN_INLINE_ROWS = 3
    monkeypatch.setattr(history_jobs, "MAX_ERRORS", 2)
    office = client_for(client, personas.office)
    bad = [["QB000001", year, "Giỏi"] for year in (2019, 2020, 2021, 2022, 2023)]
    before = _state()

    started = office.post(reverse(URL), {"file": _upload(workbook(person_ratings=bad)), "dry_run": "1"})
    drain()
    job = Job.objects.get()

    assert started["Location"] == reverse("jobs:job_detail", args=[job.pk])
    assert (job.kind, job.status, job.error) == (
        "history_dry_run",
        "failed",
        "Tệp có 5 lỗi; chưa ghi dữ liệu nào. Hãy sửa tệp rồi nhập lại.",
    )
    assert (job.result["ok"], job.result["error_count"]) == (False, 5)
    assert [(e["sheet"], e["row"], e["column"]) for e in job.result["errors"]] == [
        ("Xếp loại cá nhân", 2, "Xếp loại"),
        ("Xếp loại cá nhân", 3, "Xếp loại"),
    ]
    assert _state() == before
    assert list(media.rglob("*.xlsx")) == []  # nothing to confirm: the kept file is deleted
    page = office.get(job.link).content.decode()
    assert "Tệp có 5 lỗi; chưa ghi dữ liệu nào." in page
    assert page.count("Giá trị không hợp lệ: Giỏi.") == 2
    assert "Còn 3 lỗi khác không hiện ở đây; hãy sửa các lỗi trên rồi kiểm tra lại tệp." in page
    assert "Xác nhận nhập tệp" not in page


@pytest.mark.django_db
def test_a_small_dry_run_still_answers_in_the_request(client, org, personas, settings, media, stored):
    settings.IMPORT_IN_BACKGROUND = True
    settings.HISTORY_DRY_RUN_INLINE_ROWS = 4
    office = client_for(client, personas.office)
    before = _state()
    # Four data rows and a blank one: at the threshold, still inline.
    data = workbook(person_ratings=[*BIG["person_ratings"], [None, None, None]], unit_ratings=BIG["unit_ratings"])

    preview = office.post(reverse(URL), {"file": _upload(data), "dry_run": "1"})

    assert preview.status_code == 200
    assert not Job.objects.exists()
    page = preview.content.decode()
    assert "Xem trước: 4 dòng hợp lệ; chưa ghi gì." in page
    assert (_row(page, "person_ratings"), _row(page, "unit_ratings")) == (["1", "1", "1"], ["1", "0", "0"])
    assert "Xác nhận nhập tệp lich-su.xlsx" in page
    assert "Tệp trên 4 dòng dữ liệu được kiểm tra trong một công việc chạy nền" in page
    assert _state() == before


@pytest.mark.django_db
def test_the_api_answers_a_small_dry_run_with_its_summary_and_a_big_one_with_its_job(
    client, org, personas, settings, media, stored
):
    settings.HISTORY_DRY_RUN_INLINE_ROWS = 3
    office = client_for(client, personas.office)
    before = _state()

    small = office.post(API, {"file": _upload(workbook(person_ratings=BIG["person_ratings"])), "dry_run": "true"})
    big = office.post(API, {"file": _upload(workbook(**BIG)), "dry_run": "true"})

    assert small.status_code == 200, small.content
    assert (small.json()["new"], small.json()["changed"], small.json()["unchanged"]) == (1, 1, 1)
    assert big.status_code == 202, big.content
    created = big.json()
    assert (created["kind"], created["label"]) == (
        "history_dry_run",
        "Chạy thử nhập lịch sử thi đua, khen thưởng – lich-su.xlsx",
    )
    job = office.get(f"/api/v1/jobs/{created['id']}").json()  # run at once with IMPORT_IN_BACKGROUND off
    assert (job["status"], job["percent"]) == ("succeeded", 100)
    result = job["result"]
    assert (result["dry_run"], result["written"], result["new"], result["changed"], result["unchanged"]) == (
        True,
        False,
        2,
        1,
        1,
    )
    assert [(k["kind"], k["new"], k["changed"], k["unchanged"]) for k in result["kinds"]] == [
        ("person_ratings", 1, 1, 1),
        ("unit_ratings", 1, 0, 0),
    ]
    assert _state() == before
    # Every kind of fact in a big dry run: nothing written anywhere.
    everything = counts()
    assert office.post(API, {"file": _upload(workbook(**EVERY_KIND)), "dry_run": "true"}).status_code == 202
    assert Job.objects.filter(kind="history_dry_run", status="succeeded").count() == 2
    assert (counts(), _state()) == (everything, before)
    # The import itself stays a job whatever the size.
    assert office.post(API, {"file": _upload(workbook(person_ratings=STORED))}).status_code == 202


@pytest.mark.django_db
def test_only_the_starter_of_a_big_dry_run_may_confirm_its_file(client, org, personas, settings, media):
    settings.HISTORY_DRY_RUN_INLINE_ROWS = 1
    office = client_for(client, personas.office)
    office.post(reverse(URL), {"file": _upload(workbook(**BIG)), "dry_run": "1"})
    job = Job.objects.get()
    assert job.status == "succeeded"

    admin_page = client_for(client, personas.admin).get(job.link)
    assert admin_page.status_code == 200
    assert "Xem trước: 4 dòng hợp lệ; chưa ghi gì." in admin_page.content.decode()
    assert "Xác nhận nhập tệp" not in admin_page.content.decode()
    assert "Không còn tệp đã xem trước" in client.post(reverse(URL), {"confirm": "1"}).content.decode()
    assert client_for(client, personas.outsider).get(job.link).status_code == 404
    assert not PersonRating.objects.filter(person=org.people.an).exists()


@pytest.mark.django_db
def test_the_dry_run_job_reports_its_progress_without_writing(org, personas, media, monkeypatch):
    monkeypatch.setattr(reading, "PROGRESS_EVERY", 1)
    reported = []
    monkeypatch.setattr(job_services, "progress", lambda pk, done, total, message: reported.append((done, message)))
    job = Job.objects.create(kind=history_jobs.KIND_DRY_RUN, label="x", function="x", started_by=personas.office)
    kept = history_jobs.keep(_upload(workbook(person_ratings=STORED)))

    result = history_jobs.import_history(job, file=kept, user_id=personas.office.pk, name="a.xlsx", dry_run=True)

    assert reported == [
        (0, "Đã kiểm tra 0 / 2 dòng"),
        (1, "Đã kiểm tra 1 / 2 dòng"),
        (2, "Đã kiểm tra 2 dòng"),  # the last row, then the end of the check: nothing is written after
        (2, "Đã kiểm tra 2 dòng"),
    ]
    assert (result["new"], result["written"]) == (2, False)
    assert not PersonRating.objects.filter(person=org.people.an).exists()
    assert [p.name for p in media.rglob("*.xlsx")] == [kept.rsplit("/", 1)[1]]


@pytest.mark.django_db
def test_data_rows_counts_the_template_sheets_rows_and_stops_past_its_limit():
    data = workbook(**EVERY_KIND)  # nine data rows over seven sheets, and a guide sheet

    assert data_rows(data) == 9
    assert data_rows(data, stop_after=2) == 3
    assert data_rows(data, stop_after=9) == 9
    assert data_rows(b"not a workbook") == 0  # refused or unreadable: checked inline, which says why
