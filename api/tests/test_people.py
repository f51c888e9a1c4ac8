import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from api.tests import bearer
from audit.models import AuditEvent
from organisation import services
from organisation.models import Assignment, Person

NOT_FOUND = {"detail": "Không tìm thấy hoặc nằm ngoài phạm vi của bạn."}
FORBIDDEN = {"detail": "Bạn chỉ có quyền xem, không có quyền thay đổi mục này."}


def idents(response):
    return [person["ident"] for person in response.json()["items"]]


# Reading -----------------------------------------------------------------------------


def test_a_person_comes_with_their_current_unit(client, personas, org):
    response = client.get(f"/api/v1/people/{org.people.binh.pk}", headers=bearer(personas.office))

    assert response.status_code == 200
    assert response.json() == {
        "id": org.people.binh.pk,
        "ident": "QB000002",
        "full_name": "Trần Thị Bình",
        "birth_date": "1985-05-17",
        "sex": "F",
        "rank": "dai_uy",
        "position": "Cán bộ",
        "service_start": "2010-09-01",
        "unit": {"id": org.px03.pk, "code": "PX03", "name": "Phòng Công tác đảng và công tác chính trị"},
    }


def test_the_list_is_the_scope_in_name_order(client, personas):
    response = client.get("/api/v1/people", headers=bearer(personas.office))

    assert response.json()["count"] == 4
    # By full name with the tone marks folded: Lê, Nguyễn, Phạm, Trần.
    assert idents(response) == ["QB000003", "QB000001", "QB000004", "QB000002"]


def test_filters_narrow_the_list(client, personas, org):
    headers = bearer(personas.office)

    def get(**params):
        return sorted(idents(client.get("/api/v1/people", params, headers=headers)))

    assert get(q="binh") == ["QB000002"]
    assert get(q="qb000004") == ["QB000004"]
    assert get(unit=org.caqb.pk) == ["QB000001", "QB000002", "QB000003", "QB000004"]
    assert get(unit=org.caqb.pk, include_subunits="false") == []
    assert get(unit=org.ph10.pk) == ["QB000004"]
    assert get(rank="thuong_ta") == ["QB000001"]
    assert get(sex="F") == ["QB000002"]
    assert get(unit=org.px03.pk, sex="M") == ["QB000001", "QB000003"]


def test_a_plain_officer_sees_only_himself(client, personas):
    response = client.get("/api/v1/people", headers=bearer(personas.officer))

    assert idents(response) == ["QB000003"]


def test_the_outsider_gets_404_on_a_quang_binh_person(client, personas, org):
    headers = bearer(personas.outsider)
    pk = org.people.binh.pk

    for url in (f"/api/v1/people/{pk}", f"/api/v1/people/{pk}/assignments", f"/api/v1/people/{pk}/ratings"):
        response = client.get(url, headers=headers)
        assert (url, response.status_code, response.json()) == (url, 404, NOT_FOUND)
    patch = client.patch(f"/api/v1/people/{pk}", {"position": "X"}, content_type="application/json", headers=headers)
    assert patch.status_code == 404
    assert client.get("/api/v1/people", {"unit": org.px03.pk}, headers=headers).status_code == 404
    assert idents(client.get("/api/v1/people", headers=headers)) == ["HY000001"]


def test_pagination_counts_every_row_and_returns_one_page(client, personas):
    headers = bearer(personas.office)

    page = client.get("/api/v1/people", {"limit": 2, "offset": 1}, headers=headers).json()

    assert page["count"] == 4
    assert [p["ident"] for p in page["items"]] == ["QB000001", "QB000004"]


def test_the_list_runs_the_same_queries_for_1_and_3_rows(client, personas, org):
    client.force_login(personas.office)

    def count_queries():
        with CaptureQueriesContext(connection) as ctx:
            response = client.get("/api/v1/people", {"unit": org.ph10.pk})
        return len(response.json()["items"]), len(ctx.captured_queries)

    rows_1, queries_1 = count_queries()
    for n in (5, 6):
        services.create_person(
            by=None,
            unit=org.ph10,
            start=datetime.date(2020, 1, 1),
            ident=f"QB00000{n}",
            full_name=f"Cán bộ {n}",
            sex="M",
        )
    rows_3, queries_3 = count_queries()

    assert (rows_1, rows_3) == (1, 3)
    assert queries_1 == queries_3


def test_assignments_are_listed_oldest_first(client, personas, org):
    services.transfer_person(org.people.dung, org.px03, start=datetime.date(2020, 1, 1), by=None)

    response = client.get(f"/api/v1/people/{org.people.dung.pk}/assignments", headers=bearer(personas.office))

    assert [(a["unit"]["code"], a["start"], a["end"]) for a in response.json()] == [
        ("PH10", "2010-09-01", "2019-12-31"),
        ("PX03", "2020-01-01", None),
    ]


# Writing -----------------------------------------------------------------------------


def test_creating_a_person_assigns_them_and_audits_the_acting_user(client, personas, org):
    response = client.post(
        "/api/v1/people",
        {
            "ident": "QB000009",
            "full_name": "Võ Thị Giang",
            "sex": "F",
            "rank": "trung_uy",
            "position": "Cán bộ",
            "unit": org.px03.pk,
            "start": "2024-02-01",
        },
        content_type="application/json",
        headers=bearer(personas.unit_officer),
    )

    assert response.status_code == 201
    person = Person.objects.get(ident="QB000009")
    assert response.json()["unit"]["id"] == org.px03.pk
    assert list(person.assignments.values_list("unit__code", "start", "end")) == [
        ("PX03", datetime.date(2024, 2, 1), None)
    ]
    events = AuditEvent.objects.filter(object_type="organisation.person", object_id=str(person.pk)).order_by("id")
    assert [(e.action, e.actor) for e in events] == [
        (AuditEvent.Action.CREATE, personas.unit_officer),
        (AuditEvent.Action.TRANSFER, personas.unit_officer),
    ]


def test_creating_a_person_outside_ones_write_scope_is_refused(client, personas, org):
    body = {"ident": "QB000009", "full_name": "Võ Thị Giang", "sex": "F", "unit": org.ph10.pk}

    leader = client.post("/api/v1/people", body, content_type="application/json", headers=bearer(personas.leader))
    officer = client.post(
        "/api/v1/people", body, content_type="application/json", headers=bearer(personas.unit_officer)
    )

    assert leader.status_code == 403
    assert officer.status_code == 404
    assert not Person.objects.filter(ident="QB000009").exists()


def test_a_duplicate_ident_is_409(client, personas, org):
    response = client.post(
        "/api/v1/people",
        {"ident": "qb000001", "full_name": "Trùng", "sex": "M", "unit": org.px03.pk},
        content_type="application/json",
        headers=bearer(personas.office),
    )

    assert response.status_code == 409
    assert response.json() == {"detail": "Mã cán bộ qb000001 đã được dùng cho người khác."}


@pytest.mark.parametrize(
    "payload",
    [
        {"ident": "Q" * 33},
        {"full_name": "N" * 121},
        {"sex": "X"},
        {"rank": "general"},
        {"unit": 0},
        {"birth_date": "1899-12-31"},
        {"position": "\x00"},
    ],
)
def test_invalid_person_input_is_422(client, personas, org, payload):
    body = {"ident": "QB000009", "full_name": "Võ Thị Giang", "sex": "F", "unit": org.px03.pk} | payload

    response = client.post("/api/v1/people", body, content_type="application/json", headers=bearer(personas.office))

    assert response.status_code == 422
    assert not Person.objects.filter(full_name="Võ Thị Giang").exists()


def test_updating_a_person_writes_an_audit_event_with_the_acting_user(client, personas, org):
    response = client.patch(
        f"/api/v1/people/{org.people.cuong.pk}",
        {"rank": "thieu_ta", "position": "Phó phòng"},
        content_type="application/json",
        headers=bearer(personas.commander),
    )

    assert response.status_code == 200
    assert (response.json()["rank"], response.json()["position"]) == ("thieu_ta", "Phó phòng")
    event = AuditEvent.objects.filter(object_type="organisation.person", object_id=str(org.people.cuong.pk)).first()
    assert (event.action, event.actor, event.changes) == (
        AuditEvent.Action.UPDATE,
        personas.commander,
        {"rank": ["dai_uy", "thieu_ta"], "position": ["Cán bộ", "Phó phòng"]},
    )


def test_a_read_only_persona_gets_403_on_patch(client, personas, org):
    response = client.patch(
        f"/api/v1/people/{org.people.cuong.pk}",
        {"position": "X"},
        content_type="application/json",
        headers=bearer(personas.leader),
    )

    assert (response.status_code, response.json()) == (403, FORBIDDEN)
    org.people.cuong.refresh_from_db()
    assert org.people.cuong.position == "Cán bộ"


def test_a_plain_officer_reads_but_cannot_change_his_own_record(client, personas, org):
    headers = bearer(personas.officer)
    url = f"/api/v1/people/{org.people.cuong.pk}"

    assert client.get(url, headers=headers).status_code == 200
    assert client.patch(url, {"position": "X"}, content_type="application/json", headers=headers).status_code == 403


def test_a_transfer_closes_the_old_assignment(client, personas, org):
    response = client.post(
        f"/api/v1/people/{org.people.binh.pk}/assignments",
        {
            "unit": org.ph10.pk,
            "start": "2025-01-15",
            "position": "Phó phòng",
            "basis": "QĐ 45/QĐ-CAT",
        },
        content_type="application/json",
        headers=bearer(personas.office),
    )

    assert response.status_code == 201
    assert response.json()["unit"]["code"] == "PH10"
    assert list(
        Assignment.objects.filter(person=org.people.binh)
        .order_by("start")
        .values_list("unit__code", "start", "end", "position")
    ) == [
        ("PX03", datetime.date(2010, 9, 1), datetime.date(2025, 1, 14), "Cán bộ"),
        ("PH10", datetime.date(2025, 1, 15), None, "Phó phòng"),
    ]
    org.people.binh.refresh_from_db()
    assert (org.people.binh.unit, org.people.binh.position) == (org.ph10, "Phó phòng")
    event = AuditEvent.objects.filter(object_type="organisation.person", object_id=str(org.people.binh.pk)).first()
    assert (event.action, event.actor, event.note) == (AuditEvent.Action.TRANSFER, personas.office, "QĐ 45/QĐ-CAT")


def test_a_transfer_dated_before_the_current_assignment_is_422_with_the_reason(client, personas, org):
    response = client.post(
        f"/api/v1/people/{org.people.binh.pk}/assignments",
        {"unit": org.ph10.pk, "start": "2005-01-01"},
        content_type="application/json",
        headers=bearer(personas.office),
    )

    assert response.status_code == 422
    assert response.json() == {
        "detail": "Ngày điều động 01/01/2005 phải sau ngày bắt đầu công tác hiện tại 01/09/2010."
    }
    assert org.people.binh.assignments.get().end is None


def test_a_transfer_to_a_unit_outside_the_scope_is_404(client, personas, org):
    response = client.post(
        f"/api/v1/people/{org.people.binh.pk}/assignments",
        {"unit": org.hy_px03.pk, "start": "2025-01-15"},
        content_type="application/json",
        headers=bearer(personas.office),
    )

    assert response.status_code == 404
    assert org.people.binh.assignments.count() == 1


def test_a_person_rating_is_set_and_listed(client, personas, org):
    headers = bearer(personas.unit_officer)
    pk = org.people.binh.pk

    put = client.put(
        f"/api/v1/people/{pk}/ratings/2024", {"rating": "HTTNV"}, content_type="application/json", headers=headers
    )
    listed = client.get(f"/api/v1/people/{pk}/ratings", headers=headers)

    assert (put.status_code, put.json()) == (200, {"year": 2024, "rating": "HTTNV"})
    assert listed.json() == [
        {"year": 2022, "rating": "HTTNV"},
        {"year": 2023, "rating": "HTXSNV"},
        {"year": 2024, "rating": "HTTNV"},
    ]
    event = AuditEvent.objects.filter(object_type="organisation.person", object_id=str(pk)).first()
    assert (event.actor, event.changes) == (personas.unit_officer, {"rating_2024": ["HTXSNV", "HTTNV"]})


def test_an_unknown_rating_is_422(client, personas, org):
    response = client.put(
        f"/api/v1/people/{org.people.binh.pk}/ratings/2024",
        {"rating": "GIOI"},
        content_type="application/json",
        headers=bearer(personas.office),
    )

    assert response.status_code == 422
