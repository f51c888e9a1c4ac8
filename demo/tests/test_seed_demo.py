import datetime
import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction

from audit.models import AuditEvent
from demo.logins import DEMO_LOGINS, DEMO_PASSWORD
from demo.logins import LOGINS as _LOGINS
from demo.structure import CLUSTER_6
from organisation import tree
from organisation.models import (
    Assignment,
    Person,
    PersonRating,
    RoleGrant,
    Unit,
    UnitChange,
    UnitRating,
    UnitSuccession,
    User,
)


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo, loaded once for the module and rolled back after it."""
    with django_db_blocker.unblock(), transaction.atomic():
        out = StringIO()
        call_command("seed_demo", stdout=out)
        yield out.getvalue()
        transaction.set_rollback(True)


def table_counts() -> dict[str, int]:
    models = [
        Unit,
        UnitChange,
        UnitSuccession,
        Person,
        Assignment,
        PersonRating,
        UnitRating,
        User,
        RoleGrant,
        AuditEvent,
    ]
    return {m.__name__: m.objects.count() for m in models}


def test_the_six_units_of_cluster_6_are_departments_of_the_ministry(demo, db):
    units = Unit.objects.filter(parent__ref="BCA", kind=Unit.Kind.DEPARTMENT).order_by("pk")
    assert [u.name for u in units] == [
        "Văn phòng Bộ Công an",
        "Cục Đối ngoại",
        "Cục Pháp chế và cải cách hành chính, tư pháp",
        "Cục Khoa học, chiến lược và lịch sử Công an",
        "Cục Xây dựng phong trào bảo vệ an ninh Tổ quốc",
        "Cục Hồ sơ nghiệp vụ",
    ]
    assert [u.ref for u in units] == [f"BCA-{code}" for code, _, _ in CLUSTER_6]


def test_px03_and_ph10_are_rooms_of_quang_binh(demo, db):
    px03, ph10 = Unit.objects.get(ref="CAQB-PX03"), Unit.objects.get(ref="CAQB-PH10")
    assert (px03.parent.ref, px03.code, px03.name) == ("CAQB", "PX03", "Phòng Công tác đảng và công tác chính trị")
    assert (ph10.parent.ref, ph10.code, ph10.name) == ("CAQB", "PH10", "Phòng Hậu cần")
    assert list(ph10.changes.filter(kind=UnitChange.Kind.RENAMED).values_list("old_value", "new_value")) == [
        ("Phòng Hậu cần – Kỹ thuật", "Phòng Hậu cần")
    ]
    assert Unit.objects.filter(parent__ref="CAQB", kind=Unit.Kind.ROOM).count() == 12
    assert Unit.objects.filter(code="PX03").count() == 3  # codes repeat across provinces, refs do not


def test_each_room_has_one_head(demo, db):
    rooms = Unit.objects.filter(kind=Unit.Kind.ROOM, parent__kind=Unit.Kind.PROVINCE)
    heads = {room.ref: room.people.filter(position="Trưởng phòng").count() for room in rooms}
    assert set(heads.values()) == {1}


def test_the_district_police_ended_on_28_february_2025(demo, db):
    districts = Unit.objects.filter(kind=Unit.Kind.DISTRICT).order_by("pk")
    assert [d.name for d in districts] == [
        "Công an huyện Quảng Ninh",
        "Công an thành phố Đồng Hới",
        "Công an huyện Lệ Thủy",
        "Công an huyện Bố Trạch",
        "Công an huyện Quảng Trạch",
        "Công an huyện Tuyên Hóa",
        "Công an huyện Minh Hóa",
        "Công an thị xã Ba Đồn",
    ]
    assert {(d.parent.ref, d.valid_to) for d in districts} == {("CAQB", datetime.date(2025, 2, 28))}
    assert Person.objects.filter(unit__in=districts).count() == 0


def test_a_new_commune_carries_on_its_old_communes(demo, db):
    new = Unit.objects.get(ref="CAQB-QUANGNINH")
    old = Unit.objects.filter(parent__ref="CAQB-QN").order_by("pk")

    assert [u.name for u in old] == ["Công an thị trấn Quán Hàu", "Công an xã Vĩnh Ninh", "Công an xã Hàm Ninh"]
    assert tree.lineage_ids(new) == sorted([new.pk, *[u.pk for u in old]])
    assert {u.valid_to for u in old} == {datetime.date(2025, 6, 30)}
    assert (new.valid_from, new.parent.ref) == (datetime.date(2025, 7, 1), "CAQB")
    assert new.people.filter(position="Trưởng Công an xã").count() == 1
    assert new.people.count() >= 12


def test_the_khoi_noi_chinh_members_are_outside_the_police(demo, db):
    members = Unit.objects.filter(parent__ref="VP").order_by("pk")
    assert [(u.name, u.kind) for u in members] == [
        ("Viện kiểm sát nhân dân tỉnh Vĩnh Phúc", "external"),
        ("Tòa án nhân dân tỉnh Vĩnh Phúc", "external"),
        ("Sở Tư pháp tỉnh Vĩnh Phúc", "external"),
        ("Thanh tra tỉnh Vĩnh Phúc", "external"),
        ("Cục Thi hành án dân sự tỉnh Vĩnh Phúc", "external"),
    ]
    assert Unit.objects.get(ref="CAVP").parent.ref == "BCA"
    assert Person.objects.filter(unit__in=members).exclude(rank="").count() == 0


def test_about_two_thousand_people_with_history_and_five_years_of_ratings(demo, db):
    people = Person.objects.count()
    reported = re.search(r"(\d+) people, (\d+) transfers", demo)
    assert 1800 <= people <= 2200
    assert (int(reported[1]), int(reported[2])) == (people, Assignment.objects.filter(end__isnull=False).count())
    assert Assignment.objects.filter(end__isnull=True).count() == people
    assert 90 <= Person.objects.filter(unit__ref__startswith="CAHY").count() <= 120
    shares = {
        r: PersonRating.objects.filter(rating=r).count() * 100 / PersonRating.objects.count()
        for r in ("HTXSNV", "HTTNV", "HTNV", "KHTNV")
    }
    assert 16 < shares["HTXSNV"] < 24 and 60 < shares["HTTNV"] < 70 and 9 < shares["HTNV"] < 15
    assert 1 < shares["KHTNV"] < 5
    assert sorted(set(PersonRating.objects.values_list("year", flat=True))) == [2021, 2022, 2023, 2024, 2025]


def test_each_demo_login_has_its_role_and_scope(demo, db):
    for username, role, ref, _ in _LOGINS:
        user = User.objects.get(username=username)
        assert list(user.grants.values_list("role", "unit__ref")) == [(role, ref)]
    admin = User.objects.get(username="quantri")
    assert admin.check_password(DEMO_PASSWORD)
    assert set(User.objects.values_list("password", flat=True)) == {admin.password}  # one hash, one password
    assert [u.username for u in User.objects.filter(is_superuser=True)] == ["quantri"]
    commander, officer = User.objects.get(username="chihuy.px03"), User.objects.get(username="canbo")
    assert (commander.person.unit.ref, commander.person.position) == ("CAQB-PX03", "Trưởng phòng")
    assert (officer.person.unit.ref, officer.person.position) == ("CAQB-PX03", "Cán bộ")
    assert [row[0] for row in DEMO_LOGINS] == [
        "quantri",
        "botdkt",
        "thuongtruc",
        "tdkt.px03",
        "chihuy.px03",
        "hoidong",
        "lanhdao",
        "canbo",
        "ngoaitinh",
        "hoidong.pgd1",
        "hoidong.pgd2",
        "hoidong.pgd3",
        "hoidong.px01",
    ]
    assert all(username in demo for username, _, _ in DEMO_LOGINS)


def test_running_it_again_changes_nothing(demo, db):
    before = table_counts()
    out = StringIO()

    call_command("seed_demo", stdout=out)

    assert table_counts() == before
    assert "Units already exist" in out.getvalue()


def test_only_confirmed_registrations_carry_a_confirmation(demo, db):
    from cycle.models import Registration

    assert sorted(
        Registration.objects.filter(confirmed_at__isnull=False).values_list("status", flat=True).distinct()
    ) == ["confirmed"]
    assert Registration.objects.filter(status="draft").count() > 0


def test_the_stored_standings_follow_the_final_leaderboard_and_the_article_says_the_same(demo, db):
    """Issue 14: the article said PX03 led, then PH10 and PV06, while the scores ranked PV06, PH10, PX03."""
    from cycle.models import Block
    from eligibility.models import BlockStanding
    from news.models import Article
    from news.standings import check_standings
    from scoring.services.results import final_ranks

    xdll = Block.objects.get(year=2025, name="Khối XDLL – TT – HCKT")
    ranks = [(unit.code, rank) for unit, rank in final_ranks(xdll).ranks]
    stored = list(BlockStanding.objects.filter(block=xdll).order_by("rank").values_list("unit__code", "rank"))

    assert ranks[:3] == [("PX03", 1), ("PH10", 2), ("PV06", 3)]
    assert stored == ranks
    assert [b.name for b in Block.objects.filter(year=2025) if check_standings(b)] == []
    article = Article.objects.get(block=xdll, status="published")
    assert (
        "Phòng Công tác đảng và công tác chính trị (PX03) dẫn đầu Khối, tiếp theo là Phòng Hậu cần (PH10) và "
        "Phòng Hồ sơ (PV06)." in article.body
    )
