"""A higher level's decision recorded by number (a Ministry's, the Prime Minister's) is another body's
document: its page shows what was recorded — issuer, number, date, signer, recipients, the scan — and
the product never generates a decision in that body's name. Its certificates state the achievement
the proposal stated. The issuing-unit lists offer the bodies as they stand today, each once."""

import io

import docx
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from commendation import certificates
from commendation.forms import DecisionForm, ExternalDecisionForm, MeetingForm
from commendation.models import Decision, ProposalLine
from commendation.services import decision_scans, decisions
from commendation.tests.test_decisions import d, issued, make_proposal
from conftest import client_for
from eligibility.services import AwardsError

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
ACHIEVEMENT = "Đã có thành tích xuất sắc trong đấu tranh phá chuyên án ma tuý QB-0925"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _scan(name="QD-4521-BCA.pdf", content=PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def _recorded(org, personas, **extra):
    proposal = make_proposal(org, (org.people.binh, "BK_BO"), outcome=ProposalLine.Outcome.PENDING)
    proposal.achievement = ACHIEVEMENT
    proposal.save(update_fields=["achievement"])
    return decisions.record_external_decision(
        by=personas.office,
        issuing_unit=org.caqb,
        issuer_name="Bộ trưởng Bộ Công an",
        number=4521,
        symbol="QĐ-BCA",
        date=d("20/11/2024"),
        lines=proposal.lines.all(),
        subject="Về việc tặng Bằng khen của Bộ trưởng Bộ Công an",
        signer_position="Thứ trưởng",
        signer_name="Nguyễn Văn Long",
        **extra,
    )


def test_a_recorded_decision_has_no_document_of_ours(client, org, personas):
    recorded = _recorded(org, personas)
    own = issued(org, personas.office, (org.people.cuong, "CSTT"))
    client_for(client, personas.office)

    assert client.get(reverse("commendation:decision_docx", args=[recorded.pk])).status_code == 404
    page = client.get(reverse("commendation:decision_detail", args=[recorded.pk])).content.decode()
    assert reverse("commendation:decision_docx", args=[recorded.pk]) not in page
    assert 'id="decision-docx"' not in page
    # Our own decision keeps its document.
    assert client.get(reverse("commendation:decision_docx", args=[own.pk])).status_code == 200
    page = client.get(reverse("commendation:decision_detail", args=[own.pk])).content.decode()
    assert f'href="{reverse("commendation:decision_docx", args=[own.pk])}" id="decision-docx"' in page


def test_the_recorded_decision_page_shows_what_was_recorded(client, org, personas):
    recorded = _recorded(org, personas, scan=_scan())
    client_for(client, personas.leader)

    page = client.get(reverse("commendation:decision_detail", args=[recorded.pk])).content.decode()

    scan_url = reverse("commendation:decision_scan", args=[recorded.pk])
    for text in (
        "<dt>Cấp ban hành</dt><dd>Bộ trưởng Bộ Công an</dd>",
        "<dt>Số, ký hiệu</dt><dd>4521/QĐ-BCA</dd>",
        "<dt>Ngày ký</dt><dd>20/11/2024</dd>",
        "<dt>Người ký</dt><dd> Thứ trưởng Nguyễn Văn Long</dd>",
        "<dt>Đơn vị lưu hồ sơ</dt><dd>Công an tỉnh Quảng Bình</dd>",
        f'<dt>Bản chụp quyết định</dt><dd><a href="{scan_url}">QD-4521-BCA.pdf</a></dd>',
        "<td>Trần Thị Bình</td>",
        'id="decision-recorded"',
    ):
        assert text in page, text
    response = client.get(scan_url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    # The leader reads, but does not upload.
    assert 'id="scan-upload"' not in page
    assert client.post(reverse("commendation:decision_scan_upload", args=[recorded.pk])).status_code == 403


def test_the_office_records_signer_and_scan_on_the_form_and_may_replace_the_scan(client, org, personas):
    proposal = make_proposal(org, (org.people.binh, "BK_BO"), outcome=ProposalLine.Outcome.PENDING)
    client_for(client, personas.office)

    response = client.post(
        reverse("commendation:decision_external"),
        {
            "issuing_unit": org.caqb.pk,
            "issuer_name": "Bộ trưởng Bộ Công an",
            "number": "4521",
            "symbol": "QĐ-BCA",
            "date": "20/11/2024",
            "signer_position": "Thứ trưởng",
            "signer_name": "Nguyễn Văn Long",
            "scan": _scan(),
            "lines": [proposal.lines.get().pk],
        },
    )

    decision = Decision.objects.get()
    assert response.url == reverse("commendation:decision_detail", args=[decision.pk])
    assert (decision.signer_position, decision.signer_name, decision.scan.original_name) == (
        "Thứ trưởng",
        "Nguyễn Văn Long",
        "QD-4521-BCA.pdf",
    )
    client.post(reverse("commendation:decision_scan_upload", args=[decision.pk]), {"scan": _scan("ban-ky.pdf")})
    decision.refresh_from_db()
    assert decision.scan.original_name == "ban-ky.pdf"


def test_a_scan_is_a_pdf_of_a_recorded_decision_only(org, personas):
    recorded = _recorded(org, personas)
    word = io.BytesIO()
    docx.Document().save(word)
    with pytest.raises(AwardsError, match="Bản chụp quyết định phải là tệp PDF."):
        decision_scans.attach_decision_scan(recorded, _scan("qd.docx", word.getvalue()), by=personas.office)
    own = issued(org, personas.office, (org.people.cuong, "CSTT"))
    with pytest.raises(AwardsError, match="Chỉ đính kèm bản chụp cho quyết định của cấp trên"):
        decision_scans.attach_decision_scan(own, _scan(), by=personas.office)
    assert decision_scans.scan_of(recorded) is None


def test_a_certificate_states_the_achievement_of_the_proposal(org, personas):
    recorded = _recorded(org, personas)
    line = decisions.issued_lines(recorded).get()

    assert certificates.line_data(line).achievement == ACHIEVEMENT
    html = certificates.decision_html(recorded, draft=True)
    assert ACHIEVEMENT in html


def test_the_decisions_own_text_comes_before_the_proposals(org, personas):
    own = issued(org, personas.office, (org.people.cuong, "CSTT"))
    own.achievement_text = "Hoàn thành xuất sắc nhiệm vụ năm 2024"
    own.save(update_fields=["achievement_text"])
    line = decisions.issued_lines(own).get()

    assert certificates.line_data(line).achievement == "Hoàn thành xuất sắc nhiệm vụ năm 2024"


def test_issuing_units_are_the_bodies_valid_today_each_once(org, personas):
    # The district (abolished 28/02/2025) is in the office's subtree but no longer issues anything.
    expected = ["CAQB", "PX03", "PH10"]
    for form in (
        DecisionForm(user=personas.office),
        ExternalDecisionForm(user=personas.office),
    ):
        assert [u.code for u in form.fields["issuing_unit"].queryset] == expected
    assert [u.code for u in MeetingForm(user=personas.office).fields["unit"].queryset] == expected
