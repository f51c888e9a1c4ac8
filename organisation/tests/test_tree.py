import datetime

from organisation import services, tree
from organisation.models import Unit


def codes(units):
    return sorted(u.code for u in units)


def test_descendants_are_the_whole_subtree_in_one_query(org, django_assert_num_queries):
    with django_assert_num_queries(1):
        found = codes(tree.descendants(org.caqb))
    assert found == ["CAH-QN", "CAQB", "PH10", "PX03"]


def test_descendants_without_self(org):
    assert codes(tree.descendants(org.bca, include_self=False)) == ["CAH-QN", "CAHY", "CAQB", "PH10", "PX03", "PX03"]


def test_subtree_at_a_date_leaves_out_units_that_did_not_exist(org):
    assert codes(tree.subtree_at(org.caqb, datetime.date(2025, 3, 1))) == ["CAQB", "PH10", "PX03"]
    assert codes(tree.subtree_at(org.caqb, datetime.date(2025, 2, 28))) == ["CAH-QN", "CAQB", "PH10", "PX03"]


def test_ancestors_are_ordered_from_the_root_in_one_query(org, django_assert_num_queries):
    with django_assert_num_queries(1):
        found = [u.code for u in tree.ancestors(org.px03)]
    assert found == ["BCA", "CAQB"]


def test_ancestors_of_a_root_cost_nothing(org, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert tree.ancestors(org.bca) == []


def test_the_number_of_queries_does_not_grow_with_depth(org, django_assert_num_queries):
    parent = org.px03
    for level in range(6):
        parent = services.create_unit(
            by=None, ref=f"DEEP-{level}", code=f"D{level}", name=f"Tổ {level}", kind=Unit.Kind.TEAM, parent=parent
        )
    assert parent.depth == 8
    with django_assert_num_queries(1):
        assert len(tree.ancestors(parent)) == 8
    with django_assert_num_queries(1):
        assert len(list(tree.descendants(org.bca))) == 13


def test_moving_a_subtree_rewrites_every_path(org):
    team = services.create_unit(
        by=None, ref="CAQB-PX03-T1", code="T1", name="Tổ 1", kind=Unit.Kind.TEAM, parent=org.px03
    )
    services.move_unit(org.px03, org.cahy, date=datetime.date(2025, 7, 1), by=None)
    team.refresh_from_db()
    org.px03.refresh_from_db()
    assert org.px03.path == f"{org.cahy.path}{org.px03.pk}/"
    assert team.path == f"{org.cahy.path}{org.px03.pk}/{team.pk}/"
    assert (org.px03.depth, team.depth) == (2, 3)
    assert codes(tree.descendants(org.caqb)) == ["CAH-QN", "CAQB", "PH10"]


def test_a_unit_cannot_move_under_its_own_subtree(org):
    import pytest

    with pytest.raises(services.OrganisationError, match="chính nó"):
        services.move_unit(org.caqb, org.px03, date=datetime.date(2025, 1, 1), by=None)


def test_lineage_follows_merges_and_splits_transitively(org):
    day = datetime.date(2025, 7, 1)
    a = services.create_unit(by=None, ref="X-A", code="A", name="Xã A", kind=Unit.Kind.COMMUNE, parent=org.district)
    b = services.create_unit(by=None, ref="X-B", code="B", name="Xã B", kind=Unit.Kind.COMMUNE, parent=org.district)
    ab = services.create_unit(
        by=None, ref="X-AB", code="AB", name="Xã AB", kind=Unit.Kind.COMMUNE, parent=org.caqb, valid_from=day
    )
    services.merge_units([a, b], into=ab, date=day, by=None)
    north = services.create_unit(
        by=None,
        ref="X-N",
        code="N",
        name="Phường Bắc",
        kind=Unit.Kind.COMMUNE,
        parent=org.caqb,
        valid_from=datetime.date(2026, 1, 1),
    )
    services.split_unit(ab, into=[north], date=datetime.date(2026, 1, 1), by=None)

    assert tree.lineage_ids(north) == sorted([north.pk, ab.pk, a.pk, b.pk])
    assert tree.successor_ids(a) == sorted([ab.pk, north.pk])
    a.refresh_from_db()
    assert a.valid_to == datetime.date(2025, 6, 30)


def test_where_an_officer_was_on_a_date_is_one_query(org, django_assert_num_queries):
    binh = org.people.binh
    services.transfer_person(binh, org.ph10, start=datetime.date(2024, 1, 1), by=None)
    with django_assert_num_queries(1):
        assert tree.assignment_on(binh.pk, datetime.date(2023, 11, 14)).unit.code == "PX03"
    assert tree.assignment_on(binh.pk, datetime.date(2024, 1, 1)).unit.code == "PH10"
    assert tree.assignment_on(binh.pk, datetime.date(2000, 1, 1)) is None


def test_path_ids_last_id_and_ids_in_paths():
    assert tree.path_ids("/1/7/42/") == [1, 7, 42]
    assert tree.path_ids("/5/") == [5]
    assert tree.path_ids("/") == []
    assert tree.last_id("/1/7/42/") == 42
    assert tree.last_id("/5/") == 5
    assert tree.ids_in_paths(["/1/7/42/", "/1/8/", "/3/"]) == {1, 3, 7, 8, 42}
    assert tree.ids_in_paths(path for path in ()) == set()


def test_path_helpers_agree_with_the_units(org):
    assert tree.path_ids(org.px03.path) == [*org.px03.ancestor_ids, org.px03.pk]
    assert tree.last_id(org.px03.path) == org.px03.pk
    assert tree.ids_in_paths([org.px03.path, org.ph10.path]) == {org.bca.pk, org.caqb.pk, org.px03.pk, org.ph10.pk}


def test_outermost_keeps_the_paths_no_shorter_one_covers():
    assert sorted(tree.outermost(["/1/7/42/", "/1/7/", "/1/8/", "/1/7/"])) == ["/1/7/", "/1/8/"]
    assert tree.outermost(["/1/7/42/", "/1/"]) == ["/1/"]
    assert tree.outermost([]) == []
