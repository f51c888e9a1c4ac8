"""The "Công việc" pages: the user's own jobs (an administrator may list everyone's), a job's progress bar that
polls every 2 s while it runs and stops when it ends, its result link or its error; another user's job is a 404."""

import pytest
from django.urls import reverse

from jobs.models import Job

pytestmark = pytest.mark.django_db


@pytest.fixture
def jobs(personas):
    def job(user, label, **kw):
        return Job.objects.create(kind="import", label=label, function="x.y", started_by=user, **kw)

    return {
        "running": job(
            personas.office,
            "Nhập Excel: Cán bộ – can-bo.xlsx",
            status=Job.Status.RUNNING,
            progress_done=250,
            progress_total=600,
            message="Đã kiểm tra 250 / 600 dòng",
        ),
        "done": job(
            personas.office,
            "Nhập Excel: Đơn vị – don-vi.xlsx",
            status=Job.Status.SUCCEEDED,
            result={"url": "/import/7/", "summary": "Tạo mới 3, cập nhật 0, không thay đổi 1."},
        ),
        "failed": job(personas.office, "Hồ sơ", status=Job.Status.FAILED, error="RuntimeError: disk gone"),
        "theirs": job(personas.outsider, "Nhập Excel: Cán bộ – hung-yen.xlsx"),
    }


def _get(client, user, name, *args, **headers):
    client.force_login(user)
    return client.get(reverse(name, args=args), headers=headers)


def test_the_list_shows_the_users_own_jobs_newest_first(client, personas, jobs):
    page = _get(client, personas.office, "jobs:job_list").content.decode()

    assert [page.index(job.label) for job in (jobs["failed"], jobs["done"], jobs["running"])] == sorted(
        page.index(job.label) for job in (jobs["failed"], jobs["done"], jobs["running"])
    )
    assert "hung-yen.xlsx" not in page
    assert page.count('<span class="badge text-bg-primary">Đang chạy</span>') == 1
    assert f'<a href="/cong-viec/{jobs["running"].pk}/">Nhập Excel: Cán bộ – can-bo.xlsx</a>' in page
    assert "(41%)" in page


def test_an_administrator_may_list_everyones_jobs(client, personas, jobs):
    mine = _get(client, personas.admin, "jobs:job_list").content.decode()
    everyone = client.get(reverse("jobs:job_list") + "?all=1").content.decode()
    not_admin = _get(client, personas.outsider, "jobs:job_list")
    not_admin_all = client.get(reverse("jobs:job_list") + "?all=1").content.decode()

    assert ("Chưa có công việc nào." in mine, "hung-yen.xlsx" in everyone, "can-bo.xlsx" in everyone) == (
        True,
        True,
        True,
    )
    assert "<td>outsider</td>" in everyone
    assert ("hung-yen.xlsx" in not_admin.content.decode(), "can-bo.xlsx" in not_admin_all) == (True, False)


def test_a_running_job_polls_itself_every_two_seconds_with_a_bootstrap_progress_bar(client, personas, jobs):
    pk = jobs["running"].pk
    page = _get(client, personas.office, "jobs:job_detail", pk).content.decode()
    fragment = client.get(reverse("jobs:job_detail", args=[pk]), headers={"HX-Request": "true"}).content.decode()

    poll = f'<section id="job" class="card card-body mb-3" hx-get="/cong-viec/{pk}/" hx-trigger="every 2s" hx-swap="outerHTML">'
    assert (page.count(poll), fragment.count(poll), page.count("<html"), fragment.count("<html")) == (1, 1, 1, 0)
    assert '<div class="progress-bar progress-bar-striped progress-bar-animated job-progress-41">41%</div>' in fragment
    assert 'aria-valuenow="41"' in fragment and "Đã kiểm tra 250 / 600 dòng" in fragment


def test_a_finished_job_stops_polling_and_links_its_result(client, personas, jobs):
    fragment = _get(client, personas.office, "jobs:job_detail", jobs["done"].pk, **{"HX-Request": "true"})
    html = fragment.content.decode()

    assert ("hx-trigger" in html, "progress-bar" in html) == (False, False)
    assert "Đã xong. Tạo mới 3, cập nhật 0, không thay đổi 1." in html
    assert '<a class="btn btn-primary" href="/import/7/">' in html


def test_a_failed_job_shows_its_error(client, personas, jobs):
    html = _get(client, personas.office, "jobs:job_detail", jobs["failed"].pk).content.decode()

    assert "Công việc không thành công: RuntimeError: disk gone" in html
    assert "hx-trigger" not in html


def test_another_users_job_is_a_404_but_an_administrator_sees_it(client, personas, jobs):
    theirs = _get(client, personas.outsider, "jobs:job_detail", jobs["running"].pk)
    unknown = _get(client, personas.office, "jobs:job_detail", 999999)
    admin = _get(client, personas.admin, "jobs:job_detail", jobs["running"].pk)

    assert (theirs.status_code, unknown.status_code, admin.status_code) == (404, 404, 200)


def test_a_link_that_is_not_a_path_of_this_site_is_not_shown(personas):
    job = Job(result={"url": "javascript:alert(1)"})
    other = Job(result={"url": "//evil.example/x"})

    assert (job.link, other.link, Job(result=None).link, Job(result=[1]).summary) == ("", "", "", "")
