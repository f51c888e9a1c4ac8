"""Stored verdicts: the eligibility pages of big scopes read the verdicts a job computed, never an evaluation per
request, and never show a verdict computed from older facts as current.

A ``VerdictSnapshot`` holds, for one rule set, year and scope (the whole organisation, or the subtree of the unit
owning a rule set copy), the people and units judged, where each person served, and per rule the eligible and
postponed sets as bitsets (``pack`` / ``unpack``: a few megabytes for the whole Ministry, unpacked once per
process and kept). ``recompute`` (a job, ``eligibility.jobs``) claims the stale marks there are
(``eligibility.freshness``), evaluates every snapshot asked for, stores them and deletes the marks it claimed.

Reading (``view``): the snapshot restricted to the scope asked (a unit's subtree, a block's members), minus the
subjects not current — the people and units marked stale, the units of stale people (a unit's verdicts count its
members), and the members of stale units (a person's verdicts read whether their unit's titles are decided). Those
are counted apart as "đang cập nhật" and listed nowhere; everything is "đang cập nhật" when a mark says everything
changed, or while the first computation runs. The listing's page of rows is then explained by the engine on the
facts of just those subjects (``explain``): a row whose live status differs from the stored one is shown as being
updated too.
"""

import array
import bisect
import json
import time
import zlib
from dataclasses import dataclass, field

import numpy as np
from django.db import transaction
from django.db.models.functions import Length
from django.utils import timezone

from eligibility import facts, freshness, registry
from eligibility.engine import COLLECTIVE, INDIVIDUAL, Evaluation, Status, cutoff, evaluate
from eligibility.engine import bits as bitsets
from eligibility.grouped import in_thread
from eligibility.models import VerdictSnapshot
from eligibility.services import evaluate_scope
from organisation.models import Person, Unit

FORMAT = 1
WHOLE = 0  # scope_key of the whole organisation


# Packing -------------------------------------------------------------------------------------------------------


@dataclass
class Snapshot:
    """An unpacked ``VerdictSnapshot``: ids ascending, ``people_units[i]`` where person i served (0: unknown)."""

    pk: int
    ruleset: str
    year: int
    scope_key: int
    computed_at: object
    people: array.array
    people_units: array.array
    units: array.array
    outcomes: dict = field(default_factory=dict)  # (code, recipient) -> (eligible bits, postponed bits)
    rank: np.ndarray | None = None  # rank[i]: person i's place in the listing order (None: not computed yet)

    def table(self, recipient: str) -> array.array:
        return self.people if recipient == INDIVIDUAL else self.units


def _bytes(value: int, n: int) -> bytes:
    return value.to_bytes((n + 7) // 8, "little")


def pack(evaluation: Evaluation, people_units: list[int]) -> bytes:
    people = evaluation.people.ids if evaluation.people is not None else []
    units = evaluation.units.ids if evaluation.units is not None else []
    chunks = [
        array.array("q", people).tobytes(),
        array.array("q", people_units).tobytes(),
        array.array("q", units).tobytes(),
    ]
    outcomes = []
    for (code, recipient), outcome in evaluation.outcomes.items():
        n = len(people) if recipient == INDIVIDUAL else len(units)
        outcomes.append([code, recipient])
        chunks += [_bytes(outcome.eligible, n), _bytes(outcome.postponed, n)]
    header = json.dumps(
        {"format": FORMAT, "people": len(people), "units": len(units), "outcomes": outcomes}, separators=(",", ":")
    ).encode()
    return zlib.compress(len(header).to_bytes(4, "little") + header + b"".join(chunks), 1)


def unpack(row: VerdictSnapshot) -> Snapshot:
    raw = zlib.decompress(bytes(row.data))
    size = int.from_bytes(raw[:4], "little")
    header = json.loads(raw[4 : 4 + size])
    if header.get("format") != FORMAT:
        raise ValueError(f"stored verdicts in format {header.get('format')!r}")
    at = 4 + size
    n, m = header["people"], header["units"]

    def ids(count: int) -> array.array:
        nonlocal at
        out = array.array("q")
        out.frombytes(raw[at : at + 8 * count])
        at += 8 * count
        return out

    people, people_units, units = ids(n), ids(n), ids(m)
    snapshot = Snapshot(row.pk, row.ruleset, row.year, row.scope_key, row.computed_at, people, people_units, units)
    for code, recipient in header["outcomes"]:
        width = ((n if recipient == INDIVIDUAL else m) + 7) // 8
        eligible = int.from_bytes(raw[at : at + width], "little")
        postponed = int.from_bytes(raw[at + width : at + 2 * width], "little")
        at += 2 * width
        snapshot.outcomes[(code, recipient)] = (eligible, postponed)
    order = bytes(row.order or b"")
    if order:
        rank = np.frombuffer(zlib.decompress(order), dtype=np.int64)
        snapshot.rank = rank if len(rank) == n else None
    return snapshot


def display_key(name_unit: tuple[str, str], pk: int) -> tuple:
    """The listing order: by unit code, then the Vietnamese way — given name (the last word) first, then the full
    name."""
    name, unit = name_unit
    words = name.split()
    return (unit, words[-1].casefold() if words else "", name.casefold(), pk)


def listing_keys(scope_key: int, year: int) -> tuple[np.ndarray, list[tuple]]:
    """Every person of a snapshot's scope with their ``display_key``, sorted: (ids in the listing order, their keys).
    Read and sorted apart from the verdicts (``recompute`` starts it on a connection of its own at once, so that it
    runs while the facts load), with the keys built in one comprehension (a function call per person cost twice
    as much)."""
    people = Person.objects.all()
    if scope_key != WHOLE:
        people = people.filter(
            pk__in=facts.serving_on(cutoff(year), Unit.objects.get(pk=scope_key)).values("person_id")
        )
    keys = [
        (code or "", words[-1].casefold() if words else "", name.casefold(), pk)
        for pk, name, code in people.values_list("pk", "full_name", "unit__code").iterator(chunk_size=20_000)
        for words in (name.split(),)
    ]
    keys.sort()
    return np.fromiter((k[3] for k in keys), dtype=np.int64, count=len(keys)), keys


def display_order(row: VerdictSnapshot, ordered: tuple[np.ndarray, list] | None = None) -> bytes:
    """The rank of each person of ``row`` in the listing order (packed): computed once after a recompute, so that a
    page of 90,000 candidates is a sort of integers, not of 90,000 names read for it. ``ordered``: what
    ``listing_keys`` read for the row's scope (read now when not given); a person it lacks (added since) goes after
    the others, by ``display_key`` of no name."""
    snapshot = unpack(row)
    ids = np.asarray(snapshot.people, dtype=np.int64)
    in_order, _keys = ordered if ordered is not None else listing_keys(row.scope_key, row.year)
    positions = np.searchsorted(ids, in_order)
    positions = np.minimum(positions, max(len(ids) - 1, 0))
    hit = (ids[positions] == in_order) if len(ids) else np.zeros(0, dtype=bool)
    placed = positions[hit]
    rank = np.full(len(ids), -1, dtype=np.int64)
    rank[placed] = np.arange(len(placed), dtype=np.int64)
    missing = np.flatnonzero(rank < 0)
    if len(missing):  # judged but not read by listing_keys: a person created in between, after the others
        late = sorted(missing.tolist(), key=lambda i: display_key(("", ""), int(ids[i])))
        rank[np.asarray(late, dtype=np.int64)] = np.arange(len(placed), len(ids), dtype=np.int64)
    return zlib.compress(rank.tobytes(), 1)


_CACHE: dict[int, tuple[object, Snapshot]] = {}
_CACHE_SIZE = 8


def _unpacked(row: VerdictSnapshot) -> Snapshot:
    """One reading and unpacking per process and computation (the whole Ministry's is a few megabytes): ``row`` comes
    without its blobs, with ``order_bytes`` (whether the listing order is stored yet), and the blobs are read only when
    this process has not unpacked this computation, or unpacked it before its order was stored."""
    key = (row.computed_at, row.order_bytes > 0)
    cached = _CACHE.get(row.pk)
    if cached is not None and cached[0] == key:
        return cached[1]
    full = VerdictSnapshot.objects.get(pk=row.pk)
    snapshot = unpack(full)
    if len(_CACHE) >= _CACHE_SIZE:
        _CACHE.pop(next(iter(_CACHE)))
    _CACHE[row.pk] = ((full.computed_at, bool(bytes(full.order or b""))), snapshot)
    return snapshot


# Computing -----------------------------------------------------------------------------------------------------


def scope_key(entry: registry.Entry) -> int:
    """The scope a rule set judges: the owner's subtree for a copy, else the whole organisation."""
    return entry.copy.owner_id if entry.copy is not None else WHOLE


def compute(row: VerdictSnapshot) -> VerdictSnapshot:
    """Evaluate ``row``'s rule set, year and scope now and keep the result in ``row`` (not saved)."""
    started, clock = timezone.now(), time.perf_counter()
    root = Unit.objects.get(pk=row.scope_key) if row.scope_key != WHOLE else None
    evaluation = evaluate_scope(root, row.year, row.ruleset)
    people_units = _units_of(evaluation, root, row.year)
    row.data = pack(evaluation, people_units)
    row.order = b""  # the listing order follows (``display_order``), after the verdicts are stored
    row.people = evaluation.people.n if evaluation.people is not None else 0
    row.units = evaluation.units.n if evaluation.units is not None else 0
    row.facts_as_of, row.computed_at = started, timezone.now()
    row.seconds = round(time.perf_counter() - clock, 3)
    return row


def _units_of(evaluation: Evaluation, root: Unit | None, year: int) -> list[int]:
    """Where each judged person served on the cut-off date (the evaluation has it when the rules read members)."""
    people = evaluation.people
    if people is None:
        return []
    if people.n == 0 or all(u is not None for u in people.unit_ids):
        return [u or 0 for u in people.unit_ids]
    unit_of = dict(
        facts.serving_on(cutoff(year), root).order_by("person_id", "-start").values_list("person_id", "unit_id")
    )
    return [unit_of.get(pid, 0) for pid in people.ids]


def recompute(token: int, progress=None) -> dict:
    """Claim the stale marks, compute every snapshot asked for, store them and delete the claimed marks (the last
    two in one transaction). ``token``: the job's id (a retried job takes its own claims back)."""
    freshness.claim(token)
    rows = list(VerdictSnapshot.objects.order_by("-year", "ruleset", "scope_key").defer("data"))
    # The listing order's names read and sorted meanwhile, on connections of their own (PostgreSQL, outside a
    # transaction: as the facts' biggest reads), one per scope and year.
    orders = {}
    if facts.parallel_reads():
        orders = {(r.scope_key, r.year): in_thread(listing_keys, r.scope_key, r.year) for r in rows}
    computed = []
    for n, row in enumerate(rows, start=1):
        try:
            computed.append(compute(row))
        except (KeyError, Unit.DoesNotExist):  # a rule set copy or a unit deleted since: nobody can ask any more
            computed.append(None)
        if progress is not None:
            progress(n, len(rows))
    with transaction.atomic():
        for row, result in zip(rows, computed, strict=True):
            if result is None:
                VerdictSnapshot.objects.filter(pk=row.pk).delete()
            else:
                result.save()
        released = freshness.release(token)
    clock = time.perf_counter()
    for row in computed:
        if row is not None:
            ordered = orders.get((row.scope_key, row.year))
            row.order = display_order(row, ordered.result() if ordered is not None else None)
            row.save(update_fields=["order"])
    return {
        "snapshots": sum(1 for r in computed if r is not None),
        "marks": released,
        "seconds": round(sum(r.seconds for r in computed if r is not None), 3),
        "order_seconds": round(time.perf_counter() - clock, 3),
    }


# Reading -------------------------------------------------------------------------------------------------------


@dataclass
class View:
    """The stored verdicts of a scope: counts and ids per rule and status, the subjects not current set apart."""

    snapshot: Snapshot | None  # None: being computed for the first time
    computed_at: object = None
    everything_stale: bool = False
    people: int = 0  # mask of the scope's people (bits over the snapshot's people)
    units: int = 0
    stale_people: int = 0
    stale_units: int = 0

    @property
    def ready(self) -> bool:
        return self.snapshot is not None

    @property
    def updating(self) -> bool:
        return self.snapshot is None or self.everything_stale or bool(self.stale_people or self.stale_units)

    def _sets(self, recipient: str) -> tuple[int, int]:
        """(the scope's current subjects, the scope's stale subjects) of ``recipient``."""
        scope, stale = (self.people, self.stale_people) if recipient == INDIVIDUAL else (self.units, self.stale_units)
        if self.everything_stale:
            return 0, scope
        return scope & ~stale, scope & stale

    def status_bits(self, code: str, recipient: str, status: str) -> int:
        current, _stale = self._sets(recipient)
        eligible, postponed = self.snapshot.outcomes[(code, recipient)]
        if status == Status.ELIGIBLE:
            return eligible & current
        if status == Status.POSTPONED:
            return postponed & current
        if status == Status.NOT_ELIGIBLE:
            return current & ~eligible & ~postponed
        return current

    def counts(self) -> dict[tuple[str, str], tuple[int, int, int, int]]:
        """(code, recipient) → (eligible, postponed, not eligible, being updated) in the scope."""
        out = {}
        if self.snapshot is None:
            return out
        for (code, recipient), (eligible, postponed) in self.snapshot.outcomes.items():
            current, stale = self._sets(recipient)
            e, p = (eligible & current).bit_count(), (postponed & current).bit_count()
            out[(code, recipient)] = (e, p, current.bit_count() - e - p, stale.bit_count())
        return out

    @property
    def ordered(self) -> bool:
        """``ids`` of people come in the listing order (``display_key``)."""
        return self.snapshot is not None and self.snapshot.rank is not None

    def ids(self, code: str, recipient: str, status: str) -> list[int]:
        table = self.snapshot.table(recipient)
        found = bitsets.to_indices(self.status_bits(code, recipient, status), len(table))
        if recipient == INDIVIDUAL and self.ordered:
            found = np.asarray(found, dtype=np.int64)
            found = found[np.argsort(self.snapshot.rank[found], kind="stable")].tolist()
        return [table[i] for i in found]

    def stored_status(self, code: str, recipient: str, subject_id: int) -> Status | None:
        table = self.snapshot.table(recipient)
        i = bisect.bisect_left(table, subject_id)
        if i == len(table) or table[i] != subject_id:
            return None
        eligible, postponed = self.snapshot.outcomes[(code, recipient)]
        if bitsets.has(eligible, i):
            return Status.ELIGIBLE
        return Status.POSTPONED if bitsets.has(postponed, i) else Status.NOT_ELIGIBLE


def view(entry: registry.Entry, year: int, scope_units: list[Unit]) -> View:
    """The stored verdicts of ``entry`` for ``year`` over the subtrees of ``scope_units``; asks for a recompute
    (``eligibility.jobs.request_recompute``) when they are missing or not current."""
    from eligibility import jobs  # the job module registers the recompute; it imports this one

    row = (
        VerdictSnapshot.objects.filter(ruleset=entry.code, year=year, scope_key=scope_key(entry))
        .defer("data", "order")
        .annotate(order_bytes=Length("order"))
        .first()
    )
    if row is None:
        VerdictSnapshot.objects.get_or_create(ruleset=entry.code, year=year, scope_key=scope_key(entry))
        jobs.request_recompute()
        return View(None)
    if row.computed_at is None:
        jobs.request_recompute()
        return View(None)
    snapshot = _unpacked(row)
    everything, people, units = freshness.marked()
    if everything or people or units:
        jobs.request_recompute()
    out = View(snapshot, computed_at=row.computed_at, everything_stale=everything)
    out.people, out.units = _masks(snapshot, scope_units)
    if not everything:
        out.stale_people, out.stale_units = _stale(snapshot, people, units)
    return out


def _masks(snapshot: Snapshot, scope_units: list[Unit]) -> tuple[int, int]:
    """The scope's people and units as bitsets over the snapshot's tables."""
    asked = {u.pk for u in scope_units}
    whole = asked == {snapshot.scope_key} or (
        snapshot.scope_key == WHOLE
        and asked >= set(Unit.objects.filter(parent__isnull=True).values_list("pk", flat=True))
    )
    if whole:
        return bitsets.full(len(snapshot.people)), bitsets.full(len(snapshot.units))
    inside = set()
    for unit in scope_units:
        inside.update(Unit.objects.filter(path__startswith=unit.path).values_list("pk", flat=True))
    wanted = np.fromiter(inside, dtype=np.int64, count=len(inside))
    return _flags_in(snapshot.people_units, wanted), _flags_in(snapshot.units, wanted)


def _flags_in(table: array.array, wanted: np.ndarray) -> int:
    """The positions of ``table`` whose id is among ``wanted``, as a bitset (numpy: a province's mask over the
    Ministry's 400,000 people took 90 ms a request as a Python loop)."""
    if not len(table):
        return 0
    flags = np.isin(np.asarray(table, dtype=np.int64), wanted).astype(np.uint8)
    return bitsets.from_flags(flags.tobytes())


def _stale(snapshot: Snapshot, people: set[int], units: set[int]) -> tuple[int, int]:
    """The stale people and units of the snapshot: those marked, the units of marked people, the members of
    marked units."""
    if not people and not units:
        return 0, 0
    stale_people = _indices(snapshot.people, people)
    units = set(units) | {snapshot.people_units[i] for i in stale_people}
    units.discard(0)
    if units:
        members = np.isin(np.asarray(snapshot.people_units, dtype=np.int64), np.fromiter(units, dtype=np.int64))
        stale_people.update(np.flatnonzero(members).tolist())
    return (
        bitsets.from_indices(len(snapshot.people), stale_people),
        bitsets.from_indices(len(snapshot.units), _indices(snapshot.units, units)),
    )


def _indices(table: array.array, ids: set[int]) -> set[int]:
    found = set()
    for sid in ids:
        i = bisect.bisect_left(table, sid)
        if i < len(table) and table[i] == sid:
            found.add(i)
    return found


def explain(entry: registry.Entry, year: int, recipient: str, ids: list[int]) -> Evaluation:
    """The engine's evaluation of just these people or units, on the facts as they are now (their explanations for
    the page of rows shown)."""
    on = cutoff(year)
    ruleset = entry.ruleset
    if recipient == COLLECTIVE:
        people, units = facts.load_tables(scope=None, year=year, on=on, needs=ruleset.needs(), unit_ids=ids)
    else:
        people, units = facts.load_tables(scope=None, year=year, on=on, needs=ruleset.needs(), person_ids=ids)
    evaluation = evaluate(ruleset, people=people, units=units, year=year, on=on)
    evaluation.context.namer = facts.person_names
    return evaluation
