"""The catalogue and the base salary table through the API: everyone reads them; the administrator
and the Ministry's emulation office change them (anyone else 403), bad values are a 422 naming the
field with nothing saved, a taken code a 409, every change audited."""

import datetime

import pytest

from api.tests import bearer
from audit.models import AuditEvent
from commendation.models import BaseSalary
from honours.models import AwardForm, Title
from organisation.models import Role, RoleGrant

pytestmark = pytest.mark.django_db
API = "/api/v1/awards"
JSON = "application/json"
FORBIDDEN = {"detail": "Bạn chỉ có quyền xem, không có quyền thay đổi mục này."}
NEW_FORM = {
    "code": "BK_BQP_TT",
    "name": "Bằng khen của Bộ trưởng Bộ Quốc phòng (tập thể)",
    "recipient": "collective",
    "level": "ministry",
    "bonus_multiple": "3.0",
    "kinds": ["merit", "ad_hoc"],
    "rank": 20,
    "legal_basis": "Luật TĐKT 2022 điều 74",
}


@pytest.fixture
def ministry_office(org, django_user_model):
    user = django_user_model.objects.create_user(username="botdkt", password="matkhau-demo-2025")
    RoleGrant.objects.create(user=user, role=Role.EMULATION_OFFICE, unit=org.bca)
    return user


def test_the_ministry_office_adds_and_edits_an_award_form(client, ministry_office):
    headers = bearer(ministry_office)
    created = client.post(f"{API}/award-forms", NEW_FORM, content_type=JSON, headers=headers)
    assert created.status_code == 201, created.json()
    body = created.json()
    assert {k: body[k] for k in ("code", "recipient", "bonus_multiple", "kinds", "legal_basis", "active")} == {
        "code": "BK_BQP_TT",
        "recipient": "collective",
        "bonus_multiple": "3.00",
        "kinds": ["merit", "ad_hoc"],
        "legal_basis": "Luật TĐKT 2022 điều 74",
        "active": True,
    }
    patched = client.patch(
        f"{API}/award-forms/{body['id']}", {"active": False, "rank": 21}, content_type=JSON, headers=headers
    )
    assert (patched.status_code, patched.json()["active"], patched.json()["rank"]) == (200, False, 21)
    listed = client.get(f"{API}/award-forms?recipient=collective", headers=headers).json()
    assert "BK_BQP_TT" in [f["code"] for f in listed]
    assert [
        (e.action, e.actor.username) for e in AuditEvent.objects.filter(object_type="honours.awardform").order_by("id")
    ] == [("create", "botdkt"), ("update", "botdkt")]


def test_the_admin_edits_a_title_and_the_code_stays(client, personas):
    flag = Title.objects.get(code="CO_TINH")
    headers = bearer(personas.admin)
    response = client.patch(
        f"{API}/titles/{flag.pk}", {"legal_basis": "Luật TĐKT 2022 điều 26 khoản 1"}, content_type=JSON, headers=headers
    )
    assert (response.status_code, response.json()["code"], response.json()["legal_basis"]) == (
        200,
        "CO_TINH",
        "Luật TĐKT 2022 điều 26 khoản 1",
    )


def test_others_read_but_may_not_write(client, personas):
    gk = AwardForm.objects.get(code="GK")
    for user in (personas.office, personas.outsider, personas.leader, personas.officer):
        headers = bearer(user)
        assert client.get(f"{API}/titles", headers=headers).status_code == 200
        assert client.get(f"{API}/base-salaries", headers=headers).status_code == 200
        posted = client.post(f"{API}/award-forms", NEW_FORM, content_type=JSON, headers=headers)
        patched = client.patch(f"{API}/award-forms/{gk.pk}", {"name": "x"}, content_type=JSON, headers=headers)
        salary = client.post(
            f"{API}/base-salaries",
            {"valid_from": "2027-01-01", "amount": 2_600_000, "legal_basis": "NĐ"},
            content_type=JSON,
            headers=headers,
        )
        assert [(r.status_code, r.json()) for r in (posted, patched, salary)] == [(403, FORBIDDEN)] * 3
    assert not AwardForm.objects.filter(code="BK_BQP_TT").exists()
    assert AwardForm.objects.get(code="GK").name == "Giấy khen"
    assert (
        client.patch(f"{API}/award-forms/999999", {"name": "x"}, content_type=JSON, headers=headers).status_code == 404
    )


def test_refusals_name_the_field_and_save_nothing(client, ministry_office):
    headers = bearer(ministry_office)
    taken = client.post(f"{API}/award-forms", NEW_FORM | {"code": "GK"}, content_type=JSON, headers=headers)
    no_basis = client.post(f"{API}/titles", NEW_FORM | {"legal_basis": ""}, content_type=JSON, headers=headers)
    gk = AwardForm.objects.get(code="GK")
    code = client.patch(f"{API}/award-forms/{gk.pk}", {"name": None}, content_type=JSON, headers=headers)
    assert (taken.status_code, taken.json()) == (409, {"detail": "Mã: “GK” đã có trong danh mục."})
    assert no_basis.status_code == 422 and "legal_basis" in str(no_basis.json())
    assert (code.status_code, code.json()) == (422, {"detail": "Tên: bắt buộc, tối đa 200 ký tự."})
    assert not AuditEvent.objects.filter(object_type__startswith="honours.").exists()


def test_the_base_salary_table_lists_from_2012_and_takes_a_new_row(client, ministry_office):
    headers = bearer(ministry_office)
    rows = client.get(f"{API}/base-salaries", headers=headers).json()
    assert [(r["valid_from"], r["amount"]) for r in rows] == [
        ("2012-05-01", 1_050_000),
        ("2013-07-01", 1_150_000),
        ("2016-05-01", 1_210_000),
        ("2017-07-01", 1_300_000),
        ("2018-07-01", 1_390_000),
        ("2019-07-01", 1_490_000),
        ("2023-07-01", 1_800_000),
        ("2024-07-01", 2_340_000),
    ]
    created = client.post(
        f"{API}/base-salaries",
        {"valid_from": "2027-01-01", "amount": 2_600_000, "legal_basis": "NĐ giả định"},
        content_type=JSON,
        headers=headers,
    )
    assert created.status_code == 201
    again = client.post(
        f"{API}/base-salaries",
        {"valid_from": "2027-01-01", "amount": 2_700_000, "legal_basis": "NĐ khác"},
        content_type=JSON,
        headers=headers,
    )
    assert (again.status_code, again.json()) == (
        422,
        {"detail": "Áp dụng từ ngày: đã có mức lương cơ sở áp dụng từ ngày 01/01/2027."},
    )
    patched = client.patch(
        f"{API}/base-salaries/{created.json()['id']}", {"amount": 2_610_000}, content_type=JSON, headers=headers
    )
    assert (patched.status_code, patched.json()["amount"]) == (200, 2_610_000)
    assert BaseSalary.objects.get(valid_from=datetime.date(2027, 1, 1)).amount == 2_610_000
    assert [e.action for e in AuditEvent.objects.filter(object_type="commendation.basesalary").order_by("id")] == [
        "create",
        "update",
    ]


def test_values_past_the_bounds_are_a_422_before_any_query(client, ministry_office):
    headers = bearer(ministry_office)
    nul = client.post(
        f"{API}/award-forms", NEW_FORM | {"legal_basis": "Luật\x00 2022"}, content_type=JSON, headers=headers
    )
    too_big = client.patch(f"{API}/titles/{2**31}", {"rank": 1}, content_type=JSON, headers=headers)
    multiple = client.post(f"{API}/titles", NEW_FORM | {"bonus_multiple": "1000"}, content_type=JSON, headers=headers)
    salary = client.patch(f"{API}/base-salaries/{2**31}", {"amount": 1}, content_type=JSON, headers=headers)
    assert [r.status_code for r in (nul, too_big, multiple, salary)] == [422] * 4
    assert not AwardForm.objects.filter(code="BK_BQP_TT").exists()
