"""The proposal pages: the list with its dashboard, a proposal through its states by buttons, the
report and dossier downloads, the notice; outsiders 404, read-only roles 403."""

import datetime
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from audit.models import AuditEvent
from commendation.models import CouncilMeeting, Proposal
from commendation.services import proposals as wf
from conftest import client_for
from honours.models import AwardForm, Title

pytestmark = pytest.mark.django_db


def _text(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode())).strip()


def _row(response, element_id: str) -> str:
    match = re.search(rf'<tr id="{element_id}"[^>]*>(.*?)</tr>', response.content.decode(), re.S)
    assert match, element_id
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", match.group(1))).strip()


def _draft(org, by, subject="Đề nghị năm 2024"):
    return wf.create_proposal(unit=org.px03, to_unit=org.caqb, year=2024, title=subject, by=by)


def test_a_proposal_goes_from_draft_to_review_by_its_buttons(client, org, personas):
    officer = client_for(client, personas.unit_officer)
    created = officer.post(
        reverse("commendation:proposal_create"),
        {"unit": org.px03.pk, "to_unit": org.caqb.pk, "year": 2024, "kind": "merit", "title": "Đề nghị năm 2024"},
    )
    proposal = Proposal.objects.get()
    assert created.url == reverse("commendation:proposal_detail", args=[proposal.pk])
    found = officer.get(reverse("commendation:proposal_detail", args=[proposal.pk]), {"q": "cường"})
    assert re.findall(r'<option value="(p:\d+|u:\d+)">([^<]*)</option>', found.content.decode()) == [
        (f"p:{org.people.cuong.pk}", "Lê Văn Cường (PX03)")
    ]
    # Titles and forms in separate selects.
    html = found.content.decode()
    titles = html.split('name="title"')[1].split("</select>")[0]
    forms = html.split('name="award_form"')[1].split("</select>")[0]
    assert "Chiến sĩ tiên tiến" in titles and "Giấy khen" not in titles and "Chiến sĩ tiên tiến" not in forms
    officer.post(
        reverse("commendation:proposal_line_add", args=[proposal.pk]),
        {"holder": f"p:{org.people.cuong.pk}", "title": Title.objects.get(code="CSTT").pk},
    )
    line = proposal.lines.get()
    page = officer.get(reverse("commendation:proposal_detail", args=[proposal.pk]))
    assert _row(page, f"line-{line.pk}").startswith(
        "1 Lê Văn Cường PX03 Chiến sĩ tiên tiến Chưa đủ điều kiện "
        "Chưa đáp ứng điều kiện “Xếp loại “Hoàn thành tốt nhiệm vụ” "
        "trở lên năm 2024”: 2024: chưa xếp loại (căn cứ Luật TĐKT 2022 "
        "điều 24)."
    )
    assert f'<tr id="line-{line.pk}" class="flagged">' in page.content.decode()
    commander = client_for(client, personas.commander)
    refused = commander.post(reverse("commendation:proposal_submit", args=[proposal.pk]), follow=True)
    assert (
        "Dòng 1 (Lê Văn Cường – Chiến sĩ tiên tiến) chưa đủ điều kiện theo bộ quy tắc: hãy ghi giải trình "
        "trước khi trình."
    ) in _text(refused)
    commander.post(
        reverse("commendation:proposal_line_justify", args=[proposal.pk, line.pk]),
        {"justification": "Được xếp loại bổ sung."},
    )
    commander.post(reverse("commendation:proposal_submit", args=[proposal.pk]))
    office = client_for(client, personas.office)
    office.post(reverse("commendation:proposal_start_review", args=[proposal.pk]))
    proposal.refresh_from_db()
    line.refresh_from_db()
    assert (proposal.status, line.justification) == ("review", "Được xếp loại bổ sung.")
    assert [
        (e.action, e.changes.get("status"), e.actor.username)
        for e in AuditEvent.objects.filter(object_type="commendation.proposal").order_by("id")
    ] == [
        ("create", "draft", "unit_officer"),
        ("update", ["draft", "submitted"], "commander"),
        ("update", ["submitted", "review"], "office"),
    ]


def test_the_list_shows_the_dashboard_and_filters(client, org, personas):
    a = _draft(org, personas.unit_officer, "A")
    wf.add_line(a, person=org.people.binh, title=Title.objects.get(code="CSTT"), by=personas.unit_officer)
    wf.submit_proposal(a, by=personas.commander)
    _draft(org, personas.unit_officer, "B")
    page = client_for(client, personas.council).get(reverse("commendation:proposal_list"), {"year": 2024})
    assert _row(page, "dashboard-none") == "Khen thưởng hằng năm, đột xuất 1 1 0 0 0 0 2 1"
    assert _row(page, f"proposal-{a.pk}") == "A PX03 CAQB Công trạng và thành tích (hằng năm) 1 Đã trình"
    only = client_for(client, personas.council).get(
        reverse("commendation:proposal_list"), {"year": 2024, "status": "draft"}
    )
    assert re.findall(r'<tr id="proposal-(\d+)"', only.content.decode()) == [str(a.pk + 1)]


def test_the_list_costs_the_same_queries_for_one_or_three_proposals(client, org, personas):
    office = client_for(client, personas.office)
    _draft(org, personas.unit_officer, "1")

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert office.get(reverse("commendation:proposal_list"), {"year": 2024}).status_code == 200
        return len(queries)

    one = count()
    _draft(org, personas.unit_officer, "2")
    _draft(org, personas.unit_officer, "3")
    assert count() == one


def test_an_outsider_cannot_see_another_provinces_proposals(client, org, personas):
    proposal = _draft(org, personas.unit_officer)
    outsider = client_for(client, personas.outsider)
    for name in (
        "commendation:proposal_detail",
        "commendation:proposal_memo_docx",
        "commendation:proposal_dossier_zip",
    ):
        assert outsider.get(reverse(name, args=[proposal.pk])).status_code == 404
    assert outsider.post(reverse("commendation:proposal_submit", args=[proposal.pk])).status_code == 404
    assert (
        re.findall(
            r'<tr id="proposal-', outsider.get(reverse("commendation:proposal_list"), {"year": 2024}).content.decode()
        )
        == []
    )
    # A plain officer is no reader either.
    assert (
        client_for(client, personas.officer)
        .get(reverse("commendation:proposal_detail", args=[proposal.pk]))
        .status_code
        == 404
    )


def test_read_only_roles_read_but_cannot_change(client, org, personas):
    proposal = _draft(org, personas.unit_officer)
    for persona in (personas.council, personas.leader):
        reader = client_for(client, persona)
        assert reader.get(reverse("commendation:proposal_detail", args=[proposal.pk])).status_code == 200
        assert reader.post(reverse("commendation:proposal_submit", args=[proposal.pk])).status_code == 403
        assert reader.post(reverse("commendation:proposal_start_review", args=[proposal.pk])).status_code == 403
    # The proposing unit cannot start the review of its own proposal.
    assert (
        client_for(client, personas.commander)
        .post(reverse("commendation:proposal_start_review", args=[proposal.pk]))
        .status_code
        == 403
    )


def test_downloads_reports_and_scans(client, org, personas, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    proposal = _draft(org, personas.unit_officer)
    line = wf.add_line(
        proposal, person=org.people.binh, award_form=AwardForm.objects.get(code="GK"), by=personas.unit_officer
    )
    officer = client_for(client, personas.unit_officer)
    memo = officer.get(reverse("commendation:proposal_memo_docx", args=[proposal.pk]))
    assert (memo.status_code, memo["Content-Type"]) == (
        200,
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )
    form = officer.get(reverse("commendation:proposal_report_edit", args=[proposal.pk, line.pk]))
    assert "I. SƠ LƯỢC LÝ LỊCH" in form.content.decode()
    officer.post(reverse("commendation:proposal_report_edit", args=[proposal.pk, line.pk]), {"text": "Báo cáo đã sửa."})
    assert line.report.text == "Báo cáo đã sửa."
    upload = SimpleUploadedFile("to-trinh.pdf", b"%PDF-1.4\n%%EOF\n")
    officer.post(reverse("commendation:proposal_file_upload", args=[proposal.pk]), {"kind": "memo", "file": upload})
    stored = proposal.files.get()
    got = officer.get(reverse("commendation:proposal_file", args=[proposal.pk, stored.pk]))
    assert b"".join(got.streaming_content) == b"%PDF-1.4\n%%EOF\n"
    refused = officer.post(
        reverse("commendation:proposal_file_upload", args=[proposal.pk]),
        {"kind": "memo", "file": SimpleUploadedFile("x.exe", b"MZ")},
        follow=True,
    )
    assert "Chỉ nhận tệp PDF (.pdf), Word (.docx) hoặc Excel (.xlsx); tệp “x.exe” không được nhận." in _text(refused)
    zipped = officer.get(reverse("commendation:proposal_dossier_zip", args=[proposal.pk]))
    assert (zipped.status_code, zipped["Content-Type"]) == (200, "application/zip")


def test_the_notice_is_published_and_units_comment(client, org, personas):
    proposal = _draft(org, personas.unit_officer)
    line = wf.add_line(proposal, person=org.people.binh, title=Title.objects.get(code="CSTT"), by=personas.unit_officer)
    wf.submit_proposal(proposal, by=personas.commander)
    wf.start_review(proposal, by=personas.office)
    today = datetime.date.today()
    meeting = CouncilMeeting.objects.create(
        unit=org.caqb, year=2024, date=today + datetime.timedelta(days=10), place="Đồng Hới"
    )
    assert (
        client_for(client, personas.council).get(reverse("commendation:notice_create", args=[meeting.pk])).status_code
        == 403
    )
    office = client_for(client, personas.office)
    published = office.post(
        reverse("commendation:notice_create", args=[meeting.pk]),
        {
            "opens_on": today.strftime("%d/%m/%Y"),
            "closes_on": (today + datetime.timedelta(days=5)).strftime("%d/%m/%Y"),
            "lines": [line.pk],
        },
    )
    notice = meeting.notices.get()
    assert published.url == reverse("commendation:notice_detail", args=[notice.pk])
    commander = client_for(client, personas.commander)
    commander.post(
        reverse("commendation:notice_detail", args=[notice.pk]),
        {"unit": org.px03.pk, "line": line.pk, "text": "Nhất trí."},
    )
    page = commander.get(reverse("commendation:notice_detail", args=[notice.pk]))
    assert _row(page, f"notice-line-{line.pk}") == "1 Trần Thị Bình PX03 Chiến sĩ tiên tiến"
    assert "Phòng Công tác đảng và công tác chính trị (Trần Thị Bình): Nhất trí." in _text(page)
    assert (
        client_for(client, personas.outsider).get(reverse("commendation:notice_detail", args=[notice.pk])).status_code
        == 404
    )


def test_a_person_is_offered_titles_for_individuals_and_a_unit_titles_for_units(client, org, personas):
    proposal = wf.create_proposal(unit=org.caqb, to_unit=org.caqb, year=2024, title="Đề nghị", by=personas.office)
    office = client_for(client, personas.office)

    def options(q, form_id, name):
        html = office.get(reverse("commendation:proposal_detail", args=[proposal.pk]), {"q": q}).content.decode()
        form = re.search(rf'<form [^>]*id="{form_id}">.*?</form>', html, re.S)
        if form is None:
            return None
        select = re.search(rf'<select class="form-select" name="{name}".*?</select>', form.group(0), re.S).group(0)
        return re.findall(r'<option value="[^"]+">([^<]+)</option>', select)

    def names(model, recipient):
        return list(
            model.objects.filter(active=True, recipient=recipient).order_by("rank").values_list("name", flat=True)
        )

    assert options("Trần Thị Bình", "line-form", "holder") == ["Trần Thị Bình (PX03)"]
    assert options("Trần Thị Bình", "line-form", "title") == names(Title, "individual")
    assert options("Trần Thị Bình", "line-form", "award_form") == names(AwardForm, "individual")
    assert options("Trần Thị Bình", "line-form-unit", "holder") is None
    assert options("Phòng Hậu cần", "line-form-unit", "holder") == ["Phòng Hậu cần (PH10)"]
    assert options("Phòng Hậu cần", "line-form-unit", "title") == names(Title, "collective")
    assert options("Phòng Hậu cần", "line-form-unit", "award_form") == names(AwardForm, "collective")
    assert not set(names(Title, "individual")) & set(names(Title, "collective"))
