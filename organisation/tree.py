"""Every question about the unit tree, in one place, each at a constant number of queries.

The tree is a materialised path of ids ("/1/7/42/"): descendants are a prefix match (an
index range scan), ancestors are the ids in the path, the subtree at a date adds the validity
filter, and lineage (predecessors through merges, splits and renames) is one recursive query.
"""

import datetime
from collections.abc import Iterable

from django.db import connection
from django.db.models import Q, QuerySet

from organisation.models import Assignment, Unit, UnitSuccession

# Paths ------------------------------------------------------------------------------------


def path_ids(path: str) -> list[int]:
    """The ids on a path, from the root down: "/1/7/42/" -> [1, 7, 42]."""
    return [int(part) for part in path.strip("/").split("/") if part]


def last_id(path: str) -> int:
    """The id of the unit a path leads to: "/1/7/42/" -> 42."""
    return int(path.strip("/").rsplit("/", 1)[-1])


def ids_in_paths(paths: Iterable[str]) -> set[int]:
    """Every id on any of the paths: the units and all their ancestors."""
    return {unit_id for path in paths for unit_id in path_ids(path)}


# Queries ----------------------------------------------------------------------------------


def descendants(unit: Unit, *, include_self: bool = True, on: datetime.date | None = None) -> QuerySet:
    """All units below ``unit`` (1 query), optionally only those that existed on ``on``."""
    qs = Unit.objects.filter(path__startswith=unit.path)
    if not include_self:
        qs = qs.exclude(pk=unit.pk)
    if on is not None:
        qs = qs.active_on(on)
    return qs


def subtree_at(unit: Unit, day: datetime.date) -> QuerySet:
    """The subtree of ``unit`` as it stood on ``day``."""
    return descendants(unit, on=day)


def ancestors(unit: Unit, *, include_self: bool = False) -> list[Unit]:
    """From the root down to the parent of ``unit`` (1 query, none for a root)."""
    ids = unit.ancestor_ids + ([unit.pk] if include_self else [])
    if not ids:
        return []
    return sorted(Unit.objects.filter(pk__in=ids), key=lambda u: u.depth)


def children(unit: Unit | None, *, on: datetime.date | None = None) -> QuerySet:
    qs = Unit.objects.filter(parent=unit) if unit is not None else Unit.objects.filter(parent__isnull=True)
    if on is not None:
        qs = qs.active_on(on)
    return qs.order_by("kind", "code", "name")


def with_child_counts(units: QuerySet) -> QuerySet:
    """Annotate each unit with ``n_children`` in the same query (for expandable tree nodes)."""
    from django.db.models import Count

    return units.annotate(n_children=Count("children", distinct=True))


def subtrees_q(paths: list[str], field: str = "path") -> Q:
    """A filter matching any unit under one of ``paths`` (a never-true filter for none)."""
    if not paths:
        return Q(pk__in=[])
    query = Q()
    for path in outermost(paths):
        query |= Q(**{f"{field}__startswith": path})
    return query


def outermost(paths: Iterable[str]) -> list[str]:
    """The paths not already covered by a shorter one (shortest first), so an OR of them stays short."""
    kept: list[str] = []
    for path in sorted(set(paths), key=len):
        if not any(path.startswith(k) for k in kept):
            kept.append(path)
    return kept


def path_within(path: str, roots: list[str]) -> bool:
    return any(path.startswith(root) for root in roots)


def lineage_ids(unit: Unit) -> list[int]:
    """``unit`` and every unit it succeeded, transitively (merges, splits, renames): 1 query."""
    table = UnitSuccession._meta.db_table
    sql = (
        f"WITH RECURSIVE lineage(id) AS (SELECT CAST(%s AS bigint) UNION "
        f"SELECT s.predecessor_id FROM {table} s JOIN lineage l ON s.successor_id = l.id) "
        f"SELECT id FROM lineage"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [unit.pk])
        return sorted(row[0] for row in cursor.fetchall())


def successor_ids(unit: Unit) -> list[int]:
    """Every unit that carries on ``unit``, transitively: 1 query."""
    table = UnitSuccession._meta.db_table
    sql = (
        f"WITH RECURSIVE heirs(id) AS (SELECT CAST(%s AS bigint) UNION "
        f"SELECT s.successor_id FROM {table} s JOIN heirs h ON s.predecessor_id = h.id) "
        f"SELECT id FROM heirs WHERE id <> %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [unit.pk, unit.pk])
        return sorted(row[0] for row in cursor.fetchall())


def assignment_on(person_id: int, day: datetime.date) -> Assignment | None:
    """Where a person served on ``day``: 1 query."""
    return (
        Assignment.objects.filter(person_id=person_id, start__lte=day)
        .filter(Q(end__isnull=True) | Q(end__gte=day))
        .select_related("unit")
        .order_by("-start")
        .first()
    )
