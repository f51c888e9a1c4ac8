"""Documents at volume (issue 16): the memo and the decision .docx read a fixed number of rows whatever the
number of lines; a big proposal's dossier and a big decision's certificate batch are jobs started by the page's
button, whose file is downloaded by whoever reads the proposal or decision (404 for anyone else)."""

import datetime
import io
import zipfile

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pypdf import PdfReader

from commendation import certificates, dossier, exports
from commendation import jobs as document_jobs
from commendation.models import Decision, DecisionLine, Proposal, ProposalLine
from conftest import client_for
from honours.models import AwardForm, Title
from jobs import services as job_services
from jobs.models import Job
from organisation.models import Person

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _people(org, count: int) -> list[Person]:
    first = Person.objects.filter(ident__startswith="DOC").count()
    return Person.objects.bulk_create(
        Person(
            ident=f"DOC{first + i:06d}",
            full_name=f"Nguyễn Văn Số {i}",
            name_folded=f"nguyen van so {i}",
            sex="M",
            rank="dai_uy",
            position="Cán bộ",
            unit=org.px03 if i % 2 else org.ph10,
        )
        for i in range(count)
    )


def _proposal(org, count: int) -> Proposal:
    """A proposal of ``count`` lines: people alternately proposed for CSTT and a Giấy khen, and one unit."""
    proposal = Proposal.objects.create(
        unit=org.px03, to_unit=org.caqb, year=2024, title="Đề nghị khen thưởng năm 2024", number="15/TTr-PX03"
    )
    cstt, gk = Title.objects.get(code="CSTT"), AwardForm.objects.get(code="GK")
    lines = [ProposalLine(proposal=proposal, unit=org.ph10, award_form=gk, order=0)]
    lines += [
        ProposalLine(
            proposal=proposal, person=p, title=None if i % 2 else cstt, award_form=gk if i % 2 else None, order=i
        )
        for i, p in enumerate(_people(org, count - 1), start=1)
    ]
    ProposalLine.objects.bulk_create(lines)
    return proposal


def _decision(org, count: int) -> Decision:
    decision = Decision.objects.create(
        issuing_unit=org.caqb,
        year=2024,
        number=12 + Decision.objects.count(),
        symbol="QĐ-CAT",
        date=datetime.date(2024, 12, 10),
        place="Quảng Bình",
        subject="Về việc tặng Giấy khen",
        signer_name="Lê Quang Hưng",
        signer_position="Giám đốc",
        status=Decision.Status.ISSUED,
    )
    gk = AwardForm.objects.get(code="GK")
    lines = [DecisionLine(decision=decision, unit=org.ph10, award_form=gk, order=0)]
    lines += [
        DecisionLine(decision=decision, person=p, award_form=gk, register_number=f"Số {i}/GK-2024", order=i)
        for i, p in enumerate(_people(org, count - 1), start=1)
    ]
    DecisionLine.objects.bulk_create(lines)
    return decision


def _queries(build) -> int:
    with CaptureQueriesContext(connection) as queries:
        build()
    return len(queries)


def test_the_memo_and_the_decision_read_as_many_rows_for_2_lines_as_for_20(org):
    memos, decisions = [], []
    for n in (2, 20):
        proposal = Proposal.objects.select_related("unit", "to_unit").get(pk=_proposal(org, n).pk)
        if n == 20:  # more units too: each unit line names its parent unit
            for unit in (org.px03, org.district):
                ProposalLine.objects.create(proposal=proposal, unit=unit, award_form=AwardForm.objects.get(code="GK"))
        memos.append(_queries(lambda p=proposal: dossier.memo_docx(p)))
        decision = Decision.objects.select_related("issuing_unit").get(pk=_decision(org, n).pk)
        decisions.append(_queries(lambda d=decision: exports.decision_docx(d)))
    assert memos[0] == memos[1]
    assert decisions[0] == decisions[1]


def test_a_big_memo_lists_every_line_in_order(org):
    from docx import Document

    proposal = _proposal(org, 120)
    document = Document(io.BytesIO(dossier.memo_docx(proposal)))
    rows = [[c.text for c in row.cells] for table in document.tables if len(table.columns) == 5 for row in table.rows]
    titles = [r for r in rows if r[3] == "Chiến sĩ tiên tiến"]
    forms = [r for r in rows if r[3] == "Giấy khen"]
    assert (len(titles), len(forms)) == (59, 61)
    assert forms[0] == ["1", "Phòng Hậu cần", "Công an tỉnh Quảng Bình", "Giấy khen", "Không có quy tắc kiểm tra"]
    assert forms[1][:3] == ["2", "Nguyễn Văn Số 0", "Cán bộ, Phòng Hậu cần"]
    assert titles[-1][:3] == ["59", "Nguyễn Văn Số 117", "Cán bộ, Phòng Công tác đảng và công tác chính trị"]


def test_the_page_starts_a_big_dossiers_job_and_only_readers_download_it(client, org, personas, monkeypatch):
    monkeypatch.setattr(document_jobs, "SMALL", 3)
    proposal = _proposal(org, 4)
    officer = client_for(client, personas.unit_officer)
    page = officer.get(reverse("commendation:proposal_detail", args=[proposal.pk])).content.decode()
    assert f'action="{reverse("commendation:proposal_dossier_job", args=[proposal.pk])}"' in page
    # the direct download of a big dossier leads back to the page and its button
    direct = officer.get(reverse("commendation:proposal_dossier_zip", args=[proposal.pk]))
    assert (direct.status_code, direct.url) == (302, reverse("commendation:proposal_detail", args=[proposal.pk]))

    started = officer.post(reverse("commendation:proposal_dossier_job", args=[proposal.pk]))
    job = Job.objects.get()
    assert (started.status_code, started.url) == (302, reverse("jobs:job_detail", args=[job.pk]))
    assert (job.kind, job.args, job.started_by, job.status) == (
        "dossier",
        {"proposal_id": proposal.pk},
        personas.unit_officer,
        "queued",
    )

    job_services.run_job(job.pk)
    job.refresh_from_db()
    url = reverse("commendation:proposal_dossier_file", args=[proposal.pk, job.pk])
    assert (job.status, job.link, job.progress_done, job.progress_total) == ("succeeded", url, 4, 4)
    assert job.summary == "Hồ sơ gồm tờ trình và 4 báo cáo thành tích."
    assert url in officer.get(reverse("jobs:job_detail", args=[job.pk])).content.decode()

    got = officer.get(url)
    assert (got.status_code, got["Content-Disposition"]) == (
        200,
        f'attachment; filename="ho-so-de-nghi-{proposal.pk}.zip"',
    )
    names = zipfile.ZipFile(io.BytesIO(b"".join(got.streaming_content))).namelist()
    assert names == [
        "01_to_trinh.docx",
        "02_bao_cao_thanh_tich/01_Phòng_Hậu_cần.docx",
        "02_bao_cao_thanh_tich/02_Nguyễn_Văn_Số_0.docx",
        "02_bao_cao_thanh_tich/03_Nguyễn_Văn_Số_1.docx",
        "02_bao_cao_thanh_tich/04_Nguyễn_Văn_Số_2.docx",
    ]
    # the office of the receiving body reads the proposal: it may download the file too
    assert client_for(client, personas.office).get(url).status_code == 200
    outsider = client_for(client, personas.outsider)
    assert outsider.get(url).status_code == 404
    assert outsider.post(reverse("commendation:proposal_dossier_job", args=[proposal.pk])).status_code == 404
    # another proposal's address for the same job finds nothing
    other = _proposal(org, 2)
    assert (
        client_for(client, personas.admin)
        .get(reverse("commendation:proposal_dossier_file", args=[other.pk, job.pk]))
        .status_code
        == 404
    )


def test_a_small_dossier_is_downloaded_at_once(client, org, personas):
    proposal = _proposal(org, 3)
    officer = client_for(client, personas.unit_officer)
    started = officer.post(reverse("commendation:proposal_dossier_job", args=[proposal.pk]))
    assert (started.status_code, started.url) == (302, reverse("commendation:proposal_dossier_zip", args=[proposal.pk]))
    assert not Job.objects.exists()
    zipped = officer.get(started.url)
    assert (zipped.status_code, zipped["Content-Type"]) == (200, "application/zip")


def test_the_page_starts_a_big_certificate_batch_laid_out_a_few_pages_at_a_time(client, org, personas, monkeypatch):
    monkeypatch.setattr(document_jobs, "SMALL", 3)
    monkeypatch.setattr(certificates, "BATCH_PAGES", 2)
    decision = _decision(org, 5)
    office = client_for(client, personas.office)
    page = office.get(reverse("commendation:decision_certificates", args=[decision.pk])).content.decode()
    assert f'action="{reverse("commendation:decision_certificates_job", args=[decision.pk])}"' in page

    started = office.post(reverse("commendation:decision_certificates_job", args=[decision.pk]))
    job = Job.objects.get()
    assert started.url == reverse("jobs:job_detail", args=[job.pk])
    assert job.args == {"decision_id": decision.pk, "draft": False}
    job_services.run_job(job.pk)
    job.refresh_from_db()
    url = reverse("commendation:decision_certificates_file", args=[decision.pk, job.pk])
    assert (job.status, job.link, job.progress_total, job.summary) == ("succeeded", url, 5, "5 bằng trong một tệp PDF.")

    got = office.get(url)
    pdf = PdfReader(io.BytesIO(b"".join(got.streaming_content)))
    assert (got.status_code, got["Content-Disposition"]) == (
        200,
        f'attachment; filename="bang-quyet-dinh-{decision.pk}.pdf"',
    )
    assert len(pdf.pages) == 5
    assert "Nguyễn Văn Số 3" in pdf.pages[4].extract_text()
    assert client_for(client, personas.outsider).get(url).status_code == 404
    # a reader who may not print the final certificates gets neither the batch nor its file
    leader = client_for(client, personas.leader)
    assert leader.get(url).status_code == 403
    assert leader.post(reverse("commendation:decision_certificates_job", args=[decision.pk])).status_code == 403


def test_a_draft_batch_is_a_job_too_and_a_final_one_of_a_draft_decision_is_refused(client, org, personas, monkeypatch):
    monkeypatch.setattr(document_jobs, "SMALL", 3)
    decision = _decision(org, 3)
    Decision.objects.filter(pk=decision.pk).update(status=Decision.Status.DRAFT)
    office = client_for(client, personas.office)
    refused = office.post(reverse("commendation:decision_certificates_job", args=[decision.pk]), follow=True)
    assert "Quyết định chưa ban hành hoặc đã bị huỷ bỏ: chỉ xem được bản nháp." in refused.content.decode()
    assert not Job.objects.exists()
    office.post(reverse("commendation:decision_certificates_job", args=[decision.pk]), {"draft": "1"})
    job = Job.objects.get()
    job_services.run_job(job.pk)
    job.refresh_from_db()
    assert job.result["file"] == f"documents/{job.pk}/bang-quyet-dinh-{decision.pk}-ban-nhap.pdf"
    got = office.get(job.link)
    assert (got.status_code, len(PdfReader(io.BytesIO(b"".join(got.streaming_content))).pages)) == (200, 3)


def test_a_long_tables_cells_keep_their_text_whatever_it_holds():
    """The table's body cells are copies of a first one: empty cells, edge spaces, line breaks and tabs still read
    back as given, every row in its place."""
    from docx import Document

    from documents.govdoc import GovDocument

    values = [["1", None, "Giấy khen"], ["2", "", " lề trái"], ["3", "hai\ndòng", "a\tb"]] * 40
    doc = GovDocument(issuer="Công an tỉnh Quảng Bình")
    doc.table(["TT", "Họ và tên", "Hình thức"], values)
    table = Document(io.BytesIO(doc.to_bytes())).tables[-1]
    read = [[cell.text for cell in row.cells] for row in table.rows]
    assert read[0] == ["TT", "Họ và tên", "Hình thức"]
    assert read[1:] == [["1", "", "Giấy khen"], ["2", "", " lề trái"], ["3", "hai\ndòng", "a\tb"]] * 40
