"""The award summary (``stats_awardcount``): award instances counted per holder unit, year, kind,
honour, recipient class, annulment and decision — kept exact by database triggers, so that a
dashboard reads thousands of rows instead of millions and is never stale.

Why triggers and not signals: awards are written by decisions, annulments, the facts pages, the
API, ``QuerySet.update`` and bulk loaders (COPY); only the database sees all of them. The same
trigger bodies run on PostgreSQL (PL/pgSQL functions) and SQLite (trigger bodies): every change is
one or more ``INSERT … SELECT … ON CONFLICT DO UPDATE SET n = n + excluded.n`` of ±1.

Rows per instance: two — one under its holder unit (``unit_key``: the collective's unit, or the
individual's *current* unit; 0 when the person has none) and one under ``ALL_UNITS`` (-1), the
national rollup that the whole-country questions read. ``decision`` is the issuing decision of the
instance's decision line (0: recorded without one), for the tally by conferring authority.

What changes a count, and the trigger that follows it:

- an award row is inserted, updated (year, honour, holder, annulment) or deleted;
- a person moves to another unit (their individual awards follow them: ``unit_key`` is the
  current unit, as the live tallies always counted) or is deleted before their awards;
- a decision line is linked to or unlinked from an award, or moved to another decision.

Bulk loads on PostgreSQL switch the triggers off (``organisation.dataset._bulk_load``) and call
``rebuild`` after (one GROUP BY instead of millions of upserts). ``install`` is idempotent and
runs after every ``migrate`` (``ensure``), which also rebuilds when the rollup does not add up to
the award rows — e.g. after SQLite re-created an award table in a migration (dropping its
triggers) or after a test flush.
"""

from dataclasses import dataclass

from django.db import connection as default_connection

TABLE = "stats_awardcount"
ALL_UNITS = -1
NO_UNIT = 0
NO_DECISION = 0
KEY = ("unit_key", "year", "kind", "honour", "individual", "annulled", "decision")
PERSON, LINE = "organisation_person", "awards_decisionline"


@dataclass(frozen=True)
class AwardTable:
    table: str
    kind: str  # stats.tallies.TITLE / FORM, first letter
    honour: str  # the honour column
    line: str  # the decision line's column pointing at this table


AWARD_TABLES = (
    AwardTable("awards_titleaward", "t", "title_id", "title_award_id"),
    AwardTable("awards_formaward", "f", "award_form_id", "form_award_id"),
)
KIND_CODES = {"t": "title", "f": "form"}  # summary code → stats.tallies kind


@dataclass(frozen=True)
class Trigger:
    name: str
    table: str
    event: str  # INSERT / UPDATE / DELETE
    columns: tuple[str, ...]  # UPDATE OF these (empty: any)
    when: str  # condition on OLD / NEW, "" for none
    statements: tuple[str, ...]


def _upsert(select: str) -> str:
    cols = ", ".join((*KEY, "n"))
    return (
        f"INSERT INTO {TABLE} ({cols}) {select} ON CONFLICT ({', '.join(KEY)}) DO UPDATE SET n = {TABLE}.n + excluded.n"
    )


def _holder(src: str) -> str:
    return f"COALESCE({src}.unit_id, (SELECT p.unit_id FROM {PERSON} p WHERE p.id = {src}.person_id), {NO_UNIT})"


_BOTH = "(SELECT 1 AS w UNION ALL SELECT 2) s"  # row 1: the holder unit, row 2: the national rollup


def _instance(t: AwardTable, src: str, *, decision: str, sign: int, source: str = "", where: str = "TRUE") -> str:
    """The two summary rows of one award instance ``src`` (NEW, OLD, or alias ``a`` of ``source``)."""
    return _upsert(
        f"SELECT CASE WHEN s.w = 1 THEN {_holder(src)} ELSE {ALL_UNITS} END, {src}.year, '{t.kind}', "
        f"{src}.{t.honour}, {src}.person_id IS NOT NULL, {src}.annulled, {decision}, {sign} "
        f"FROM {source + ', ' if source else ''}{_BOTH} WHERE {where}"
    )


def _line_decision(t: AwardTable, src: str) -> str:
    return f"COALESCE((SELECT l.decision_id FROM {LINE} l WHERE l.{t.line} = {src}.id), {NO_DECISION})"


def _linked(t: AwardTable, award_id: str, decision: str, sign: int) -> str:
    """The rows of the award ``award_id`` (a NEW/OLD column) counted under ``decision``."""
    return _instance(t, "a", decision=decision, sign=sign, source=f"{t.table} a", where=f"a.id = {award_id}")


def _moved(t: AwardTable, unit: str, sign: int, person: str = "NEW") -> str:
    """A person's individual awards, all at once, under ``unit`` (their old or new unit)."""
    decision = f"COALESCE(l.decision_id, {NO_DECISION})"
    return _upsert(
        f"SELECT COALESCE({unit}, {NO_UNIT}), a.year, '{t.kind}', a.{t.honour}, TRUE, a.annulled, {decision}, "
        f"{sign} * COUNT(*) FROM {t.table} a LEFT JOIN {LINE} l ON l.{t.line} = a.id "
        f"WHERE a.person_id = {person}.id GROUP BY a.year, a.{t.honour}, a.annulled, {decision}"
    )


def triggers(vendor: str) -> list[Trigger]:
    def differ(*cols: str) -> str:
        op = "IS DISTINCT FROM" if vendor == "postgresql" else "IS NOT"
        return " OR ".join(f"OLD.{c} {op} NEW.{c}" for c in cols)

    out = []
    for t in AWARD_TABLES:
        short = t.table.removeprefix("awards_")
        out += [
            Trigger(f"stats_{short}_ins", t.table, "INSERT", (), "",
                    (_instance(t, "NEW", decision=_line_decision(t, "NEW"), sign=1),)),
            Trigger(f"stats_{short}_upd", t.table, "UPDATE", (),
                    differ("id", "year", t.honour, "person_id", "unit_id", "annulled"),
                    (_instance(t, "OLD", decision=_line_decision(t, "OLD"), sign=-1),
                     _instance(t, "NEW", decision=_line_decision(t, "NEW"), sign=1))),
            Trigger(f"stats_{short}_del", t.table, "DELETE", (), "",
                    (_instance(t, "OLD", decision=_line_decision(t, "OLD"), sign=-1),)),
        ]  # fmt: skip
    lines = [t.line for t in AWARD_TABLES]
    out.append(
        Trigger("stats_line_ins", LINE, "INSERT", (), " OR ".join(f"NEW.{c} IS NOT NULL" for c in lines),
                tuple(s for t in AWARD_TABLES for s in (_linked(t, f"NEW.{t.line}", str(NO_DECISION), -1),
                                                         _linked(t, f"NEW.{t.line}", "NEW.decision_id", 1))))
    )  # fmt: skip
    out.append(
        Trigger("stats_line_upd", LINE, "UPDATE", (), differ("decision_id", *lines),
                tuple(s for t in AWARD_TABLES for s in (_linked(t, f"OLD.{t.line}", "OLD.decision_id", -1),
                                                         _linked(t, f"OLD.{t.line}", str(NO_DECISION), 1),
                                                         _linked(t, f"NEW.{t.line}", str(NO_DECISION), -1),
                                                         _linked(t, f"NEW.{t.line}", "NEW.decision_id", 1))))
    )  # fmt: skip
    out.append(
        Trigger("stats_line_del", LINE, "DELETE", (), " OR ".join(f"OLD.{c} IS NOT NULL" for c in lines),
                tuple(s for t in AWARD_TABLES for s in (_linked(t, f"OLD.{t.line}", "OLD.decision_id", -1),
                                                         _linked(t, f"OLD.{t.line}", str(NO_DECISION), 1))))
    )  # fmt: skip
    out.append(
        Trigger("stats_person_unit", PERSON, "UPDATE", ("unit_id",), differ("unit_id"),
                tuple(s for t in AWARD_TABLES for s in (_moved(t, "OLD.unit_id", -1), _moved(t, "NEW.unit_id", 1))))
    )  # fmt: skip
    # Django may delete a person before their awards (a nullable cascade has no order): their
    # awards first go under no unit, where the award rows' own triggers then find them.
    out.append(
        Trigger("stats_person_del", PERSON, "DELETE", (), "",
                tuple(s for t in AWARD_TABLES for s in (_moved(t, "OLD.unit_id", -1, "OLD"),
                                                         _moved(t, str(NO_UNIT), 1, "OLD"))))
    )  # fmt: skip
    return out


def _create(vendor: str, trig: Trigger) -> list[str]:
    of = f" OF {', '.join(trig.columns)}" if trig.columns else ""
    if vendor == "postgresql":
        body = "".join(f"  {s};\n" for s in trig.statements)
        when = f" WHEN ({trig.when})" if trig.when else ""
        return [
            f"CREATE OR REPLACE FUNCTION {trig.name}() RETURNS trigger LANGUAGE plpgsql AS $body$\nBEGIN\n"
            f"{body}  RETURN NULL;\nEND\n$body$",
            f"DROP TRIGGER IF EXISTS {trig.name} ON {trig.table}",
            f"CREATE TRIGGER {trig.name} AFTER {trig.event}{of} ON {trig.table} FOR EACH ROW{when} "
            f"EXECUTE FUNCTION {trig.name}()",
        ]
    body = "".join(f"  {s};\n" for s in trig.statements)
    when = f" WHEN {trig.when}" if trig.when else ""
    return [
        f"DROP TRIGGER IF EXISTS {trig.name}",
        f"CREATE TRIGGER {trig.name} AFTER {trig.event}{of} ON {trig.table} FOR EACH ROW{when}\nBEGIN\n{body}END",
    ]


def _drop(vendor: str, trig: Trigger) -> list[str]:
    if vendor == "postgresql":
        return [f"DROP TRIGGER IF EXISTS {trig.name} ON {trig.table}", f"DROP FUNCTION IF EXISTS {trig.name}()"]
    return [f"DROP TRIGGER IF EXISTS {trig.name}"]


def _run(connection, statements) -> None:
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)


def install(connection=default_connection) -> None:
    """Create (or replace) every trigger."""
    _run(connection, [s for trig in triggers(connection.vendor) for s in _create(connection.vendor, trig)])


def uninstall(connection=default_connection) -> None:
    _run(connection, [s for trig in triggers(connection.vendor) for s in _drop(connection.vendor, trig)])


def installed(connection=default_connection) -> set[str]:
    names = [trig.name for trig in triggers(connection.vendor)]
    marks = ", ".join(["%s"] * len(names))
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"SELECT tgname FROM pg_trigger WHERE NOT tgisinternal AND tgname IN ({marks})", names)
        else:
            cursor.execute(f"SELECT name FROM sqlite_master WHERE type = 'trigger' AND name IN ({marks})", names)
        return {row[0] for row in cursor.fetchall()}


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
    _run(connection, [
        f"DELETE FROM {TABLE}",
        f"INSERT INTO {TABLE} ({keys}, n) {_fresh_select()}",
        f"INSERT INTO {TABLE} ({keys}, n) SELECT {rollup}, SUM(n) FROM {TABLE} GROUP BY {', '.join(KEY[1:])}",
    ])  # fmt: skip
    if connection.vendor == "postgresql":
        _run(connection, [f"ANALYZE {TABLE}"])
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM {TABLE}")
        return cursor.fetchone()[0]


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
        cursor.execute(f"SELECT COALESCE(SUM(n), 0), COUNT(*) FILTER (WHERE n < 0) FROM {TABLE} "
                       f"WHERE unit_key = {ALL_UNITS}" if connection.vendor == "postgresql" else
                       f"SELECT COALESCE(SUM(n), 0), SUM(n < 0) FROM {TABLE} WHERE unit_key = {ALL_UNITS}")  # fmt: skip
        counted, negative = cursor.fetchone()
    if missing or counted != awards or negative:
        rebuild(connection)
        return "installed and rebuilt" if missing else "rebuilt"
    return "ok"


def _table_exists(connection) -> bool:
    return TABLE in connection.introspection.table_names()
