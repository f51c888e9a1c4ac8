"""Statistics: the dashboard's aggregate queries (``stats.tallies``) on ~5 million award instances,
each beside the equivalent hand-written SQL measured in the same run.

Questions (years ``LAST_YEAR - 9`` … ``LAST_YEAR``): ``year`` — the whole organisation by year;
``honour`` — one provincial police force (its subtree) by title / award form; ``block`` — a
block's ten member units by recipient (collective / individual); ``trend`` — the whole
organisation's ten-year trend (collective, individual, annulled per year).

Methods: ``orm`` is the project's path (``tallies.tally`` / ``tallies.trend``, labels included);
``sql`` is one raw query per question written by hand: a UNION ALL over the two award tables,
the scope as ``unit_id IN (units)`` for collectives and ``person_id IN (people of those units)``
for individuals (the two branches are disjoint: one holder per row). ``stats.agree`` checks that
both give the same numbers for every question.

Target (issue 8): p95 under 100 ms and at most 2× the SQL. ``stats.<q>.target`` says, honestly,
whether each is met. The data is topped up to ``FULL_TARGET`` instances first (``stats.dataset``).
"""

from django.db import connection

from awards import dataset as awards_dataset
from awards.models import FormAward, Recipient, TitleAward
from bench import harness
from bench.harness import emit, measure, ratio
from organisation import dataset
from organisation.models import Person, Unit
from stats import dataset as stats_dataset
from stats import tallies
from stats.tallies import FORM, TITLE, Scope

YEARS = (dataset.LAST_YEAR - 9, dataset.LAST_YEAR)
QUICK_TARGET = 15_000  # enough on the quick dataset to exercise the top-up path
BLOCK_SIZE = 10
TARGET_MS = 100.0
TARGET_RATIO = 2.0
QUESTIONS = ["year", "honour", "block", "trend"]
FIGURES = ["stats.instances", "stats.target_ms"] + [
    f"stats.{q}.{m}{suffix}" for q in QUESTIONS for m in ("orm", "sql") for suffix in ("", ".p95", ".queries")
]
RATIOS = [(f"stats.{q}.orm", f"stats.{q}.sql") for q in QUESTIONS]
LINES = ["BENCH stats.agree yes"]


def _line(text: str) -> None:
    harness.LINES.append(text)
    print(text, flush=True)


# The hand-written SQL ---------------------------------------------------------------------


def _instances(scope: Scope, *, annulled: bool | None = False) -> tuple[str, list]:
    """A UNION ALL of the scope's instances: (kind, honour, year, individual, annulled) per row.
    ``annulled=None``: both the counted and the annulled rows."""
    qn = connection.ops.quote_name
    person, unit = qn(Person._meta.db_table), qn(Unit._meta.db_table)
    holders: list[tuple[str, list]] = []  # (condition, params) per branch
    if scope.paths is None and scope.unit_ids is None:
        holders.append(("", []))
    elif scope.paths is not None:
        likes = " OR ".join(["u.path LIKE %s"] * len(scope.paths))
        paths = [f"{p}%" for p in scope.paths]
        holders.append((f" AND x.unit_id IN (SELECT u.id FROM {unit} u WHERE {likes})", paths))
        holders.append(
            (
                f" AND x.person_id IN (SELECT p.id FROM {person} p JOIN {unit} u ON u.id = p.unit_id WHERE {likes})",
                paths,
            )
        )
    else:
        marks = ", ".join(["%s"] * len(scope.unit_ids))
        holders.append((f" AND x.unit_id IN ({marks})", list(scope.unit_ids)))
        holders.append(
            (f" AND x.person_id IN (SELECT p.id FROM {person} p WHERE p.unit_id IN ({marks}))", list(scope.unit_ids))
        )
    parts, params = [], []
    for model, fk, kind in ((TitleAward, "title_id", TITLE), (FormAward, "award_form_id", FORM)):
        table = qn(model._meta.db_table)
        where = "x.year BETWEEN %s AND %s"
        if annulled is not None:
            where += " AND x.annulled" if annulled else " AND NOT x.annulled"
        for condition, extra in holders:
            parts.append(
                f"SELECT '{kind}' AS kind, x.{fk} AS honour, x.year AS year, "
                f"CASE WHEN x.person_id IS NULL THEN 0 ELSE 1 END AS individual, x.annulled AS annulled "
                f"FROM {table} x WHERE {where}{condition}"
            )
            params += [scope.year_from, scope.year_to, *extra]
    return " UNION ALL ".join(parts), params


def _fetch(sql: str, params: list) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def sql_by_year(scope: Scope) -> dict:
    inner, params = _instances(scope)
    return dict(_fetch(f"SELECT year, COUNT(*) FROM ({inner}) i GROUP BY year", params))


def sql_by_honour(scope: Scope) -> dict:
    inner, params = _instances(scope)
    return {(k, h): n for k, h, n in _fetch(f"SELECT kind, honour, COUNT(*) FROM ({inner}) i GROUP BY kind, honour",
                                             params)}  # fmt: skip


def sql_by_recipient(scope: Scope) -> dict:
    inner, params = _instances(scope)
    rows = _fetch(f"SELECT individual, COUNT(*) FROM ({inner}) i GROUP BY individual", params)
    return {(Recipient.INDIVIDUAL.value if ind else Recipient.COLLECTIVE.value): n for ind, n in rows}


def sql_trend(scope: Scope) -> list[dict]:
    inner, params = _instances(scope, annulled=None)
    rows = _fetch(f"SELECT year, individual, annulled, COUNT(*) FROM ({inner}) i GROUP BY year, individual, annulled",
                  params)  # fmt: skip
    ind, coll = Recipient.INDIVIDUAL.value, Recipient.COLLECTIVE.value
    grid = {y: {"year": y, coll: 0, ind: 0, "annulled": 0} for y in range(scope.year_from, scope.year_to + 1)}
    for year, individual, annulled, n in rows:
        grid[year]["annulled" if annulled else (ind if individual else coll)] += n
    for row in grid.values():
        row["total"] = row[coll] + row[ind]
    return list(grid.values())


# The project's path -------------------------------------------------------------------------


def _counts(rows) -> dict:
    return {r.key: r.count for r in rows}


def scopes() -> dict[str, Scope]:
    province = Unit.objects.filter(kind="province").order_by("pk").first() or Unit.objects.order_by("depth").first()
    members = tuple(Unit.objects.filter(kind="room").order_by("pk").values_list("pk", flat=True)[:BLOCK_SIZE]) or tuple(
        Unit.objects.exclude(depth=0).order_by("pk").values_list("pk", flat=True)[:BLOCK_SIZE]
    )
    whole = Scope(*YEARS, label="toàn lực lượng")
    return {
        "year": whole,
        "honour": Scope(*YEARS, paths=(province.path,), label=province.name),
        "block": Scope(*YEARS, unit_ids=members, label=f"khối {len(members)} đơn vị"),
        "trend": whole,
    }


METHODS = {
    "year": (lambda s: _counts(tallies.tally(s, "year")), sql_by_year),
    "honour": (lambda s: _counts(tallies.tally(s, "honour")), sql_by_honour),
    "block": (lambda s: _counts(tallies.tally(s, "recipient")), sql_by_recipient),
    "trend": (tallies.trend, sql_trend),
}


def run(quick: bool = False) -> None:
    if awards_dataset.is_empty():
        print("Generating titles, award forms, initiatives and discipline …", flush=True)
        awards_dataset.generate(progress=lambda line: print(line, flush=True))
    target = QUICK_TARGET if quick else stats_dataset.FULL_TARGET
    if stats_dataset.instances() < target:
        print(f"Topping up to {target:,} award instances …", flush=True)
        stats_dataset.top_up(target, progress=lambda line: print(line, flush=True))
    repeat = 3 if quick else 20
    emit("stats.instances", stats_dataset.instances(), "instances")
    emit("stats.target_ms", TARGET_MS, "ms")

    agree = True
    verdicts = []
    for q, scope in scopes().items():
        orm_fn, sql_fn = METHODS[q]
        print(f"  {q}: {scope.label}, {scope.year_from}–{scope.year_to}", flush=True)
        orm, by_orm = measure(f"stats.{q}.orm", lambda s=scope, f=orm_fn: f(s), repeat=repeat)
        sql, by_sql = measure(f"stats.{q}.sql", lambda s=scope, f=sql_fn: f(s), repeat=repeat)
        value = ratio(orm, sql)
        if by_orm != by_sql:
            agree = False
            print(f"  {q} disagrees: orm {by_orm!r}\n  sql {by_sql!r}", flush=True)
        fast, close = orm.p95 * 1000 < TARGET_MS, value <= TARGET_RATIO
        verdicts.append(fast and close)
        _line(
            f"BENCH stats.{q}.target {'met' if fast and close else 'missed'} "
            f"(p95 {orm.p95 * 1000:.1f} ms {'<' if fast else '≥'} {TARGET_MS:.0f} ms, "
            f"{value:.2f}× SQL {'≤' if close else '>'} {TARGET_RATIO:g}×)"
        )
    _line(f"BENCH stats.agree {'yes' if agree else 'no'}")
    _line(f"BENCH stats.target {'met' if all(verdicts) else 'missed'} ({sum(verdicts)} of {len(verdicts)} questions)")
