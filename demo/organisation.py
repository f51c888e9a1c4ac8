"""The demo organisation: ~2,000 people with five years of ratings, and one login per role.

The structure (``demo.structure``) goes through ``organisation.services`` (units, renames, merges,
heads of units, transfers) so that history, lineage and the audit log look as they would in real
use; the bulk of the people and every rating are bulk-created. Deterministic: ``random.Random(2025)``."""

import datetime
import random

from django.contrib.auth.hashers import make_password

from audit import services as audit
from audit.models import AuditEvent
from demo import names as demo_names
from demo.logins import DEMO_PASSWORD, LOGINS
from demo.structure import (
    BLOCK_XDLL_TT_HCKT,
    CLUSTER_6,
    COMMUNES_START,
    DISTRICTS,
    DISTRICTS_END,
    HUNG_YEN_ROOMS,
    NOI_CHINH,
    OFFICE_ROOMS,
    OPERATIONAL_ROOMS,
    TRAFFIC_TEAMS,
    place_slug,
)
from organisation import services
from organisation.models import Assignment, Person, PersonRating, Role, RoleGrant, Unit, UnitChange, UnitRating, User
from organisation.text import fold

SEED = 2025
RATING_YEARS = range(2021, 2026)


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
                prefix, slug = place_slug(place)
                u(f"CAQB-{short}-{slug}", f"{prefix}-{slug}", f"Công an {place}", Unit.Kind.COMMUNE, f"CAQB-{short}")
        for short, _, _, _, old_places, new_place in DISTRICTS:
            prefix, slug = place_slug(new_place)
            new = u(
                f"CAQB-{slug}",
                f"{prefix}-{slug}",
                f"Công an {new_place}",
                Unit.Kind.COMMUNE,
                "CAQB",
                valid_from=COMMUNES_START,
                basis="Sắp xếp đơn vị hành chính cấp xã năm 2025",
            )
            olds = [self.units[f"CAQB-{short}-{place_slug(p)[1]}"] for p in old_places]
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
                self.staff(f"CAQB-{short}-{place_slug(place)[1]}", "QB", rng.randint(7, 10), deputies=1, min_years=1)

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
            olds = [self.units[f"CAQB-{short}-{place_slug(p)[1]}"] for p in old_places]
            new = self.units[f"CAQB-{place_slug(new_place)[1]}"]
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
        for username, role, ref, link in LOGINS:
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
