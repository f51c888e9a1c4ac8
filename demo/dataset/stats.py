"""Top up the benchmark dataset to a number of award instances: ``top_up(target)``.

``demo.dataset.honours`` writes ~4.36 million instances on the national dataset (titles and award forms
that follow from the ratings); the statistics benchmark asks for about 5 million. The rest are
award forms of the same kinds as the real ones: mostly Giấy khen of the unit head to people
(merit, some ad-hoc and thematic), a few Bằng khen Bộ trưởng, some Giấy khen to collectives,
0.1 % annulled — spread over the years already rated.

Idempotent: adds rows only while the instances are below ``target``. Deterministic for a seed.
The same bulk path as ``demo.dataset.honours`` (COPY on PostgreSQL, batched executemany elsewhere).
"""

import datetime
import random
import time
from collections.abc import Callable

from django.db import connection, transaction

from demo.dataset.honours import FORM_COLUMNS
from honours.models import AwardForm, FormAward, TitleAward
from organisation.bulk import bulk_load, insert, qn
from organisation.models import Person, PersonRating, Unit
from stats import summary

FULL_TARGET = 5_000_000


def instances() -> int:
    """Award instances (lượt) recorded, annulled ones included."""
    return TitleAward.objects.count() + FormAward.objects.count()


def top_up(target: int = FULL_TARGET, seed: int = 2026, progress: Callable[[str], object] = print) -> int:
    """Add FormAward rows until there are ``target`` instances; return how many were added."""
    missing = target - instances()
    if missing <= 0:
        return 0
    started = time.monotonic()
    rng = random.Random(seed)
    # Everything the rows need is read before the COPY starts: a query on the connection while it
    # copies would wait on itself.
    forms = dict(AwardForm.objects.values_list("code", "id"))
    years = sorted(PersonRating.objects.order_by().values_list("year", flat=True).distinct())
    people = list(Person.objects.order_by("pk").values_list("pk", flat=True))
    units = list(Unit.objects.exclude(kind="ministry").order_by("pk").values_list("pk", flat=True))
    if not years or not people or not units:
        return 0
    last_year = years[-1]
    kinds, kind_weights = ["merit", "ad_hoc", "thematic"], [80, 15, 5]

    def rows():
        for _ in range(missing):
            y = rng.choice(years)
            decided = (
                datetime.date(y, 12, rng.randint(10, 28))
                if y >= last_year
                else datetime.date(y + 1, rng.randint(1, 3), rng.randint(1, 28))
            )
            kind = rng.choices(kinds, kind_weights)[0]
            annulled = rng.random() < 0.001
            if rng.random() < 0.93:
                form = forms["BK_BO"] if rng.random() < 0.05 else forms["GK"]
                yield form, rng.choice(people), None, y, decided, "", kind, annulled
            else:
                form = forms["BK_BO_TT"] if rng.random() < 0.05 else forms["GK_TT"]
                yield form, None, rng.choice(units), y, decided, "", kind, annulled

    table = qn(FormAward._meta.db_table)
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL maintenance_work_mem = '256MB'")
        with bulk_load(cursor, FormAward):
            added = insert(cursor, FormAward, FORM_COLUMNS, rows())
        if connection.vendor == "postgresql":
            cursor.execute(f"ANALYZE {table}")
    if connection.vendor == "postgresql" and not connection.in_atomic_block:
        with connection.cursor() as cursor:  # what autovacuum would do soon: the visibility map
            cursor.execute(f"VACUUM (ANALYZE) {table}")
        summary.vacuum()  # recounted by the bulk load's hook
    progress(f"[{time.monotonic() - started:6.1f} s] {added:,} award forms added: {target:,} instances")
    return added
