"""The evaluation context: what every predicate may read while one rule set is evaluated for one year.

It also carries the shared conventions: which years count after a discipline (``counted``), the
candidates' past receipts of the code judged (``own_held``, ``after_own``), titles conferred or
eligible this year (``title``), members of units and years of service."""

import datetime
from collections import Counter
from itertools import compress

from eligibility.engine import bits
from eligibility.engine.predicates.formatting import full_years
from eligibility.engine.vocabulary import COLLECTIVE, DISCIPLINE_RANK, INDIVIDUAL, TITLES


class Context:
    """What every predicate may read while one rule set is evaluated for one year."""

    def __init__(self, *, people, units, year: int, on: datetime.date, parameters: dict):
        self.people, self.units = people, units
        self.year, self.on = year, on
        self.parameters = parameters
        self.eligible: dict[tuple[str, str], int] = {}  # (rule code, recipient) → eligible set
        self.could: dict[tuple[str, str], int] = {}  # … eligible or postponed (a pending case)
        self.core_mode = False  # read ``could`` instead of ``eligible`` (see evaluate)
        # Set for the rule being evaluated:
        self.recipient = INDIVIDUAL
        self.own_code = ""
        self._counted: dict[int, int] = {}
        self._clean: dict[int, tuple[int, object]] | None = None
        self._own: dict[tuple[str, str], dict[int, int]] = {}
        self._unit_of: list[int] | None = None
        self._member_totals: Counter | None = None
        self._service: bytes | None = None
        self._memo: dict = {}
        # Names of people for the explanations (person ids → names); the caller may set it, the
        # engine then names the candidates it counted (default: "#id").
        self.namer = None
        # One achievement, one reward (Law 2022 art. 5): initiatives a rule evaluated earlier needs
        # for a candidate eligible only through them, this year (initiative id → catalogue code),
        # and the order in which the codes were judged (a claim binds only the rules judged later).
        self.claims: dict[int, str] = {}
        self.judged: dict[str, int] = {}

    def claimed_by(self, initiative_id: int) -> str | None:
        """The code judged before the current one that needs this initiative this year, if any."""
        code = self.claims.get(initiative_id)
        if code is None or code == self.own_code:
            return None
        own = self.judged.get(self.own_code, len(self.judged))
        return code if self.judged.get(code, own) < own else None

    def memo(self, key, compute):
        """``compute()`` once per evaluation for ``key`` (shared by rules and by explanations)."""
        try:
            return self._memo[key]
        except KeyError:
            value = self._memo[key] = compute()
            return value

    @property
    def table(self):
        return self.people if self.recipient == INDIVIDUAL else self.units

    def years_back(self, n: int) -> list[int]:
        return list(range(self.year, self.year - n, -1))

    # Discipline: achievements count from the end of its period ---------------------------

    def clean_years(self) -> dict[int, tuple[int, object]]:
        """Person index → (last year that does not count, the discipline that causes it)."""
        if self._clean is None:
            self._clean = {}
            reset = self.parameters.get("discipline_reset_form", "khien_trach")
            if reset and self.people is not None:
                floor = DISCIPLINE_RANK[reset]
                for i, d in self.people.disciplines:
                    if (
                        d.decided_on <= self.on
                        and DISCIPLINE_RANK[d.form] >= floor
                        and (i not in self._clean or d.period_end.year > self._clean[i][0])
                    ):
                        self._clean[i] = (d.period_end.year, d)
        return self._clean

    def counted(self, year: int) -> int:
        """Candidates whose achievements of ``year`` count (all of them for units)."""
        if self.recipient == COLLECTIVE:
            return self.table.everyone
        found = self._counted.get(year)
        if found is None:
            blocked = [i for i, (last, _) in self.clean_years().items() if last >= year]
            found = self.people.everyone & ~bits.from_indices(self.people.n, blocked)
            self._counted[year] = found
        return found

    # The title or form being judged --------------------------------------------------------

    def own_held(self, year: int) -> int:
        """Candidates who received the title or form judged for ``year``."""
        table, code = self.table, self.own_code

        if code in TITLES:
            return table.title_bits(code, year)

        def compute():
            return bits.from_indices(table.n, [i for i, y in self._own_awards() if y == year])

        return self.memo(("own_held", self.recipient, code, year), compute)

    def _own_awards(self) -> list[tuple[int, int]]:
        code = self.own_code
        return self.memo(
            ("own_awards", self.recipient, code), lambda: [(i, a.year) for i, a in self.table.awards if a.code == code]
        )

    def own_last(self) -> dict[int, int]:
        """Candidate index → the last year before Y it received the title or form judged."""
        key = (self.recipient, self.own_code)
        found = self._own.get(key)
        if found is None:
            found = {}
            table = self.table
            if self.own_code in TITLES:
                for y in range(table.first_year, self.year):
                    for i in bits.to_indices(table.title_bits(self.own_code, y), table.n):
                        found[i] = y
            else:
                for i, y in self._own_awards():
                    if y < self.year and found.get(i, -1) < y:
                        found[i] = y
            self._own[key] = found
        return found

    def after_own(self, year: int) -> int:
        """Candidates for whom ``year`` comes after their last receipt of the judged code (before Y)."""
        table = self.table

        def compute():
            blocked = 0
            for y in range(year, self.year):
                blocked |= self.own_held(y)
            return table.everyone & ~blocked

        return self.memo(("after_own", self.recipient, self.own_code, year), compute)

    def title(self, code: str, year: int, or_eligible: bool) -> int:
        found = self.table.title_bits(code, year)
        if or_eligible and year == self.year:
            found |= (self.could if self.core_mode else self.eligible).get((code, self.recipient), 0)
        return found

    # Members of units ---------------------------------------------------------------------

    def unit_of(self) -> list[int]:
        """For each person, the index of its unit in the units table (−1 outside it)."""
        if self._unit_of is None:
            index = self.units.index if self.units is not None else {}
            self._unit_of = [index.get(u, -1) for u in self.people.unit_ids] if self.people is not None else []
        return self._unit_of

    def count_by_unit(self, people_bits: int) -> Counter:
        if self.people is None or self.people.n == 0:
            return Counter()
        return Counter(compress(self.unit_of(), bits.to_flags(people_bits, self.people.n)))

    def in_undecided_units(self) -> int:
        """People serving in a unit whose members' individual titles of Y are not decided yet."""

        def compute():
            if self.people is None or self.units is None:
                return 0
            decided = self.units.decided
            return bits.from_indices(
                self.people.n, [j for j, u in enumerate(self.unit_of()) if u >= 0 and not bits.has(decided, u)]
            )

        return self.memo("in_undecided_units", compute)

    def members_in(self, key, people_bits_of, i: int) -> list[int]:
        """The people of ``people_bits_of()`` serving in unit ``i``, grouped once per ``key``."""

        def compute():
            grouped: dict[int, list[int]] = {}
            unit_of = self.unit_of()
            for j in bits.to_indices(people_bits_of(), self.people.n):
                grouped.setdefault(unit_of[j], []).append(j)
            return grouped

        return self.memo(("members_in", key), compute).get(i, [])

    def names(self, indices: list[int]) -> list[str]:
        """The names of people ``indices`` (table indices), for an explanation."""
        ids = [self.people.ids[j] for j in indices]
        found = self.namer(ids) if self.namer is not None else {}
        return [found.get(pk) or f"#{pk}" for pk in ids]

    def member_totals(self) -> Counter:
        if self._member_totals is None:
            self._member_totals = Counter(self.unit_of())
        return self._member_totals

    def service_years(self) -> bytes:
        """Full years of service of each person on ``on``, one byte each (capped at 255; 0 unknown)."""
        if self._service is None:
            on = self.on
            starts = self.people.service_start
            years = {s: min(max(full_years(s, on), 0), 255) if s is not None else 0 for s in set(starts)}
            self._service = bytes(map(years.__getitem__, starts))
        return self._service
