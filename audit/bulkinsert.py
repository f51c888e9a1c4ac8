"""Rows written in one pass: COPY on PostgreSQL, ``bulk_create`` elsewhere.

Django's ``bulk_create`` on PostgreSQL sends each batch as arrays (``INSERT … SELECT * FROM UNNEST(…)``), and
psycopg builds those arrays in Python; Django also builds a model instance per row and prepares every cell. For the
tens of thousands of rows of a history import (its recorded decisions, their lines, the audit rows) that costs more
than the database's own work. COPY streams the values row by row, from plain dicts when the caller needs no
instances. It lives at the bottom layer because the audit log is its biggest user; every app may call it.
"""

import json
from collections.abc import Callable, Iterable, Sequence

from django.db import connection, models
from django.utils import timezone


def _auto(field: models.Field) -> bool:
    return isinstance(field, models.AutoField | models.BigAutoField | models.SmallAutoField)


def _converter(field: models.Field) -> Callable[[object], object] | None:
    """What a value of ``field`` needs before COPY takes it (None: nothing; a foreign key is its id already)."""
    if isinstance(field, models.JSONField):
        return lambda value: None if value is None and field.null else json.dumps(value, cls=field.encoder)
    if isinstance(field, models.CharField | models.TextField):
        return lambda value: value if value is None or type(value) is str else str(value)  # a lazy text, a choice
    if isinstance(field, models.DateField | models.BooleanField | models.IntegerField | models.ForeignKey):
        return None
    if isinstance(field, models.DecimalField | models.FloatField | models.UUIDField):
        return None
    return lambda value: field.get_db_prep_save(value, connection)


def _default(field: models.Field, now):
    if isinstance(field, models.DateField) and (field.auto_now or field.auto_now_add):
        return now if isinstance(field, models.DateTimeField) else now.date()
    return field.get_default()


def _logged(sql: str, count: int) -> None:
    """COPY goes past Django's cursor wrapper: put it in the query log as one statement, so that query counts
    (``CaptureQueriesContext``, the debug toolbar) still see it."""
    if connection.queries_logged:
        connection.queries_log.append({"sql": f"{sql} -- {count} rows", "time": "0.000"})


def insert_rows(model: type[models.Model], rows: Iterable[dict], *, ids: bool = False) -> list:
    """Write ``rows`` ({attname: value}; a field left out takes its default, ``auto_now(_add)`` the time of the
    call) into ``model``'s table, in order. ``ids``: return their primary keys (drawn from the table's sequence on
    PostgreSQL first), else []. No signals are sent (nor does ``bulk_create`` send any)."""
    rows = list(rows)
    if not rows:
        return []
    if connection.vendor != "postgresql":
        objs = model.objects.bulk_create([model(**row) for row in rows], batch_size=2000)
        return [obj.pk for obj in objs] if ids else []
    meta = model._meta
    fields = [f for f in meta.concrete_fields if not (_auto(f) and f.primary_key)]
    now = timezone.now()
    plan = [(f.attname, _default(f, now), _converter(f)) for f in fields]
    keys: list = []
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        if ids and _auto(meta.pk):
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                [meta.db_table, meta.pk.column, len(rows)],
            )
            keys = [value for (value,) in cursor.fetchall()]
            rows = [row | {meta.pk.attname: key} for row, key in zip(rows, keys, strict=True)]
            plan.insert(0, (meta.pk.attname, None, None))
            fields.insert(0, meta.pk)
        elif ids:
            keys = [row[meta.pk.attname] for row in rows]
        columns = ", ".join(quote(f.column) for f in fields)
        _logged(f"COPY {quote(meta.db_table)} ({columns}) FROM STDIN", len(rows))
        copy_into(
            cursor,
            meta.db_table,
            [f.column for f in fields],
            (
                [
                    value if convert is None else convert(value)
                    for name, default, convert in plan
                    for value in (row.get(name, default),)
                ]
                for row in rows
            ),
        )
    return keys


def copy_into(cursor, table: str, columns: list[str], rows: Iterable) -> int:
    """COPY ``rows`` (sequences of database values, in ``columns``' order) into ``table`` on PostgreSQL, through
    a Django cursor; returns how many. The one COPY loop of the project (``organisation.bulk.insert`` and
    ``insert_rows`` use it)."""
    quote = connection.ops.quote_name
    count = 0
    with cursor.cursor.copy(f"COPY {quote(table)} ({', '.join(quote(c) for c in columns)}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)
            count += 1
    return count


def insert_objects(model: type[models.Model], objs: Sequence[models.Model], *, ids: bool = False) -> list:
    """``insert_rows`` for new, unsaved instances (their ``pre_save`` applied, as ``bulk_create`` does), which
    come back saved (with their primary keys when ``ids``)."""
    objs = list(objs)
    if connection.vendor != "postgresql":
        return model.objects.bulk_create(objs, batch_size=2000) if objs else objs
    fields = [f for f in model._meta.concrete_fields if not (_auto(f) and f.primary_key)]
    rows = [{f.attname: f.pre_save(obj, True) for f in fields} for obj in objs]
    keys = insert_rows(model, rows, ids=ids)
    for index, obj in enumerate(objs):
        if keys:
            obj.pk = keys[index]
        obj._state.adding, obj._state.db = False, connection.alias
    return objs
