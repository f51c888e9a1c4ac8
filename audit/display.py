"""Reading the audit log: an event's changes as lines a person can read (the "Lịch sử thay đổi" tab).

What ``changes`` holds depends on the action, and old rows keep their shape, so it is read here, not
rewritten:

- update (and import, transfer, token) events hold ``{field: [old, new]}`` pairs; a few hold, under
  one key, a dict of such pairs (a conference's attendance by unit, an election's roll by voter);
- create events hold the new object's fields, either flat (``audit.snapshot``: ``{field: value}``,
  values never lists) or as pairs whose old side is empty (``[None, value]``, ``[[], [...]]``);
- delete events hold the removed object's fields, flat or as ``[value, None]`` pairs.

A value that is a list (members, titles) is one value, shown whole: only a two-item list that is a
pair by the rules above is read as old and new.
"""

import datetime
from dataclasses import dataclass

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils.text import capfirst
from django.utils.translation import gettext as _

EMPTY = "—"
CREATE, DELETE = "create", "delete"


@dataclass(frozen=True)
class ChangeLine:
    field: str  # the key as stored
    label: str  # the model field's verbose name when it has one, else the key
    values: tuple[str, ...]  # (new,) for a create, (old,) for a delete, (old, new) otherwise


def change_lines(event) -> list[ChangeLine]:
    changes = event.changes if isinstance(event.changes, dict) else {}
    model = _model(event.object_type)
    lines = []
    for key, value in _in_field_order(model, changes):
        field = _field(model, key)
        label = capfirst(str(field.verbose_name)) if field is not None else key
        if (
            event.action not in (CREATE, DELETE)
            and isinstance(value, dict)
            and value
            and all(map(_is_pair, value.values()))
        ):
            for sub, pair in sorted(value.items()):  # {"attendance": {"PX03": [old, new]}}
                lines.append(ChangeLine(key, f"{label} · {sub}", (_show(pair[0], field), _show(pair[1], field))))
            continue
        lines.append(ChangeLine(key, label, tuple(_show(v, field) for v in _sides(event.action, value))))
    return lines


def _in_field_order(model, changes: dict) -> list[tuple]:
    """The changes in the model's field order, other keys after them by name: PostgreSQL's jsonb does not
    keep the order the keys were written in, so the stored order cannot be the displayed one."""
    order = {}
    if model is not None:
        names = [f.name for f in model._meta.fields] + [f.name for f in model._meta.many_to_many]
        order = {name: i for i, name in enumerate(names)}
    return sorted(changes.items(), key=lambda item: (order.get(item[0], len(order)), item[0]))


def _sides(action: str, value) -> tuple:
    if action == CREATE:
        return (value[1],) if _is_pair(value) and _blank(value[0]) else (value,)
    if action == DELETE:
        return (value[0],) if _is_pair(value) and _blank(value[1]) else (value,)
    return (value[0], value[1]) if _is_pair(value) else (value,)


def _is_pair(value) -> bool:
    return isinstance(value, list) and len(value) == 2


def _blank(value) -> bool:
    return value is None or value == "" or value == [] or value == {}


def _model(object_type: str):
    try:
        return apps.get_model(object_type)
    except (LookupError, ValueError):
        return None


def _field(model, name: str):
    if model is None:
        return None
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return None
    return field if getattr(field, "verbose_name", None) else None  # reverse relations have none


def _show(value, field) -> str:
    if value is None or value == "" or value == [] or value == {}:
        return EMPTY
    if isinstance(value, list):
        return ", ".join(f"({_show(v, field)})" if isinstance(v, list) else _show(v, field) for v in value)
    if isinstance(value, dict):
        return ", ".join(f"{k}: {_show(v, field)}" for k, v in value.items())
    if field is not None and field.choices:
        labels = {str(k): label for k, label in field.flatchoices}
        if str(value) in labels:
            return str(labels[str(value)])
    if isinstance(value, bool):
        return _("có") if value else _("không")
    if isinstance(field, models.DateField) and not isinstance(field, models.DateTimeField) and isinstance(value, str):
        try:
            return datetime.date.fromisoformat(value).strftime("%d/%m/%Y")
        except ValueError:
            return value
    return str(value)
