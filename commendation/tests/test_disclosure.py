"""Disclosure (công khai): the body's office puts an issued decision or a proposal's nominees on the
public page; anyone reads it with no sign-in; it shows names, titles and units as issued, never a
birth date, an identifier or a bonus; outsiders 404, read-only roles 403."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEvent
from commendation.models import Decision, Proposal
from commendation.services import decisions, disclosure
from commendation.services import proposals as workflow
from commendation.tests.test_decisions import d, issued, make_proposal
from conftest import client_for
from eligibility.services import AwardsError
from organisation.models import Person

pytestmark = pytest.mark.django_db

CACHE = "public, max-age=300"


def _ids(html: str, prefix: str) -> list[int]:
    return [int(x) for x in re.findall(rf'id="{prefix}-(\d+)"', html)]


def _page(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def _body_url(org) -> str:
    return reverse("commendation:public_body", args=[org.caqb.ref])


def _published(org, personas, *recipients, **kw) -> Decision:
    decision = issued(org, personas.office, *recipients, **kw)
    return disclosure.publish_decision(decision, by=personas.office, published=True)


# The service ----------------------------------------------------------------------------------


def test_publishing_and_withdrawing_a_decision_is_audited(org, personas):
    decision = issued(org, personas.office, (org.people.binh, "CSTDCS"))
    before = AuditEvent.objects.count()

    disclosure.publish_decision(decision, by=personas.office, published=True)
    decision.refresh_from_db()
    published_at = decision.published_at
    disclosure.publish_decision(decision, by=personas.office, published=True)  # already: nothing written
    disclosure.publish_decision(decision, by=personas.office, published=False)
    decision.refresh_from_db()

    events = list(AuditEvent.objects.order_by("pk")[before:])
    assert [(e.actor, e.object_id, e.changes, e.note) for e in events] == [
        (personas.office, str(decision.pk), {"published_at": [None, str(published_at)]}, "Công khai"),
        (personas.office, str(decision.pk), {"published_at": [str(published_at), None]}, "Thôi công khai"),
    ]
    assert decision.published_at is None


def test_a_draft_decision_is_not_published(org, personas):
    proposal = make_proposal(org, (org.people.binh, "CSTDCS"))
    draft = decisions.create_decision_from_lines(
        by=personas.office, issuing_unit=org.caqb, lines=proposal.lines.all(), symbol="QĐ-CAT", subject="Dự thảo"
    )
    with pytest.raises(AwardsError) as refused:
        disclosure.publish_decision(draft, by=personas.office, published=True)
    assert str(refused.value) == "Chỉ công khai được quyết định đã ban hành."
    assert Decision.objects.get(pk=draft.pk).published_at is None


def test_a_proposal_is_published_only_while_at_the_receiving_body(org, personas):
    draft = make_proposal(org, (org.people.binh, "CSTDCS"), status=Proposal.Status.DRAFT)
    with pytest.raises(AwardsError) as refused:
        disclosure.publish_proposal(draft, by=personas.office, published=True)
    assert str(refused.value) == "Chỉ công khai danh sách đề nghị đã trình, đang chờ Hội đồng xét hoặc đã xét."

    review = make_proposal(org, (org.people.cuong, "CSTT"))
    disclosure.publish_proposal(review, by=personas.office, published=True)
    event = AuditEvent.objects.filter(object_type="commendation.proposal", object_id=str(review.pk)).get()
    assert (event.actor, event.note, event.changes["published_at"][0]) == (personas.office, "Công khai", None)


# The switches on the pages --------------------------------------------------------------------


def test_the_office_switches_a_decision_on_and_off_from_its_page(client, org, personas):
    decision = issued(org, personas.office, (org.people.binh, "CSTDCS"))
    url = reverse("commendation:decision_publish", args=[decision.pk])
    detail = reverse("commendation:decision_detail", args=[decision.pk])
    client_for(client, personas.office)
    page = _page(client, detail)
    assert 'id="publish-form"' in page and 'id="not-public"' in page

    assert client.post(url, {"published": "1"}).url == detail
    page = _page(client, detail)
    public = reverse("commendation:public_decision", args=[org.caqb.ref, decision.pk])
    assert f'<a href="{public}" class="text-break">http://testserver{public}</a>' in page
    assert "Đã công khai quyết định." in page

    client.post(url, {})  # the switch unticked
    assert Decision.objects.get(pk=decision.pk).published_at is None


@pytest.mark.parametrize(("who", "status"), [("outsider", 404), ("officer", 404), ("council", 403), ("leader", 403)])
def test_others_cannot_publish_a_decision(client, org, personas, who, status):
    decision = issued(org, personas.office, (org.people.binh, "CSTDCS"))
    client_for(client, getattr(personas, who))
    response = client.post(reverse("commendation:decision_publish", args=[decision.pk]), {"published": "1"})
    assert response.status_code == status
    assert Decision.objects.get(pk=decision.pk).published_at is None


@pytest.mark.parametrize(("who", "status"), [("outsider", 404), ("council", 403), ("unit_officer", 403)])
def test_others_cannot_publish_a_proposal(client, org, personas, who, status):
    proposal = make_proposal(org, (org.people.binh, "CSTDCS"))
    client_for(client, getattr(personas, who))
    response = client.post(reverse("commendation:proposal_publish", args=[proposal.pk]), {"published": "1"})
    assert response.status_code == status
    assert Proposal.objects.get(pk=proposal.pk).published_at is None


def test_a_read_only_role_sees_the_public_link_but_no_switch(client, org, personas):
    decision = _published(org, personas, (org.people.binh, "CSTDCS"))
    page = _page(client_for(client, personas.council), reverse("commendation:decision_detail", args=[decision.pk]))
    assert ('id="public-link"' in page, 'id="publish-form"' in page) == (True, False)


def test_the_office_publishes_a_proposals_nominees_from_its_page(client, org, personas):
    proposal = make_proposal(org, (org.people.binh, "CSTDCS"))
    client_for(client, personas.office)
    detail = reverse("commendation:proposal_detail", args=[proposal.pk])
    response = client.post(reverse("commendation:proposal_publish", args=[proposal.pk]), {"published": "1"})
    assert response.url == detail
    page = _page(client, detail)
    assert "Đã công khai danh sách đề nghị để lấy ý kiến." in page
    assert reverse("commendation:public_nominees", args=[org.caqb.ref, proposal.pk]) in page


# The public pages -----------------------------------------------------------------------------


def test_the_body_page_lists_exactly_its_published_issued_decisions_newest_first(client, org, personas):
    older = _published(org, personas, (org.people.binh, "CSTDCS"), date="10/12/2024")
    newer = _published(org, personas, (org.people.cuong, "CSTT"), date="15/12/2024", year=2024)
    issued(org, personas.office, (org.people.dung, "CSTT"), date="20/12/2024")  # not published
    draft = decisions.create_decision_from_lines(
        by=personas.office,
        issuing_unit=org.caqb,
        lines=make_proposal(org, (org.people.an, "CSTT")).lines.all(),
        symbol="QĐ-CAT",
        subject="Dự thảo",
    )
    Decision.objects.filter(pk=draft.pk).update(published_at=timezone.now())  # a draft is never shown
    other = issued(org, personas.outsider, (org.people.hoa, "CSTT"), symbol="QĐ-CAHY")
    Decision.objects.filter(pk=other.pk).update(issuing_unit=org.cahy, published_at=timezone.now())

    page = _page(client, _body_url(org))
    assert _ids(page, "decision") == [newer.pk, older.pk]
    assert _ids(_page(client, reverse("commendation:public_body", args=[org.cahy.ref])), "decision") == [other.pk]


def test_the_public_pages_need_no_sign_in_set_no_cookie_and_are_cacheable(client, org, personas):
    decision = _published(org, personas, (org.people.binh, "CSTDCS"))
    proposal = make_proposal(org, (org.people.cuong, "CSTT"))
    disclosure.publish_proposal(proposal, by=personas.office, published=True)
    urls = [
        reverse("commendation:public_bodies"),
        _body_url(org),
        reverse("commendation:public_decision", args=[org.caqb.ref, decision.pk]),
        reverse("commendation:public_nominees", args=[org.caqb.ref, proposal.pk]),
    ]
    for url in urls:
        response = client.get(url)
        assert (response.status_code, response["Cache-Control"], dict(response.cookies)) == (200, CACHE, {}), url
    assert "sessionid" not in client.cookies


def test_the_bodies_page_counts_decisions_and_open_lists(client, org, personas):
    _published(org, personas, (org.people.binh, "CSTDCS"))
    _published(org, personas, (org.people.cuong, "CSTT"), date="11/12/2024")
    disclosure.publish_proposal(make_proposal(org, (org.people.dung, "CSTT")), by=personas.office, published=True)
    page = _page(client, reverse("commendation:public_bodies"))
    assert re.findall(r'id="body-([^"]+)"', page) == [org.caqb.ref]
    assert re.findall(r'class="badge[^"]*">([^<]+)</span>', page) == ["2 quyết định", "1 danh sách lấy ý kiến"]


def test_a_decision_shows_what_it_printed_and_no_personal_data(client, org, personas):
    decision = _published(org, personas, (org.people.binh, "CSTDCS"), (org.px03, "GK_TT"))
    bonus = decision.lines.get(person=org.people.binh).bonus_amount
    page = _page(client, reverse("commendation:public_decision", args=[org.caqb.ref, decision.pk]))

    rows = re.findall(r'<span class="fw-bold">([^<]+)</span>', page)
    assert rows == ["Đại úy Trần Thị Bình", "Phòng Công tác đảng và công tác chính trị"]
    assert "01/QĐ-CAT-PX03" in page and "10/12/2024" in page and "Công an tỉnh Quảng Bình" in page
    for secret in ("QB000002", "17/05/1985", "1985-05-17", str(bonus), f"{bonus:,}".replace(",", "."), "Hệ số"):
        assert secret not in page, secret


def test_renaming_a_person_after_issue_leaves_the_public_list_as_issued(client, org, personas):
    decision = _published(org, personas, (org.people.binh, "CSTDCS"))
    Person.objects.filter(pk=org.people.binh.pk).update(full_name="Trần Thị Bình Mới", position="Phó phòng")
    page = _page(client, reverse("commendation:public_decision", args=[org.caqb.ref, decision.pk]))
    assert re.findall(r'<span class="fw-bold">([^<]+)</span>', page) == ["Đại úy Trần Thị Bình"]
    assert "Bình Mới" not in page and "Phó phòng" not in page


def test_an_annulled_decision_stays_listed_and_marked(client, org, personas):
    decision = _published(org, personas, (org.people.binh, "CSTDCS"), (org.people.cuong, "CSTT"))
    line = decision.lines.get(person=org.people.cuong)
    decisions.annul_decision(
        decision,
        by=personas.office,
        ground="fraud",
        reason="Kê khai không trung thực",
        annulled_on=d("15/03/2025"),
        annulling_reference="45/QĐ-CAT",
        lines=[line],
    )
    page = _page(client, reverse("commendation:public_decision", args=[org.caqb.ref, decision.pk]))
    assert _ids(page, "recipient") == [1, 2]
    assert re.findall(r"<s>([^<]+)</s>", page) == ["Chiến sĩ tiên tiến"]

    decisions.annul_decision(
        decision,
        by=personas.office,
        ground="fraud",
        reason="Kê khai không trung thực",
        annulled_on=d("15/03/2025"),
        annulling_reference="46/QĐ-CAT",
    )
    assert _ids(_page(client, _body_url(org)), "decision") == [decision.pk]
    page = _page(client, reverse("commendation:public_decision", args=[org.caqb.ref, decision.pk]))
    assert 'id="decision-annulled"' in page and "Quyết định này đã bị huỷ bỏ." in page


def test_the_body_page_is_searched_by_name_and_paged_by_twenty(client, org, personas):
    named = _published(org, personas, (org.people.binh, "CSTDCS"))
    now = timezone.now()
    Decision.objects.bulk_create(
        Decision(
            issuing_unit=org.caqb,
            year=2023,
            number=100 + i,
            symbol="QĐ-CAT",
            date=datetime.date(2023, 1, 1) + datetime.timedelta(days=i),
            subject=f"Quyết định {i}",
            status=Decision.Status.ISSUED,
            published_at=now,
        )
        for i in range(20)
    )
    first, second = _page(client, _body_url(org)), _page(client, _body_url(org) + "?page=2")
    assert (len(_ids(first, "decision")), _ids(second, "decision")) == (20, [Decision.objects.order_by("date")[0].pk])
    assert _ids(first, "decision")[0] == named.pk
    assert "Trang 1 / 2" in first

    found = _page(client, _body_url(org) + "?q=Bình")
    assert _ids(found, "decision") == [named.pk]
    assert _ids(_page(client, _body_url(org) + "?q=Không+có+ai"), "decision") == []


def test_a_proposals_nominees_are_public_until_it_is_decided(client, org, personas):
    proposal = make_proposal(org, (org.people.binh, "CSTDCS"), (org.people.dung, "CSTT"))
    disclosure.publish_proposal(proposal, by=personas.office, published=True)
    url = reverse("commendation:public_nominees", args=[org.caqb.ref, proposal.pk])
    page = _page(client, url)
    assert re.findall(r'<span class="fw-bold">([^<]+)</span>', page) == [
        "Đại úy Trần Thị Bình",
        "Đại úy Phạm Quốc Dũng",
    ]
    assert "QB000002" not in page and "17/05/1985" not in page
    assert _ids(_page(client, _body_url(org)), "list") == [proposal.pk]

    draft = decisions.create_decision_from_lines(
        by=personas.office, issuing_unit=org.caqb, lines=proposal.lines.all(), symbol="QĐ-CAT", subject="Khen"
    )
    decisions.issue_decision(draft, by=personas.office, date=d("10/12/2024"))
    assert Proposal.objects.get(pk=proposal.pk).status == Proposal.Status.DECIDED
    assert client.get(url).status_code == 404
    assert client.get(_body_url(org)).status_code == 404  # nothing published left


def test_a_returned_list_leaves_the_page_and_must_be_published_again(client, org, personas):
    proposal = make_proposal(org, (org.people.binh, "CSTDCS"), status=Proposal.Status.SUBMITTED)
    disclosure.publish_proposal(proposal, by=personas.office, published=True)
    workflow.return_proposal(proposal, reason="Bổ sung hồ sơ", by=personas.office)
    url = reverse("commendation:public_nominees", args=[org.caqb.ref, proposal.pk])
    assert client.get(url).status_code == 404

    workflow.resubmit_proposal(Proposal.objects.get(pk=proposal.pk), by=personas.commander)
    assert client.get(url).status_code == 404
    disclosure.publish_proposal(Proposal.objects.get(pk=proposal.pk), by=personas.office, published=True)
    assert client.get(url).status_code == 200


def test_unknown_bodies_and_unpublished_decisions_are_404(client, org, personas):
    published = _published(org, personas, (org.people.binh, "CSTDCS"))
    hidden = issued(org, personas.office, (org.people.cuong, "CSTT"), date="11/12/2024")
    assert client.get(reverse("commendation:public_body", args=["KHONG-CO"])).status_code == 404
    assert client.get(reverse("commendation:public_body", args=[org.cahy.ref])).status_code == 404
    assert client.get(reverse("commendation:public_decision", args=[org.caqb.ref, hidden.pk])).status_code == 404
    assert client.get(reverse("commendation:public_decision", args=[org.cahy.ref, published.pk])).status_code == 404
    assert client.get(reverse("commendation:public_nominees", args=[org.caqb.ref, 999])).status_code == 404


@pytest.mark.parametrize("rows", [1, 3])
def test_the_body_page_reads_a_fixed_number_of_queries(client, org, personas, django_assert_num_queries, rows):
    for i in range(rows):
        _published(org, personas, (org.people.binh, "CSTT"), date=f"1{i}/12/2024", year=2020 + i)
    with django_assert_num_queries(5):
        client.get(_body_url(org))
