"""Issued means frozen: a decision line keeps the recipient's name, rank, position and unit as they
were on the day of issue (``DecisionLine.recipient_*``), so that renaming a person, promoting them or
moving them never rewrites an issued decision, its list or its certificates. Filled by
``issue_decision`` (and so every recorded external decision) and by the history import's recorded
decisions; a draft's lines read today's data."""

from collections.abc import Iterable, Sequence

from commendation.models.decisions import RECIPIENT_FIELDS, DecisionLine, Holder
from organisation.models import Person, Unit

CHUNK = 500  # ids per query


def _chunks(ids: set[int]):
    ordered = sorted(ids)
    for start in range(0, len(ordered), CHUNK):
        yield ordered[start : start + CHUNK]


def recipients(pairs: Iterable[tuple[int | None, int | None]]) -> dict[tuple, Holder]:
    """Today's ``Holder`` of each (person id, unit id) pair: a query for the people and one for the units per
    ``CHUNK`` of each."""
    pairs = set(pairs)
    people: dict[int, Person] = {}
    for chunk in _chunks({p for p, _u in pairs if p}):
        people |= Person.objects.select_related("unit__parent").in_bulk(chunk)
    units: dict[int, Unit] = {}
    for chunk in _chunks({u for _p, u in pairs if u}):
        units |= Unit.objects.select_related("parent").in_bulk(chunk)
    return {(p, u): Holder.live(people.get(p), units.get(u)) for p, u in pairs}


def frozen_fields(holder: Holder) -> dict[str, str]:
    """The snapshot fields of a line (``recipient_*``) for ``holder``, as a line row written without an instance."""
    return {f"recipient_{name}": getattr(holder, name) for name in RECIPIENT_FIELDS}


def freeze_loaded(lines: Sequence[DecisionLine]) -> None:
    """Fill the snapshot of ``lines`` loaded with ``person__unit__parent`` and ``unit__parent``: no query."""
    for line in lines:
        line.freeze(Holder.live(line.person if line.person_id else None, line.unit if line.unit_id else None))
