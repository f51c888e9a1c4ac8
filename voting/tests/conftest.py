"""Fixtures of the voting tests: the seed-000 block (8 member units) at its 2018 year-end conference,
one representative login per member unit, and a ready election.

The PostgreSQL-only tests (``@pytest.mark.postgres_only``) are not collected on SQLite at all: under
CI=true a skip counts as a failure (root conftest), and on SQLite the test has nothing to prove.
"""

import datetime
from types import SimpleNamespace

import pytest

XDLL = [
    ("PX01", "Phòng Tổ chức cán bộ"),
    ("PX03", "Phòng Công tác đảng và công tác chính trị"),
    ("PV02", "Thanh tra Công an tỉnh"),
    ("PV01", "Phòng Tham mưu"),
    ("PV05", "Phòng Xây dựng phong trào bảo vệ an ninh Tổ quốc"),
    ("PV06", "Phòng Hồ sơ"),
    ("PH10", "Phòng Hậu cần"),
    ("PH41", "Phòng Viễn thông, tin học và cơ yếu"),
]


def pytest_configure(config):
    config.addinivalue_line("markers", "postgres_only: needs PostgreSQL (not collected on SQLite)")


def pytest_collection_modifyitems(config, items):
    from django.db import connection

    if connection.vendor == "postgresql":
        return
    kept = [item for item in items if item.get_closest_marker("postgres_only") is None]
    if len(kept) != len(items):
        config.hook.pytest_deselected(items=[i for i in items if i not in kept])
        items[:] = kept


@pytest.fixture
def xdll(org, personas, django_user_model):
    """Khối XDLL – TT – HCKT in 2018 (seed 000): 8 member units, all present at the year-end
    conference of 06/11/2018. ``reps[code]`` is the unit officer of each unit (PX03: ``unit_officer``)."""
    from cycle.services import blocks, conferences
    from organisation import services
    from organisation.models import Role, RoleGrant, Unit

    units = {"PX03": org.px03, "PH10": org.ph10}
    for code, name in XDLL:
        if code not in units:
            units[code] = services.create_unit(
                by=None, ref=f"CAQB-{code}", code=code, name=name, kind=Unit.Kind.ROOM, parent=org.caqb
            )
    members = [units[code] for code, _ in XDLL]
    movement = blocks.create_movement(
        by=None,
        covers=[org.bca],
        name="Vì an ninh Tổ quốc",
        year=2018,
        launched_by=org.bca,
        start_date=datetime.date(2018, 1, 1),
        end_date=datetime.date(2018, 12, 31),
    )
    block = blocks.create_block(
        by=None,
        members=members,
        year=2018,
        name="Khối XDLL – TT – HCKT",
        managed_by=org.caqb,
        movement=movement,
        leader=units["PV01"],
        deputy=units["PX01"],
        leaders_basis="Kết quả suy tôn năm 2017",
    )
    conference = conferences.create_conference(
        block,
        by=None,
        kind="year_end",
        date=datetime.date(2018, 11, 6),
        place="Hội trường Công an tỉnh",
        chair_name="Đại tá Nguyễn Quốc Tường",
        chair_position="Phó Giám đốc Công an tỉnh",
    )
    conferences.record_attendance(
        conference,
        {u.pk: {"present": True, "representative": f"Trưởng {u.code}", "position": "Trưởng phòng"} for u in members},
        by=None,
    )
    reps = {"PX03": personas.unit_officer}
    for code, unit in units.items():
        if code != "PX03":
            user = django_user_model.objects.create_user(username=f"rep_{code.lower()}", password="matkhau-demo-2025")
            RoleGrant.objects.create(user=user, role=Role.UNIT_OFFICER, unit=unit)
            reps[code] = user
    return SimpleNamespace(
        block=block, conference=conference, units=units, members=members, reps=reps, movement=movement
    )


@pytest.fixture
def election(xdll, personas):
    """A draft electronic election at the conference: leader and deputy for 2019, then Cờ thi đua
    của Bộ Công an (at most 3 of the 8) and Đơn vị tiên tiến for each unit (approve / reject)."""
    from honours.models import Title
    from voting import services

    election = services.create_election(
        by=personas.office, title="Bỏ phiếu suy tôn năm 2018", conference=xdll.conference
    )
    leader, deputy = services.add_leader_and_deputy(election, by=personas.office, units=xdll.members)
    units = [services.CandidateData(label=f"{u.code} – {u.name}", unit=u) for u in xdll.members]
    flag = services.add_question(
        election,
        by=personas.office,
        text="Cờ thi đua của Bộ Công an",
        candidates=units,
        kind="choose",
        seats=3,
        purpose="flag",
        title=Title.objects.get(code="CO_BO"),
    )
    dvtt = services.add_question(
        election,
        by=personas.office,
        text="Đơn vị tiên tiến",
        candidates=units,
        kind="approve",
        seats=0,
        purpose="title",
        title=Title.objects.get(code="DVTT"),
    )
    return SimpleNamespace(election=election, leader=leader, deputy=deputy, flag=flag, dvtt=dvtt)


def pick(question, *codes) -> list[str]:
    """Candidate ids (as the ballot form sends them) of the units ``codes`` on ``question``."""
    by_code = {c.unit.code: str(c.pk) for c in question.candidates.select_related("unit")}
    return [by_code[code] for code in codes]
