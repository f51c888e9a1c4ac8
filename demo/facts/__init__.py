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

The package: ``common`` (years, names, date helpers), ``province`` (the people and ratings as they
stand), ``showcase_people`` (who the showcases are), ``writer`` (facts collected, then bulk-written),
``people`` and ``units`` (their facts), ``decided_years`` (2021–2024 decided by the engine) and
``verdicts`` (``showcase()``). ``seed_awards()`` below runs them in order.
"""

import random

from django.db import transaction

from demo.facts.common import COL, DECIDED_YEARS, ELIGIBLE, IND, NOT_ELIGIBLE, OPEN_YEAR, POSTPONED, SEED
from demo.facts.decided_years import decide_years, write_member_share_cases
from demo.facts.people import write_base, write_showcases
from demo.facts.province import Province, fix_ratings
from demo.facts.showcase_people import DYNAMIC_UNITS, pick_people
from demo.facts.units import write_standings, write_units
from demo.facts.verdicts import Case, showcase
from demo.facts.writer import Facts, Writer, write_facts
from eligibility.models import Achievement, Discipline, Initiative, PendingCase
from honours.models import FormAward, TitleAward
from organisation.models import Unit


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
        province = Province()
        fix_ratings(province)
        who = pick_people(province)
        reserved = set(who.values())
        w = Writer(province, rng)
        write_showcases(w, who)
        write_base(w, reserved)
        write_units(w)
        counts["titles"] = len(w.f.titles)
        write_facts(w.f)
        w.f = Facts()
        counts["titles"] += decide_years(w, reserved)["titles"]
        counts["block_standings"] = write_standings(rng)
        write_member_share_cases(w, reserved)
        write_facts(w.f)
    for model, key in (
        (FormAward, "award_forms"),
        (Initiative, "initiatives"),
        (Discipline, "disciplines"),
        (PendingCase, "pending_cases"),
        (Achievement, "achievements"),
    ):
        counts[key] = model.objects.count() - before[model]
    return counts


__all__ = [
    "COL",
    "DYNAMIC_UNITS",
    "ELIGIBLE",
    "IND",
    "NOT_ELIGIBLE",
    "OPEN_YEAR",
    "POSTPONED",
    "Case",
    "seed_awards",
    "showcase",
]
