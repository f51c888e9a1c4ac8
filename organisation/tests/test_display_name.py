"""The top bar names the person a login belongs to, read once at login (kept in the session), and the
login otherwise."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conftest import client_for

pytestmark = pytest.mark.django_db


def account_name(response) -> str:
    return re.search(r'<span class="d-none d-sm-inline" id="account-name">([^<]*)</span>', response.content.decode())[1]


def test_a_login_linked_to_a_person_shows_the_persons_name(client, personas, org):
    c = client_for(client, personas.officer)
    assert account_name(c.get(reverse("organisation:unit_tree"))) == "Lê Văn Cường"


def test_a_login_with_no_person_shows_the_login(client, personas):
    assert account_name(client_for(client, personas.office).get(reverse("organisation:unit_tree"))) == "office"


def test_the_name_costs_no_query_per_page(client, personas, org):
    c = client_for(client, personas.officer)
    with CaptureQueriesContext(connection) as queries:
        c.get(reverse("organisation:unit_tree"))
    assert [q["sql"] for q in queries if 'FROM "organisation_person"' in q["sql"]] == []


def test_signing_in_with_the_form_keeps_the_name(client, personas, org):
    personas.officer.set_password("mat-khau-2025")
    personas.officer.save()
    client.post(reverse("login"), {"username": "officer", "password": "mat-khau-2025"})
    assert account_name(client.get(reverse("organisation:unit_tree"))) == "Lê Văn Cường"
