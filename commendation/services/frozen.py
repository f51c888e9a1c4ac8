"""Issued means frozen: a decision line keeps the recipient's name, rank, position and unit as they
were on the day of issue (``DecisionLine.recipient_*``), so that renaming a person, promoting them or
moving them never rewrites an issued decision, its list or its certificates. Filled by
``issue_decision`` (and so every recorded external decision) and by the history import's recorded
decisions; a draft's lines read today's data."""

from collections.abc import Sequence

from commendation.models.decisions import DecisionLine, Holder
from organisation.models import Person, Unit

CHUNK = 500  # ids per query


def _chunks(ids: set[int]):
    ordered = sorted(ids)
    for start in range(0, len(ordered), CHUNK):
        yield ordered[start : start + CHUNK]


def freeze_lines(lines: Sequence[DecisionLine]) -> None:
    """Fill the snapshot of ``lines`` in memory from today's data (the caller saves them in bulk): a
    query for the people and one for the units per ``CHUNK`` of each."""
    people: dict[int, Person] = {}
    for chunk in _chunks({x.person_id for x in lines if x.person_id}):
        people |= Person.objects.select_related("unit__parent").in_bulk(chunk)
    units: dict[int, Unit] = {}
    for chunk in _chunks({x.unit_id for x in lines if x.unit_id}):
        units |= Unit.objects.select_related("parent").in_bulk(chunk)
    for line in lines:
        line.freeze(Holder.live(people.get(line.person_id), units.get(line.unit_id)))


def freeze_loaded(lines: Sequence[DecisionLine]) -> None:
    """Fill the snapshot of ``lines`` loaded with ``person__unit__parent`` and ``unit__parent``: no query."""
    for line in lines:
        line.freeze(Holder.live(line.person if line.person_id else None, line.unit if line.unit_id else None))
