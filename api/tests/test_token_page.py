import pytest
from django.urls import reverse

from audit.models import AuditEvent
from organisation import services
from organisation.models import ApiToken, hash_token

WARNING = "Hãy sao chép và cất giữ khoá này ngay bây giờ: khoá sẽ không được hiển thị lại."


def test_the_page_needs_a_login(client, db):
    response = client.get(reverse("organisation:token_list"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_creating_a_key_shows_it_once(client, personas):
    client.force_login(personas.office)

    created = client.post(reverse("organisation:token_list"), {"name": "Phần mềm nhân sự"})
    token = ApiToken.objects.get(user=personas.office)
    raw = created.context["raw_key"]
    again = client.get(reverse("organisation:token_list"))

    assert created.status_code == 200
    assert "no-store" in created["Cache-Control"]
    assert token.key_hash == hash_token(raw)
    assert raw.startswith("td_" + token.prefix)
    assert raw in created.content.decode()
    assert WARNING in created.content.decode()
    assert again.status_code == 200
    assert raw not in again.content.decode()
    assert WARNING not in again.content.decode()
    assert "Phần mềm nhân sự" in again.content.decode()
    assert f"td_{token.prefix}…" in again.content.decode()


def test_a_key_needs_a_name(client, personas):
    client.force_login(personas.office)

    response = client.post(reverse("organisation:token_list"), {"name": ""})

    assert response.status_code == 200
    assert response.context["raw_key"] is None
    assert ApiToken.objects.count() == 0


def test_the_page_lists_only_ones_own_keys(client, personas):
    services.issue_api_token(personas.outsider, name="Khoá của Hưng Yên", by=personas.outsider)
    services.issue_api_token(personas.office, name="Khoá của Quảng Bình", by=personas.office)
    client.force_login(personas.office)

    response = client.get(reverse("organisation:token_list"))

    assert [t.name for t in response.context["tokens"]] == ["Khoá của Quảng Bình"]


def test_a_key_from_the_page_works_until_it_is_revoked(client, personas):
    client.force_login(personas.unit_officer)
    raw = client.post(reverse("organisation:token_list"), {"name": "Tích hợp"}).context["raw_key"]
    token = ApiToken.objects.get(user=personas.unit_officer)
    client.logout()
    headers = {"Authorization": f"Bearer {raw}"}
    before = client.get("/api/v1/units", headers=headers)

    client.force_login(personas.unit_officer)
    revoked = client.post(reverse("organisation:token_revoke", args=[token.pk]))
    client.logout()
    after = client.get("/api/v1/units", headers=headers)

    assert [u["code"] for u in before.json()["items"]] == ["PX03"]
    assert revoked.status_code == 302
    assert revoked["Location"] == reverse("organisation:token_list")
    token.refresh_from_db()
    assert token.revoked is True
    assert after.status_code == 401
    event = AuditEvent.objects.filter(object_type="organisation.apitoken", object_id=str(token.pk)).first()
    assert (event.action, event.actor, event.changes) == (
        AuditEvent.Action.UPDATE,
        personas.unit_officer,
        {"revoked": [False, True]},
    )


def test_only_the_owner_can_revoke_a_key(client, personas):
    token, _raw = services.issue_api_token(personas.office, name="k", by=personas.office)
    client.force_login(personas.outsider)

    response = client.post(reverse("organisation:token_revoke", args=[token.pk]))

    assert response.status_code == 404
    token.refresh_from_db()
    assert token.revoked is False


@pytest.mark.parametrize("pk", [2**63, 10**30])
def test_an_absurd_key_id_is_404(client, personas, pk):
    client.force_login(personas.office)

    assert client.post(f"/account/tokens/{pk}/revoke/").status_code == 404


def test_revoking_needs_a_post(client, personas):
    token, _raw = services.issue_api_token(personas.office, name="k", by=personas.office)
    client.force_login(personas.office)

    response = client.get(reverse("organisation:token_revoke", args=[token.pk]))

    assert response.status_code == 405
    token.refresh_from_db()
    assert token.revoked is False
