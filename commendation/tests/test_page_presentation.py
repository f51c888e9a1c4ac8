"""How the commendation pages present what they show: each label of a fact grid stays with its value,
amounts of money are grouped the Vietnamese way (2.340.000), the certificate pages light "Khen thưởng"."""

import re
from html.parser import HTMLParser

import pytest
from django.conf import settings
from django.urls import reverse

from commendation import certificate_templates
from commendation.models import DecisionLine, ProposalLine
from commendation.services import council
from commendation.tests.test_council import DAY, meeting_with, members
from commendation.tests.test_decisions import issued, make_proposal
from conftest import client_for
from organisation import services as org_services

pytestmark = pytest.mark.django_db


class _Facts(HTMLParser):
    """The ``<dl id=…>`` fact grid as (label, value) pairs, one per ``<div>`` directly under the ``<dl>``;
    a ``<dt>``/``<dd>`` whose parent is not such a ``<div>`` is recorded in ``loose``."""

    VOID = {"br", "img", "input", "hr", "meta", "link"}

    def __init__(self, dl_id):
        super().__init__()
        self.dl_id, self.stack, self.pairs, self.loose, self.text = dl_id, [], [], [], None

    def handle_starttag(self, tag, attrs):
        if not self.stack:
            if tag == "dl" and dict(attrs).get("id") == self.dl_id:
                self.stack.append(tag)
            return
        if tag == "div" and self.stack == ["dl"]:
            self.pairs.append([])
        if tag in {"dt", "dd"}:
            if self.stack == ["dl", "div"]:
                self.text = []
            else:
                self.loose.append(tag)
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag):
        if tag in {"dt", "dd"} and self.text is not None:
            self.pairs[-1].append(" ".join("".join(self.text).split()))
            self.text = None
        if self.stack and self.stack[-1] == tag:
            self.stack.pop()

    def handle_data(self, data):
        if self.text is not None:
            self.text.append(data)


def facts(page: str, dl_id: str) -> tuple[list[tuple[str, ...]], list[str]]:
    parser = _Facts(dl_id)
    parser.feed(page)
    return [tuple(p) for p in parser.pairs], parser.loose


def _page(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def _current_nav(page: str) -> list[str]:
    nav = re.search(r'<nav [^>]*id="mainnav".*?</nav>', page, re.S)[0]
    return re.findall(r'<a [^>]*href="([^"]*)"[^>]*aria-current="page"[^>]*>(?:<i [^>]*></i>)?([^<]*)</a>', nav)


# 1. The fact grid: each label and its value in one wrapper ----------------------------------------


def test_the_meeting_facts_keep_each_label_with_its_value(client, org, personas):
    chair = org_services.create_person(
        by=None, unit=org.caqb, ident="HD900001", full_name="Lê Thế Lâm", sex="M", rank="dai_ta", position="Giám đốc"
    )
    meeting = council.create_meeting(
        by=personas.office, unit=org.caqb, year=2024, date=DAY, place="Hội trường Công an tỉnh", chair=chair
    )
    council.set_members(meeting, [(p, True) for p in members(org, 3)], by=personas.office)
    client_for(client, personas.office)

    page = _page(client.get(reverse("commendation:meeting_detail", args=[meeting.pk])))

    assert facts(page, "meeting-facts") == (
        [
            ("Năm xét", "2024"),
            ("Địa điểm", "Hội trường Công an tỉnh"),
            ("Chủ trì", "Lê Thế Lâm"),
            ("Trạng thái", "Dự kiến"),
        ],
        [],
    )
    assert "<div><dt>Chủ trì</dt><dd>Lê Thế Lâm</dd></div>" in page


def test_the_decision_facts_keep_each_label_with_its_value(client, org, personas):
    decision = issued(org, personas.office, (org.people.binh, "CSTDCS"))
    client_for(client, personas.office)

    page = _page(client.get(reverse("commendation:decision_detail", args=[decision.pk])))

    assert facts(page, "decision-facts") == (
        [
            ("Cơ quan ban hành", "Công an tỉnh Quảng Bình"),
            ("Số, ký hiệu", "01/QĐ-CAT-PX03"),
            ("Ngày ký", "10/12/2024"),
            ("Người ký", "—"),
            ("Năm thành tích", "2024"),
            ("Trạng thái", "Đã ban hành"),
            ("Mức lương cơ sở áp dụng", "2.340.000 đồng"),
        ],
        [],
    )


# 2. Amounts grouped the Vietnamese way -------------------------------------------------------------


def test_the_decision_page_groups_the_base_salary_and_the_bonuses(client, org, personas):
    decision = issued(org, personas.office, (org.people.binh, "CSTDCS"), (org.people.cuong, "CSTT"))
    binh, cuong = decision.lines.order_by("order", "pk")
    client_for(client, personas.office)

    page = _page(client.get(reverse("commendation:decision_detail", args=[decision.pk])))

    assert settings.LANGUAGE_CODE == "vi" and settings.USE_THOUSAND_SEPARATOR is False
    assert "<dt>Mức lương cơ sở áp dụng</dt><dd>2.340.000 đồng</dd>" in page
    assert f'<tr id="line-{binh.pk}">' in page and f'<tr id="line-{cuong.pk}">' in page
    rows = dict(re.findall(r'<tr id="line-(\d+)">.*?<td class="text-end">([^<]*)</td>\s*<td>[^<]*<a ', page, re.S))
    assert rows == {str(binh.pk): "2.340.000", str(cuong.pk): "710.000"}
    assert "2340000" not in page and "710000" not in page


def test_the_decision_page_groups_amounts_the_english_way_in_english(client, org, personas):
    decision = issued(org, personas.office, (org.people.binh, "CSTDCS"), (org.people.cuong, "CSTT"))
    client_for(client, personas.office)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    page = _page(client.get(reverse("commendation:decision_detail", args=[decision.pk])))

    assert '<html lang="en"' in page
    assert "2,340,000" in page and "710,000" in page
    assert "2340000" not in page and "710000" not in page


def test_the_annulment_shows_the_recovered_amount_grouped(client, org, personas):
    decision = issued(org, personas.office, (org.people.binh, "CSTDCS"))
    client_for(client, personas.office)
    client.post(
        reverse("commendation:decision_annul", args=[decision.pk]),
        {
            "ground": "fraud",
            "reason": "Kê khai không trung thực",
            "annulled_on": "01/03/2025",
            "annulling_reference": "9/QĐ-CAT",
            "recovered_amount": "2340000",
            "confirm": "on",
        },
    )

    page = _page(client.get(reverse("commendation:decision_detail", args=[decision.pk])))

    assert "; thu hồi 2.340.000 đồng</li>" in page


def test_the_decision_list_groups_the_number_of_recipients(client, org, personas):
    decision = issued(org, personas.office, (org.people.binh, "CSTDCS"))
    line = decision.lines.get()
    DecisionLine.objects.bulk_create(
        DecisionLine(decision=decision, person=org.people.cuong, title=line.title, order=i) for i in range(2, 1235)
    )
    client_for(client, personas.office)

    page = _page(client.get(reverse("commendation:decision_list")))

    assert re.search(rf'<tr id="decision-{decision.pk}">.*?<td class="text-end">([^<]*)</td>', page, re.S)[1] == "1.234"


def test_the_meeting_list_groups_the_number_of_agenda_lines(client, org, personas):
    proposal = make_proposal(org, (org.people.binh, "CSTDCS"), outcome=ProposalLine.Outcome.PENDING)
    first = proposal.lines.get()
    ProposalLine.objects.bulk_create(
        ProposalLine(proposal=proposal, person=org.people.cuong, title=first.title, achievement="x", order=i)
        for i in range(2, 1002)
    )
    meeting = meeting_with(org, personas.office, n=3, lines=proposal.lines.all())
    client_for(client, personas.office)

    page = _page(client.get(reverse("commendation:meeting_list")))

    cells = re.search(rf'<tr id="meeting-{meeting.pk}">.*?</tr>', page, re.S)[0]
    assert re.findall(r'<td class="text-end">([^<]*)</td>', cells) == ["3", "1.001"]


# 3. The certificate pages light "Khen thưởng" --------------------------------------------------------


def test_the_certificate_pages_light_the_commendation_menu_item(client, org, personas):
    (template, *_rest) = certificate_templates.ensure_default_templates()
    decision = issued(org, personas.office, (org.people.binh, "CSTDCS"))
    client_for(client, personas.office)
    commendation = [(reverse("commendation:proposal_list"), "Khen thưởng")]

    for url in (
        "/certificates/templates/",
        f"/certificates/templates/{template.pk}/",
        reverse("commendation:decision_certificates", args=[decision.pk]),
    ):
        assert _current_nav(_page(client.get(url))) == commendation, url
