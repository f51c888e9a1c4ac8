"""Demo facts for the eligibility engine: titles, award forms, initiatives, discipline, pending cases,
achievements, hardship factors and block standings of Công an tỉnh Quảng Bình over the five demo
years (ratings 2021–2025). Called by ``seed_demo`` after the cycle; ``seed_awards()`` is
idempotent (nothing is written when the demo's titles exist), bulk-written and deterministic
(``random.Random(2025)``). Hưng Yên, Vĩnh Phúc and the Ministry's departments get no facts, only
their blocks' 2025 standings.

**History (2021–2024) is decided by the engine itself**: year by year the province is evaluated
with the rule set in force (``luat2003`` to 2023, ``luat2022_nd98_cand`` from 2024) and most of
the eligible receive the title — Chiến sĩ tiên tiến for most HTTNV/HTXSNV people, Chiến sĩ thi
đua cơ sở for a share of the eligible with the initiative they used marked as used, CSTĐ Bộ after
three CSTĐ cơ sở with a Bộ-level initiative, Đơn vị tiên tiến / Quyết thắng for units. Then
Giấy khen (with the movement achievement it rewards), Bằng khen Bộ trưởng after two CSTĐ cơ sở,
older Bằng khen Thủ tướng for some seniors, seniority medals in the year they were earned
(service_start), a few disciplines, one annulled title. **2025 is the open year**: its facts are
in (ratings, initiatives, achievements, discipline, pending cases, block standings), its titles
are not conferred yet — the eligibility page of 2025 is the council's worksheet.

**Showcases** (``showcase()``): for every rule of the 2025 set and each recipient, named people
or units who pass and who narrowly fail — a *narrow miss* is a NOT_ELIGIBLE verdict with an
alternative in which exactly one condition fails (2 consecutive years instead of 3, a discipline
one day inside the look-back, 69 % instead of 70 %, an initiative already used …). Their
histories are written by hand on people whose demo ratings already fit; the only change to the
organisation's data: the one member of PV06 rated KHTNV in 2025 is rated HTNV, so that a unit
with a history can be Đơn vị Quyết thắng in 2025 (the random ratings left none) — see
``RATING_FIX``.
"""

import datetime
import random
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction

from cycle.models import Block
from eligibility.facts import serving_on
from eligibility.models import Achievement, BlockStanding, Discipline, Initiative, PendingCase, ServiceFactor
from honours.models import AwardForm, FormAward, Title, TitleAward
from organisation.models import Assignment, Person, PersonRating, Unit

SEED = 2025
OPEN_YEAR = 2025  # ratings and facts in, titles not conferred yet
DECIDED_YEARS = range(2021, 2025)
GOOD = ("HTXSNV", "HTTNV")
X = "HTXSNV"
ELIGIBLE, NOT_ELIGIBLE, POSTPONED = "eligible", "not_eligible", "postponed"
IND, COL = "individual", "collective"
# Unit → the members rated below HTNV in 2025 are rated HTNV (see the module's docstring).
RATING_FIX = "CAQB-PV06"
# Seniority medals: (code, years for men, years for women).
SENIORITY = [("HCCSVV3", 10, 10), ("HCCSVV2", 15, 15), ("HCCSVV1", 20, 20), ("HCVANTQ", 25, 25), ("KNC_BVANTQ", 15, 10)]
INITIATIVE_TOPICS = [
    "Ứng dụng phần mềm quản lý hồ sơ cán bộ trên môi trường số",
    "Quy trình tiếp nhận, giải quyết thủ tục hành chính về cư trú trên Cổng dịch vụ công",
    "Mô hình “Camera an ninh” kết nối giữa Công an xã và khu dân cư",
    "Giải pháp số hoá kho hồ sơ nghiệp vụ",
    "Sổ tay điện tử hướng dẫn nghiệp vụ tuần tra, kiểm soát giao thông",
    "Phương pháp lập chuyên án đấu tranh với tội phạm ma tuý trên tuyến biên giới",
    "Cải tiến quy trình cấp phát quân trang, trang thiết bị",
    "Ứng dụng dữ liệu dân cư trong xác minh, truy tìm đối tượng",
    "Mô hình “Tổ liên gia an toàn phòng cháy chữa cháy”",
    "Giải pháp bảo đảm an toàn mạng cho hệ thống thông tin nội bộ",
]


@dataclass(frozen=True)
class Case:
    """A showcase verdict of the 2025 evaluation of the province: ``subject`` is a person or unit id;
    for a miss, ``predicate`` is the one condition that fails in its closest alternative."""

    key: str
    rule: str
    recipient: str
    subject: int
    status: str
    predicate: str = ""
    note: str = ""


@dataclass
class _Facts:
    titles: list = field(default_factory=list)  # TitleAward
    forms: list = field(default_factory=list)  # FormAward
    initiatives: list = field(default_factory=list)  # Initiative
    disciplines: list = field(default_factory=list)
    pending: list = field(default_factory=list)
    achievements: list = field(default_factory=list)
    factors: list = field(default_factory=list)


def _d(year, month, day) -> datetime.date:
    return datetime.date(year, month, day)


def _end_of_period(decided: datetime.date) -> datetime.date:
    """Khiển trách, cảnh cáo, hạ bậc lương last 12 months: to the day before the decision's anniversary."""
    day = decided.replace(day=28) if (decided.month, decided.day) == (2, 29) else decided
    return day.replace(year=day.year + 1) - datetime.timedelta(days=1)


# The province as it stands: people, ratings, units -------------------------------------------


class _Province:
    def __init__(self):
        self.caqb = Unit.objects.get(ref="CAQB")
        self.units = {u.ref: u for u in Unit.objects.filter(path__startswith=self.caqb.path)}
        on = datetime.date(OPEN_YEAR, 12, 31)
        self.unit_of = dict(serving_on(on, self.caqb).values_list("person_id", "unit_id"))
        ids = set(Assignment.objects.filter(unit__path__startswith=self.caqb.path).values_list("person_id", flat=True))
        self.people = {p.pk: p for p in Person.objects.filter(pk__in=ids).only("pk", "ident", "sex", "service_start")}
        self.ratings: dict[int, dict[int, str]] = {}
        for pid, year, rating in PersonRating.objects.filter(person_id__in=self.people).values_list(
            "person_id", "year", "rating"
        ):
            self.ratings.setdefault(pid, {})[year] = rating

    def rating(self, pid, year):
        return self.ratings.get(pid, {}).get(year)

    def members(self, ref: str) -> list[int]:
        unit = self.units[ref]
        return sorted(pid for pid, uid in self.unit_of.items() if uid == unit.pk)


def _fix_ratings(province: _Province) -> int:
    members = province.members(RATING_FIX)
    changed = PersonRating.objects.filter(year=OPEN_YEAR, person_id__in=members, rating="KHTNV").update(rating="HTNV")
    for pid in members:
        if province.rating(pid, OPEN_YEAR) == "KHTNV":
            province.ratings[pid][OPEN_YEAR] = "HTNV"
    return changed


# Showcase people: who they are (a pure function of the organisation and its ratings) ----------


def _good(rs, years):
    return all(rs.get(y) in GOOD for y in years)


def _xs(rs, years):
    return sum(rs.get(y) == X for y in years)


def _full_years(start: datetime.date, day: datetime.date) -> int:
    return day.year - start.year - ((day.month, day.day) < (start.month, start.day))


ALL = range(2021, 2026)
# key → (wanted ratings, latest start of service) — rarest first.
PATTERNS = {
    "cstd_tq_ok": (lambda r: _xs(r, ALL) == 5, 2012),
    "cstd_tq_inside": (lambda r: _xs(r, ALL) == 5, 2012),
    "hcbvtq1_ok": (lambda r: _good(r, ALL) and _xs(r, ALL) >= 3, 2003),
    "hcbvtq2_ok": (lambda r: _good(r, ALL) and _xs(r, ALL) >= 3, 2006),
    "hcld3_ok": (lambda r: _good(r, ALL) and _xs(r, ALL) >= 3, 2010),
    "bk_ttg_ok": (lambda r: _good(r, ALL) and _xs(r, ALL) >= 3, 2017),
    "hcbvtq2_four": (lambda r: _good(r, range(2022, 2026)) and _xs(r, range(2022, 2026)) >= 3, 2007),
    "bk_ttg_four": (lambda r: _good(r, range(2022, 2026)) and _xs(r, range(2022, 2026)) >= 3, 2018),
    "hcbvtq1_two": (lambda r: _good(r, ALL) and _xs(r, ALL) == 2, 2004),
    "hcbvtq3_two": (lambda r: _good(r, ALL) and _xs(r, ALL) == 2, 2009),
    "hcld3_no_x": (lambda r: all(r.get(y) == "HTTNV" for y in ALL), 2010),
    "cstd_bo_ok": (lambda r: _xs(r, range(2023, 2026)) == 3, 2020),
    "cstd_bo_used": (lambda r: _xs(r, range(2023, 2026)) == 3, 2020),
    "cstd_bo_two": (lambda r: r.get(2023) == "HTTNV" and _xs(r, (2024, 2025)) == 2, 2020),
    "bk_bo_used": (lambda r: r.get(2023) in GOOD and _xs(r, (2024, 2025)) == 2, 2020),
    "cstdcs_used": (lambda r: r.get(2024) == X and r.get(2025) == "HTTNV", 2022),
    "cstdcs_sang_kien": (lambda r: r.get(2025) == "HTTNV", 2024),
    "cstdcs_de_tai": (lambda r: r.get(2025) == "HTTNV", 2024),
    "cstdcs_window": (lambda r: r.get(2025) == "HTTNV", 2024),
    "cstt_htnv": (lambda r: r.get(2025) == "HTNV", 2024),
    "cstt_discipline": (lambda r: r.get(2025) in GOOD, 2023),
    "pending_open": (lambda r: r.get(2025) == X, 2024),
    "pending_closed": (lambda r: r.get(2025) in GOOD, 2024),
    "gk_ok": (lambda r: r.get(2025) == "HTTNV", 2024),
    "gk_htnv": (lambda r: r.get(2025) == "HTNV", 2024),
    "bk_bo_phong_trao": (lambda r: r.get(2025) in GOOD, 2024),
}
# Picked in a unit (criminal police: combat ingenuity, an ad-hoc achievement).
IN_UNIT = {
    "cstdcs_chien_dau": ("CAQB-PC02", lambda r: r.get(2025) == "HTTNV"),
    "bk_bo_dot_xuat": ("CAQB-PC02", lambda r: r.get(2025) in GOOD),
}
# Seniority: (key, sex, start year → full years on 31/12/2025, hardship factor, wanted 2025 rating)
SENIORITY_PICKS = [
    ("hccsvv3_ok", "M", 2015, None),
    ("hccsvv3_short", "M", 2016, None),
    ("hccsvv2_ok", "M", 2010, None),
    ("hccsvv2_short", "M", 2011, None),
    ("hccsvv1_ok", "M", 2005, None),
    ("hccsvv1_short", "M", 2006, None),
    ("hcvantq_ok", "M", 2000, None),
    ("hcvantq_short", "M", 2001, None),
    ("knc_woman", "F", 2015, None),
    ("knc_man_short", "M", 2015, None),
    ("knc_hardship", "M", 2014, Decimal("1.5")),
    ("knc_hardship_short", "M", 2016, Decimal("1.5")),
]
# Units whose 2025 members the dynamic cases choose from: showcase people are never taken there.
DYNAMIC_UNITS = ("CAQB-PC08-D1", "CAQB-PC06", RATING_FIX)


def _pick_people(province: _Province) -> dict[str, int]:
    rng = random.Random(SEED)
    excluded = {pid for ref in DYNAMIC_UNITS for pid in province.members(ref)}
    pool = sorted((pid for pid in province.unit_of if pid not in excluded), key=lambda pid: province.people[pid].ident)
    rng.shuffle(pool)
    chosen: dict[str, int] = {}
    used: set[int] = set()

    def take(key, test, within=None):
        for pid in pool:
            if pid in used or (within is not None and province.unit_of[pid] != within):
                continue
            if test(pid):
                chosen[key] = pid
                used.add(pid)
                return
        raise LookupError(f"demo.facts: nobody fits the showcase {key!r}")

    for key, (wanted, latest) in PATTERNS.items():
        take(
            key,
            lambda pid, w=wanted, s=latest: (
                province.people[pid].service_start.year <= s and w(province.ratings.get(pid, {}))
            ),
        )
    for key, (ref, wanted) in IN_UNIT.items():
        take(key, lambda pid, w=wanted: w(province.ratings.get(pid, {})), province.units[ref].pk)
    for key, sex, start, _ in SENIORITY_PICKS:
        need_good = key.startswith("hcvantq")
        take(
            key,
            lambda pid, x=sex, s=start, g=need_good: (
                province.people[pid].sex == x
                and province.people[pid].service_start.year == s
                and (not g or province.rating(pid, OPEN_YEAR) in GOOD)
            ),
        )
    return chosen


# Writing facts -----------------------------------------------------------------------------------


class _Writer:
    def __init__(self, province: _Province, rng: random.Random):
        self.p, self.rng = province, rng
        self.titles = dict(Title.objects.values_list("code", "id"))
        self.forms = dict(AwardForm.objects.values_list("code", "id"))
        self.f = _Facts()
        self.serial = 0

    def ref(self, issuer: str, day: datetime.date) -> str:
        self.serial += 1
        return f"{100 + self.serial * 7 % 2900}/QĐ-{issuer} ngày {day:%d/%m/%Y}"

    def title(self, code, year, *, person=None, unit=None):
        issuer = {"CSTD_BO": "BCA", "CO_BO": "BCA", "CSTD_TQ": "TTg", "CO_CP": "TTg"}.get(code, "CAT")
        day = _d(year, 12, 15) if issuer == "CAT" else _d(year + 1, 1, 20)
        self.f.titles.append(
            TitleAward(
                title_id=self.titles[code],
                person_id=person,
                unit_id=unit,
                year=year,
                decision_ref=self.ref(issuer, day),
            )
        )

    def form(self, code, year, *, person=None, unit=None, kind="merit", decided=None):
        decided = decided or _d(year + 1, self.rng.randint(1, 4), self.rng.randint(1, 28))
        issuer = {
            "GK": "CAT",
            "GK_TT": "CAT",
            "BK_BO": "BCA",
            "BK_BO_TT": "BCA",
            "KNC_BVANTQ": "BCA",
            "BK_TTG": "TTg",
        }.get(code, "CTN")
        row = FormAward(
            award_form_id=self.forms[code],
            person_id=person,
            unit_id=unit,
            year=year,
            decided_on=decided,
            kind=kind,
            decision_ref=self.ref(issuer, decided),
        )
        self.f.forms.append(row)

    def initiative(self, person, day, *, level="co_so", kind="sang_kien", used=None, topic=None):
        topic = topic or self.rng.choice(INITIATIVE_TOPICS)
        row = Initiative(
            person_id=person,
            title=topic,
            kind=kind,
            level=level,
            recognised_on=day,
            used_for_title_id=self.titles[used[0]] if used else None,
            used_year=used[1] if used else None,
        )
        self.f.initiatives.append(row)
        return row

    def discipline(self, person, form, decided, end=None, ref="Quyết định kỷ luật"):
        self.f.disciplines.append(
            Discipline(
                person_id=person,
                form=form,
                decided_on=decided,
                period_end=end or _end_of_period(decided),
                decision_ref=f"{ref} ngày {decided:%d/%m/%Y}",
            )
        )

    def pending(self, person, kind, opened, closed=None, note=""):
        self.f.pending.append(PendingCase(person_id=person, kind=kind, opened_on=opened, closed_on=closed, note=note))

    def achievement(self, year, kind, description, *, person=None, unit=None):
        self.f.achievements.append(
            Achievement(person_id=person, unit_id=unit, year=year, kind=kind, description=description)
        )

    def history(self, pid, cstdcs=(), *, titled_initiatives=True, extra=()):
        """CSTT in each year 2021–2024 rated HTTNV or better, CSTĐ cơ sở in ``cstdcs`` (with the
        cơ sở initiative the 2003 law required up to 2023), and ``extra`` (code, year) titles."""
        for y in DECIDED_YEARS:
            if self.p.rating(pid, y) in GOOD or y in cstdcs:
                self.title("CSTT", y, person=pid)
        for y in cstdcs:
            if y < 2021:
                self.title("CSTT", y, person=pid)
            self.title("CSTDCS", y, person=pid)
            if titled_initiatives and y <= 2023:
                self.initiative(pid, _d(y, self.rng.randint(3, 10), self.rng.randint(1, 28)), used=("CSTDCS", y))
        for code, y in extra:
            self.title(code, y, person=pid)


def _showcases(w: _Writer, who: dict[str, int]) -> None:
    """The hand-written histories of the showcase people (see ``showcase()`` for the verdicts)."""
    p = w.p

    def x_years(pid, years):
        return [y for y in years if p.rating(pid, y) == X]

    # CSTĐ toàn quốc: CSTĐ Bộ 2022 and again eligible in 2025, a nationwide initiative; discipline one
    # day outside / one day inside the 7-year look-back (decided 31/12/2018 / 01/01/2019).
    for key, decided in (("cstd_tq_ok", _d(2018, 12, 31)), ("cstd_tq_inside", _d(2019, 1, 1))):
        pid = who[key]
        w.history(pid, (2020, 2021, 2022, 2023, 2024), extra=[("CSTD_BO", 2022)])
        w.initiative(
            pid,
            _d(2022, 4, 18),
            level="bo",
            used=("CSTD_BO", 2022),
            topic="Phần mềm quản lý lưu trú kết nối Cơ sở dữ liệu quốc gia về dân cư",
        )
        w.initiative(pid, _d(2024, 9, 12), level="bo", topic="Quy trình số hoá hồ sơ xử lý vi phạm hành chính")
        w.initiative(
            pid,
            _d(2025, 6, 2),
            level="toan_quoc",
            topic="Nền tảng định danh và xác thực điện tử phục vụ thủ tục hành chính ở xã",
        )
        w.form("BK_BO", 2022, person=pid, decided=_d(2023, 2, 14))
        w.discipline(pid, "khien_trach", decided, ref="Kỷ luật khiển trách")
    # CSTĐ Bộ: three CSTĐ cơ sở with an unused Bộ-level initiative; only two; the initiative used.
    pid = who["cstd_bo_ok"]
    w.history(pid, (2023, 2024))
    w.initiative(pid, _d(2024, 10, 8), level="bo", topic="Giải pháp liên thông dữ liệu quản lý vũ khí, vật liệu nổ")
    pid = who["cstd_bo_two"]
    w.history(pid, (2024,))
    w.initiative(pid, _d(2025, 3, 27), level="bo", topic="Bộ tiêu chí đánh giá an toàn phòng cháy tại chợ, TTTM")
    pid = who["cstd_bo_used"]
    w.history(pid, (2023, 2024), titled_initiatives=False)
    w.initiative(
        pid,
        _d(2023, 4, 12),
        level="bo",
        used=("CSTDCS", 2023),
        topic="Ứng dụng bản đồ số trong điều hành lực lượng tuần tra",
    )
    # Bằng khen Bộ trưởng 2024 already; HTXSNV 2024–2025 but one of the two initiatives used for CSTĐCS 2024.
    pid = who["bk_bo_used"]
    w.history(pid, (2023, 2024))
    w.initiative(pid, _d(2024, 3, 15), used=("CSTDCS", 2024), topic="Sổ theo dõi điện tử công tác tiếp công dân")
    w.initiative(pid, _d(2025, 5, 6), topic="Biểu mẫu điện tử báo cáo nhanh vụ việc")
    w.form("BK_BO", 2024, person=pid, decided=_d(2025, 1, 20))
    # Award chains (older awards of seniors): CSTĐ cơ sở in their HTXSNV years.
    chains = {
        "bk_ttg_ok": [("BK_BO", 2020)],
        "bk_ttg_four": [("BK_BO", 2021)],
        "hcld3_ok": [("BK_BO", 2013), ("BK_TTG", 2020)],
        "hcbvtq3_two": [("BK_BO", 2011), ("BK_TTG", 2020)],
        "hcbvtq2_ok": [("BK_BO", 2008), ("BK_TTG", 2013), ("HCBVTQ3", 2019)],
        "hcbvtq2_four": [("BK_BO", 2009), ("BK_TTG", 2014), ("HCBVTQ3", 2021)],
        "hcbvtq1_ok": [("BK_BO", 2005), ("BK_TTG", 2010), ("HCBVTQ3", 2014), ("HCBVTQ2", 2019)],
        "hcbvtq1_two": [("BK_BO", 2006), ("BK_TTG", 2011), ("HCBVTQ3", 2015), ("HCBVTQ2", 2019)],
    }
    for key, awards in chains.items():
        pid = who[key]
        w.history(pid, x_years(pid, DECIDED_YEARS))
        for code, year in awards:
            w.form(code, year, person=pid)
    # Huân chương Lao động: three CSTĐ cơ sở through initiatives, never HTXSNV.
    pid = who["hcld3_no_x"]
    w.history(pid, (2021, 2022, 2023))
    w.form("BK_BO", 2012, person=pid)
    w.form("BK_TTG", 2020, person=pid)
    # CSTĐ cơ sở without HTXSNV: an initiative, a research work, combat ingenuity; one recognised a day
    # before the year's window; one already used for CSTĐ cơ sở 2024.
    for key in (
        "cstdcs_sang_kien",
        "cstdcs_de_tai",
        "cstdcs_chien_dau",
        "cstdcs_window",
        "cstdcs_used",
        "cstt_htnv",
        "cstt_discipline",
        "pending_open",
        "pending_closed",
        "gk_ok",
        "gk_htnv",
        "bk_bo_phong_trao",
        "bk_bo_dot_xuat",
    ):
        pid = who[key]
        w.history(pid, (2024,) if key == "cstdcs_used" else ())
    w.initiative(who["cstdcs_sang_kien"], _d(2025, 6, 16), topic="Quy trình tiếp nhận tin báo tội phạm qua ứng dụng")
    w.initiative(
        who["cstdcs_de_tai"],
        _d(2025, 9, 25),
        kind="de_tai",
        topic="Đề tài: Nâng cao hiệu quả công tác quản lý cư trú sau sắp xếp đơn vị hành chính",
    )
    w.initiative(
        who["cstdcs_chien_dau"],
        _d(2025, 4, 8),
        kind="giai_phap_chien_dau",
        topic="Phương án vây bắt đối tượng truy nã có vũ khí tại khu vực rừng núi",
    )
    w.initiative(who["cstdcs_window"], _d(2024, 12, 31), topic="Mẫu sổ tay tuyên truyền pháp luật cho thanh niên")
    w.initiative(
        who["cstdcs_used"], _d(2025, 1, 10), used=("CSTDCS", 2024), topic="Quy trình kiểm tra an toàn kho vật chứng"
    )
    # CSTT: khiển trách on 31/12/2024, one day before the year's look-back, but its period runs to 30/12/2025.
    w.discipline(who["cstt_discipline"], "khien_trach", _d(2024, 12, 31), ref="Kỷ luật khiển trách")
    w.pending(who["pending_open"], "inspection", _d(2025, 11, 3), note="Kiểm tra việc quản lý tài sản được giao")
    w.pending(
        who["pending_closed"],
        "complaint",
        _d(2025, 3, 10),
        _d(2025, 5, 20),
        note="Đơn phản ánh đã xác minh, không có vi phạm",
    )
    w.achievement(2025, "phong_trao", "Điển hình trong phong trào “Bình dân học vụ số”", person=who["gk_ok"])
    w.achievement(2025, "phong_trao", "Tích cực trong phong trào xây dựng nông thôn mới", person=who["gk_htnv"])
    w.achievement(
        2025,
        "phong_trao_bo",
        "Xuất sắc trong đợt cao điểm làm sạch dữ liệu dân cư của Bộ",
        person=who["bk_bo_phong_trao"],
    )
    w.achievement(
        2025, "dot_xuat", "Trực tiếp bắt giữ đối tượng vận chuyển 12 bánh heroin", person=who["bk_bo_dot_xuat"]
    )
    # Seniority with a hardship factor (years in mountain and border communes).
    for key, _, _, factor in SENIORITY_PICKS:
        if factor:
            w.f.factors.append(
                ServiceFactor(person_id=who[key], factor=factor, basis="Công tác tại địa bàn miền núi, biên giới")
            )


def _base(w: _Writer, reserved: set[int]) -> None:
    """Random facts of everyone else: initiatives, achievements, older awards, seniority medals, a few
    disciplines (titles come later, from the engine)."""
    rng, p = w.rng, w.p
    for pid in sorted(p.people, key=lambda pid: p.people[pid].ident):
        person = p.people[pid]
        if pid not in reserved:
            for y in ALL:
                rating = p.rating(pid, y)
                if rating is None or rng.random() >= {X: 0.5, "HTTNV": 0.05}.get(rating, 0):
                    continue
                level = rng.choices(["co_so", "bo", "toan_quoc"], [88, 10, 2])[0]
                kind = rng.choices(["sang_kien", "de_tai", "giai_phap_chien_dau"], [85, 10, 5])[0]
                w.initiative(pid, _d(y, rng.randint(2, 11), rng.randint(1, 28)), level=level, kind=kind)
            if p.rating(pid, OPEN_YEAR) and rng.random() < 0.02:
                w.achievement(
                    OPEN_YEAR, "phong_trao", "Tích cực trong phong trào thi đua “Vì an ninh Tổ quốc”", person=pid
                )
            if person.service_start.year <= 2008 and rng.random() < 0.12:
                year = rng.randint(max(2010, person.service_start.year + 5), 2019)
                w.form("BK_BO", year, person=pid)
                if rng.random() < 0.25:
                    w.form("BK_TTG", min(year + rng.randint(4, 6), 2020), person=pid)
        # Seniority medals, decided in December of the year the years were reached (a few still missing).
        for code, men, women in SENIORITY:
            reached = person.service_start.year + (women if person.sex == "F" else men)
            if reached < OPEN_YEAR and rng.random() < 0.96:
                w.form(code, reached, person=pid, kind="seniority", decided=_d(reached, 12, 12))
    # A few disciplines of past years (their titles are then refused by the engine).
    pool = sorted(pid for pid in p.people if pid not in reserved and p.rating(pid, 2022))
    for form, year in (("khien_trach", 2021), ("khien_trach", 2022), ("canh_cao", 2022), ("ha_bac_luong", 2023)):
        pid = rng.choice(pool)
        w.discipline(pid, form, _d(year, rng.randint(2, 10), rng.randint(1, 28)))


def _write(facts: _Facts) -> None:
    TitleAward.objects.bulk_create(facts.titles, batch_size=2000)
    FormAward.objects.bulk_create(facts.forms, batch_size=2000)
    Initiative.objects.bulk_create(facts.initiatives, batch_size=2000)
    Discipline.objects.bulk_create(facts.disciplines)
    PendingCase.objects.bulk_create(facts.pending)
    Achievement.objects.bulk_create(facts.achievements)
    ServiceFactor.objects.bulk_create(facts.factors)


# Units ---------------------------------------------------------------------------------------------

# Flags of past years (no block standings were kept before 2025): only units rated HTXSNV that year.
PAST_FLAGS = {
    2021: {"CO_BO": ["CAQB-PV06", "CAQB-PX01"]},
    2022: {"CO_BO": ["CAQB-PV06", "CAQB-PX03", "CAQB-PV05"], "CO_CP": ["CAQB-PV06"]},
    2023: {"CO_BO": ["CAQB-PV06", "CAQB-PX03", "CAQB-PH41"]},
    2024: {"CO_BO": ["CAQB-PX03", "CAQB-PV06"], "CO_CP": ["CAQB-PX03"]},
}
QUYET_THANG = ("CAQB-PV06", "CAQB-PX03")  # Đơn vị Quyết thắng every year 2021–2024
# The block's 2025 result (consistent with the cycle demo: PX03 leads it in 2026, PH10 deputy).
STANDINGS_2025 = {
    "Khối XDLL – TT – HCKT": [
        ("CAQB-PX03", "93.75"),
        ("CAQB-PH10", "81.25"),
        ("CAQB-PV06", "68.75"),
        ("CAQB-PV01", "56.25"),
        ("CAQB-PX01", "43.75"),
        ("CAQB-PV05", "37.50"),
        ("CAQB-PH41", "25.00"),
        ("CAQB-PV02", "12.50"),
    ],
}


def _units(w: _Writer) -> None:
    p = w.p
    for year, flags in PAST_FLAGS.items():
        for code, refs in flags.items():
            for ref in refs:
                w.title(code, year, unit=p.units[ref].pk)
    for ref in QUYET_THANG:
        for year in DECIDED_YEARS:
            w.title("DVQT", year, unit=p.units[ref].pk)
    w.form("HCBVTQ2", 2019, unit=p.units["CAQB-PV06"].pk, decided=_d(2020, 8, 14))
    w.form("HCBVTQ2", 2020, unit=p.units["CAQB-PX03"].pk, decided=_d(2021, 8, 16))
    w.achievement(
        2025,
        "phong_trao_bo",
        "Dẫn đầu phong trào toàn dân bảo vệ an ninh Tổ quốc năm 2025 của Bộ",
        unit=p.units["CAQB-PV05"].pk,
    )
    w.achievement(
        2025, "dot_xuat", "Cứu hộ, di dời 214 hộ dân trong đợt mưa lũ tháng 10/2025", unit=p.units["CAQB-QUANGNINH"].pk
    )


def _standings(rng: random.Random) -> int:
    rows = []
    for block in Block.objects.filter(year=OPEN_YEAR).prefetch_related("memberships__unit").order_by("pk"):
        if block.standings.exists():
            continue
        members = [m.unit for m in block.memberships.all()]
        fixed = STANDINGS_2025.get(block.name)
        if fixed:
            by_ref = {u.ref: u for u in members}
            ranked = [(by_ref[ref], Decimal(share)) for ref, share in fixed]
        else:
            rng.shuffle(members)
            n = len(members)
            ranked = [(u, Decimal(str(round(100 * (n - i) / (n + 1), 2)))) for i, u in enumerate(members)]
        rows += [
            BlockStanding(
                block=block,
                unit=u,
                rank=i + 1,
                vote_share=share,
                source="Biên bản Hội nghị tổng kết, suy tôn của khối năm 2025",
            )
            for i, (u, share) in enumerate(ranked)
        ]
    BlockStanding.objects.bulk_create(rows)
    return len(rows)


# The years decided by the engine -------------------------------------------------------------------


def _decide_years(w: _Writer, reserved: set[int]) -> dict:
    from eligibility.services import evaluate_scope

    rng, p = w.rng, w.p
    hand_units = {p.units[ref].pk for ref in QUYET_THANG}
    counts = {"titles": 0}
    streak: dict[int, list[int]] = {}  # person → years of CSTĐ cơ sở
    last_bk: dict[int, int] = {}
    for year in DECIDED_YEARS:
        ev = evaluate_scope(p.caqb, year)
        people = ev.people
        ids = people.ids
        unused = {}  # person → initiatives usable this year, lowest level first
        level_rank = {"co_so": 1, "bo": 2, "toan_quoc": 3}
        for row in Initiative.objects.filter(
            person_id__in=ids, used_for_title__isnull=True, recognised_on__range=(_d(year - 2, 1, 1), _d(year, 12, 31))
        ).order_by("recognised_on", "pk"):
            unused.setdefault(row.person_id, []).append(row)
        used = []
        cstt = {pid for pid in ev.eligible("CSTT") if pid not in reserved and rng.random() < 0.96}
        cstdcs = set()
        for pid in ev.eligible("CSTDCS"):
            if pid not in cstt or rng.random() >= 0.88:
                continue
            this_year = sorted(
                (r for r in unused.get(pid, []) if r.recognised_on.year == year), key=lambda r: level_rank[r.level]
            )
            needs_one = ev.ruleset.code == "luat2003" or p.rating(pid, year) != X
            if this_year and (needs_one or rng.random() < 0.5):
                row = this_year[0]
                row.used_for_title_id, row.used_year = w.titles["CSTDCS"], year
                used.append(row)
                unused[pid].remove(row)
            elif needs_one:
                continue
            cstdcs.add(pid)
        cstd_bo = set()
        for pid in ev.eligible("CSTD_BO"):
            big = [r for r in unused.get(pid, []) if r.level != "co_so" and r.recognised_on > _d(year - 3, 12, 31)]
            if pid in cstdcs and big and rng.random() < 0.7:
                big[0].used_for_title_id, big[0].used_year = w.titles["CSTD_BO"], year
                used.append(big[0])
                cstd_bo.add(pid)
        rows = [
            (code, pid)
            for code, group in (("CSTT", cstt), ("CSTDCS", cstdcs), ("CSTD_BO", cstd_bo))
            for pid in sorted(group)
        ]
        for code, pid in rows:
            w.title(code, year, person=pid)
        for pid in sorted(cstt):
            if rng.random() < 0.05:
                w.form("GK", year, person=pid)
                w.achievement(
                    year, "phong_trao", "Thành tích trong phong trào thi đua “Vì an ninh Tổ quốc”", person=pid
                )
        for pid in sorted(cstdcs):
            streak.setdefault(pid, []).append(year)
            if year - 1 in streak[pid] and year >= 2022 and year - last_bk.get(pid, 0) >= 2 and rng.random() < 0.35:
                w.form("BK_BO", year, person=pid)
                last_bk[pid] = year
        for uid in ev.units.ids:
            if uid in hand_units:
                continue
            if uid in ev.eligible("DVQT", COL):
                w.title("DVQT", year, unit=uid)
            elif uid in ev.eligible("DVTT", COL) and rng.random() < 0.95:
                w.title("DVTT", year, unit=uid)
        counts["titles"] += len(w.f.titles)
        TitleAward.objects.bulk_create(w.f.titles, batch_size=2000)
        Initiative.objects.bulk_update(used, ["used_for_title", "used_year"], batch_size=1000)
        w.f.titles = []
    # One CSTĐ cơ sở of 2023 annulled (a later finding): it leaves every tally, the record stays.
    first = (
        TitleAward.objects.filter(title__code="CSTDCS", year=2023, person_id__in=p.people)
        .exclude(person_id__in=reserved)
        .order_by("person__ident")
        .first()
    )
    if first:
        TitleAward.objects.filter(pk=first.pk).update(
            annulled=True, decision_ref=first.decision_ref + "; huỷ bỏ theo Quyết định 88/QĐ-CAT ngày 12/05/2025"
        )
    return counts


def _member_share_cases(w: _Writer, reserved: set[int]) -> None:
    """Just under 70 % CSTT in PC08-D1 (a reprimand and a pending review), a warning one day inside the
    year in PC06 and one day outside in PC02: computed from the evaluation, so exact."""
    from eligibility.services import evaluate_scope

    p = w.p
    ev = evaluate_scope(p.caqb, OPEN_YEAR)
    cstt = set(ev.eligible("CSTT"))
    d1 = p.members("CAQB-PC08-D1")
    holders = [pid for pid in d1 if pid in cstt and pid not in reserved]
    allowed = (70 * len(d1) - 1) // 100  # the most holders below 70 %
    for i, pid in enumerate(holders[: max(0, len([x for x in d1 if x in cstt]) - allowed)]):
        if i % 2 == 0:
            w.discipline(pid, "khien_trach", _d(2025, 8, 12), ref="Kỷ luật khiển trách do vi phạm quy trình tuần tra")
        else:
            w.pending(pid, "disciplinary_review", _d(2025, 12, 2), note="Xem xét trách nhiệm trong vụ việc ngày 10/08")
    for ref, day in (("CAQB-PC06", _d(2025, 1, 1)), ("CAQB-PC02", _d(2024, 12, 31))):
        pid = next(pid for pid in p.members(ref) if pid in cstt and pid not in reserved)
        w.discipline(pid, "canh_cao", day, ref="Kỷ luật cảnh cáo")
    # A complaint opened after the cut-off: it postpones 2026, not 2025.
    pid = next(pid for pid in p.members("CAQB-PH41") if pid not in reserved)
    w.pending(pid, "complaint", _d(2026, 1, 12), note="Đơn tố cáo đang xác minh")


def _seeded() -> bool:
    return TitleAward.objects.filter(year__in=DECIDED_YEARS, person__isnull=False).exists()


def seed_awards() -> dict:
    """Write the demo's eligibility facts (see the module's docstring); the counts of what was written,
    all zero when they were already there."""
    counts = dict.fromkeys(
        ["titles", "award_forms", "initiatives", "disciplines", "pending_cases", "achievements", "block_standings"], 0
    )
    if _seeded() or not Unit.objects.filter(ref="CAQB").exists():
        return counts
    before = {m: m.objects.count() for m in (FormAward, Initiative, Discipline, PendingCase, Achievement)}
    with transaction.atomic():
        rng = random.Random(SEED)
        province = _Province()
        _fix_ratings(province)
        who = _pick_people(province)
        reserved = set(who.values())
        w = _Writer(province, rng)
        _showcases(w, who)
        _base(w, reserved)
        _units(w)
        counts["titles"] = len(w.f.titles)
        _write(w.f)
        w.f = _Facts()
        counts["titles"] += _decide_years(w, reserved)["titles"]
        counts["block_standings"] = _standings(rng)
        _member_share_cases(w, reserved)
        _write(w.f)
    for model, key in (
        (FormAward, "award_forms"),
        (Initiative, "initiatives"),
        (Discipline, "disciplines"),
        (PendingCase, "pending_cases"),
        (Achievement, "achievements"),
    ):
        counts[key] = model.objects.count() - before[model]
    return counts


# The showcase verdicts ----------------------------------------------------------------------------


def showcase() -> list[Case]:
    """The 2025 verdicts the demo was built to show (evaluate the province for 2025 to see them)."""
    province = _Province()
    who = _pick_people(province)
    u = {ref: unit.pk for ref, unit in province.units.items()}
    E, N, P = ELIGIBLE, NOT_ELIGIBLE, POSTPONED
    rows = [
        # key, rule, recipient, subject, status, failing predicate, note
        ("cstd_bo_ok", "CSTT", IND, who["cstd_bo_ok"], E, "", "HTXSNV"),
        ("cstt_htnv", "CSTT", IND, who["cstt_htnv"], N, "rating_at_least", "xếp loại HTNV"),
        (
            "cstt_discipline",
            "CSTT",
            IND,
            who["cstt_discipline"],
            N,
            "rating_at_least",
            "khiển trách 31/12/2024: ngoài thời gian xét 1 ngày, nhưng thời hạn kỷ luật đến 30/12/2025",
        ),
        ("pending_open", "CSTT", IND, who["pending_open"], P, "no_pending_case", "đang kiểm tra từ 03/11/2025"),
        ("pending_closed", "CSTT", IND, who["pending_closed"], E, "", "đơn đã xác minh xong 20/05/2025"),
        ("cstd_bo_ok", "CSTDCS", IND, who["cstd_bo_ok"], E, "", "HTXSNV"),
        ("cstdcs_sang_kien", "CSTDCS", IND, who["cstdcs_sang_kien"], E, "", "HTTNV + sáng kiến 16/06/2025"),
        ("cstdcs_de_tai", "CSTDCS", IND, who["cstdcs_de_tai"], E, "", "HTTNV + đề tài nghiệm thu 2025"),
        ("cstdcs_chien_dau", "CSTDCS", IND, who["cstdcs_chien_dau"], E, "", "HTTNV + giải pháp chiến đấu"),
        (
            "cstdcs_window",
            "CSTDCS",
            IND,
            who["cstdcs_window"],
            N,
            "initiatives_unused",
            "sáng kiến công nhận 31/12/2024, ngoài thời gian xét 1 ngày",
        ),
        (
            "cstdcs_used",
            "CSTDCS",
            IND,
            who["cstdcs_used"],
            N,
            "initiatives_unused",
            "sáng kiến 2025 đã dùng để đạt CSTĐCS 2024",
        ),
        ("cstd_bo_ok", "CSTD_BO", IND, who["cstd_bo_ok"], E, "", "CSTĐCS 2023–2025, sáng kiến cấp Bộ 2024"),
        ("cstd_bo_two", "CSTD_BO", IND, who["cstd_bo_two"], N, "consecutive_title", "2 năm liên tục, cần 3"),
        (
            "cstd_bo_used",
            "CSTD_BO",
            IND,
            who["cstd_bo_used"],
            N,
            "initiatives_unused",
            "sáng kiến cấp Bộ đã dùng để đạt CSTĐCS 2023",
        ),
        (
            "cstd_tq_ok",
            "CSTD_TQ",
            IND,
            who["cstd_tq_ok"],
            E,
            "",
            "CSTĐ Bộ 2022 + 2025; khiển trách 31/12/2018, ngoài 7 năm 1 ngày",
        ),
        (
            "cstd_tq_inside",
            "CSTD_TQ",
            IND,
            who["cstd_tq_inside"],
            N,
            "no_discipline",
            "khiển trách 01/01/2019, trong 7 năm 1 ngày",
        ),
        ("gk_ok", "GK", IND, who["gk_ok"], E, "", "HTTNV + thành tích phong trào 2025"),
        ("gk_htnv", "GK", IND, who["gk_htnv"], N, "rating_at_least", "thành tích phong trào nhưng xếp loại HTNV"),
        ("cstd_bo_ok", "BK_BO", IND, who["cstd_bo_ok"], E, "", "2 năm liên tục CSTĐCS"),
        ("bk_bo_phong_trao", "BK_BO", IND, who["bk_bo_phong_trao"], E, "", "thành tích phong trào của Bộ"),
        ("bk_bo_dot_xuat", "BK_BO", IND, who["bk_bo_dot_xuat"], E, "", "thành tích đột xuất"),
        (
            "bk_bo_used",
            "BK_BO",
            IND,
            who["bk_bo_used"],
            N,
            "initiatives_unused",
            "BK Bộ 2024 đã nhận; HTXSNV 2024–2025 nhưng 1 trong 2 sáng kiến đã dùng cho CSTĐCS 2024",
        ),
        ("bk_ttg_ok", "BK_TTG", IND, who["bk_ttg_ok"], E, "", "BK Bộ 2020, 5 năm, 3 CSTĐCS"),
        ("bk_ttg_four", "BK_TTG", IND, who["bk_ttg_four"], N, "chain_since_award", "BK Bộ 2021: 4 năm, cần 5"),
        ("hcld3_ok", "HCLD3", IND, who["hcld3_ok"], E, "", "BK TTg 2020, 5 năm, HTXSNV, 3 CSTĐCS"),
        ("hcld3_no_x", "HCLD3", IND, who["hcld3_no_x"], N, "chain_since_award", "0 năm HTXSNV, cần 1"),
        ("hcld3_no_x", "HCBVTQ3", IND, who["hcld3_no_x"], E, "", "BK TTg 2020, 5 năm, 3 CSTĐCS"),
        ("hcbvtq3_two", "HCBVTQ3", IND, who["hcbvtq3_two"], N, "chain_since_award", "2 lần CSTĐCS, cần 3"),
        ("hcbvtq2_ok", "HCBVTQ2", IND, who["hcbvtq2_ok"], E, "", "HCBVTQ hạng Ba 2019"),
        (
            "hcbvtq2_four",
            "HCBVTQ2",
            IND,
            who["hcbvtq2_four"],
            N,
            "chain_since_award",
            "HCBVTQ hạng Ba 2021: 4 năm, cần 5",
        ),
        ("hcbvtq1_ok", "HCBVTQ1", IND, who["hcbvtq1_ok"], E, "", "HCBVTQ hạng Nhì 2019"),
        ("hcbvtq1_two", "HCBVTQ1", IND, who["hcbvtq1_two"], N, "chain_since_award", "2 lần CSTĐCS, cần 3"),
        ("hcvantq_ok", "HCVANTQ", IND, who["hcvantq_ok"], E, "", "25 năm công tác"),
        ("hcvantq_short", "HCVANTQ", IND, who["hcvantq_short"], N, "years_of_service", "24 năm, cần 25"),
        ("hccsvv1_ok", "HCCSVV1", IND, who["hccsvv1_ok"], E, "", "20 năm"),
        ("hccsvv1_short", "HCCSVV1", IND, who["hccsvv1_short"], N, "years_of_service", "19 năm, cần 20"),
        ("hccsvv2_ok", "HCCSVV2", IND, who["hccsvv2_ok"], E, "", "15 năm"),
        ("hccsvv2_short", "HCCSVV2", IND, who["hccsvv2_short"], N, "years_of_service", "14 năm, cần 15"),
        ("hccsvv3_ok", "HCCSVV3", IND, who["hccsvv3_ok"], E, "", "10 năm"),
        ("hccsvv3_short", "HCCSVV3", IND, who["hccsvv3_short"], N, "years_of_service", "9 năm, cần 10"),
        ("knc_woman", "KNC_BVANTQ", IND, who["knc_woman"], E, "", "nữ, 10 năm"),
        ("knc_man_short", "KNC_BVANTQ", IND, who["knc_man_short"], N, "years_of_service", "nam, 10 năm, cần 15"),
        ("knc_hardship", "KNC_BVANTQ", IND, who["knc_hardship"], E, "", "nam, 11 năm × hệ số 1,5"),
        (
            "knc_hardship_short",
            "KNC_BVANTQ",
            IND,
            who["knc_hardship_short"],
            N,
            "years_of_service",
            "nam, 9 năm × 1,5 = 13,5, cần 15",
        ),
        ("pc02", "DVTT", COL, u["CAQB-PC02"], E, "", "cảnh cáo 31/12/2024: ngoài năm xét 1 ngày"),
        ("d1", "DVTT", COL, u["CAQB-PC08-D1"], N, "member_share_holding", "dưới 70 % CSTT"),
        ("pc06", "DVTT", COL, u["CAQB-PC06"], N, "no_member_discipline", "cảnh cáo 01/01/2025: trong năm xét"),
        ("pv06", "DVQT", COL, u["CAQB-PV06"], E, "", "100 % hoàn thành nhiệm vụ"),
        ("px03", "DVQT", COL, u["CAQB-PX03"], N, "every_member_rated_at_least", "1 cán bộ KHTNV"),
        ("px03", "CO_BO", COL, u["CAQB-PX03"], E, "", "hạng 1, 93,75 % phiếu"),
        ("pv01", "CO_BO", COL, u["CAQB-PV01"], N, "rating_at_least", "hạng 4 nhưng xếp loại HTTNV"),
        ("px03", "CO_CP", COL, u["CAQB-PX03"], E, "", "dẫn đầu khối"),
        ("ph10", "CO_CP", COL, u["CAQB-PH10"], N, "leads_block", "hạng 2"),
        ("px03", "BK_BO", COL, u["CAQB-PX03"], E, "", "HTXSNV 2024–2025"),
        ("pv05", "BK_BO", COL, u["CAQB-PV05"], E, "", "thành tích phong trào của Bộ"),
        ("pc02", "BK_BO", COL, u["CAQB-PC02"], N, "rating_at_least", "2024 HTTNV: 1 năm HTXSNV, cần 2"),
        ("pv06", "HCBVTQ1", COL, u["CAQB-PV06"], E, "", "HCBVTQ hạng Nhì 2019, ĐVQT 2021–2025, 3 Cờ Bộ"),
        ("px03", "HCBVTQ1", COL, u["CAQB-PX03"], N, "chain_since_award", "chưa đủ ĐVQT năm 2025"),
    ]
    return [Case(*row) for row in rows]


__all__ = ["Case", "seed_awards", "showcase"]
