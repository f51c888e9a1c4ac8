"""``manage.py seed_demo``: the demo organisation, ~2,000 people with five years of ratings, and
one login per role (password ``thidua2025``).

The structure goes through ``organisation.services`` (units, renames, merges, heads of units,
transfers) so that history, lineage and the audit log look as they would in real use; the
bulk of the people and every rating are bulk-created. Deterministic: ``random.Random(2025)``.
Does nothing when units already exist.

Unit codes follow the official pattern (V01, PX03, PH10, PC06 …); where the real code of a
unit is not public they are plausible, not authoritative.
"""

import datetime
import random
import time

from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand
from django.db import transaction

from audit import services as audit
from audit.models import AuditEvent
from demo import names as demo_names
from organisation import services
from organisation.models import Assignment, Person, PersonRating, Role, RoleGrant, Unit, UnitChange, UnitRating, User
from organisation.text import fold

SEED = 2025
DEMO_PASSWORD = "thidua2025"
RATING_YEARS = range(2021, 2026)
DISTRICTS_END = datetime.date(2025, 2, 28)
COMMUNES_START = datetime.date(2025, 7, 1)

# (username, role, scope ref, link): link is the person the login belongs to, if any.
_LOGINS = [
    ("quantri", Role.ADMIN, "BCA", None),
    ("botdkt", Role.EMULATION_OFFICE, "BCA", None),
    ("thuongtruc", Role.EMULATION_OFFICE, "CAQB", None),
    ("tdkt.px03", Role.UNIT_OFFICER, "CAQB-PX03", None),
    ("chihuy.px03", Role.COMMANDER, "CAQB-PX03", "head"),
    ("hoidong", Role.COUNCIL_MEMBER, "CAQB", None),
    ("lanhdao", Role.LEADER, "CAQB", None),
    ("canbo", Role.OFFICER, "CAQB-PX03", "officer"),
    ("ngoaitinh", Role.EMULATION_OFFICE, "CAHY", None),
]
_SCOPE_NAMES = {
    "BCA": "Bộ Công an",
    "CAQB": "Công an tỉnh Quảng Bình",
    "CAQB-PX03": "Phòng PX03, Công an tỉnh Quảng Bình",
    "CAHY": "Công an tỉnh Hưng Yên",
}
# (username, role label, scope): printed by this command and by ``demo_logins`` (``make run``).
DEMO_LOGINS: list[tuple[str, str, str]] = [
    (username, str(role.label), f"{_SCOPE_NAMES[ref]} ({ref})") for username, role, ref, _ in _LOGINS
]

# The six units of "Cụm thi đua số 6 – Bộ Công an" (seed 004), in the article's order.
CLUSTER_6 = [
    ("V01", "Văn phòng Bộ Công an", "VPB"),
    ("V03", "Cục Đối ngoại", ""),
    ("V04", "Cục Pháp chế và cải cách hành chính, tư pháp", ""),
    ("V07", "Cục Khoa học, chiến lược và lịch sử Công an", ""),
    ("V05", "Cục Xây dựng phong trào bảo vệ an ninh Tổ quốc", ""),
    ("V06", "Cục Hồ sơ nghiệp vụ", ""),
]
OFFICE_ROOMS = [("P1", "Phòng Tổng hợp"), ("P2", "Phòng Thư ký – Biên tập"), ("P3", "Phòng Hành chính – Văn thư")]

# "Khối XDLL – TT – HCKT" of a provincial police (seed 000): force building, staff, logistics-technical.
BLOCK_XDLL_TT_HCKT = [
    ("PX01", "Phòng Tổ chức cán bộ"),
    ("PX03", "Phòng Công tác đảng và công tác chính trị"),
    ("PV02", "Thanh tra Công an tỉnh"),
    ("PV01", "Phòng Tham mưu"),
    ("PV05", "Phòng Xây dựng phong trào bảo vệ an ninh Tổ quốc"),
    ("PV06", "Phòng Hồ sơ"),
    ("PH10", "Phòng Hậu cần"),
    ("PH41", "Phòng Viễn thông, tin học và cơ yếu"),
]
OPERATIONAL_ROOMS = [
    ("PC02", "Phòng Cảnh sát hình sự"),
    ("PC06", "Phòng Cảnh sát quản lý hành chính về trật tự xã hội"),
    ("PC08", "Phòng Cảnh sát giao thông"),
    ("PA09", "Phòng An ninh điều tra"),
]
TRAFFIC_TEAMS = [
    ("D1", "Đội Tuần tra, kiểm soát giao thông đường bộ số 1"),
    ("D2", "Đội Tuần tra, kiểm soát giao thông đường bộ số 2"),
]

# The district police of seed 001 (ended 28/02/2025), their old communes, and the commune that
# carries them on from 01/07/2025.
DISTRICTS = [
    (
        "QN",
        "CAH-QN",
        "Công an huyện Quảng Ninh",
        "",
        ["thị trấn Quán Hàu", "xã Vĩnh Ninh", "xã Hàm Ninh"],
        "xã Quảng Ninh",
    ),
    (
        "DH",
        "CATP-DH",
        "Công an thành phố Đồng Hới",
        "Công an TP. Đồng Hới",
        ["phường Hải Đình", "phường Đồng Phú", "phường Nam Lý"],
        "phường Đồng Hới",
    ),
    ("LT", "CAH-LT", "Công an huyện Lệ Thủy", "", ["thị trấn Kiến Giang", "xã Liên Thủy"], "xã Lệ Thủy"),
    (
        "BT",
        "CAH-BT",
        "Công an huyện Bố Trạch",
        "",
        ["thị trấn Hoàn Lão", "xã Trung Trạch", "xã Đại Trạch"],
        "xã Hoàn Lão",
    ),
    ("QT", "CAH-QT", "Công an huyện Quảng Trạch", "", ["xã Quảng Phương", "xã Quảng Lưu"], "xã Quảng Trạch"),
    ("TH", "CAH-TH", "Công an huyện Tuyên Hóa", "", ["thị trấn Đồng Lê", "xã Sơn Hóa"], "xã Đồng Lê"),
    ("MH", "CAH-MH", "Công an huyện Minh Hóa", "", ["thị trấn Quy Đạt", "xã Xuân Hóa"], "xã Minh Hóa"),
    (
        "BD",
        "CATX-BD",
        "Công an thị xã Ba Đồn",
        "",
        ["phường Ba Đồn", "phường Quảng Thọ", "phường Quảng Phong"],
        "phường Ba Đồn",
    ),
]

HUNG_YEN_ROOMS = [
    ("PX01", "Phòng Tổ chức cán bộ"),
    ("PX03", "Phòng Công tác đảng và công tác chính trị"),
    ("PV01", "Phòng Tham mưu"),
    ("PH10", "Phòng Hậu cần"),
    ("PC06", "Phòng Cảnh sát quản lý hành chính về trật tự xã hội"),
    ("PC08", "Phòng Cảnh sát giao thông"),
    ("PA08", "Phòng Quản lý xuất nhập cảnh"),
]
# "Khối thi đua Nội chính" of Vĩnh Phúc (seed 002): bodies outside the police, civil servants.
NOI_CHINH = [
    ("VKS", "Viện kiểm sát nhân dân tỉnh Vĩnh Phúc"),
    ("TAND", "Tòa án nhân dân tỉnh Vĩnh Phúc"),
    ("STP", "Sở Tư pháp tỉnh Vĩnh Phúc"),
    ("TTT", "Thanh tra tỉnh Vĩnh Phúc"),
    ("CTHADS", "Cục Thi hành án dân sự tỉnh Vĩnh Phúc"),
]


def _place_slug(place: str) -> tuple[str, str]:
    """("xã Vĩnh Ninh") -> ("CAX", "VINHNINH"): the code prefix of its police and an ASCII slug."""
    for kind, prefix in (("thị trấn ", "CATT"), ("phường ", "CAP"), ("xã ", "CAX")):
        if place.startswith(kind):
            return prefix, fold(place.removeprefix(kind)).upper().replace(" ", "")
    raise ValueError(place)


class DemoBuilder:
    """Builds the demo in memory order; ``build()`` writes it and returns the headline counts."""

    def __init__(self):
        self.rng = random.Random(SEED)
        self.units: dict[str, Unit] = {}
        self.serials: dict[str, int] = {}
        self.pending: list[tuple[Person, Unit]] = []  # bulk-created, with the unit of their first assignment
        self.moves: list[tuple[Person, Unit, datetime.date]] = []  # earlier transfers between the rooms
        self.heads: dict[str, Person] = {}

    # Units -----------------------------------------------------------------------------

    def unit(self, ref, code, name, kind, parent=None, **kw) -> Unit:
        unit = services.create_unit(
            by=None, ref=ref, code=code, name=name, kind=kind, parent=self.units[parent] if parent else None, **kw
        )
        self.units[ref] = unit
        return unit

    def build_units(self) -> None:
        u = self.unit
        u("BCA", "BCA", "Bộ Công an", Unit.Kind.MINISTRY)
        for code, name, short in CLUSTER_6:
            u(f"BCA-{code}", code, name, Unit.Kind.DEPARTMENT, "BCA", short_name=short)
        for code, name in OFFICE_ROOMS:
            u(f"BCA-V01-{code}", code, name, Unit.Kind.ROOM, "BCA-V01")

        u("CAQB", "CAQB", "Công an tỉnh Quảng Bình", Unit.Kind.PROVINCE, "BCA")
        for code, name in BLOCK_XDLL_TT_HCKT + OPERATIONAL_ROOMS:
            first_name = "Phòng Hậu cần – Kỹ thuật" if code == "PH10" else name
            u(f"CAQB-{code}", code, first_name, Unit.Kind.ROOM, "CAQB")
        services.rename_unit(
            self.units["CAQB-PH10"],
            name="Phòng Hậu cần",
            date=datetime.date(2018, 8, 1),
            by=None,
            basis="Sắp xếp tổ chức bộ máy Công an tỉnh năm 2018",
        )
        for code, name in TRAFFIC_TEAMS:
            u(f"CAQB-PC08-{code}", code, name, Unit.Kind.TEAM, "CAQB-PC08")
        for short, code, name, short_name, old_places, _ in DISTRICTS:
            district = u(
                f"CAQB-{short}", code, name, Unit.Kind.DISTRICT, "CAQB", short_name=short_name, valid_to=DISTRICTS_END
            )
            UnitChange.objects.create(
                unit=district,
                kind=UnitChange.Kind.DISSOLVED,
                date=DISTRICTS_END + datetime.timedelta(days=1),
                basis="Không tổ chức Công an cấp huyện từ 01/03/2025",
            )
            for place in old_places:
                prefix, slug = _place_slug(place)
                u(f"CAQB-{short}-{slug}", f"{prefix}-{slug}", f"Công an {place}", Unit.Kind.COMMUNE, f"CAQB-{short}")
        for short, _, _, _, old_places, new_place in DISTRICTS:
            prefix, slug = _place_slug(new_place)
            new = u(
                f"CAQB-{slug}",
                f"{prefix}-{slug}",
                f"Công an {new_place}",
                Unit.Kind.COMMUNE,
                "CAQB",
                valid_from=COMMUNES_START,
                basis="Sắp xếp đơn vị hành chính cấp xã năm 2025",
            )
            olds = [self.units[f"CAQB-{short}-{_place_slug(p)[1]}"] for p in old_places]
            services.merge_units(
                olds, into=new, date=COMMUNES_START, by=None, basis="Sắp xếp đơn vị hành chính cấp xã năm 2025"
            )

        u("CAHY", "CAHY", "Công an tỉnh Hưng Yên", Unit.Kind.PROVINCE, "BCA")
        for code, name in HUNG_YEN_ROOMS:
            u(f"CAHY-{code}", code, name, Unit.Kind.ROOM, "CAHY")

        u("VP", "UBND-VP", "Tỉnh Vĩnh Phúc", Unit.Kind.LOCAL_GOVERNMENT)
        for code, name in NOI_CHINH:
            u(f"VP-{code}", code, name, Unit.Kind.EXTERNAL, "VP")
        u("CAVP", "CAVP", "Công an tỉnh Vĩnh Phúc", Unit.Kind.PROVINCE, "BCA")
        for code, name in [("PX03", "Phòng Công tác đảng và công tác chính trị"), ("PV01", "Phòng Tham mưu")]:
            u(f"CAVP-{code}", code, name, Unit.Kind.ROOM, "CAVP")

    # People ----------------------------------------------------------------------------

    def person(
        self,
        prefix: str,
        position: str,
        *,
        civilian: bool = False,
        years: tuple[int, int] | None = None,
        min_years: int = 0,
    ) -> Person:
        rng = self.rng
        self.serials[prefix] = self.serials.get(prefix, 0) + 1
        leader = position in demo_names.LEADERSHIP
        if civilian:
            sex = "F" if rng.random() < (0.3 if leader else 0.55) else "M"
        else:
            sex = "F" if rng.random() < (0.05 if leader else 0.14) else "M"
        if years is None:
            years = (0, 32)
        served = max(min_years, min(years[1], int(rng.triangular(years[0], years[1], years[0] + 3))))
        nco = not civilian and not leader and rng.random() < 0.3
        entry_age = 23 if civilian else (19 if nco else 22) + rng.randint(0, 1)
        start = datetime.date(2025 - served, rng.choice([8, 9, 9, 10]), rng.randint(1, 28))
        if start > datetime.date(2025, 9, 30):
            start = datetime.date(2025, 9, 1)
        birth = datetime.date(start.year - entry_age, rng.randint(1, 12), rng.randint(1, 28))
        rank = "" if civilian else demo_names.rank_for(served, position, nco=nco, delay=rng.choice([0, 0, 0, 1, 2]))
        full_name = demo_names.random_name(rng, sex)
        return Person(
            ident=f"{prefix}{self.serials[prefix]:06d}",
            full_name=full_name,
            name_folded=fold(full_name),
            birth_date=birth,
            sex=sex,
            rank=rank,
            position=position,
            service_start=start,
        )

    def head(self, ref: str, prefix: str, position: str, *, civilian: bool = False) -> Person:
        """The head of a unit, created through the service (first assignment, audit)."""
        p = self.person(prefix, position, civilian=civilian, years=(20, 32))
        unit = self.units[ref]
        took_office = datetime.date(self.rng.randint(2016, 2023), self.rng.choice([1, 4, 7, 10]), 1)
        fields = {
            f: getattr(p, f) for f in ("ident", "full_name", "birth_date", "sex", "rank", "position", "service_start")
        }
        person = services.create_person(by=None, unit=unit, start=max(took_office, p.service_start), **fields)
        self.heads[ref] = person
        return person

    def staff(
        self,
        ref: str,
        prefix: str,
        size: int,
        *,
        civilian: bool = False,
        deputies: int = 2,
        with_head: bool = True,
        min_years: int = 0,
    ) -> None:
        """A head (through the service), deputies and officers (bulk) for the unit ``ref``."""
        unit = self.units[ref]
        if civilian:
            head, deputy, staff = demo_names.EXTERNAL_HEAD[unit.code]
        else:
            head, deputy = demo_names.head_titles(unit.kind, unit.name)
            staff = demo_names.OFFICER
        if with_head:
            self.head(ref, prefix, head, civilian=civilian)
        people = [self.person(prefix, deputy, civilian=civilian, years=(14, 28)) for _ in range(deputies)]
        if unit.kind == Unit.Kind.ROOM and not civilian:
            people += [self.person(prefix, p, years=(8, 24)) for p in (demo_names.TEAM_LEADER, demo_names.TEAM_DEPUTY)]
        while len(people) < size - int(with_head):
            people.append(self.person(prefix, staff, civilian=civilian, min_years=min_years))
        self.pending += [(p, unit) for p in people]

    def build_people(self) -> None:
        rng = self.rng
        for code, _, _ in CLUSTER_6:
            self.staff(f"BCA-{code}", "BCA", rng.randint(42, 54), deputies=3)
        for code, _ in OFFICE_ROOMS:
            self.staff(f"BCA-V01-{code}", "BCA", rng.randint(12, 18), deputies=1)

        self.head("CAQB", "QB", "Giám đốc")
        for _ in range(3):
            p = self.person("QB", "Phó Giám đốc", years=(22, 32))
            self.pending.append((p, self.units["CAQB"]))
        for code, _ in BLOCK_XDLL_TT_HCKT:
            self.staff(f"CAQB-{code}", "QB", rng.randint(38, 50))
        for code, _ in OPERATIONAL_ROOMS:
            self.staff(f"CAQB-{code}", "QB", rng.randint(80, 100), deputies=3)
        for code, _ in TRAFFIC_TEAMS:
            self.staff(f"CAQB-PC08-{code}", "QB", rng.randint(20, 28), deputies=1)
        # District police and their old communes: people served there until the 2025 reorganisation.
        for short, _, _, _, old_places, _ in DISTRICTS:
            self.staff(f"CAQB-{short}", "QB", rng.randint(26, 34), min_years=1)
            for place in old_places:
                self.staff(f"CAQB-{short}-{_place_slug(place)[1]}", "QB", rng.randint(7, 10), deputies=1, min_years=1)

        self.head("CAHY", "HY", "Giám đốc")
        for code, _ in HUNG_YEN_ROOMS:
            self.staff(f"CAHY-{code}", "HY", rng.randint(12, 16), deputies=1)

        self.head("CAVP", "VP", "Giám đốc")
        for code in ("PX03", "PV01"):
            self.staff(f"CAVP-{code}", "VP", rng.randint(40, 50))
        for code, _ in NOI_CHINH:
            self.staff(f"VP-{code}", "VPNC", rng.randint(42, 54), civilian=True)

        # Some officers of the province's rooms came from another room (moved by build_transfers).
        rooms = self.quang_binh_rooms()
        candidates = [
            i
            for i, (p, u) in enumerate(self.pending)
            if u in rooms and p.position == demo_names.OFFICER and p.service_start.year <= 2019
        ]
        for i in rng.sample(candidates, 40):
            person, unit = self.pending[i]
            day = datetime.date(rng.randint(person.service_start.year + 2, 2024), rng.choice([3, 6, 9, 12]), 1)
            self.moves.append((person, unit, day))
            self.pending[i] = (person, rng.choice([r for r in rooms if r != unit]))

        for person, unit in self.pending:
            person.unit = unit
        people = Person.objects.bulk_create([p for p, _ in self.pending], batch_size=1000)
        Assignment.objects.bulk_create(
            [Assignment(person=p, unit=p.unit, start=p.service_start, position=p.position) for p in people],
            batch_size=1000,
        )
        audit.record_many(
            None,
            AuditEvent.Action.CREATE,
            [(p, audit.snapshot(p, services.PERSON_FIELDS)) for p in people],
            note="seed_demo",
        )

    # History: transfers ----------------------------------------------------------------

    def quang_binh_rooms(self) -> list[Unit]:
        return [self.units[f"CAQB-{code}"] for code, _ in BLOCK_XDLL_TT_HCKT + OPERATIONAL_ROOMS]

    def build_transfers(self) -> int:
        rng = self.rng
        moves = 0
        for person, unit, day in self.moves:
            services.transfer_person(person, unit, start=day, by=None, basis="Quyết định điều động cán bộ")
            moves += 1

        # 01/03/2025: no more district police: most officers go to the communes, the rest to the rooms.
        first_of_march = DISTRICTS_END + datetime.timedelta(days=1)
        for short, _, _, _, old_places, new_place in DISTRICTS:
            district = self.units[f"CAQB-{short}"]
            olds = [self.units[f"CAQB-{short}-{_place_slug(p)[1]}"] for p in old_places]
            new = self.units[f"CAQB-{_place_slug(new_place)[1]}"]
            new_head, new_deputy = demo_names.head_titles(Unit.Kind.COMMUNE, new.name)
            head = self.heads[district.ref]
            services.transfer_person(
                head,
                olds[0],
                start=first_of_march,
                by=None,
                position=demo_names.head_titles(Unit.Kind.COMMUNE, olds[0].name)[0],
                basis="Sắp xếp Công an 3 cấp",
            )
            moves += 1
            moved = [head]
            for person, unit in self.pending:
                if unit != district:
                    continue
                to_commune = person.position != demo_names.OFFICER or rng.random() < 0.7
                target = rng.choice(olds if to_commune else self.quang_binh_rooms())
                services.transfer_person(person, target, start=first_of_march, by=None, basis="Sắp xếp Công an 3 cấp")
                if to_commune:
                    moved.append(person)
                moves += 1
            # 01/07/2025: the old communes' officers serve the new commune.
            old_heads = [self.heads[old.ref] for old in olds]
            moved += old_heads + [p for p, u in self.pending if u in olds]
            for person in moved:
                if person.pk == head.pk:
                    position = new_head
                elif person in old_heads or person.position.endswith("Công an huyện"):
                    position = new_deputy
                else:
                    position = demo_names.OFFICER
                services.transfer_person(
                    person,
                    new,
                    start=COMMUNES_START,
                    by=None,
                    position=position,
                    basis="Sắp xếp đơn vị hành chính cấp xã năm 2025",
                )
                moves += 1
        return moves

    # Ratings ---------------------------------------------------------------------------

    def build_ratings(self) -> tuple[int, int]:
        rng = self.rng
        rows = []
        for person in Person.objects.order_by("pk").only("pk", "service_start"):
            years = [y for y in RATING_YEARS if person.service_start < datetime.date(y, 7, 1)]
            for year, rating in zip(years, demo_names.rating_series(rng, len(years)), strict=True):
                rows.append(PersonRating(person_id=person.pk, year=year, rating=rating))
        PersonRating.objects.bulk_create(rows, batch_size=2000)
        unit_rows = []
        rated_kinds = set(Unit.POLICE_KINDS - {Unit.Kind.MINISTRY}) | {Unit.Kind.EXTERNAL}
        for unit in Unit.objects.filter(kind__in=rated_kinds).order_by("pk"):
            years = [y for y in RATING_YEARS if unit.is_active_on(datetime.date(y, 12, 31))]
            for year, rating in zip(years, demo_names.rating_series(rng, len(years), unit=True), strict=True):
                unit_rows.append(UnitRating(unit=unit, year=year, rating=rating))
        UnitRating.objects.bulk_create(unit_rows, batch_size=2000)
        return len(rows), len(unit_rows)

    # Logins ----------------------------------------------------------------------------

    def build_logins(self) -> None:
        password = make_password(DEMO_PASSWORD)  # one hash for a password that is public anyway: seconds saved
        px03 = self.units["CAQB-PX03"]
        officer = Person.objects.filter(unit=px03, position=demo_names.OFFICER).order_by("ident").first()
        links = {"head": self.heads["CAQB-PX03"], "officer": officer}
        for username, role, ref, link in _LOGINS:
            admin = role == Role.ADMIN
            user = User.objects.create(
                username=username, password=password, is_superuser=admin, is_staff=admin, person=links.get(link)
            )
            RoleGrant.objects.create(user=user, role=role, unit=self.units[ref])

    def build(self) -> dict:
        self.build_units()
        self.build_people()
        moves = self.build_transfers()
        person_ratings, unit_ratings = self.build_ratings()
        self.build_logins()
        return {
            "units": Unit.objects.count(),
            "people": Person.objects.count(),
            "transfers": moves,
            "person_ratings": person_ratings,
            "unit_ratings": unit_ratings,
        }


def seed() -> dict | None:
    """Load the demo into an empty organisation; None (and nothing written) when units exist."""
    if Unit.objects.exists():
        return None
    with transaction.atomic():
        summary = DemoBuilder().build()
        # Later apps extend the demo with their year: blocks, registration, pledges, reports …
        from demo.cycle import seed_cycle

        summary.update(seed_cycle())
        from demo.voting import seed_voting

        summary.update(seed_voting())
        from demo.scoring import seed_scoring

        summary.update(seed_scoring())
        from demo.facts import seed_awards

        summary.update(seed_awards())
        from demo.commendation import seed_commendation

        summary.update(seed_commendation())
        from demo.news import seed_news

        summary.update(seed_news())
        return summary


class Command(BaseCommand):
    help = "Load the demo organisation, people, ratings and one login per role (only into an empty database)."

    def handle(self, *args, **options):
        started = time.monotonic()
        summary = seed()
        if summary is None:
            self.stdout.write("Units already exist: the demo was not loaded (nothing changed).")
        else:
            self.stdout.write(
                self.style.SUCCESS(
                    "Demo loaded in {:.1f} s: {units} units, {people} people, {transfers} transfers, "
                    "{person_ratings} person ratings, {unit_ratings} unit ratings, {blocks} block-years, "
                    "{titles} titles, {award_forms} award forms, {initiatives} initiatives, "
                    "{disciplines} disciplines, {proposals} proposals, decisions: {decisions} "
                    "({decision_lines} recipients), {articles} news articles ({published_articles} published).".format(
                        time.monotonic() - started, **summary
                    )
                )
            )
        if options["verbosity"] >= 1:  # `make run` passes -v0 and prints them itself (demo_logins)
            self.print_logins()

    def print_logins(self) -> None:
        existing = set(
            User.objects.filter(username__in=[u for u, _, _ in DEMO_LOGINS]).values_list("username", flat=True)
        )
        rows = [row for row in DEMO_LOGINS if row[0] in existing]
        if not rows:
            return
        self.stdout.write(f"\nDemo logins (password “{DEMO_PASSWORD}” for every one):")
        self.stdout.write(f"  {'username':<13} {'role':<28} scope")
        for username, role, scope in rows:
            self.stdout.write(f"  {username:<13} {role:<28} {scope}")
