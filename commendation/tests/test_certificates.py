"""Certificates: the PDFs are opened and their text read (pypdf)."""

import datetime
import io
import re
from decimal import Decimal

import pytest
from pypdf import PdfReader

from api.tests import bearer
from audit.models import AuditEvent
from commendation import certificate_templates, certificates
from commendation.certificates import CertificateRefused, Layout
from commendation.models import CertificateTemplate, Decision, DecisionLine
from conftest import client_for
from honours.models import AwardForm, Title

REFERENCE = "Quyết định số 1234/QĐ-CAT ngày 10/12/2024"


def pages(data: bytes) -> list[str]:
    assert data[:5] == b"%PDF-"
    return [page.extract_text() for page in PdfReader(io.BytesIO(data)).pages]


@pytest.fixture
def decision(org):
    decision = Decision.objects.create(
        issuing_unit=org.caqb,
        year=2024,
        number=1234,
        symbol="QĐ-CAT",
        date=datetime.date(2024, 12, 10),
        place="Quảng Bình",
        subject="Về việc khen thưởng năm 2024",
        signer_name="Trần Minh Thùy",
        signer_position="Phó Giám đốc",
        signer_authority="KT. GIÁM ĐỐC",
        status=Decision.Status.ISSUED,
    )
    bk = AwardForm.objects.get(code="BK_BO")
    DecisionLine.objects.create(
        decision=decision, person=org.people.binh, award_form=bk, register_number="Số 17/GK", order=1
    )
    DecisionLine.objects.create(
        decision=decision, person=org.people.an, title=Title.objects.get(code="CSTDCS"), order=2
    )
    DecisionLine.objects.create(
        decision=decision, unit=org.px03, award_form=AwardForm.objects.get(code="GK_TT"), order=3
    )
    return decision


def line(decision, n):
    return decision.lines.order_by("order")[n]


# Rendering ---------------------------------------------------------------------------------


def test_a_bang_khen_prints_the_recipient_the_decision_and_the_signer_in_vietnamese(decision):
    (text,) = pages(certificates.certificate_pdf(line(decision, 0)))

    lines = text.splitlines()
    assert lines[:6] == [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "GIÁM ĐỐC CÔNG AN TỈNH QUẢNG BÌNH",
        "BẰNG KHEN",
        "Tặng",
        "Đại úy Trần Thị Bình",
    ]
    assert "Cán bộ, Phòng Công tác đảng và công tác chính trị, Công an tỉnh Quảng Bình" in lines
    assert "Đã có thành tích xuất sắc trong phong trào thi đua “Vì an ninh Tổ quốc” năm 2024" in lines
    assert lines[-6:] == [
        REFERENCE,
        "Số 17/GK",
        "Quảng Bình, ngày 10 tháng 12 năm 2024",
        "KT. GIÁM ĐỐC",
        "PHÓ GIÁM ĐỐC",
        "Trần Minh Thùy",
    ]
    assert "BẢN NHÁP" not in text


def test_a_title_gets_a_certificate_with_its_name_and_a_unit_its_own_name(decision):
    (title_text,) = pages(certificates.certificate_pdf(line(decision, 1)))
    (unit_text,) = pages(certificates.certificate_pdf(line(decision, 2)))

    # pypdf joins the big heading and the title's name on one line
    assert title_text.replace("NHẬNChiến", "NHẬN\nChiến").splitlines()[3:7] == [
        "GIẤY CHỨNG NHẬN",
        "Chiến sĩ thi đua cơ sở",
        "Tặng",
        "Thượng tá Nguyễn Văn An",
    ]
    # the unit's long name wraps at 20 pt
    assert unit_text.splitlines()[3:7] == [
        "GIẤY KHEN",
        "Tặng",
        "Phòng Công tác đảng và công tác chính trị, Công an tỉnh",
        "Quảng Bình",
    ]


def test_the_decisions_achievement_text_replaces_the_default(decision):
    decision.achievement_text = "Đã có thành tích xuất sắc trong đấu tranh phòng, chống tội phạm ma tuý"
    decision.save()

    (text,) = pages(certificates.certificate_pdf(line(decision, 0)))

    assert "Đã có thành tích xuất sắc trong đấu tranh phòng, chống tội phạm ma tuý" in text.splitlines()


def test_the_draft_is_watermarked(decision):
    (text,) = pages(certificates.certificate_pdf(line(decision, 0), draft=True))

    assert text.splitlines()[-1] == "BẢN NHÁP"


def test_a_batch_has_one_page_per_recipient_and_leaves_annulled_lines_out(decision):
    DecisionLine.objects.filter(pk=line(decision, 1).pk).update(annulled=True)

    final = pages(certificates.decision_certificates_pdf(decision))
    draft = pages(certificates.decision_certificates_pdf(decision, draft=True))

    assert [p.splitlines()[5] for p in final] == [
        "Đại úy Trần Thị Bình",
        "Phòng Công tác đảng và công tác chính trị, Công an tỉnh",
    ]
    assert [p.splitlines()[-1] for p in draft] == ["BẢN NHÁP", "ĐÃ HUỶ BỎ", "BẢN NHÁP"]


def test_an_annulled_line_or_a_decision_not_issued_is_never_printed_final(decision):
    annulled = line(decision, 0)
    annulled.annulled = True
    annulled.save()
    with pytest.raises(CertificateRefused):
        certificates.certificate_pdf(annulled)

    Decision.objects.filter(pk=decision.pk).update(status=Decision.Status.DRAFT)
    decision.refresh_from_db()
    with pytest.raises(CertificateRefused):
        certificates.decision_certificates_pdf(decision)
    assert len(pages(certificates.decision_certificates_pdf(decision, draft=True))) == 3


def test_preprinted_stock_gets_only_the_variable_fields(decision):
    (template,) = [
        t for t in certificate_templates.ensure_default_templates() if t.award_form and t.award_form.code == "BK_BO"
    ]
    certificate_templates.ensure_default_templates()  # twice: nothing more

    (text,) = pages(certificates.certificate_pdf(line(decision, 0)))

    assert CertificateTemplate.objects.count() == 3
    assert text.splitlines() == [
        "Đại úy Trần Thị Bình",
        "Cán bộ, Phòng Công tác đảng và công tác chính trị, Công an tỉnh Quảng Bình",
        "Đã có thành tích xuất sắc trong phong trào thi đua “Vì an ninh Tổ quốc” năm 2024",
        REFERENCE,
        "Quảng Bình, ngày 10 tháng 12 năm 2024",
        "Trần Minh Thùy",
        "Số 17/GK",
    ]
    assert template.preprinted is True


def _position(html: str, field: str) -> tuple[str, str]:
    match = re.search(rf'data-field="{field}" style="left: ([-0-9.]+)mm; top: ([-0-9.]+)mm', html)
    return match[1], match[2]


def test_the_printer_offset_moves_every_field():
    data = certificates.sample_data()
    fields = {
        "recipient": {"x": 40, "y": 92, "size": 20, "width": 217, "align": "center"},
        "signer_name": {"x": 160, "y": 185, "size": 14, "width": 120, "align": "center"},
    }
    plain = certificates.certificate_html(data, Layout(preprinted=True, fields=fields))
    moved = certificates.certificate_html(data, Layout(preprinted=True, fields=fields, offset_x_mm=3.5, offset_y_mm=-2))

    assert [_position(plain, "recipient"), _position(plain, "signer_name")] == [("40.0", "92.0"), ("160.0", "185.0")]
    assert [_position(moved, "recipient"), _position(moved, "signer_name")] == [("43.5", "90.0"), ("163.5", "183.0")]


def test_the_offset_moves_the_text_in_the_pdf():
    data = certificates.sample_data()
    fields = {"signer_name": {"x": 100, "y": 100, "size": 14, "width": 50, "align": "left"}}

    def x_of(layout):
        found = []
        page = PdfReader(io.BytesIO(certificates.render_pdf(certificates.certificate_html(data, layout)))).pages[0]
        page.extract_text(
            visitor_text=lambda text, cm, tm, *a: found.append(tm[4] * cm[0] + cm[4]) if text.strip() else None
        )
        return found[0]

    shift = x_of(Layout(preprinted=True, fields=fields, offset_x_mm=10)) - x_of(Layout(preprinted=True, fields=fields))

    assert round(shift / 72 * 25.4, 1) == 10.0  # PDF points back to mm


def test_the_calibration_page_marks_each_field_at_its_offset_position():
    layout = Layout(preprinted=True, fields=certificates.DEFAULT_PREPRINTED_FIELDS, offset_x_mm=1.5)

    html = certificates.certificate_html(None, layout, test_page=True)
    (text,) = pages(certificates.calibration_page_pdf(layout))

    assert _position(html.replace('class="box" ', ""), "recipient") == ("41.5", "92.0")
    assert "TRANG IN THỬ — CĂN CHỈNH VỊ TRÍ IN TRÊN PHÔI" in text
    assert "Người, tập thể được tặng (41.5; 92.0)" in text
    assert text.splitlines()[:2] == ["0 50 100 150 200 250", "0"]


def test_field_positions_are_validated():
    with pytest.raises(ValueError, match="Trường không có: photo"):
        certificate_templates.clean_fields({"photo": {"x": 1, "y": 1}})
    with pytest.raises(ValueError, match="x ngoài khoảng"):
        certificate_templates.clean_fields({"recipient": {"x": 9999, "y": 1}})
    assert certificate_templates.clean_fields({"recipient": {"x": "12.5", "y": 3}}) == {
        "recipient": {"x": 12.5, "y": 3.0, "size": 13.0, "width": 100.0, "align": "center"}
    }


# Pages -------------------------------------------------------------------------------------


def test_the_office_prints_the_final_certificate_and_the_batch(client, personas, decision):
    client_for(client, personas.office)

    one = client.get(f"/certificates/lines/{line(decision, 0).pk}/certificate.pdf")
    batch = client.get(f"/certificates/decisions/{decision.pk}/certificates.pdf")
    page = client.get(f"/certificates/decisions/{decision.pk}/")

    assert (one.status_code, one["Content-Type"]) == (200, "application/pdf")
    assert "Đại úy Trần Thị Bình" in pages(one.content)[0].splitlines()
    assert len(pages(batch.content)) == 3
    assert page.status_code == 200
    assert f'href="/certificates/lines/{line(decision, 0).pk}/certificate.pdf"'.encode() in page.content


def test_a_read_only_role_gets_drafts_and_403_on_final_certificates(client, personas, decision):
    client_for(client, personas.council)

    draft = client.get(f"/certificates/lines/{line(decision, 0).pk}/draft.pdf")
    final = client.get(f"/certificates/lines/{line(decision, 0).pk}/certificate.pdf")
    batch = client.get(f"/certificates/decisions/{decision.pk}/certificates.pdf")

    assert [draft.status_code, final.status_code, batch.status_code] == [200, 403, 403]
    assert pages(draft.content)[0].splitlines()[-1] == "BẢN NHÁP"


def test_an_outsider_gets_404_on_every_certificate_page(client, personas, decision):
    client_for(client, personas.outsider)
    urls = [
        f"/certificates/lines/{line(decision, 0).pk}/draft.pdf",
        f"/certificates/lines/{line(decision, 0).pk}/certificate.pdf",
        f"/certificates/decisions/{decision.pk}/",
        f"/certificates/decisions/{decision.pk}/draft.pdf",
        f"/certificates/decisions/{decision.pk}/certificates.pdf",
    ]

    assert [client.get(url).status_code for url in urls] == [404] * 5


def test_an_annulled_lines_final_certificate_is_refused_with_a_message(client, personas, decision):
    DecisionLine.objects.filter(pk=line(decision, 0).pk).update(annulled=True)
    client_for(client, personas.office)

    response = client.get(f"/certificates/lines/{line(decision, 0).pk}/certificate.pdf", follow=True)

    assert response.redirect_chain == [(f"/certificates/decisions/{decision.pk}/", 302)]
    assert "Khen thưởng này đã bị huỷ bỏ: không in bằng." in response.content.decode()


def test_the_office_calibrates_a_template_and_prints_its_test_page(client, personas, org):
    (ministry, *_rest) = certificate_templates.ensure_default_templates()
    # The Ministry's template is read-only for a province: its office calibrates its own copy.
    template = certificate_templates.copy_certificate_template(ministry, owner=org.caqb, by=personas.office)
    client_for(client, personas.office)
    form = client.get(f"/certificates/templates/{template.pk}/")
    data = {
        "name": template.name,
        "paper": "a4l",
        "preprinted": "on",
        "authority": "BỘ TRƯỞNG BỘ CÔNG AN",
        "offset_x_mm": "2.5",
        "offset_y_mm": "-1.0",
    }
    for name in certificates.FIELDS:
        data |= {
            f"{name}__x": "30",
            f"{name}__y": "40",
            f"{name}__size": "12",
            f"{name}__width": "100",
            f"{name}__align": "left",
        }
    data["recipient__on"] = "on"

    saved = client.post(f"/certificates/templates/{template.pk}/", data)
    test_page = client.get(f"/certificates/templates/{template.pk}/test-page.pdf")

    template.refresh_from_db()
    assert form.status_code == 200 and saved.status_code == 302
    assert (template.offset_x_mm, template.offset_y_mm) == (Decimal("2.5"), Decimal("-1.0"))
    assert template.fields == {"recipient": {"x": 30.0, "y": 40.0, "size": 12.0, "width": 100.0, "align": "left"}}
    assert AuditEvent.objects.filter(object_id=str(template.pk), action="update").count() == 1
    assert "Người, tập thể được tặng (32.5; 39.0)" in pages(test_page.content)[0]


def test_a_read_only_role_reads_templates_but_cannot_change_them(client, personas, db):
    (template, *_rest) = certificate_templates.ensure_default_templates()
    client_for(client, personas.council)

    listing = client.get("/certificates/templates/")
    refused = client.post(f"/certificates/templates/{template.pk}/", {"offset_x_mm": "5"})

    assert [listing.status_code, refused.status_code] == [200, 403]
    assert template.name.encode() in listing.content


# API ---------------------------------------------------------------------------------------


def test_the_api_gives_the_certificate_pdfs_by_role(client, personas, decision):
    pk = line(decision, 0).pk
    office, council, outsider = bearer(personas.office), bearer(personas.council), bearer(personas.outsider)

    final = client.get(f"/api/v1/certificates/lines/{pk}", headers=office)
    batch = client.get(f"/api/v1/certificates/decisions/{decision.pk}", headers=office)

    assert (final.status_code, final["Content-Type"]) == (200, "application/pdf")
    assert len(pages(batch.content)) == 3
    assert [
        client.get(f"/api/v1/certificates/lines/{pk}", headers=council).status_code,
        client.get(f"/api/v1/certificates/lines/{pk}?draft=true", headers=council).status_code,
        client.get(f"/api/v1/certificates/lines/{pk}?draft=true", headers=outsider).status_code,
        client.get(f"/api/v1/certificates/decisions/{decision.pk}", headers=outsider).status_code,
    ] == [403, 200, 404, 404]


def test_the_api_lists_templates_and_changes_the_offset(client, personas, db):
    office, council = bearer(personas.office), bearer(personas.council)
    listing = client.get("/api/v1/certificates/templates", headers=office).json()
    ministry = next(t["id"] for t in listing if t["award_form"] == "BK_BO")
    # A province's office changes its own copy of the Ministry's template.
    copied = client.post(
        f"/api/v1/certificates/templates/{ministry}/copy", {}, content_type="application/json", headers=office
    )
    pk = copied.json()["id"]

    patched = client.patch(
        f"/api/v1/certificates/templates/{pk}",
        {"offset_x_mm": "1.5", "offset_y_mm": "-2"},
        content_type="application/json",
        headers=office,
    )
    refused = client.patch(
        f"/api/v1/certificates/templates/{pk}", {"offset_x_mm": "9"}, content_type="application/json", headers=council
    )
    invalid = client.patch(
        f"/api/v1/certificates/templates/{pk}",
        {"fields": {"photo": {"x": 1, "y": 1}}},
        content_type="application/json",
        headers=office,
    )

    assert sorted(t["name"] for t in listing) == sorted(t[0] for t in certificate_templates.DEFAULT_TEMPLATES)
    assert copied.status_code == 201
    assert patched.status_code == 200
    assert (patched.json()["offset_x_mm"], patched.json()["offset_y_mm"]) == ("1.5", "-2.0")
    assert [refused.status_code, invalid.status_code] == [403, 422]
