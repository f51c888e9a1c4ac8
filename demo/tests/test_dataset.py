import datetime

import pytest

from demo.dataset import organisation as dataset
from organisation.models import Assignment, Person, PersonRating, Unit, UnitRating, UnitSuccession
from organisation.text import fold

SMALL = {"units": 60, "people": 500, "years": 2, "seed": 7}


def quiet(_line):
    pass


def kinds() -> dict[str, int]:
    return {
        kind: Unit.objects.filter(kind=kind).count()
        for kind in sorted(set(Unit.objects.values_list("kind", flat=True)))
    }


def test_the_full_size_has_the_national_shape():
    sizes = dataset.plan_sizes(5000)
    assert sizes == {
        "ministry": 1,
        "department": 40,
        "province": 34,
        "dept_room": 300,
        "province_room": 850,
        "district": 150,
        "old_commune": 300,
        "commune": 3100,
        "team": 225,
    }
    assert sum(sizes.values()) == 5000


def test_a_small_dataset_has_exactly_the_units_people_and_ratings_asked_for(db):
    counts = dataset.generate(**SMALL, progress=quiet)

    assert kinds() == {
        "commune": 42,
        "department": 1,
        "district": 1,
        "ministry": 1,
        "province": 1,
        "room": 12,
        "team": 2,
    }
    assert Unit.objects.count() == 60
    assert Person.objects.count() == 500
    assert Assignment.objects.filter(end__isnull=True).count() == 500
    assert PersonRating.objects.count() == 500 * 2
    assert sorted(set(PersonRating.objects.values_list("year", flat=True))) == [2024, 2025]
    assert UnitSuccession.objects.count() == 3
    assert {k: counts[k] for k in ("units", "people", "person_ratings")} == {
        "units": 60,
        "people": 500,
        "person_ratings": 1000,
    }
    assert counts["assignments"] == Assignment.objects.count()
    assert counts["unit_ratings"] == UnitRating.objects.count()


def test_every_path_follows_the_parent_chain_and_gives_the_depth(db):
    dataset.generate(**SMALL, progress=quiet)
    units = {u.pk: u for u in Unit.objects.all()}

    wrong = []
    for unit in units.values():
        chain, node = [], unit
        while node is not None:
            chain.insert(0, node.pk)
            node = units.get(node.parent_id)
        if unit.path != "/" + "".join(f"{pk}/" for pk in chain) or unit.depth != len(chain) - 1:
            wrong.append(unit.ref)
    assert wrong == []
    assert max(u.depth for u in units.values()) == 3


def test_names_are_folded_for_search(db):
    dataset.generate(**SMALL, progress=quiet)

    assert [u.ref for u in Unit.objects.all() if u.name_folded != fold(u.name)] == []
    assert [p.ident for p in Person.objects.all() if p.name_folded != fold(p.full_name)] == []


def test_history_is_consistent(db):
    dataset.generate(**SMALL, progress=quiet)

    closed = list(Assignment.objects.filter(end__isnull=False).select_related("unit"))
    current = {a.person_id: a for a in Assignment.objects.filter(end__isnull=True).select_related("unit")}
    assert [a.pk for a in closed if a.end != current[a.person_id].start - datetime.timedelta(days=1)] == []
    assert [p.ident for p in Person.objects.all() if p.unit_id != current[p.pk].unit_id] == []
    new_communes = Unit.objects.filter(kind=Unit.Kind.COMMUNE, valid_from=dataset.COMMUNES_START)
    assert Assignment.objects.filter(unit__in=new_communes, start__lt=dataset.COMMUNES_START).count() == 0
    ended = Unit.objects.filter(valid_to__isnull=False)
    assert Assignment.objects.filter(unit__in=ended, end__isnull=True).count() == 0


def test_it_refuses_an_organisation_that_is_not_empty_unless_asked_to_reset(db):
    dataset.generate(**SMALL, progress=quiet)
    first = list(Person.objects.order_by("pk").values_list("full_name", flat=True)[:20])

    with pytest.raises(dataset.DatasetError, match="not empty"):
        dataset.generate(**SMALL, progress=quiet)
    dataset.generate(**SMALL, progress=quiet, reset=True)

    assert (Unit.objects.count(), Person.objects.count()) == (60, 500)
    assert list(Person.objects.order_by("pk").values_list("full_name", flat=True)[:20]) == first
