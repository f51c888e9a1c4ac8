import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEvent
from conftest import client_for
from organisation import services
from organisation.models import Assignment, Person


def text(response):
    return re.sub(r"\s+", " ", response.content.decode())


def test_login_page_is_vietnamese(client, db):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    assert "Đăng nhập" in text(response)
    assert 'lang="vi"' in text(response)


def test_anonymous_users_are_sent_to_login(client, db):
    response = client.get(reverse("organisation:person_list"))
    assert (response.status_code, response["Location"]) == (302, "/login/?next=/people/")


def test_home_lists_the_users_roles_and_scope(client, personas, org):
    client.force_login(personas.commander)
    page = text(client.get(reverse("organisation:home")))
    assert "Thủ trưởng đơn vị" in page
    assert "PX03 – Phòng Công tác đảng và công tác chính trị" in page
    assert "Nguyễn Văn An" in page  # the commander's own record


def test_searching_the_tree_by_code_finds_only_units_in_scope(client, personas, org):
    client.force_login(personas.office)
    page = text(client.get(reverse("organisation:unit_tree"), {"q": "px03"}))
    assert page.count(f'href="/units/{org.px03.pk}/"') == 2
    assert f"/units/{org.hy_px03.pk}/" not in page
    assert "Bộ Công an › Công an tỉnh Quảng Bình" in page


def test_searching_by_name_ignores_tone_marks(client, personas, org):
    client.force_login(personas.office)
    page = text(client.get(reverse("organisation:unit_tree"), {"q": "hau can"}))
    assert re.findall(r'<td><a href="/units/\d+/">([A-Z0-9-]+)</a></td>', page) == ["PH10"]


def test_the_tree_search_hides_dissolved_units_unless_asked(client, personas, org):
    client.force_login(personas.office)
    assert "CAH-QN" not in text(client.get(reverse("organisation:unit_tree"), {"q": "Quảng Ninh"}))
    assert "CAH-QN" in text(client.get(reverse("organisation:unit_tree"), {"q": "Quảng Ninh", "ended": "1"}))


def test_tree_children_fragment_lists_active_children(client, personas, org):
    client.force_login(personas.office)
    page = text(client.get(reverse("organisation:unit_children", args=[org.caqb.pk]), HTTP_HX_REQUEST="true"))
    assert re.findall(r'class="font-monospace fw-bold text-danger-emphasis">([^<]+)<', page) == ["PH10", "PX03"]
    assert "<html" not in page


def test_unit_page_shows_members_children_and_lineage(client, personas, org):
    client.force_login(personas.office)
    page = text(client.get(reverse("organisation:unit_detail", args=[org.px03.pk])))
    assert "Nguyễn Văn An" in page and "Trần Thị Bình" in page and "Lê Văn Cường" in page
    assert "Phạm Quốc Dũng" not in page
    assert "CAQB-PX03" in page
    page = text(client.get(reverse("organisation:unit_detail", args=[org.caqb.pk])))
    assert "Phòng Hậu cần" in page and "31/12/1969" not in page
    assert "01/01/1990 – 28/02/2025" in page


@pytest.mark.parametrize("persona,status", [("outsider", 404), ("leader", 200), ("officer", 200)])
def test_unit_page_access(client, personas, org, persona, status):
    client.force_login(getattr(personas, persona))
    assert client.get(reverse("organisation:unit_detail", args=[org.px03.pk])).status_code == status


@pytest.mark.parametrize("persona,status", [("outsider", 404), ("leader", 403), ("council", 403), ("office", 200)])
def test_unit_edit_access(client, personas, org, persona, status):
    client.force_login(getattr(personas, persona))
    response = client.get(reverse("organisation:unit_edit", args=[org.px03.pk]))
    assert response.status_code == status
    if status == 403:
        assert "chỉ được xem" in text(response)


def test_editing_a_units_name_records_a_rename_with_its_date(client, personas, org):
    client.force_login(personas.office)
    response = client.post(
        reverse("organisation:unit_edit", args=[org.ph10.pk]),
        {
            "code": "PH10",
            "name": "Phòng Hậu cần – Kỹ thuật",
            "short_name": "PHCKT",
            "kind": "room",
            "valid_from": "",
            "valid_to": "",
            "change_date": "01/03/2025",
            "basis": "QĐ 45/QĐ-BCA",
        },
    )
    assert response.status_code == 302
    org.ph10.refresh_from_db()
    assert (org.ph10.name, org.ph10.short_name) == ("Phòng Hậu cần – Kỹ thuật", "PHCKT")
    change = org.ph10.changes.get()
    assert (change.date, change.old_value, change.basis) == (datetime.date(2025, 3, 1), "Phòng Hậu cần", "QĐ 45/QĐ-BCA")


def test_people_list_filters_and_stays_in_scope(client, personas, org):
    client.force_login(personas.office)
    page = text(client.get(reverse("organisation:person_list"), {"unit": org.px03.pk, "sex": "F"}))
    assert "Trần Thị Bình" in page
    assert "Nguyễn Văn An" not in page and "Đỗ Thị Hoa" not in page
    assert "1 cán bộ" in page


def test_people_list_search_by_name_without_tone_marks(client, personas, org):
    client.force_login(personas.office)
    page = text(client.get(reverse("organisation:person_list"), {"q": "pham quoc"}))
    assert "Phạm Quốc Dũng" in page and "Trần Thị Bình" not in page


def test_people_list_query_count_does_not_grow_with_rows(client, personas, org):
    client.force_login(personas.office)

    def count(n_extra):
        for i in range(n_extra):
            services.create_person(
                by=None,
                unit=org.ph10,
                start=datetime.date(2020, 1, 1),
                ident=f"QBX{n_extra}{i}",
                full_name=f"Cán bộ {i}",
                sex="M",
            )
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(reverse("organisation:person_list"), {"unit": org.ph10.pk})
        assert response.status_code == 200
        return len(ctx.captured_queries)

    assert count(0) == count(2)


def test_person_page_shows_assignments_and_ratings(client, personas, org):
    client.force_login(personas.unit_officer)
    page = text(client.get(reverse("organisation:person_detail", args=[org.people.binh.pk])))
    assert "Đại úy Trần Thị Bình" in page
    assert "01/09/2010" in page
    assert re.findall(r"<td>(20\d\d)</td><td><abbr[^>]*>(\w+)</abbr>", page) == [
        ("2024", "HTXSNV"),
        ("2023", "HTXSNV"),
        ("2022", "HTTNV"),
    ]


@pytest.mark.parametrize("persona,status", [("outsider", 404), ("officer", 404), ("leader", 200), ("office", 200)])
def test_person_page_access(client, personas, org, persona, status):
    client.force_login(getattr(personas, persona))
    assert client.get(reverse("organisation:person_detail", args=[org.people.binh.pk])).status_code == status


def test_a_transfer_through_the_ui(client, personas, org):
    client.force_login(personas.office)
    response = client.post(
        reverse("organisation:person_transfer", args=[org.people.cuong.pk]),
        {"unit_ref": "caqb-ph10", "start": "01/02/2025", "position": "Cán bộ", "basis": "QĐ 7"},
    )
    assert response.status_code == 302
    assert list(
        Assignment.objects.filter(person=org.people.cuong).order_by("start").values_list("unit__code", "end")
    ) == [("PX03", datetime.date(2025, 1, 31)), ("PH10", None)]


def test_a_transfer_outside_the_users_scope_is_refused_in_vietnamese(client, personas, org):
    client.force_login(personas.unit_officer)
    response = client.post(
        reverse("organisation:person_transfer", args=[org.people.cuong.pk]),
        {"unit_ref": "CAQB-PH10", "start": "01/02/2025"},
        follow=True,
    )
    assert "Không tìm thấy đơn vị có mã định danh “CAQB-PH10” trong phạm vi bạn quản lý." in text(response)
    assert Person.objects.get(pk=org.people.cuong.pk).unit_id == org.px03.pk


def test_a_read_only_role_cannot_post_a_rating(client, personas, org):
    client.force_login(personas.leader)
    response = client.post(
        reverse("organisation:person_rating", args=[org.people.binh.pk]), {"year": 2025, "rating": "HTNV"}
    )
    assert response.status_code == 403
    assert not org.people.binh.ratings.filter(year=2025).exists()


def test_rating_through_the_ui_is_audited(client, personas, org):
    client.force_login(personas.commander)
    client.post(reverse("organisation:person_rating", args=[org.people.binh.pk]), {"year": 2025, "rating": "HTNV"})
    assert org.people.binh.ratings.get(year=2025).rating == "HTNV"
    assert AuditEvent.objects.filter(actor=personas.commander, object_id=str(org.people.binh.pk)).count() == 1


def test_english_can_be_chosen(client, personas, org):
    client.force_login(personas.office)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    page = text(client.get(reverse("organisation:unit_tree")))
    assert "Unit tree" in page
    assert 'lang="en"' in page


def test_pages_send_a_strict_content_security_policy(client, personas, org):
    client.force_login(personas.office)
    response = client.get(reverse("organisation:home"))
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert "<script>" not in response.content.decode()
    assert "cdn" not in response.content.decode().lower()


def test_an_english_browser_still_gets_vietnamese_until_the_user_switches(client, db):
    page = text(client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9"))
    assert 'lang="vi"' in page and "Đăng nhập" in page


def test_editing_a_person_in_the_ui_audits_the_changed_fields(client, personas, org):
    client.force_login(personas.office)
    person = org.people.cuong
    response = client.post(
        reverse("organisation:person_edit", args=[person.pk]),
        {
            "full_name": "Lê Văn Cường",
            "birth_date": "17/05/1985",
            "sex": "M",
            "rank": "thieu_ta",
            "position": "Phó Trưởng phòng",
            "service_start": "01/09/2010",
        },
    )
    assert response.status_code == 302
    event = AuditEvent.objects.filter(object_id=str(person.pk), action="update").get()
    assert event.changes == {"rank": ["dai_uy", "thieu_ta"], "position": ["Cán bộ", "Phó Trưởng phòng"]}


def test_ids_in_templates_are_never_grouped_but_counts_are(db):
    from django.template import Context, Template

    rendered = Template('{% load humanize %}<tr id="node-{{ pk }}">{{ n|intcomma }} {{ x }}</tr>').render(
        Context({"pk": 1144, "n": 400000, "x": 2.5})
    )
    assert rendered == '<tr id="node-1144">400.000 2,5</tr>'


@pytest.mark.parametrize("today, year", [(datetime.date(2026, 12, 7), 2026), (datetime.date(2026, 3, 15), 2025)])
def test_the_rating_form_opens_on_the_year_under_review(client, personas, org, monkeypatch, today, year):
    monkeypatch.setattr(timezone, "localdate", lambda *args: today)
    response = client_for(client, personas.office).get(reverse("organisation:person_detail", args=[org.people.binh.pk]))
    assert response.context["rating_form"]["year"].value() == year
