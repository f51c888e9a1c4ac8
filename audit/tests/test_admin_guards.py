"""The admin's holes that were found, pinned: an inline role grant, the bulk deletion's cascade, the password form,
unaudited actions, other packages' admins, and the scoring records of a rubric that is no longer a draft."""

from decimal import Decimal

import pytest
from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin
from django.contrib.auth.models import Group
from django.urls import reverse

from audit.admin import AuditedModelAdmin, audit_every_admin, audited_action
from audit.models import AuditEvent
from audit.tests.test_admin_audit import form_data, form_errors, rows, url
from organisation.models import ApiToken, Role, RoleGrant, User


@pytest.fixture
def admin_client(client, personas):
    client.force_login(personas.admin)
    return client


def test_a_role_granted_inline_on_a_users_admin_page_is_audited(admin_client, personas, org):
    officer = personas.officer
    (existing,) = officer.grants.all()
    page = admin_client.get(url(User, "change", officer.pk))
    data = form_data(page, **{"grants-1-role": Role.ADMIN, "grants-1-unit": org.caqb.pk})
    response = admin_client.post(url(User, "change", officer.pk), data)
    assert response.status_code == 302, form_errors(response)

    grant = RoleGrant.objects.get(user=officer, role=Role.ADMIN)
    (event,) = rows(RoleGrant, AuditEvent.Action.CREATE, grant.pk)
    assert (event.actor, event.note) == (personas.admin, "admin")
    assert event.changes["role"] == [None, "admin"]
    assert event.changes["unit"] == [None, org.caqb.pk]
    assert event.changes["user"] == [None, officer.pk]

    # Removed again on the same page: the row's values before are recorded.
    page = admin_client.get(url(User, "change", officer.pk))
    index = 0 if page.content.decode().find(f'name="grants-0-id" value="{grant.pk}"') >= 0 else 1
    response = admin_client.post(url(User, "change", officer.pk), form_data(page, **{f"grants-{index}-DELETE": "on"}))
    assert response.status_code == 302, form_errors(response)
    assert list(officer.grants.all()) == [existing]
    (event,) = rows(RoleGrant, AuditEvent.Action.DELETE, grant.pk)
    assert event.changes["role"] == ["admin", None]


def test_deleting_users_in_bulk_audits_them_and_the_roles_deleted_with_them(admin_client, personas):
    officer, leader = personas.officer, personas.leader
    grants = list(RoleGrant.objects.filter(user__in=[officer, leader]).values_list("pk", flat=True))
    assert len(grants) == 2
    response = admin_client.post(
        url(User, "changelist"),
        {"action": "delete_selected", "_selected_action": [officer.pk, leader.pk], "post": "yes"},
    )
    assert response.status_code == 302
    assert sorted(int(e.object_id) for e in rows(User, AuditEvent.Action.DELETE)) == sorted([officer.pk, leader.pk])
    assert sorted(int(e.object_id) for e in rows(RoleGrant, AuditEvent.Action.DELETE)) == sorted(grants)


def test_the_admins_password_form_is_audited_and_the_hash_is_not_written_out(admin_client, personas):
    officer = personas.officer
    data = {"password1": "Mat-khau-moi-2026!", "password2": "Mat-khau-moi-2026!", "usable_password": "true"}
    response = admin_client.post(reverse("admin:auth_user_password_change", args=[officer.pk]), data)
    assert response.status_code == 302
    (event,) = rows(User, AuditEvent.Action.UPDATE, officer.pk)
    assert event.changes == {"password": ["***", "***"]}


def test_a_password_typed_twice_differently_changes_nothing_and_records_nothing(admin_client, personas):
    data = {"password1": "Mat-khau-moi-2026!", "password2": "khac", "usable_password": "true"}
    response = admin_client.post(reverse("admin:auth_user_password_change", args=[personas.officer.pk]), data)
    assert response.status_code == 200
    assert not rows(User, AuditEvent.Action.UPDATE).exists()


def test_a_user_saved_in_the_admin_records_that_the_password_changed_never_the_hash(admin_client, personas):
    officer = personas.officer
    page = admin_client.get(url(User, "add"))
    data = form_data(page, username="moi", password1="Mk-dai-du-2025!", password2="Mk-dai-du-2025!")
    assert admin_client.post(url(User, "add"), data).status_code == 302
    (event,) = rows(User, AuditEvent.Action.CREATE, User.objects.get(username="moi").pk)
    assert event.changes["password"] == ["***", "***"]
    assert not rows(User, AuditEvent.Action.UPDATE, officer.pk).exists()


def test_tokens_are_revoked_from_the_list_through_the_service(admin_client, personas):
    from organisation import services

    token, _raw = services.issue_api_token(personas.officer, name="máy chủ báo cáo", by=None)
    assert admin_client.post(url(ApiToken, "add"), {}).status_code == 403
    response = admin_client.post(url(ApiToken, "changelist"), {"action": "revoke", "_selected_action": [token.pk]})
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked is True
    (event,) = rows(ApiToken, AuditEvent.Action.UPDATE, token.pk)
    assert (event.actor, event.changes) == (personas.admin, {"revoked": [False, True]})


def test_an_action_that_does_not_say_it_audits_is_not_offered(rf, personas):
    def touch(modeladmin, request, queryset):
        queryset.update(name="x")

    @audited_action
    def checked(modeladmin, request, queryset):
        pass

    class GroupsAdmin(AuditedModelAdmin):
        actions = [touch, checked]

    request = rf.get("/")
    request.user = personas.admin
    assert sorted(GroupsAdmin(Group, admin.AdminSite()).get_actions(request)) == ["checked", "delete_selected"]


def test_another_packages_admin_is_put_on_the_audited_base():
    site = admin.AdminSite()
    site.register(Group, GroupAdmin)
    assert audit_every_admin(site) == ["auth.group"]
    assert isinstance(site._registry[Group], AuditedModelAdmin)
    assert isinstance(site._registry[Group], GroupAdmin)
    assert audit_every_admin(site) == []


# Scoring: what only the scoring services may change -------------------------------------------------------------


@pytest.fixture
def closed(cycle, org):
    from scoring.models import Criterion, Explanation, Rubric, Score, Sheet

    rubric = Rubric.objects.create(block=cycle.block, title="Bảng đã chốt", status=Rubric.Status.CLOSED)
    criterion = Criterion.objects.create(rubric=rubric, code="I", title="Xây dựng lực lượng", max_points=10)
    sheet = Sheet.objects.create(rubric=rubric, unit=org.px03, round="self")
    score = Score.objects.create(sheet=sheet, criterion=criterion, value=Decimal("9.5"))
    explanation = Explanation.objects.create(rubric=rubric, unit=org.px03, criterion=criterion, question="Vì sao?")
    return rubric, criterion, score, explanation


def test_a_rubrics_status_cannot_be_changed_in_the_admin(admin_client, cycle):
    from scoring.models import Rubric

    rubric = Rubric.objects.create(block=cycle.block, title="Bảng dự thảo")
    page = admin_client.get(url(Rubric, "change", rubric.pk))
    assert 'name="status"' not in page.content.decode()
    data = form_data(page, title="Bảng dự thảo (sửa)", status="closed")
    assert admin_client.post(url(Rubric, "change", rubric.pk), data).status_code == 302
    rubric.refresh_from_db()
    assert (rubric.title, rubric.status) == ("Bảng dự thảo (sửa)", "draft")
    (event,) = rows(Rubric, AuditEvent.Action.UPDATE, rubric.pk)
    assert event.changes == {"title": ["Bảng dự thảo", "Bảng dự thảo (sửa)"]}


def test_a_closed_rubrics_rules_and_criteria_are_read_only_and_it_is_not_deleted(admin_client, closed):
    from scoring.models import Rubric

    rubric, criterion, _score, _explanation = closed
    page = admin_client.get(url(Rubric, "change", rubric.pk))
    html = page.content.decode()
    assert 'name="bonus_cap"' not in html and 'name="criteria-0-max_points"' not in html
    data = form_data(page, bonus_cap="50", **{"criteria-0-max_points": "99"})
    admin_client.post(url(Rubric, "change", rubric.pk), data)
    rubric.refresh_from_db()
    criterion.refresh_from_db()
    assert (rubric.bonus_cap, criterion.max_points, rubric.status) == (Decimal(0), Decimal(10), "closed")
    assert admin_client.post(url(Rubric, "delete", rubric.pk), {"post": "yes"}).status_code == 403
    assert Rubric.objects.filter(pk=rubric.pk).exists()


def test_a_closed_rubrics_scores_and_explanations_are_neither_changed_nor_deleted(admin_client, closed):
    rubric, _criterion, score, explanation = closed
    for obj in (score, explanation):
        model = type(obj)
        assert admin_client.post(url(model, "change", obj.pk), {"value": "1"}).status_code == 403
        assert admin_client.post(url(model, "delete", obj.pk), {"post": "yes"}).status_code == 403
        bulk = {"action": "delete_selected", "_selected_action": [obj.pk], "post": "yes"}
        assert admin_client.post(url(model, "changelist"), bulk).status_code == 403
        assert model.objects.filter(pk=obj.pk).exists()
    score.refresh_from_db()
    assert score.value == Decimal("9.5")
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.DELETE).exists()


def test_making_a_user_superuser_and_adding_a_group_on_the_admin_page_is_recorded(admin_client, personas):
    officer = personas.officer
    group = Group.objects.create(name="Thường trực")
    page = admin_client.get(url(User, "change", officer.pk))
    data = form_data(page, is_superuser="on", groups=[group.pk])
    response = admin_client.post(url(User, "change", officer.pk), data)
    assert response.status_code == 302, form_errors(response)
    (event,) = rows(User, AuditEvent.Action.UPDATE, officer.pk)
    assert (event.changes["is_superuser"], event.changes["groups"]) == ([False, True], [[], [str(group.pk)]])


def test_a_job_or_an_import_under_way_is_not_deleted(admin_client, personas):
    from jobs.models import Job
    from organisation.models import ImportJob

    job = Job.objects.create(kind="report", label="Báo cáo", status=Job.Status.RUNNING)
    upload = ImportJob.objects.create(
        created_by=personas.admin, kind="people", file="imports/a.xlsx", original_name="a"
    )
    for obj in (job, upload):
        model = type(obj)
        assert admin_client.post(url(model, "delete", obj.pk), {"post": "yes"}).status_code == 403
        bulk = {"action": "delete_selected", "_selected_action": [obj.pk], "post": "yes"}
        assert admin_client.post(url(model, "changelist"), bulk).status_code == 403
        assert model.objects.filter(pk=obj.pk).exists()
