"""Synthetic national-scale data for benchmarks: ``generate(units, people, years, seed)``.

The full size is the CAND of 2025 in round numbers: 5,000 units, 400,000 people, ten years of
ratings (4,000,000 PersonRating rows). The shape is the real one, scaled to ``units``: the
Ministry → ~40 department-level units → their rooms; 34 provincial police → ~25 rooms each
(some with teams) and ~100 communes and wards (valid from 01/07/2025), plus the former district
police (ended 28/02/2025) and their communes (ended 30/06/2025, merged into the new ones).
Four levels deep (depth 0–3).

Ids are computed here, so each unit's ``path`` and ``depth`` are written in the same pass as
the unit itself. PostgreSQL loads through COPY (the big tables with their secondary indexes and
foreign keys dropped and rebuilt afterwards, as the PostgreSQL manual advises for bulk loads);
SQLite through ``executemany`` in batches. Everything happens in one transaction.

The package: ``shape`` (sizes, dates, the national tables), ``units`` (the units planned) and
``people`` (the people and assignments planned); ``generate`` below writes them."""

import datetime
import random
import time
from collections.abc import Callable

from django.core.management.color import no_style
from django.db import connection, transaction
from django.utils import timezone

from demo import names as demo_names
from demo.dataset.organisation.people import plan_people
from demo.dataset.organisation.shape import COMMUNES_START, DISTRICTS_END, FULL, LAST_YEAR, QUICK, REORGANISATION
from demo.dataset.organisation.units import plan_sizes, plan_units
from organisation.bulk import DatasetError, bulk_load, insert, qn, reset_organisation
from organisation.models import Assignment, Person, PersonRating, Unit, UnitChange, UnitRating, UnitSuccession
from organisation.text import fold

UNIT_COLUMNS = [
    "id",
    "ref",
    "code",
    "name",
    "short_name",
    "name_folded",
    "kind",
    "parent_id",
    "path",
    "depth",
    "valid_from",
    "valid_to",
    "created_at",
    "updated_at",
]


PERSON_COLUMNS = [
    "id",
    "ident",
    "full_name",
    "name_folded",
    "birth_date",
    "sex",
    "rank",
    "position",
    "service_start",
    "unit_id",
    "created_at",
    "updated_at",
]


ASSIGNMENT_COLUMNS = ["person_id", "unit_id", "start", "end", "position", "basis"]


def is_empty() -> bool:
    return not (Unit.objects.exists() or Person.objects.exists())


def generate(
    units: int = FULL["units"],
    people: int = FULL["people"],
    years: int = FULL["years"],
    seed: int = 2025,
    progress: Callable[[str], object] = print,
    *,
    reset: bool = False,
) -> dict:
    """Fill an empty organisation with ``units`` units, ``people`` people (one open assignment each,
    ~5 % with an earlier one, every commune officer with the one before 01/07/2025) and ``years``
    years of ratings up to 2025 for every person (people × years rows: everyone served through the
    rated years, the rules engine's worst case). Deterministic for a ``seed``. Returns the counts
    and the seconds taken.

    Raises DatasetError when units or people exist, unless ``reset`` deletes them first.
    """
    if years < 1 or people < 0:
        raise DatasetError("Years must be at least 1 and people at least 0.")
    started = time.monotonic()

    def say(message: str) -> None:
        progress(f"[{time.monotonic() - started:6.1f} s] {message}")

    if not is_empty() and not reset:
        raise DatasetError(
            f"The organisation is not empty ({Unit.objects.count()} units, {Person.objects.count()} people): "
            "generate_dataset only fills an empty one. Use --reset to delete the organisation first."
        )
    rng = random.Random(seed)
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    first_year = LAST_YEAR - years + 1
    counts: dict[str, int] = {}

    with transaction.atomic(), connection.cursor() as cursor:  # a failed run, reset included, leaves nothing
        if not is_empty():
            say("deleting the existing organisation (--reset)")
            reset_organisation()
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL maintenance_work_mem = '256MB'")
        first_unit = (Unit.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
        plan, merges = plan_units(units, rng, first_unit)
        counts["units"] = insert(
            cursor,
            Unit,
            UNIT_COLUMNS,
            (
                (
                    u.id,
                    u.ref,
                    u.code,
                    u.name,
                    "",
                    fold(u.name),
                    u.kind,
                    u.parent.id if u.parent else None,
                    u.path,
                    u.depth,
                    u.valid_from,
                    u.valid_to,
                    now,
                    now,
                )
                for u in plan
            ),
        )
        counts["successions"] = insert(
            cursor,
            UnitSuccession,
            ["predecessor_id", "successor_id", "date", "kind"],
            ((old.id, new.id, COMMUNES_START, "merged") for old, new in merges),
        )
        changes = [
            (u.id, "dissolved", DISTRICTS_END + datetime.timedelta(1), "", "", "Sắp xếp Công an 3 cấp")
            for u in plan
            if u.role == "district"
        ]
        changes += [
            (new.id, "created", COMMUNES_START, "", new.name, REORGANISATION) for new in plan if new.role == "commune"
        ]
        changes += [(old.id, "merged", COMMUNES_START, "", new.name, REORGANISATION) for old, new in merges]
        insert(cursor, UnitChange, ["unit_id", "kind", "date", "old_value", "new_value", "basis"], changes)
        say(f"{counts['units']:,} units, depth ≤ {max(u.depth for u in plan)}, {len(merges):,} merges")

        first_person = (Person.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
        person_rows, assignment_rows, transfers = plan_people(plan, merges, people, years, rng, first_person, now)
        starts = [(row[0], row[8]) for row in person_rows]
        say(f"{len(person_rows):,} people made, {transfers:,} with an earlier assignment")

        with bulk_load(cursor, Person):
            counts["people"] = insert(cursor, Person, PERSON_COLUMNS, person_rows)
        del person_rows
        say(f"{counts['people']:,} people written")
        with bulk_load(cursor, Assignment):
            counts["assignments"] = insert(cursor, Assignment, ASSIGNMENT_COLUMNS, assignment_rows)
        del assignment_rows
        say(f"{counts['assignments']:,} assignments written")

        cutoffs = {year: datetime.date(year, 7, 1) for year in range(first_year, LAST_YEAR + 1)}

        def person_ratings():
            for person_id, start in starts:
                rated = [y for y, cutoff in cutoffs.items() if start < cutoff]
                for year, rating in zip(rated, demo_names.rating_series(rng, len(rated)), strict=True):
                    yield person_id, year, rating

        with bulk_load(cursor, PersonRating):
            counts["person_ratings"] = insert(cursor, PersonRating, ["person_id", "year", "rating"], person_ratings())
        say(f"{counts['person_ratings']:,} person ratings written")

        def unit_ratings():
            for u in plan:
                if u.kind == "ministry":
                    continue
                rated = [
                    y
                    for y in cutoffs
                    if (u.valid_from is None or u.valid_from <= datetime.date(y, 12, 31))
                    and (u.valid_to is None or u.valid_to >= datetime.date(y, 12, 31))
                ]
                for year, rating in zip(rated, demo_names.rating_series(rng, len(rated), unit=True), strict=True):
                    yield u.id, year, rating

        counts["unit_ratings"] = insert(cursor, UnitRating, ["unit_id", "year", "rating"], unit_ratings())
        for sql in connection.ops.sequence_reset_sql(
            no_style(), [Unit, Person, Assignment, PersonRating, UnitRating, UnitSuccession, UnitChange]
        ):
            cursor.execute(sql)
        if connection.vendor == "postgresql":
            tables = [m._meta.db_table for m in (Unit, Person, Assignment, PersonRating, UnitRating, UnitSuccession)]
            cursor.execute("ANALYZE " + ", ".join(qn(t) for t in tables))
    counts["seconds"] = round(time.monotonic() - started, 1)
    say(f"done: {counts['unit_ratings']:,} unit ratings; committed")
    return counts


__all__ = [
    "COMMUNES_START",
    "DISTRICTS_END",
    "FULL",
    "LAST_YEAR",
    "QUICK",
    "DatasetError",
    "generate",
    "is_empty",
    "plan_sizes",
    "plan_units",
]
