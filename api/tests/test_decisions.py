"""The decisions API: meetings and decisions; outsiders 404, read-only roles 403, refusals 422."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from api.tests import bearer
from audit.models import AuditEvent
from commendation.models import Decision, ProposalLine
from commendation.tests.test_council import members
from commendation.tests.test_decisions import issued, make_proposal
from honours.models import TitleAward

pytestmark = pytest.mark.django_db
API = "/api/v1/decisions"
JSON = "application/json"


def test_a_decision_from_draft_to_issue_and_annulment(client, org, personas):
    office = bearer(personas.office)
    proposal = make_proposal(org, (org.people.binh, "CSTDCS"), (org.people.cuong, "CSTT"))
    lines = list(proposal.lines.values_list("pk", flat=True))

    created = client.post(
        API,
        {
            "issuing_unit": org.caqb.pk,
            "lines": lines,
            "symbol": "QĐ-CAT-PX03",
            "subject": "Về việc tặng danh hiệu thi đua năm 2024",
        },
        content_type=JSON,
        headers=office,
    )
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    issue = client.post(f"{API}/{pk}/issue", {"date": "2024-07-01"}, content_type=JSON, headers=office)

    body = issue.json()
    assert (body["status"], body["number"], body["reference"], body["base_salary"]) == (
        "issued",
        1,
        "01/QĐ-CAT-PX03 ngày 01/07/2024",
        2_340_000,
    )
    assert [(x["honour"], x["bonus_amount"]) for x in body["lines"]] == [("CSTDCS", 2_340_000), ("CSTT", 710_000)]
    edit = client.patch(f"{API}/{pk}", {"subject": "Sửa"}, content_type=JSON, headers=office)
    assert (edit.status_code, edit.json()["detail"]) == (
        422,
        "Quyết định đã ban hành: không thể sửa, chỉ có thể huỷ bỏ.",
    )
    annul = client.post(
        f"{API}/{pk}/annul",
        {
            "ground": "fraud",
            "reason": "Kê khai không trung thực",
            "annulled_on": "2025-03-01",
            "annulling_reference": "12/QĐ-CAT",
            "lines": [body["lines"][0]["id"]],
        },
        content_type=JSON,
        headers=office,
    )
    assert annul.status_code == 201
    assert TitleAward.objects.filter(annulled=False).count() == 1
    assert client.get(f"{API}/{pk}", headers=bearer(personas.council)).json()["lines"][0]["annulled"] is True
    assert [
        e.action
        for e in AuditEvent.objects.filter(object_type="commendation.decision", object_id=str(pk)).order_by("pk")
    ] == ["create", "update", "update"]


def test_outsiders_get_404_and_read_only_roles_403(client, org, personas):
    decision = issued(org, personas.office, (org.people.binh, "CSTDCS"))
    outsider, council = bearer(personas.outsider), bearer(personas.council)

    assert client.get(f"{API}/{decision.pk}", headers=outsider).status_code == 404
    assert client.get(API, headers=outsider).json() == []
    assert client.get(f"{API}/{decision.pk}", headers=council).status_code == 200
    assert [x["id"] for x in client.get(API, headers=council).json()] == [decision.pk]
    annul = {"ground": "fraud", "reason": "x", "annulled_on": "2025-01-01", "annulling_reference": "1/QĐ"}
    assert client.post(f"{API}/{decision.pk}/annul", annul, content_type=JSON, headers=council).status_code == 403
    assert client.post(f"{API}/{decision.pk}/annul", annul, content_type=JSON, headers=outsider).status_code == 404
    proposal = make_proposal(org, (org.people.cuong, "CSTT"))
    draft = {"issuing_unit": org.caqb.pk, "lines": [proposal.lines.get().pk], "symbol": "QĐ", "subject": "x"}
    assert client.post(API, draft, content_type=JSON, headers=council).status_code == 403
    assert client.post(API, draft, content_type=JSON, headers=outsider).status_code == 404
    assert Decision.objects.count() == 1


def test_a_meeting_through_the_api_refuses_the_vote_without_quorum(client, org, personas):
    office = bearer(personas.office)
    proposal = make_proposal(org, (org.people.binh, "CSTDCS"), outcome=ProposalLine.Outcome.PENDING)
    meeting = client.post(
        f"{API}/meetings",
        {"unit": org.caqb.pk, "year": 2024, "date": "2024-12-05", "place": "Hội trường"},
        content_type=JSON,
        headers=office,
    ).json()
    people = members(org, 3)
    url = f"{API}/meetings/{meeting['id']}"
    roster = [{"person": p.pk, "present": i == 0} for i, p in enumerate(people)]
    assert client.put(f"{url}/members", roster, content_type=JSON, headers=office).json()["needed"] == 2
    client.put(f"{url}/agenda", {"lines": [proposal.lines.get().pk]}, content_type=JSON, headers=office)

    hold = client.post(f"{url}/hold", headers=office)

    assert (hold.status_code, hold.json()["detail"]) == (
        422,
        "Không đủ số thành viên Hội đồng có mặt: có 1/3, cần ít nhất 2.",
    )
    assert client.post(f"{url}/hold", headers=bearer(personas.council)).status_code == 403
    assert client.get(url, headers=bearer(personas.outsider)).status_code == 404
    roster[1]["present"] = True
    client.put(f"{url}/members", roster, content_type=JSON, headers=office)
    assert client.post(f"{url}/hold", headers=office).json()["status"] == "held"
    opened = client.post(f"{url}/vote", {"per_list": False}, content_type=JSON, headers=office)
    assert opened.json()["election"] is not None


def test_a_higher_levels_decision_is_recorded_with_its_signer_and_its_scan(client, org, personas, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    office = bearer(personas.office)
    proposal = make_proposal(org, (org.people.binh, "BK_BO"), outcome=ProposalLine.Outcome.PENDING)
    lines = list(proposal.lines.values_list("pk", flat=True))

    created = client.post(
        f"{API}/external",
        {
            "issuing_unit": org.caqb.pk,
            "issuer_name": "Bộ trưởng Bộ Công an",
            "number": 4521,
            "symbol": "QĐ-BCA",
            "date": "2024-11-20",
            "lines": lines,
            "signer_name": "Nguyễn Văn Long",
            "signer_position": "Thứ trưởng",
            "achievement_text": "Có thành tích xuất sắc trong chuyên án QB-0925",
        },
        content_type=JSON,
        headers=office,
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert (body["external"], body["signer_name"], body["signer_position"], body["achievement_text"]) == (
        True,
        "Nguyễn Văn Long",
        "Thứ trưởng",
        "Có thành tích xuất sắc trong chuyên án QB-0925",
    )
    pk = body["id"]
    pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"

    scan = client.post(f"{API}/{pk}/scan", {"file": SimpleUploadedFile("QD-4521.pdf", pdf)}, headers=office)
    assert (scan.status_code, scan.json()) == (201, {"decision": pk, "name": "QD-4521.pdf", "size": len(pdf)})

    word = client.post(f"{API}/{pk}/scan", {"file": SimpleUploadedFile("QD.pdf", b"hello, not a pdf")}, headers=office)
    assert word.status_code == 422
    leader = client.post(
        f"{API}/{pk}/scan", {"file": SimpleUploadedFile("QD.pdf", pdf)}, headers=bearer(personas.leader)
    )
    outsider = client.post(
        f"{API}/{pk}/scan", {"file": SimpleUploadedFile("QD.pdf", pdf)}, headers=bearer(personas.outsider)
    )
    assert (leader.status_code, outsider.status_code) == (403, 404)
    own = issued(org, personas.office, (org.people.cuong, "CSTT"))
    refused = client.post(f"{API}/{own.pk}/scan", {"file": SimpleUploadedFile("QD.pdf", pdf)}, headers=office)
    assert (refused.status_code, refused.json()["detail"]) == (
        422,
        "Chỉ đính kèm bản chụp cho quyết định của cấp trên được ghi nhận theo số.",
    )
