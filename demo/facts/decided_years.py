"""The years decided by the engine (2021–2024): the province is evaluated year by year and most of
the eligible receive the title; then the 2025 cases computed from the evaluation (member shares,
disciplines a day inside or outside the year)."""

from demo.facts.common import COL, DECIDED_YEARS, OPEN_YEAR, X, ymd
from demo.facts.units import QUYET_THANG
from demo.facts.writer import Writer
from eligibility.models import Initiative
from honours.models import TitleAward


def decide_years(w: Writer, reserved: set[int]) -> dict:
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
            person_id__in=ids,
            used_for_title__isnull=True,
            recognised_on__range=(ymd(year - 2, 1, 1), ymd(year, 12, 31)),
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
            big = [r for r in unused.get(pid, []) if r.level != "co_so" and r.recognised_on > ymd(year - 3, 12, 31)]
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


def write_member_share_cases(w: Writer, reserved: set[int]) -> None:
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
            w.discipline(pid, "khien_trach", ymd(2025, 8, 12), ref="Kỷ luật khiển trách do vi phạm quy trình tuần tra")
        else:
            w.pending(pid, "disciplinary_review", ymd(2025, 12, 2), note="Xem xét trách nhiệm trong vụ việc ngày 10/08")
    for ref, day in (("CAQB-PC06", ymd(2025, 1, 1)), ("CAQB-PC02", ymd(2024, 12, 31))):
        pid = next(pid for pid in p.members(ref) if pid in cstt and pid not in reserved)
        w.discipline(pid, "canh_cao", day, ref="Kỷ luật cảnh cáo")
    # A complaint opened after the cut-off: it postpones 2026, not 2025.
    pid = next(pid for pid in p.members("CAQB-PH41") if pid not in reserved)
    w.pending(pid, "complaint", ymd(2026, 1, 12), note="Đơn tố cáo đang xác minh")
