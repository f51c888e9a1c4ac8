"""A draft decision loses a recipient ("Bỏ dòng") or is deleted ("Xoá dự thảo") on its page and through
the API; only the issuing body's office does it (outsiders 404, read-only roles 403), an issued
decision refuses (it is annulled, never edited: Law 2022 chapter VII), every change is audited and
the approved proposal lines come back for another decision."""

import pytest
from django.urls import reverse

from api.tests import bearer
from audit.models import AuditEvent
from commendation.models import Decision, DecisionLine
from commendation.services import decisions
from commendation.tests.test_decisions import issued, make_proposal
from conftest import client_for

pytestmark = pytest.mark.django_db
API = "/api/v1/decisions"
ISSUED = "Quyết định đã ban hành: không thể sửa, chỉ có thể huỷ bỏ."


def _draft(org, by):
    proposal = make_proposal(org, (org.people.binh, "CSTDCS"), (org.people.cuong, "CSTT"))
    return decisions.create_decision_from_lines(
        by=by, issuing_unit=org.caqb, lines=proposal.lines.all(), symbol="QĐ-CAT", subject="Về việc tặng danh hiệu"
    )


def _line(decision, person) -> DecisionLine:
    return decision.lines.get(person=person)


def test_the_draft_page_offers_both_buttons_to_the_office_only(client, org, personas):
    decision = _draft(org, personas.office)
    binh = _line(decision, org.people.binh)
    page = client_for(client, personas.office).get(reverse("commendation:decision_detail", args=[decision.pk]))
    html = page.content.decode()
    assert 'action="{}"'.format(reverse("commendation:decision_line_remove", args=[decision.pk, binh.pk])) in html
    assert 'action="{}"'.format(reverse("commendation:decision_delete", args=[decision.pk])) in html
    assert html.count(">Bỏ dòng</button>") == 2
    assert 'class="btn btn-outline-danger" data-bs-toggle="collapse"' in html
    council = client_for(client, personas.council).get(reverse("commendation:decision_detail", args=[decision.pk]))
    assert "Bỏ dòng" not in council.content.decode() and "Xoá dự thảo" not in council.content.decode()


def test_the_page_takes_a_line_off_a_draft_and_audits_it(client, org, personas):
    decision = _draft(org, personas.office)
    cuong = _line(decision, org.people.cuong)
    done = client_for(client, personas.office).post(
        reverse("commendation:decision_line_remove", args=[decision.pk, cuong.pk]), follow=True
    )
    assert done.redirect_chain == [(reverse("commendation:decision_detail", args=[decision.pk]), 302)]
    assert "Đã bỏ Lê Văn Cường khỏi dự thảo quyết định." in done.content.decode()
    assert [x.person for x in decision.lines.all()] == [org.people.binh]
    event = (
        AuditEvent.objects.filter(object_type="commendation.decision", object_id=str(decision.pk)).order_by("pk").last()
    )
    assert (event.action, event.actor, event.changes) == ("update", personas.office, {"lines": [[cuong.pk], None]})


def test_the_page_deletes_a_draft_and_frees_its_lines(client, org, personas):
    decision = _draft(org, personas.office)
    proposal_lines = list(decision.lines.values_list("proposal_line", flat=True))
    done = client_for(client, personas.office).post(
        reverse("commendation:decision_delete", args=[decision.pk]), follow=True
    )
    assert done.redirect_chain == [(reverse("commendation:decision_list"), 302)]
    assert "Đã xoá dự thảo quyết định." in done.content.decode()
    assert not Decision.objects.filter(pk=decision.pk).exists()
    assert not DecisionLine.objects.exists()
    event = (
        AuditEvent.objects.filter(object_type="commendation.decision", object_id=str(decision.pk)).order_by("pk").last()
    )
    assert (event.action, event.changes["subject"]) == ("delete", ["Về việc tặng danh hiệu", None])
    again = decisions.create_decision_from_lines(
        by=personas.office,
        issuing_unit=org.caqb,
        lines=decisions.ProposalLine.objects.filter(pk__in=proposal_lines),
        symbol="QĐ-CAT",
        subject="Lần hai",
    )
    assert again.lines.count() == 2


def test_the_page_refuses_an_issued_decision_and_changes_nothing(client, org, personas):
    decision = issued(org, personas.office, (org.people.binh, "CSTDCS"))
    office = client_for(client, personas.office)
    page = office.get(reverse("commendation:decision_detail", args=[decision.pk])).content.decode()
    assert "Bỏ dòng" not in page and "Xoá dự thảo" not in page
    line = decision.lines.get()
    removed = office.post(reverse("commendation:decision_line_remove", args=[decision.pk, line.pk]), follow=True)
    deleted = office.post(reverse("commendation:decision_delete", args=[decision.pk]), follow=True)
    assert ISSUED in removed.content.decode() and ISSUED in deleted.content.decode()
    assert deleted.redirect_chain == [(reverse("commendation:decision_detail", args=[decision.pk]), 302)]
    assert Decision.objects.get(pk=decision.pk).lines.count() == 1


def test_the_pages_refuse_outsiders_404_and_read_only_roles_403(client, org, personas):
    decision = _draft(org, personas.office)
    line = _line(decision, org.people.binh)
    remove = reverse("commendation:decision_line_remove", args=[decision.pk, line.pk])
    delete = reverse("commendation:decision_delete", args=[decision.pk])
    for persona, status in ((personas.outsider, 404), (personas.council, 403), (personas.unit_officer, 404)):
        who = client_for(client, persona)
        assert (who.post(remove).status_code, who.post(delete).status_code) == (status, status), persona
    assert client_for(client, personas.office).get(delete).status_code == 405
    other = _draft_other(org, personas)
    assert (
        client_for(client, personas.office)
        .post(reverse("commendation:decision_line_remove", args=[decision.pk, other.lines.first().pk]))
        .status_code
        == 404
    )
    assert decision.lines.count() == 2 and other.lines.count() == 1


def _draft_other(org, personas):
    proposal = make_proposal(org, (org.people.an, "CSTT"))
    return decisions.create_decision_from_lines(
        by=personas.office, issuing_unit=org.caqb, lines=proposal.lines.all(), symbol="QĐ-CAT", subject="Khác"
    )


def test_the_api_takes_a_line_off_and_deletes_a_draft(client, org, personas):
    office = bearer(personas.office)
    decision = _draft(org, personas.office)
    cuong = _line(decision, org.people.cuong)

    removed = client.delete(f"{API}/{decision.pk}/lines/{cuong.pk}", headers=office)
    assert (removed.status_code, removed.content) == (204, b"")
    body = client.get(f"{API}/{decision.pk}", headers=office).json()
    assert [(x["person"], x["honour"]) for x in body["lines"]] == [(org.people.binh.pk, "CSTDCS")]
    assert client.delete(f"{API}/{decision.pk}/lines/{cuong.pk}", headers=office).status_code == 404

    deleted = client.delete(f"{API}/{decision.pk}", headers=office)
    assert deleted.status_code == 204
    assert client.get(f"{API}/{decision.pk}", headers=office).status_code == 404
    assert [
        e.action
        for e in AuditEvent.objects.filter(object_type="commendation.decision", object_id=str(decision.pk)).order_by(
            "pk"
        )
    ] == ["create", "update", "delete"]


def test_the_api_refuses_an_issued_decision_with_422(client, org, personas):
    office = bearer(personas.office)
    decision = issued(org, personas.office, (org.people.binh, "CSTDCS"))
    line = decision.lines.get()
    removed = client.delete(f"{API}/{decision.pk}/lines/{line.pk}", headers=office)
    deleted = client.delete(f"{API}/{decision.pk}", headers=office)
    assert (removed.status_code, removed.json()) == (422, {"detail": ISSUED})
    assert (deleted.status_code, deleted.json()) == (422, {"detail": ISSUED})
    assert Decision.objects.get(pk=decision.pk).lines.count() == 1


def test_the_api_refuses_outsiders_404_and_read_only_roles_403(client, org, personas):
    decision = _draft(org, personas.office)
    line = _line(decision, org.people.binh)
    for persona, status in ((personas.outsider, 404), (personas.council, 403), (personas.unit_officer, 404)):
        key = bearer(persona)
        assert client.delete(f"{API}/{decision.pk}/lines/{line.pk}", headers=key).status_code == status
        assert client.delete(f"{API}/{decision.pk}", headers=key).status_code == status
    other = _draft_other(org, personas)
    office = bearer(personas.office)
    assert client.delete(f"{API}/{decision.pk}/lines/{other.lines.get().pk}", headers=office).status_code == 404
    assert decision.lines.count() == 2 and other.lines.count() == 1
