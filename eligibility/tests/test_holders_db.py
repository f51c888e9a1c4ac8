"""Through the database: a unit whose 2024 decision conferred CSTT on 6 of its 10 members is 6/10,
under both rule sets (Law 2022 art. 28 ≥ 70 %; the 2003 law > 50 %)."""

import datetime

from eligibility import services
from eligibility.engine import COLLECTIVE
from honours.models import Title, TitleAward
from organisation import services as org_services

D = datetime.date


def _staff(unit, n):
    people = []
    for k in range(n):
        person = org_services.create_person(
            by=None,
            unit=unit,
            start=D(2012, 1, 1),
            ident=f"HD{k:05d}",
            full_name=f"Cán bộ số {k + 1}",
            sex="M",
            service_start=D(2012, 1, 1),
        )
        org_services.set_person_rating(person, 2024, "HTTNV", by=None)
        people.append(person)
    return people


def _unit(org):
    unit = org_services.create_unit(
        by=None, ref="CAQB-PV07", code="PV07", name="Phòng Hồ sơ", kind="room", parent=org.caqb
    )
    org_services.set_unit_rating(unit, 2024, "HTTNV", by=None)
    return unit


def _fact(evaluation, unit) -> str:
    verdict = evaluation.verdict("DVTT", unit.pk, COLLECTIVE)
    return next(f.fact for f in verdict.failures if f.predicate == "member_share_holding")


def test_six_cstt_conferred_of_ten_is_six_tenths_under_2022_and_enough_under_2003(org):
    unit = _unit(org)
    people = _staff(unit, 10)
    cstt = Title.objects.get(code="CSTT")
    TitleAward.objects.bulk_create(
        [TitleAward(title=cstt, person=p, year=2024, decision_ref="5/QĐ-PV07") for p in people[:6]]
    )
    law_2022 = services.evaluate_scope(unit, 2024, "luat2022_nd98_cand")
    assert law_2022.status("DVTT", unit.pk, COLLECTIVE) == "not_eligible"
    assert _fact(law_2022, unit) == "6/10 cán bộ (60 %) đạt Chiến sĩ tiên tiến, cần ≥ 70 %"
    assert services.evaluate_scope(unit, 2024, "luat2003").status("DVTT", unit.pk, COLLECTIVE) == "eligible"


def test_before_any_decision_the_eligible_members_are_counted_and_named(org):
    unit = _unit(org)
    people = _staff(unit, 10)
    for p in people[6:]:
        org_services.set_person_rating(p, 2024, "HTNV", by=None)
    evaluation = services.evaluate_scope(unit, 2024, "luat2022_nd98_cand")
    assert evaluation.status("DVTT", unit.pk, COLLECTIVE) == "not_eligible"
    assert _fact(evaluation, unit) == (
        "6/10 cán bộ (60 %) (0 đạt Chiến sĩ tiên tiến, tính cả 6 cá nhân đủ điều kiện, chưa có quyết định: "
        "Cán bộ số 1, Cán bộ số 2, Cán bộ số 3, Cán bộ số 4, Cán bộ số 5, Cán bộ số 6), cần ≥ 70 %"
    )
