"""The disclosure API: the office's switches (outsiders 404, read-only roles 403, a draft 422) and the
public reads with no credentials — the same fields as the public pages, no personal data."""

import json

import pytest
from django.utils import timezone

from api.tests import bearer
from audit.models import AuditEvent
from commendation.models import Decision, Proposal
from commendation.services import decisions, disclosure
from commendation.tests.test_decisions import d, issued, make_proposal
from organisation.models import Person

pytestmark = pytest.mark.django_db
JSON = "application/json"


def _publish(client, path, user, published=True):
    return client.post(path, {"published": published}, content_type=JSON, headers=bearer(user))


def test_the_office_publishes_and_withdraws_a_decision(client, org, personas):
    decision = issued(org, personas.office, (org.people.binh, "CSTDCS"))
    path = f"/api/v1/decisions/{decision.pk}/publish"

    on = _publish(client, path, personas.office)
    assert on.status_code == 200, on.content
    body = on.json()
    assert (body["id"], body["published"], body["public_url"]) == (
        decision.pk,
        True,
        f"/cong-khai/{org.caqb.ref}/quyet-dinh/{decision.pk}/",
    )
    off = _publish(client, path, personas.office, published=False).json()
    assert (off["published"], off["published_at"], off["public_url"]) == (False, None, "")
    notes = list(
        AuditEvent.objects.filter(object_type="commendation.decision", object_id=str(decision.pk))
        .exclude(note="")
        .values_list("note", flat=True)
        .order_by("pk")
    )
    assert notes[-2:] == ["Công khai", "Thôi công khai"]


@pytest.mark.parametrize(("who", "status"), [("outsider", 404), ("officer", 404), ("council", 403), ("leader", 403)])
def test_others_cannot_publish_a_decision(client, org, personas, who, status):
    decision = issued(org, personas.office, (org.people.binh, "CSTDCS"))
    response = _publish(client, f"/api/v1/decisions/{decision.pk}/publish", getattr(personas, who))
    assert response.status_code == status
    assert Decision.objects.get(pk=decision.pk).published_at is None


def test_a_draft_is_refused_with_its_reason(client, org, personas):
    proposal = make_proposal(org, (org.people.binh, "CSTDCS"))
    draft = decisions.create_decision_from_lines(
        by=personas.office, issuing_unit=org.caqb, lines=proposal.lines.all(), symbol="QĐ-CAT", subject="Dự thảo"
    )
    response = _publish(client, f"/api/v1/decisions/{draft.pk}/publish", personas.office)
    assert (response.status_code, response.json()) == (422, {"detail": "Chỉ công khai được quyết định đã ban hành."})


@pytest.mark.parametrize(("who", "status"), [("office", 200), ("outsider", 404), ("council", 403), ("commander", 403)])
def test_a_proposal_is_published_by_the_receiving_office_only(client, org, personas, who, status):
    proposal = make_proposal(org, (org.people.binh, "CSTDCS"))
    response = _publish(client, f"/api/v1/proposals/{proposal.pk}/publish", getattr(personas, who))
    assert response.status_code == status
    assert (Proposal.objects.get(pk=proposal.pk).published_at is not None) == (status == 200)


def test_the_public_reads_need_no_credentials_and_show_no_personal_data(client, org, personas):
    decision = issued(org, personas.office, (org.people.binh, "CSTDCS"))
    disclosure.publish_decision(decision, by=personas.office, published=True)
    issued(org, personas.office, (org.people.cuong, "CSTT"), date="11/12/2024")  # not published
    proposal = make_proposal(org, (org.people.dung, "CSTT"))
    disclosure.publish_proposal(proposal, by=personas.office, published=True)
    Person.objects.filter(pk=org.people.binh.pk).update(full_name="Tên Đã Đổi")  # after issue
    bonus = decision.lines.get().bonus_amount

    bodies = client.get("/api/v1/public/bodies")
    assert (bodies.status_code, bodies["Cache-Control"]) == (200, "public, max-age=300")
    assert bodies.json() == [
        {"ref": org.caqb.ref, "name": "Công an tỉnh Quảng Bình", "decisions": 1, "nominee_lists": 1}
    ]

    found = client.get(f"/api/v1/public/bodies/{org.caqb.ref}/decisions")
    body = found.json()
    assert (found.status_code, body["count"], body["page"], body["pages"]) == (200, 1, 1, 1)
    [one] = body["results"]
    assert sorted(one) == [
        "annulled",
        "date",
        "id",
        "issuer",
        "number",
        "recipients",
        "signer",
        "status",
        "subject",
        "symbol",
        "url",
    ]
    assert (one["id"], one["number"], one["symbol"], one["date"], one["issuer"], one["annulled"]) == (
        decision.pk,
        1,
        "QĐ-CAT-PX03",
        "2024-12-10",
        "Công an tỉnh Quảng Bình",
        False,
    )
    assert one["recipients"] == [
        {
            "name": "Trần Thị Bình",
            "rank": "Đại úy",
            "position": "Cán bộ",
            "unit": "Phòng Công tác đảng và công tác chính trị, Công an tỉnh Quảng Bình",
            "honour": "Chiến sĩ thi đua cơ sở",
            "annulled": False,
        }
    ]

    nominees = client.get(f"/api/v1/public/bodies/{org.caqb.ref}/nominees")
    assert nominees.status_code == 200
    [listed] = nominees.json()
    assert (listed["id"], listed["proposing_unit"], listed["published_on"]) == (
        proposal.pk,
        "Phòng Công tác đảng và công tác chính trị",
        timezone.localdate(Proposal.objects.get(pk=proposal.pk).published_at).isoformat(),
    )
    assert [x["name"] for x in listed["nominees"]] == ["Phạm Quốc Dũng"]

    text = json.dumps([bodies.json(), body, nominees.json()], ensure_ascii=False)
    for secret in ("QB000002", "QB000004", "1985-05-17", str(bonus), "bonus", "ident", "birth", "person"):
        assert secret not in text, secret


def test_a_search_pages_and_a_decided_proposal_leaves_the_nominees(client, org, personas):
    decision = issued(org, personas.office, (org.people.binh, "CSTDCS"))
    disclosure.publish_decision(decision, by=personas.office, published=True)
    proposal = make_proposal(org, (org.people.dung, "CSTT"))
    disclosure.publish_proposal(proposal, by=personas.office, published=True)
    base = f"/api/v1/public/bodies/{org.caqb.ref}"
    assert [x["id"] for x in client.get(f"{base}/decisions?q=Bình").json()["results"]] == [decision.pk]
    assert client.get(f"{base}/decisions?q=Không có").json()["count"] == 0

    draft = decisions.create_decision_from_lines(
        by=personas.office, issuing_unit=org.caqb, lines=proposal.lines.all(), symbol="QĐ-CAT", subject="Khen"
    )
    decisions.issue_decision(draft, by=personas.office, date=d("12/12/2024"))
    assert client.get(f"{base}/nominees").json() == []


def test_unknown_bodies_are_404(client, org, personas):
    assert client.get("/api/v1/public/bodies/KHONG-CO/decisions").status_code == 404
    assert client.get(f"/api/v1/public/bodies/{org.cahy.ref}/nominees").status_code == 404
    assert client.get("/api/v1/public/bodies").json() == []
