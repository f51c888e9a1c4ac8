"""The facts the engine judges, in two shapes.

* Plain records, one per subject (``PersonFacts``, ``UnitFacts``) — what tests and small callers
  write by hand.
* Tables (``PeopleTable``, ``UnitsTable``) — the same facts column-wise for a whole scope: for each
  (year, rating) and each (title, year) the set of subjects as one integer bitset (see ``bits``),
  and the sparse facts (awards, initiatives, discipline, pending cases) as lists of rows. The
  bulk loader (``eligibility.facts``) fills tables directly from grouped queries; ``from_facts`` builds
  them from records.

Annulled titles and awards are never facts: the loader leaves them out.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from eligibility.engine import bits
from eligibility.engine.vocabulary import COLLECTIVE, INDIVIDUAL, RATING_RANK, RATINGS


@dataclass(frozen=True)
class AwardHeld:
    """An award form received for the achievements of ``year``, decided on ``decided_on``."""

    code: str
    year: int
    decided_on: datetime.date | None = None
    kind: str = "merit"


@dataclass(frozen=True)
class Initiative:
    """A recognised initiative (or research work, or combat ingenuity: ``kind``).

    ``used_for``/``used_year``: the title or award form it already earned, by catalogue code (one
    initiative earns one reward, Law 2022 art. 5)."""

    id: int
    level: str
    recognised_on: datetime.date
    used_for: str | None = None
    used_year: int | None = None
    kind: str = "sang_kien"
    title: str = ""


@dataclass(frozen=True)
class Discipline:
    form: str
    decided_on: datetime.date
    period_end: datetime.date


@dataclass(frozen=True)
class PendingCase:
    kind: str
    opened_on: datetime.date
    closed_on: datetime.date | None = None

    def open_on(self, day: datetime.date) -> bool:
        return self.opened_on <= day and (self.closed_on is None or self.closed_on > day)


@dataclass(frozen=True)
class BlockStanding:
    """A unit's result in its block or cluster for the year: final rank and vote share (0–1)."""

    rank: int
    members: int
    vote_share: float | None = None
    block: str = ""


@dataclass(frozen=True)
class MemberStats:
    """Members of a unit counted beforehand, for units whose people are not in the table.

    ``rated``: members rated at least each rating; ``titles``: members holding each title;
    ``disciplined``: members disciplined in the year at least at each form."""

    members: int
    rated: dict = field(default_factory=dict)
    titles: dict = field(default_factory=dict)
    disciplined: dict = field(default_factory=dict)

    def rated_at_least(self, rating: str) -> int:
        return self.rated.get(rating, 0)

    def disciplined_at_least(self, form: str) -> int:
        return self.disciplined.get(form, 0)


@dataclass
class PersonFacts:
    """Everything the rules may ask about one person; years are calendar (emulation) years."""

    id: int
    sex: str = "M"
    service_start: datetime.date | None = None
    hardship_factor: float = 1.0
    unit_id: int | None = None  # where the person served on the evaluation's cut-off date
    ratings: dict = field(default_factory=dict)  # year → rating code
    titles: dict = field(default_factory=dict)  # year → set of title codes
    awards: list = field(default_factory=list)  # AwardHeld
    initiatives: list = field(default_factory=list)  # Initiative
    disciplines: list = field(default_factory=list)  # Discipline
    pending: list = field(default_factory=list)  # PendingCase
    achievements: dict = field(default_factory=dict)  # year → set of achievement kinds


@dataclass
class UnitFacts:
    id: int
    ratings: dict = field(default_factory=dict)
    titles: dict = field(default_factory=dict)
    awards: list = field(default_factory=list)
    achievements: dict = field(default_factory=dict)
    block: BlockStanding | None = None  # the evaluation year's standing
    members: MemberStats | None = None  # pre-aggregated; else counted from the people table
    # The individual titles of its members for the evaluation year are decided: a decision has
    # conferred an individual title of that year on at least one member (see UnitsTable.decided).
    titles_decided: bool = False


class _Table:
    recipient = ""

    def __init__(self, ids, *, first_year: int, last_year: int):
        self.ids = list(ids)
        self.n = len(self.ids)
        self.index = {pk: i for i, pk in enumerate(self.ids)}
        if len(self.index) != self.n:
            raise ValueError("Duplicate ids in a facts table.")
        self.first_year, self.last_year = first_year, last_year
        self.everyone = bits.full(self.n)
        self._rating: dict[tuple[int, str], int] = {}
        self._rating_ge: dict[tuple[int, str], int] = {}
        self._titles: dict[tuple[str, int], int] = {}
        self._achievements: dict[tuple[str, int], int] = {}
        self.awards: list[tuple[int, AwardHeld]] = []
        self._by_subject: dict[str, dict[int, list]] = {}

    # Building ----------------------------------------------------------------------------

    def set_ratings(self, year: int, rating: str, indices) -> None:
        """Candidates ``indices`` were rated ``rating`` in ``year`` (one rating a year each)."""
        self.set_rating_bits(year, rating, bits.from_indices(self.n, indices))

    def set_rating_bits(self, year: int, rating: str, members: int) -> None:
        """The same with the candidates as a set (a loader that builds sets faster than from indices)."""
        if rating not in RATING_RANK:
            raise ValueError(f"Unknown rating {rating!r}")
        self._rating[(year, rating)] = self._rating.get((year, rating), 0) | members
        self._rating_ge.clear()

    def add_titles(self, code: str, year: int, indices) -> None:
        self.add_title_bits(code, year, bits.from_indices(self.n, indices))

    def add_title_bits(self, code: str, year: int, members: int) -> None:
        self._titles[(code, year)] = self._titles.get((code, year), 0) | members

    def add_achievements(self, kind: str, year: int, indices) -> None:
        key = (kind, year)
        self._achievements[key] = self._achievements.get(key, 0) | bits.from_indices(self.n, indices)

    def add_award(self, i: int, award: AwardHeld) -> None:
        self.awards.append((i, award))
        self._by_subject.pop("awards", None)

    # Reading -----------------------------------------------------------------------------

    def rating_at_least(self, year: int, rating: str) -> int:
        key = (year, rating)
        found = self._rating_ge.get(key)
        if found is None:
            found = 0
            for code in RATINGS[RATING_RANK[rating] - 1 :]:
                found |= self._rating.get((year, code), 0)
            self._rating_ge[key] = found
        return found

    def title_bits(self, code: str, year: int) -> int:
        return self._titles.get((code, year), 0)

    def achievement_bits(self, kind: str, year: int) -> int:
        return self._achievements.get((kind, year), 0)

    def rating_of(self, i: int, year: int) -> str | None:
        for code in RATINGS:
            if bits.has(self._rating.get((year, code), 0), i):
                return code
        return None

    def has_title(self, i: int, code: str, year: int) -> bool:
        return bits.has(self._titles.get((code, year), 0), i)

    def title_codes(self) -> set[str]:
        return {code for code, _ in self._titles}

    def _yearly(self, i: int) -> tuple[dict, dict, dict]:
        ratings = {y: r for (y, r), b in sorted(self._rating.items()) if bits.has(b, i)}
        titles: dict = {}
        for (code, y), b in sorted(self._titles.items(), key=lambda kv: (kv[0][1], kv[0][0])):
            if bits.has(b, i):
                titles.setdefault(y, set()).add(code)
        achievements: dict = {}
        for (kind, y), b in sorted(self._achievements.items(), key=lambda kv: (kv[0][1], kv[0][0])):
            if bits.has(b, i):
                achievements.setdefault(y, set()).add(kind)
        return ratings, titles, achievements

    def rows_of(self, kind: str, i: int) -> list:
        """The sparse rows (``awards``, ``initiatives``, ``disciplines``, ``pending``) of one subject."""
        grouped = self._by_subject.get(kind)
        if grouped is None:
            grouped = defaultdict(list)
            for j, row in getattr(self, kind):
                grouped[j].append(row)
            self._by_subject[kind] = grouped
        return grouped.get(i, [])


class PeopleTable(_Table):
    """People of a scope, column-wise. ``unit_ids[i]``: where person i served on the cut-off date."""

    recipient = INDIVIDUAL

    def __init__(self, ids, *, first_year: int, last_year: int):
        super().__init__(ids, first_year=first_year, last_year=last_year)
        self.initiatives: list[tuple[int, Initiative]] = []
        self.disciplines: list[tuple[int, Discipline]] = []
        self.pending: list[tuple[int, PendingCase]] = []
        self.female = 0
        self.service_start: list[datetime.date | None] = [None] * self.n
        self.hardship: dict[int, float] = {}
        self.unit_ids: list[int | None] = [None] * self.n

    def set_person(
        self, i: int, *, sex: str = "M", service_start=None, hardship_factor: float = 1.0, unit_id: int | None = None
    ) -> None:
        """Set one person's attributes (each call rewrites the ``female`` bitset: in bulk, fill
        ``service_start``, ``unit_ids`` and ``female`` directly)."""
        if sex == "F":
            self.female |= 1 << i
        else:
            self.female &= ~(1 << i)
        self.service_start[i] = service_start
        if hardship_factor != 1.0:
            self.hardship[i] = hardship_factor
        else:
            self.hardship.pop(i, None)
        self.unit_ids[i] = unit_id

    def add_initiative(self, i: int, initiative: Initiative) -> None:
        self.initiatives.append((i, initiative))
        self._by_subject.pop("initiatives", None)

    def add_discipline(self, i: int, discipline: Discipline) -> None:
        self.disciplines.append((i, discipline))
        self._by_subject.pop("disciplines", None)

    def add_pending(self, i: int, case: PendingCase) -> None:
        self.pending.append((i, case))
        self._by_subject.pop("pending", None)

    def person_facts(self, i: int) -> PersonFacts:
        """The facts of person ``i`` as a plain record (the inverse of ``from_facts``)."""
        ratings, titles, achievements = self._yearly(i)
        return PersonFacts(
            id=self.ids[i],
            sex="F" if bits.has(self.female, i) else "M",
            service_start=self.service_start[i],
            hardship_factor=self.hardship.get(i, 1.0),
            unit_id=self.unit_ids[i],
            ratings=ratings,
            titles=titles,
            awards=list(self.rows_of("awards", i)),
            initiatives=list(self.rows_of("initiatives", i)),
            disciplines=list(self.rows_of("disciplines", i)),
            pending=list(self.rows_of("pending", i)),
            achievements=achievements,
        )

    @classmethod
    def from_facts(cls, people: list[PersonFacts], *, first_year: int, last_year: int) -> "PeopleTable":
        table = cls([p.id for p in people], first_year=first_year, last_year=last_year)
        ratings, titles, achievements = defaultdict(list), defaultdict(list), defaultdict(list)
        table.female = bits.from_indices(table.n, [i for i, p in enumerate(people) if p.sex == "F"])
        for i, p in enumerate(people):
            table.service_start[i], table.unit_ids[i] = p.service_start, p.unit_id
            if p.hardship_factor != 1.0:
                table.hardship[i] = p.hardship_factor
            for year, rating in p.ratings.items():
                ratings[(year, rating)].append(i)
            for year, codes in p.titles.items():
                for code in codes:
                    titles[(code, year)].append(i)
            for year, kinds in p.achievements.items():
                for kind in kinds:
                    achievements[(kind, year)].append(i)
            for award in p.awards:
                table.add_award(i, award)
            for initiative in p.initiatives:
                table.add_initiative(i, initiative)
            for discipline in p.disciplines:
                table.add_discipline(i, discipline)
            for case in p.pending:
                table.add_pending(i, case)
        for (year, rating), idx in ratings.items():
            table.set_ratings(year, rating, idx)
        for (code, year), idx in titles.items():
            table.add_titles(code, year, idx)
        for (kind, year), idx in achievements.items():
            table.add_achievements(kind, year, idx)
        return table


class UnitsTable(_Table):
    """Units of a scope, column-wise, with the evaluation year's block standings and, where given,
    pre-aggregated member counts."""

    recipient = COLLECTIVE

    def __init__(self, ids, *, first_year: int, last_year: int):
        super().__init__(ids, first_year=first_year, last_year=last_year)
        self.blocks: dict[int, BlockStanding] = {}
        self.member_stats: dict[int, MemberStats] = {}
        # Units whose members' individual titles of the evaluation year are decided (an issued
        # decision conferred an individual title of that year on one of its members): from then
        # on the collective conditions count holders only (``members_counted_before_decision``).
        self.decided = 0

    def unit_facts(self, i: int) -> UnitFacts:
        """The facts of unit ``i`` as a plain record (the inverse of ``from_facts``)."""
        ratings, titles, achievements = self._yearly(i)
        return UnitFacts(
            id=self.ids[i],
            ratings=ratings,
            titles=titles,
            awards=list(self.rows_of("awards", i)),
            achievements=achievements,
            block=self.blocks.get(i),
            members=self.member_stats.get(i),
            titles_decided=bits.has(self.decided, i),
        )

    @classmethod
    def from_facts(cls, units: list[UnitFacts], *, first_year: int, last_year: int) -> "UnitsTable":
        table = cls([u.id for u in units], first_year=first_year, last_year=last_year)
        ratings, titles, achievements = defaultdict(list), defaultdict(list), defaultdict(list)
        for i, u in enumerate(units):
            for year, rating in u.ratings.items():
                ratings[(year, rating)].append(i)
            for year, codes in u.titles.items():
                for code in codes:
                    titles[(code, year)].append(i)
            for year, kinds in u.achievements.items():
                for kind in kinds:
                    achievements[(kind, year)].append(i)
            for award in u.awards:
                table.add_award(i, award)
            if u.block is not None:
                table.blocks[i] = u.block
            if u.members is not None:
                table.member_stats[i] = u.members
        table.decided = bits.from_indices(table.n, [i for i, u in enumerate(units) if u.titles_decided])
        for (year, rating), idx in ratings.items():
            table.set_ratings(year, rating, idx)
        for (code, year), idx in titles.items():
            table.add_titles(code, year, idx)
        for (kind, year), idx in achievements.items():
            table.add_achievements(kind, year, idx)
        return table
