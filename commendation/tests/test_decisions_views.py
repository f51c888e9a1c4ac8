"""Decision and council pages: the happy path, outsiders 404, read-only roles 403, exports."""

import io

import pytest
from django.urls import reverse
from docx import Document
from openpyxl import load_workbook

from commendation.models import CouncilMeeting, Decision
from commendation.services import decisions
from commendation.tests.test_council import meeting_with
from commendation.tests.test_decisions import issued, make_proposal
from conftest import client_for
from honours.models import TitleAward

pytestmark = pytest.mark.django_db


def test_the_office_issues_and_annuls_a_decision_from_its_page(client, org, personas):
    proposal = make_proposal(org, (org.people.binh, "CSTDCS"))
    draft = decisions.create_decision_from_lines(
        by=personas.office, issuing_unit=org.caqb, lines=proposal.lines.all(), symbol="QĐ-CAT", subject="Về việc tặng"
    )
    client_for(client, personas.office)

    assert client.get(reverse("commendation:decision_detail", args=[draft.pk])).status_code == 200
    client.post(reverse("commendation:decision_issue", args=[draft.pk]), {"date": "01/07/2024"})
    draft.refresh_from_db()
    assert (draft.status, draft.reference) == (Decision.Status.ISSUED, "01/QĐ-CAT ngày 01/07/2024")
    assert client.get(reverse("commendation:decision_annul", args=[draft.pk])).status_code == 200
    client.post(
        reverse("commendation:decision_annul", args=[draft.pk]),
        {
            "ground": "fraud",
            "reason": "Kê khai không trung thực",
            "annulled_on": "01/03/2025",
            "annulling_reference": "9/QĐ-CAT",
            "recovered_amount": "0",
            "confirm": "on",
        },
    )
    draft.refresh_from_db()
    assert (draft.status, TitleAward.objects.get().annulled) == (Decision.Status.ANNULLED, True)
    page = client.get(reverse("commendation:decision_detail", args=[draft.pk])).content.decode()
    assert "Đã huỷ bỏ" in page and "9/QĐ-CAT" in page


def test_outsiders_get_404_and_read_only_roles_403(client, org, personas):
    decision = issued(org, personas.office, (org.people.binh, "CSTDCS"))
    meeting = meeting_with(org, personas.office, n=3)
    client_for(client, personas.outsider)
    for name, pk in [
        ("commendation:decision_detail", decision.pk),
        ("commendation:decision_docx", decision.pk),
        ("commendation:meeting_detail", meeting.pk),
        ("commendation:meeting_minutes", meeting.pk),
    ]:
        assert client.get(reverse(name, args=[pk])).status_code == 404
    assert client.post(reverse("commendation:meeting_hold", args=[meeting.pk])).status_code == 404
    client_for(client, personas.council)
    assert client.get(reverse("commendation:decision_detail", args=[decision.pk])).status_code == 200
    assert client.get(reverse("commendation:meeting_detail", args=[meeting.pk])).status_code == 200
    annul = {"ground": "fraud", "reason": "x", "annulled_on": "01/03/2025", "annulling_reference": "1"}
    assert client.post(reverse("commendation:decision_annul", args=[decision.pk]), annul).status_code == 403
    assert client.post(reverse("commendation:meeting_hold", args=[meeting.pk])).status_code == 403
    meeting.refresh_from_db()
    assert meeting.status == CouncilMeeting.Status.PLANNED


def test_the_decision_docx_and_the_list_xlsx(client, org, personas):
    decision = issued(org, personas.office, (org.people.binh, "CSTDCS"), (org.people.cuong, "CSTT"), date="01/07/2024")
    client_for(client, personas.council)

    docx = Document(io.BytesIO(client.get(reverse("commendation:decision_docx", args=[decision.pk])).content))
    text = "\n".join(p.text for p in docx.paragraphs)
    cells = [c.text for t in docx.tables for row in t.rows for c in row.cells]
    assert "Số: 01/QĐ-CAT-PX03" in "\n".join(cells + [text])
    assert "QUYẾT ĐỊNH" in text
    assert "Trần Thị Bình" in " ".join(cells) and "710.000" in cells
    sheet = load_workbook(io.BytesIO(client.get(reverse("commendation:decision_list_xlsx")).content)).active
    assert [(r[4], r[6], r[7]) for r in sheet.iter_rows(min_row=3, values_only=True)] == [  # row 1: title
        ("Đại úy Trần Thị Bình", "Chiến sĩ thi đua cơ sở", 2_340_000),
        ("Đại úy Lê Văn Cường", "Chiến sĩ tiên tiến", 710_000),
    ]


def test_the_person_record_links_each_award_to_its_decision(client, org, personas):
    decision = issued(org, personas.office, (org.people.binh, "CSTDCS"))
    client_for(client, personas.office)

    page = client.get(reverse("eligibility:person_facts", args=[org.people.binh.pk])).content.decode()
    assert "?ref=01/Q%C4%90-CAT-PX03%20ng%C3%A0y%2010/12/2024" in page
    opened = client.get(reverse("commendation:decision_list"), {"ref": decision.reference})
    assert opened.status_code == 302 and opened.url == reverse("commendation:decision_detail", args=[decision.pk])
