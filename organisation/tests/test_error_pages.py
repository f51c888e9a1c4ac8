"""The login page is a centred card; 403 and 404 are the product's own pages; 500 stands alone (no
template logic, nothing that could fail again) but wears the same look."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.test import override_settings
from django.urls import reverse

from conftest import client_for

pytestmark = pytest.mark.django_db


def test_the_login_page_is_a_centred_card_with_labelled_fields(client):
    page = client.get(reverse("login")).content.decode()
    assert '<div class="row justify-content-center py-3 py-md-5">' in page
    assert '<section class="card shadow-sm" id="login">' in page
    assert re.findall(r'<label class="form-label" for="([^"]+)">', page) == ["id_username", "id_password"]


@override_settings(DEBUG=False)
def test_a_missing_page_is_the_products_own_404(client, personas):
    response = client_for(client, personas.office).get("/units/999999/")
    page = response.content.decode()
    assert (response.status_code, response.templates[0].name) == (404, "404.html")
    assert '<section class="card shadow-sm text-center" id="error-page">' in page
    assert "Không tìm thấy trang" in page


def test_the_500_page_stands_alone_with_the_products_look():
    page = (Path(settings.BASE_DIR) / "templates" / "500.html").read_text()
    assert ("{%" in page, "{{" in page, "style=" in page, "<script" in page) == (False, False, False, False)
    assert re.findall(r'<link rel="stylesheet" href="([^"]+)">', page) == [
        "/static/vendor/bootstrap/bootstrap.min.css",
        "/static/vendor/bootstrap-icons/bootstrap-icons.min.css",
        "/static/css/app.css",
    ]
    assert '<section class="card shadow-sm text-center" id="error-page">' in page
