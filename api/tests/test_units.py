import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from api.tests import bearer
from audit.models import AuditEvent
from organisation import services
from organisation.models import Unit, UnitRating

NOT_FOUND = {"detail": "Không tìm thấy hoặc nằm ngoài phạm vi của bạn."}
FORBIDDEN = {"detail": "Bạn chỉ có quyền xem, không có quyền thay đổi mục này."}


def codes(response):
    return sorted(unit["code"] for unit in response.json()["items"])


# Reading -----------------------------------------------------------------------------


def test_a_unit_comes_with_its_ancestors_and_lineage(client, personas, org):
    successor = services.create_unit(
        by=None, ref="CAQB-PX01", code="PX01", name="Phòng Tham mưu", kind=Unit.Kind.ROOM, parent=org.caqb
    )
    services.merge_units([org.ph10], into=successor, date=datetime.date(2025, 3, 1), by=None)

    response = client.get(f"/api/v1/units/{successor.pk}", headers=bearer(personas.office))

    assert response.status_code == 200
    body = response.json()
    assert body["code"] == "PX01"
    assert body["kind"] == "room"
    assert body["parent"] == org.caqb.pk
    assert body["ancestors"] == [
        {"id": org.bca.pk, "code": "BCA", "name": "Bộ Công an"},
        {"id": org.caqb.pk, "code": "CAQB", "name": "Công an tỉnh Quảng Bình"},
    ]
    assert body["lineage_ids"] == sorted([successor.pk, org.ph10.pk])


def test_the_outsider_gets_404_on_a_quang_binh_unit(client, personas, org):
    headers = bearer(personas.outsider)

    assert client.get(f"/api/v1/units/{org.px03.pk}", headers=headers).json() == NOT_FOUND
    assert client.get(f"/api/v1/units/{org.px03.pk}", headers=headers).status_code == 404
    assert client.get(f"/api/v1/units/{org.px03.pk}/ratings", headers=headers).status_code == 404
    patch = client.patch(
        f"/api/v1/units/{org.px03.pk}", {"name": "X"}, content_type="application/json", headers=headers
    )
    assert (patch.status_code, patch.json()) == (404, NOT_FOUND)
    under = client.get("/api/v1/units", {"under": org.caqb.pk}, headers=headers)
    assert under.status_code == 404


def test_a_missing_unit_is_404(client, personas):
    response = client.get("/api/v1/units/2147483647", headers=bearer(personas.admin))

    assert (response.status_code, response.json()) == (404, NOT_FOUND)


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/units/0",
        "/api/v1/units/2147483648",
        "/api/v1/units/99999999999999999999999",
        "/api/v1/units?parent=99999999999999999999999",
        "/api/v1/units?limit=501",
        "/api/v1/units?offset=2147483648",
        "/api/v1/units?active_on=2101-01-01",
        "/api/v1/units?q=" + "a" * 101,
    ],
)
def test_out_of_range_input_is_422_before_any_query(client, personas, url):
    client.force_login(personas.admin)

    response = client.get(url)

    assert response.status_code == 422


def test_filters_narrow_the_list(client, personas, org):
    headers = bearer(personas.office)

    def get(**params):
        return codes(client.get("/api/v1/units", params, headers=headers))

    assert get(q="hau can") == ["PH10"]
    assert get(q="CAQB-PX03") == ["PX03"]
    assert get(kind="district") == ["CAH-QN"]
    assert get(parent=org.caqb.pk) == ["CAH-QN", "PH10", "PX03"]
    assert get(under=org.px03.pk) == ["PX03"]
    assert get(active_on="2025-06-01") == ["CAQB", "PH10", "PX03"]
    assert get(kind="room", active_on="2020-01-01") == ["PH10", "PX03"]


def test_pagination_counts_every_row_and_returns_one_page(client, personas):
    headers = bearer(personas.office)

    first = client.get("/api/v1/units", {"limit": 3}, headers=headers).json()
    rest = client.get("/api/v1/units", {"limit": 3, "offset": 3}, headers=headers).json()

    assert first["count"] == 4
    assert len(first["items"]) == 3
    assert rest["count"] == 4
    assert len(rest["items"]) == 1
    assert sorted(u["code"] for u in first["items"] + rest["items"]) == ["CAH-QN", "CAQB", "PH10", "PX03"]


def test_the_list_runs_the_same_queries_for_1_and_3_rows(client, personas, org):
    client.force_login(personas.office)

    def count_queries():
        with CaptureQueriesContext(connection) as ctx:
            response = client.get("/api/v1/units", {"under": org.px03.pk})
        return len(response.json()["items"]), len(ctx.captured_queries)

    rows_1, queries_1 = count_queries()
    for code in ("D1", "D2"):
        services.create_unit(
            by=None, ref=f"CAQB-PX03-{code}", code=code, name=f"Đội {code}", kind=Unit.Kind.TEAM, parent=org.px03
        )
    rows_3, queries_3 = count_queries()

    assert (rows_1, rows_3) == (1, 3)
    assert queries_1 == queries_3


# Writing -----------------------------------------------------------------------------


def test_creating_a_unit_writes_an_audit_event_with_the_acting_user(client, personas, org):
    response = client.post(
        "/api/v1/units",
        {
            "ref": "CAQB-PX03-D1",
            "code": "D1",
            "name": "Đội Tuyên truyền",
            "kind": "team",
            "parent": org.px03.pk,
            "valid_from": "2025-03-01",
            "basis": "QĐ 123/QĐ-CAT",
        },
        content_type="application/json",
        headers=bearer(personas.unit_officer),
    )

    assert response.status_code == 201
    unit = Unit.objects.get(ref="CAQB-PX03-D1")
    assert response.json()["id"] == unit.pk
    assert response.json()["ancestors"] == [
        {"id": org.bca.pk, "code": "BCA", "name": "Bộ Công an"},
        {"id": org.caqb.pk, "code": "CAQB", "name": "Công an tỉnh Quảng Bình"},
        {"id": org.px03.pk, "code": "PX03", "name": "Phòng Công tác đảng và công tác chính trị"},
    ]
    assert unit.path == f"{org.px03.path}{unit.pk}/"
    event = AuditEvent.objects.get(object_type="organisation.unit", object_id=str(unit.pk))
    assert (event.action, event.actor) == (AuditEvent.Action.CREATE, personas.unit_officer)


def test_a_read_only_role_cannot_create_a_unit(client, personas, org):
    response = client.post(
        "/api/v1/units",
        {
            "ref": "CAQB-X",
            "code": "X",
            "name": "X",
            "kind": "room",
            "parent": org.caqb.pk,
        },
        content_type="application/json",
        headers=bearer(personas.leader),
    )

    assert (response.status_code, response.json()) == (403, FORBIDDEN)
    assert not Unit.objects.filter(ref="CAQB-X").exists()


def test_a_duplicate_ref_is_409(client, personas, org):
    response = client.post(
        "/api/v1/units",
        {
            "ref": "caqb-px03",
            "code": "PX03",
            "name": "Trùng",
            "kind": "room",
            "parent": org.caqb.pk,
        },
        content_type="application/json",
        headers=bearer(personas.office),
    )

    assert response.status_code == 409
    assert response.json() == {"detail": "Mã định danh caqb-px03 đã được dùng cho đơn vị khác."}


@pytest.mark.parametrize(
    "payload",
    [
        {"code": "C" * 21},
        {"name": ""},
        {"name": None},
        {"name": "Tên\x00lỗi"},
        {"kind": "galaxy"},
        {"parent": 2**31},
        {"valid_from": "2025-01-01", "valid_to": "2024-01-01"},
    ],
)
def test_invalid_unit_input_is_422(client, personas, org, payload):
    body = {"ref": "CAQB-NEW", "code": "NEW", "name": "Mới", "kind": "room", "parent": org.caqb.pk} | payload

    response = client.post("/api/v1/units", body, content_type="application/json", headers=bearer(personas.office))

    assert response.status_code == 422
    assert not Unit.objects.filter(ref="CAQB-NEW").exists()


def test_updating_a_unit_writes_an_audit_event_with_the_acting_user(client, personas, org):
    response = client.patch(
        f"/api/v1/units/{org.ph10.pk}",
        {"name": "Phòng Hậu cần – Kỹ thuật"},
        content_type="application/json",
        headers=bearer(personas.office),
    )

    assert response.status_code == 200
    assert response.json()["name"] == "Phòng Hậu cần – Kỹ thuật"
    org.ph10.refresh_from_db()
    assert org.ph10.name == "Phòng Hậu cần – Kỹ thuật"
    event = AuditEvent.objects.filter(object_type="organisation.unit", object_id=str(org.ph10.pk)).first()
    assert (event.action, event.actor, event.changes) == (
        AuditEvent.Action.UPDATE,
        personas.office,
        {"name": ["Phòng Hậu cần", "Phòng Hậu cần – Kỹ thuật"]},
    )


def test_a_read_only_persona_gets_403_on_patch(client, personas, org):
    response = client.patch(
        f"/api/v1/units/{org.px03.pk}", {"name": "X"}, content_type="application/json", headers=bearer(personas.leader)
    )

    assert (response.status_code, response.json()) == (403, FORBIDDEN)
    org.px03.refresh_from_db()
    assert org.px03.name == "Phòng Công tác đảng và công tác chính trị"


def test_patching_the_parent_moves_the_subtree(client, personas, org):
    response = client.patch(
        f"/api/v1/units/{org.px03.pk}",
        {"parent": org.ph10.pk},
        content_type="application/json",
        headers=bearer(personas.office),
    )

    assert response.status_code == 200
    assert response.json()["parent"] == org.ph10.pk
    org.px03.refresh_from_db()
    assert org.px03.path == f"{org.ph10.path}{org.px03.pk}/"


def test_moving_a_unit_under_itself_is_422_with_the_reason(client, personas, org):
    response = client.patch(
        f"/api/v1/units/{org.caqb.pk}",
        {"parent": org.px03.pk},
        content_type="application/json",
        headers=bearer(personas.admin),
    )

    assert response.status_code == 422
    assert response.json() == {"detail": "Không thể chuyển một đơn vị vào chính nó hoặc đơn vị cấp dưới của nó."}


def test_moving_a_unit_under_a_parent_outside_ones_write_scope_is_refused(client, personas, org):
    response = client.patch(
        f"/api/v1/units/{org.px03.pk}",
        {"parent": org.cahy.pk},
        content_type="application/json",
        headers=bearer(personas.office),
    )

    assert response.status_code == 404
    org.px03.refresh_from_db()
    assert org.px03.parent_id == org.caqb.pk


def test_a_patch_cannot_invert_the_validity_period(client, personas, org):
    response = client.patch(
        f"/api/v1/units/{org.district.pk}",
        {"valid_to": "1980-01-01"},
        content_type="application/json",
        headers=bearer(personas.office),
    )

    assert response.status_code == 422
    assert response.json() == {"detail": "Ngày hết hiệu lực phải sau ngày có hiệu lực."}


# Ratings -----------------------------------------------------------------------------


def test_a_unit_rating_is_set_and_listed(client, personas, org):
    headers = bearer(personas.unit_officer)

    put = client.put(
        f"/api/v1/units/{org.px03.pk}/ratings/2024",
        {"rating": "HTXSNV"},
        content_type="application/json",
        headers=headers,
    )
    listed = client.get(f"/api/v1/units/{org.px03.pk}/ratings", headers=headers)

    assert (put.status_code, put.json()) == (200, {"year": 2024, "rating": "HTXSNV"})
    assert listed.json() == [{"year": 2024, "rating": "HTXSNV"}]
    event = AuditEvent.objects.filter(object_type="organisation.unit", object_id=str(org.px03.pk)).first()
    assert (event.actor, event.changes) == (personas.unit_officer, {"rating_2024": [None, "HTXSNV"]})


@pytest.mark.parametrize("year", [1944, 2101, 99999999999])
def test_a_rating_year_out_of_range_is_422(client, personas, org, year):
    response = client.put(
        f"/api/v1/units/{org.px03.pk}/ratings/{year}",
        {"rating": "HTXSNV"},
        content_type="application/json",
        headers=bearer(personas.office),
    )

    assert response.status_code == 422
    assert UnitRating.objects.count() == 0


def test_a_read_only_persona_cannot_rate_a_unit(client, personas, org):
    response = client.put(
        f"/api/v1/units/{org.px03.pk}/ratings/2024",
        {"rating": "HTXSNV"},
        content_type="application/json",
        headers=bearer(personas.council),
    )

    assert response.status_code == 403


def test_many_units_ratings_at_once_all_or_nothing(client, personas, org):
    from audit.models import AuditEvent
    from organisation.models import UnitRating

    office = bearer(personas.office)
    url = "/api/v1/units/ratings/2024"
    UnitRating.objects.create(unit=org.px03, year=2024, rating="HTNV")
    good = [{"unit": org.px03.pk, "rating": "HTXSNV"}, {"unit": org.ph10.pk, "rating": "HTTNV"}]

    refused = client.put(
        url,
        {"ratings": [*good, {"unit": org.cahy.pk, "rating": "HTNV"}, {"unit": org.px03.pk, "rating": "HTNV"}]},
        content_type="application/json",
        headers=office,
    )
    unchanged = dict(UnitRating.objects.filter(year=2024).values_list("unit__code", "rating"))
    leader = client.put(url, {"ratings": good}, content_type="application/json", headers=bearer(personas.leader))
    saved = client.put(url, {"ratings": good}, content_type="application/json", headers=office)
    again = client.put(url, {"ratings": good}, content_type="application/json", headers=office)

    assert (refused.status_code, refused.json()["errors"]) == (
        422,
        [
            {
                "row": 2,
                "field": "unit",
                "detail": f"Không tìm thấy đơn vị {org.cahy.pk} hoặc đơn vị nằm ngoài phạm vi của bạn.",
            },
            {"row": 3, "field": "unit", "detail": f"Đơn vị {org.px03.pk} có hai dòng trong danh sách."},
        ],
    )
    assert unchanged == {"PX03": "HTNV"}
    assert leader.status_code == 403
    assert (saved.status_code, saved.json()) == (200, {"year": 2024, "rows": 2, "changed": 2})
    assert (again.status_code, again.json()["changed"]) == (200, 0)
    assert dict(UnitRating.objects.filter(year=2024).values_list("unit__code", "rating")) == {
        "PX03": "HTXSNV",
        "PH10": "HTTNV",
    }
    events = AuditEvent.objects.filter(object_type="organisation.unit", changes__has_key="rating_2024")
    assert sorted((e.action, e.changes["rating_2024"][1]) for e in events) == [
        ("create", "HTTNV"),
        ("update", "HTXSNV"),
    ]
