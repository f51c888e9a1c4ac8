"""Documents at volume through the API (issue 16): a proposal's dossier and a decision's certificate batch started
as jobs (202 with the job), followed at /jobs/{id}, their file downloaded by whoever reads the proposal or decision
(404 for anyone else)."""

import io
import zipfile

import pytest
from pypdf import PdfReader

from api.tests import bearer
from commendation.tests.test_document_jobs import _decision, _proposal
from jobs import services as job_services

pytestmark = pytest.mark.django_db
API = "/api/v1"
NOT_FOUND = {"detail": "Không tìm thấy hoặc nằm ngoài phạm vi của bạn."}


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def test_a_dossier_job_is_started_followed_and_its_file_downloaded_by_readers_only(client, org, personas):
    proposal = _proposal(org, 3)
    officer = bearer(personas.unit_officer)
    started = client.post(f"{API}/proposals/{proposal.pk}/dossier/jobs", headers=officer)
    assert started.status_code == 202
    job = started.json()
    assert (job["kind"], job["status"], job["in_progress"]) == ("dossier", "queued", True)
    outsider = bearer(personas.outsider)
    refused = client.post(f"{API}/proposals/{proposal.pk}/dossier/jobs", headers=outsider)
    assert (refused.status_code, refused.json()) == (404, NOT_FOUND)

    job_services.run_job(job["id"])
    done = client.get(f"{API}/jobs/{job['id']}", headers=officer).json()
    assert (done["status"], done["result"]["url"]) == (
        "succeeded",
        f"/proposals/{proposal.pk}/dossier/{job['id']}.zip",
    )
    got = client.get(f"{API}/proposals/{proposal.pk}/dossier/jobs/{job['id']}", headers=officer)
    assert got.status_code == 200
    names = zipfile.ZipFile(io.BytesIO(b"".join(got.streaming_content))).namelist()
    assert len(names) == 4 and names[0] == "01_to_trinh.docx"
    hidden = client.get(f"{API}/proposals/{proposal.pk}/dossier/jobs/{job['id']}", headers=outsider)
    assert (hidden.status_code, hidden.json()) == (404, NOT_FOUND)
    assert client.get(f"{API}/proposals/{proposal.pk}/dossier/jobs/{job['id'] + 1}", headers=officer).status_code == 404


def test_a_certificate_batch_job_final_or_draft(client, org, personas):
    decision = _decision(org, 3)
    office = bearer(personas.office)
    started = client.post(f"{API}/certificates/decisions/{decision.pk}/jobs", headers=office)
    assert started.status_code == 202
    job_id = started.json()["id"]
    job_services.run_job(job_id)
    got = client.get(f"{API}/certificates/decisions/{decision.pk}/jobs/{job_id}", headers=office)
    assert (got.status_code, len(PdfReader(io.BytesIO(b"".join(got.streaming_content))).pages)) == (200, 3)
    outsider = bearer(personas.outsider)
    assert client.get(f"{API}/certificates/decisions/{decision.pk}/jobs/{job_id}", headers=outsider).status_code == 404
    assert client.post(f"{API}/certificates/decisions/{decision.pk}/jobs", headers=outsider).status_code == 404

    decision.status = decision.Status.DRAFT
    decision.save(update_fields=["status"])
    refused = client.post(f"{API}/certificates/decisions/{decision.pk}/jobs", headers=office)
    assert (refused.status_code, refused.json()) == (
        422,
        {"detail": "Quyết định chưa ban hành hoặc đã bị huỷ bỏ: chỉ xem được bản nháp."},
    )
    draft = client.post(f"{API}/certificates/decisions/{decision.pk}/jobs?draft=true", headers=office)
    assert (draft.status_code, draft.json()["label"]) == (
        202,
        "In bản nháp bằng cả quyết định: 12/QĐ-CAT ngày 10/12/2024",
    )
