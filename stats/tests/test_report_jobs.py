"""Statutory report files as jobs (issue 16): the page's buttons start a job (an identical one still pending is
followed instead), the job builds the very report the page shows, and its file is downloaded by whoever reads every
unit it counts (404 for anyone else); the API starts the same job (202) and downloads its file."""

import io

import pytest
from django.http import Http404
from django.urls import reverse
from docx import Document
from openpyxl import load_workbook

from api.tests import bearer
from conftest import client_for
from jobs.models import Job
from organisation.models import Role, RoleGrant
from stats import jobs as report_jobs
from stats import reports

pytestmark = pytest.mark.django_db
API = "/api/v1"
NOT_FOUND = {"detail": "Không tìm thấy hoặc nằm ngoài phạm vi của bạn."}


def cells(content: bytes) -> list[list]:
    sheet = load_workbook(io.BytesIO(content)).active
    return [[c.value for c in row] for row in sheet.iter_rows()]


def docx_text(content: bytes) -> list[str]:
    """Every paragraph of the body, then every cell of every table, in order."""
    doc = Document(io.BytesIO(content))
    return [p.text for p in doc.paragraphs] + [c.text for t in doc.tables for row in t.rows for c in row.cells]


def start(client, fmt="xlsx", **fields):
    return client.post(reverse("stats:stats_report_job"), {"code": "TH-KT-01", "format": fmt, **fields})


def test_the_job_builds_exactly_the_report_the_page_shows(client, personas, data, report_download):
    c = client_for(client, personas.office)
    page = c.get(f"/thong-ke/bao-cao/?year=2024&unit={data.px03.pk}").content.decode()
    assert f'action="{reverse("stats:stats_report_job")}"' in page
    assert f'<input type="hidden" name="unit" value="{data.px03.pk}">' in page
    params = {"year": "2024", "unit": str(data.px03.pk)}
    direct = reports.from_params(personas.office, "TH-KT-01", params)

    job, response, content = report_download(c, "xlsx", **params)
    assert cells(content) == cells(reports.to_xlsx(direct))
    assert cells(content)[-1] == ["Số lượt khen thưởng đã huỷ bỏ (không tính trong bảng): 1", None, None, None, None]
    assert (job.kind, job.args, job.started_by) == (
        "stats_report",
        {"code": "TH-KT-01", "version": 1, "year": 2024, "unit": data.px03.pk, "format": "xlsx"},
        personas.office,
    )
    assert job.label == (
        "Lập báo cáo TH-KT-01 (phiên bản 1) năm 2024, tệp .xlsx: Phòng Công tác đảng và công tác chính trị"
    )
    assert (job.progress_done, job.progress_total, job.link) == (2, 2, f"/thong-ke/bao-cao/tep/{job.pk}/")
    n = len(direct.rows)
    assert job.summary == f"Tệp TH-KT-01-v1-2024.xlsx: {n} dòng danh hiệu, hình thức khen thưởng."
    assert job.result["file"] == f"documents/{job.pk}/TH-KT-01-v1-2024.xlsx"
    assert job.result["paths"] == [data.px03.path]
    assert job.link in c.get(reverse("jobs:job_detail", args=[job.pk])).content.decode()

    job, response, content = report_download(c, "docx", **params)
    assert response["Content-Disposition"] == 'attachment; filename="TH-KT-01-v1-2024.docx"'
    assert docx_text(content) == docx_text(reports.to_docx(direct))
    table = next(t for t in Document(io.BytesIO(content)).tables if t.rows[0].cells[0].text == "STT")
    assert [c.text for c in table.rows[-1].cells] == ["", "Tổng cộng", "2", "4", "6"]


def test_an_old_link_to_a_file_leads_to_the_report_and_its_buttons(client, personas, data):
    c = client_for(client, personas.office)
    response = c.get(f"/thong-ke/bao-cao/?code=TH-KT-01&year=2024&unit={data.px03.pk}&format=xlsx", follow=True)
    assert response.redirect_chain == [(f"/thong-ke/bao-cao/?code=TH-KT-01&year=2024&unit={data.px03.pk}", 302)]
    assert [str(m) for m in response.context["messages"]] == [
        "Bấm “Tải Excel” hoặc “Tải Word” để lập tệp báo cáo ở chế độ nền."
    ]
    assert not Job.objects.exists()


def test_an_identical_pending_job_is_followed_not_queued_twice(client, personas, data, drain):
    c = client_for(client, personas.office)
    first = start(c, year="2024", unit=str(data.px03.pk))
    job = Job.objects.get()
    assert first.url == reverse("jobs:job_detail", args=[job.pk])
    again = start(c, year="2024", unit=str(data.px03.pk), version="1")  # the version in force, named
    assert (again.url, Job.objects.count()) == (first.url, 1)
    followed = c.get(again.url)
    assert [str(m) for m in followed.context["messages"]] == [
        "Tệp báo cáo này đang được lập: theo dõi công việc đã bắt đầu trước."
    ]
    Job.objects.filter(pk=job.pk).update(status=Job.Status.RUNNING)
    assert start(c, year="2024", unit=str(data.px03.pk)).url == first.url
    Job.objects.filter(pk=job.pk).update(status=Job.Status.QUEUED)
    # another format, year or unit, or another user: another job
    others = [
        start(c, "docx", year="2024", unit=str(data.px03.pk)),
        start(c, year="2023", unit=str(data.px03.pk)),
        start(c, year="2024"),
        start(client_for(client, personas.admin), year="2024", unit=str(data.px03.pk)),
    ]
    assert len({r.url for r in others} | {first.url}) == 5
    assert Job.objects.count() == 5
    drain()
    assert set(Job.objects.values_list("status", flat=True)) == {"succeeded"}
    # once done, the same report asked again is built again (the data may have changed)
    c = client_for(client, personas.office)
    assert start(c, year="2024", unit=str(data.px03.pk)).url != first.url
    assert Job.objects.count() == 6


def test_outsiders_neither_start_nor_download(client, personas, data, report_download):
    outsider = client_for(client, personas.outsider)
    assert start(outsider, year="2024", unit=str(data.px03.pk)).status_code == 404
    assert start(client_for(client, personas.officer), year="2024").status_code == 404
    office = client_for(client, personas.office)
    assert start(office, "pdf", year="2024").status_code == 404
    assert start(office, year="2024", version="7").status_code == 404
    assert office.get(reverse("stats:stats_report_job")).status_code == 405
    assert not Job.objects.exists()

    unit_job, _r, _c = report_download(client_for(client, personas.admin), "xlsx", year="2024", unit=str(data.px03.pk))
    whole_job, _r, _c = report_download(client_for(client, personas.admin), "xlsx", year="2024")
    assert whole_job.result["paths"] is None  # the administrator's whole scope: every unit
    # the province's office reads PX03: its file, yes; the administrator's whole country, no
    assert client_for(client, personas.office).get(unit_job.link).status_code == 200
    assert client_for(client, personas.office).get(whole_job.link).status_code == 404
    assert client_for(client, personas.outsider).get(unit_job.link).status_code == 404
    assert client_for(client, personas.officer).get(unit_job.link).status_code == 404
    assert client_for(client, personas.admin).get(f"/thong-ke/bao-cao/tep/{unit_job.pk + 100}/").status_code == 404


def test_the_download_rechecks_the_scope_and_the_job_its_starter(client, personas, data, report_download, drain):
    office = client_for(client, personas.office)
    job, _r, _c = report_download(office, "docx", year="2024")
    assert job.result["paths"] == [data.caqb.path]
    RoleGrant.objects.filter(user=personas.office).delete()  # the office loses its province
    assert office.get(job.link).status_code == 404
    # a job still queued when its starter lost the scope fails, naming why, and leaves no file
    RoleGrant.objects.create(user=personas.office, role=Role.EMULATION_OFFICE, unit=data.caqb)
    start(office, year="2024", unit=str(data.px03.pk))
    pending = Job.objects.get(status=Job.Status.QUEUED)
    RoleGrant.objects.filter(user=personas.office).delete()
    drain()
    pending.refresh_from_db()
    assert (pending.status, pending.error, pending.link) == (
        "failed",
        "Người bắt đầu không còn quyền xem số liệu của phạm vi báo cáo.",
        "",
    )
    with pytest.raises(Http404):
        report_jobs.report_file(personas.admin, pending.pk)


def test_the_api_starts_the_job_202_follows_it_and_downloads_its_file(client, personas, data, drain):
    office = bearer(personas.office)
    url = f"{API}/stats/reports/TH-KT-01/jobs?year=2024&unit={data.px03.pk}&format=xlsx"
    started = client.post(url, headers=office)
    assert started.status_code == 202
    job = started.json()
    assert (job["kind"], job["status"], job["in_progress"], job["result"]) == ("stats_report", "queued", True, None)
    again = client.post(url, headers=office)
    assert (again.status_code, again.json()["id"]) == (202, job["id"])
    assert Job.objects.count() == 1
    refused = client.post(url, headers=bearer(personas.outsider))
    assert (refused.status_code, refused.json()) == (404, NOT_FOUND)
    assert client.post(f"{API}/stats/reports/NOPE/jobs?year=2024&format=xlsx", headers=office).status_code == 404
    assert client.post(f"{API}/stats/reports/TH-KT-01/jobs?year=2024&format=pdf", headers=office).status_code == 422

    drain()
    done = client.get(f"{API}/jobs/{job['id']}", headers=office).json()
    assert (done["status"], done["result"]["url"]) == ("succeeded", f"/thong-ke/bao-cao/tep/{job['id']}/")
    got = client.get(f"{API}/stats/reports/TH-KT-01/jobs/{job['id']}", headers=office)
    assert (got.status_code, got["Content-Disposition"]) == (200, 'attachment; filename="TH-KT-01-v1-2024.xlsx"')
    direct = client.get(f"{API}/stats/reports/TH-KT-01?year=2024&unit={data.px03.pk}&format=xlsx", headers=office)
    assert cells(b"".join(got.streaming_content)) == cells(direct.content)
    hidden = client.get(f"{API}/stats/reports/TH-KT-01/jobs/{job['id']}", headers=bearer(personas.outsider))
    assert (hidden.status_code, hidden.json()) == (404, NOT_FOUND)
    assert client.get(f"{API}/stats/reports/TH-KT-02/jobs/{job['id']}", headers=office).status_code == 404
