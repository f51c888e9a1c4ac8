"""Statistics: the dashboard's aggregate queries (``stats.tallies``) on ~5 million award instances,
each beside the equivalent hand-written SQL measured in the same run.

Questions (years ``LAST_YEAR - 9`` … ``LAST_YEAR``): ``year`` — the whole organisation by year;
``honour`` — one provincial police force (its subtree) by title / award form; ``block`` — a
block's ten member units (their subtrees, as the dashboard counts a block) by recipient; ``trend`` — the whole
organisation's ten-year trend (collective, individual, annulled per year).

Methods:

- ``orm`` — the project's path, whatever it uses inside: ``tallies.tally`` / ``tallies.trend``
  over the trigger-maintained summary (``stats.summary``), labels included (the name is kept from
  when the tallies went through the ORM; they now build their own SQL, which the bench showed was
  5× cheaper than building the queryset);
- ``sql`` — the same question written by hand over the same summary table (the reference of the
  2× target: what the ORM and the labels cost);
- ``base`` — the question written by hand over the award tables themselves, as the dashboard would
  have to without the summary: a UNION ALL over the two tables, the scope as ``unit_id IN (units)``
  for collectives and ``person_id IN (people of those units)`` for individuals.

``stats.agree`` checks that all three give the same numbers for every question — on 5 million
rows, that the summary is exact. ``stats.write.*`` is what the summary costs a writer: inserting
award rows with the triggers against the same insert with them switched off (rolled back).

Target (issue 8): p95 under 100 ms and at most 2× the SQL. ``stats.<q>.target`` says, honestly,
whether each is met. The data is topped up to ``FULL_TARGET`` instances first (``demo.dataset.stats``).
"""

import time

from django.db import connection, transaction

from bench import harness
from bench.harness import emit, measure, ratio
from demo.dataset import honours as awards_dataset
from demo.dataset import organisation as dataset
from demo.dataset import stats as stats_dataset
from honours.models import FormAward, Recipient, TitleAward
from organisation.models import Person, Unit
from stats import summary, tallies
from stats.models import AwardCount
from stats.tallies import FORM, TITLE, Scope

YEARS = (dataset.LAST_YEAR - 9, dataset.LAST_YEAR)
QUICK_TARGET = 15_000  # enough on the quick dataset to exercise the top-up path
BLOCK_SIZE = 10
TARGET_MS = 100.0
TARGET_RATIO = 2.0
QUESTIONS = ["year", "honour", "block", "trend"]
METHOD_NAMES = ("orm", "sql", "base")
WRITE_ROWS = 2_000
WRITE_SINGLE = 500
FIGURES = [
    "stats.instances",
    "stats.summary_rows",
    "stats.target_ms",
    "stats.write.rows",
    "stats.write.triggers",
    "stats.write.none",
    "stats.write.single_rows",
    "stats.write.single.triggers",
    "stats.write.single.none",
] + [f"stats.{q}.{m}{suffix}" for q in QUESTIONS for m in METHOD_NAMES for suffix in ("", ".p95", ".queries")]
RATIOS = [(f"stats.{q}.orm", f"stats.{q}.{ref}") for q in QUESTIONS for ref in ("sql", "base")] + [
    ("stats.write.triggers", "stats.write.none"),
    ("stats.write.single.triggers", "stats.write.single.none"),
]
LINES = ["BENCH stats.agree yes"]


def _line(text: str) -> None:
    harness.say(text)


# The hand-written SQL over the award tables ----------------------------------------------------


def _instances(scope: Scope, *, annulled: bool | None = False) -> tuple[str, list]:
    """A UNION ALL of the scope's instances: (kind, honour, year, individual, annulled) per row.
    ``annulled=None``: both the counted and the annulled rows."""
    qn = connection.ops.quote_name
    person, unit = qn(Person._meta.db_table), qn(Unit._meta.db_table)
    holders: list[tuple[str, list]] = []  # (condition, params) per branch
    if scope.paths is None:
        holders.append(("", []))
    else:
        likes = " OR ".join(["u.path LIKE %s"] * len(scope.paths))
        paths = [f"{p}%" for p in scope.paths]
        holders.append((f" AND x.unit_id IN (SELECT u.id FROM {unit} u WHERE {likes})", paths))
        holders.append(
            (
                f" AND x.person_id IN (SELECT p.id FROM {person} p JOIN {unit} u ON u.id = p.unit_id WHERE {likes})",
                paths,
            )
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


def base_by_year(scope: Scope) -> dict:
    inner, params = _instances(scope)
    return dict(_fetch(f"SELECT year, COUNT(*) FROM ({inner}) i GROUP BY year", params))


def base_by_honour(scope: Scope) -> dict:
    inner, params = _instances(scope)
    return {
        (k, h): n for k, h, n in _fetch(f"SELECT kind, honour, COUNT(*) FROM ({inner}) i GROUP BY kind, honour", params)
    }


def base_by_recipient(scope: Scope) -> dict:
    inner, params = _instances(scope)
    rows = _fetch(f"SELECT individual, COUNT(*) FROM ({inner}) i GROUP BY individual", params)
    return {(Recipient.INDIVIDUAL.value if ind else Recipient.COLLECTIVE.value): n for ind, n in rows}


def _trend_grid(scope: Scope, rows) -> list[dict]:
    """(year, individual, annulled, count) rows as ``tallies.trend`` gives them: every year, totals."""
    ind, coll = Recipient.INDIVIDUAL.value, Recipient.COLLECTIVE.value
    grid = {y: {"year": y, coll: 0, ind: 0, "annulled": 0} for y in range(scope.year_from, scope.year_to + 1)}
    for year, individual, annulled, n in rows:
        grid[year]["annulled" if annulled else (ind if individual else coll)] += n
    for row in grid.values():
        row["total"] = row[coll] + row[ind]
    return list(grid.values())


def base_trend(scope: Scope) -> list[dict]:
    inner, params = _instances(scope, annulled=None)
    rows = _fetch(
        f"SELECT year, individual, annulled, COUNT(*) FROM ({inner}) i GROUP BY year, individual, annulled", params
    )
    return _trend_grid(scope, rows)


# The hand-written SQL over the summary -------------------------------------------------------


def _summary(scope: Scope, *, annulled: bool | None = False) -> tuple[str, list]:
    """The WHERE clause of the scope's summary rows."""
    qn = connection.ops.quote_name
    where, params = ["s.year BETWEEN %s AND %s"], [scope.year_from, scope.year_to]
    if annulled is not None:
        where.append("s.annulled" if annulled else "NOT s.annulled")
    if scope.paths is None:
        where.append(f"s.unit_key = {summary.ALL_UNITS}")
    else:
        likes = " OR ".join(["u.path LIKE %s"] * len(scope.paths))
        where.append(f"s.unit_key IN (SELECT u.id FROM {qn(Unit._meta.db_table)} u WHERE {likes})")
        params += [f"{p}%" for p in scope.paths]
    return f"FROM {summary.TABLE} s WHERE {' AND '.join(where)}", params


def sql_by_year(scope: Scope) -> dict:
    where, params = _summary(scope)
    return dict(_fetch(f"SELECT s.year, SUM(s.n) {where} GROUP BY s.year HAVING SUM(s.n) <> 0", params))


def sql_by_honour(scope: Scope) -> dict:
    where, params = _summary(scope)
    rows = _fetch(f"SELECT s.kind, s.honour, SUM(s.n) {where} GROUP BY s.kind, s.honour HAVING SUM(s.n) <> 0", params)
    return {((TITLE if k == "t" else FORM), h): n for k, h, n in rows}


def sql_by_recipient(scope: Scope) -> dict:
    where, params = _summary(scope)
    rows = _fetch(f"SELECT s.individual, SUM(s.n) {where} GROUP BY s.individual HAVING SUM(s.n) <> 0", params)
    return {(Recipient.INDIVIDUAL.value if ind else Recipient.COLLECTIVE.value): n for ind, n in rows}


def sql_trend(scope: Scope) -> list[dict]:
    where, params = _summary(scope, annulled=None)
    rows = _fetch(
        f"SELECT s.year, s.individual, s.annulled, SUM(s.n) {where} GROUP BY s.year, s.individual, s.annulled", params
    )
    return _trend_grid(scope, rows)


# What the summary costs a writer ----------------------------------------------------------------


class _Rollback(Exception):
    pass


def _insert_awards(with_triggers: bool, one_by_one: bool) -> float:
    """Seconds to insert award forms (people and units of the dataset; all of one form and year,
    so every row also updates the same national rollup row), rolled back: ``WRITE_ROWS`` in
    batches of 500, or ``WRITE_SINGLE`` one INSERT each, as a decision's issuing writes them."""
    from honours.models import AwardForm

    size = WRITE_SINGLE if one_by_one else WRITE_ROWS
    form = AwardForm.objects.order_by("pk").values_list("pk", flat=True).first()
    people = list(Person.objects.order_by("pk").values_list("pk", flat=True)[: size // 2])
    units = list(Unit.objects.order_by("pk").values_list("pk", flat=True)[: size - len(people)])
    rows = [FormAward(award_form_id=form, person_id=p, year=YEARS[1]) for p in people]
    rows += [FormAward(award_form_id=form, unit_id=u, year=YEARS[1]) for u in units]
    try:
        with transaction.atomic():
            if not with_triggers:
                summary.uninstall()
            start = time.perf_counter()
            if one_by_one:
                for row in rows:
                    row.save(force_insert=True)
            else:
                FormAward.objects.bulk_create(rows, batch_size=500)
            elapsed = time.perf_counter() - start
            raise _Rollback
    except _Rollback:
        pass
    return elapsed


def measure_writes(repeat: int) -> None:
    emit("stats.write.rows", WRITE_ROWS, "rows")
    emit("stats.write.single_rows", WRITE_SINGLE, "rows")
    for suffix, one_by_one in (("", False), ("single.", True)):
        timings = {}
        for label, flag in (("triggers", True), ("none", False)):
            name = f"stats.write.{suffix}{label}"
            _insert_awards(flag, one_by_one)  # warm-up
            timings[label] = harness.Timing(name, [_insert_awards(flag, one_by_one) for _ in range(repeat)])
            emit(name, timings[label].median * 1000, "ms")
        ratio(timings["triggers"], timings["none"])
    assert summary.installed() == {t.name for t in summary.triggers(connection.vendor)}


# The project's path -------------------------------------------------------------------------


def _counts(rows) -> dict:
    return {r.key: r.count for r in rows}


def scopes() -> dict[str, Scope]:
    province = Unit.objects.filter(kind="province").order_by("pk").first() or Unit.objects.order_by("depth").first()
    members = tuple(Unit.objects.filter(kind="room").order_by("pk").values_list("path", flat=True)[:BLOCK_SIZE]) or (
        tuple(Unit.objects.exclude(depth=0).order_by("pk").values_list("path", flat=True)[:BLOCK_SIZE])
    )
    whole = Scope(*YEARS, label="toàn lực lượng")
    return {
        "year": whole,
        "honour": Scope(*YEARS, paths=(province.path,), label=province.name),
        "block": Scope(*YEARS, paths=members, label=f"khối {len(members)} đơn vị (cây con)"),
        "trend": whole,
    }


METHODS = {
    "year": (lambda s: _counts(tallies.tally(s, "year")), sql_by_year, base_by_year),
    "honour": (lambda s: _counts(tallies.tally(s, "honour")), sql_by_honour, base_by_honour),
    "block": (lambda s: _counts(tallies.tally(s, "recipient")), sql_by_recipient, base_by_recipient),
    "trend": (tallies.trend, sql_trend, base_trend),
}


def run(quick: bool = False) -> None:
    if awards_dataset.is_empty():
        print("Generating titles, award forms, initiatives and discipline …", flush=True)
        awards_dataset.generate(progress=lambda line: print(line, flush=True))
    target = QUICK_TARGET if quick else stats_dataset.FULL_TARGET
    if stats_dataset.instances() < target:
        print(f"Topping up to {target:,} award instances …", flush=True)
        stats_dataset.top_up(target, progress=lambda line: print(line, flush=True))
    summary.vacuum()  # what autovacuum does after the load: the covering index answers alone
    repeat = 3 if quick else 20
    emit("stats.instances", stats_dataset.instances(), "instances")
    emit("stats.summary_rows", AwardCount.objects.count(), "rows")
    emit("stats.target_ms", TARGET_MS, "ms")

    agree = True
    verdicts = []
    for q, scope in scopes().items():
        print(f"  {q}: {scope.label}, {scope.year_from}–{scope.year_to}", flush=True)
        timings, results = {}, {}
        for name, fn in zip(METHOD_NAMES, METHODS[q], strict=True):
            timings[name], results[name] = measure(f"stats.{q}.{name}", lambda s=scope, f=fn: f(s), repeat=repeat)
        value = ratio(timings["orm"], timings["sql"])
        ratio(timings["orm"], timings["base"])
        for name in METHOD_NAMES[1:]:
            if results[name] != results["orm"]:
                agree = False
                print(f"  {q} disagrees: orm {results['orm']!r}\n  {name} {results[name]!r}", flush=True)
        orm = timings["orm"]
        fast, close = orm.p95 * 1000 < TARGET_MS, value <= TARGET_RATIO
        verdicts.append(fast and close)
        _line(
            f"BENCH stats.{q}.target {'met' if fast and close else 'missed'} "
            f"(p95 {orm.p95 * 1000:.1f} ms {'<' if fast else '≥'} {TARGET_MS:.0f} ms, "
            f"{value:.2f}× SQL {'≤' if close else '>'} {TARGET_RATIO:g}×)"
        )
    _line(f"BENCH stats.agree {'yes' if agree else 'no'}")
    _line(f"BENCH stats.target {'met' if all(verdicts) else 'missed'} ({sum(verdicts)} of {len(verdicts)} questions)")
    measure_writes(3 if quick else 10)
