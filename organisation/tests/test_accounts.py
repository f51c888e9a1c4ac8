"""Users and role grants managed outside the Django admin (issue 15): the audited services ``create_user``,
``update_user``, ``grant_role``, ``revoke_grant`` and the access rule of ``organisation.permissions``: a holder
of the ADMIN role over a unit manages the users whose every grant lies in that subtree and grants only inside
it; a superuser manages everyone; nobody grants wider than their own admin scope or removes their own last
admin grant."""

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from audit.models import AuditEvent
from organisation import permissions, services
from organisation.models import Role, RoleGrant, Unit, User
from organisation.services import FieldRefused, IdentifierTaken


@pytest.fixture
def qb_admin(org, django_user_model):
    """The ADMIN of Công an tỉnh Quảng Bình (not a superuser)."""
    user = django_user_model.objects.create_user(username="qb_admin", password="x")
    RoleGrant.objects.create(user=user, role=Role.ADMIN, unit=org.caqb)
    return user


def names(users):
    return sorted(u.username for u in users)


def test_a_unit_admin_manages_exactly_the_non_staff_users_whose_every_grant_lies_in_their_subtree(
    org, personas, qb_admin
):
    both = User.objects.create_user(username="both", password="x")
    RoleGrant.objects.create(user=both, role=Role.LEADER, unit=org.px03)
    RoleGrant.objects.create(user=both, role=Role.LEADER, unit=org.cahy)
    User.objects.create_user(username="new_unlinked")
    User.objects.create_user(username="new_hy", person=org.people.hoa)
    User.objects.create_user(username="new_qb", person=org.people.dung)
    User.objects.create_user(username="staff_qb", is_staff=True)

    assert names(permissions.manageable_users(qb_admin)) == [
        "commander",
        "council",
        "leader",
        "new_qb",
        "new_unlinked",
        "office",
        "officer",
        "qb_admin",
        "unit_officer",
    ]
    assert permissions.manageable_users(personas.admin).count() == User.objects.count() == 14
    assert list(permissions.manageable_users(personas.office)) == []


def test_another_user_is_a_404_and_ones_own_account_is_read_only_without_admin_role(org, personas, qb_admin):
    with pytest.raises(Http404):
        permissions.get_user_for_manager(qb_admin, personas.outsider.pk)
    with pytest.raises(Http404):
        permissions.get_user_for_manager(qb_admin, personas.admin.pk)
    with pytest.raises(Http404):
        permissions.get_user_for_manager(personas.office, personas.unit_officer.pk)
    with pytest.raises(PermissionDenied):
        permissions.get_user_for_manager(personas.office, personas.office.pk, write=True)

    assert permissions.get_user_for_manager(personas.office, personas.office.pk) == personas.office
    assert permissions.get_user_for_manager(qb_admin, personas.unit_officer.pk, write=True) == personas.unit_officer
    assert permissions.get_user_for_manager(personas.admin, personas.outsider.pk, write=True) == personas.outsider


def test_a_grant_inside_the_admin_scope_is_written_and_audited(org, personas, qb_admin):
    grant = services.grant_role(personas.council, Role.COMMANDER, org.ph10, by=qb_admin)

    assert (grant.user, grant.role, grant.unit) == (personas.council, "commander", org.ph10)
    event = AuditEvent.objects.get(object_type="organisation.rolegrant", object_id=str(grant.pk))
    assert (event.action, event.actor, event.changes) == (
        "create",
        qb_admin,
        {"user": [None, personas.council.pk], "role": [None, "commander"], "unit": [None, org.ph10.pk]},
    )


@pytest.mark.parametrize(("role", "where"), [(Role.UNIT_OFFICER, "cahy"), (Role.ADMIN, "bca")])
def test_nobody_grants_wider_than_their_own_admin_scope(org, personas, qb_admin, role, where):
    unit = getattr(org, where)

    with pytest.raises(FieldRefused) as refused:
        services.grant_role(personas.council, role, unit, by=qb_admin)

    assert refused.value.field == "unit"
    assert str(refused.value) == (
        f"unit: Đơn vị {unit} nằm ngoài phạm vi quản trị của bạn; chỉ được phân quyền trong phạm vi đó."
    )
    assert personas.council.grants.count() == 1


def test_the_same_grant_twice_is_refused_naming_the_role(org, personas):
    with pytest.raises(FieldRefused) as refused:
        services.grant_role(personas.office, Role.EMULATION_OFFICE, org.caqb, by=personas.admin)

    assert str(refused.value) == f"role: Người dùng đã có vai trò này tại đơn vị {org.caqb}."


def test_a_superuser_grants_anywhere(org, personas):
    grant = services.grant_role(personas.office, Role.ADMIN, org.bca, by=personas.admin)

    assert RoleGrant.objects.filter(pk=grant.pk, unit=org.bca, role="admin").exists()


def test_an_admin_cannot_remove_their_own_last_admin_grant_but_may_remove_one_of_two(org, qb_admin):
    only = qb_admin.grants.get()

    with pytest.raises(FieldRefused) as refused:
        services.revoke_grant(only, by=qb_admin)
    second = services.grant_role(qb_admin, Role.ADMIN, org.px03, by=qb_admin)
    second_id = second.pk
    services.revoke_grant(second, by=qb_admin)

    assert str(refused.value) == "role: Không thể xoá quyền quản trị cuối cùng của chính bạn."
    assert list(qb_admin.grants.values_list("role", "unit")) == [("admin", org.caqb.pk)]
    event = AuditEvent.objects.get(object_type="organisation.rolegrant", action="delete")
    assert (event.object_id, event.actor, event.changes) == (
        str(second_id),
        qb_admin,
        {"user": [qb_admin.pk, None], "role": ["admin", None], "unit": [org.px03.pk, None]},
    )


def test_revoking_a_grant_outside_the_scope_is_refused(org, personas, qb_admin):
    theirs = personas.outsider.grants.get()

    with pytest.raises(FieldRefused) as refused:
        services.revoke_grant(theirs, by=qb_admin)

    assert refused.value.field == "unit"
    assert RoleGrant.objects.filter(pk=theirs.pk).exists()


def test_create_user_checks_the_password_with_djangos_validators(org, qb_admin):
    with pytest.raises(FieldRefused) as refused:
        services.create_user(by=qb_admin, username="moi", password="123")

    assert str(refused.value) == "password: Mật khẩu quá ngắn: cần ít nhất 8 ký tự. Mật khẩu này quá phổ biến."
    assert not User.objects.filter(username="moi").exists()


def test_create_user_stores_a_usable_password_and_audits_without_it(org, qb_admin):
    user = services.create_user(
        by=qb_admin,
        username="tdkt_px03",
        password="Khen-thuong-2025!",
        first_name="Lan",
        last_name="Võ Thị",
        email="lan@example.vn",
        person=org.people.binh,
    )

    user.refresh_from_db()
    assert user.check_password("Khen-thuong-2025!") is True
    assert (user.person, user.is_active, user.is_superuser) == (org.people.binh, True, False)
    event = AuditEvent.objects.get(object_type="organisation.user", object_id=str(user.pk))
    assert (event.action, event.actor) == ("create", qb_admin)
    assert event.changes == {
        "username": "tdkt_px03",
        "first_name": "Lan",
        "last_name": "Võ Thị",
        "email": "lan@example.vn",
        "is_active": True,
        "person": org.people.binh.pk,
        "password": "***",
    }
    assert "md5$" not in str(event.changes)


def test_create_user_without_password_cannot_sign_in_with_one(org, qb_admin):
    user = services.create_user(by=qb_admin, username="chua_mat_khau")

    assert user.has_usable_password() is False


def test_a_username_taken_in_another_case_is_refused(org, personas, qb_admin):
    with pytest.raises(IdentifierTaken) as taken:
        services.create_user(by=qb_admin, username="OFFICE")

    assert str(taken.value) == "Tên đăng nhập OFFICE đã được dùng."


def test_a_person_outside_the_scope_or_already_linked_is_refused(org, personas, qb_admin):
    with pytest.raises(FieldRefused) as outside:
        services.create_user(by=qb_admin, username="hy", person=org.people.hoa)
    with pytest.raises(FieldRefused) as linked:
        services.update_user(personas.office, by=qb_admin, person=org.people.an)

    assert str(outside.value) == f"person: Cán bộ {org.people.hoa} nằm ngoài phạm vi quản trị của bạn."
    assert str(linked.value) == f"person: Cán bộ {org.people.an} đã có tài khoản đăng nhập khác."


def test_update_user_changes_fields_and_password_and_audits_only_the_change(org, personas, qb_admin):
    services.update_user(personas.office, by=qb_admin, first_name="Hà", is_active=False, password="Thi-dua-2025-moi")

    personas.office.refresh_from_db()
    assert (personas.office.first_name, personas.office.is_active) == ("Hà", False)
    assert personas.office.check_password("Thi-dua-2025-moi") is True
    event = AuditEvent.objects.get(object_type="organisation.user", object_id=str(personas.office.pk))
    assert event.changes == {"first_name": ["", "Hà"], "is_active": [True, False], "password": ["***", "***"]}


def test_an_admin_cannot_deactivate_their_own_account(org, qb_admin):
    with pytest.raises(FieldRefused) as refused:
        services.update_user(qb_admin, by=qb_admin, is_active=False)

    assert str(refused.value) == "is_active: Bạn không thể tự khoá tài khoản của mình."
    qb_admin.refresh_from_db()
    assert qb_admin.is_active is True


def test_the_django_admin_lets_a_superuser_create_a_root_unit(client, personas):
    """There is no unit creation page; a root unit (no parent) is made in the Django admin, by a superuser."""
    client.force_login(personas.admin)

    response = client.post(
        "/admin/organisation/unit/add/",
        {"ref": "UBND-QB", "code": "UBND-QB", "name": "UBND tỉnh Quảng Bình", "kind": "local_government"},
    )

    unit = Unit.objects.get(ref="UBND-QB")
    assert response.status_code == 302
    assert (unit.parent, unit.path, unit.depth) == (None, f"/{unit.pk}/", 0)
