"""Each tally against hand-computed expectations on fixed data, annulled awards included."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cycle.models import Block, Registration, RegistrationTarget
from eligibility.models import BlockStanding
from honours.models import AwardForm, FormAward, Title, TitleAward
from stats import tallies
from stats.tallies import FORM, TITLE, Scope

pytestmark = pytest.mark.django_db


def t(code):
    return Title.objects.get(code=code)


def f(code):
    return AwardForm.objects.get(code=code)


@pytest.fixture
def data(org):
    p = org.people
    TitleAward.objects.bulk_create(
        [
            TitleAward(title=t("CSTT"), person=p.an, year=2023),
            TitleAward(title=t("CSTT"), person=p.binh, year=2023),
            TitleAward(title=t("CSTDCS"), person=p.binh, year=2024),
            TitleAward(title=t("DVTT"), unit=org.px03, year=2024),
            TitleAward(title=t("DVQT"), unit=org.ph10, year=2024),
            TitleAward(title=t("CSTT"), person=p.dung, year=2024, annulled=True),
            TitleAward(title=t("CSTT"), person=p.hoa, year=2024),  # Hưng Yên
        ]
    )
    FormAward.objects.bulk_create(
        [
            FormAward(award_form=f("GK"), person=p.cuong, year=2024),
            FormAward(award_form=f("BK_BO"), person=p.an, year=2024),
            FormAward(award_form=f("BK_BO_TT"), unit=org.px03, year=2023),
            FormAward(award_form=f("BK_TTG"), person=p.binh, year=2024, annulled=True),
            FormAward(award_form=f("GK"), unit=org.hy_px03, year=2024),
        ]
    )
    return org


def rows(result):
    return [(r.key, r.count) for r in result]


def test_everything_by_year_leaves_annulled_out(data):
    scope = Scope(2023, 2024)
    assert rows(tallies.tally(scope, "year")) == [(2023, 3), (2024, 7)]
    assert rows(tallies.tally(scope, "year", annulled=True)) == [(2024, 2)]
    assert tallies.total(scope) == 10
    assert tallies.total(scope, annulled=True) == 2


def test_a_province_subtree_counts_its_units_and_its_people(data):
    scope = Scope(2023, 2024, (data.caqb.path,))
    assert rows(tallies.tally(scope, "recipient")) == [("collective", 3), ("individual", 5)]
    assert rows(tallies.tally(scope, "kind")) == [(TITLE, 5), (FORM, 3)]
    assert rows(tallies.tally(scope, "level")) == [("unit", 6), ("ministry", 2)]


def test_one_unit_and_one_year(data):
    scope = Scope(2024, 2024, (data.px03.path,))
    assert rows(tallies.tally(scope, "honour")) == [
        ((FORM, f("BK_BO").pk), 1),
        ((TITLE, t("CSTDCS").pk), 1),
        ((FORM, f("GK").pk), 1),
        ((TITLE, t("DVTT").pk), 1),
    ]
    assert [r.label for r in tallies.tally(scope, "honour")][1] == "Chiến sĩ thi đua cơ sở"


def test_narrowing_by_recipient_kind_and_level(data):
    base = {"year_from": 2023, "year_to": 2024, "paths": (data.caqb.path,)}
    assert tallies.total(Scope(**base, recipient="individual", kind=TITLE)) == 3
    assert tallies.total(Scope(**base, level="ministry")) == 2
    assert tallies.total(Scope(**base, kind=FORM, recipient="collective")) == 1


def test_several_subtrees_count_each_instance_once(data):
    scope = Scope(2024, 2024, (data.ph10.path,))
    assert tallies.total(scope) == 1
    assert tallies.total(scope, annulled=True) == 1
    both = Scope(2024, 2024, (data.px03.path, data.ph10.path, data.caqb.path))  # PX03 and PH10 are under CAQB
    assert tallies.total(both) == tallies.total(Scope(2024, 2024, (data.caqb.path,))) == 5
    assert tallies.total(Scope(2024, 2024, ())) == 0


def test_authority_without_a_decision(data):
    result = tallies.tally(Scope(2024, 2024, (data.cahy.path,)), "authority")
    assert [(r.label, r.count) for r in result] == [(str(tallies.UNKNOWN_AUTHORITY), 2)]


def test_authority_names_the_issuer_or_the_issuing_unit(data, personas):
    from commendation.models import Decision
    from commendation.tests.test_decisions import issued

    issued(data, personas.office, (data.people.dung, "CSTT"), (data.ph10, "GK_TT"))
    external = issued(data, personas.office, (data.people.cuong, "BK_BO"), date="12/12/2024")
    Decision.objects.filter(pk=external.pk).update(issuer_name="Bộ trưởng Bộ Công an")
    result = tallies.tally(Scope(2024, 2024, (data.caqb.path,)), "authority")
    # 5 recorded without a decision; 2 by the province's decision; 1 named by its issuer
    assert [(r.label, r.count) for r in result] == [
        (str(tallies.UNKNOWN_AUTHORITY), 5),
        (data.caqb.name, 2),
        ("Bộ trưởng Bộ Công an", 1),
    ]


def test_trend_has_every_year(data):
    assert tallies.trend(Scope(2022, 2024, (data.caqb.path,))) == [
        {"year": 2022, "collective": 0, "individual": 0, "annulled": 0, "total": 0},
        {"year": 2023, "collective": 1, "individual": 2, "annulled": 0, "total": 3},
        {"year": 2024, "collective": 2, "individual": 3, "annulled": 2, "total": 5},
    ]


def test_honours_by_recipient(data):
    got = [(r["code"], r["collective"], r["individual"]) for r in tallies.honours_by_recipient(Scope(2024, 2024))]
    assert got == [("DVTT", 1, 0), ("DVQT", 1, 0), ("CSTT", 0, 1), ("CSTDCS", 0, 1), ("GK", 1, 1), ("BK_BO", 0, 1)]


def test_block_history_and_registration_achievement(cycle, org):
    khoi = Block.objects.get(year=2019)
    nxt = Block.objects.create(
        year=2020, name=khoi.name, managed_by=org.caqb, previous=khoi, leader=org.ph10, deputy=org.px03
    )
    BlockStanding.objects.bulk_create(
        [
            BlockStanding(block=khoi, unit=org.px03, rank=1),
            BlockStanding(block=khoi, unit=org.ph10, rank=2),
            BlockStanding(block=nxt, unit=org.ph10, rank=1),
        ]
    )
    third = Block.objects.create(year=2021, name=khoi.name, managed_by=org.caqb, previous=nxt, leader=org.px03)
    with CaptureQueriesContext(connection) as queries:
        history = tallies.block_history(third)
    assert len(queries) == 3  # the chain's ids, the blocks, the standings: however many years
    assert [h["year"] for h in history] == [2019, 2020, 2021]
    assert [h["year"] for h in tallies.block_history(third)[:2]] == [2019, 2020]
    assert [b.year for b in tallies.block_chain(third, limit=2)] == [2020, 2021]
    history = tallies.block_history(nxt)
    assert [(h["year"], h["leader"], h["deputy"], [s["rank"] for s in h["standings"]]) for h in history] == [
        (2019, org.px03.name, org.ph10.name, [1, 2]),
        (2020, org.ph10.name, org.px03.name, [1]),
    ]
    r1 = Registration.objects.create(block=khoi, unit=org.px03)
    r2 = Registration.objects.create(block=khoi, unit=org.ph10)
    r3 = Registration.objects.create(block=khoi, unit=cycle.pv01)
    RegistrationTarget.objects.bulk_create(
        [
            RegistrationTarget(registration=r1, order=1, text="a", result="exceeded"),
            RegistrationTarget(registration=r1, order=2, text="b", result="met"),
            RegistrationTarget(registration=r2, order=1, text="c", result="not_met"),
            RegistrationTarget(registration=r2, order=2, text="d", result=""),
            RegistrationTarget(registration=r3, order=1, text="e", result="exceeded"),
            RegistrationTarget(registration=r3, order=2, text="f", result="exceeded"),
        ]
    )
    assert tallies.registration_achievement([khoi]) == {
        "registered": 3,
        "with_targets": 3,
        "complete": 2,  # PX03 (vượt, đạt) and PV01 (vượt, vượt) met every target
        "exceeding": 1,  # only PV01 exceeded every one: "hoàn thành vượt mức"
        "recorded_units": 2,  # PH10 has not recorded its second result
        "targets": 6,
        "achieved": 4,
        "exceeded": 3,
        "recorded": 5,
        "complete_percent": 66.7,
        "exceeding_percent": 33.3,
    }
