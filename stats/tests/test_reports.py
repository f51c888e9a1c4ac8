"""Statutory report forms: exact cells on fixed data (annulled rows left out), versions, outsiders."""

import datetime
import io

import pytest
from docx import Document
from openpyxl import load_workbook

from conftest import client_for
from honours.models import AwardForm, Title
from stats import reports
from stats.reports import Column, ReportForm
from stats.tallies import Scope

pytestmark = pytest.mark.django_db


def catalogue_names():
    return [e.name for e in Title.objects.order_by("rank", "code") if e.active] + [
        e.name for e in AwardForm.objects.order_by("rank", "code") if e.active
    ]


def nonzero(rows):
    return {r[1]: r[2:] for r in rows if r[-1]}


def expected(org):
    """Quảng Bình, 2024, by hand: the annulled CSTT and BK_TTG, 2023 and Hưng Yên left out."""
    return {
        "Chiến sĩ tiên tiến": [0, 2, 2],
        "Đơn vị tiên tiến": [1, 0, 1],
        "Đơn vị Quyết thắng": [1, 0, 1],
        "Giấy khen": [0, 1, 1],
        "Giấy khen (tập thể)": [1, 0, 1],
        AwardForm.objects.get(code="BK_BO").name: [0, 1, 1],
    }


def test_the_version_in_force_and_registry():
    form = reports.form_for("TH-KT-01", 2024)
    assert (form.code, form.version) == ("TH-KT-01", 1)
    assert reports.form_for("TH-KT-01", 2019) is None  # before the form existed
    assert reports.form_for("TH-KT-01", 2024, 9) is None
    with pytest.raises(ValueError):
        reports.register(reports.TH_KT_01_V1)


def test_th_kt_01_v1_cells_on_fixed_data(data):
    report = reports.build(reports.form_for("TH-KT-01", 2024), Scope(2024, 2024, (data.caqb.path,), label="QB"))
    assert report.headers == ["STT", "Danh hiệu, hình thức khen thưởng", "Tập thể", "Cá nhân", "Cộng"]
    assert [r[1] for r in report.rows] == catalogue_names()  # titles first, then forms, rank order
    assert [r[0] for r in report.rows] == list(range(1, len(report.rows) + 1))
    assert nonzero(report.rows) == expected(data)
    assert report.total == ["", "Tổng cộng", 3, 4, 7]  # annulled CSTT and BK_TTG left out
    assert report.annulled == 2


def test_xlsx_cells(data):
    report = reports.build(reports.form_for("TH-KT-01", 2024), Scope(2024, 2024, (data.caqb.path,), label="QB"))
    ws = load_workbook(io.BytesIO(reports.to_xlsx(report))).active
    assert ws["A1"].value == "Biểu số TH-KT-01 (phiên bản 1)"
    assert ws["A2"].value == "TỔNG HỢP KHEN THƯỞNG THEO HÌNH THỨC VÀ ĐỐI TƯỢNG"
    assert ws["A3"].value == "Năm 2024 — Công an tỉnh Quảng Bình"  # the body, whatever the scope's label
    values = [list(r) for r in ws.iter_rows(min_row=5, values_only=True)]
    assert values[0] == ["STT", "Danh hiệu, hình thức khen thưởng", "Tập thể", "Cá nhân", "Cộng"]
    n = len(report.rows)
    assert values[1][:5] == [1, "Chiến sĩ tiên tiến", 0, 2, 2]
    assert nonzero(values[1 : n + 1]) == expected(data)
    assert values[n + 1][:5] == [None, "Tổng cộng", 3, 4, 7]
    assert values[n + 3][0] == "Số lượt khen thưởng đã huỷ bỏ (không tính trong bảng): 2"


def test_docx_has_the_government_layout_and_the_table(data):
    report = reports.build(
        reports.form_for("TH-KT-01", 2024), Scope(2024, 2024, (data.caqb.path,), label="QB", extra={"unit": data.caqb})
    )
    doc = Document(io.BytesIO(reports.to_docx(report)))
    text = "\n".join(p.text for p in doc.paragraphs)
    header = "\n".join(c.text for c in doc.tables[0]._cells)
    assert "BỘ CÔNG AN" in header and "CÔNG AN TỈNH QUẢNG BÌNH" in header
    assert "BÁO CÁO" in text and "Tổng hợp khen thưởng theo hình thức và đối tượng năm 2024" in text
    table = next(t for t in doc.tables if t.rows[0].cells[0].text == "STT")
    assert [c.text for c in table.rows[-1].cells] == ["", "Tổng cộng", "3", "4", "7"]
    signer = "\n".join(c.text for c in doc.tables[-1]._cells)
    assert "THỦ TRƯỞNG ĐƠN VỊ" in signer


def test_a_province_offices_whole_scope_report_is_issued_by_the_province(client, personas, data, report_download):
    """Without a unit chosen, the office of Quảng Bình reports as Công an tỉnh Quảng Bình (under Bộ Công an),
    naming its body as the scope: not as the Ministry, not as "Toàn bộ phạm vi của tôi"."""
    c = client_for(client, personas.office)
    _job, _response, content = report_download(c, "docx", year="2024")
    doc = Document(io.BytesIO(content))
    header = [c.text for c in doc.tables[0].rows[0].cells]
    text = "\n".join(p.text for p in doc.paragraphs)
    assert header[0].splitlines()[:2] == ["BỘ CÔNG AN", "CÔNG AN TỈNH QUẢNG BÌNH"]
    assert "Phạm vi: Công an tỉnh Quảng Bình." in text
    assert "Toàn bộ phạm vi" not in text


def test_a_new_version_leaves_v1_reports_unchanged(data):
    scope = Scope(2024, 2024, (data.caqb.path,), label="QB")
    before = reports.to_json(reports.build(reports.form_for("TH-KT-01", 2024), scope))
    v1 = reports.REGISTRY[("TH-KT-01", 1)]
    v2 = ReportForm(
        code="TH-KT-01",
        version=2,
        effective_from=datetime.date(2024, 1, 1),
        title=v1.title,
        columns=(*v1.columns, Column("level", "Cấp khen thưởng", lambda e: e.level_label, summed=False)),
    )
    reports.register(v2)
    try:
        assert reports.form_for("TH-KT-01", 2024).version == 2
        assert reports.form_for("TH-KT-01", 2023).version == 1
        v2_report = reports.build(reports.form_for("TH-KT-01", 2024), scope)
        assert v2_report.headers[-1] == "Cấp khen thưởng" and v2_report.rows[0][-1] == "Cấp cơ sở, đơn vị"
        assert v2_report.total == ["", "Tổng cộng", 3, 4, 7, ""]
        after = reports.to_json(reports.build(reports.form_for("TH-KT-01", 2024, version=1), scope))
        assert after == before
    finally:
        reports.unregister("TH-KT-01", 2)


def test_page_and_downloads(client, personas, data, report_download):
    c = client_for(client, personas.office)
    response = c.get("/thong-ke/bao-cao/?year=2024")
    assert response.status_code == 200
    assert response.context["report"].total == ["", "Tổng cộng", 3, 4, 7]
    html = response.content.decode()
    assert '<th>Tổng cộng</th><th class="text-end">3</th><th class="text-end">4</th><th class="text-end">7</th>' in html
    assert 'href="/thong-ke/">Thống kê khen thưởng</a>' in html
    assert [u.pk for u in response.context["units"]][0] == data.caqb.pk
    assert data.cahy.pk not in [u.pk for u in response.context["units"]]
    _job, response, content = report_download(c, "xlsx", year="2024", unit=str(data.px03.pk))
    assert response["Content-Disposition"] == 'attachment; filename="TH-KT-01-v1-2024.xlsx"'
    ws = load_workbook(io.BytesIO(content)).active
    total = next(r for r in ws.iter_rows(min_row=6, values_only=True) if r[1] == "Tổng cộng")
    assert list(total[:5]) == [None, "Tổng cộng", 2, 4, 6]  # DVTT, GK_TT; CSTT ×2, GK, BK_BO
    _job, response, content = report_download(c, "docx", year="2024", unit=str(data.px03.pk))
    assert response.status_code == 200 and content[:2] == b"PK"


def test_api_json_and_files(client, personas, data):
    c = client_for(client, personas.office)
    body = c.get("/api/v1/stats/reports/TH-KT-01?year=2024").json()
    assert (body["code"], body["version"], body["annulled"]) == ("TH-KT-01", 1, 2)
    assert body["total"] == ["", "Tổng cộng", 3, 4, 7]
    assert body["columns"] == ["collective", "individual", "total"]
    assert c.get("/api/v1/stats/reports/TH-KT-01?year=2024&format=xlsx").content[:2] == b"PK"
    assert c.get("/api/v1/stats/reports/TH-KT-01?year=2024&format=docx").content[:2] == b"PK"
    assert c.get("/api/v1/stats/reports/TH-KT-01?year=2024&version=7").status_code == 404
    assert c.get("/api/v1/stats/reports/NOPE?year=2024").status_code == 404


def test_outsiders_get_404(client, personas, data):
    outsider = client_for(client, personas.outsider)
    assert outsider.get(f"/thong-ke/bao-cao/?year=2024&unit={data.px03.pk}").status_code == 404
    assert outsider.get(f"/api/v1/stats/reports/TH-KT-01?year=2024&unit={data.px03.pk}").status_code == 404
    body = outsider.get("/api/v1/stats/reports/TH-KT-01?year=2024").json()  # its own province only
    assert body["total"] == ["", "Tổng cộng", 1, 1, 2]
    client.logout()
    assert client_for(client, personas.officer).get("/thong-ke/bao-cao/").status_code == 404
