"""Voting in the demo: at the 2025 year-end conference of Khối XDLL – TT – HCKT the eight members
elected PX03 leader and PH10 deputy for 2026 and voted the flags and titles (closed, receipts
published, result applied to the 2026 block); at the 2026 year-end conference the vote is open
and PX03 has not voted yet — log in as ``tdkt.px03`` or ``chihuy.px03`` to cast its ballot.

Called by ``seed_demo`` after the cycle; writes through the services (``by=None``: the system)."""

import datetime
import random

from cycle.models import Block, Conference
from cycle.services import conferences
from honours.models import Title
from organisation.models import Unit
from voting import services
from voting.models import Election, Question

XDLL = ["PX01", "PX03", "PV02", "PV01", "PV05", "PV06", "PH10", "PH41"]
BLOCK = "Khối XDLL – TT – HCKT"


def _ballot_paper(election: Election, units: list[Unit], year: int) -> dict[str, Question]:
    leader, deputy = services.add_leader_and_deputy(election, by=None, units=units, year=year + 1)
    candidates = [services.CandidateData(label=f"{u.code} – {u.name}", unit=u) for u in units]
    flag = services.add_question(
        election,
        by=None,
        text="Cờ thi đua của Bộ Công an",
        candidates=candidates,
        kind="choose",
        seats=3,
        purpose=Question.Purpose.FLAG,
        title=Title.objects.filter(code="CO_BO").first(),
    )
    dvtt = services.add_question(
        election,
        by=None,
        text="Đơn vị tiên tiến",
        candidates=candidates,
        kind="approve",
        seats=0,
        purpose=Question.Purpose.TITLE,
        title=Title.objects.filter(code="DVTT").first(),
    )
    return {"leader": leader, "deputy": deputy, "flag": flag, "dvtt": dvtt}


def _answers(questions: dict[str, Question], rng: random.Random, leader: str, deputy: str) -> dict:
    def key(question, code):
        return next(str(c.pk) for c in question.candidates.all() if c.unit.code == code)

    flags = [leader, deputy, rng.choice([c for c in XDLL if c not in (leader, deputy)])]
    return {
        questions["leader"].key: [key(questions["leader"], leader)],
        questions["deputy"].key: [key(questions["deputy"], deputy)],
        questions["flag"].key: sorted(key(questions["flag"], c) for c in flags),
        questions["dvtt"].key: {key(questions["dvtt"], c): ("no" if rng.random() < 0.1 else "yes") for c in XDLL},
    }


def _attend(conference: Conference, units: list[Unit]) -> None:
    conferences.record_attendance(
        conference,
        {u.pk: {"present": True, "representative": f"Đại diện {u.code}", "position": "Trưởng phòng"} for u in units},
        by=None,
    )


def seed_voting(rng: random.Random | None = None) -> dict:
    rng = rng or random.Random(2025)
    blocks = {b.year: b for b in Block.objects.filter(name=BLOCK, managed_by__ref="CAQB")}
    if 2025 not in blocks:
        return {"elections": 0}
    units = {u.code: u for u in Unit.objects.filter(ref__in=[f"CAQB-{c}" for c in XDLL])}
    members = [units[c] for c in XDLL]

    # 2025: closed; 6 members chose PX03 as leader, 5 chose PH10 as deputy.
    conference = blocks[2025].conferences.filter(kind=Conference.Kind.YEAR_END).first()
    _attend(conference, members)
    closed = services.create_election(
        by=None, title="Bỏ phiếu suy tôn năm 2025", conference=conference, layout=Election.Layout.STEPS
    )
    paper = _ballot_paper(closed, members, 2025)
    services.open_election(closed, by=None)
    choices = [("PX03", "PH10")] * 5 + [("PH10", "PV01"), ("PX03", "PV01"), ("PV01", "PH10")]
    for code, (leader, deputy) in zip(XDLL, choices, strict=True):
        if code in (leader, deputy):  # a unit votes for another unit where it can
            leader, deputy = ("PX03", "PH10") if code not in ("PX03", "PH10") else ("PV01", "PX03")
        services.cast_ballot(closed, closed.roll.get(unit=units[code]), _answers(paper, rng, leader, deputy), by=None)
    services.close_election(closed, by=None)
    services.apply_block_leaders(closed, by=None)

    # 2026: open at the year-end conference; six members have voted, PX03 and PV06 not yet.
    elections = 1
    if 2026 in blocks:
        conference = conferences.create_conference(
            blocks[2026],
            by=None,
            kind=Conference.Kind.YEAR_END,
            date=datetime.date(2026, 11, 20),
            place="Hội trường Công an tỉnh Quảng Bình",
            chair_name="Đại tá Nguyễn Quốc Tường",
            chair_position="Phó Giám đốc, Phó Chủ tịch Hội đồng TĐKT",
        )
        _attend(conference, members)
        current = services.create_election(by=None, title="Bỏ phiếu suy tôn năm 2026", conference=conference)
        paper = _ballot_paper(current, members, 2026)
        services.open_election(current, by=None)
        for code, (leader, deputy) in zip(
            ["PX01", "PV02", "PV01", "PV05", "PH10", "PH41"],
            [
                ("PV01", "PX01"),
                ("PV01", "PH41"),
                ("PX01", "PH10"),
                ("PV01", "PX01"),
                ("PV01", "PX01"),
                ("PV01", "PX01"),
            ],
            strict=True,
        ):
            services.cast_ballot(
                current, current.roll.get(unit=units[code]), _answers(paper, rng, leader, deputy), by=None
            )
        elections += 1
    return {"elections": elections}
