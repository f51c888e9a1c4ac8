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
SQLite through ``executemany`` in batches. Everything happens in one transaction."""

import datetime
import itertools
import random
import time
from collections.abc import Callable

from django.core.management.color import no_style
from django.db import connection, transaction
from django.utils import timezone

from demo import names as demo_names
from organisation.bulk import DatasetError, bulk_load, insert, qn, reset_organisation
from organisation.models import (
    Assignment,
    Person,
    PersonRating,
    Unit,
    UnitChange,
    UnitRating,
    UnitSuccession,
)
from organisation.text import fold

FULL = {"units": 5000, "people": 400_000, "years": 10}


QUICK = {"units": 300, "people": 3000, "years": 3}


LAST_YEAR = 2025


DISTRICTS_END = datetime.date(2025, 2, 28)


COMMUNES_START = datetime.date(2025, 7, 1)


REORGANISATION = "Sắp xếp đơn vị hành chính cấp xã năm 2025"


PROVINCES = [
    ("thành phố Hà Nội", "HN"),
    ("thành phố Huế", "HUE"),
    ("thành phố Hải Phòng", "HP"),
    ("thành phố Đà Nẵng", "DNG"),
    ("Thành phố Hồ Chí Minh", "HCM"),
    ("thành phố Cần Thơ", "CT"),
    ("tỉnh Lai Châu", "LCH"),
    ("tỉnh Điện Biên", "DB"),
    ("tỉnh Sơn La", "SL"),
    ("tỉnh Lạng Sơn", "LS"),
    ("tỉnh Quảng Ninh", "QNI"),
    ("tỉnh Thanh Hóa", "TH"),
    ("tỉnh Nghệ An", "NA"),
    ("tỉnh Hà Tĩnh", "HT"),
    ("tỉnh Cao Bằng", "CB"),
    ("tỉnh Tuyên Quang", "TQ"),
    ("tỉnh Lào Cai", "LCA"),
    ("tỉnh Thái Nguyên", "TN"),
    ("tỉnh Phú Thọ", "PT"),
    ("tỉnh Bắc Ninh", "BN"),
    ("tỉnh Hưng Yên", "HY"),
    ("tỉnh Ninh Bình", "NB"),
    ("tỉnh Quảng Trị", "QT"),
    ("tỉnh Quảng Ngãi", "QNG"),
    ("tỉnh Gia Lai", "GL"),
    ("tỉnh Khánh Hòa", "KH"),
    ("tỉnh Lâm Đồng", "LD"),
    ("tỉnh Đắk Lắk", "DLK"),
    ("tỉnh Đồng Nai", "DNA"),
    ("tỉnh Tây Ninh", "TNI"),
    ("tỉnh Vĩnh Long", "VL"),
    ("tỉnh Đồng Tháp", "DT"),
    ("tỉnh Cà Mau", "CM"),
    ("tỉnh An Giang", "AG"),
]


DEPARTMENTS = [
    ("V01", "Văn phòng Bộ Công an"),
    ("V02", "Thanh tra Bộ Công an"),
    ("V03", "Cục Đối ngoại"),
    ("V04", "Cục Pháp chế và cải cách hành chính, tư pháp"),
    ("V05", "Cục Xây dựng phong trào bảo vệ an ninh Tổ quốc"),
    ("V06", "Cục Hồ sơ nghiệp vụ"),
    ("V07", "Cục Khoa học, chiến lược và lịch sử Công an"),
    ("A01", "Cục An ninh đối ngoại"),
    ("A02", "Cục An ninh chính trị nội bộ"),
    ("A03", "Cục An ninh kinh tế"),
    ("A04", "Cục An ninh điều tra"),
    ("A05", "Cục An ninh mạng và phòng, chống tội phạm sử dụng công nghệ cao"),
    ("A06", "Cục Kỹ thuật nghiệp vụ"),
    ("A08", "Cục Quản lý xuất nhập cảnh"),
    ("A09", "Cục An ninh nội địa"),
    ("C01", "Văn phòng Cơ quan Cảnh sát điều tra"),
    ("C02", "Cục Cảnh sát hình sự"),
    ("C03", "Cục Cảnh sát kinh tế"),
    ("C04", "Cục Cảnh sát điều tra tội phạm về ma túy"),
    ("C06", "Cục Cảnh sát quản lý hành chính về trật tự xã hội"),
    ("C07", "Cục Cảnh sát phòng cháy, chữa cháy và cứu nạn, cứu hộ"),
    ("C08", "Cục Cảnh sát giao thông"),
    ("C09", "Viện Khoa học hình sự"),
    ("C10", "Cục Cảnh sát quản lý trại giam"),
    ("C11", "Cục Cảnh sát thi hành án hình sự và hỗ trợ tư pháp"),
    ("X01", "Cục Tổ chức cán bộ"),
    ("X02", "Cục Đào tạo"),
    ("X03", "Cục Công tác đảng và công tác chính trị"),
    ("X05", "Cục Truyền thông Công an nhân dân"),
    ("H01", "Cục Kế hoạch và tài chính"),
    ("H02", "Cục Quản lý xây dựng và doanh trại"),
    ("H03", "Cục Trang bị và kho vận"),
    ("H04", "Cục Y tế"),
    ("H05", "Cục Viễn thông và cơ yếu"),
    ("K01", "Bộ Tư lệnh Cảnh vệ"),
    ("K02", "Bộ Tư lệnh Cảnh sát cơ động"),
    ("T01", "Học viện An ninh nhân dân"),
    ("T02", "Học viện Cảnh sát nhân dân"),
    ("T03", "Học viện Chính trị Công an nhân dân"),
    ("T04", "Trường Đại học Phòng cháy chữa cháy"),
]


DEPARTMENT_ROOMS = [
    "Phòng Tham mưu tổng hợp",
    "Phòng Tổ chức cán bộ",
    "Phòng Công tác đảng và công tác chính trị",
    "Phòng Hậu cần",
]


PROVINCE_ROOMS = [
    ("PV01", "Phòng Tham mưu"),
    ("PX01", "Phòng Tổ chức cán bộ"),
    ("PX03", "Phòng Công tác đảng và công tác chính trị"),
    ("PH10", "Phòng Hậu cần"),
    ("PV02", "Thanh tra Công an tỉnh"),
    ("PV05", "Phòng Xây dựng phong trào bảo vệ an ninh Tổ quốc"),
    ("PV06", "Phòng Hồ sơ"),
    ("PH41", "Phòng Viễn thông, tin học và cơ yếu"),
    ("PA01", "Phòng An ninh đối ngoại"),
    ("PA02", "Phòng An ninh chính trị nội bộ"),
    ("PA04", "Phòng An ninh kinh tế"),
    ("PA05", "Phòng An ninh mạng và phòng, chống tội phạm sử dụng công nghệ cao"),
    ("PA08", "Phòng Quản lý xuất nhập cảnh"),
    ("PA09", "Phòng An ninh điều tra"),
    ("PC01", "Văn phòng Cơ quan Cảnh sát điều tra"),
    ("PC02", "Phòng Cảnh sát hình sự"),
    ("PC03", "Phòng Cảnh sát kinh tế"),
    ("PC04", "Phòng Cảnh sát điều tra tội phạm về ma túy"),
    ("PC06", "Phòng Cảnh sát quản lý hành chính về trật tự xã hội"),
    ("PC07", "Phòng Cảnh sát phòng cháy, chữa cháy và cứu nạn, cứu hộ"),
    ("PC08", "Phòng Cảnh sát giao thông"),
    ("PC09", "Phòng Kỹ thuật hình sự"),
    ("PC10", "Phòng Cảnh sát quản lý tạm giữ, tạm giam"),
    ("PC11", "Phòng Cảnh sát thi hành án hình sự và hỗ trợ tư pháp"),
    ("PK02", "Phòng Cảnh sát cơ động"),
]


PLACE_SYLLABLES = [
    "An",
    "Bình",
    "Phú",
    "Tân",
    "Hòa",
    "Xuân",
    "Thạnh",
    "Long",
    "Mỹ",
    "Phước",
    "Thuận",
    "Hưng",
    "Đông",
    "Tây",
    "Nam",
    "Bắc",
    "Trung",
    "Vĩnh",
    "Quang",
    "Đức",
    "Thịnh",
    "Sơn",
    "Lâm",
    "Hải",
    "Hà",
    "Minh",
    "Thành",
    "Lợi",
    "Lộc",
    "Phong",
    "Yên",
    "Kim",
    "Ninh",
    "Thủy",
    "Hiệp",
    "Khánh",
    "Lạc",
    "Cẩm",
    "Định",
    "Điền",
    "Hồng",
    "Tiến",
]


_SHARES = {"dept_room": 300, "province_room": 850, "district": 150, "old_commune": 300, "commune": 3100, "team": 225}


_PEOPLE_WEIGHT = {"department": 8, "dept_room": 50, "province": 6, "province_room": 120, "commune": 40, "team": 25}


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


class _Unit:
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


def plan_units(units: int, rng: random.Random, first_id: int) -> tuple[list[_Unit], list[tuple[_Unit, _Unit]]]:
    """The units, parents before children, and the (old commune, new commune) merges."""
    sizes = plan_sizes(units)
    ids = itertools.count(first_id)
    plan: list[_Unit] = []

    def add(*args, **kw) -> _Unit:
        unit = _Unit(next(ids), *args, **kw)
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

    rooms: list[_Unit] = []
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

    def place(province: _Unit) -> str:
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

    by_province: dict[int, list[_Unit]] = {}
    for commune in communes:
        by_province.setdefault(commune.group.id, []).append(commune)
    merges = [(old, rng.choice(by_province[old.group.id])) for old in old_communes if old.group.id in by_province]
    return plan, merges


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


def _allocate(people: int, units: list[_Unit]) -> list[tuple[_Unit, int]]:
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


def _plan_people(plan: list[_Unit], merges, people: int, years: int, rng: random.Random, first_id: int, now):
    """Person rows (ids from ``first_id``, in unit order) and their assignments: the current one,
    and before it, for a commune's officers, the unit they served before 01/07/2025 (one of the
    communes merged into theirs when there is one) or, for ~5 % of the others, another room of
    their province or department."""
    predecessors: dict[int, list[_Unit]] = {}
    for old, new in merges:
        predecessors.setdefault(new.id, []).append(old)
    rooms: dict[int, list[_Unit]] = {}
    old_communes: dict[int, list[_Unit]] = {}
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
        person_rows, assignment_rows, transfers = _plan_people(plan, merges, people, years, rng, first_person, now)
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
