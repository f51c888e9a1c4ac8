"""Showcase people: who they are, a pure function of the organisation and its ratings (rarest
patterns first; seniority picks by sex and start of service)."""

import random
from decimal import Decimal

from demo.facts.common import ALL, GOOD, OPEN_YEAR, RATING_FIX, SEED, X
from demo.facts.province import Province


def _good(rs, years):
    return all(rs.get(y) in GOOD for y in years)


def _xs(rs, years):
    return sum(rs.get(y) == X for y in years)


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


def pick_people(province: Province) -> dict[str, int]:
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
