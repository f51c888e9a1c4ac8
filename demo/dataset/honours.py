"""Synthetic yearly facts on top of ``demo.dataset.organisation``: ``generate(seed)``.

For every rated person-year: Chiến sĩ tiên tiến when rated HTTNV or better (~85 %); Chiến sĩ thi
đua cơ sở for ~15 % of person-years, mostly the HTXSNV ones (an HTTNV one needs an initiative,
which is then recorded as used for it); some free initiatives (cơ sở, a few Bộ and toàn quốc);
~0.4 % of person-years a discipline (mostly khiển trách, 12 months), which removes the titles of
the years it covers; Giấy khen, Bằng khen Bộ trưởng after two CSTĐCS in a row, a few Bằng khen Thủ
tướng after the chain; a few pending cases; 0.1 % of titles annulled. Units: Đơn vị Quyết thắng /
Đơn vị tiên tiến from their rating, some Cờ thi đua, Bằng khen Bộ trưởng (tập thể).

Deterministic for a seed; the same bulk path as ``demo.dataset.organisation`` (COPY on PostgreSQL).
"""

import datetime
import random
import time
from collections.abc import Callable

from django.db import connection, transaction

from eligibility.facts import GroupedIds, ids_of
from eligibility.models import Discipline, Initiative, PendingCase
from honours.models import AwardForm, FormAward, Title, TitleAward
from organisation.bulk import bulk_load, insert, qn
from organisation.models import PersonRating, UnitRating

GOOD = {"HTXSNV", "HTTNV"}
DISCIPLINE_WEIGHTS = [("khien_trach", 70), ("canh_cao", 24), ("giang_chuc", 4), ("cach_chuc", 2)]
TITLE_COLUMNS = ["title_id", "person_id", "unit_id", "year", "decision_ref", "annulled"]
FORM_COLUMNS = ["award_form_id", "person_id", "unit_id", "year", "decided_on", "decision_ref", "kind", "annulled"]
INITIATIVE_COLUMNS = ["person_id", "title", "kind", "level", "recognised_on", "used_for_title_id", "used_year"]
DISCIPLINE_COLUMNS = ["person_id", "form", "decided_on", "period_end", "decision_ref"]
PENDING_COLUMNS = ["person_id", "kind", "opened_on", "closed_on", "note"]


def reset_facts(cursor) -> None:
    """Delete every recorded fact about people and units (``organisation.bulk.RESET_HOOKS``, registered by ``demo.apps``)."""
    from eligibility import models as facts
    from honours import models as honours

    for model in (
        honours.TitleAward,
        honours.FormAward,
        facts.Initiative,
        facts.Discipline,
        facts.PendingCase,
        facts.Achievement,
        facts.ServiceFactor,
        facts.BlockStanding,
        facts.RuleSetCopy,
    ):
        cursor.execute(f"DELETE FROM {connection.ops.quote_name(model._meta.db_table)}")


def is_empty() -> bool:
    return not TitleAward.objects.exists()


def _day(rng: random.Random, year: int) -> datetime.date:
    return datetime.date(year, 1, 1) + datetime.timedelta(days=rng.randrange(365))


def _decided(rng: random.Random, year: int, last_year: int) -> datetime.date:
    """Year-end decisions: December of the year for the last one, else early the next year."""
    if year >= last_year:
        return datetime.date(year, 12, rng.randint(10, 28))
    return datetime.date(year + 1, rng.randint(1, 3), rng.randint(1, 28))


def generate(seed: int = 2025, progress: Callable[[str], object] = print) -> dict:
    """Add the synthetic facts to an organisation made by ``demo.dataset.organisation.generate``.
    Returns the counts and the seconds taken. Refuses when titles already exist."""
    if not is_empty():
        raise ValueError("Titles already exist: demo.dataset.honours.generate only fills an empty table.")
    started = time.monotonic()

    def say(message: str) -> None:
        progress(f"[{time.monotonic() - started:6.1f} s] {message}")

    rng = random.Random(seed)
    titles = dict(Title.objects.values_list("code", "id"))
    forms = dict(AwardForm.objects.values_list("code", "id"))
    by_year: dict[int, dict[int, str]] = {}
    for row in PersonRating.objects.order_by().values("year", "rating").annotate(ids=GroupedIds("person_id")):
        ratings = by_year.setdefault(row["year"], {})
        for pid in ids_of(row["ids"]):
            ratings[pid] = row["rating"]
    years = sorted(by_year)
    if not years:
        return {"titles": 0, "seconds": 0.0}
    last_year = years[-1]
    people = sorted(set().union(*(r.keys() for r in by_year.values())))
    say(f"{len(people):,} rated people over {years[0]}–{last_year} read")

    initiatives: list[tuple] = []
    form_rows: list[tuple] = []
    disciplines: list[tuple] = []
    pending: list[tuple] = []
    counts: dict = {}
    cstt, cstdcs = titles["CSTT"], titles["CSTDCS"]

    def person_titles():
        for pid in people:
            blocked_until = 0  # achievements of years up to this one do not count (discipline)
            streak = 0  # consecutive CSTĐCS
            last_bk_bo = last_bk_ttg = None
            chain: list[tuple[int, bool]] = []  # (year counted ≥ HTTNV, CSTĐCS) since the last BK_BO
            for y in years:
                rating = by_year[y].get(pid)
                if rating is None:
                    continue
                if rng.random() < 0.004:
                    form = rng.choices([f for f, _ in DISCIPLINE_WEIGHTS], [w for _, w in DISCIPLINE_WEIGHTS])[0]
                    decided = _day(rng, y)
                    months = 24 if form in ("giang_chuc", "cach_chuc") else 12
                    end = decided + datetime.timedelta(days=365 * months // 12 - 1)
                    disciplines.append((pid, form, decided, end, ""))
                    blocked_until = max(blocked_until, end.year)
                counted = y > blocked_until
                is_cstt = counted and rating in GOOD
                is_cstdcs = is_cstt and (
                    (rating == "HTXSNV" and rng.random() < 0.7) or (rating == "HTTNV" and rng.random() < 0.03)
                )
                if is_cstt:
                    annulled = rng.random() < 0.001
                    yield cstt, pid, None, y, "", annulled
                if is_cstdcs:
                    yield cstdcs, pid, None, y, "", False
                    if rating == "HTTNV" or rng.random() < 0.15:
                        initiatives.append((pid, f"Sáng kiến {pid}-{y}", "sang_kien", "co_so", _day(rng, y), cstdcs, y))
                elif rng.random() < 0.02:
                    level = rng.choices(["co_so", "bo", "toan_quoc"], [80, 17, 3])[0]
                    kind = rng.choices(["sang_kien", "de_tai", "giai_phap_chien_dau"], [85, 10, 5])[0]
                    initiatives.append((pid, f"Đề xuất {pid}-{y}", kind, level, _day(rng, y), None, None))
                if is_cstt and rng.random() < 0.08:
                    kind = "merit" if rng.random() < 0.9 else "ad_hoc"
                    form_rows.append((forms["GK"], pid, None, y, _decided(rng, y, last_year), "", kind, False))
                streak = streak + 1 if is_cstdcs else 0
                chain.append((counted and rating in GOOD, is_cstdcs))
                if (
                    streak >= 2
                    and y < last_year
                    and (last_bk_bo is None or y - last_bk_bo >= 2)
                    and rng.random() < 0.35
                ):
                    form_rows.append((forms["BK_BO"], pid, None, y, _decided(rng, y, last_year), "", "merit", False))
                    last_bk_bo, chain = y, []
                    continue
                since = chain[-5:] if len(chain) >= 5 else []
                if (
                    last_bk_bo is not None
                    and since
                    and all(ok for ok, _ in since)
                    and sum(t for _, t in since) >= 3
                    and last_bk_ttg is None
                    and rng.random() < 0.5
                ):
                    form_rows.append((forms["BK_TTG"], pid, None, y, _decided(rng, y, last_year), "", "merit", False))
                    last_bk_ttg = y
            if rng.random() < 0.002:
                pending.append(
                    (
                        pid,
                        rng.choice(["disciplinary_review", "inspection", "complaint"]),
                        _day(rng, last_year),
                        None,
                        "",
                    )
                )
            elif rng.random() < 0.003:
                opened = _day(rng, rng.choice(years))
                pending.append((pid, "inspection", opened, opened + datetime.timedelta(days=60), ""))

    # Read before any COPY starts: a query on the connection while it copies would wait on itself.
    unit_ratings: dict[int, dict[int, str]] = {}
    for uid, y, rating in UnitRating.objects.order_by("unit_id", "year").values_list("unit_id", "year", "rating"):
        unit_ratings.setdefault(uid, {})[y] = rating

    def unit_titles():
        for uid, series in unit_ratings.items():
            dvqt_streak = 0
            for y, rating in sorted(series.items()):
                dvqt = rating == "HTXSNV" and rng.random() < 0.6
                if dvqt:
                    yield titles["DVQT"], None, uid, y, "", False
                    if rng.random() < 0.1:
                        yield titles["CO_BO"], None, uid, y, "", False
                elif rating in GOOD and rng.random() < 0.85:
                    yield titles["DVTT"], None, uid, y, "", False
                dvqt_streak = dvqt_streak + 1 if dvqt else 0
                if dvqt_streak >= 2 and y < last_year and rng.random() < 0.3:
                    form_rows.append((forms["BK_BO_TT"], None, uid, y, _decided(rng, y, last_year), "", "merit", False))
                    dvqt_streak = 0

    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL maintenance_work_mem = '256MB'")
        with bulk_load(cursor, TitleAward):
            counts["titles"] = insert(cursor, TitleAward, TITLE_COLUMNS, person_titles())
            say(f"{counts['titles']:,} person titles written")
            counts["titles"] += insert(cursor, TitleAward, TITLE_COLUMNS, unit_titles())
        say(f"{counts['titles']:,} titles in all")
        counts["initiatives"] = insert(cursor, Initiative, INITIATIVE_COLUMNS, initiatives)
        counts["form_awards"] = insert(cursor, FormAward, FORM_COLUMNS, form_rows)
        counts["disciplines"] = insert(cursor, Discipline, DISCIPLINE_COLUMNS, disciplines)
        counts["pending_cases"] = insert(cursor, PendingCase, PENDING_COLUMNS, pending)
        tables = ", ".join(qn(m._meta.db_table) for m in (TitleAward, Initiative, FormAward, Discipline, PendingCase))
        if connection.vendor == "postgresql":
            cursor.execute(f"ANALYZE {tables}")
    if connection.vendor == "postgresql" and not connection.in_atomic_block:
        # What autovacuum would do soon after a bulk load: set the visibility map, so that the
        # (title, year, person) index answers alone.
        with connection.cursor() as cursor:
            cursor.execute(f"VACUUM (ANALYZE) {tables}")
    counts["seconds"] = round(time.monotonic() - started, 1)
    say(
        f"done: {counts['initiatives']:,} initiatives, {counts['form_awards']:,} award forms, "
        f"{counts['disciplines']:,} disciplines, {counts['pending_cases']:,} pending cases"
    )
    return counts
