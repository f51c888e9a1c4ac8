"""One achievement, one reward (Law 2022 art. 5 cl. 1 c): issuing a decision marks the initiatives
that earned each line as used for its title or award form, as the engine allocated them; annulling the
lines frees them."""

import datetime

import pytest

from audit.models import AuditEvent
from commendation.models import Annulment
from commendation.services import decisions
from commendation.tests.test_decisions import d, issued
from eligibility.models import Initiative
from honours.models import Title, TitleAward
from organisation import services as org_services
from organisation.models import Rating

pytestmark = pytest.mark.django_db


def initiative(person, title, level, day, kind="sang_kien"):
    return Initiative.objects.create(person=person, title=title, level=level, recognised_on=d(day), kind=kind)


def used(*initiatives):
    return [
        (
            i.title,
            i.used_for_title.code if i.used_for_title else None,
            i.used_for_form.code if i.used_for_form else None,
            i.used_year,
        )
        for i in Initiative.objects.filter(pk__in=[x.pk for x in initiatives])
        .order_by("title")
        .select_related("used_for_title", "used_for_form")
    ]


@pytest.fixture
def facts(org):
    """An: CSTT 2016–2024, CSTĐ cơ sở 2022 and 2023, rated HTTNV 2024, a ministry-level and a cơ sở
    initiative in 2024: CSTĐ cơ sở and CSTĐ Bộ for 2024, each with its own initiative. Bình: HTXSNV
    2023 and 2024 (conftest), two cơ sở initiatives: the Bằng khen for 2 years HTXSNV and 2 initiatives."""
    an, binh = org.people.an, org.people.binh
    cstt, cstdcs = Title.objects.get(code="CSTT"), Title.objects.get(code="CSTDCS")
    TitleAward.objects.bulk_create(
        [TitleAward(title=cstt, person=an, year=y) for y in range(2016, 2025)]
        + [TitleAward(title=cstdcs, person=an, year=y) for y in (2022, 2023)]
        + [TitleAward(title=cstt, person=binh, year=y) for y in (2023, 2024)]
    )
    for year in range(2016, 2025):
        org_services.set_person_rating(an, year, Rating.HTTNV, by=None)
    return {
        "bo": initiative(an, "Phần mềm quản lý hồ sơ", "bo", "10/03/2024"),
        "co_so": initiative(an, "Quy trình tiếp dân", "co_so", "01/06/2024"),
        "b1": initiative(binh, "Sổ tay nghiệp vụ", "co_so", "01/04/2023"),
        "b2": initiative(binh, "Mẫu biên bản điện tử", "co_so", "01/05/2024", kind="de_tai"),
    }


def test_issuing_marks_what_each_line_used_and_annulling_frees_it(org, personas, facts):
    an, binh = org.people.an, org.people.binh
    decision = issued(org, personas.office, (an, "CSTDCS"), (an, "CSTD_BO"), (binh, "BK_BO"))

    assert used(*facts.values()) == [
        ("Mẫu biên bản điện tử", None, "BK_BO", 2024),
        ("Phần mềm quản lý hồ sơ", "CSTD_BO", None, 2024),  # the ministry-level one for CSTĐ Bộ
        ("Quy trình tiếp dân", "CSTDCS", None, 2024),  # the lower one for CSTĐ cơ sở
        ("Sổ tay nghiệp vụ", None, "BK_BO", 2024),
    ]
    assert AuditEvent.objects.filter(object_type="eligibility.initiative", note=decision.reference).count() == 4

    an_lines = list(decision.lines.filter(person=an))
    decisions.annul_decision(
        decision,
        by=personas.office,
        ground=Annulment.Ground.values[0],
        reason="Kê khai sai thành tích",
        annulled_on=datetime.date(2025, 3, 1),
        annulling_reference="05/QĐ-CAT",
        lines=an_lines,
    )

    assert used(*facts.values()) == [
        ("Mẫu biên bản điện tử", None, "BK_BO", 2024),
        ("Phần mềm quản lý hồ sơ", None, None, None),
        ("Quy trình tiếp dân", None, None, None),
        ("Sổ tay nghiệp vụ", None, "BK_BO", 2024),
    ]


def test_a_title_earned_by_the_rating_uses_no_initiative(org, personas, facts):
    # Bình is rated HTXSNV in 2024: her CSTĐ cơ sở comes from the rating, her initiatives stay free.
    issued(org, personas.office, (org.people.binh, "CSTDCS"))

    assert used(facts["b1"], facts["b2"]) == [
        ("Mẫu biên bản điện tử", None, None, None),
        ("Sổ tay nghiệp vụ", None, None, None),
    ]
