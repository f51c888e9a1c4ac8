"""Database triggers written once for both databases: statement-level over transition tables on PostgreSQL (one
statement's thousands of rows handled in one INSERT … SELECT), row-level over NEW / OLD on SQLite.

A ``Trigger`` holds one SQL statement; in it the affected rows are ``old_rows`` / ``new_rows`` on PostgreSQL and
``OLD`` / ``NEW`` on SQLite (``rows(vendor, which, columns)`` writes the right one). Apps keep their list of
triggers and install them after every ``migrate`` (SQLite drops a table's triggers when a migration re-creates the
table). Used by the award summary (``stats.summary``) and the stale marks of stored verdicts
(``eligibility.freshness``)."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Trigger:
    name: str
    table: str
    event: str  # INSERT / UPDATE / DELETE
    statement: str
    columns: tuple[str, ...] = ()  # SQLite: UPDATE OF these only
    when: str = ""  # SQLite: condition on OLD / NEW


def rows(vendor: str, which: str, columns: tuple[str, ...]) -> str:
    """The statement's old or new rows: a transition table, or SQLite's one row of OLD / NEW."""
    if vendor == "postgresql":
        return f"{which.lower()}_rows"
    return "(SELECT " + ", ".join(f"{which}.{c} AS {c}" for c in columns) + ")"


def create_sql(vendor: str, trig: Trigger) -> list[str]:
    if vendor == "postgresql":
        referencing = {
            "INSERT": "NEW TABLE AS new_rows",
            "DELETE": "OLD TABLE AS old_rows",
            "UPDATE": "OLD TABLE AS old_rows NEW TABLE AS new_rows",
        }[trig.event]
        return [
            f"CREATE OR REPLACE FUNCTION {trig.name}() RETURNS trigger LANGUAGE plpgsql AS $body$\nBEGIN\n"
            f"  {trig.statement};\n  RETURN NULL;\nEND\n$body$",
            f"DROP TRIGGER IF EXISTS {trig.name} ON {trig.table}",
            f"CREATE TRIGGER {trig.name} AFTER {trig.event} ON {trig.table} REFERENCING {referencing} "
            f"FOR EACH STATEMENT EXECUTE FUNCTION {trig.name}()",
        ]
    of = f" OF {', '.join(trig.columns)}" if trig.columns else ""
    when = f" WHEN {trig.when}" if trig.when else ""
    return [
        f"DROP TRIGGER IF EXISTS {trig.name}",
        f"CREATE TRIGGER {trig.name} AFTER {trig.event}{of} ON {trig.table} FOR EACH ROW{when}\n"
        f"BEGIN\n  {trig.statement};\nEND",
    ]


def drop_sql(vendor: str, trig: Trigger) -> list[str]:
    if vendor == "postgresql":
        return [f"DROP TRIGGER IF EXISTS {trig.name} ON {trig.table}", f"DROP FUNCTION IF EXISTS {trig.name}()"]
    return [f"DROP TRIGGER IF EXISTS {trig.name}"]


def run(connection, statements) -> None:
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)


def install(connection, triggers: list[Trigger]) -> None:
    """Create (or replace) ``triggers``."""
    run(connection, [s for trig in triggers for s in create_sql(connection.vendor, trig)])


def uninstall(connection, triggers: list[Trigger]) -> None:
    run(connection, [s for trig in triggers for s in drop_sql(connection.vendor, trig)])


def installed(connection, triggers: list[Trigger]) -> set[str]:
    """The names of ``triggers`` present in the database."""
    names = [trig.name for trig in triggers]
    if not names:
        return set()
    marks = ", ".join(["%s"] * len(names))
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"SELECT tgname FROM pg_trigger WHERE NOT tgisinternal AND tgname IN ({marks})", names)
        else:
            cursor.execute(f"SELECT name FROM sqlite_master WHERE type = 'trigger' AND name IN ({marks})", names)
        return {row[0] for row in cursor.fetchall()}
