"""Bulk loading: COPY on PostgreSQL, batched inserts elsewhere, and the hooks other apps fill at start-up
(what to rebuild after a bulk load, what to delete first on a reset)."""

import itertools
from collections.abc import Iterable
from contextlib import contextmanager

from django.db import IntegrityError, connection, transaction

from audit.bulkinsert import copy_into
from organisation.models import (
    Assignment,
    Person,
    PersonRating,
    RoleGrant,
    Unit,
    UnitChange,
    UnitRating,
    UnitSuccession,
    User,
)


class DatasetError(Exception):
    """The dataset cannot be generated as asked; the message says why."""


def qn(name: str) -> str:
    return connection.ops.quote_name(name)


def insert(cursor, model, columns: list[str], rows: Iterable[tuple]) -> int:
    """Write ``rows`` into ``model``'s table: COPY on PostgreSQL, batched executemany elsewhere."""
    table = model._meta.db_table
    cols = ", ".join(qn(c) for c in columns)
    count = 0
    if connection.vendor == "postgresql":
        return copy_into(cursor, table, columns, rows)
    sql = f"INSERT INTO {qn(table)} ({cols}) VALUES ({', '.join(['%s'] * len(columns))})"
    iterator = iter(rows)
    while batch := list(itertools.islice(iterator, 5000)):
        cursor.executemany(sql, batch)
        count += len(batch)
    return count


@contextmanager
def bulk_load(cursor, model):
    """On PostgreSQL, drop the table's secondary indexes and foreign keys during the load and
    rebuild them after (one sort and one join instead of millions of index inserts and checks).
    Its triggers are off meanwhile: ``AFTER_BULK_LOAD`` hooks then bring what they maintain up to
    date in one pass (e.g. the statistics summary)."""
    if connection.vendor != "postgresql":
        yield
        return
    # Checks still deferred from earlier writes would forbid the ALTER TABLE: run them now.
    cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    cursor.execute("SET CONSTRAINTS ALL DEFERRED")
    table = model._meta.db_table
    cursor.execute(
        "SELECT i.indexname, i.indexdef FROM pg_indexes i WHERE i.schemaname = current_schema() "
        "AND i.tablename = %s AND NOT EXISTS (SELECT 1 FROM pg_constraint c "
        "WHERE c.conrelid = %s::regclass AND c.conname = i.indexname)",
        [table, table],
    )
    indexes = cursor.fetchall()
    cursor.execute(
        "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = %s::regclass AND contype = 'f'",
        [table],
    )
    foreign_keys = cursor.fetchall()
    for name, _ in foreign_keys:
        cursor.execute(f"ALTER TABLE {qn(table)} DROP CONSTRAINT {qn(name)}")
    for name, _ in indexes:
        cursor.execute(f"DROP INDEX {qn(name)}")
    cursor.execute(f"ALTER TABLE {qn(table)} DISABLE TRIGGER USER")
    yield
    cursor.execute(f"ALTER TABLE {qn(table)} ENABLE TRIGGER USER")
    for _, definition in indexes:
        cursor.execute(definition)
    for name, definition in foreign_keys:
        cursor.execute(f"ALTER TABLE {qn(table)} ADD CONSTRAINT {qn(name)} {definition}")
    for hook in AFTER_BULK_LOAD.get(model._meta.label, []):
        hook(cursor, model)


AFTER_BULK_LOAD: dict[str, list] = {}


RESET_HOOKS: list = []


AFTER_RESET_HOOKS: list = []


def reset_organisation() -> None:
    """Delete every unit, person, assignment, rating and grant (users stay, unlinked), after the
    facts other apps keep about them (``RESET_HOOKS``); ``AFTER_RESET_HOOKS`` run last."""
    tables = [m._meta.db_table for m in (PersonRating, UnitRating, Assignment, UnitSuccession, UnitChange, RoleGrant)]
    with transaction.atomic(), connection.cursor() as cursor:
        for hook in RESET_HOOKS:
            hook(cursor)
        User.objects.exclude(person=None).update(person=None)
        for table in tables:
            cursor.execute(f"DELETE FROM {qn(table)}")
        cursor.execute(f"DELETE FROM {qn(Person._meta.db_table)}")
        cursor.execute(f"DELETE FROM {qn(Unit._meta.db_table)}")
        if connection.vendor == "postgresql":
            try:
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # fire the deferred checks now, not at commit
            except IntegrityError as exc:
                raise DatasetError(
                    f"Other data still refers to the organisation; reset the database instead ({exc})."
                ) from exc
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        for hook in AFTER_RESET_HOOKS:
            hook(cursor)
