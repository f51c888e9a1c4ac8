"""Reading millions of ids fast: grouped in the database (``GroupedIds``), turned into bitsets with numpy
(``Positions``), and the biggest reads started on a connection of their own (``in_thread``)."""

from concurrent.futures import Future, ThreadPoolExecutor

import numpy as np
from django.db import connections
from django.db.models import Aggregate, TextField


class GroupedIds(Aggregate):
    """The ids of a group: a list on PostgreSQL (ARRAY_AGG, parsed by the driver in C), a
    comma-joined string elsewhere (GROUP_CONCAT; STRING_AGG + split was 3× slower on PostgreSQL).
    Read it with ``ids_of``."""

    function = "GROUP_CONCAT"
    template = "%(function)s(%(expressions)s)"
    output_field = TextField()  # no conversion: the driver's value passes through

    def as_postgresql(self, compiler, connection, **extra_context):
        return self.as_sql(compiler, connection, function="ARRAY_AGG", **extra_context)


def ids_of(value) -> list[int]:
    """The ids of a GroupedIds value, whichever the database."""
    if not value:
        return []
    return value if isinstance(value, list) else list(map(int, value.split(",")))


class Positions:
    """The table positions of grouped ids by one array lookup (numpy), for the big yearly facts: 4 million
    person-years become bitsets in vectorised steps instead of a dictionary lookup and a bit set per id."""

    SPARSE = 16  # ids larger than SPARSE × the table's size (plus a million): search the sorted ids instead

    def __init__(self, ids: list[int]):
        self.n = len(ids)
        self.ids = np.asarray(ids, dtype=np.int64)
        top = int(self.ids.max()) + 1 if self.n else 1
        self.lut = None
        if top <= self.SPARSE * self.n + 1_000_000:
            self.lut = np.full(top, -1, dtype=np.int64)
            self.lut[self.ids] = np.arange(self.n, dtype=np.int64)

    def indices(self, value) -> np.ndarray:
        """The table positions of a GroupedIds value's ids (ids outside the table skipped)."""
        if not value or self.n == 0:
            return np.zeros(0, dtype=np.int64)
        found = (
            np.asarray(value, dtype=np.int64)
            if isinstance(value, list)
            else np.fromstring(value, dtype=np.int64, sep=",")
        )
        if self.lut is not None:
            found = self.lut[found[(found >= 0) & (found < len(self.lut))]]
            return found[found >= 0]
        where = np.minimum(np.searchsorted(self.ids, found), self.n - 1)
        return where[self.ids[where] == found]

    def bits(self, value) -> int:
        """The set of the table positions of a GroupedIds value's ids (ids outside the table skipped)."""
        return self.bits_at(self.indices(value))

    def bits_at(self, positions: np.ndarray) -> int:
        """The set of ``positions`` as a bitset (an int)."""
        if self.n == 0 or not len(positions):
            return 0
        flags = np.zeros(self.n, dtype=np.uint8)
        flags[positions] = 1
        return int.from_bytes(np.packbits(flags, bitorder="little").tobytes(), "little")


def in_thread(function, *args):
    """``function(*args)`` on a connection of its own, closed after (a thread's connection is its own)."""

    def run():
        try:
            return function(*args)
        finally:
            connections.close_all()

    return _POOL.submit(run)


_POOL = ThreadPoolExecutor(max_workers=3, thread_name_prefix="facts")  # two facts reads, the listing order


def result(rows):
    """Rows read here, or by a thread (a future)."""
    return rows.result() if isinstance(rows, Future) else rows
