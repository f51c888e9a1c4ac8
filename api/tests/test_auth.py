import datetime

import pytest
from django.test import Client
from django.utils import timezone

from api.tests import bearer
from organisation import services
from organisation.models import ApiToken

UNAUTHENTICATED = {"detail": "Chưa xác thực: hãy đăng nhập hoặc gửi khoá API hợp lệ."}


def codes(response):
    return sorted(unit["code"] for unit in response.json()["items"])


def test_a_valid_token_lists_exactly_the_units_of_its_users_scope(client, personas):
    response = client.get("/api/v1/units", headers=bearer(personas.office))

    assert response.status_code == 200
    assert codes(response) == ["CAH-QN", "CAQB", "PH10", "PX03"]


def test_a_unit_officers_token_lists_only_its_room(client, personas):
    response = client.get("/api/v1/units", headers=bearer(personas.unit_officer))

    assert codes(response) == ["PX03"]


def test_the_outsiders_token_lists_only_its_own_province(client, personas):
    response = client.get("/api/v1/units", headers=bearer(personas.outsider))

    assert codes(response) == ["CAHY", "PX03"]


@pytest.mark.parametrize(
    "header",
    [
        "Bearer td_not-a-real-key",
        "Bearer ",
        "Bearer " + "x" * 10_000,
        "Basic b2ZmaWNlOm1hdGtoYXUtZGVtby0yMDI1",
    ],
)
def test_an_invalid_token_is_refused_with_401(client, personas, header):
    response = client.get("/api/v1/units", headers={"Authorization": header})

    assert response.status_code == 401
    assert response.json() == UNAUTHENTICATED
    assert response["WWW-Authenticate"] == 'Bearer realm="thidua"'


def test_no_credentials_is_401(client, db):
    assert client.get("/api/v1/units").status_code == 401
    assert client.post("/api/v1/units", {}, content_type="application/json").status_code == 401


def test_a_revoked_token_is_refused(client, personas):
    headers = bearer(personas.office)
    ApiToken.objects.filter(user=personas.office).update(revoked=True)

    response = client.get("/api/v1/units", headers=headers)

    assert response.status_code == 401
    assert response.json() == UNAUTHENTICATED


def test_the_token_of_a_deactivated_user_is_refused(client, personas):
    headers = bearer(personas.office)
    personas.office.is_active = False
    personas.office.save()

    assert client.get("/api/v1/units", headers=headers).status_code == 401


def test_a_bad_token_is_refused_even_beside_a_valid_session(client, personas):
    client.force_login(personas.office)

    response = client.get("/api/v1/units", headers={"Authorization": "Bearer td_wrong"})

    assert response.status_code == 401


def test_last_used_is_written_at_most_once_a_minute(client, personas):
    token, raw = services.issue_api_token(personas.office, name="k", by=personas.office)
    headers = {"Authorization": f"Bearer {raw}"}

    client.get("/api/v1/me", headers=headers)
    token.refresh_from_db()
    first = token.last_used_at
    client.get("/api/v1/me", headers=headers)
    token.refresh_from_db()
    unchanged = token.last_used_at
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=first - datetime.timedelta(minutes=2))
    client.get("/api/v1/me", headers=headers)
    token.refresh_from_db()

    assert first is not None
    assert unchanged == first
    assert token.last_used_at > first - datetime.timedelta(seconds=1)
    assert timezone.now() - token.last_used_at < datetime.timedelta(minutes=1)


def test_a_logged_in_browser_can_read_with_its_session(client, personas):
    client.force_login(personas.unit_officer)

    response = client.get("/api/v1/units")

    assert response.status_code == 200
    assert codes(response) == ["PX03"]


def test_a_session_write_without_csrf_is_refused(personas, org):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(personas.unit_officer)

    response = browser.put(
        f"/api/v1/units/{org.px03.pk}/ratings/2024", {"rating": "HTTNV"}, content_type="application/json"
    )

    assert response.status_code == 403
    assert response.json() == {"detail": "Thiếu hoặc sai mã CSRF: hãy tải lại trang rồi thử lại."}
    assert org.px03.ratings.count() == 0


def test_a_session_write_with_csrf_succeeds(personas, org):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(personas.unit_officer)
    browser.get("/api/v1/docs")  # sets the CSRF cookie, as any page of the site does
    csrf = browser.cookies["csrftoken"].value

    response = browser.put(
        f"/api/v1/units/{org.px03.pk}/ratings/2024",
        {"rating": "HTTNV"},
        content_type="application/json",
        headers={"X-CSRFToken": csrf},
    )

    assert response.status_code == 200
    assert response.json() == {"year": 2024, "rating": "HTTNV"}


def test_a_token_write_needs_no_csrf(personas, org):
    browser = Client(enforce_csrf_checks=True)

    response = browser.put(
        f"/api/v1/units/{org.px03.pk}/ratings/2024",
        {"rating": "HTTNV"},
        content_type="application/json",
        headers=bearer(personas.unit_officer),
    )

    assert response.status_code == 200


def test_me_names_the_user_and_its_scoped_roles(client, personas, org):
    response = client.get("/api/v1/me", headers=bearer(personas.commander))

    assert response.status_code == 200
    assert response.json() == {
        "username": "commander",
        "full_name": "",
        "is_admin": False,
        "person": org.people.an.pk,
        "roles": [
            {
                "role": "commander",
                "label": "Thủ trưởng đơn vị",
                "unit": {"id": org.px03.pk, "code": "PX03", "name": "Phòng Công tác đảng và công tác chính trị"},
            }
        ],
    }


def test_a_session_still_works_behind_a_proxy_that_sends_basic_auth(client, personas):
    client.force_login(personas.unit_officer)

    response = client.get("/api/v1/units", headers={"Authorization": "Basic cHJveHk6cHJveHk="})

    assert response.status_code == 200


def test_a_path_under_the_api_that_names_no_operation_is_the_apis_json_404(client, personas):
    response = client.get("/api/v1/no-such-thing/42", headers=bearer(personas.office))

    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"detail": "Không tìm thấy hoặc nằm ngoài phạm vi của bạn."}
