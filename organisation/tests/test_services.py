import datetime

import pytest

from audit.models import AuditEvent
from organisation import services
from organisation.models import Assignment, Rating


def test_a_transfer_closes_the_open_assignment_the_day_before(org, personas):
    binh = org.people.binh
    services.transfer_person(
        binh,
        org.ph10,
        start=datetime.date(2024, 3, 1),
        position="Phó Trưởng phòng",
        basis="QĐ 12/QĐ-CAT",
        by=personas.office,
    )
    rows = list(Assignment.objects.filter(person=binh).order_by("start").values_list("unit__code", "start", "end"))
    assert rows == [
        ("PX03", datetime.date(2010, 9, 1), datetime.date(2024, 2, 29)),
        ("PH10", datetime.date(2024, 3, 1), None),
    ]
    binh.refresh_from_db()
    assert (binh.unit_id, binh.position) == (org.ph10.pk, "Phó Trưởng phòng")
    first, event = AuditEvent.objects.filter(object_id=str(binh.pk), action=AuditEvent.Action.TRANSFER).order_by("id")
    assert first.changes["unit"] == [None, org.px03.pk]  # the first assignment, when the person was created
    assert (event.actor, event.changes["unit"], event.note) == (
        personas.office,
        [org.px03.pk, org.ph10.pk],
        "QĐ 12/QĐ-CAT",
    )


def test_a_transfer_to_a_dissolved_unit_is_refused_and_changes_nothing(org):
    with pytest.raises(services.OrganisationError, match="không hoạt động"):
        services.transfer_person(org.people.binh, org.district, start=datetime.date(2025, 6, 1), by=None)
    assert list(Assignment.objects.filter(person=org.people.binh).values_list("end", flat=True)) == [None]


def test_a_transfer_dated_before_the_current_assignment_is_refused(org):
    with pytest.raises(services.OrganisationError, match="phải sau"):
        services.transfer_person(org.people.binh, org.ph10, start=datetime.date(2010, 1, 1), by=None)


def test_rating_twice_updates_and_audits_only_real_changes(org, personas):
    person = org.people.cuong
    services.set_person_rating(person, 2024, Rating.HTTNV, by=personas.office)
    services.set_person_rating(person, 2024, Rating.HTTNV, by=personas.office)
    services.set_person_rating(person, 2024, Rating.HTXSNV, by=personas.office)
    assert list(person.ratings.values_list("year", "rating")) == [(2024, "HTXSNV")]
    changes = list(
        AuditEvent.objects.filter(object_id=str(person.pk), changes__has_key="rating_2024")
        .order_by("id")
        .values_list("changes", flat=True)
    )
    assert changes == [{"rating_2024": [None, "HTTNV"]}, {"rating_2024": ["HTTNV", "HTXSNV"]}]


def test_the_yearly_record_has_a_row_per_year_newest_first(org):
    record = services.person_yearly_record(org.people.binh, 2021, 2024)
    assert [(r.year, r.rating) for r in record] == [(2024, "HTXSNV"), (2023, "HTXSNV"), (2022, "HTTNV"), (2021, None)]
    assert record[0].rating_label == "Hoàn thành xuất sắc nhiệm vụ"


def test_renaming_keeps_the_old_name_in_the_history(org, personas):
    services.rename_unit(org.ph10, name="Phòng Hậu cần – Kỹ thuật", date=datetime.date(2025, 3, 1), by=personas.office)
    change = org.ph10.changes.get()
    assert (change.kind, change.old_value, change.new_value) == ("renamed", "Phòng Hậu cần", "Phòng Hậu cần – Kỹ thuật")
    assert org.ph10.name_folded == "phong hau can – ky thuat"


def test_updating_a_unit_audits_the_changed_fields_only(org, personas):
    services.update_unit(org.ph10, by=personas.office, short_name="PHC", code="PH10")
    event = AuditEvent.objects.filter(object_id=str(org.ph10.pk), action="update").get()
    assert event.changes == {"short_name": ["", "PHC"]}


def test_an_api_token_is_stored_only_as_its_hash(personas):
    from organisation.models import ApiToken, hash_token

    token, raw = services.issue_api_token(personas.office, name="CSDL khen thưởng", by=personas.admin)
    stored = ApiToken.objects.get(pk=token.pk)
    assert stored.key_hash == hash_token(raw)
    assert raw not in str(ApiToken.objects.filter(pk=token.pk).values().get())


def test_a_unit_ref_or_person_ident_in_use_is_refused_by_the_service_and_nothing_is_written(org, personas):
    from organisation.models import Person, Unit

    units, people, events = Unit.objects.count(), Person.objects.count(), AuditEvent.objects.count()
    with pytest.raises(services.IdentifierTaken, match=r"^Mã định danh caqb-px03 đã được dùng cho đơn vị khác\.$"):
        services.create_unit(by=personas.office, ref="caqb-px03", code="PX99", name="Phòng mới", kind="room")
    with pytest.raises(services.IdentifierTaken, match=r"^Mã định danh CAQB đã được dùng cho đơn vị khác\.$"):
        services.update_unit(org.px03, by=personas.office, ref="CAQB")
    with pytest.raises(services.IdentifierTaken, match=r"^Mã cán bộ QB000002 đã được dùng cho người khác\.$"):
        services.create_person(by=personas.office, unit=org.px03, ident="QB000002", full_name="Người Mới")
    with pytest.raises(services.IdentifierTaken, match=r"^Mã cán bộ QB000001 đã được dùng cho người khác\.$"):
        services.update_person(org.people.binh, by=personas.office, ident="QB000001")
    assert (Unit.objects.count(), Person.objects.count(), AuditEvent.objects.count()) == (units, people, events)
    org.px03.refresh_from_db()
    assert org.px03.ref == "CAQB-PX03"
    services.update_unit(org.px03, by=personas.office, ref="caqb-px03")  # its own ref, another case: allowed
    org.px03.refresh_from_db()
    assert org.px03.ref == "caqb-px03"


def test_a_unit_period_ending_before_it_starts_is_refused_on_create_and_on_change(org, personas):
    message = r"^Ngày hết hiệu lực phải sau ngày có hiệu lực\.$"
    with pytest.raises(services.OrganisationError, match=message):
        services.create_unit(
            by=personas.office,
            ref="CAQB-NEW",
            code="NEW",
            name="Đơn vị mới",
            kind="room",
            valid_from=datetime.date(2025, 7, 1),
            valid_to=datetime.date(2025, 6, 30),
        )
    with pytest.raises(services.OrganisationError, match=message):
        services.update_unit(org.district, by=personas.office, valid_to=datetime.date(1989, 12, 31))
    org.district.refresh_from_db()
    assert org.district.valid_to == datetime.date(2025, 2, 28)


def test_the_admin_shows_a_period_ending_before_it_starts_as_a_form_error(client, org, personas):
    from django.urls import reverse

    client.force_login(personas.admin)
    response = client.post(
        reverse("admin:organisation_unit_change", args=[org.district.pk]),
        {
            "ref": org.district.ref,
            "code": org.district.code,
            "name": org.district.name,
            "short_name": "",
            "kind": org.district.kind,
            "valid_from": "1990-01-01",
            "valid_to": "1989-12-31",
        },
    )
    assert response.status_code == 200
    assert "Ngày kết thúc hiệu lực phải sau ngày bắt đầu." in response.content.decode()
    org.district.refresh_from_db()
    assert org.district.valid_to == datetime.date(2025, 2, 28)


def test_the_admin_refuses_a_ref_taken_in_another_case_as_a_form_error(client, org, personas):
    from django.urls import reverse

    from organisation.models import Unit

    client.force_login(personas.admin)
    units = Unit.objects.count()
    response = client.post(
        reverse("admin:organisation_unit_add"),
        {"ref": "caqb-px03", "code": "PX99", "name": "Phòng mới", "short_name": "", "kind": "room"},
    )
    assert response.status_code == 200
    assert "Mã định danh caqb-px03 đã được dùng cho đơn vị khác." in response.content.decode()
    assert Unit.objects.count() == units


def test_home_providers_add_their_tasks_up_in_order(monkeypatch):
    monkeypatch.setattr(
        services,
        "HOME_PROVIDERS",
        [
            lambda user, today: {"tasks": ["vote"], "notice": "a"},
            lambda user, today: {"tasks": ["register", "sign"], "notice": "b"},
        ],
    )
    assert services.home_context(None, None) == {"tasks": ["vote", "register", "sign"], "notice": "b"}
