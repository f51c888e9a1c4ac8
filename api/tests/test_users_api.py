"""API keys through the API, as the "Khoá API" page (issue 15): issue one (the raw key once), list, revoke;
another user's key is a 404; a revoked key no longer authenticates."""

from api.tests import bearer
from audit.models import AuditEvent
from organisation.models import ApiToken
from organisation.services import issue_api_token

JSON = "application/json"


def test_a_user_issues_lists_and_revokes_their_own_keys(client, personas):
    headers = bearer(personas.office, name="đầu tiên")

    issued = client.post("/api/v1/me/tokens", {"name": "Đồng bộ nhân sự"}, content_type=JSON, headers=headers)
    key = {"Authorization": f"Bearer {issued.json()['key']}"}
    listed = client.get("/api/v1/me/tokens", headers=key)
    revoked = client.post(f"/api/v1/me/tokens/{issued.json()['id']}/revoke", headers=headers)
    after = client.get("/api/v1/me/tokens", headers=key)

    assert issued.status_code == 201
    assert (issued.json()["name"], issued.json()["revoked"], issued.json()["prefix"]) == (
        "Đồng bộ nhân sự",
        False,
        issued.json()["key"][3:9],
    )
    assert [(t["name"], t["revoked"]) for t in listed.json()] == [("Đồng bộ nhân sự", False), ("đầu tiên", False)]
    assert "key" not in listed.json()[0]
    assert (revoked.status_code, revoked.json()["revoked"]) == (200, True)
    assert after.status_code == 401
    assert AuditEvent.objects.filter(object_type="organisation.apitoken", changes__revoked=[False, True]).count() == 1


def test_another_users_key_is_not_found_and_a_blank_name_is_422(client, personas):
    theirs, _raw = issue_api_token(personas.leader, name="của lãnh đạo", by=personas.leader)
    headers = bearer(personas.office)

    other = client.post(f"/api/v1/me/tokens/{theirs.pk}/revoke", headers=headers)
    blank = client.post("/api/v1/me/tokens", {"name": "  "}, content_type=JSON, headers=headers)

    assert other.status_code == 404
    assert blank.status_code == 422 and "name" in blank.json()["detail"][0]["loc"]
    assert ApiToken.objects.get(pk=theirs.pk).revoked is False


def test_a_username_and_password_are_traded_for_a_key_of_that_user_only(client, personas):
    personas.leader.set_password("mật-khẩu-đúng-2026")
    personas.leader.save()
    body = {"username": personas.leader.username, "password": "mật-khẩu-đúng-2026", "name": "Máy tính bảng"}

    issued = client.post("/api/v1/auth/token", body, content_type=JSON)
    me = client.get("/api/v1/me", headers={"Authorization": f"Bearer {issued.json()['key']}"})
    wrong = client.post("/api/v1/auth/token", {**body, "password": "sai"}, content_type=JSON)

    assert issued.status_code == 201
    assert me.json()["username"] == personas.leader.username
    assert (wrong.status_code, wrong.json()) == (401, {"detail": "Tên đăng nhập hoặc mật khẩu không đúng."})
    assert list(ApiToken.objects.values_list("user__username", "name")) == [(personas.leader.username, "Máy tính bảng")]
    assert (
        AuditEvent.objects.filter(object_type="organisation.apitoken", action=AuditEvent.Action.LOGIN_TOKEN).count()
        == 1
    )


def test_a_locked_account_gets_no_key(client, personas):
    personas.leader.set_password("mật-khẩu-đúng-2026")
    personas.leader.is_active = False
    personas.leader.save()
    body = {"username": personas.leader.username, "password": "mật-khẩu-đúng-2026", "name": "Máy tính bảng"}

    refused = client.post("/api/v1/auth/token", body, content_type=JSON)

    assert refused.status_code == 401
    assert not ApiToken.objects.exists()
