"""Scoring fixtures on top of the root ``cycle`` fixture (the 2019 "Khối XDLL – TT – HCKT": PX03 leads,
PH10 deputy, PV01 member).

``rubric``: its 2019 rubric, open for scoring — I (40: I.1 = 20, I.2 = 20), II (60: II.1 = 30 made of
II.1.a = 10 and II.1.b = 20; II.2 = 30), bonus T (cap 10: T.1 = 5, T.2 = 10), deductions TR (TR.1 = 5,
TR.2 = 5), floor 0. ``leaf`` maps codes to criteria.

The PostgreSQL-only tests (``@pytest.mark.postgres_only``, as in voting) are not collected on SQLite: under
CI=true a skip counts as a failure, and an in-memory SQLite database cannot be shared between threads.
"""

from decimal import Decimal
from types import SimpleNamespace

import pytest

from scoring.services import rubrics
from scoring.services.rubrics import CriterionRow

ROWS = [
    ("I", "", "Công tác xây dựng Đảng, xây dựng lực lượng", "normal", 40),
    ("I.1", "I", "Quán triệt, thực hiện nghị quyết của Đảng ủy", "normal", 20),
    ("I.2", "I", "Xây dựng tổ chức đảng trong sạch, vững mạnh", "normal", 20),
    ("II", "", "Kết quả thực hiện nhiệm vụ chuyên môn", "normal", 60),
    ("II.1", "II", "Tham mưu, chỉ đạo", "normal", 30),
    ("II.1.a", "II.1", "Tham mưu kịp thời", "normal", 10),
    ("II.1.b", "II.1", "Chất lượng văn bản tham mưu", "normal", 20),
    ("II.2", "II", "Hoàn thành chỉ tiêu công tác", "normal", 30),
    ("T", "", "Điểm thưởng", "bonus", 15),
    ("T.1", "T", "Sáng kiến được công nhận", "bonus", 5),
    ("T.2", "T", "Được khen thưởng đột xuất", "bonus", 10),
    ("TR", "", "Điểm trừ", "deduction", 10),
    ("TR.1", "TR", "Báo cáo chậm", "deduction", 5),
    ("TR.2", "TR", "Cán bộ vi phạm kỷ luật", "deduction", 5),
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


def criterion_rows():
    return [CriterionRow(code=c, parent=p, title=t, kind=k, max_points=Decimal(m)) for c, p, t, k, m in ROWS]


@pytest.fixture
def draft(cycle, personas):
    rubric = rubrics.create_rubric(cycle.block, by=personas.unit_officer, bonus_cap=Decimal(10), floor=Decimal(0))
    rubrics.replace_criteria(rubric, criterion_rows(), by=personas.unit_officer)
    return rubric


@pytest.fixture
def rubric(draft, personas):
    return rubrics.open_scoring(draft, by=personas.unit_officer)


@pytest.fixture
def leaf(rubric):
    return {c.code: c for c in rubric.criteria.all()}


@pytest.fixture
def scoring(org, cycle, rubric, leaf):
    return SimpleNamespace(rubric=rubric, leaf=leaf, px03=org.px03, ph10=org.ph10, pv01=cycle.pv01)
