"""The news pages: draft from a conference, edit, publish, view counts, related articles; outsiders
404, read-only roles 403. Published articles are visible to everyone logged in."""

import pytest
from django.urls import reverse

from conftest import client_for
from news import services as news_services
from news.models import Article
from voting.tests.conftest import xdll  # noqa: F401  (fixture)


@pytest.fixture
def draft(xdll, personas):  # noqa: F811
    return news_services.create_draft_from_conference(xdll.conference, by=personas.office)


def test_the_office_generates_edits_and_publishes_an_article(client, xdll, personas):  # noqa: F811
    client_for(client, personas.office)
    page = client.get(reverse("cycle:conference_detail", args=[xdll.conference.pk]))
    assert reverse("news:news_generate", args=[xdll.conference.pk]) in page.content.decode()
    response = client.post(reverse("news:news_generate", args=[xdll.conference.pk]))
    article = Article.objects.get()
    assert response.url == reverse("news:news_edit", args=[article.pk])
    assert (article.status, article.block, article.year, article.author) == ("draft", xdll.block, 2018, personas.office)
    assert article.title.startswith("Khối thi đua XDLL – TT – HCKT: Tổng kết")

    response = client.post(
        reverse("news:news_edit", args=[article.pk]), {"title": "Tin <b>mới</b>", "body": "Một.\n\nHai"}
    )
    assert response.status_code == 302
    client.post(reverse("news:news_publish", args=[article.pk]), {"action": "publish"})
    article.refresh_from_db()
    assert (article.status, article.published_at is not None) == ("published", True)

    body = client.get(reverse("news:news_detail", args=[article.pk])).content.decode()
    assert "<p>Một.</p><p>Hai</p>" in body
    assert "Tin &lt;b&gt;mới&lt;/b&gt;" in body
    client.post(reverse("news:news_publish", args=[article.pk]), {"action": "unpublish"})
    article.refresh_from_db()
    assert (article.status, article.published_at) == ("draft", None)


def test_each_view_of_a_published_article_counts_once_and_drafts_are_not_counted(client, draft, personas):
    client_for(client, personas.council)
    client.get(reverse("news:news_detail", args=[draft.pk]))
    draft.refresh_from_db()
    assert draft.view_count == 0
    news_services.publish_article(draft, by=personas.office)
    client.get(reverse("news:news_detail", args=[draft.pk]))
    response = client.get(reverse("news:news_detail", args=[draft.pk]))
    draft.refresh_from_db()
    assert draft.view_count == 2
    assert "Lượt xem: 2" in response.content.decode()


def test_related_articles_are_the_published_ones_of_the_same_block_or_year(client, draft, xdll, personas):  # noqa: F811
    same_block = news_services.create_draft_from_conference(xdll.conference, by=personas.office)
    other_year = Article.objects.create(title="Khác năm", body="x", year=2020, author=personas.office)
    same_year = Article.objects.create(title="Cùng năm", body="x", year=2018, author=personas.office)
    unpublished = Article.objects.create(title="Nháp", body="x", year=2018, author=personas.office)
    for article in (draft, same_block, other_year, same_year):
        news_services.publish_article(article, by=personas.office)
    assert list(news_services.related(draft)) == [same_year, same_block]
    assert unpublished not in news_services.related(draft)
    client_for(client, personas.officer)
    response = client.get(reverse("news:news_detail", args=[draft.pk]))
    assert list(response.context["related"]) == [same_year, same_block]


def test_the_list_shows_published_articles_newest_first(client, draft, xdll, personas):  # noqa: F811
    second = news_services.create_draft_from_conference(xdll.conference, by=personas.office)
    news_services.publish_article(draft, by=personas.office)
    news_services.publish_article(second, by=personas.office)
    Article.objects.create(title="Nháp", body="x", year=2018, author=personas.office)
    client_for(client, personas.outsider)
    response = client.get(reverse("news:news_list"))
    assert list(response.context["page"]) == [second, draft]
    assert response.context["drafts"] == []


def test_published_articles_are_visible_to_everyone_logged_in(client, draft, personas):
    news_services.publish_article(draft, by=personas.office)
    client_for(client, personas.outsider)
    assert client.get(reverse("news:news_detail", args=[draft.pk])).status_code == 200
    assert client.get(reverse("news:news_edit", args=[draft.pk])).status_code == 404
    client.logout()
    assert client.get(reverse("news:news_detail", args=[draft.pk])).status_code == 302


def test_the_outsider_gets_404_on_drafts_and_on_the_pages_of_another_provinces_block(client, draft, xdll, personas):  # noqa: F811
    client_for(client, personas.outsider)
    assert client.get(reverse("news:news_detail", args=[draft.pk])).status_code == 404
    assert client.get(reverse("news:news_edit", args=[draft.pk])).status_code == 404
    assert client.post(reverse("news:news_publish", args=[draft.pk])).status_code == 404
    assert client.post(reverse("news:news_generate", args=[xdll.conference.pk])).status_code == 404
    assert client.get(reverse("news:news_summary_docx", args=[xdll.block.pk])).status_code == 404


def test_read_only_roles_read_drafts_but_get_403_on_writes(client, draft, xdll, personas):  # noqa: F811
    for user in (personas.council, personas.leader, personas.unit_officer):
        client_for(client, user)
        assert client.get(reverse("news:news_detail", args=[draft.pk])).status_code == 200
        assert client.get(reverse("news:news_edit", args=[draft.pk])).status_code == 403
        assert client.post(reverse("news:news_edit", args=[draft.pk]), {"title": "x", "body": "y"}).status_code == 403
        assert client.post(reverse("news:news_publish", args=[draft.pk])).status_code == 403
        assert client.post(reverse("news:news_generate", args=[xdll.conference.pk])).status_code == 403
    draft.refresh_from_db()
    assert (draft.status, Article.objects.count()) == ("draft", 1)


def test_the_summary_report_downloads_for_readers_of_the_block(client, xdll, personas):  # noqa: F811
    client_for(client, personas.council)
    response = client.get(reverse("news:news_summary_docx", args=[xdll.block.pk]))
    assert (response.status_code, response.content[:2]) == (200, b"PK")


def test_every_write_is_audited(draft, personas):
    from audit.models import AuditEvent

    news_services.update_article(draft, title="Tiêu đề mới", body="Nội dung", by=personas.office)
    news_services.publish_article(draft, by=personas.office)
    events = AuditEvent.objects.filter(object_id=str(draft.pk), object_type__contains="article").order_by("pk")
    assert [(e.action, e.actor) for e in events] == [("create", personas.office)] + [("update", personas.office)] * 2
