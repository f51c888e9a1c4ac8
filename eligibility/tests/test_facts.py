"""Loading the engine's facts from the database, the yearly record, evaluate_scope, the catalogue copy."""

import datetime
import importlib

import pytest

from demo.dataset import honours as dataset
from eligibility import facts, services
from eligibility.engine import (
    AwardHeld,
    Discipline,
    Initiative,
    Needs,
    PendingCase,
    PersonFacts,
    UnitFacts,
    builtin,
    evaluate,
    parse_ruleset,
    vocabulary,
)
from eligibility.models import Discipline as DisciplineRow
from eligibility.models import DisciplineForm, InitiativeKind, InitiativeLevel, PendingKind
from eligibility.models import Initiative as InitiativeRow
from eligibility.models import PendingCase as PendingRow
from honours.models import AwardForm, FormAward, Title, TitleAward
from organisation import services as org_services
from organisation.models import Person

D = datetime.date
ON = D(2025, 12, 31)
EVERYTHING = Needs(
    years=10,
    individual=True,
    collective=True,
    person_ratings=True,
    unit_ratings=True,
    person_titles={"CSTT", "CSTDCS"},
    unit_titles={"DVQT", "DVTT"},
    person_awards={"BK_BO", "GK"},
    unit_awards={"BK_BO_TT"},
    initiatives=True,
    disciplines=True,
    pending=True,
    service=True,
    members=True,
)


def title(code):
    return Title.objects.get(code=code)


def form(code):
    return AwardForm.objects.get(code=code)


@pytest.fixture
def recorded(org):
    """Facts of every kind for the people of Quảng Bình, plus some that must not be loaded."""
    p = org.people
    org_services.set_person_rating(p.an, 2024, "HTTNV", by=None)
    org_services.set_person_rating(p.an, 2025, "HTXSNV", by=None)
    org_services.set_person_rating(p.hoa, 2025, "HTXSNV", by=None)
    org_services.set_unit_rating(org.px03, 2025, "HTXSNV", by=None)
    TitleAward.objects.bulk_create(
        [
            TitleAward(title=title("CSTT"), person=p.binh, year=2023, decision_ref="12/QĐ-CAT"),
            TitleAward(title=title("CSTDCS"), person=p.binh, year=2023),
            TitleAward(title=title("CSTT"), person=p.binh, year=2024, annulled=True),
            TitleAward(title=title("CSTT"), person=p.an, year=2025),
            TitleAward(title=title("CSTT"), person=p.hoa, year=2025),
            TitleAward(title=title("DVQT"), unit=org.px03, year=2024),
            TitleAward(title=title("DVTT"), unit=org.ph10, year=2025),
        ]
    )
    FormAward.objects.bulk_create(
        [
            FormAward(award_form=form("BK_BO"), person=p.binh, year=2023, decided_on=D(2024, 2, 1)),
            FormAward(award_form=form("GK"), person=p.an, year=2025, decided_on=D(2025, 6, 1), kind="ad_hoc"),
            FormAward(award_form=form("GK"), person=p.cuong, year=2024, decided_on=D(2025, 1, 5), annulled=True),
            FormAward(award_form=form("BK_BO_TT"), unit=org.px03, year=2024, decided_on=D(2025, 3, 1)),
        ]
    )
    ini = InitiativeRow.objects.create(
        person=p.cuong,
        title="Phần mềm quản lý hồ sơ",
        level="co_so",
        recognised_on=D(2025, 4, 1),
        used_for_title=title("CSTDCS"),
        used_year=2025,
    )
    old = InitiativeRow.objects.create(
        person=p.an, title="Quy trình tiếp dân", level="bo", kind="de_tai", recognised_on=D(2019, 1, 1)
    )
    InitiativeRow.objects.create(person=p.an, title="Quá cũ", level="co_so", recognised_on=D(2014, 1, 1))
    DisciplineRow.objects.create(person=p.dung, form="canh_cao", decided_on=D(2025, 3, 10), period_end=D(2026, 3, 9))
    DisciplineRow.objects.create(person=p.hoa, form="khien_trach", decided_on=D(2025, 3, 10), period_end=D(2026, 3, 9))
    PendingRow.objects.create(person=p.cuong, kind="inspection", opened_on=D(2025, 11, 1))
    PendingRow.objects.create(person=p.an, kind="complaint", opened_on=D(2025, 1, 1), closed_on=D(2025, 2, 1))
    return ini, old


def test_bulk_loading_gives_the_engine_exactly_the_facts(org, recorded):
    ini, old = recorded
    p = org.people
    people, units = facts.load_tables(scope=org.caqb, year=2025, on=ON, needs=EVERYTHING)

    start = D(2010, 9, 1)
    assert [people.person_facts(i) for i in range(people.n)] == [
        PersonFacts(
            p.an.pk,
            "M",
            start,
            unit_id=org.px03.pk,
            ratings={2024: "HTTNV", 2025: "HTXSNV"},
            titles={2025: {"CSTT"}},
            awards=[AwardHeld("GK", 2025, D(2025, 6, 1), "ad_hoc")],
            initiatives=[Initiative(old.pk, "bo", D(2019, 1, 1), kind="de_tai", title="Quy trình tiếp dân")],
        ),
        PersonFacts(
            p.binh.pk,
            "F",
            start,
            unit_id=org.px03.pk,
            ratings={2022: "HTTNV", 2023: "HTXSNV", 2024: "HTXSNV"},
            titles={2023: {"CSTT", "CSTDCS"}},
            awards=[AwardHeld("BK_BO", 2023, D(2024, 2, 1), "merit")],
        ),
        PersonFacts(
            p.cuong.pk,
            "M",
            start,
            unit_id=org.px03.pk,
            initiatives=[
                Initiative(ini.pk, "co_so", D(2025, 4, 1), "CSTDCS", 2025, "sang_kien", "Phần mềm quản lý hồ sơ")
            ],
            pending=[PendingCase("inspection", D(2025, 11, 1))],
        ),
        PersonFacts(
            p.dung.pk,
            "M",
            start,
            unit_id=org.ph10.pk,
            disciplines=[Discipline("canh_cao", D(2025, 3, 10), D(2026, 3, 9))],
        ),
    ]
    assert [units.unit_facts(i) for i in range(units.n)] == [
        UnitFacts(org.caqb.pk),
        UnitFacts(
            org.px03.pk,
            ratings={2025: "HTXSNV"},
            titles={2024: {"DVQT"}},
            awards=[AwardHeld("BK_BO_TT", 2024, D(2025, 3, 1), "merit")],
            titles_decided=True,  # An and Hoa, serving there, were conferred CSTT for 2025
        ),
        UnitFacts(org.ph10.pk, titles={2025: {"DVTT"}}),
    ]
    assert (people.first_year, people.last_year) == (2016, 2025)


def test_the_2022_set_loads_only_the_award_forms_its_rules_read():
    needs = builtin("luat2022_nd98_cand").needs()
    assert sorted(needs.person_awards) == [
        "BK_BO",
        "BK_TTG",
        "HCBVTQ1",
        "HCBVTQ2",
        "HCBVTQ3",
        "HCCSVV1",
        "HCCSVV2",
        "HCCSVV3",
        "HCLD3",
        "HCVANTQ",
        "KNC_BVANTQ",
    ]
    # A unit holds an order under its collective code (honours migration 0003); its past collective
    # Bằng khen ends the HTXSNV years it may count again (one achievement, one reward).
    assert sorted(needs.unit_awards) == ["BK_BO_TT", "HCBVTQ1_TT", "HCBVTQ2_TT"]


def test_people_are_judged_where_they_served_on_the_cut_off_date(org):
    org_services.transfer_person(org.people.dung, org.hy_px03, start=D(2025, 6, 1), by=None)
    needs = builtin("luat2022_nd98_cand").needs()
    before, _ = facts.load_tables(scope=org.caqb, year=2024, on=D(2024, 12, 31), needs=needs)
    after, _ = facts.load_tables(scope=org.caqb, year=2025, on=ON, needs=needs)
    assert org.people.dung.pk in before.ids
    assert org.people.dung.pk not in after.ids


def _staff(unit, n, first):
    for k in range(n):
        person = org_services.create_person(
            by=None,
            unit=unit,
            start=D(2012, 1, 1),
            ident=f"QC{first + k:05d}",
            full_name=f"Cán bộ {k}",
            sex="M",
            service_start=D(2012, 1, 1),
        )
        org_services.set_person_rating(person, 2025, "HTTNV", by=None)
        TitleAward.objects.create(title=title("CSTT"), person=person, year=2025)
        FormAward.objects.create(award_form=form("GK"), person=person, year=2025, decided_on=D(2025, 12, 1))
        InitiativeRow.objects.create(person=person, title=f"Sáng kiến {k}", level="co_so", recognised_on=D(2025, 5, 1))
        DisciplineRow.objects.create(
            person=person, form="khien_trach", decided_on=D(2020, 1, 1), period_end=D(2020, 12, 31)
        )
        PendingRow.objects.create(person=person, kind="complaint", opened_on=D(2025, 12, 1))


def test_loading_costs_the_same_fixed_number_of_queries_for_one_person_or_ten(org, django_assert_num_queries):
    needs = EVERYTHING
    one = org_services.create_unit(
        by=None, ref="CAQB-PV01", code="PV01", name="Phòng Tham mưu", kind="room", parent=org.caqb
    )
    ten = org_services.create_unit(
        by=None, ref="CAQB-PV05", code="PV05", name="Phòng Xây dựng phong trào", kind="room", parent=org.caqb
    )
    _staff(one, 1, 1)
    _staff(ten, 10, 100)
    # the catalogue ids of titles and of award forms; people: serving, persons, hardship factors, ratings,
    # titles, award forms, initiatives, discipline, pending cases;
    # units: the subtree, ratings, titles, award forms, those whose members' titles are decided
    with django_assert_num_queries(16):
        people_one, _ = facts.load_tables(scope=one, year=2025, on=ON, needs=needs)
    with django_assert_num_queries(16):
        people_ten, _ = facts.load_tables(scope=ten, year=2025, on=ON, needs=needs)
    assert (people_one.n, people_ten.n) == (1, 10)
    assert [
        len(t.awards) + len(t.initiatives) + len(t.disciplines) + len(t.pending) for t in (people_one, people_ten)
    ] == [4, 40]


def test_the_yearly_record_shows_titles_award_forms_initiatives_and_discipline(org, recorded):
    ini, _ = recorded
    record = org_services.person_yearly_record(org.people.binh, 2022, 2024)
    assert [(row.year, row.rating, row.extra) for row in record] == [
        (
            2024,
            "HTXSNV",
            {"titles": [{"code": "CSTT", "name": "Chiến sĩ tiên tiến", "annulled": True, "decision_ref": ""}]},
        ),
        (
            2023,
            "HTXSNV",
            {
                "titles": [
                    {"code": "CSTT", "name": "Chiến sĩ tiên tiến", "annulled": False, "decision_ref": "12/QĐ-CAT"},
                    {"code": "CSTDCS", "name": "Chiến sĩ thi đua cơ sở", "annulled": False, "decision_ref": ""},
                ],
                "award_forms": [
                    {
                        "code": "BK_BO",
                        "name": "Bằng khen của Bộ trưởng Bộ Công an",
                        "decided_on": D(2024, 2, 1),
                        "kind": "merit",
                        "annulled": False,
                        "decision_ref": "",
                    }
                ],
            },
        ),
        (2022, "HTTNV", {}),
    ]
    cuong = org_services.person_yearly_record(org.people.cuong, 2025, 2025)
    assert cuong[0].extra == {
        "initiatives": [
            {
                "title": "Phần mềm quản lý hồ sơ",
                "kind": "sang_kien",
                "level": "co_so",
                "recognised_on": D(2025, 4, 1),
                "used_for": "CSTDCS",
                "used_year": 2025,
            }
        ]
    }
    dung = org_services.person_yearly_record(org.people.dung, 2025, 2025)
    assert dung[0].extra == {
        "discipline": [
            {"form": "canh_cao", "decided_on": D(2025, 3, 10), "period_end": D(2026, 3, 9), "decision_ref": ""}
        ]
    }


def test_evaluate_scope_judges_a_year_by_the_rule_set_in_force_on_its_cut_off(org):
    binh = org.people.binh  # HTXSNV in 2023 and 2024, no initiative
    evaluation_2024 = services.evaluate_scope(org.caqb, 2024)
    evaluation_2023 = services.evaluate_scope(org.caqb, 2023)
    assert (evaluation_2024.ruleset.code, evaluation_2023.ruleset.code) == ("luat2022_nd98_cand", "luat2003")
    assert evaluation_2024.status("CSTDCS", binh.pk).value == "eligible"
    assert evaluation_2023.status("CSTDCS", binh.pk).value == "not_eligible"
    assert services.evaluate_scope(org.caqb, 2023, "luat2022_nd98_cand").status("CSTDCS", binh.pk).value == "eligible"


def test_evaluate_scope_explains_a_pending_case_and_judges_units(org, recorded):
    evaluation = services.evaluate_scope(org.caqb, 2025)
    cuong = evaluation.verdict("CSTT", org.people.cuong.pk)
    assert (cuong.status.value, [f.fact for f in cuong.failures]) == (
        "not_eligible",
        ["2025: chưa xếp loại", "đang bị thanh tra, kiểm tra từ ngày 01/11/2025"],
    )
    assert evaluation.eligible("CSTT") == [org.people.an.pk]
    # PX03: an is CSTT of 2025, binh and cuong are not (no rating): 1 of 3
    assert [f.fact for f in evaluation.verdict("DVTT", org.px03.pk, "collective").failures] == [
        "1/3 cán bộ (33,3 %) đạt Chiến sĩ tiên tiến, cần ≥ 70 %"
    ]
    assert sorted(evaluation.counts()) == sorted((r.code, rec) for r, rec in builtin("luat2022_nd98_cand").order)


def test_the_generator_adds_consistent_synthetic_facts(org):
    for person in (org.people.an, org.people.cuong, org.people.dung):
        for year, rating in ((2023, "HTXSNV"), (2024, "HTXSNV"), (2025, "HTTNV")):
            org_services.set_person_rating(person, year, rating, by=None)
    counts = dataset.generate(seed=7, progress=lambda line: None)
    assert dataset.is_empty() is False
    assert (counts["titles"], counts["form_awards"], counts["initiatives"]) == (
        TitleAward.objects.count(),
        FormAward.objects.count(),
        InitiativeRow.objects.count(),
    )
    cstdcs = set(TitleAward.objects.filter(title__code="CSTDCS").values_list("person_id", "year"))
    cstt = set(TitleAward.objects.filter(title__code="CSTT").values_list("person_id", "year"))
    assert cstdcs - cstt == set()
    with pytest.raises(ValueError, match="Titles already exist"):
        dataset.generate(progress=lambda line: None)


def test_the_engine_catalogue_is_the_catalogue_of_the_migrations():
    migration = importlib.import_module("honours.migrations.0002_catalogue")
    added = importlib.import_module("honours.migrations.0003_collective_orders_and_other_bang_khen")
    assert {code: (name, recipient) for code, name, recipient, *_ in migration.TITLES} == vocabulary.TITLES
    assert {code: (name, recipient) for code, name, recipient, *_ in migration.FORMS + added.FORMS} == vocabulary.FORMS


def test_the_models_choices_follow_the_engine_vocabulary():
    assert tuple(DisciplineForm.values) == vocabulary.DISCIPLINE_FORMS
    assert tuple(InitiativeLevel.values) == vocabulary.INITIATIVE_LEVELS
    assert tuple(InitiativeKind.values) == vocabulary.INITIATIVE_KINDS
    assert tuple(PendingKind.values) == vocabulary.PENDING_KINDS


def test_resetting_the_generated_organisation_deletes_the_facts_first(db):
    from demo.dataset import organisation as org_dataset

    org_dataset.generate(units=60, people=500, years=3, seed=11, progress=lambda line: None)
    dataset.generate(seed=7, progress=lambda line: None)
    assert TitleAward.objects.count() > 0
    org_dataset.generate(units=60, people=500, years=3, seed=11, progress=lambda line: None, reset=True)
    assert (TitleAward.objects.count(), FormAward.objects.count(), InitiativeRow.objects.count()) == (0, 0, 0)
    assert Person.objects.count() == 500


def test_pruning_to_the_holders_of_the_required_title_keeps_the_eligible_list(org):
    for person in (org.people.an, org.people.cuong, org.people.dung):
        for year, rating in ((2023, "HTXSNV"), (2024, "HTXSNV"), (2025, "HTTNV")):
            org_services.set_person_rating(person, year, rating, by=None)
    dataset.generate(seed=3, progress=lambda line: None)
    single = parse_ruleset(
        {
            "code": "t",
            "name": "t",
            "legal_basis": "t",
            "effective_from": "2024-01-01",
            "rules": [
                {
                    "code": "CSTD_BO",
                    "kind": "title",
                    "name": "t",
                    "basis": "t",
                    "confidence": "H",
                    "individual": [
                        {"label": "a", "conditions": [{"consecutive_title": {"title": "CSTDCS", "years": 2}}]}
                    ],
                }
            ],
        },
        source="t",
    )
    assert single.required_title() == "CSTDCS"
    assert builtin("luat2022_nd98_cand").required_title() is None  # CSTT asks for no title
    on = datetime.date(2025, 12, 31)
    full, _ = facts.load_tables(scope=None, year=2025, on=on, needs=single.needs())
    pruned, _ = facts.load_tables(scope=None, year=2025, on=on, needs=single.needs(), prune=True)
    holders = set(TitleAward.objects.filter(title__code="CSTDCS", year=2025).values_list("person_id", flat=True))
    assert set(pruned.ids) == holders & set(full.ids)
    assert evaluate(single, people=pruned, year=2025).eligible("CSTD_BO") == evaluate(
        single, people=full, year=2025
    ).eligible("CSTD_BO")
