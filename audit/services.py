"""Writing the audit log. Every service that changes data calls one of these."""

from collections.abc import Iterable

from django.db import models

from audit.bulkinsert import insert_rows
from audit.models import AuditEvent


def jsonable(value):
    """A value as the audit log stores it: None, bool, numbers and text as they are, a model as its
    primary key (text), anything else as text."""
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, models.Model):
        return str(value.pk)
    return str(value)


def object_type(obj: models.Model) -> str:
    return obj._meta.label_lower


def diff(before: dict, after: dict) -> dict:
    """Fields whose value changed, as {field: [old, new]}."""
    return {
        key: [jsonable(before.get(key)), jsonable(after.get(key))]
        for key in after
        if jsonable(before.get(key)) != jsonable(after.get(key))
    }


def snapshot(obj: models.Model, fields: Iterable[str]) -> dict:
    return {
        name: jsonable(getattr(obj, name if not obj._meta.get_field(name).is_relation else name + "_id"))
        for name in fields
    }


def record(actor, action: str, obj: models.Model, changes: dict | None = None, note: str = "") -> AuditEvent:
    return AuditEvent.objects.create(
        actor=actor if getattr(actor, "pk", None) else None,
        action=action,
        object_type=object_type(obj),
        object_id=str(obj.pk),
        object_repr=str(obj)[:255],
        changes=changes or {},
        note=note[:255],
    )


def record_many(actor, action: str, items: Iterable[tuple[models.Model, dict]], note: str = "") -> int:
    """Audit a bulk write in one pass (COPY on PostgreSQL): items are (object, changes) pairs."""
    actor_id = actor.pk if getattr(actor, "pk", None) else None
    note = note[:255]
    rows = [
        {
            "actor_id": actor_id,
            "action": action,
            "object_type": object_type(obj),
            "object_id": str(obj.pk),
            "object_repr": str(obj)[:255],
            "changes": changes,
            "note": note,
        }
        for obj, changes in items
    ]
    insert_rows(AuditEvent, rows)
    return len(rows)


def history_of(obj: models.Model):
    return AuditEvent.objects.filter(object_type=object_type(obj), object_id=str(obj.pk)).select_related("actor")
