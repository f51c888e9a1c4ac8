"""The home, unit and person pages lay their cards out in Bootstrap's grid (the old ``.grid`` class is
styled no more) and show Bootstrap breadcrumbs."""

import re

import pytest
from django.urls import reverse

from conftest import client_for

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "name, args",
    [
        ("organisation:home", lambda org: []),
        ("organisation:unit_detail", lambda org: [org.px03.pk]),
        ("organisation:person_detail", lambda org: [org.people.binh.pk]),
    ],
)
def test_cards_sit_in_bootstrap_columns(client, personas, org, name, args):
    page = client_for(client, personas.office).get(reverse(name, args=args(org))).content.decode()
    assert re.findall(r'class="grid"', page) == []
    assert page.count('<div class="row row-cols-1 row-cols-lg-2 g-3') == 1


def test_unit_and_person_pages_have_bootstrap_breadcrumbs(client, personas, org):
    c = client_for(client, personas.office)
    unit = c.get(reverse("organisation:unit_detail", args=[org.px03.pk])).content.decode()
    person = c.get(reverse("organisation:person_detail", args=[org.people.binh.pk])).content.decode()
    crumbs = [
        re.sub(r"<[^>]+>", "", item).strip()
        for item in re.findall(r'<li class="breadcrumb-item[^"]*"[^>]*>(.*?)</li>', unit + person, re.S)
    ]
    assert crumbs == [
        "Đơn vị",
        "Bộ Công an",
        "Công an tỉnh Quảng Bình",
        "PX03",
        "Cán bộ",
        "PX03 Phòng Công tác đảng và công tác chính trị",
        "Trần Thị Bình",
    ]
