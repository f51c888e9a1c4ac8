"""The people of a dataset planned in memory: person rows spread over the units by kind, and their
assignments (the current one and, for some, the one before)."""

import datetime
import random

from demo import names as demo_names
from demo.dataset.organisation.shape import COMMUNES_START, LAST_YEAR, REORGANISATION
from demo.dataset.organisation.units import PlannedUnit
from organisation.text import fold

_PEOPLE_WEIGHT = {"department": 8, "dept_room": 50, "province": 6, "province_room": 120, "commune": 40, "team": 25}


class _PeopleMaker:
    """Makes person rows fast: folded name parts cached, ranks from ``demo_names``."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.folded: dict[str, str] = {}

    def fold_parts(self, parts: tuple[str, ...]) -> str:
        folded = self.folded
        out = []
        for part in parts:
            value = folded.get(part)
            if value is None:
                value = folded[part] = fold(part)
            out.append(value)
        return " ".join(out)

    def make(self, position: str, years: tuple[int, int]):
        rng = self.rng
        leader = position in demo_names.LEADERSHIP
        sex = "F" if rng.random() < (0.05 if leader else 0.14) else "M"
        parts = demo_names.random_name_parts(rng, sex)
        low, high = years
        served = min(high, int(rng.triangular(low, high, low + 3)))
        nco = not leader and rng.random() < 0.3
        entry_age = (19 if nco else 22) + (rng.random() < 0.5)
        start = datetime.date(LAST_YEAR - served, rng.choice((8, 9, 9, 10)), rng.randint(1, 28))
        if start.year == LAST_YEAR:
            start = start.replace(month=min(start.month, 9))
        birth = datetime.date(start.year - entry_age, rng.randint(1, 12), rng.randint(1, 28))
        rank = demo_names.rank_for(served, position, nco=nco, delay=rng.choice((0, 0, 0, 1, 2)))
        return " ".join(parts), self.fold_parts(parts), sex, birth, start, rank


def _allocate(people: int, units: list[PlannedUnit]) -> list[tuple[PlannedUnit, int]]:
    """Split ``people`` over the units in proportion to their kind's weight (largest remainder)."""
    staffed = [u for u in units if u.role in _PEOPLE_WEIGHT]
    total = sum(_PEOPLE_WEIGHT[u.role] for u in staffed)
    if not staffed or total == 0:
        return []
    shares = [(people * _PEOPLE_WEIGHT[u.role] / total) for u in staffed]
    counts = [int(s) for s in shares]
    order = sorted(range(len(staffed)), key=lambda i: (counts[i] - shares[i], i))
    for i in order[: people - sum(counts)]:
        counts[i] += 1
    return list(zip(staffed, counts, strict=True))


def plan_people(plan: list[PlannedUnit], merges, people: int, years: int, rng: random.Random, first_id: int, now):
    """Person rows (ids from ``first_id``, in unit order) and their assignments: the current one,
    and before it, for a commune's officers, the unit they served before 01/07/2025 (one of the
    communes merged into theirs when there is one) or, for ~5 % of the others, another room of
    their province or department."""
    predecessors: dict[int, list[PlannedUnit]] = {}
    for old, new in merges:
        predecessors.setdefault(new.id, []).append(old)
    rooms: dict[int, list[PlannedUnit]] = {}
    old_communes: dict[int, list[PlannedUnit]] = {}
    for u in plan:
        if u.role in ("dept_room", "province_room"):
            rooms.setdefault(u.group.id, []).append(u)
        elif u.role == "old_commune":
            old_communes.setdefault(u.group.id, []).append(u)

    maker = _PeopleMaker(rng)
    person_rows: list[tuple] = []
    assignment_rows: list[tuple] = []
    transfers = 0
    pid = first_id
    for unit, size in _allocate(people, plan):
        head, deputy = demo_names.head_titles(unit.kind, unit.name)
        deputies = 1 if size < 15 else 2 if size < 60 else 3
        team_leads = size // 20 if unit.kind == "room" else 0
        for k in range(size):
            if k == 0:
                position, (low, high) = head, (20, 32)
            elif k <= deputies:
                position, (low, high) = deputy, (14, 28)
            elif k <= deputies + team_leads:
                position, (low, high) = demo_names.TEAM_LEADER, (8, 24)
            else:
                position, (low, high) = demo_names.OFFICER, (0, 32)
            # Everyone served through all the rated years: full records, the rules' worst case.
            name, folded, sex, birth, start, rank = maker.make(position, (max(low, years), max(high, years + 2)))
            person_rows.append(
                (pid, f"{unit.prefix}{pid:07d}", name, folded, birth, sex, rank, position, start, unit.id, now, now)
            )

            earlier, since, basis = None, start, ""
            if unit.role == "commune" and start < COMMUNES_START:
                options = predecessors.get(unit.id) or old_communes.get(unit.group.id) or rooms.get(unit.group.id)
                earlier = rng.choice(options) if options else None
                since, basis = COMMUNES_START, REORGANISATION
            elif start.year <= LAST_YEAR - 3 and rng.random() < 0.05:
                options = [r for r in rooms.get(unit.group.id, ()) if r.id != unit.id]
                if options:
                    earlier = rng.choice(options)
                    since = datetime.date(rng.randint(start.year + 1, LAST_YEAR - 1), rng.choice((3, 6, 9, 12)), 1)
                    basis = "Quyết định điều động cán bộ"
            if earlier is not None:
                end = since - datetime.timedelta(days=1)
                assignment_rows.append((pid, earlier.id, start, end, demo_names.OFFICER, ""))
                transfers += 1
            assignment_rows.append((pid, unit.id, since, None, position, basis))
            pid += 1
    return person_rows, assignment_rows, transfers
