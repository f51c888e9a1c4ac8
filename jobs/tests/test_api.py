"""GET /api/v1/jobs and /api/v1/jobs/{id}: the user's own jobs (an administrator's: everyone's), as the pages
show them; another user's job is a 404."""

import pytest

from api.tests import bearer
from jobs.models import Job

pytestmark = pytest.mark.django_db


@pytest.fixture
def jobs(personas):
    def job(user, label, **kw):
        return Job.objects.create(kind="import", label=label, function="x.y", started_by=user, **kw)

    return {
        "running": job(personas.office, "Nhập cán bộ", status=Job.Status.RUNNING, progress_done=1, progress_total=4),
        "done": job(personas.office, "Nhập đơn vị", status=Job.Status.SUCCEEDED, result={"summary": "Xong."}),
        "theirs": job(personas.outsider, "Nhập Hưng Yên"),
    }


def test_the_list_holds_the_users_own_jobs_newest_first(client, personas, jobs):
    response = client.get("/api/v1/jobs", headers=bearer(personas.office))

    assert response.status_code == 200
    assert [(j["label"], j["status"], j["started_by"]) for j in response.json()["items"]] == [
        ("Nhập đơn vị", "succeeded", "office"),
        ("Nhập cán bộ", "running", "office"),
    ]


def test_an_administrator_lists_everyones_jobs(client, personas, jobs):
    response = client.get("/api/v1/jobs", headers=bearer(personas.admin))

    assert response.json()["count"] == 3


def test_one_job_as_its_owner(client, personas, jobs):
    response = client.get(f"/api/v1/jobs/{jobs['running'].pk}", headers=bearer(personas.office))
    body = response.json()

    assert response.status_code == 200
    assert {k: body[k] for k in ("status", "status_label", "in_progress", "progress_done", "progress_total")} == {
        "status": "running",
        "status_label": "Đang chạy",
        "in_progress": True,
        "progress_done": 1,
        "progress_total": 4,
    }
    assert (body["percent"], body["result"], body["error"], body["attempts"]) == (25, None, "", 0)


def test_another_users_job_is_a_404_and_an_administrator_sees_it(client, personas, jobs):
    theirs = client.get(f"/api/v1/jobs/{jobs['running'].pk}", headers=bearer(personas.outsider))
    unknown = client.get("/api/v1/jobs/999999", headers=bearer(personas.office))
    admin = client.get(f"/api/v1/jobs/{jobs['done'].pk}", headers=bearer(personas.admin))

    assert (theirs.status_code, unknown.status_code) == (404, 404)
    assert theirs.json() == {"detail": "Không tìm thấy hoặc nằm ngoài phạm vi của bạn."}
    assert (admin.status_code, admin.json()["result"], admin.json()["percent"]) == (200, {"summary": "Xong."}, 100)
