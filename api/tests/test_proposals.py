"""The proposals API: the same rules as the pages — outsiders 404, read-only roles 403, refusals
422 with their Vietnamese message, every change audited."""

import pytest

from api.tests import bearer
from audit.models import AuditEvent
from commendation.models import Proposal

pytestmark = pytest.mark.django_db
API = "/api/v1/proposals"
JSON = "application/json"
NOT_FOUND = {"detail": "Không tìm thấy hoặc nằm ngoài phạm vi của bạn."}
FORBIDDEN = {"detail": "Bạn chỉ có quyền xem, không có quyền thay đổi mục này."}


def test_a_proposal_is_made_checked_justified_submitted_and_reviewed(client, org, personas):
    officer = bearer(personas.unit_officer)
    created = client.post(
        API,
        {"unit": org.px03.pk, "to_unit": org.caqb.pk, "year": 2024, "title": "Năm 2024"},
        content_type=JSON,
        headers=officer,
    )
    assert created.status_code == 201
    pk = created.json()["id"]
    line = client.post(
        f"{API}/{pk}/lines", {"person": org.people.cuong.pk, "title": "CSTT"}, content_type=JSON, headers=officer
    ).json()
    assert (line["name"], line["title"], line["award_form"], line["engine_status"], line["achievement"]) == (
        "Lê Văn Cường",
        "CSTT",
        None,
        "not_eligible",
        "merit:2024",
    )
    assert line["engine_failures"][0]["fact"] == "2024: chưa xếp loại"
    commander = bearer(personas.commander)
    refused = client.post(f"{API}/{pk}/submit", headers=commander)
    assert (refused.status_code, refused.json()) == (
        422,
        {
            "detail": (
                "Dòng 1 (Lê Văn Cường – Chiến sĩ tiên tiến) chưa đủ điều kiện theo bộ quy tắc: hãy ghi giải trình trước khi "
                "trình."
            )
        },
    )
    client.patch(f"{API}/{pk}/lines/{line['id']}", {"justification": "Có lý do."}, content_type=JSON, headers=officer)
    assert client.post(f"{API}/{pk}/submit", headers=commander).json()["status"] == "submitted"
    assert client.post(f"{API}/{pk}/review", headers=commander).json() == FORBIDDEN
    assert client.post(f"{API}/{pk}/review", headers=bearer(personas.office)).json()["status"] == "review"
    board = client.get(f"{API}/dashboard", {"year": 2024}, headers=bearer(personas.council)).json()
    assert board == [
        {"movement": None, "name": "Khen thưởng hằng năm, đột xuất", "counts": {"review": 1}, "total": 1, "lines": 1}
    ]
    assert [
        e.changes.get("status") for e in AuditEvent.objects.filter(object_type="commendation.proposal").order_by("id")
    ] == ["draft", ["draft", "submitted"], ["submitted", "review"]]


def test_the_same_achievement_twice_is_a_422(client, org, personas):
    headers = bearer(personas.office)
    ids = [
        client.post(
            API,
            {"unit": org.px03.pk, "to_unit": org.caqb.pk, "year": 2024, "title": t},
            content_type=JSON,
            headers=headers,
        ).json()["id"]
        for t in ("A", "B")
    ]
    client.post(
        f"{API}/{ids[0]}/lines", {"person": org.people.binh.pk, "award_form": "GK"}, content_type=JSON, headers=headers
    )
    again = client.post(
        f"{API}/{ids[1]}/lines",
        {"person": org.people.binh.pk, "award_form": "BK_BO"},
        content_type=JSON,
        headers=headers,
    )
    assert (again.status_code, again.json()) == (
        422,
        {
            "detail": (
                "Trần Thị Bình đã được đề nghị “Giấy khen” cho cùng thành tích này (đề nghị “A”): một thành tích chỉ được "
                "đề nghị một hình thức khen thưởng (Luật TĐKT 2022 điều 5)."
            )
        },
    )


def test_an_outsider_cannot_see_another_provinces_proposals(client, org, personas):
    headers = bearer(personas.unit_officer)
    pk = client.post(
        API,
        {"unit": org.px03.pk, "to_unit": org.caqb.pk, "year": 2024, "title": "A"},
        content_type=JSON,
        headers=headers,
    ).json()["id"]
    outsider = bearer(personas.outsider)
    assert client.get(f"{API}/{pk}", headers=outsider).json() == NOT_FOUND
    assert client.post(f"{API}/{pk}/submit", headers=outsider).json() == NOT_FOUND
    assert client.get(API, {"year": 2024}, headers=outsider).json() == []
    assert (
        client.post(
            API,
            {"unit": org.px03.pk, "to_unit": org.caqb.pk, "year": 2024, "title": "X"},
            content_type=JSON,
            headers=outsider,
        ).status_code
        == 404
    )
    leader = bearer(personas.leader)
    assert client.get(f"{API}/{pk}", headers=leader).json()["title"] == "A"
    assert client.post(f"{API}/{pk}/submit", headers=leader).json() == FORBIDDEN
    assert Proposal.objects.get().status == "draft"
