import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from organisation import permissions


def codes(qs):
    return sorted(qs.values_list("ref", flat=True))


def test_each_persona_sees_exactly_its_subtree(org, personas):
    assert codes(permissions.visible_units(personas.office)) == ["CAQB", "CAQB-PH10", "CAQB-PX03", "CAQB-QN"]
    assert codes(permissions.visible_units(personas.unit_officer)) == ["CAQB-PX03"]
    assert codes(permissions.visible_units(personas.outsider)) == ["CAHY", "CAHY-PX03"]
    assert permissions.visible_units(personas.admin).count() == 7


def test_people_visible_to_each_persona(org, personas):
    assert codes_people(personas.office) == ["QB000001", "QB000002", "QB000003", "QB000004"]
    assert codes_people(personas.unit_officer) == ["QB000001", "QB000002", "QB000003"]
    assert codes_people(personas.officer) == ["QB000003"]  # a plain officer sees only himself
    assert codes_people(personas.outsider) == ["HY000001"]


def codes_people(user):
    return sorted(permissions.visible_people(user).values_list("ident", flat=True))


def test_an_outsider_gets_404_and_a_read_only_role_gets_403(org, personas):
    with pytest.raises(Http404):
        permissions.get_person_for_user(personas.outsider, org.people.binh.pk)
    with pytest.raises(Http404):
        permissions.get_unit_for_user(personas.outsider, org.px03.pk)
    assert permissions.get_person_for_user(personas.leader, org.people.binh.pk) == org.people.binh
    with pytest.raises(PermissionDenied):
        permissions.get_person_for_user(personas.leader, org.people.binh.pk, write=True)
    with pytest.raises(PermissionDenied):
        permissions.get_unit_for_user(personas.council, org.px03.pk, write=True)


def test_a_plain_officer_reads_but_cannot_edit_his_own_record(org, personas):
    assert permissions.get_person_for_user(personas.officer, org.people.cuong.pk) == org.people.cuong
    with pytest.raises(PermissionDenied):
        permissions.get_person_for_user(personas.officer, org.people.cuong.pk, write=True)
    with pytest.raises(Http404):
        permissions.get_person_for_user(personas.officer, org.people.binh.pk)


def test_a_unit_officer_writes_inside_its_unit_only(org, personas):
    assert permissions.get_person_for_user(personas.unit_officer, org.people.binh.pk, write=True) == org.people.binh
    with pytest.raises(Http404):
        permissions.get_person_for_user(personas.unit_officer, org.people.dung.pk, write=True)


def test_grants_and_the_paths_of_one_role(org, personas, django_assert_num_queries):
    from django.contrib.auth.models import AnonymousUser

    from organisation.models import Role, RoleGrant

    RoleGrant.objects.create(user=personas.office, role=Role.COUNCIL_MEMBER, unit=org.px03)
    with django_assert_num_queries(1):  # loaded once, then read from the user
        assert sorted(permissions.grants(personas.office)) == [
            (Role.COUNCIL_MEMBER, org.px03.path),
            (Role.EMULATION_OFFICE, org.caqb.path),
        ]
        assert permissions.paths_with_role(personas.office, Role.EMULATION_OFFICE) == [org.caqb.path]
        assert permissions.paths_with_role(personas.office, Role.COUNCIL_MEMBER) == [org.px03.path]
        assert permissions.paths_with_role(personas.office, Role.ADMIN) == []
    assert permissions.grants(AnonymousUser()) == []
    assert permissions.paths_with_role(personas.unit_officer, Role.EMULATION_OFFICE) == []
