"""The catalogue of honours: collective orders under collective codes, the provincial flag, the
Bằng khen of other ministries and provinces, each with its legal basis; edited by the administrator
and the Ministry's emulation office through audited services (the admin calls them too)."""

import importlib
from decimal import Decimal

import pytest
from django.apps import apps
from django.core.exceptions import PermissionDenied

from audit.models import AuditEvent
from honours import services
from honours.models import AwardForm, FormAward, Title
from organisation.models import Role, RoleGrant

pytestmark = pytest.mark.django_db
MIGRATION = importlib.import_module("honours.migrations.0003_collective_orders_and_other_bang_khen")


def entry(code):
    form = AwardForm.objects.get(code=code)
    return (form.name, form.recipient, form.level, form.bonus_multiple, form.legal_basis)


def test_collective_orders_have_collective_entries_with_their_article():
    assert [entry(c) for c in ("HCLD3_TT", "HCBVTQ1_TT", "HCBVTQ2_TT", "HCBVTQ3_TT")] == [
        ("Huân chương Lao động hạng Ba (tập thể)", "collective", "state", None, "Luật TĐKT 2022 điều 44 khoản 2"),
        (
            "Huân chương Bảo vệ Tổ quốc hạng Nhất (tập thể)",
            "collective",
            "state",
            None,
            "Luật TĐKT 2022 điều 45 khoản 2",
        ),
        (
            "Huân chương Bảo vệ Tổ quốc hạng Nhì (tập thể)",
            "collective",
            "state",
            None,
            "Luật TĐKT 2022 điều 46 khoản 2",
        ),
        ("Huân chương Bảo vệ Tổ quốc hạng Ba (tập thể)", "collective", "state", None, "Luật TĐKT 2022 điều 47 khoản 2"),
    ]
    assert set(
        AwardForm.objects.filter(code__startswith="HC", recipient="collective").values_list("code", flat=True)
    ) == {
        "HCLD3_TT",
        "HCBVTQ1_TT",
        "HCBVTQ2_TT",
        "HCBVTQ3_TT",
    }


def test_bang_khen_of_other_ministries_and_provinces_and_the_provincial_flag():
    assert [entry(c) for c in ("BK_BN", "BK_BN_TT", "BK_TINH", "BK_TINH_TT")] == [
        (
            "Bằng khen của Bộ, ban, ngành, đoàn thể trung ương khác",
            "individual",
            "ministry",
            None,
            "Luật TĐKT 2022 điều 74",
        ),
        (
            "Bằng khen của Bộ, ban, ngành, đoàn thể trung ương khác (tập thể)",
            "collective",
            "ministry",
            Decimal("3.00"),
            "Luật TĐKT 2022 điều 74",
        ),
        ("Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh", "individual", "ministry", None, "Luật TĐKT 2022 điều 74"),
        (
            "Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh (tập thể)",
            "collective",
            "ministry",
            Decimal("3.00"),
            "Luật TĐKT 2022 điều 74",
        ),
    ]
    flag = Title.objects.get(code="CO_TINH")
    assert (flag.name, flag.recipient, flag.bonus_multiple, flag.legal_basis) == (
        "Cờ thi đua của Ủy ban nhân dân tỉnh",
        "collective",
        Decimal("8.00"),
        "Luật TĐKT 2022 điều 26",
    )


def test_the_migration_moves_units_orders_to_the_collective_codes_and_leaves_peoples(org):
    individual = AwardForm.objects.get(code="HCBVTQ2")
    unit_award = FormAward.objects.create(award_form=individual, unit=org.px03, year=2020)
    person_award = FormAward.objects.create(award_form=individual, person=org.people.an, year=2020)
    gk = FormAward.objects.create(award_form=AwardForm.objects.get(code="GK_TT"), unit=org.px03, year=2020)
    MIGRATION.load(apps, None)
    assert [FormAward.objects.get(pk=a.pk).award_form.code for a in (unit_award, person_award, gk)] == [
        "HCBVTQ2_TT",
        "HCBVTQ2",
        "GK_TT",
    ]
    MIGRATION.unload(apps, None)
    assert FormAward.objects.get(pk=unit_award.pk).award_form.code == "HCBVTQ2"
    assert not AwardForm.objects.filter(code="HCBVTQ2_TT").exists()


@pytest.fixture
def ministry_office(org, django_user_model):
    user = django_user_model.objects.create_user(username="botdkt", password="matkhau-demo-2025")
    RoleGrant.objects.create(user=user, role=Role.EMULATION_OFFICE, unit=org.bca)
    return user


def audit_rows():
    return [
        (e.action, e.changes, e.actor.username)
        for e in AuditEvent.objects.filter(object_type="honours.awardform").select_related("actor").order_by("id")
    ]


def test_the_ministry_office_adds_and_edits_an_entry_each_audited(ministry_office):
    form = services.create_catalogue_entry(
        AwardForm,
        by=ministry_office,
        code="bk_bqp",
        name="Bằng khen của Bộ trưởng Bộ Quốc phòng",
        recipient="individual",
        level="ministry",
        kinds=["merit", "ad_hoc"],
        rank=20,
        legal_basis="Luật TĐKT 2022 điều 74",
    )
    services.update_catalogue_entry(form, by=ministry_office, bonus_multiple="1.5", active=False)
    form.refresh_from_db()
    assert (form.code, form.bonus_multiple, form.active, form.kinds) == (
        "BK_BQP",
        Decimal("1.50"),
        False,
        ["merit", "ad_hoc"],
    )
    assert audit_rows() == [
        (
            "create",
            {
                "code": [None, "BK_BQP"],
                "name": [None, "Bằng khen của Bộ trưởng Bộ Quốc phòng"],
                "recipient": [None, "individual"],
                "level": [None, "ministry"],
                "bonus_multiple": [None, None],
                "kinds": [None, "['merit', 'ad_hoc']"],
                "rank": [None, 20],
                "legal_basis": [None, "Luật TĐKT 2022 điều 74"],
                "active": [None, True],
            },
            "botdkt",
        ),
        ("update", {"bonus_multiple": [None, "1.50"], "active": [True, False]}, "botdkt"),
    ]


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"code": "GK"}, "Mã: “GK” đã có trong danh mục."),
        ({"code": "BK BQP"}, "Mã: 1 đến 20 ký tự, chỉ chữ in hoa, chữ số và dấu gạch dưới."),
        ({"legal_basis": " "}, "Căn cứ: bắt buộc (điều, khoản của văn bản quy định), tối đa 200 ký tự."),
        ({"recipient": "team"}, "Đối tượng: phải là cá nhân hoặc tập thể."),
        ({"kinds": ["merit", "bonus"]}, "Loại khen thưởng phục vụ: có loại không hợp lệ hoặc lặp lại."),
        (
            {"bonus_multiple": "-1"},
            "Tiền thưởng: một số từ 0 đến 999,99 lần mức lương cơ sở, tối đa 2 chữ số thập phân.",
        ),
    ],
)
def test_bad_values_are_refused_naming_the_field_and_nothing_is_written(ministry_office, values, message):
    fields = {
        "code": "BK_BQP",
        "name": "Bằng khen của Bộ trưởng Bộ Quốc phòng",
        "recipient": "individual",
        "level": "ministry",
        "legal_basis": "Luật TĐKT 2022 điều 74",
    } | values
    before = AwardForm.objects.count()
    with pytest.raises(services.HonoursError) as refused:
        services.create_catalogue_entry(AwardForm, by=ministry_office, **fields)
    assert (str(refused.value), AwardForm.objects.count(), audit_rows()) == (message, before, [])


def test_the_code_never_changes_and_a_held_entry_keeps_its_recipient(org, ministry_office):
    gk = AwardForm.objects.get(code="GK")
    FormAward.objects.create(award_form=gk, person=org.people.binh, year=2023)
    with pytest.raises(services.HonoursError) as code:
        services.update_catalogue_entry(gk, by=ministry_office, code="GK2")
    with pytest.raises(services.HonoursError) as recipient:
        services.update_catalogue_entry(gk, by=ministry_office, recipient="collective")
    assert (str(code.value), str(recipient.value)) == (
        "Mã: không đổi được (bộ quy tắc và các khen thưởng đã ghi dùng mã này).",
        "Đối tượng: không đổi được khi đã có người hoặc đơn vị nhận.",
    )
    gk.refresh_from_db()
    assert (gk.code, gk.recipient, audit_rows()) == ("GK", "individual", [])


def test_a_province_office_and_readers_may_not_edit(personas):
    gk = AwardForm.objects.get(code="GK")
    for user in (personas.office, personas.outsider, personas.council, personas.unit_officer):
        with pytest.raises(PermissionDenied):
            services.update_catalogue_entry(gk, by=user, name="Giấy khen mới")
    assert AwardForm.objects.get(code="GK").name == "Giấy khen"


def test_an_admin_save_goes_through_the_service_and_is_audited(client, personas):
    client.force_login(personas.admin)
    response = client.post(
        "/admin/honours/title/add/",
        {
            "code": "CO_BN",
            "name": "Cờ thi đua của Bộ, ban, ngành khác",
            "recipient": "collective",
            "level": "ministry",
            "bonus_multiple": "8",
            "kinds": ["merit", "thematic"],
            "rank": "30",
            "legal_basis": "Luật TĐKT 2022 điều 26",
            "active": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    flag = Title.objects.get(code="CO_BN")
    assert (flag.kinds, flag.bonus_multiple) == (["merit", "thematic"], Decimal("8.00"))
    assert AuditEvent.objects.filter(object_type="honours.title", object_id=str(flag.pk), action="create").count() == 1
    missing_basis = client.post(
        f"/admin/honours/title/{flag.pk}/change/",
        {"name": flag.name, "recipient": "collective", "level": "ministry", "rank": "30", "legal_basis": ""},
    )
    assert missing_basis.status_code == 200
    flag.refresh_from_db()
    assert flag.legal_basis == "Luật TĐKT 2022 điều 26"
