"""Shared fixtures: a small organisation and one named persona per role.

Personas: ``admin``; ``office`` (emulation office of Công an tỉnh Quảng Bình);
``unit_officer`` and ``commander`` of PX03; ``council`` and ``leader`` (read-only, province);
``officer`` (a plain officer of PX03, linked to his own record); ``outsider`` (the emulation
office of another province, Hưng Yên).
"""

import datetime
import os
from types import SimpleNamespace

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_configure(config):
    from django.conf import settings

    # Personas are made for every test: the real password hasher would dominate the suite's time.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _inline_imports(settings):
    settings.IMPORT_IN_BACKGROUND = False
    # Tests (and the live server of the browser tests) speak plain HTTP.
    settings.SESSION_COOKIE_SECURE = False
    settings.CSRF_COOKIE_SECURE = False
    settings.LANGUAGE_CODE = "vi"


@pytest.fixture
def org(db):
    from organisation import services
    from organisation.models import Rating, Unit

    def unit(ref, code, name, kind, parent=None, **kw):
        return services.create_unit(by=None, ref=ref, code=code, name=name, kind=kind, parent=parent, **kw)

    bca = unit("BCA", "BCA", "Bộ Công an", Unit.Kind.MINISTRY)
    caqb = unit("CAQB", "CAQB", "Công an tỉnh Quảng Bình", Unit.Kind.PROVINCE, bca)
    px03 = unit("CAQB-PX03", "PX03", "Phòng Công tác đảng và công tác chính trị", Unit.Kind.ROOM, caqb)
    ph10 = unit("CAQB-PH10", "PH10", "Phòng Hậu cần", Unit.Kind.ROOM, caqb)
    district = unit(
        "CAQB-QN",
        "CAH-QN",
        "Công an huyện Quảng Ninh",
        Unit.Kind.DISTRICT,
        caqb,
        valid_from=datetime.date(1990, 1, 1),
        valid_to=datetime.date(2025, 2, 28),
    )
    cahy = unit("CAHY", "CAHY", "Công an tỉnh Hưng Yên", Unit.Kind.PROVINCE, bca)
    hy_px03 = unit("CAHY-PX03", "PX03", "Phòng Công tác đảng và công tác chính trị", Unit.Kind.ROOM, cahy)

    def person(ident, name, u, sex="M", rank="dai_uy", position="Cán bộ", start=datetime.date(2010, 9, 1)):
        return services.create_person(
            by=None,
            unit=u,
            start=start,
            ident=ident,
            full_name=name,
            sex=sex,
            rank=rank,
            position=position,
            birth_date=datetime.date(1985, 5, 17),
            service_start=start,
        )

    people = SimpleNamespace(
        an=person("QB000001", "Nguyễn Văn An", px03, position="Trưởng phòng", rank="thuong_ta"),
        binh=person("QB000002", "Trần Thị Bình", px03, sex="F"),
        cuong=person("QB000003", "Lê Văn Cường", px03),
        dung=person("QB000004", "Phạm Quốc Dũng", ph10),
        hoa=person("HY000001", "Đỗ Thị Hoa", hy_px03, sex="F"),
    )
    for year, rating in [(2022, Rating.HTTNV), (2023, Rating.HTXSNV), (2024, Rating.HTXSNV)]:
        services.set_person_rating(people.binh, year, rating, by=None)
    return SimpleNamespace(
        bca=bca, caqb=caqb, px03=px03, ph10=ph10, district=district, cahy=cahy, hy_px03=hy_px03, people=people
    )


@pytest.fixture
def personas(org, django_user_model):
    from organisation.models import Role, RoleGrant

    def user(username, role=None, unit=None, person=None, **kw):
        u = django_user_model.objects.create_user(username=username, password="matkhau-demo-2025", person=person, **kw)
        if role:
            RoleGrant.objects.create(user=u, role=role, unit=unit)
        return u

    return SimpleNamespace(
        admin=user("admin", is_superuser=True, is_staff=True),
        office=user("office", Role.EMULATION_OFFICE, org.caqb),
        unit_officer=user("unit_officer", Role.UNIT_OFFICER, org.px03),
        commander=user("commander", Role.COMMANDER, org.px03, person=org.people.an),
        council=user("council", Role.COUNCIL_MEMBER, org.caqb),
        leader=user("leader", Role.LEADER, org.caqb),
        officer=user("officer", Role.OFFICER, org.px03, person=org.people.cuong),
        outsider=user("outsider", Role.EMULATION_OFFICE, org.cahy),
    )


def client_for(client, user):
    client.force_login(user)
    return client


def pytest_runtest_makereport(item, call):
    """With CI=true nothing may be skipped: a skip is reported as a failure."""
    if (
        call.excinfo is not None
        and call.excinfo.errisinstance(pytest.skip.Exception)
        and os.environ.get("CI") == "true"
    ):
        from _pytest.reports import TestReport

        report = TestReport.from_item_and_call(item, call)
        report.outcome = "failed"
        report.longrepr = f"CI=true forbids skipping: {call.excinfo.value}"
        return report
    return None


@pytest.fixture
def cycle(org, personas, django_user_model):
    """The 2019 "Khối XDLL – TT – HCKT" of Công an tỉnh Quảng Bình: PX03 leads, PH10 deputy, PV01 member.

    Adds personas ``ph10_officer`` (unit officer of PH10) and ``pv01_commander`` (commander of PV01).
    """
    from cycle.services import blocks
    from organisation import services
    from organisation.models import Role, RoleGrant, Unit

    pv01 = services.create_unit(
        by=None, ref="CAQB-PV01", code="PV01", name="Phòng Tham mưu", kind=Unit.Kind.ROOM, parent=org.caqb
    )
    movement = blocks.create_movement(
        by=None,
        covers=[org.bca],
        name="Vì an ninh Tổ quốc",
        year=2019,
        launched_by=org.bca,
        start_date=datetime.date(2019, 1, 1),
        end_date=datetime.date(2019, 12, 31),
        theme="Hoàn thiện thể chế, tăng cường cơ sở",
        slogan="Chủ động, nêu gương, kỷ cương, trách nhiệm, hiệu quả",
    )
    block = blocks.create_block(
        by=None,
        members=[org.px03, org.ph10, pv01],
        year=2019,
        name="Khối XDLL – TT – HCKT",
        managed_by=org.caqb,
        movement=movement,
        registration_deadline=datetime.date(2019, 3, 31),
        leader=org.px03,
        deputy=org.ph10,
        leaders_basis="Kết quả suy tôn tại Hội nghị tổng kết năm 2018",
    )

    def user(username, role, unit):
        u = django_user_model.objects.create_user(username=username, password="matkhau-demo-2025")
        RoleGrant.objects.create(user=u, role=role, unit=unit)
        return u

    return SimpleNamespace(
        block=block,
        movement=movement,
        pv01=pv01,
        ph10_officer=user("ph10_officer", Role.UNIT_OFFICER, org.ph10),
        pv01_commander=user("pv01_commander", Role.COMMANDER, pv01),
    )
