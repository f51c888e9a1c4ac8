"""Every link an organisation page shows opens for the user who sees it: people and units outside
the user's scope are named in plain text, and the figures beside the lists count what they say."""

import datetime
import re

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conftest import client_for
from organisation import services
from organisation.models import Person, UnitChange, UnitSuccession


def html(response):
    assert response.status_code == 200
    return response.content.decode()


def member_rows(page):
    """The first cell of each row of the unit's people, as written (a link or plain text)."""
    body = re.search(r'<section class="card card-body mb-3" id="members">.*?<tbody>(.*?)</tbody>', page, re.S).group(1)
    return re.findall(r"<tr><td>(.*?)</td>", body, re.S)


def crumbs(page):
    return re.search(r'<ol class="breadcrumb[^"]*" id="breadcrumbs">(.*?)</ol>', page, re.S).group(1)


def subtree_count_shown(page):
    cell = re.search(r"<dt>Cán bộ \(cả cấp dưới\)</dt><dd>(.*?)</dd>", page, re.S).group(1)
    return int(re.sub(r"<[^>]+>", "", cell).replace(".", ""))


def links(page, prefix):
    return sorted(set(re.findall(rf'href="(/{prefix}/\d+/)"', page)))


# The unit's people ---------------------------------------------------------------------------


def test_a_plain_officer_sees_only_his_own_record_as_a_link_on_the_unit_page(client, personas, org):
    people = org.people
    page = html(client_for(client, personas.officer).get(reverse("organisation:unit_detail", args=[org.px03.pk])))

    assert member_rows(page) == [
        f'<a href="/people/{people.cuong.pk}/">Lê Văn Cường</a>',
        "Nguyễn Văn An",
        "Trần Thị Bình",
    ]
    assert links(page, "people") == [f"/people/{people.cuong.pk}/"]
    for url in links(page, "people"):
        assert client.get(url).status_code == 200, url
    # The figure counts the people of PX03 and its subunits, not the one record the officer may open;
    # it links to no list that would show him fewer.
    assert subtree_count_shown(page) == Person.objects.filter(unit__path__startswith=org.px03.path).count() == 3
    assert "subunits=on" not in page


def test_the_office_sees_every_person_of_the_unit_as_a_link(client, personas, org):
    people = org.people
    page = html(client_for(client, personas.office).get(reverse("organisation:unit_detail", args=[org.px03.pk])))

    assert member_rows(page) == [
        f'<a href="/people/{people.cuong.pk}/">Lê Văn Cường</a>',
        f'<a href="/people/{people.an.pk}/">Nguyễn Văn An</a>',
        f'<a href="/people/{people.binh.pk}/">Trần Thị Bình</a>',
    ]
    for url in links(page, "people"):
        assert client.get(url).status_code == 200, url
    assert subtree_count_shown(page) == 3
    # The province: its own people (none) and those of every unit below, the dissolved district's none.
    page = html(client.get(reverse("organisation:unit_detail", args=[org.caqb.pk])))
    assert subtree_count_shown(page) == Person.objects.filter(unit__path__startswith=org.caqb.path).count() == 4
    assert f'<a href="/people/?unit={org.caqb.pk}&subunits=on">4</a>' in page


def test_the_unit_page_asks_the_same_queries_for_one_or_many_people(client, personas, org):
    client_for(client, personas.officer)

    def count(n_extra):
        for i in range(n_extra):
            services.create_person(
                by=None,
                unit=org.px03,
                start=datetime.date(2020, 1, 1),
                ident=f"QBY{n_extra}{i}",
                full_name=f"Cán bộ {i}",
            )
        with CaptureQueriesContext(connection) as ctx:
            html(client.get(reverse("organisation:unit_detail", args=[org.px03.pk])))
        return len(ctx.captured_queries)

    assert count(0) == count(3)


# Breadcrumbs and lineage -------------------------------------------------------------------------


def test_breadcrumbs_name_units_above_the_users_scope_without_linking_them(client, personas, org):
    page = html(client_for(client, personas.unit_officer).get(reverse("organisation:unit_detail", args=[org.px03.pk])))

    trail = crumbs(page)
    assert "Bộ Công an" in trail and "Công an tỉnh Quảng Bình" in trail
    assert f"/units/{org.bca.pk}/" not in page and f"/units/{org.caqb.pk}/" not in page
    for url in links(page, "units"):
        assert client.get(url).status_code == 200, url

    # The office of the province opens the province, not the ministry.
    trail = crumbs(
        html(client_for(client, personas.office).get(reverse("organisation:unit_detail", args=[org.px03.pk])))
    )
    assert f'<a href="/units/{org.caqb.pk}/">Công an tỉnh Quảng Bình</a>' in trail
    assert f"/units/{org.bca.pk}/" not in trail and "Bộ Công an" in trail


def test_lineage_names_units_outside_the_users_scope_without_linking_them(client, personas, org):
    UnitSuccession.objects.create(
        predecessor=org.district, successor=org.px03, date=datetime.date(2025, 3, 1), kind=UnitChange.Kind.MERGED
    )
    page = html(client_for(client, personas.unit_officer).get(reverse("organisation:unit_detail", args=[org.px03.pk])))

    lineage = re.search(r"<p>(Kế thừa từ:.*?)</p>", page).group(1)
    assert lineage == "Kế thừa từ: CAH-QN – Công an huyện Quảng Ninh (sáp nhập, 01/03/2025)"
    assert f"/units/{org.district.pk}/" not in page
    for url in links(page, "units"):
        assert client.get(url).status_code == 200, url

    page = html(client_for(client, personas.office).get(reverse("organisation:unit_detail", args=[org.px03.pk])))
    assert f'<a href="/units/{org.district.pk}/">CAH-QN – Công an huyện Quảng Ninh</a>' in page


# The home page ---------------------------------------------------------------------------------------


def test_the_home_page_greets_the_person_then_the_users_name_then_the_login(client, personas, org):
    personas.commander.first_name, personas.commander.last_name = "Thường", "Trực"
    personas.commander.save()
    page = html(client_for(client, personas.commander).get(reverse("organisation:home")))
    assert "<h1>Xin chào, Nguyễn Văn An</h1>" in page

    personas.office.first_name, personas.office.last_name = "Trần Thu", "Hà"
    personas.office.save()
    page = html(client_for(client, personas.office).get(reverse("organisation:home")))
    assert "<h1>Xin chào, Trần Thu Hà</h1>" in page

    page = html(client_for(client, personas.unit_officer).get(reverse("organisation:home")))
    assert "<h1>Xin chào, unit_officer</h1>" in page
