"""The yearly cycle in the demo: last year (2025) done end to end, the current year (2026) part-way,
so that the boards show confirmed, late and missing items. Called by ``seed_demo`` after the
organisation is loaded; written through the services (``by=None`` is the system), then dated back."""

import datetime
import random
from decimal import Decimal

from django.db.models import Q
from django.utils import timezone

from cycle.models import Block, PledgeSignature, Registration, RegistrationTarget, Report, ReportEvent
from cycle.services import blocks, conferences, pledges, registration, reports, target_results
from honours.models import Title
from organisation.models import Person, Unit

XDLL = ["PX01", "PX03", "PV02", "PV01", "PV05", "PV06", "PH10", "PH41"]
CLUSTER_6 = ["V01", "V03", "V04", "V07", "V05", "V06"]
NOI_CHINH = ["VKS", "TAND", "STP", "TTT", "CTHADS"]

CLAUSES = [
    "Quán triệt, thực hiện nghiêm túc Nghị quyết của Đảng ủy và chương trình công tác Công an năm {year}; "
    "hoàn thành và vượt mức các chỉ tiêu, nhiệm vụ được giao.",
    "Đổi mới nội dung, hình thức tổ chức phong trào thi đua “Vì an ninh Tổ quốc”; đăng ký thi đua và "
    "tổ chức ký kết giao ước đúng thời hạn.",
    "Xây dựng đơn vị trong sạch, vững mạnh; không có cán bộ, chiến sĩ vi phạm kỷ luật từ hình thức cảnh cáo trở lên.",
    "Đẩy mạnh cải cách hành chính, chuyển đổi số trong các mặt công tác; phối hợp chặt chẽ giữa các đơn vị trong khối.",
    "Thực hiện nghiêm chế độ thông tin, báo cáo sơ kết, tổng kết theo đề cương của khối.",
]
OUTLINE = [
    ("Đặc điểm tình hình", "Thuận lợi, khó khăn của đơn vị trong năm."),
    (
        "Kết quả thực hiện phong trào thi đua",
        "Công tác chỉ đạo; kết quả thực hiện các chỉ tiêu đã đăng ký, có số liệu.",
    ),
    ("Công tác khen thưởng", "Số tập thể, cá nhân được khen thưởng; điển hình tiên tiến."),
    ("Tồn tại, hạn chế và phương hướng", "Nguyên nhân; phương hướng, nhiệm vụ năm tới."),
]
TARGETS = [
    ("Hoàn thành xuất sắc nhiệm vụ được giao", None, ""),
    ("Tỷ lệ cán bộ, chiến sĩ đạt danh hiệu Chiến sĩ tiên tiến", "90", "%"),
    ("Số sáng kiến được công nhận cấp cơ sở", "2", "sáng kiến"),
]


def _units(prefix: str, codes: list[str]) -> list[Unit]:
    found = {u.code: u for u in Unit.objects.filter(ref__in=[f"{prefix}-{c}" for c in codes])}
    return [found[c] for c in codes]


def _at(day: datetime.date, hour: int = 9) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


HEAD_POSITIONS = ("Trưởng", "Giám đốc", "Cục trưởng", "Chánh", "Viện trưởng", "Chánh án", "Chánh Văn phòng")


def _head(unit: Unit) -> tuple[str, str]:
    """The unit's head (name, position), for attendance and signatures."""
    query = Q()
    for prefix in HEAD_POSITIONS:
        query |= Q(position__startswith=prefix)
    head = Person.objects.filter(unit=unit).filter(query).order_by("pk").first()
    return (head.full_name, head.position) if head else ("Thủ trưởng đơn vị", "Thủ trưởng")


def seed_cycle(rng: random.Random | None = None) -> dict:
    rng = rng or random.Random(2025)
    bca = Unit.objects.get(ref="BCA")
    titles = {t.code: t for t in Title.objects.all()}
    movements = {
        year: blocks.create_movement(
            by=None,
            covers=[bca],
            launched_by=bca,
            name="Vì an ninh Tổ quốc",
            year=year,
            start_date=datetime.date(year, 1, 1),
            end_date=datetime.date(year, 12, 31),
            theme=theme,
            slogan=slogan,
        )
        for year, theme, slogan in [
            (
                2025,
                "Đẩy mạnh chuyển đổi số, xây dựng lực lượng Công an nhân dân chính quy, tinh nhuệ, hiện đại",
                "Chủ động, nêu gương, kỷ cương, trách nhiệm, hiệu quả",
            ),
            (2026, "Thực hiện thắng lợi Nghị quyết Đại hội Đảng các cấp", "Kỷ cương, trách nhiệm, hành động, hiệu quả"),
        ]
    }
    blocks.create_movement(
        by=None,
        covers=[bca],
        launched_by=bca,
        kind="thematic",
        year=2025,
        name="Thi đua lập thành tích chào mừng 80 năm Ngày truyền thống Công an nhân dân",
        start_date=datetime.date(2025, 1, 1),
        end_date=datetime.date(2025, 8, 19),
        theme="Kỷ niệm 80 năm Ngày truyền thống Công an nhân dân (19/8/1945 – 19/8/2025)",
    )

    setups = [
        (
            "Khối XDLL – TT – HCKT",
            Block.Kind.BLOCK,
            None,
            "CAQB",
            _units("CAQB", XDLL),
            ("PH10", "PV01"),
            ("PX03", "PH10"),
            "Quảng Bình",
        ),
        (
            "Cụm thi đua số 6 – Bộ Công an",
            Block.Kind.CLUSTER,
            6,
            "BCA",
            _units("BCA", CLUSTER_6),
            ("V01", "V05"),
            ("V05", "V07"),
            "Hà Nội",
        ),
        (
            "Khối thi đua Nội chính",
            Block.Kind.BLOCK,
            None,
            "VP",
            [Unit.objects.get(ref="CAVP")] + _units("VP", NOI_CHINH),
            ("CAVP", "VKS"),
            ("VKS", "TAND"),
            "Vĩnh Phúc",
        ),
    ]
    made = []
    for name, kind, number, managed_ref, members, leaders_2025, leaders_2026, place in setups:
        by_code = {u.code: u for u in members}
        block = blocks.create_block(
            by=None,
            members=members,
            year=2025,
            kind=kind,
            name=name,
            number=number,
            movement=movements[2025],
            managed_by=Unit.objects.get(ref=managed_ref),
            registration_deadline=datetime.date(2025, 3, 31),
            leader=by_code[leaders_2025[0]],
            deputy=by_code[leaders_2025[1]],
            leaders_basis="Kết quả suy tôn tại Hội nghị tổng kết năm 2024",
        )
        _run_year(block, members, titles, rng, place, complete=True)
        nxt = blocks.copy_block_to_next_year(block, by=None, movement=movements[2026])
        nxt = blocks.assign_block_leaders(
            nxt,
            leader=by_code[leaders_2026[0]],
            deputy=by_code[leaders_2026[1]],
            basis="Kết quả suy tôn tại Hội nghị tổng kết năm 2025",
            by=None,
        )
        _run_year(nxt, members, titles, rng, place, complete=False)
        made += [block, nxt]
    return {"blocks": len(made)}


def _record_results(block: Block, rng: random.Random) -> None:
    """Last year's results, recorded by the units and confirmed by the block. Every unit met every
    target; in Cụm thi đua số 6 (seed 004: "100% đơn vị … đạt được các chỉ tiêu đăng ký") every unit
    exceeded every one, elsewhere some only met the first ("Hoàn thành xuất sắc nhiệm vụ") or
    recorded exactly 2 initiatives."""
    every_one = block.number == 6
    rows = []
    for target in RegistrationTarget.objects.filter(registration__block=block).order_by("registration_id", "order"):
        if target.value is None:
            result, value = ("exceeded" if every_one or rng.random() < 0.6 else "met"), None
        else:
            value = target.value + (Decimal(rng.randint(1, 8)) if target.measure == "%" else rng.randint(1, 2))
            if not every_one and target.measure != "%" and rng.random() < 0.3:
                value = target.value
            result = "exceeded" if value > target.value else "met"
        rows.append(target_results.ResultRow(target.pk, result, value))
    members = {m.unit_id for m in block.memberships.all()}
    target_results.record_block_results(block, rows, units=members, by=None)
    for registration_ in Registration.objects.filter(block=block).select_related("unit"):
        target_results.confirm_target_results(block, registration_.unit, by=None)
    at = _at(datetime.date(block.year, 11, 1))
    RegistrationTarget.objects.filter(registration__block=block).update(result_at=at)
    Registration.objects.filter(block=block).update(results_confirmed_at=at)


def _run_year(
    block: Block, members: list[Unit], titles: dict, rng: random.Random, place: str, *, complete: bool
) -> None:
    year = block.year
    n = len(members)
    # Outline and deadlines (copied from last year when this block was carried over).
    if not block.outline.exists():
        for heading, guidance in OUTLINE:
            reports.add_outline_section(block, heading=heading, guidance=guidance, by=None)
    reports.set_report_deadlines(
        block,
        by=None,
        deadlines={
            "mid_year": datetime.date(year, 6, 15),
            "year_end": datetime.date(year, 12, 5 if not complete else 1),
        },
    )
    signing_day = datetime.date(year, 3, 4 + (year % 2))
    conference = conferences.create_conference(
        block,
        by=None,
        kind="pledge",
        date=signing_day,
        place=f"Hội trường {block.leader.name}",
        chair_name="Đại tá Nguyễn Quốc Tường",
        chair_position="Phó Giám đốc Công an tỉnh",
    )
    heads = {u.pk: _head(u) for u in members}
    conferences.record_attendance(
        conference,
        {u.pk: {"present": True, "representative": heads[u.pk][0], "position": heads[u.pk][1]} for u in members},
        by=None,
    )

    # Registration: all confirmed last year; this year two units late (one draft, one nothing).
    registered = members if complete else members[:-1]
    confirmed = members if complete else members[:-2]
    people = {
        u.pk: list(Person.objects.filter(unit__path__startswith=u.path).order_by("name_folded")[:12])
        for u in registered
    }
    for unit in registered:
        aims = [(p, titles["CSTDCS"] if i % 4 == 0 else titles["CSTT"]) for i, p in enumerate(people[unit.pk])]
        collective = [titles["DVQT"]] if rng.random() < 0.5 else [titles["DVTT"]]
        if unit == block.leader:
            collective.append(titles["CO_BO"])
        registration.save_registration(
            block,
            unit,
            titles=collective,
            by=None,
            people=aims,
            targets=[
                registration.TargetData(text=t, value=Decimal(v) if v else None, measure=m) for t, v, m in TARGETS
            ],
        )
        if unit in confirmed:
            registration.confirm_registration(block, unit, by=None)
    # Backdate the confirmations to March; a draft carries none (only a confirmed registration is confirmed).
    Registration.objects.filter(block=block, status=Registration.Status.CONFIRMED).update(
        confirmed_at=_at(datetime.date(year, 3, 20))
    )
    if complete:
        _record_results(block, rng)

    # Pledge: adopted at the signing conference; all signed last year, five of them this year.
    pledge = pledges.current_pledge(block) or pledges.create_pledge_draft(
        block,
        title=f"Giao ước thi đua năm {year}",
        by=None,
        preamble="Thực hiện phong trào thi đua “Vì an ninh Tổ quốc”, các đơn vị trong khối cùng giao ước:",
    )
    if not pledge.clauses.exists():
        for clause in CLAUSES:
            pledges.add_clause(pledge, text=clause.format(year=year), by=None)
    pledges.adopt_pledge(pledge, conference=conference, place=place, signing_date=signing_day, by=None)
    signers = members if complete else members[: max(2, n - 3)]
    for unit in signers:
        name, position = heads[unit.pk]
        pledges.sign_pledge(pledge, unit, signer_name=name, signer_position=position, signed_on=signing_day, by=None)

    # Reports: mid-year and year-end. This year: mid-year mostly in (one late, one returned, one
    # missing); year-end due on 05/12, two already in.
    plan = (
        {"mid_year": members, "year_end": members} if complete else {"mid_year": members[:-1], "year_end": members[:2]}
    )
    sections = list(block.outline.all())
    for kind, units in plan.items():
        deadline = datetime.date(year, 6, 15) if kind == "mid_year" else datetime.date(year, 12, 1)
        for i, unit in enumerate(units):
            period = "6 tháng đầu năm" if kind == "mid_year" else "năm"
            texts = {
                s.pk: f"{s.heading} của {unit.name} ({period} {year}): các chỉ tiêu đăng ký được thực hiện "
                f"đúng tiến độ."
                for s in sections
            }
            report = reports.save_report_draft(block, unit=unit, kind=kind, texts=texts, by=None)
            report = reports.submit_report(report, by=None)
            late = not complete and kind == "mid_year" and i == 1
            when = min(
                _at(deadline + datetime.timedelta(days=4 if late else -3 - i % 5)),
                timezone.now() - datetime.timedelta(days=1 + i),
            )
            Report.objects.filter(pk=report.pk).update(submitted_at=when)
            ReportEvent.objects.filter(report=report).update(at=when)
            if not complete and kind == "mid_year" and i == 2:
                reports.return_report(report, reason="Đề nghị bổ sung số liệu kết quả thực hiện chỉ tiêu.", by=None)
            elif complete or kind == "mid_year":
                reports.accept_report(report, by=None)
    PledgeSignature.objects.filter(pledge__block=block).update(recorded_at=_at(signing_day))
    if complete:
        conferences.create_conference(
            block,
            by=None,
            kind="year_end",
            date=datetime.date(year, 11, 6),
            place=f"Hội trường {block.leader.name}",
            chair_name="Đại tá Nguyễn Quốc Tường",
            chair_position="Phó Giám đốc, Phó Chủ tịch Hội đồng TĐKT",
        )
