"""Certificate templates are owned (issue 17): the owner's emulation office edits a template; every other body reads
it and copies it ("Sao chép", page and API), never edits it (403: the Ministry's templates are read by all); the copy
belongs to the copier's unit, which edits it; the copy is audited; a decision prints with its body's own template."""

import datetime

import pytest
from django.urls import reverse

from api.tests import bearer
from audit.models import AuditEvent
from commendation import certificate_templates, certificates
from commendation.models import CertificateTemplate, Decision, DecisionLine
from conftest import client_for
from honours.models import AwardForm

pytestmark = pytest.mark.django_db
API = "/api/v1/certificates/templates"


@pytest.fixture
def ministry(org):
    return next(t for t in certificate_templates.ensure_default_templates() if t.award_form_id)


def test_the_usual_templates_are_the_ministrys(org, ministry):
    assert sorted(CertificateTemplate.objects.values_list("owner__ref", flat=True)) == ["BCA", "BCA", "BCA"]


def test_another_provinces_office_cannot_patch_the_ministrys_template(client, org, personas, ministry):
    response = client.patch(
        f"{API}/{ministry.pk}", {"offset_x_mm": "3"}, content_type="application/json", headers=bearer(personas.outsider)
    )

    ministry.refresh_from_db()
    assert response.status_code == 403
    assert ministry.offset_x_mm == 0
    assert not AuditEvent.objects.filter(object_type="commendation.certificatetemplate", action="update").exists()


def test_a_user_without_a_read_role_does_not_see_templates(client, org, personas, ministry):
    headers = bearer(personas.officer)

    listing = client.get(API, headers=headers)
    patched = client.patch(
        f"{API}/{ministry.pk}", {"offset_x_mm": "3"}, content_type="application/json", headers=headers
    )
    copied = client.post(f"{API}/{ministry.pk}/copy", {}, content_type="application/json", headers=headers)

    assert (listing.status_code, listing.json()) == (200, [])
    assert [patched.status_code, copied.status_code] == [404, 404]


def test_a_copy_belongs_to_the_copier_and_is_theirs_to_edit(client, org, personas, ministry):
    headers = bearer(personas.outsider)

    copied = client.post(
        f"{API}/{ministry.pk}/copy", {"name": "Bằng khen (Hưng Yên)"}, content_type="application/json", headers=headers
    )
    pk = copied.json()["id"]
    patched = client.patch(f"{API}/{pk}", {"offset_x_mm": "1.5"}, content_type="application/json", headers=headers)
    by_qb = client.patch(
        f"{API}/{pk}", {"offset_x_mm": "9"}, content_type="application/json", headers=bearer(personas.office)
    )

    copy = CertificateTemplate.objects.get(pk=pk)
    assert copied.status_code == 201
    assert (copied.json()["owner"], copied.json()["owner_name"], copied.json()["award_form"]) == (
        org.cahy.pk,
        "Công an tỉnh Hưng Yên",
        "BK_BO",
    )
    assert (copy.owner, copy.name, copy.preprinted, copy.fields) == (
        org.cahy,
        "Bằng khen (Hưng Yên)",
        True,
        ministry.fields,
    )
    assert [patched.status_code, by_qb.status_code] == [200, 403]
    assert copy.offset_x_mm == 1.5
    created = AuditEvent.objects.get(object_type="commendation.certificatetemplate", object_id=str(pk), action="create")
    assert (created.actor, created.note, created.changes["owner"]) == (
        personas.outsider,
        f"Sao chép từ mẫu số {ministry.pk}",
        [None, org.cahy.pk],
    )
    assert AuditEvent.objects.filter(object_id=str(pk), action="update").count() == 1


def test_the_copy_owner_must_be_one_the_copier_keeps(client, org, personas, ministry):
    response = client.post(
        f"{API}/{ministry.pk}/copy",
        {"owner": org.caqb.pk},
        content_type="application/json",
        headers=bearer(personas.outsider),
    )

    assert response.status_code == 422
    assert response.json()["detail"] == "Đơn vị sở hữu bản sao không thuộc các đơn vị bạn quản lý."
    assert CertificateTemplate.objects.count() == 3


def test_the_pages_show_the_owner_refuse_outsiders_edits_and_copy(client, org, personas, ministry):
    client_for(client, personas.outsider)

    listing = client.get(reverse("commendation:certificate_templates")).content.decode()
    form = client.get(reverse("commendation:certificate_template_edit", args=[ministry.pk])).content.decode()
    refused = client.post(reverse("commendation:certificate_template_edit", args=[ministry.pk]), {"name": "X"})
    page = client.get(reverse("commendation:certificate_template_copy", args=[ministry.pk]))
    done = client.post(reverse("commendation:certificate_template_copy", args=[ministry.pk]), {"owner": org.cahy.pk})

    copy = CertificateTemplate.objects.get(owner=org.cahy)
    assert "Bộ Công an" in listing and "Sao chép" in listing and "Chỉ xem" in listing
    assert "Bạn chỉ xem được mẫu này" in form
    assert [refused.status_code, page.status_code, done.status_code] == [403, 200, 302]
    assert done["Location"] == reverse("commendation:certificate_template_edit", args=[copy.pk])
    assert copy.name == f"{ministry.name} – Công an tỉnh Hưng Yên"
    mine = client.get(reverse("commendation:certificate_template_edit", args=[copy.pk])).content.decode()
    assert "Bạn chỉ xem được mẫu này" not in mine


def test_a_read_only_role_cannot_copy(client, org, personas, ministry):
    client_for(client, personas.council)

    page = client.get(reverse("commendation:certificate_template_copy", args=[ministry.pk]))
    api = client.post(
        f"{API}/{ministry.pk}/copy", {}, content_type="application/json", headers=bearer(personas.council)
    )

    assert [page.status_code, api.status_code] == [403, 403]


def test_a_decision_prints_with_its_own_bodys_copy(org, personas, ministry):
    copy = certificate_templates.copy_certificate_template(ministry, owner=org.cahy, by=personas.outsider)
    certificate_templates.update_certificate_template(
        copy, by=personas.outsider, authority="GIÁM ĐỐC CÔNG AN TỈNH HƯNG YÊN"
    )

    def line(unit):
        decision = Decision.objects.create(
            issuing_unit=unit, year=2024, symbol="QĐ", subject="x", date=datetime.date(2024, 12, 1), number=1
        )
        bk = AwardForm.objects.get(code="BK_BO")
        return DecisionLine.objects.create(decision=decision, person=org.people.hoa, award_form=bk)

    assert certificates.template_for(line(org.hy_px03)) == copy
    assert certificates.template_for(line(org.caqb)) == ministry
