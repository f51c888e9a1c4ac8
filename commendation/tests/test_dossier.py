"""The dossier from the data: the memo with its recipients, the achievement reports pre-filled
from the records (or as edited), the whole dossier as one .zip with the signed scans."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from docx import Document

from commendation import dossier
from commendation.services import proposals as wf
from commendation.services.dossier_files import attach_dossier_file, set_achievement_report
from eligibility.models import Initiative
from honours.models import AwardForm, Title, TitleAward

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _text(data: bytes) -> list[str]:
    doc = Document(io.BytesIO(data))
    out = [p.text for p in doc.paragraphs if p.text.strip()]
    for table in doc.tables:
        for row in table.rows:
            out.append(" | ".join(c.text for c in row.cells))
    return out


@pytest.fixture
def proposal(org, personas, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    p = wf.create_proposal(
        unit=org.px03,
        to_unit=org.caqb,
        year=2024,
        title="Đề nghị tặng danh hiệu năm 2024",
        number="15/TTr-PX03",
        by=personas.unit_officer,
    )
    wf.add_line(p, person=org.people.binh, title=Title.objects.get(code="CSTT"), by=personas.unit_officer)
    wf.add_line(p, person=org.people.cuong, award_form=AwardForm.objects.get(code="GK"), by=personas.unit_officer)
    line = p.lines.get(person=org.people.cuong)
    wf.set_justification(line, "Hoàn thành xuất sắc chuyên đề.", by=personas.unit_officer)
    return p


def test_the_memo_lists_titles_and_forms_apart_with_the_justification(proposal):
    text = _text(dossier.memo_docx(proposal))
    assert "TỜ TRÌNH" in text and "Đề nghị tặng danh hiệu năm 2024" in text
    assert "Mẫu số 01 – Nghị định số 152/2025/NĐ-CP" in text
    assert "Kính gửi: Hội đồng Thi đua – Khen thưởng Công an tỉnh Quảng Bình" in text
    assert "Số: 15/TTr-PX03" in " ".join(text)
    rows = [t for t in text if " | " in t and t.split(" | ")[0] in ("1", "2", "TT")]
    assert rows == [
        "TT | Họ và tên / Tập thể | Chức vụ, đơn vị | Danh hiệu, hình thức | Kiểm tra điều kiện",
        "1 | Trần Thị Bình | Cán bộ, Phòng Công tác đảng và công tác chính trị | Chiến sĩ tiên tiến | Đủ điều kiện",
        "TT | Họ và tên / Tập thể | Chức vụ, đơn vị | Danh hiệu, hình thức | Kiểm tra điều kiện",
        "1 | Lê Văn Cường | Cán bộ, Phòng Công tác đảng và công tác chính trị | Giấy khen | Chưa đủ điều kiện",
    ]
    assert "Lê Văn Cường (Giấy khen): Hoàn thành xuất sắc chuyên đề." in text


def test_the_report_is_prefilled_from_the_records_and_the_edit_wins(org, personas, proposal):
    TitleAward.objects.create(
        title=Title.objects.get(code="CSTT"),
        person=org.people.binh,
        year=2023,
        decision_ref="12/QĐ-CAT ngày 10/12/2023",
    )
    import datetime

    Initiative.objects.create(
        person=org.people.binh, title="Số hoá hồ sơ đảng viên", level="co_so", recognised_on=datetime.date(2024, 5, 2)
    )
    line = proposal.lines.get(person=org.people.binh)
    assert dossier.report_text(line).splitlines() == [
        "I. SƠ LƯỢC LÝ LỊCH",
        "Họ và tên: Trần Thị Bình. Cấp bậc: Đại úy. Chức vụ: Cán bộ. Đơn vị: Phòng Công tác đảng và công tác "
        "chính trị.",
        "II. THÀNH TÍCH ĐẠT ĐƯỢC",
        "(Đơn vị bổ sung thành tích cụ thể.)",
        "Kết quả xếp loại:",
        "- Năm 2024: Hoàn thành xuất sắc nhiệm vụ.",
        "- Năm 2023: Hoàn thành xuất sắc nhiệm vụ.",
        "- Năm 2022: Hoàn thành tốt nhiệm vụ.",
        "- Năm 2021: chưa xếp loại.",
        "- Năm 2020: chưa xếp loại.",
        "III. CÁC HÌNH THỨC ĐÃ ĐƯỢC KHEN THƯỞNG",
        "- Năm 2023: Chiến sĩ tiên tiến (Quyết định 12/QĐ-CAT ngày 10/12/2023).",
        "Sáng kiến, đề tài:",
        "- Số hoá hồ sơ đảng viên (Cấp cơ sở, công nhận ngày 02/05/2024).",
    ]
    assert "Mẫu số 02 – Nghị định số 152/2025/NĐ-CP" in _text(dossier.report_docx(line))
    set_achievement_report(line, text="I. SƠ LƯỢC LÝ LỊCH\nĐã sửa.", by=personas.unit_officer)
    line.refresh_from_db()
    assert "Đã sửa." in _text(dossier.report_docx(line))


def test_the_zip_holds_the_memo_the_reports_and_the_scans(personas, proposal):
    attach_dossier_file(proposal, SimpleUploadedFile("tờ trình đã ký.pdf", PDF), kind="memo", by=personas.unit_officer)
    archive = zipfile.ZipFile(io.BytesIO(dossier.dossier_zip(proposal)))
    assert archive.namelist() == [
        "01_to_trinh.docx",
        "02_bao_cao_thanh_tich/01_Trần_Thị_Bình.docx",
        "02_bao_cao_thanh_tich/02_Lê_Văn_Cường.docx",
        "03_tai_lieu_da_ky/01_memo_tờ_trình_đã_ký.pdf",
    ]
    assert archive.read("03_tai_lieu_da_ky/01_memo_tờ_trình_đã_ký.pdf") == PDF


def test_the_zips_queries_do_not_grow_with_its_lines(org):
    """The reports of every line are read together (ratings, honours, initiatives in a few queries): a
    proposal of 2 lines and one of 4 cost the same number of queries."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from commendation.tests.test_decisions import make_proposal

    p = org.people
    small = make_proposal(org, (p.an, "CSTT"), (p.binh, "CSTT"))
    large = make_proposal(org, (p.an, "CSTT"), (p.binh, "CSTT"), (p.cuong, "CSTT"), (p.dung, "CSTDCS"))
    counts = []
    for proposal in (small, large):
        with CaptureQueriesContext(connection) as queries:
            dossier.dossier_zip(proposal)
        counts.append(len(queries))
    assert counts[0] == counts[1]
