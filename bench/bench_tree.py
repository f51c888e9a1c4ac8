"""The unit tree: ``organisation.tree`` (materialised path) against the two ways peers answer
the same questions — a walk that issues one query per level, and a hand-written recursive CTE.

Figures: descendants of the largest province; ancestors of its deepest unit; its subtree on
01/04/2025 (district police gone, old communes not yet merged: validity must not prune); and the
units visible to a user with grants on two provinces and a department.

Methods: ``path`` is the project's code as the views call it (ORM); ``path_sql`` the same path
query written by hand, so that ``path_sql`` vs ``cte`` compares the strategies at equal footing
(raw SQL both) while ``path`` vs ``naive_walk`` compares ORM with ORM. All must return the same ids.
"""

import datetime

from django.db import connection

from bench.harness import compare, emit
from organisation import permissions, tree
from organisation.models import Role, RoleGrant, Unit, User

DAY = datetime.date(2025, 4, 1)
BENCH_USER = "bench.multi"
QUESTIONS = ["descendants", "ancestors", "subtree_at", "visible_units"]
METHODS = ["path", "path_sql", "naive_walk", "cte"]
PAIRS = [("path", "naive_walk"), ("path", "cte"), ("path_sql", "cte")]
FIGURES = ["tree.units", "tree.descendants.size", "tree.ancestors.depth"] + [
    f"tree.{q}.{m}{suffix}" for q in QUESTIONS for m in METHODS for suffix in ("", ".p95", ".queries")
]
RATIOS = [(f"tree.{q}.{a}", f"tree.{q}.{b}") for q in QUESTIONS for a, b in PAIRS]

_TABLE = Unit._meta.db_table
_GRANTS = RoleGrant._meta.db_table
_ACTIVE = " AND (valid_from IS NULL OR valid_from <= %s) AND (valid_to IS NULL OR valid_to >= %s)"


def _rows(sql: str, params: list) -> set[int]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return {row[0] for row in cursor.fetchall()}


# Descendants -----------------------------------------------------------------------------


def descendants_path(unit: Unit) -> set[int]:
    return set(tree.descendants(unit).values_list("id", flat=True))


def descendants_sql(unit: Unit, day: datetime.date | None = None) -> set[int]:
    sql, params = f"SELECT id FROM {_TABLE} WHERE path LIKE %s", [unit.path + "%"]
    if day is not None:
        sql += _ACTIVE
        params += [day, day]
    return _rows(sql, params)


def descendants_walk(root_ids: list[int], day: datetime.date | None = None) -> set[int]:
    """One query per level, children of the whole frontier at once; validity filtered at the end
    (a unit that had ended does not hide its children that had not)."""
    found = set(root_ids)
    rows = list(Unit.objects.filter(pk__in=root_ids).values_list("id", "valid_from", "valid_to"))
    frontier = list(root_ids)
    while frontier:
        level = list(Unit.objects.filter(parent_id__in=frontier).values_list("id", "valid_from", "valid_to"))
        rows += level
        frontier = [pk for pk, _, _ in level if pk not in found]
        found.update(frontier)
    if day is None:
        return found
    return {pk for pk, start, end in rows if (start is None or start <= day) and (end is None or end >= day)}


_CTE_DOWN = (
    f"WITH RECURSIVE sub(id) AS (SELECT id FROM {_TABLE} WHERE id = %s "
    f"UNION ALL SELECT u.id FROM {_TABLE} u JOIN sub ON u.parent_id = sub.id) "
)


def descendants_cte(unit: Unit) -> set[int]:
    return _rows(_CTE_DOWN + "SELECT id FROM sub", [unit.pk])


# Ancestors -------------------------------------------------------------------------------


def ancestors_path(unit: Unit) -> set[int]:
    return {u.pk for u in tree.ancestors(unit)}


def ancestors_sql(unit: Unit) -> set[int]:
    ids = unit.ancestor_ids
    return _rows(f"SELECT id FROM {_TABLE} WHERE id IN ({', '.join(['%s'] * len(ids))})", ids) if ids else set()


def ancestors_walk(unit: Unit) -> set[int]:
    found, parent_id = set(), unit.parent_id
    while parent_id is not None:
        found.add(parent_id)
        parent_id = Unit.objects.filter(pk=parent_id).values_list("parent_id", flat=True).get()
    return found


def ancestors_cte(unit: Unit) -> set[int]:
    sql = (
        f"WITH RECURSIVE up(id, parent_id) AS (SELECT id, parent_id FROM {_TABLE} WHERE id = %s "
        f"UNION ALL SELECT u.id, u.parent_id FROM {_TABLE} u JOIN up ON u.id = up.parent_id) "
        f"SELECT id FROM up WHERE id <> %s"
    )
    return _rows(sql, [unit.pk, unit.pk])


# Subtree at a date -----------------------------------------------------------------------


def subtree_at_path(unit: Unit) -> set[int]:
    return set(tree.subtree_at(unit, DAY).values_list("id", flat=True))


def subtree_at_cte(unit: Unit) -> set[int]:
    sql = (
        f"{_CTE_DOWN}SELECT u.id FROM sub JOIN {_TABLE} u ON u.id = sub.id "
        f"WHERE 1 = 1{_ACTIVE.replace('valid_', 'u.valid_')}"
    )
    return _rows(sql, [unit.pk, DAY, DAY])


# Visible units of a user with several grants ---------------------------------------------


def visible_path(user_id: int) -> set[int]:
    user = User.objects.get(pk=user_id)  # a fresh user each time: its grants are loaded in the figure
    return set(permissions.visible_units(user).values_list("id", flat=True))


def visible_sql(user_id: int) -> set[int]:
    User.objects.get(pk=user_id)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT u.path FROM {_GRANTS} g JOIN {_TABLE} u ON u.id = g.unit_id WHERE g.user_id = %s", [user_id]
        )
        paths = tree.outermost([row[0] for row in cursor.fetchall()])
    if not paths:
        return set()
    return _rows(
        f"SELECT id FROM {_TABLE} WHERE " + " OR ".join(["path LIKE %s"] * len(paths)), [p + "%" for p in paths]
    )


def visible_walk(user_id: int) -> set[int]:
    user = User.objects.get(pk=user_id)
    return descendants_walk(list(user.grants.values_list("unit_id", flat=True).distinct()))


def visible_cte(user_id: int) -> set[int]:
    User.objects.get(pk=user_id)
    sql = (
        f"WITH RECURSIVE sub(id) AS (SELECT unit_id FROM {_GRANTS} WHERE user_id = %s "
        f"UNION SELECT u.id FROM {_TABLE} u JOIN sub ON u.parent_id = sub.id) SELECT id FROM sub"
    )
    return _rows(sql, [user_id])


# Subjects --------------------------------------------------------------------------------


def _largest(kind: str) -> list[Unit]:
    """Units of ``kind``, largest subtree first (two queries, sizes counted in Python)."""
    paths = list(Unit.objects.values_list("path", flat=True))
    units = list(Unit.objects.filter(kind=kind))
    sizes = {u.pk: sum(1 for p in paths if p.startswith(u.path)) for u in units}
    return sorted(units, key=lambda u: (-sizes[u.pk], u.pk))


def bench_user(provinces: list[Unit], department: Unit | None) -> User:
    """A user holding roles over two provinces and a department (created once, kept)."""
    user, _ = User.objects.get_or_create(username=BENCH_USER)
    grants = [(Role.EMULATION_OFFICE, provinces[0]), (Role.LEADER, provinces[-1])]
    if department is not None:
        grants.append((Role.UNIT_OFFICER, department))
    for role, unit in grants:
        RoleGrant.objects.get_or_create(user=user, role=role, unit=unit)
    return user


def run(quick: bool = False) -> None:
    repeat = 5 if quick else 30
    provinces = _largest(Unit.Kind.PROVINCE)
    if not provinces:
        raise RuntimeError("bench_tree needs at least one province: generate a dataset first.")
    province = provinces[0]
    departments = _largest(Unit.Kind.DEPARTMENT)
    deepest = tree.descendants(province).order_by("-depth", "path").first()
    user = bench_user(provinces[:2], departments[0] if departments else None)

    emit("tree.units", Unit.objects.count(), "units")
    emit("tree.descendants.size", len(descendants_path(province)), "units")
    emit("tree.ancestors.depth", deepest.depth, "levels")
    compare(
        "tree.descendants",
        {
            "path": lambda: descendants_path(province),
            "path_sql": lambda: descendants_sql(province),
            "naive_walk": lambda: descendants_walk([province.pk]),
            "cte": lambda: descendants_cte(province),
        },
        repeat=repeat,
        subject=str(province),
        ratios=PAIRS,
    )
    compare(
        "tree.ancestors",
        {
            "path": lambda: ancestors_path(deepest),
            "path_sql": lambda: ancestors_sql(deepest),
            "naive_walk": lambda: ancestors_walk(deepest),
            "cte": lambda: ancestors_cte(deepest),
        },
        repeat=repeat * 4,
        subject=str(deepest),
        ratios=PAIRS,
    )
    compare(
        "tree.subtree_at",
        {
            "path": lambda: subtree_at_path(province),
            "path_sql": lambda: descendants_sql(province, DAY),
            "naive_walk": lambda: descendants_walk([province.pk], DAY),
            "cte": lambda: subtree_at_cte(province),
        },
        repeat=repeat,
        subject=f"{province} on {DAY:%d/%m/%Y}",
        ratios=PAIRS,
    )
    compare(
        "tree.visible_units",
        {
            "path": lambda: visible_path(user.pk),
            "path_sql": lambda: visible_sql(user.pk),
            "naive_walk": lambda: visible_walk(user.pk),
            "cte": lambda: visible_cte(user.pk),
        },
        repeat=repeat,
        subject=f"the units visible to {user.username}",
        ratios=PAIRS,
    )
