"""The base salary table (mức lương cơ sở): seeded back to 2012 so that a decision of those years
can be issued with the bonus of its date, kept by the administrator and the Ministry's emulation
office through an audited service (admin and API call it)."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from audit.models import AuditEvent
from commendation.models import BaseSalary
from commendation.services import decisions, salaries
from commendation.tests.test_decisions import d, issued
from eligibility.services import AwardsError
from organisation.models import Role, RoleGrant

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("day", "amount"),
    [
        ("01/05/2012", 1_050_000),  # Nghị định 31/2012/NĐ-CP
        ("30/06/2013", 1_050_000),
        ("01/07/2013", 1_150_000),  # Nghị định 66/2013/NĐ-CP
        ("30/04/2016", 1_150_000),
        ("01/05/2016", 1_210_000),  # Nghị định 47/2016/NĐ-CP
        ("01/07/2017", 1_300_000),  # Nghị định 47/2017/NĐ-CP
        ("01/07/2018", 1_390_000),  # Nghị định 72/2018/NĐ-CP
        ("30/06/2019", 1_390_000),
        ("01/07/2019", 1_490_000),
    ],
)
def test_the_table_holds_the_base_salaries_before_2019(day, amount):
    assert decisions.salary_on(d(day)) == amount


def test_a_day_before_the_table_is_refused_with_its_date():
    with pytest.raises(AwardsError) as refused:
        decisions.salary_on(d("30/04/2012"))
    assert str(refused.value) == "Chưa có mức lương cơ sở áp dụng cho ngày 30/04/2012."


def test_a_decision_dated_2015_pays_from_1_150_000(org, personas):
    decision = issued(
        org, personas.office, (org.people.binh, "CSTDCS"), (org.people.cuong, "CSTT"), date="15/12/2015", year=2015
    )
    assert decision.base_salary == 1_150_000
    assert [(x.person, x.bonus_multiple, x.bonus_amount) for x in decision.lines.order_by("order")] == [
        (org.people.binh, Decimal("1.00"), 1_150_000),
        (org.people.cuong, Decimal("0.30"), 350_000),  # 345,000 rounded up to the next 10,000
    ]


@pytest.fixture
def ministry_office(org, django_user_model):
    user = django_user_model.objects.create_user(username="botdkt", password="matkhau-demo-2025")
    RoleGrant.objects.create(user=user, role=Role.EMULATION_OFFICE, unit=org.bca)
    return user


def test_the_ministry_office_adds_and_corrects_a_row_each_audited(ministry_office):
    salary = salaries.create_base_salary(
        by=ministry_office, valid_from=datetime.date(2026, 7, 1), amount=2_530_000, legal_basis=" NĐ giả định "
    )
    salaries.update_base_salary(salary, by=ministry_office, amount=2_540_000, legal_basis="NĐ giả định")
    salary.refresh_from_db()
    assert (salary.amount, salary.legal_basis, decisions.salary_on(d("02/07/2026"))) == (
        2_540_000,
        "NĐ giả định",
        2_540_000,
    )
    assert [
        (e.action, e.changes, e.actor.username)
        for e in AuditEvent.objects.filter(object_type="commendation.basesalary").order_by("id")
    ] == [
        (
            "create",
            {"valid_from": [None, "2026-07-01"], "amount": [None, 2_530_000], "legal_basis": [None, "NĐ giả định"]},
            "botdkt",
        ),
        ("update", {"amount": [2_530_000, 2_540_000]}, "botdkt"),
    ]


@pytest.mark.parametrize(
    ("values", "message"),
    [
        (
            {"valid_from": datetime.date(2024, 7, 1), "amount": 1, "legal_basis": "x"},
            "Áp dụng từ ngày: đã có mức lương cơ sở áp dụng từ ngày 01/07/2024.",
        ),
        (
            {"valid_from": datetime.date(2026, 7, 1), "amount": 0, "legal_basis": "x"},
            "Mức lương cơ sở: một số đồng nguyên dương, tối đa 100.000.000.",
        ),
        (
            {"valid_from": datetime.date(2026, 7, 1), "amount": 2_600_000, "legal_basis": "  "},
            "Căn cứ: bắt buộc (số nghị định quy định mức lương), tối đa 200 ký tự.",
        ),
    ],
)
def test_bad_values_are_refused_naming_the_field_and_nothing_is_written(ministry_office, values, message):
    before = BaseSalary.objects.count()
    with pytest.raises(AwardsError) as refused:
        salaries.create_base_salary(by=ministry_office, **values)
    assert (str(refused.value), BaseSalary.objects.count()) == (message, before)
    assert not AuditEvent.objects.filter(object_type="commendation.basesalary").exists()


def test_a_province_office_and_a_reader_may_not_change_the_table(personas):
    salary = BaseSalary.objects.get(valid_from=datetime.date(2013, 7, 1))
    for user in (personas.office, personas.leader, personas.unit_officer):
        with pytest.raises(PermissionDenied):
            salaries.update_base_salary(salary, by=user, amount=1)
    salary.refresh_from_db()
    assert salary.amount == 1_150_000


def test_an_admin_save_goes_through_the_service_and_is_audited(client, personas):
    client.force_login(personas.admin)
    response = client.post(
        "/admin/commendation/basesalary/add/",
        {"valid_from": "01/01/2027", "amount": "2600000", "legal_basis": "NĐ giả định 2027"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    salary = BaseSalary.objects.get(valid_from=datetime.date(2027, 1, 1))
    assert (salary.amount, AuditEvent.objects.filter(object_type="commendation.basesalary").count()) == (2_600_000, 1)
    refused = client.post(
        "/admin/commendation/basesalary/add/",
        {"valid_from": "01/01/2027", "amount": "2700000", "legal_basis": "NĐ khác"},
    )
    assert refused.status_code == 200
    assert BaseSalary.objects.filter(valid_from=datetime.date(2027, 1, 1)).count() == 1
