"""The news API: list of published articles, detail, generate, update, publish; 404 outside scope,
403 for read-only roles."""

import pytest

from api.tests import bearer
from news import services as news_services
from news.models import Article
from voting.tests.conftest import xdll  # noqa: F401  (fixture)

JSON = "application/json"


@pytest.fixture
def draft(xdll, personas):  # noqa: F811
    return news_services.create_draft_from_conference(xdll.conference, by=personas.office)


def test_the_office_generates_updates_and_publishes_through_the_api(client, xdll, personas):  # noqa: F811
    auth = bearer(personas.office)
    response = client.post("/api/v1/news/generate", {"conference": xdll.conference.pk}, content_type=JSON, headers=auth)
    assert response.status_code == 201
    data = response.json()
    assert (data["status"], data["block"], data["year"]) == ("draft", xdll.block.pk, 2018)
    assert "Dự và chủ trì hội nghị có Đại tá Nguyễn Quốc Tường – Phó Giám đốc Công an tỉnh." in data["body"]
    pk = data["id"]
    response = client.patch(
        f"/api/v1/news/{pk}", {"title": "Tin mới", "body": "Một.\n\nHai."}, content_type=JSON, headers=auth
    )
    assert (response.status_code, response.json()["title"]) == (200, "Tin mới")
    response = client.post(f"/api/v1/news/{pk}/publish", {}, content_type=JSON, headers=auth)
    assert (response.status_code, response.json()["status"]) == (200, "published")
    response = client.post(f"/api/v1/news/{pk}/publish", {}, content_type=JSON, headers=auth)
    assert response.status_code == 422
    listed = client.get("/api/v1/news", headers=bearer(personas.outsider)).json()
    assert [a["id"] for a in listed["items"]] == [pk]


def test_outsiders_get_404_and_read_only_roles_403(client, draft, xdll, personas):  # noqa: F811
    outsider = bearer(personas.outsider)
    assert client.get(f"/api/v1/news/{draft.pk}", headers=outsider).status_code == 404
    assert (
        client.patch(
            f"/api/v1/news/{draft.pk}", {"title": "x", "body": "y"}, content_type=JSON, headers=outsider
        ).status_code
        == 404
    )
    assert (
        client.post(
            "/api/v1/news/generate", {"conference": xdll.conference.pk}, content_type=JSON, headers=outsider
        ).status_code
        == 404
    )
    council = bearer(personas.council)
    assert client.get(f"/api/v1/news/{draft.pk}", headers=council).status_code == 200
    assert client.post(f"/api/v1/news/{draft.pk}/publish", {}, content_type=JSON, headers=council).status_code == 403
    assert (
        client.post(
            "/api/v1/news/generate", {"conference": xdll.conference.pk}, content_type=JSON, headers=council
        ).status_code
        == 403
    )
    assert Article.objects.get().status == "draft"
