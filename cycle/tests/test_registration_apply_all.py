"""Registering many officers (issue 14: 48 officers meant 48 dropdowns): "Áp dụng cho tất cả" sets every
officer's title at once. static/js/registration.js does it in the page; without script the button posts and
the server sets every select (nothing is saved until "Lưu đăng ký")."""

import re

from django.urls import reverse

from conftest import client_for
from cycle.models import PersonRegistration, Registration
from cycle.tests.test_registration_views import form_data, open_cycle, titles  # noqa: F401  (fixtures)


def text(response):
    return re.sub(r"\s+", " ", response.content.decode())


def test_apply_to_all_sets_every_officers_title_without_saving(client, open_cycle, org, personas, titles):  # noqa: F811
    url = reverse("cycle:registration_edit", args=[open_cycle.block.pk, org.px03.pk])
    client_for(client, personas.unit_officer)
    cstt = titles["CSTT"]

    response = client.post(url, form_data(org, titles, **{"people-all": str(cstt.pk), "apply_all": "1"}))

    assert response.status_code == 200
    form = response.context["people_form"]
    assert [form[f"p{p.pk}"].value() for p in form.officers] == [str(cstt.pk)] * 3
    page = text(response)
    assert (
        '<p class="small text-success" id="apply-all-status" role="status">Đã chọn “Chiến sĩ tiên tiến” cho 3 cán bộ. Bấm “Lưu đăng ký” để lưu.</p>'
        in page
    )
    # the three officers' selects and the "all" select, which keeps what was applied
    assert page.count(f'<option value="{cstt.pk}" selected>Chiến sĩ tiên tiến</option>') == 4
    assert Registration.objects.count() == 0  # not saved yet

    saved = client.post(url, dict(response.context["people_form"].data.lists()) | {"apply_all": []})
    assert saved.status_code == 302
    assert sorted(PersonRegistration.objects.values_list("person__ident", "title__code")) == [
        ("QB000001", "CSTT"),
        ("QB000002", "CSTT"),
        ("QB000003", "CSTT"),
    ]


def test_apply_to_all_can_clear_every_title_and_asks_for_a_choice(client, open_cycle, org, personas, titles):  # noqa: F811
    url = reverse("cycle:registration_edit", args=[open_cycle.block.pk, org.px03.pk])
    client_for(client, personas.unit_officer)

    cleared = client.post(url, form_data(org, titles, **{"people-all": "none", "apply_all": "1"}))
    missing = client.post(url, form_data(org, titles, **{"people-all": "", "apply_all": "1"}))

    form = cleared.context["people_form"]
    assert [form[f"p{p.pk}"].value() for p in form.officers] == ["", "", ""]
    assert "Đã chọn “Không đăng ký” cho 3 cán bộ." in text(cleared)
    assert (
        '<p class="small text-danger" id="apply-all-status" role="status">Hãy chọn danh hiệu để áp dụng cho tất cả cán bộ.</p>'
        in text(missing)
    )
    form = missing.context["people_form"]
    assert [form[f"p{p.pk}"].value() for p in form.officers] == ["", str(titles["CSTDCS"].pk), str(titles["CSTT"].pk)]


def test_the_page_offers_apply_to_all_with_its_script(client, open_cycle, org, personas):  # noqa: F811
    page = text(
        client_for(client, personas.unit_officer).get(
            reverse("cycle:registration_edit", args=[open_cycle.block.pk, org.px03.pk])
        )
    )

    assert '<script src="/static/js/registration.js" defer></script>' in page
    assert re.search(
        r'<button type="submit" name="apply_all" value="1" class="btn btn-outline-secondary" id="apply-all-button"[^>]*>Áp dụng cho tất cả</button>',
        page,
    )
