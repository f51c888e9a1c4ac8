"""Users and role grants through the API (issue 15), as the Django admin manages them: list, create, read and
change users; list, grant and revoke their roles. An ADMIN over a unit manages the users of its subtree only;
another user is a 404; no password hash ever goes out; a refusal is a 422 naming the field. Also: a root unit
(``parent: null``) is created by a superuser only."""

import pytest

from api.tests import bearer
from audit.models import AuditEvent
from organisation.models import Role, RoleGrant, Unit, User

JSON = "application/json"


@pytest.fixture
def qb_admin(org, django_user_model):
    user = django_user_model.objects.create_user(username="qb_admin", password="x")
    RoleGrant.objects.create(user=user, role=Role.ADMIN, unit=org.caqb)
    return user


def test_a_unit_admin_lists_the_users_of_their_subtree_filtered_and_paginated(client, org, personas, qb_admin):
    headers = bearer(qb_admin)

    everyone = client.get("/api/v1/users", headers=headers).json()
    of_px03 = client.get(f"/api/v1/users?unit={org.px03.pk}", headers=headers).json()
    readers = client.get("/api/v1/users?role=leader", headers=headers).json()
    found = client.get("/api/v1/users?q=OFFI", headers=headers).json()
    page = client.get("/api/v1/users?limit=2&offset=1", headers=headers).json()

    assert [u["username"] for u in everyone["items"]] == [
        "commander",
        "council",
        "leader",
        "office",
        "officer",
        "qb_admin",
        "unit_officer",
    ]
    assert [u["username"] for u in of_px03["items"]] == ["commander", "officer", "unit_officer"]
    assert [u["username"] for u in readers["items"]] == ["leader"]
    assert [u["username"] for u in found["items"]] == ["office", "officer", "unit_officer"]
    assert (page["count"], [u["username"] for u in page["items"]]) == (7, ["council", "leader"])
    commander = everyone["items"][0]
    assert commander["person"] == org.people.an.pk
    assert [(g["role"], g["role_label"], g["unit"]["code"]) for g in commander["grants"]] == [
        ("commander", "Thủ trưởng đơn vị", "PX03")
    ]
    assert "password" not in commander


def test_a_non_admin_lists_nobody_and_gets_404_for_another_user(client, personas):
    headers = bearer(personas.office)

    listed = client.get("/api/v1/users", headers=headers)
    other = client.get(f"/api/v1/users/{personas.unit_officer.pk}", headers=headers)
    own = client.get(f"/api/v1/users/{personas.office.pk}", headers=headers)
    own_patch = client.patch(
        f"/api/v1/users/{personas.office.pk}", {"first_name": "X"}, content_type=JSON, headers=headers
    )
    create = client.post("/api/v1/users", {"username": "moi"}, content_type=JSON, headers=headers)

    assert (listed.status_code, listed.json()["count"]) == (200, 0)
    assert other.status_code == 404
    assert (own.status_code, own.json()["username"]) == (200, "office")
    assert own_patch.status_code == 403
    assert create.status_code == 403
    assert not User.objects.filter(username="moi").exists()


def test_an_admin_of_one_province_gets_404_for_a_user_of_another(client, personas, qb_admin):
    headers = bearer(qb_admin)

    assert client.get(f"/api/v1/users/{personas.outsider.pk}", headers=headers).status_code == 404
    assert client.get(f"/api/v1/users/{personas.outsider.pk}/grants", headers=headers).status_code == 404
    assert (
        client.patch(
            f"/api/v1/users/{personas.outsider.pk}", {"is_active": False}, content_type=JSON, headers=headers
        ).status_code
        == 404
    )


def test_create_a_user_then_grant_and_revoke_a_role(client, org, qb_admin):
    headers = bearer(qb_admin)

    created = client.post(
        "/api/v1/users",
        {
            "username": "tdkt_ph10",
            "password": "Khen-thuong-2025!",
            "first_name": "Dũng",
            "last_name": "Phạm Quốc",
            "email": "dung@example.vn",
            "person": org.people.dung.pk,
        },
        content_type=JSON,
        headers=headers,
    )
    user_id = created.json()["id"]
    granted = client.post(
        f"/api/v1/users/{user_id}/grants",
        {"role": "unit_officer", "unit": org.ph10.pk},
        content_type=JSON,
        headers=headers,
    )
    listed = client.get(f"/api/v1/users/{user_id}/grants", headers=headers)
    revoked = client.delete(f"/api/v1/users/{user_id}/grants/{granted.json()['id']}", headers=headers)

    assert created.status_code == 201
    body = created.json()
    assert (body["username"], body["person"], body["is_active"], body["is_superuser"], body["grants"]) == (
        "tdkt_ph10",
        org.people.dung.pk,
        True,
        False,
        [],
    )
    assert not {"password", "password_hash"} & set(body)
    assert User.objects.get(pk=user_id).check_password("Khen-thuong-2025!") is True
    assert granted.status_code == 201
    assert (granted.json()["role"], granted.json()["unit"]["id"]) == ("unit_officer", org.ph10.pk)
    assert [g["role"] for g in listed.json()] == ["unit_officer"]
    assert revoked.status_code == 204
    assert not RoleGrant.objects.filter(user_id=user_id).exists()
    assert list(
        AuditEvent.objects.filter(actor=qb_admin)
        .exclude(action="token")
        .order_by("pk")
        .values_list("object_type", "action")
    ) == [
        ("organisation.user", "create"),
        ("organisation.rolegrant", "create"),
        ("organisation.rolegrant", "delete"),
    ]


def test_a_grant_outside_the_admin_scope_is_422_naming_unit(client, org, personas, qb_admin):
    response = client.post(
        f"/api/v1/users/{personas.council.pk}/grants",
        {"role": "admin", "unit": org.bca.pk},
        content_type=JSON,
        headers=bearer(qb_admin),
    )

    assert response.status_code == 422
    assert response.json() == {
        "detail": f"unit: Đơn vị {org.bca} nằm ngoài phạm vi quản trị của bạn; chỉ được phân quyền trong phạm vi đó."
    }
    assert personas.council.grants.count() == 1


def test_removing_ones_own_last_admin_grant_is_422_naming_role(client, qb_admin):
    grant = qb_admin.grants.get()

    response = client.delete(f"/api/v1/users/{qb_admin.pk}/grants/{grant.pk}", headers=bearer(qb_admin))

    assert response.status_code == 422
    assert response.json() == {"detail": "role: Không thể xoá quyền quản trị cuối cùng của chính bạn."}
    assert RoleGrant.objects.filter(pk=grant.pk).exists()


def test_a_weak_password_is_422_naming_password_and_a_bad_username_is_refused_by_validation(client, qb_admin):
    headers = bearer(qb_admin)

    weak = client.post("/api/v1/users", {"username": "moi", "password": "123"}, content_type=JSON, headers=headers)
    bad = client.post("/api/v1/users", {"username": "có dấu cách"}, content_type=JSON, headers=headers)
    mail = client.post(
        "/api/v1/users", {"username": "moi", "email": "khong-phai-email"}, content_type=JSON, headers=headers
    )

    assert weak.status_code == 422
    assert weak.json() == {"detail": "password: Mật khẩu quá ngắn: cần ít nhất 8 ký tự. Mật khẩu này quá phổ biến."}
    assert bad.status_code == 422 and "username" in bad.json()["detail"][0]["loc"]
    assert mail.status_code == 422 and "email" in mail.json()["detail"][0]["loc"]
    assert not User.objects.filter(username="moi").exists()


def test_a_taken_username_is_409(client, personas, qb_admin):
    response = client.post("/api/v1/users", {"username": "Office"}, content_type=JSON, headers=bearer(qb_admin))

    assert response.status_code == 409
    assert response.json() == {"detail": "Tên đăng nhập Office đã được dùng."}


def test_patch_changes_names_activity_person_and_password(client, org, personas, qb_admin):
    response = client.patch(
        f"/api/v1/users/{personas.leader.pk}",
        {"last_name": "Trần", "is_active": False, "person": org.people.binh.pk, "password": "Lanh-dao-2025!"},
        content_type=JSON,
        headers=bearer(qb_admin),
    )
    unlinked = client.patch(
        f"/api/v1/users/{personas.leader.pk}", {"person": None}, content_type=JSON, headers=bearer(qb_admin)
    )

    assert response.status_code == 200
    assert (response.json()["last_name"], response.json()["is_active"], response.json()["person"]) == (
        "Trần",
        False,
        org.people.binh.pk,
    )
    assert (unlinked.status_code, unlinked.json()["person"]) == (200, None)
    personas.leader.refresh_from_db()
    assert personas.leader.check_password("Lanh-dao-2025!") is True


def test_an_unknown_person_or_unit_is_422_naming_it(client, personas, qb_admin):
    headers = bearer(qb_admin)

    person = client.post("/api/v1/users", {"username": "moi", "person": 999999}, content_type=JSON, headers=headers)
    unit = client.post(
        f"/api/v1/users/{personas.council.pk}/grants",
        {"role": "leader", "unit": 999999},
        content_type=JSON,
        headers=headers,
    )

    assert (person.status_code, person.json()) == (422, {"detail": "person: Không tìm thấy cán bộ 999999."})
    assert (unit.status_code, unit.json()) == (422, {"detail": "unit: Không tìm thấy đơn vị 999999."})


def test_a_superuser_creates_a_root_unit_and_anyone_else_gets_422_naming_parent(client, personas):
    body = {"ref": "UBND-QB", "code": "UBND-QB", "name": "UBND tỉnh Quảng Bình", "kind": "local_government"}

    refused = client.post("/api/v1/units", body | {"parent": None}, content_type=JSON, headers=bearer(personas.office))
    missing = client.post("/api/v1/units", body, content_type=JSON, headers=bearer(personas.admin))
    created = client.post("/api/v1/units", body | {"parent": None}, content_type=JSON, headers=bearer(personas.admin))

    assert refused.status_code == 422
    assert refused.json() == {
        "detail": "parent: Chỉ quản trị viên cấp cao nhất được tạo đơn vị gốc (không có cấp trên)."
    }
    assert missing.status_code == 422 and "parent" in missing.json()["detail"][0]["loc"]
    assert created.status_code == 201
    unit = Unit.objects.get(ref="UBND-QB")
    assert (created.json()["parent"], created.json()["depth"], created.json()["ancestors"], unit.path) == (
        None,
        0,
        [],
        f"/{unit.pk}/",
    )
