"""Annulment (Law 2022 chapter VII): the annulled awards leave the year's counts and the next
year's verdicts, the record stays, the recovered bonus is recorded."""

import datetime

import pytest

from audit.models import AuditEvent
from commendation.models import Annulment, Decision
from commendation.services import decisions
from commendation.tests.test_decisions import d, issued
from eligibility.models import Initiative, InitiativeLevel
from eligibility.services import AwardsError, evaluate_scope
from honours.models import FormAward, TitleAward
from organisation import services as org_services
from organisation.models import Rating

pytestmark = pytest.mark.django_db


def annul(decision, by, **kw):
    kw.setdefault("ground", Annulment.Ground.FRAUD)
    kw.setdefault("reason", "Kê khai không trung thực sáng kiến")
    kw.setdefault("annulled_on", d("15/03/2025"))
    kw.setdefault("annulling_reference", "45/QĐ-CAT-PX03")
    return decisions.annul_decision(decision, by=by, **kw)


def titles_of(year):
    return TitleAward.objects.filter(year=year, annulled=False).count()


def test_annulling_drops_the_years_counts_and_changes_the_next_years_chain_verdict(org, personas):
    binh = org.people.binh
    org_services.set_person_rating(binh, 2025, Rating.HTXSNV, by=None)
    Initiative.objects.create(
        person=binh, title="Phần mềm quản lý hồ sơ", level=InitiativeLevel.BO, recognised_on=datetime.date(2025, 3, 1)
    )
    issued(org, personas.office, (binh, "CSTDCS"), date="10/12/2023", year=2023)
    decision_2024 = issued(org, personas.office, (binh, "CSTDCS"), (org.people.cuong, "CSTT"), (org.people.an, "GK"))

    before = (titles_of(2024), evaluate_scope(org.px03, 2025).status("CSTD_BO", binh.pk).value)
    annulment = annul(decision_2024, personas.office, recovered_amount=2_340_000)
    after = (titles_of(2024), evaluate_scope(org.px03, 2025).status("CSTD_BO", binh.pk).value)

    assert before == (2, "eligible")
    assert after == (0, "not_eligible")
    assert FormAward.objects.filter(year=2024, annulled=False).count() == 0
    # The record stays, marked.
    assert list(TitleAward.objects.filter(year=2024).values_list("annulled", flat=True)) == [True, True]
    decision_2024.refresh_from_db()
    assert decision_2024.status == Decision.Status.ANNULLED
    assert list(decision_2024.lines.values_list("annulled", flat=True)) == [True, True, True]
    assert (annulment.recovered_amount, annulment.lines.count()) == (2_340_000, 3)
    events = AuditEvent.objects.filter(object_type="commendation.annulment", object_id=str(annulment.pk))
    assert [(e.action, e.actor, e.changes["ground"]) for e in events] == [("create", personas.office, [None, "fraud"])]


def test_annulling_some_lines_keeps_the_others(org, personas):
    decision = issued(org, personas.office, (org.people.binh, "CSTDCS"), (org.people.cuong, "CSTT"))
    binh_line = decision.lines.get(person=org.people.binh)

    annul(decision, personas.office, lines=[binh_line], ground=Annulment.Ground.NOT_MET)

    decision.refresh_from_db()
    assert decision.status == Decision.Status.ISSUED
    assert [(a.person, a.annulled) for a in TitleAward.objects.order_by("person__full_name")] == [
        (org.people.cuong, False),
        (org.people.binh, True),
    ]
    # The rest can be annulled later; an annulled line cannot be annulled twice.
    with pytest.raises(AwardsError, match="Cần chọn các dòng còn hiệu lực"):
        annul(decision, personas.office, lines=[binh_line])
    annul(decision, personas.office)
    decision.refresh_from_db()
    assert (decision.status, decision.annulments.count()) == (Decision.Status.ANNULLED, 2)


def test_an_annulment_needs_a_ground_a_reason_and_a_reference(org, personas):
    decision = issued(org, personas.office, (org.people.binh, "CSTDCS"))

    with pytest.raises(AwardsError, match="Cần chọn căn cứ huỷ bỏ"):
        annul(decision, personas.office, ground="other")
    with pytest.raises(AwardsError, match="Cần ghi lý do và số, ký hiệu quyết định huỷ bỏ."):
        annul(decision, personas.office, reason=" ")
    with pytest.raises(AwardsError, match="Số tiền thu hồi phải từ 0 đến 1.800.000 đồng."):
        issued_later = issued(org, personas.office, (org.people.cuong, "CSTDCS"), date="30/06/2024")
        annul(issued_later, personas.office, recovered_amount=5_000_000)


def test_only_an_issued_decision_is_annulled(org, personas):
    decision = issued(org, personas.office, (org.people.binh, "CSTDCS"))
    annul(decision, personas.office)
    with pytest.raises(AwardsError, match="Chỉ huỷ bỏ được quyết định đã ban hành và còn hiệu lực."):
        annul(decision, personas.office)


def test_after_annulment_the_title_can_be_conferred_again(org, personas):
    first = issued(org, personas.office, (org.people.binh, "CSTDCS"))
    annul(first, personas.office)
    again = issued(org, personas.office, (org.people.binh, "CSTDCS"), date="20/03/2025")

    assert [a.annulled for a in TitleAward.objects.filter(person=org.people.binh).order_by("pk")] == [True, False]
    assert again.lines.get().title_award.decision_line.decision == again
