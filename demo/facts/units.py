"""The units' facts: flags and Quyết thắng of past years, older orders, achievements, and the
blocks' 2025 standings."""

import random
from decimal import Decimal

from cycle.models import Block
from demo.facts.common import DECIDED_YEARS, OPEN_YEAR, ymd
from demo.facts.writer import Writer
from eligibility.models import BlockStanding
from scoring.services.results import final_ranks

# Flags of past years (no block standings were kept before 2025): only units rated HTXSNV that year.
PAST_FLAGS = {
    2021: {"CO_BO": ["CAQB-PV06", "CAQB-PX01"]},
    2022: {"CO_BO": ["CAQB-PV06", "CAQB-PX03", "CAQB-PV05"], "CO_CP": ["CAQB-PV06"]},
    2023: {"CO_BO": ["CAQB-PV06", "CAQB-PX03", "CAQB-PH41"]},
    2024: {"CO_BO": ["CAQB-PX03", "CAQB-PV06"], "CO_CP": ["CAQB-PX03"]},
}
QUYET_THANG = ("CAQB-PV06", "CAQB-PX03")  # Đơn vị Quyết thắng every year 2021–2024
# The vote shares of the block's 2025 minutes; the ranks come from its scores (``demo.scoring.ORDER`` puts
# PX03 first, consistent with the cycle demo: PX03 leads it in 2026, PH10 deputy).
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


def write_units(w: Writer) -> None:
    p = w.p
    for year, flags in PAST_FLAGS.items():
        for code, refs in flags.items():
            for ref in refs:
                w.title(code, year, unit=p.units[ref].pk)
    for ref in QUYET_THANG:
        for year in DECIDED_YEARS:
            w.title("DVQT", year, unit=p.units[ref].pk)
    w.form("HCBVTQ2_TT", 2019, unit=p.units["CAQB-PV06"].pk, decided=ymd(2020, 8, 14))
    w.form("HCBVTQ2_TT", 2020, unit=p.units["CAQB-PX03"].pk, decided=ymd(2021, 8, 16))
    w.achievement(
        2025,
        "phong_trao_bo",
        "Dẫn đầu phong trào toàn dân bảo vệ an ninh Tổ quốc năm 2025 của Bộ",
        unit=p.units["CAQB-PV05"].pk,
    )
    w.achievement(
        2025, "dot_xuat", "Cứu hộ, di dời 214 hộ dân trong đợt mưa lũ tháng 10/2025", unit=p.units["CAQB-QUANGNINH"].pk
    )


def write_standings(rng: random.Random) -> int:
    """The 2025 standings of every demo block, as the rule has it: the ranks are the block's final
    leaderboard (``scoring.services.results.final_ranks``), so the block page, the Cờ thi đua verdicts and
    the news article read the order the scores give; the vote shares are the conference's minutes (fixed
    for the XDLL block, made up for the others, falling with the rank)."""
    rows = []
    for block in Block.objects.filter(year=OPEN_YEAR).prefetch_related("memberships__unit").order_by("pk"):
        if block.standings.exists():
            continue
        members = [m.unit for m in block.memberships.all()]
        ranked = final_ranks(block)
        if ranked is not None:
            order = [(unit, rank) for unit, rank in ranked.ranks]
            source = "Bảng xếp hạng điểm chốt; tỷ lệ phiếu: Biên bản Hội nghị tổng kết, suy tôn của khối năm 2025"
        else:  # a block nobody scored: the minutes alone
            rng.shuffle(members)
            order = [(u, i + 1) for i, u in enumerate(members)]
            source = "Biên bản Hội nghị tổng kết, suy tôn của khối năm 2025"
        fixed = dict(STANDINGS_2025.get(block.name, []))
        n = len(order)
        rows += [
            BlockStanding(
                block=block,
                unit=u,
                rank=rank,
                vote_share=Decimal(fixed.get(u.ref) or str(round(100 * (n - i) / (n + 1), 2))),
                source=source,
            )
            for i, (u, rank) in enumerate(order)
        ]
    BlockStanding.objects.bulk_create(rows)
    return len(rows)
