"""The units of a dataset planned in memory, ids and materialised paths included: how many of each
kind (``plan_sizes``), then the units parents first and the old communes' merges (``plan_units``)."""

import datetime
import itertools
import random

from demo.dataset.organisation.shape import (
    COMMUNES_START,
    DEPARTMENT_ROOMS,
    DEPARTMENTS,
    DISTRICTS_END,
    FULL,
    PLACE_SYLLABLES,
    PROVINCE_ROOMS,
    PROVINCES,
)
from organisation.bulk import DatasetError

_SHARES = {"dept_room": 300, "province_room": 850, "district": 150, "old_commune": 300, "commune": 3100, "team": 225}


class PlannedUnit:
    __slots__ = (
        "id",
        "ref",
        "code",
        "name",
        "kind",
        "role",
        "parent",
        "path",
        "depth",
        "valid_from",
        "valid_to",
        "group",
        "prefix",
    )

    def __init__(self, uid, ref, code, name, kind, role, parent=None, *, valid_from=None, valid_to=None, prefix=""):
        self.id, self.ref, self.code, self.name, self.kind, self.role = uid, ref, code, name, kind, role
        self.parent = parent
        self.path = f"{parent.path if parent else '/'}{uid}/"
        self.depth = parent.depth + 1 if parent else 0
        self.valid_from, self.valid_to = valid_from, valid_to
        # The province or department a unit belongs to (transfers stay inside it).
        self.group = self if role in ("province", "department") else (parent.group if parent else None)
        self.prefix = prefix or (parent.prefix if parent else "")


def plan_sizes(units: int) -> dict[str, int]:
    """How many units of each kind make ``units`` in all (exact), in the national proportions."""
    if units < 12:
        raise DatasetError("A dataset needs at least 12 units.")
    scale = units / FULL["units"]
    sizes = {
        "ministry": 1,
        "department": min(40, max(1, round(40 * scale))),
        "province": min(len(PROVINCES), max(1, round(34 * scale))),
    }
    rest = units - sum(sizes.values())
    total_share = sum(_SHARES.values())
    for key, share in _SHARES.items():
        sizes[key] = rest * share // total_share
    if sizes["district"] == 0:
        sizes["commune"] += sizes["old_commune"]
        sizes["old_commune"] = 0
    if sizes["dept_room"] + sizes["province_room"] == 0:
        sizes["commune"] += sizes["team"]
        sizes["team"] = 0
    sizes["commune"] += units - sum(sizes.values())
    return sizes


def plan_units(
    units: int, rng: random.Random, first_id: int
) -> tuple[list[PlannedUnit], list[tuple[PlannedUnit, PlannedUnit]]]:
    """The units, parents before children, and the (old commune, new commune) merges."""
    sizes = plan_sizes(units)
    ids = itertools.count(first_id)
    plan: list[PlannedUnit] = []

    def add(*args, **kw) -> PlannedUnit:
        unit = PlannedUnit(next(ids), *args, **kw)
        plan.append(unit)
        return unit

    ministry = add("BCA", "BCA", "Bộ Công an", "ministry", "ministry", prefix="BCA")
    departments = []
    for i in range(sizes["department"]):
        code, name = DEPARTMENTS[i] if i < len(DEPARTMENTS) else (f"Z{i:02d}", f"Đơn vị trực thuộc Bộ số {i}")
        departments.append(add(f"BCA-{code}", code, name, "department", "department", ministry))
    provinces = []
    for i in range(sizes["province"]):
        name, abbrev = PROVINCES[i]
        provinces.append(
            add(f"CA{abbrev}", f"CA{abbrev}", f"Công an {name}", "province", "province", ministry, prefix=abbrev)
        )

    rooms: list[PlannedUnit] = []
    for i in range(sizes["dept_room"]):
        dept = departments[i % len(departments)]
        n = i // len(departments) + 1
        name = DEPARTMENT_ROOMS[n - 1] if n <= len(DEPARTMENT_ROOMS) else f"Phòng Nghiệp vụ {n - len(DEPARTMENT_ROOMS)}"
        rooms.append(add(f"{dept.ref}-P{n}", f"P{n}", name, "room", "dept_room", dept))
    for i in range(sizes["province_room"]):
        province = provinces[i % len(provinces)]
        n = i // len(provinces)
        code, name = PROVINCE_ROOMS[n] if n < len(PROVINCE_ROOMS) else (f"PK{n:02d}", f"Phòng Nghiệp vụ {n}")
        rooms.append(add(f"{province.ref}-{code}", code, name, "room", "province_room", province))

    used_places: dict[int, set[str]] = {p.id: set() for p in provinces}

    def place(province: PlannedUnit) -> str:
        while True:
            name = " ".join(rng.sample(PLACE_SYLLABLES, 2))
            if name not in used_places[province.id]:
                used_places[province.id].add(name)
                return name

    districts = []
    for i in range(sizes["district"]):
        province = provinces[i % len(provinces)]
        n = i // len(provinces) + 1
        kind = rng.choices(["huyện", "thị xã", "thành phố"], [85, 10, 5])[0]
        districts.append(
            add(
                f"{province.ref}-H{n:02d}",
                f"CAH-{n:02d}",
                f"Công an {kind} {place(province)}",
                "district",
                "district",
                province,
                valid_to=DISTRICTS_END,
            )
        )
    old_communes = []
    for i in range(sizes["old_commune"]):
        district = districts[i % len(districts)]
        n = i // len(districts) + 1
        kind = rng.choices(["xã", "phường", "thị trấn"], [80, 12, 8])[0]
        old_communes.append(
            add(
                f"{district.ref}-X{n:02d}",
                f"CAX-{n:02d}",
                f"Công an {kind} {place(district.group)}",
                "commune",
                "old_commune",
                district,
                valid_to=COMMUNES_START - datetime.timedelta(1),
            )
        )
    communes = []
    for i in range(sizes["commune"]):
        province = provinces[i % len(provinces)]
        n = i // len(provinces) + 1
        kind = rng.choices(["xã", "phường"], [80, 20])[0]
        code = f"{'CAX' if kind == 'xã' else 'CAP'}-{n:03d}"
        communes.append(
            add(
                f"{province.ref}-X{n:03d}",
                code,
                f"Công an {kind} {place(province)}",
                "commune",
                "commune",
                province,
                valid_from=COMMUNES_START,
            )
        )
    for i in range(sizes["team"]):
        room = rooms[i % len(rooms)]
        n = i // len(rooms) + 1
        add(f"{room.ref}-D{n}", f"D{n}", f"Đội {n}", "team", "team", room)

    by_province: dict[int, list[PlannedUnit]] = {}
    for commune in communes:
        by_province.setdefault(commune.group.id, []).append(commune)
    merges = [(old, rng.choice(by_province[old.group.id])) for old in old_communes if old.group.id in by_province]
    return plan, merges
