"""The commendation pages that had no API operation (issue 15): a line's achievement report, prefill
from registration and eligibility, re-checking the lines, the dossier files, the public notice and
its comments. The same rules as the pages: outsiders 404, read-only roles 403, refusals 422 with
their Vietnamese message, every change audited."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from api.tests import bearer
from audit.models import AuditEvent
from commendation.models import CouncilMeeting, DossierFile, ProposalLine
from commendation.services import proposals as wf
from eligibility.models import Achievement
from honours.models import AwardForm, Title

pytestmark = pytest.mark.django_db
API = "/api/v1/proposals"
DECISIONS = "/api/v1/decisions"
JSON = "application/json"
NOT_FOUND = {"detail": "Không tìm thấy hoặc nằm ngoài phạm vi của bạn."}
FORBIDDEN = {"detail": "Bạn chỉ có quyền xem, không có quyền thay đổi mục này."}


def _draft(org, by):
    return wf.create_proposal(unit=org.px03, to_unit=org.caqb, year=2024, title="Đề nghị năm 2024", by=by)


def test_the_report_is_prefilled_then_saved_and_audited(client, org, personas):
    proposal = _draft(org, personas.unit_officer)
    line = wf.add_line(
        proposal, person=org.people.binh, award_form=AwardForm.objects.get(code="GK"), by=personas.unit_officer
    )
    officer = bearer(personas.unit_officer)
    url = f"{API}/{proposal.pk}/lines/{line.pk}/report"

    first = client.get(url, headers=officer).json()
    assert (first["line"], first["saved"], first["editable"]) == (line.pk, False, True)
    assert "I. SƠ LƯỢC LÝ LỊCH" in first["text"]
    saved = client.put(url, {"text": "  Báo cáo đã sửa.  "}, content_type=JSON, headers=officer)
    assert saved.json() == {"line": line.pk, "text": "Báo cáo đã sửa.", "saved": True, "editable": True}
    assert client.get(url, headers=bearer(personas.council)).json()["text"] == "Báo cáo đã sửa."
    assert AuditEvent.objects.get(object_type="commendation.achievementreport").changes == {
        "text": [None, "Báo cáo đã sửa."]
    }

    empty = client.put(url, {"text": "   "}, content_type=JSON, headers=officer)
    assert empty.status_code == 422 and "text" in empty.content.decode()
    assert client.put(url, {"text": "x"}, content_type=JSON, headers=bearer(personas.council)).json() == FORBIDDEN
    assert client.get(url, headers=bearer(personas.outsider)).json() == NOT_FOUND
    other = _draft(org, personas.unit_officer)
    assert client.get(f"{API}/{other.pk}/lines/{line.pk}/report", headers=officer).status_code == 404


def test_prefill_adds_the_registered_and_eligible_lines_once(client, org, personas):
    # Law 2022 art. 5: one achievement, one form, so only the highest merit form (Bằng khen) is added.
    Achievement.objects.create(person=org.people.binh, year=2024, kind="dot_xuat", description="Cứu người")
    proposal = _draft(org, personas.unit_officer)
    officer = bearer(personas.unit_officer)

    created = client.post(f"{API}/{proposal.pk}/prefill", headers=officer)
    assert created.status_code == 201
    assert [(x["name"], x["title"], x["award_form"], x["engine_status"]) for x in created.json()] == [
        ("Trần Thị Bình", "CSTT", None, "eligible"),
        ("Trần Thị Bình", "CSTDCS", None, "eligible"),
        ("Trần Thị Bình", None, "BK_BO", "eligible"),
    ]
    again = client.post(f"{API}/{proposal.pk}/prefill", headers=officer)
    assert (again.status_code, again.json()) == (201, [])
    assert client.post(f"{API}/{proposal.pk}/prefill", headers=bearer(personas.council)).json() == FORBIDDEN
    assert client.post(f"{API}/{proposal.pk}/prefill", headers=bearer(personas.outsider)).json() == NOT_FOUND


def test_check_stores_each_lines_verdict_again(client, org, personas):
    proposal = _draft(org, personas.unit_officer)
    line = wf.add_line(
        proposal, person=org.people.cuong, title=Title.objects.get(code="CSTT"), by=personas.unit_officer
    )
    ProposalLine.objects.filter(pk=line.pk).update(engine_status="", engine_failures=[])

    checked = client.post(f"{API}/{proposal.pk}/check", headers=bearer(personas.unit_officer))
    assert checked.status_code == 200
    [row] = checked.json()
    assert (row["id"], row["engine_status"], row["engine_failures"][0]["fact"]) == (
        line.pk,
        "not_eligible",
        "2024: chưa xếp loại",
    )
    line.refresh_from_db()
    assert line.engine_status == "not_eligible"
    assert client.post(f"{API}/{proposal.pk}/check", headers=bearer(personas.council)).json() == FORBIDDEN


def test_dossier_files_are_uploaded_listed_downloaded_and_hostile_files_refused(
    client, org, personas, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    proposal = _draft(org, personas.unit_officer)
    line = wf.add_line(
        proposal, person=org.people.binh, award_form=AwardForm.objects.get(code="GK"), by=personas.unit_officer
    )
    officer = bearer(personas.unit_officer)
    url = f"{API}/{proposal.pk}/files"

    pdf = SimpleUploadedFile("to-trinh.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")
    up = client.post(url, {"file": pdf, "kind": "memo", "line": line.pk}, headers=officer)
    assert up.status_code == 201, up.content
    body = up.json()
    assert (body["kind"], body["line"], body["name"], body["size"]) == ("memo", line.pk, "to-trinh.pdf", 15)
    assert [x["id"] for x in client.get(url, headers=bearer(personas.council)).json()] == [body["id"]]
    got = client.get(f"{url}/{body['id']}", headers=officer)
    assert (got.status_code, b"".join(got.streaming_content)) == (200, b"%PDF-1.4\n%%EOF\n")
    assert got["Content-Disposition"] == 'attachment; filename="to-trinh.pdf"'

    exe = client.post(url, {"file": SimpleUploadedFile("x.exe", b"MZ"), "kind": "memo"}, headers=officer)
    assert exe.json() == {
        "detail": "Chỉ nhận tệp PDF (.pdf), Word (.docx) hoặc Excel (.xlsx); tệp “x.exe” không được nhận."
    }
    fake = client.post(url, {"file": SimpleUploadedFile("gia.pdf", b"MZ not a pdf"), "kind": "memo"}, headers=officer)
    assert fake.status_code == 422
    bad_kind = client.post(url, {"file": SimpleUploadedFile("a.pdf", b"%PDF-1.4\n"), "kind": "x"}, headers=officer)
    assert bad_kind.status_code == 422 and "kind" in bad_kind.content.decode()
    assert DossierFile.objects.count() == 1
    council = client.post(
        url, {"file": SimpleUploadedFile("b.pdf", b"%PDF-1.4\n"), "kind": "memo"}, headers=bearer(personas.council)
    )
    assert council.json() == FORBIDDEN
    assert client.get(url, headers=bearer(personas.outsider)).json() == NOT_FOUND
    assert client.get(f"{url}/{body['id']}", headers=bearer(personas.outsider)).status_code == 404


def _under_review(org, personas):
    proposal = _draft(org, personas.unit_officer)
    line = wf.add_line(proposal, person=org.people.binh, title=Title.objects.get(code="CSTT"), by=personas.unit_officer)
    wf.submit_proposal(proposal, by=personas.commander)
    wf.start_review(proposal, by=personas.office)
    meeting = CouncilMeeting.objects.create(
        unit=org.caqb, year=2024, date=datetime.date.today() + datetime.timedelta(days=10), place="Đồng Hới"
    )
    return line, meeting


def test_the_notice_is_published_and_units_comment(client, org, personas):
    line, meeting = _under_review(org, personas)
    today = datetime.date.today()
    office = bearer(personas.office)
    candidates = client.get(f"{DECISIONS}/meetings/{meeting.pk}/notice/candidates", headers=office).json()
    assert [(x["id"], x["name"], x["proposing_unit"], x["honour"], x["preselected"]) for x in candidates] == [
        (line.pk, "Trần Thị Bình", "PX03", "CSTT", False)
    ]
    payload = {"opens_on": str(today), "closes_on": str(today + datetime.timedelta(days=5)), "lines": [line.pk]}
    council = client.post(
        f"{DECISIONS}/meetings/{meeting.pk}/notice", payload, content_type=JSON, headers=bearer(personas.council)
    )
    assert council.json() == FORBIDDEN
    late = {**payload, "closes_on": str(meeting.date)}
    refused = client.post(f"{DECISIONS}/meetings/{meeting.pk}/notice", late, content_type=JSON, headers=office)
    assert refused.json() == {
        "detail": f"Thời gian công khai phải kết thúc trước ngày họp Hội đồng ({meeting.date:%d/%m/%Y})."
    }
    published = client.post(f"{DECISIONS}/meetings/{meeting.pk}/notice", payload, content_type=JSON, headers=office)
    assert published.status_code == 201
    notice = published.json()
    assert (notice["meeting"], [x["id"] for x in notice["lines"]], notice["comments"]) == (meeting.pk, [line.pk], [])

    commander = bearer(personas.commander)
    url = f"{DECISIONS}/notices/{notice['id']}/comments"
    said = client.post(
        url, {"unit": org.px03.pk, "line": line.pk, "text": " Nhất trí. "}, content_type=JSON, headers=commander
    )
    assert said.status_code == 201
    assert {k: said.json()[k] for k in ("unit", "unit_name", "line", "text")} == {
        "unit": org.px03.pk,
        "unit_name": "Phòng Công tác đảng và công tác chính trị",
        "line": line.pk,
        "text": "Nhất trí.",
    }
    assert [c["text"] for c in client.get(url, headers=office).json()] == ["Nhất trí."]
    assert [
        c["text"] for c in client.get(f"{DECISIONS}/notices/{notice['id']}", headers=commander).json()["comments"]
    ] == ["Nhất trí."]
    # A unit the user does not write for: 403; a line outside the list: 422.
    assert (
        client.post(url, {"unit": org.ph10.pk, "text": "x"}, content_type=JSON, headers=commander).json() == FORBIDDEN
    )
    other = wf.add_line(
        _draft(org, personas.unit_officer),
        person=org.people.an,
        title=Title.objects.get(code="CSTT"),
        by=personas.unit_officer,
    )
    outside = client.post(
        url, {"unit": org.px03.pk, "line": other.pk, "text": "x"}, content_type=JSON, headers=commander
    )
    assert outside.json() == {"detail": "Trường hợp này không có trong danh sách công khai."}
    assert client.get(f"{DECISIONS}/notices/{notice['id']}", headers=bearer(personas.outsider)).json() == NOT_FOUND
    assert AuditEvent.objects.filter(object_type="commendation.noticecomment").count() == 1
    assert AuditEvent.objects.filter(object_type="commendation.publicnotice", action="create").count() == 1


def test_a_notice_refuses_lines_the_council_is_not_reviewing(client, org, personas):
    _line, meeting = _under_review(org, personas)
    draft_line = wf.add_line(
        _draft(org, personas.unit_officer),
        person=org.people.an,
        title=Title.objects.get(code="CSTT"),
        by=personas.unit_officer,
    )
    today = datetime.date.today()
    payload = {"opens_on": str(today), "closes_on": str(today + datetime.timedelta(days=5)), "lines": [draft_line.pk]}
    refused = client.post(
        f"{DECISIONS}/meetings/{meeting.pk}/notice", payload, content_type=JSON, headers=bearer(personas.office)
    )
    assert refused.json() == {
        "detail": "Dòng 1 (Nguyễn Văn An – Chiến sĩ tiên tiến) không thuộc các đề nghị Hội đồng này đang xét."
    }
    outsider = client.get(f"{DECISIONS}/meetings/{meeting.pk}/notice/candidates", headers=bearer(personas.outsider))
    assert outsider.json() == NOT_FOUND
    assert not meeting.notices.exists()
