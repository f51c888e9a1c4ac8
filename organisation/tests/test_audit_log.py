"""The audit log page: administrators only (others 404, no menu entry), filtered by user, object type
and dates, a page at a time, read-only, foreign keys by name, a fixed number of queries."""

import datetime
import re

import pytest
from django.urls import reverse

from audit.models import AuditEvent
from conftest import client_for
from organisation import services

pytestmark = pytest.mark.django_db
URL = reverse("organisation:audit_log")


def rows(response) -> list[str]:
    body = re.search(
        r'<section class="card card-body mb-3" id="audit-events">.*?<tbody>(.*?)</tbody>',
        response.content.decode(),
        re.S,
    )
    if body is None:
        return []
    return [
        " | ".join(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", cell)).strip() for cell in cells)[17:]  # no time
        for cells in (
            re.findall(r"<td[^>]*>(.*?)</td>", row, re.S) for row in re.findall(r"<tr>(.*?)</tr>", body.group(1), re.S)
        )
    ]


@pytest.fixture
def events(org, personas):
    AuditEvent.objects.all().delete()
    services.update_unit(org.ph10, by=personas.office, name="Phòng Hậu cần – kỹ thuật")
    services.transfer_person(org.people.an, org.ph10, by=personas.admin, start=datetime.date(2025, 1, 1))
    AuditEvent.objects.filter(object_type="organisation.unit").update(
        at=datetime.datetime(2025, 3, 1, 8, tzinfo=datetime.UTC)
    )
    return org


def test_only_administrators_open_it(client, personas, events):
    for persona in ("office", "council", "officer", "outsider"):
        assert client_for(client, getattr(personas, persona)).get(URL).status_code == 404, persona
    assert client_for(client, personas.admin).get(URL).status_code == 200


def test_the_menu_shows_it_to_administrators_only(client, personas, events):
    assert 'id="nav-audit"' in client_for(client, personas.admin).get(reverse("organisation:home")).content.decode()
    assert (
        'id="nav-audit"' not in client_for(client, personas.office).get(reverse("organisation:home")).content.decode()
    )


def test_it_lists_every_write_newest_first_with_names_not_ids(client, personas, events):
    response = client_for(client, personas.admin).get(URL)
    assert rows(response) == [
        "admin | Điều động | Cán bộ Nguyễn Văn An (QB000001) | Đơn vị hiện tại: PX03 – Phòng Công tác đảng và công tác chính trị → PH10 – Phòng Hậu cần – kỹ thuật; start: — → 2025-01-01",
        "office | Cập nhật | Đơn vị PH10 – Phòng Hậu cần – kỹ thuật | Tên đơn vị: Phòng Hậu cần → Phòng Hậu cần – kỹ thuật",
    ]


@pytest.mark.parametrize(
    "query, count",
    [
        ({"user": "OFFICE"}, 1),
        ({"user": "nobody"}, 0),
        ({"object_type": "organisation.person"}, 1),
        ({"date_from": "02/03/2025"}, 1),
        ({"date_to": "01/03/2025"}, 1),
        ({"date_from": "01/03/2025", "date_to": "01/03/2025", "user": "office"}, 1),
        ({"date_from": "garbage"}, 2),
    ],
)
def test_filters(client, personas, events, query, count):
    response = client_for(client, personas.admin).get(URL, query)
    assert (response.status_code, response.context["page"].paginator.count) == (200, count)


def test_it_pages_by_fifty_and_costs_a_fixed_number_of_queries(client, personas, events, django_assert_max_num_queries):
    c = client_for(client, personas.admin)
    c.get(URL)
    AuditEvent.objects.bulk_create(
        [
            AuditEvent(
                action="update",
                object_type="organisation.unit",
                object_id=str(events.px03.pk),
                object_repr="PX03",
                changes={"parent": [events.caqb.pk, events.bca.pk]},
            )
            for _ in range(60)
        ]
    )
    with django_assert_max_num_queries(12):
        response = c.get(URL, {"page": "2"})
    assert (len(response.context["page"].object_list), response.context["page"].number) == (12, 2)
    assert "Đơn vị cấp trên: CAQB – Công an tỉnh Quảng Bình → BCA – Bộ Công an" in " ".join(rows(response))


def test_it_is_read_only(client, personas, events):
    assert client_for(client, personas.admin).post(URL).status_code == 405
