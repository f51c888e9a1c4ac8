"""The eligibility page of a unit or block, and the "why / why not" pages of a person and a unit."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conftest import client_for
from cycle.models import PersonRegistration, Registration
from eligibility.models import Discipline, PendingCase
from honours.models import Title, TitleAward
from organisation import services as org_services
from organisation.models import Rating
from organisation.params import review_year

pytestmark = pytest.mark.django_db


def _text(response) -> str:
    """The page's text without tags, whitespace collapsed."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def _row(response, element_id: str) -> str:
    match = re.search(rf'<tr id="{element_id}"[^>]*>(.*?)</tr>', response.content.decode(), re.S)
    assert match, element_id
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", match.group(1))).strip()


def test_the_unit_page_counts_each_rule_with_the_rule_set_in_force(client, org, personas):
    page = client_for(client, personas.office).get(
        reverse("eligibility:eligibility"), {"unit": org.caqb.pk, "year": 2024}
    )
    assert page.status_code == 200
    # Bình is rated HTTNV or better in 2024; An, Cường and Dũng have no rating.
    assert _row(page, "count-CSTT-individual") == "Chiến sĩ tiên tiến Cá nhân 1 0 3"
    assert "Luật TĐKT 2022 – NĐ 98/2023 – CAND" in _text(page)
    # Titles and award forms never share a list.
    html = page.content.decode()
    titles = html.split('id="counts-title"')[1].split("</tbody>")[0]
    forms = html.split('id="counts-form"')[1].split("</tbody>")[0]
    assert "Chiến sĩ tiên tiến" in titles and "Giấy khen" not in titles
    assert "Giấy khen" in forms and "Chiến sĩ tiên tiến" not in forms


def test_a_year_before_2024_is_judged_by_the_2003_set(client, org, personas):
    page = client_for(client, personas.office).get(
        reverse("eligibility:eligibility"), {"unit": org.caqb.pk, "year": 2020}
    )
    assert "Luật TĐKT 2003" in re.search(r'id="ruleset-in-force">(.*?)</p>', page.content.decode(), re.S).group(1)


def test_the_candidate_list_filters_by_status_and_registration(client, org, personas, cycle):
    office = client_for(client, personas.office)
    url = reverse("eligibility:eligibility")
    base = {"unit": org.caqb.pk, "year": 2024, "rule": "CSTT", "who": "individual"}
    eligible = office.get(url, base | {"status": "eligible"})
    assert re.findall(r'class="verdict-eligible">\s*<td><a [^>]*>([^<]+)</a>', eligible.content.decode()) == [
        "Trần Thị Bình"
    ]
    not_eligible = office.get(url, base | {"status": "not_eligible"})
    names = re.findall(r'class="verdict-not_eligible">\s*<td><a [^>]*>([^<]+)</a>', not_eligible.content.decode())
    assert names == ["Phạm Quốc Dũng", "Nguyễn Văn An", "Lê Văn Cường"]  # by unit code, then given name
    assert "2024: chưa xếp loại" in _text(not_eligible)

    # Bình registers for CSTT in a 2024 block: "eligible but not registered" no longer lists her.
    block = cycle.block
    block.year = 2024
    block.save()
    registration = Registration.objects.create(block=block, unit=org.px03)
    PersonRegistration.objects.create(
        registration=registration, person=org.people.binh, title=Title.objects.get(code="CSTT")
    )
    unregistered = office.get(url, base | {"status": "eligible", "registered": "no"})
    assert "Không có trường hợp nào phù hợp bộ lọc." in _text(unregistered)
    registered = office.get(url, base | {"status": "eligible", "registered": "yes"})
    assert "Trần Thị Bình" in _text(registered) and "1 trường hợp" in _text(registered)


def test_the_received_filter_reads_the_titles_conferred(client, org, personas):
    TitleAward.objects.create(title=Title.objects.get(code="CSTT"), person=org.people.binh, year=2024)
    page = client_for(client, personas.office).get(
        reverse("eligibility:eligibility"),
        {"unit": org.caqb.pk, "year": 2024, "rule": "CSTT", "who": "individual", "received": "no"},
    )
    names = re.findall(r'<tr class="verdict-[a-z_]+">\s*<td><a [^>]*>([^<]+)</a>', page.content.decode())
    assert names == ["Phạm Quốc Dũng", "Nguyễn Văn An", "Lê Văn Cường"]


def test_a_block_scope_judges_the_members_the_user_may_read(client, org, personas, cycle):
    page = client_for(client, personas.office).get(reverse("eligibility:eligibility"), {"block": cycle.block.pk})
    assert "PX03, PH10, PV01" in _text(page)
    # 2019 is judged by the 2003 set, where CSTT is of medium confidence; nobody was rated in 2019.
    assert _row(page, "count-CSTT-individual") == "Chiến sĩ tiên tiến Cần kiểm tra Cá nhân 0 0 4"
    # PX03's officer reads only PX03's people.
    mine = client_for(client, personas.unit_officer).get(reverse("eligibility:eligibility"), {"block": cycle.block.pk})
    assert _row(mine, "count-CSTT-individual") == "Chiến sĩ tiên tiến Cần kiểm tra Cá nhân 0 0 3"


def test_a_basis_of_medium_confidence_is_said_in_words_with_its_reason(client, org, personas, cycle):
    page = client_for(client, personas.office).get(reverse("eligibility:eligibility"), {"block": cycle.block.pk})
    row = re.search(r'<tr id="count-CSTT-individual"[^>]*>(.*?)</tr>', page.content.decode(), re.S).group(1)
    assert re.findall(r'<span class="badge[^"]*" title="([^"]+)">([^<]+)</span>', row) == [
        ("Căn cứ lấy từ một nguồn thứ cấp: cần đối chiếu văn bản gốc trước khi áp dụng.", "Cần kiểm tra")
    ]
    assert "(M)" not in page.content.decode() and "(L)" not in page.content.decode()


def test_the_page_costs_the_same_queries_for_one_or_many_candidates(client, org, personas):
    office = client_for(client, personas.office)
    params = {"unit": org.px03.pk, "year": 2024, "rule": "CSTT", "who": "individual"}
    with CaptureQueriesContext(connection) as few:
        office.get(reverse("eligibility:eligibility"), params)
    for n in range(3):
        person = org_services.create_person(
            by=None,
            unit=org.px03,
            start=datetime.date(2015, 1, 1),
            ident=f"QB1000{n}",
            full_name=f"Cán bộ {n}",
            sex="M",
        )
        org_services.set_person_rating(person, 2024, Rating.HTTNV, by=None)
    with CaptureQueriesContext(connection) as many:
        page = office.get(reverse("eligibility:eligibility"), params)
    assert "6 trường hợp" in _text(page)
    assert len(many) == len(few)


def test_outsiders_and_plain_officers_cannot_read_a_unit_list(client, org, personas, cycle):
    url = reverse("eligibility:eligibility")
    assert client_for(client, personas.outsider).get(url, {"unit": org.caqb.pk}).status_code == 404
    assert client_for(client, personas.outsider).get(url, {"block": cycle.block.pk}).status_code == 404
    assert client_for(client, personas.officer).get(url, {"unit": org.px03.pk}).status_code == 404
    # A plain officer is sent to his own verdicts.
    response = client_for(client, personas.officer).get(url)
    assert response.status_code == 302
    assert response["Location"] == reverse("eligibility:person_verdicts", args=[org.people.cuong.pk])
    assert client_for(client, personas.office).get(url, {"unit": org.caqb.pk, "year": 1999}).status_code == 404


def test_a_person_sees_why_with_the_article(client, org, personas):
    page = client_for(client, personas.officer).get(
        reverse("eligibility:person_verdicts", args=[org.people.cuong.pk]), {"year": 2024}
    )
    text = _text(page)
    assert (
        "Chưa đáp ứng điều kiện “Xếp loại “Hoàn thành tốt nhiệm vụ” trở lên năm 2024”: 2024: chưa xếp loại "
        "(căn cứ Luật TĐKT 2022 điều 24)."
    ) in text
    assert "Xét theo bộ quy tắc: Luật TĐKT 2022 – NĐ 98/2023 – CAND" in text
    html = page.content.decode()
    titles = html.split('id="verdicts-title"')[1].split("</section>")[0]
    forms = html.split('id="verdicts-form"')[1].split("</section>")[0]
    assert 'id="verdict-CSTT"' in titles and 'id="verdict-GK"' in forms and 'id="verdict-GK"' not in titles
    # His own record only.
    assert (
        client_for(client, personas.officer)
        .get(reverse("eligibility:person_verdicts", args=[org.people.binh.pk]))
        .status_code
        == 404
    )
    assert (
        client_for(client, personas.outsider)
        .get(reverse("eligibility:person_verdicts", args=[org.people.binh.pk]))
        .status_code
        == 404
    )


def test_an_eligible_person_sees_the_alternative_that_holds(client, org, personas):
    page = client_for(client, personas.office).get(
        reverse("eligibility:person_verdicts", args=[org.people.binh.pk]), {"year": 2024}
    )
    verdict = re.search(r'id="verdict-CSTT">(.*?)</article>', page.content.decode(), re.S).group(1)
    assert "Đủ điều kiện" in verdict
    assert "Đạt theo phương án “Hoàn thành tốt nhiệm vụ trở lên”." in verdict


def test_a_pending_case_postpones_and_a_discipline_is_explained(client, org, personas):
    PendingCase.objects.create(person=org.people.binh, kind="inspection", opened_on=datetime.date(2024, 10, 1))
    page = client_for(client, personas.office).get(
        reverse("eligibility:person_verdicts", args=[org.people.binh.pk]), {"year": 2024}
    )
    verdict = re.sub(r"\s+", " ", re.search(r'id="verdict-CSTT">(.*?)</article>', page.content.decode(), re.S).group(1))
    assert "Tạm hoãn xét" in verdict
    assert "đang bị thanh tra, kiểm tra" in verdict

    PendingCase.objects.all().delete()
    Discipline.objects.create(
        person=org.people.binh,
        form="khien_trach",
        decided_on=datetime.date(2024, 3, 1),
        period_end=datetime.date(2024, 9, 1),
    )
    page = client_for(client, personas.office).get(
        reverse("eligibility:person_verdicts", args=[org.people.binh.pk]), {"year": 2024}
    )
    verdict = re.sub(r"\s+", " ", re.search(r'id="verdict-CSTT">(.*?)</article>', page.content.decode(), re.S).group(1))
    assert "Chưa đủ điều kiện" in verdict
    assert "Khiển trách" in verdict or "khiển trách" in verdict


def test_a_unit_page_explains_the_collective_titles(client, org, personas):
    page = client_for(client, personas.office).get(
        reverse("eligibility:unit_verdicts", args=[org.px03.pk]), {"year": 2024}
    )
    verdict = re.sub(r"\s+", " ", re.search(r'id="verdict-DVTT">(.*?)</article>', page.content.decode(), re.S).group(1))
    assert "Chưa đủ điều kiện" in verdict
    assert "Đơn vị tiên tiến" in verdict
    assert (
        client_for(client, personas.outsider).get(reverse("eligibility:unit_verdicts", args=[org.px03.pk])).status_code
        == 404
    )
    assert (
        client_for(client, personas.officer).get(reverse("eligibility:unit_verdicts", args=[org.px03.pk])).status_code
        == 404
    )


def test_unit_and_person_pages_link_to_the_verdicts(client, org, personas):
    unit_page = (
        client_for(client, personas.office)
        .get(reverse("organisation:unit_detail", args=[org.px03.pk]))
        .content.decode()
    )
    assert f'href="/eligibility/?unit={org.px03.pk}"' in unit_page
    assert f'href="/eligibility/units/{org.px03.pk}/"' in unit_page
    officer_page = (
        client_for(client, personas.officer)
        .get(reverse("organisation:unit_detail", args=[org.px03.pk]))
        .content.decode()
    )
    assert "/eligibility/?unit=" not in officer_page and "/eligibility/units/" not in officer_page
    own = client_for(client, personas.officer).get(reverse("organisation:person_detail", args=[org.people.cuong.pk]))
    assert f'href="/eligibility/people/{org.people.cuong.pk}/"' in own.content.decode()


def test_a_garbled_year_or_unit_shows_the_default_page_never_an_error(client, org, personas):
    office = client_for(client, personas.office)
    url = reverse("eligibility:eligibility")
    for garbage in ({"year": "²"}, {"year": "abc"}, {"unit": "²"}, {"year": "-2024"}):
        assert office.get(url, {"unit": org.caqb.pk, **garbage}).status_code == 200
    under_review = review_year()
    assert (
        f'<option value="{under_review}" selected'
        in office.get(url, {"unit": org.caqb.pk, "year": "x"}).content.decode()
    )
