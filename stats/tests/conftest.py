import pytest
from django.urls import reverse

from honours.models import AwardForm, FormAward, Title, TitleAward
from jobs import services as job_services
from jobs.models import Job


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def drain():
    """Run every queued job in this process and in the test's transaction, oldest first, as a worker would
    (``jobs.services.run_job``, the task's body; ``db_worker`` itself closes the test's PostgreSQL connection)."""

    def run():
        for pk in Job.objects.filter(status=Job.Status.QUEUED).order_by("pk").values_list("pk", flat=True):
            job_services.run_job(pk)

    return run


@pytest.fixture
def report_download(drain):
    """A report file as the page gives it: its button (POST) starts the job, the queue is drained, the job's link is
    downloaded by the same client. Returns (job, response, the file's bytes)."""

    def download(client, fmt: str, **fields):
        started = client.post(reverse("stats:stats_report_job"), {"code": "TH-KT-01", "format": fmt, **fields})
        assert started.status_code == 302, started.status_code
        job = Job.objects.get(pk=int(started.url.rstrip("/").rsplit("/", 1)[1]))
        drain()
        job.refresh_from_db()
        assert job.status == Job.Status.SUCCEEDED, job.error
        response = client.get(job.link)
        assert response.status_code == 200
        return job, response, b"".join(response.streaming_content)

    return download


@pytest.fixture
def data(org):
    p = org.people
    t = {x.code: x for x in Title.objects.all()}
    f = {x.code: x for x in AwardForm.objects.all()}
    TitleAward.objects.bulk_create(
        [
            TitleAward(title=t["CSTT"], person=p.an, year=2024),
            TitleAward(title=t["CSTT"], person=p.binh, year=2024),
            TitleAward(title=t["CSTT"], person=p.dung, year=2024, annulled=True),
            TitleAward(title=t["DVTT"], unit=org.px03, year=2024),
            TitleAward(title=t["DVQT"], unit=org.ph10, year=2024),
            TitleAward(title=t["CSTT"], person=p.cuong, year=2023),  # another year
            TitleAward(title=t["CSTT"], person=p.hoa, year=2024),  # Hưng Yên
        ]
    )
    FormAward.objects.bulk_create(
        [
            FormAward(award_form=f["GK"], person=p.cuong, year=2024),
            FormAward(award_form=f["GK_TT"], unit=org.px03, year=2024),
            FormAward(award_form=f["BK_BO"], person=p.an, year=2024),
            FormAward(award_form=f["BK_TTG"], person=p.binh, year=2024, annulled=True),
            FormAward(award_form=f["GK"], unit=org.hy_px03, year=2024),
        ]
    )
    return org
