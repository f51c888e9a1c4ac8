"""The award summary (``stats_awardcount``): award instances counted per holder unit, year, kind,
honour, recipient class, annulment and decision — kept exact by database triggers, so that a
dashboard reads thousands of rows instead of millions and is never stale.

Why triggers and not signals: awards are written by decisions, annulments, the facts pages, the
API, ``QuerySet.update``, raw SQL and bulk loaders (COPY); only the database sees all of them.
Every trigger runs one ``INSERT … SELECT … ON CONFLICT DO UPDATE SET n = n + excluded.n`` of the
statement's net change per key, generated from one definition for both databases: on PostgreSQL a
statement-level trigger over the transition tables (a 5,000-line decision is one upsert per key,
not 5,000 updates of the same national row, which MVCC would make quadratic), on SQLite a row-level
trigger over NEW / OLD. It runs inside the writer's transaction: a rollback takes it back too.

Concurrency: the key includes the decision, so two decisions issued at once never write the same
summary row; only instances recorded without a decision (the facts pages) or people moving
between the same units at the same moment can wait on one another's row lock.

Rows per instance: two — one under its holder unit (``unit_key``: the collective's unit, or the
individual's *current* unit; 0 when the person has none) and one under ``ALL_UNITS`` (-1), the
national rollup that the whole-country questions read. ``decision`` is the issuing decision of the
instance's decision line (0: recorded without one), for the tally by conferring authority.

What changes a count, and the trigger that follows it:

- an award row is inserted, updated (year, honour, holder, annulment) or deleted;
- a person moves to another unit (their individual awards follow them: ``unit_key`` is the
  current unit, as the live tallies always counted) or is deleted before their awards;
- a decision line is linked to or unlinked from an award, or moved to another decision.

Bulk loads on PostgreSQL switch the triggers off (``organisation.bulk.bulk_load``) and call
``rebuild`` after (one GROUP BY instead of millions of upserts). ``install`` is idempotent and
runs after every ``migrate`` (``ensure``), which also rebuilds when the rollup does not add up to
the award rows — e.g. after SQLite re-created an award table in a migration (dropping its
triggers) or after a test flush.
"""

from dataclasses import dataclass

from django.db import connection as default_connection

from organisation import triggers as db_triggers
from organisation.triggers import Trigger

TABLE = "stats_awardcount"
ALL_UNITS = -1
NO_UNIT = 0
NO_DECISION = 0
KEY = ("unit_key", "year", "kind", "honour", "individual", "annulled", "decision")
PERSON, LINE = "organisation_person", "commendation_decisionline"


@dataclass(frozen=True)
class AwardTable:
    table: str
    kind: str  # stats.tallies.TITLE / FORM, first letter
    honour: str  # the honour column
    line: str  # the decision line's column pointing at this table


AWARD_TABLES = (
    AwardTable("honours_titleaward", "t", "title_id", "title_award_id"),
    AwardTable("honours_formaward", "f", "award_form_id", "form_award_id"),
)


# Each trigger writes the *net* change of its statement in one upsert: every affected instance
# contributes -1 under its key before and +1 under its key after; the keys are summed, zero sums
# dropped, and each key also counted under the national rollup. On PostgreSQL the triggers are
# statement-level over transition tables (a 5,000-line decision is one upsert per key, not 5,000
# updates of one hot rollup row); on SQLite they are row-level over NEW / OLD.


def _delta(parts: list[str]) -> str:
    holder = f"CASE WHEN s.w = 1 THEN x.uk ELSE {ALL_UNITS} END"
    grouped = f"{holder}, x.year, x.kind, x.honour, x.individual, x.annulled, x.decision"
    return (
        f"INSERT INTO {TABLE} ({', '.join((*KEY, 'n'))}) SELECT {grouped}, SUM(x.d) "
        f"FROM ({' UNION ALL '.join(parts)}) x, (SELECT 1 AS w UNION ALL SELECT 2) s WHERE TRUE "
        f"GROUP BY {grouped} HAVING SUM(x.d) <> 0 "
        f"ON CONFLICT ({', '.join(KEY)}) DO UPDATE SET n = {TABLE}.n + excluded.n"
    )


def _keyed(t: AwardTable, src: str, *, unit: str, individual: str, decision: str, sign: int) -> str:
    """The select list every part of a delta shares: award ``src``'s key under the given holder
    unit, recipient class and decision, counted ``sign``."""
    return (
        f"SELECT {unit} AS uk, {src}.year AS year, '{t.kind}' AS kind, {src}.{t.honour} AS honour, "
        f"{individual} AS individual, {src}.annulled AS annulled, {decision} AS decision, {sign} AS d"
    )


def _holder(src: str) -> str:
    return f"COALESCE({src}.unit_id, p.unit_id, {NO_UNIT})"


def _awards(t: AwardTable, rows: str, sign: int) -> str:
    """Award rows (``rows`` has the award table's columns), keyed as they stand."""
    select = _keyed(
        t,
        "r",
        unit=_holder("r"),
        individual="(r.person_id IS NOT NULL)",
        decision=f"COALESCE(l.decision_id, {NO_DECISION})",
        sign=sign,
    )
    return f"{select} FROM {rows} r LEFT JOIN {PERSON} p ON p.id = r.person_id LEFT JOIN {LINE} l ON l.{t.line} = r.id"


def _linked(t: AwardTable, rows: str, decision: str, sign: int) -> str:
    """The awards that decision lines ``rows`` point at, keyed under ``decision``."""
    select = _keyed(t, "a", unit=_holder("a"), individual="(a.person_id IS NOT NULL)", decision=decision, sign=sign)
    return f"{select} FROM {rows} r JOIN {t.table} a ON a.id = r.{t.line} LEFT JOIN {PERSON} p ON p.id = a.person_id"


def _moved(t: AwardTable, moves: str, unit: str, sign: int) -> str:
    """The individual awards of the people in ``moves`` (id, old_unit, new_unit), under ``unit``."""
    select = _keyed(
        t,
        "a",
        unit=f"COALESCE(m.{unit}, {NO_UNIT})",
        individual="(1 = 1)",
        decision=f"COALESCE(l.decision_id, {NO_DECISION})",
        sign=sign,
    )
    return f"{select} FROM {moves} m JOIN {t.table} a ON a.person_id = m.id LEFT JOIN {LINE} l ON l.{t.line} = a.id"


def triggers(vendor: str) -> list[Trigger]:
    pg = vendor == "postgresql"

    def differ(*cols: str) -> str:
        return "" if pg else " OR ".join(f"OLD.{c} IS NOT NEW.{c}" for c in cols)

    out = []
    for t in AWARD_TABLES:
        short = t.table.removeprefix("honours_")
        cols = ("id", "unit_id", "person_id", "year", t.honour, "annulled")
        old, new = db_triggers.rows(vendor, "OLD", cols), db_triggers.rows(vendor, "NEW", cols)
        out += [
            Trigger(f"stats_{short}_ins", t.table, "INSERT", _delta([_awards(t, new, 1)])),
            Trigger(
                f"stats_{short}_upd",
                t.table,
                "UPDATE",
                _delta([_awards(t, old, -1), _awards(t, new, 1)]),
                when=differ(*cols),
            ),
            Trigger(f"stats_{short}_del", t.table, "DELETE", _delta([_awards(t, old, -1)])),
        ]
    line_cols = ("decision_id", *(t.line for t in AWARD_TABLES))
    old, new = db_triggers.rows(vendor, "OLD", line_cols), db_triggers.rows(vendor, "NEW", line_cols)
    nothing = str(NO_DECISION)
    out += [
        Trigger(
            "stats_line_ins",
            LINE,
            "INSERT",
            _delta(
                [p for t in AWARD_TABLES for p in (_linked(t, new, nothing, -1), _linked(t, new, "r.decision_id", 1))]
            ),
        ),
        Trigger(
            "stats_line_upd",
            LINE,
            "UPDATE",
            _delta(
                [
                    p
                    for t in AWARD_TABLES
                    for p in (
                        _linked(t, old, "r.decision_id", -1),
                        _linked(t, old, nothing, 1),
                        _linked(t, new, nothing, -1),
                        _linked(t, new, "r.decision_id", 1),
                    )
                ]
            ),
            when=differ(*line_cols),
        ),
        Trigger(
            "stats_line_del",
            LINE,
            "DELETE",
            _delta(
                [p for t in AWARD_TABLES for p in (_linked(t, old, "r.decision_id", -1), _linked(t, old, nothing, 1))]
            ),
        ),
    ]
    if pg:
        moves = (
            "(SELECT o.id AS id, o.unit_id AS old_unit, n.unit_id AS new_unit FROM old_rows o "
            "JOIN new_rows n ON n.id = o.id WHERE o.unit_id IS DISTINCT FROM n.unit_id)"
        )
        gone = "(SELECT o.id AS id, o.unit_id AS old_unit, CAST(NULL AS BIGINT) AS new_unit FROM old_rows o)"
    else:
        moves = "(SELECT OLD.id AS id, OLD.unit_id AS old_unit, NEW.unit_id AS new_unit)"
        gone = "(SELECT OLD.id AS id, OLD.unit_id AS old_unit, CAST(NULL AS BIGINT) AS new_unit)"
    out.append(
        Trigger(
            "stats_person_unit",
            PERSON,
            "UPDATE",
            _delta(
                [p for t in AWARD_TABLES for p in (_moved(t, moves, "old_unit", -1), _moved(t, moves, "new_unit", 1))]
            ),
            columns=("unit_id",),
            when=differ("unit_id"),
        )
    )
    # Django may delete a person before their awards (a nullable cascade has no order): their
    # awards first go under no unit, where the award rows' own triggers then find them.
    out.append(
        Trigger(
            "stats_person_del",
            PERSON,
            "DELETE",
            _delta(
                [p for t in AWARD_TABLES for p in (_moved(t, gone, "old_unit", -1), _moved(t, gone, "new_unit", 1))]
            ),
        )
    )
    return out


COVER_INDEX = "stats_awardcount_cover"


def cover_index_sql(vendor: str) -> str:
    """An index that answers every tally by itself (an index-only scan on PostgreSQL): a scope's
    units, then the year range, then whether annulled, carrying the grouped columns and ``n``."""
    carried = "kind, honour, individual, decision, n"
    if vendor == "postgresql":
        return f"CREATE INDEX IF NOT EXISTS {COVER_INDEX} ON {TABLE} (unit_key, year, annulled) INCLUDE ({carried})"
    return f"CREATE INDEX IF NOT EXISTS {COVER_INDEX} ON {TABLE} (unit_key, year, annulled, {carried})"


def _run(connection, statements) -> None:
    db_triggers.run(connection, statements)


def install(connection=default_connection) -> None:
    """Create (or replace) every trigger."""
    db_triggers.install(connection, triggers(connection.vendor))


def uninstall(connection=default_connection) -> None:
    db_triggers.uninstall(connection, triggers(connection.vendor))


def installed(connection=default_connection) -> set[str]:
    return db_triggers.installed(connection, triggers(connection.vendor))


def _fresh_select() -> str:
    """Every award instance's holder-unit row, aggregated from the award tables (no rollup)."""
    parts = [
        f"SELECT COALESCE(a.unit_id, p.unit_id, {NO_UNIT}) AS unit_key, a.year AS year, '{t.kind}' AS kind, "
        f"a.{t.honour} AS honour, a.person_id IS NOT NULL AS individual, a.annulled AS annulled, "
        f"COALESCE(l.decision_id, {NO_DECISION}) AS decision FROM {t.table} a "
        f"LEFT JOIN {PERSON} p ON p.id = a.person_id LEFT JOIN {LINE} l ON l.{t.line} = a.id"
        for t in AWARD_TABLES
    ]
    keys = ", ".join(KEY)
    return f"SELECT {keys}, COUNT(*) AS n FROM ({' UNION ALL '.join(parts)}) x GROUP BY {keys}"


def rebuild(connection=default_connection) -> int:
    """Recount everything from the award tables; return the number of summary rows."""
    keys = ", ".join(KEY)
    rollup = ", ".join((str(ALL_UNITS), *KEY[1:]))
    _run(
        connection,
        [
            f"DELETE FROM {TABLE}",
            # in key order: a unit's rows share a few pages, so a subtree reads hundreds of pages, not thousands
            f"INSERT INTO {TABLE} ({keys}, n) {_fresh_select()} ORDER BY {keys}",
            f"INSERT INTO {TABLE} ({keys}, n) SELECT {rollup}, SUM(n) FROM {TABLE} GROUP BY {', '.join(KEY[1:])}",
        ],
    )
    if connection.vendor == "postgresql":
        _run(connection, [f"ANALYZE {TABLE}"])
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM {TABLE}")
        return cursor.fetchone()[0]


def vacuum(connection=default_connection) -> None:
    """On PostgreSQL outside a transaction, what autovacuum does soon after a rebuild: statistics
    and the visibility map that lets the covering index answer without reading the table."""
    if connection.vendor == "postgresql" and not connection.in_atomic_block:
        _run(connection, [f"VACUUM (ANALYZE) {TABLE}"])


def differences(connection=default_connection) -> dict:
    """Summary rows that differ from a fresh count: key → (in the summary, fresh). Empty when exact."""
    keys = ", ".join(KEY)

    def rows(sql):
        with connection.cursor() as cursor:
            cursor.execute(sql)
            return {tuple(r[:-1]): r[-1] for r in cursor.fetchall() if r[-1]}

    fresh = rows(_fresh_select())
    rollup: dict = {}
    for key, n in fresh.items():
        national = (ALL_UNITS, *key[1:])
        rollup[national] = rollup.get(national, 0) + n
    fresh |= rollup
    stored = rows(f"SELECT {keys}, n FROM {TABLE}")
    normalise = lambda d: {(k[0], k[1], k[2], k[3], bool(k[4]), bool(k[5]), k[6]): v for k, v in d.items()}  # noqa: E731
    fresh, stored = normalise(fresh), normalise(stored)
    return {
        k: (stored.get(k, 0), fresh.get(k, 0)) for k in fresh.keys() | stored.keys() if stored.get(k) != fresh.get(k)
    }


def ensure(connection=default_connection) -> str:
    """After ``migrate`` (and test flushes): install missing triggers; rebuild when triggers were
    missing or the national rollup does not add up to the award rows. Returns what it did."""
    if not _table_exists(connection):
        return "no table"
    missing = {trig.name for trig in triggers(connection.vendor)} - installed(connection)
    if missing:
        install(connection)
    with connection.cursor() as cursor:
        cursor.execute(" + ".join(f"(SELECT COUNT(*) FROM {t.table})" for t in AWARD_TABLES).join(["SELECT ", ""]))
        awards = cursor.fetchone()[0]
        cursor.execute(
            f"SELECT COALESCE(SUM(n), 0), COUNT(*) FILTER (WHERE n < 0) FROM {TABLE} WHERE unit_key = {ALL_UNITS}"
            if connection.vendor == "postgresql"
            else f"SELECT COALESCE(SUM(n), 0), SUM(n < 0) FROM {TABLE} WHERE unit_key = {ALL_UNITS}"
        )
        counted, negative = cursor.fetchone()
    if missing or counted != awards or negative:
        rebuild(connection)
        return "installed and rebuilt" if missing else "rebuilt"
    return "ok"


def _table_exists(connection) -> bool:
    return TABLE in connection.introspection.table_names()
