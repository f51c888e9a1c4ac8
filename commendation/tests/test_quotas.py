"""Quotas per block or council and year: set on a page or through the API, audited, and warned
about on the proposals that exceed them."""

import re

import pytest
from django.urls import reverse

from audit.models import AuditEvent
from commendation.models import Quota
from commendation.services import proposals as wf
from commendation.services import quotas
from commendation.services.quotas import quota_warnings
from conftest import client_for
from honours.models import Title

pytestmark = pytest.mark.django_db


def _text(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def _proposal(org, personas):
    proposal = wf.create_proposal(
        unit=org.px03, to_unit=org.caqb, year=2024, title="Đề nghị năm 2024", by=personas.unit_officer
    )
    wf.add_line(proposal, by=personas.unit_officer, person=org.people.binh, title=Title.objects.get(code="CSTT"))
    return proposal


def test_the_office_sets_a_council_quota_and_the_proposal_is_warned(client, org, personas):
    proposal = _proposal(org, personas)
    office = client_for(client, personas.office)
    response = office.post(
        reverse("commendation:quota_list") + "?year=2024",
        {"council_unit": org.caqb.pk, "title": Title.objects.get(code="CSTT").pk, "limit": "0"},
    )
    assert response.status_code == 302
    quota = Quota.objects.get()
    assert (quota.year, quota.council_unit, quota.title.code, quota.limit) == (2024, org.caqb, "CSTT", 0)
    page = office.get(reverse("commendation:quota_list"), {"year": 2024})
    row = re.search(rf'<tr id="quota-{quota.pk}"[^>]*>(.*?)</tr>', page.content.decode(), re.S).group(1)
    assert re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", row)).strip() == (
        "Hội đồng TĐKT Công an tỉnh Quảng Bình Chiến sĩ tiên tiến 0 1 vượt chỉ tiêu Xoá"
    )
    assert [w.message for w in quota_warnings(proposal)] == [
        "Hội đồng TĐKT Công an tỉnh Quảng Bình: đề nghị 1 “Chiến sĩ tiên tiến”, vượt chỉ tiêu 0."
    ]
    assert AuditEvent.objects.filter(object_type="commendation.quota", action="create").count() == 1


def test_a_form_needs_one_scope_and_one_honour(client, org, personas):
    response = client_for(client, personas.office).post(
        reverse("commendation:quota_list") + "?year=2024", {"council_unit": org.caqb.pk, "limit": "3"}
    )
    assert "Chọn một danh hiệu hoặc một hình thức khen thưởng (không chọn cả hai)." in _text(response)
    assert Quota.objects.count() == 0


def test_a_block_quota_must_be_of_the_blocks_year(org, personas, cycle):
    with pytest.raises(Exception, match="Khối, cụm này thuộc năm 2019."):
        quotas.set_quota(
            year=2024, limit=3, by=personas.office, block=cycle.block, title=Title.objects.get(code="CO_BO")
        )
    quota = quotas.set_quota(
        year=2019, limit=3, by=personas.office, block=cycle.block, title=Title.objects.get(code="CO_BO")
    )
    assert (
        quotas.set_quota(
            year=2019, limit=4, by=personas.office, block=cycle.block, title=Title.objects.get(code="CO_BO")
        ).pk
        == quota.pk
    )
    assert Quota.objects.get().limit == 4
    assert AuditEvent.objects.filter(object_type="commendation.quota", action="update").get().changes == {
        "limit": [3, 4]
    }


def test_outsiders_and_read_only_roles(client, org, personas):
    quota = quotas.set_quota(
        year=2024, limit=2, by=personas.office, council_unit=org.caqb, title=Title.objects.get(code="CSTT")
    )
    outsider = client_for(client, personas.outsider)
    assert (
        f'id="quota-{quota.pk}"'
        not in outsider.get(reverse("commendation:quota_list"), {"year": 2024}).content.decode()
    )
    assert outsider.post(reverse("commendation:quota_delete", args=[quota.pk])).status_code == 404
    api = "/api/v1/proposals/quotas"
    body = {"year": 2024, "limit": 1, "council_unit": org.caqb.pk, "title": "CSTT"}
    assert outsider.post(api, body, content_type="application/json").status_code == 404
    council = client_for(client, personas.council)
    assert council.post(reverse("commendation:quota_delete", args=[quota.pk])).status_code == 403
    assert council.post(api, body, content_type="application/json").status_code == 403
    assert council.get(api, {"year": 2024}).json()[0]["limit"] == 2
    assert Quota.objects.get().limit == 2


def test_the_api_sets_lists_and_deletes(client, org, personas):
    office = client_for(client, personas.office)
    created = office.post(
        "/api/v1/proposals/quotas",
        {"year": 2024, "limit": 5, "council_unit": org.caqb.pk, "award_form": "GK"},
        content_type="application/json",
    )
    assert created.status_code == 201
    assert created.json() | {"id": 0} == {
        "id": 0,
        "year": 2024,
        "scope": "Hội đồng TĐKT Công an tỉnh Quảng Bình",
        "block": None,
        "council_unit": org.caqb.pk,
        "title": None,
        "award_form": "GK",
        "limit": 5,
        "proposed": 0,
    }
    assert office.delete(f"/api/v1/proposals/quotas/{created.json()['id']}").status_code == 204
    assert Quota.objects.count() == 0
    assert AuditEvent.objects.filter(object_type="commendation.quota", action="delete").count() == 1
