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

Foreign keys are stored as primary keys; ``attach_names`` looks up the objects they name for a whole
page of events, one query per related model (``AuditEvent.objects`` does it for every list it
fetches), so a line reads "Đơn vị cấp trên: CAQB – Công an tỉnh Quảng Bình", not "…: 12". An object
deleted since shows its key ("#12").
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist, ValidationError
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


# The objects foreign keys name: {(related model, str(pk)): str(object)}; set by ``attach_names``.
NAMES_ATTRIBUTE = "_audit_names"


def change_lines(event) -> list[ChangeLine]:
    changes = event.changes if isinstance(event.changes, dict) else {}
    model = _model(event.object_type)
    names = getattr(event, NAMES_ATTRIBUTE, None)  # None: not looked up, keys shown as stored
    lines = []
    for key, value in _in_field_order(model, changes):
        field = _field(model, key)
        label = capfirst(str(field.verbose_name)) if field is not None else key
        show = _Shower(field, names)
        if (
            event.action not in (CREATE, DELETE)
            and isinstance(value, dict)
            and value
            and all(map(_is_pair, value.values()))
        ):
            for sub, pair in sorted(value.items()):  # {"attendance": {"PX03": [old, new]}}
                lines.append(ChangeLine(key, f"{label} · {sub}", (show(pair[0]), show(pair[1]))))
            continue
        lines.append(ChangeLine(key, label, tuple(show(v) for v in _sides(event.action, value))))
    return lines


def attach_names(events) -> None:
    """Name the objects the events' foreign keys point to: one query per related model for all the events."""
    wanted: dict = defaultdict(set)
    for event in events:
        model = _model(event.object_type)
        if model is None or not isinstance(event.changes, dict):
            continue
        for key, value in event.changes.items():
            related = _related_model(_field(model, key))
            if related is not None:
                wanted[related].update(str(v) for v in _scalars(value))
    names: dict = {}
    for related, keys in wanted.items():
        pks = []
        for key in keys:
            try:
                pks.append(related._meta.pk.to_python(key))
            except (ValueError, TypeError, ValidationError):
                continue
        for obj in related._default_manager.filter(pk__in=pks):
            names[(related, str(obj.pk))] = str(obj)
    for event in events:
        setattr(event, NAMES_ATTRIBUTE, names)


def _related_model(field):
    if field is None or not field.is_relation or field.related_model is None:
        return None
    return field.related_model


def _scalars(value):
    """Every plain value inside a stored value (pairs, lists, nested dicts of pairs)."""
    if isinstance(value, list):
        for item in value:
            yield from _scalars(item)
    elif isinstance(value, dict):
        for item in value.values():
            yield from _scalars(item)
    elif value is not None and value != "" and not isinstance(value, bool):
        yield value


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


class _Shower:
    """One field's values as text, foreign keys by the names ``attach_names`` found."""

    def __init__(self, field, names: dict | None):
        self.field, self.names, self.related = field, names, _related_model(field)

    def __call__(self, value) -> str:
        if (
            self.related is not None
            and self.names is not None
            and not isinstance(value, (list, dict))
            and not _blank(value)
        ):
            return self.names.get((self.related, str(value)), f"#{value}")
        if isinstance(value, list) and value:
            return ", ".join(f"({self(v)})" if isinstance(v, list) else self(v) for v in value)
        if isinstance(value, dict) and value:
            return ", ".join(f"{k}: {self(v)}" for k, v in value.items())
        return _show(value, self.field)


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


def object_type_label(object_type: str) -> str:
    """The kind of object an event is about, as its model names it ("đơn vị"), else as stored."""
    model = _model(object_type)
    return capfirst(str(model._meta.verbose_name)) if model is not None else object_type
