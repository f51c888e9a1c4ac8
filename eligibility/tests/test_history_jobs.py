"""The history import as a job of the queue (issue 16): the confirmed import is queued and a worker
(``db_worker --batch``) runs it with its progress; a file with errors fails the job with them, nothing written;
the import page shows a job's result to whoever may see the job; re-running the job changes nothing."""

import pytest
from django.urls import reverse

from audit.models import AuditEvent
from conftest import client_for
from eligibility.history import jobs as history_jobs
from eligibility.history import reading
from eligibility.tests.test_history_import import _upload, workbook
from jobs import services as job_services
from jobs.models import Job
from jobs.tests.worker import drain
from organisation.models import PersonRating

URL = "eligibility:history_import"


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.mark.django_db(transaction=True)
def test_in_the_background_the_confirmed_import_is_a_job_that_a_worker_runs(client, org, personas, settings, media):
    settings.IMPORT_IN_BACKGROUND = True
    office = client_for(client, personas.office)
    data = workbook(person_ratings=[["QB000001", 2023, "HTXSNV"], ["QB000001", 2022, "HTTNV"]])
    office.post(reverse(URL), {"file": _upload(data), "dry_run": "1"})

    confirmed = office.post(reverse(URL), {"confirm": "1"})
    job = Job.objects.get()
    queued = (job.status, PersonRating.objects.filter(person=org.people.an).count())
    kept = [p.name for p in media.rglob("*.xlsx")]
    drain()
    job.refresh_from_db()

    assert confirmed["Location"] == reverse("jobs:job_detail", args=[job.pk])
    assert queued == ("queued", 0)
    assert job.args == {"file": f"history-imports/{kept[0]}", "user_id": personas.office.pk, "name": "lich-su.xlsx"}
    assert (job.started_by, job.retry_safe, job.status, job.error) == (personas.office, True, "succeeded", "")
    assert (job.progress_done, job.progress_total, job.percent) == (2, 2, 100)
    assert job.result["summary"] == "Mới 2, thay đổi 0, không thay đổi 0."
    assert [(k["kind"], k["new"]) for k in job.result["kinds"]] == [("person_ratings", 2)]
    assert dict(PersonRating.objects.filter(person=org.people.an).values_list("year", "rating")) == {
        2022: "HTTNV",
        2023: "HTXSNV",
    }
    assert list(media.rglob("*.xlsx")) == []


@pytest.mark.django_db(transaction=True)
def test_in_the_background_a_file_with_errors_fails_its_job_with_them_and_writes_nothing(
    client, org, personas, settings, media
):
    settings.IMPORT_IN_BACKGROUND = True
    office = client_for(client, personas.office)
    data = workbook(person_ratings=[["QB000001", 2023, "HTXSNV"], ["QB000001", 2022, "Giỏi"]])

    started = office.post(reverse(URL), {"file": _upload(data)})
    drain()
    job = Job.objects.get()

    assert started["Location"] == reverse("jobs:job_detail", args=[job.pk])
    assert (job.status, job.error) == ("failed", "Tệp có 1 lỗi; chưa ghi dữ liệu nào. Hãy sửa tệp rồi nhập lại.")
    assert job.result["errors"] == [
        {
            "sheet": "Xếp loại cá nhân",
            "row": 3,
            "column": "Xếp loại",
            "message": "Giá trị không hợp lệ: Giỏi. Xem danh sách trong sheet Hướng dẫn.",
        }
    ]
    assert not PersonRating.objects.filter(person=org.people.an).exists()
    assert list(media.rglob("*.xlsx")) == []
    # The job's page links to the import page, which lists the errors.
    assert f'href="{job.link}"' in office.get(started["Location"]).content.decode()
    page = office.get(job.link).content.decode()
    assert "Tệp có 1 lỗi; chưa ghi dữ liệu nào." in page
    assert "Giá trị không hợp lệ: Giỏi." in page
    assert "Xác nhận nhập tệp" not in page


@pytest.mark.django_db
def test_a_jobs_result_page_is_its_starters_and_a_job_still_running_sends_to_its_page(client, org, personas, media):
    office = client_for(client, personas.office)
    office.post(reverse(URL), {"file": _upload(workbook(person_ratings=[["QB000001", 2023, "HTXSNV"]]))})
    job = Job.objects.get()
    assert office.get(reverse(URL), {"job": job.pk}).status_code == 200
    assert client_for(client, personas.unit_officer).get(reverse(URL), {"job": job.pk}).status_code == 404
    office = client_for(client, personas.office)
    assert office.get(reverse(URL), {"job": "x"}).status_code == 404
    assert office.get(reverse(URL), {"job": job.pk + 1}).status_code == 404

    Job.objects.filter(pk=job.pk).update(status=Job.Status.RUNNING)
    running = office.get(reverse(URL), {"job": job.pk})
    assert (running.status_code, running["Location"]) == (302, reverse("jobs:job_detail", args=[job.pk]))
    Job.objects.filter(pk=job.pk).update(kind="import", status=Job.Status.SUCCEEDED)
    assert office.get(reverse(URL), {"job": job.pk}).status_code == 404


@pytest.mark.django_db
def test_the_job_reports_its_progress_and_running_it_again_changes_nothing(org, personas, media, monkeypatch):
    monkeypatch.setattr(reading, "PROGRESS_EVERY", 1)
    reported = []
    monkeypatch.setattr(job_services, "progress", lambda pk, done, total, message: reported.append((done, message)))
    data = workbook(person_ratings=[["QB000001", 2023, "HTXSNV"], ["QB000001", 2022, "HTTNV"]])
    job = Job.objects.create(kind=history_jobs.KIND, label="x", function="x", started_by=personas.office)

    first = history_jobs.import_history(
        job, file=history_jobs.keep(_upload(data)), user_id=personas.office.pk, name="lich-su.xlsx"
    )
    again = history_jobs.import_history(
        job, file=history_jobs.keep(_upload(data)), user_id=personas.office.pk, name="lich-su.xlsx"
    )

    assert reported[:4] == [
        (0, "Đã kiểm tra 0 / 2 dòng"),
        (1, "Đã kiểm tra 1 / 2 dòng"),
        (2, "Đã kiểm tra 2 dòng; đang ghi…"),
        (2, "Đã kiểm tra 2 dòng; đang ghi…"),
    ]
    assert history_jobs.import_history.job_spec.retry_safe is True
    assert (first["new"], first["unchanged"], again["new"], again["unchanged"]) == (2, 0, 0, 2)
    assert PersonRating.objects.filter(person=org.people.an).count() == 2
    # The import's audit names the file by its own name, not the kept one's.
    assert AuditEvent.objects.filter(note="Nhập lịch sử thi đua, khen thưởng từ tệp lich-su.xlsx").count() == 1


@pytest.mark.django_db
def test_a_job_whose_kept_file_is_gone_fails_saying_so(org, personas, media):
    job = job_services.enqueue(
        history_jobs.KIND,
        history_jobs.import_history,
        by=personas.office,
        label="x",
        file="history-imports/gone.xlsx",
        user_id=personas.office.pk,
    )
    job_services.run_job(job.pk)
    job.refresh_from_db()
    assert (job.status, job.error) == ("failed", "Không còn tệp để nhập; hãy tải tệp lên lại.")
