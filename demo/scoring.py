"""Scoring in the demo: every demo block's 2025 rubric fully scored — self, cross (each unit by two others),
the final with a few changes and their reasons, one removed scorer, results closed — and its 2026 rubric
copied from 2025 and open, with self-scoring part-way. Called by ``seed_demo`` after the cycle; written
through the services (``by=None`` is the system) so that the audit looks as in real use.

The rubric follows the shape of the police blocks' scoring rules: Party building and force building,
professional work, administrative reform and digital transformation, emulation and commendation work,
then bonus points (capped at 10) and deductions.
"""

import random
from decimal import Decimal

from cycle.models import Block
from scoring.models import Rubric, Sheet
from scoring.services import results, rounds, rubrics
from scoring.services.rubrics import CriterionRow

RUBRIC = [
    ("I", "", "Công tác xây dựng Đảng, xây dựng lực lượng", "normal", 25, "", ""),
    (
        "1",
        "I",
        "Quán triệt, triển khai nghị quyết, chỉ thị của Đảng ủy Công an tỉnh",
        "normal",
        8,
        "Đủ điểm khi ban hành kế hoạch thực hiện trong 30 ngày và báo cáo kết quả đúng hạn.",
        "Kế hoạch, báo cáo kết quả thực hiện",
    ),
    (
        "2",
        "I",
        "Tổ chức đảng đạt trong sạch, vững mạnh; không có đảng viên vi phạm",
        "normal",
        9,
        "",
        "Kết quả đánh giá, xếp loại tổ chức đảng",
    ),
    (
        "3",
        "I",
        "Công tác cán bộ, giáo dục chính trị tư tưởng, Điều lệnh CAND",
        "normal",
        8,
        "",
        "Báo cáo công tác cán bộ; kết quả kiểm tra Điều lệnh",
    ),
    ("II", "", "Kết quả thực hiện nhiệm vụ chuyên môn", "normal", 45, "", ""),
    (
        "4",
        "II",
        "Hoàn thành các chỉ tiêu, nhiệm vụ công tác được giao",
        "normal",
        20,
        "Mỗi chỉ tiêu không đạt trừ 2 điểm.",
        "Báo cáo tổng kết có số liệu đối chiếu chỉ tiêu",
    ),
    ("5", "II", "Chất lượng công tác tham mưu, đề xuất", "normal", 15, "", "Văn bản tham mưu được lãnh đạo phê duyệt"),
    ("6", "II", "Phối hợp với các đơn vị trong khối", "normal", 10, "", ""),
    ("III", "", "Cải cách hành chính, chuyển đổi số", "normal", 15, "", ""),
    (
        "7",
        "III",
        "Giải quyết thủ tục hành chính đúng hạn, dịch vụ công trực tuyến",
        "normal",
        8,
        "",
        "Số liệu trên Cổng dịch vụ công",
    ),
    ("8", "III", "Ứng dụng công nghệ thông tin, cơ sở dữ liệu, Đề án 06", "normal", 7, "", ""),
    ("IV", "", "Công tác thi đua, khen thưởng", "normal", 15, "", ""),
    ("9", "IV", "Đăng ký, ký giao ước, sơ kết, tổng kết đúng hạn", "normal", 5, "", "Bản đăng ký, giao ước, báo cáo"),
    ("10", "IV", "Xây dựng, nhân rộng điển hình tiên tiến", "normal", 5, "", ""),
    ("11", "IV", "Đề xuất khen thưởng đúng đối tượng, đúng thời hạn", "normal", 5, "", ""),
    ("T", "", "Điểm thưởng", "bonus", 15, "", ""),
    ("T1", "T", "Sáng kiến được công nhận cấp cơ sở trở lên", "bonus", 5, "", "Quyết định công nhận sáng kiến"),
    ("T2", "T", "Được cấp trên khen thưởng đột xuất", "bonus", 5, "", "Quyết định khen thưởng"),
    ("T3", "T", "Chiến công, thành tích xuất sắc được biểu dương", "bonus", 5, "", ""),
    ("TR", "", "Điểm trừ", "deduction", 20, "", ""),
    ("TR1", "TR", "Báo cáo chậm, không đúng đề cương", "deduction", 5, "Mỗi lần trừ 1 điểm.", ""),
    (
        "TR2",
        "TR",
        "Cán bộ, chiến sĩ vi phạm kỷ luật",
        "deduction",
        10,
        "Khiển trách trừ 2 điểm, cảnh cáo trừ 5 điểm.",
        "",
    ),
    ("TR3", "TR", "Để xảy ra sai sót bị cấp trên phê bình", "deduction", 5, "", ""),
]


# Last year's order of a block whose story the demo tells: PX03 leads the XDLL block in 2025 (and is elected
# its leader for 2026, PH10 deputy); the standings (``demo.facts.units``) are read from these scores.
ORDER = {
    "Khối XDLL – TT – HCKT": (
        "CAQB-PX03",
        "CAQB-PH10",
        "CAQB-PV06",
        "CAQB-PV01",
        "CAQB-PX01",
        "CAQB-PV05",
        "CAQB-PH41",
        "CAQB-PV02",
    ),
}


def rubric_rows() -> list[CriterionRow]:
    return [
        CriterionRow(code=c, parent=p, title=t, kind=k, max_points=Decimal(m), description=d, evidence=e)
        for c, p, t, k, m, d, e in RUBRIC
    ]


def _sheet_values(rng: random.Random, leaves, strength: float) -> dict:
    """A plausible sheet: normal criteria near ``strength`` of their maximum, a bonus or two, rare deductions."""
    values = {}
    for c in leaves:
        top = float(c.max_points)
        if c.kind == "normal":
            values[c] = round(min(top, max(0.0, top * (strength + rng.uniform(-0.08, 0.05)))) * 4) / 4
        elif c.kind == "bonus":
            values[c] = float(rng.choice([0, 0, 1, 2, 3]))
        else:
            values[c] = -float(rng.choice([0, 0, 0, 1, 2]))
    return values


def _fill(sheet: Sheet, values: dict, *, share: float = 1.0, notes: bool = False) -> None:
    items = list(values.items())
    for criterion, value in items[: round(len(items) * share)]:
        rounds.save_score(
            sheet,
            criterion,
            by=None,
            value=Decimal(str(value)),
            version=0,
            note="Đơn vị đã hoàn thành, có báo cáo kèm theo." if notes and criterion.kind == "normal" else None,
        )


def _score_year(rubric: Rubric, rng: random.Random, *, complete: bool) -> None:
    leaves = [c for c in rubrics.tree(rubric) if c.is_leaf]
    members = [m.unit for m in rubric.block.memberships.select_related("unit")]
    strength = {u.pk: rng.uniform(0.78, 0.97) for u in members}
    if complete and (order := ORDER.get(rubric.block.name)):
        # The story the rest of the demo tells (standings, election, news): strengths well apart, in order.
        by_ref = {u.ref: u for u in members}
        strength |= {by_ref[ref].pk: 0.97 - 0.03 * i for i, ref in enumerate(order) if ref in by_ref}
    if not complete:  # this year: self-scoring part-way, cross-scoring not started
        for i, unit in enumerate(members[: max(2, len(members) - 2)]):
            _fill(
                rounds.sheet_for(rubric, unit, Sheet.Round.SELF),
                _sheet_values(rng, leaves, strength[unit.pk]),
                share=1.0 if i % 2 == 0 else 0.5,
                notes=True,
            )
        rounds.assign_cross_scorers(rubric, by=None)
        return
    for unit in members:  # units are a little generous with themselves
        _fill(
            rounds.sheet_for(rubric, unit, Sheet.Round.SELF),
            _sheet_values(rng, leaves, min(1.0, strength[unit.pk] + 0.03)),
            notes=True,
        )
    for a in rounds.assign_cross_scorers(rubric, by=None):
        _fill(
            rounds.sheet_for(rubric, a.unit, Sheet.Round.CROSS, a.scorer),
            _sheet_values(rng, leaves, strength[a.unit_id]),
        )
    # One scorer removed, with its reason: its sheet stays, outside the result.
    removed = rubric.assignments.filter(active=True).order_by("pk").last()
    rounds.remove_assignment(removed, by=None, reason="Đơn vị chấm có cán bộ đang được xem xét trong cùng vụ việc")
    # The leader fixes the final score of the two units with the largest flagged gaps.
    facts = results.load(rubric)
    gaps = sorted(
        (
            (abs(g.difference or 0), unit, g)
            for unit in members
            for g in results.discrepancy_report(facts, unit)
            if g.flagged and g.difference
        ),
        key=lambda x: -x[0],
    )
    for _size, unit, gap in gaps[:2]:
        rounds.request_explanation(
            rubric,
            unit,
            gap.criterion,
            by=None,
            question="Đề nghị đơn vị giải trình chênh lệch giữa điểm tự chấm và chấm chéo.",
        )
        middle = round((gap.self_value + gap.cross_value) / 2 * 4) / 4
        rounds.save_score(
            rounds.sheet_for(rubric, unit, Sheet.Round.FINAL),
            gap.criterion,
            by=None,
            value=Decimal(str(middle)),
            version=0,
            reason="Đơn vị đã giải trình, bổ sung minh chứng tại hội nghị tổng kết",
        )
    rubrics.close_scoring(rubric, by=None)


def seed_scoring(rng: random.Random | None = None) -> dict:
    """Both years of every demo block that has a previous year (the 2026 blocks and their 2025 ones)."""
    rng = rng or random.Random(2025)
    made = 0
    for nxt in Block.objects.filter(previous__isnull=False).select_related("previous").order_by("pk"):
        last = nxt.previous
        rubric = rubrics.create_rubric(
            last, by=None, bonus_cap=Decimal(10), floor=Decimal(0), scorers_per_unit=2, gap=Decimal("1.5")
        )
        rubrics.replace_criteria(rubric, rubric_rows(), by=None)
        rubric = rubrics.open_scoring(rubric, by=None)
        _score_year(rubric, rng, complete=True)
        current = rubrics.copy_rubric_from_previous_year(nxt, by=None)
        current = rubrics.open_scoring(current, by=None)
        _score_year(current, rng, complete=False)
        made += 2
    return {"rubrics": made}
