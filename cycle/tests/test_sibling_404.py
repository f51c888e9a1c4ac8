"""A member unit's officers are outsiders to another member's registration and reports: 404 on the page
and in the API, as for anyone outside their scope (a 403 would tell them the object exists). Their own
unit's answer 200; a read-only role that may read a unit's report still gets 403 on a write.

The block (conftest ``cycle``): PX03 leads, PH10 is deputy, PV01 a plain member; PV01's commander is the
member looking at its sibling PH10."""

import pytest
from django.urls import reverse

from api.tests import bearer
from cycle.services import reports

JSON = "application/json"


@pytest.fixture
def ph10_report(cycle, personas):
    section = reports.add_outline_section(cycle.block, heading="Kết quả thực hiện", by=personas.unit_officer)
    report = reports.save_report_draft(
        cycle.block, unit=cycle.block.deputy, kind="mid_year", texts={section.pk: "Nội dung"}, by=cycle.ph10_officer
    )
    return report


def pages(cycle, unit):
    block = cycle.block.pk
    return [
        reverse("cycle:registration_edit", args=[block, unit.pk]),
        reverse("cycle:registration_export", args=[block, unit.pk]),
        reverse("cycle:report_edit", args=[block, "mid_year", unit.pk]),
    ]


def api_reads(cycle, unit):
    block = cycle.block.pk
    return [f"/api/v1/blocks/{block}/registrations/{unit.pk}", f"/api/v1/blocks/{block}/reports/mid_year/{unit.pk}"]


def test_a_member_gets_404_on_a_sibling_units_registration_and_report_pages(client, cycle, org, ph10_report):
    client.force_login(cycle.pv01_commander)
    statuses = [client.get(url).status_code for url in pages(cycle, org.ph10)]
    statuses.append(client.post(reverse("cycle:attachment_upload", args=[ph10_report.pk])).status_code)
    statuses.append(client.post(reverse("cycle:report_accept", args=[ph10_report.pk])).status_code)
    assert statuses == [404, 404, 404, 404, 404]


def test_a_member_gets_404_on_a_sibling_units_registration_and_report_in_the_api(client, cycle, org, ph10_report):
    headers = bearer(cycle.pv01_commander)
    responses = [client.get(url, headers=headers) for url in api_reads(cycle, org.ph10)]
    responses += [
        client.get(f"/api/v1/reports/{ph10_report.pk}/attachments", headers=headers),
        client.post(f"/api/v1/reports/{ph10_report.pk}/accept", "{}", content_type=JSON, headers=headers),
    ]
    assert [r.status_code for r in responses] == [404, 404, 404, 404]


def test_the_same_member_reads_its_own_units_registration_and_report(client, cycle, ph10_report):
    client.force_login(cycle.pv01_commander)
    headers = bearer(cycle.pv01_commander)
    statuses = [client.get(url).status_code for url in pages(cycle, cycle.pv01)]
    statuses += [client.get(url, headers=headers).status_code for url in api_reads(cycle, cycle.pv01)]
    assert statuses == [200, 200, 200, 200, 200]


def test_a_read_only_role_reads_the_report_and_gets_403_on_a_write(client, cycle, org, personas, ph10_report):
    """The province's council member reads PH10's report (200) but may not change it (403), page and API."""
    client.force_login(personas.council)
    headers = bearer(personas.council)
    page = reverse("cycle:report_edit", args=[cycle.block.pk, "mid_year", org.ph10.pk])
    api = f"/api/v1/blocks/{cycle.block.pk}/reports/mid_year/{org.ph10.pk}"
    statuses = [
        client.get(page).status_code,
        client.post(page, {"section_1": "x"}).status_code,
        client.get(api, headers=headers).status_code,
        client.put(api, '{"sections": []}', content_type=JSON, headers=headers).status_code,
        client.post(f"/api/v1/reports/{ph10_report.pk}/accept", "{}", content_type=JSON, headers=headers).status_code,
    ]
    assert statuses == [200, 403, 200, 403, 403]
