"""Registration pages: who sees what, saving through the page, confirming, the board.

Access: an outsider gets 404 everywhere. A member unit's officer never edits another member's
registration: when their unit leads or deputises the block (it sees the block's members) the answer is
403; a plain member does not see other members' registrations at all: 404.
"""

import datetime
import io
import re
from decimal import Decimal

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEvent
from conftest import client_for
from cycle.models import PersonRegistration, Registration
from cycle.services.registration import TargetData, confirm_registration, save_registration
from honours.models import Title


def text(response):
    return re.sub(r"\s+", " ", response.content.decode())


@pytest.fixture
def titles(db):
    return {t.code: t for t in Title.objects.all()}


@pytest.fixture
def open_cycle(cycle):
    cycle.block.registration_deadline = timezone.localdate() + datetime.timedelta(days=30)
    cycle.block.save(update_fields=["registration_deadline"])
    return cycle


def board_url(cycle):
    return reverse("cycle:registration_board", args=[cycle.block.pk])


def edit_url(cycle, unit):
    return reverse("cycle:registration_edit", args=[cycle.block.pk, unit.pk])


def form_data(org, titles, **extra):
    """The PX03 page as a unit officer fills it in: Đơn vị Quyết thắng, one target, An and Bình."""
    data = {
        "titles-titles": [str(titles["DVQT"].pk)],
        "targets-TOTAL_FORMS": "3",
        "targets-INITIAL_FORMS": "0",
        "targets-MIN_NUM_FORMS": "0",
        "targets-MAX_NUM_FORMS": "200",
        "targets-0-text": "Hoàn thành 100% kế hoạch công tác",
        "targets-0-value": "99,5",
        "targets-0-measure": "%",
        f"people-p{org.people.an.pk}": str(titles["CSTDCS"].pk),
        f"people-p{org.people.binh.pk}": str(titles["CSTT"].pk),
        f"people-p{org.people.cuong.pk}": "",
    }
    return data | extra


def test_the_unit_officer_sees_the_units_officers_with_a_title_select(open_cycle, org, personas, client):
    response = client_for(client, personas.unit_officer).get(edit_url(open_cycle, org.px03))
    assert response.status_code == 200
    form = response.context["people_form"]
    assert [p.ident for p in form.officers] == ["QB000003", "QB000001", "QB000002"]  # Lê, Nguyễn, Trần
    assert [label for _value, label in form.fields[f"p{org.people.an.pk}"].choices] == [
        "— Không đăng ký —",
        "Chiến sĩ tiên tiến",
        "Chiến sĩ thi đua cơ sở",
        "Chiến sĩ thi đua Bộ Công an",
        "Chiến sĩ thi đua toàn quốc",
    ]
    assert "Chưa đăng ký" in text(response)


def test_the_unit_officer_saves_the_page(open_cycle, org, personas, client, titles):
    response = client_for(client, personas.unit_officer).post(edit_url(open_cycle, org.px03), form_data(org, titles))
    assert response.status_code == 302
    registration = Registration.objects.get()
    assert (registration.unit, registration.status, list(registration.titles.values_list("code", flat=True))) == (
        org.px03,
        "draft",
        ["DVQT"],
    )
    assert list(registration.targets.values_list("text", "value", "measure")) == [
        ("Hoàn thành 100% kế hoạch công tác", Decimal("99.50"), "%")
    ]
    assert list(registration.people.order_by("person__ident").values_list("person__ident", "title__code")) == [
        ("QB000001", "CSTDCS"),
        ("QB000002", "CSTT"),
    ]


def test_adding_target_rows_saves_nothing(open_cycle, org, personas, client, titles):
    response = client_for(client, personas.unit_officer).post(
        edit_url(open_cycle, org.px03), form_data(org, titles, more="1")
    )
    assert response.status_code == 200
    assert len(response.context["targets"].forms) == 6
    assert Registration.objects.count() == 0


def test_registering_through_the_page_after_the_deadline_is_refused(cycle, org, personas, client, titles):
    response = client_for(client, personas.unit_officer).post(edit_url(cycle, org.px03), form_data(org, titles))
    assert response.status_code == 200
    message = (
        "Đã hết hạn đăng ký thi đua (hạn cuối 31/03/2019). Sau thời hạn này chỉ cơ quan quản lý khối "
        "được điều chỉnh đăng ký."
    )
    assert response.context["titles_form"].non_field_errors() == [message]
    assert response.context["closed"] == message
    assert (Registration.objects.count(), PersonRegistration.objects.count()) == (0, 0)


def test_the_commander_confirms_through_the_page(open_cycle, org, personas, client, titles):
    client_for(client, personas.unit_officer).post(edit_url(open_cycle, org.px03), form_data(org, titles))
    response = client_for(client, personas.commander).post(
        reverse("cycle:registration_confirm", args=[open_cycle.block.pk, org.px03.pk])
    )
    assert response.status_code == 302
    registration = Registration.objects.get()
    assert (registration.status, registration.confirmed_by) == ("confirmed", personas.commander)

    page = client.get(edit_url(open_cycle, org.px03))
    assert "Nếu lưu thay đổi, đăng ký sẽ trở lại trạng thái đang soạn" in text(page)


def test_a_unit_officer_cannot_confirm(open_cycle, org, personas, client, titles):
    client_for(client, personas.unit_officer).post(edit_url(open_cycle, org.px03), form_data(org, titles))
    response = client.post(reverse("cycle:registration_confirm", args=[open_cycle.block.pk, org.px03.pk]))
    assert response.status_code == 403
    assert Registration.objects.get().status == "draft"
    assert client.get(edit_url(open_cycle, org.px03)).context["can_confirm"] is False


def test_editing_after_confirmation_reopens_to_draft(open_cycle, org, personas, client, titles):
    client_for(client, personas.unit_officer).post(edit_url(open_cycle, org.px03), form_data(org, titles))
    confirm_registration(open_cycle.block, org.px03, by=personas.commander)
    client.post(edit_url(open_cycle, org.px03), form_data(org, titles, **{"targets-0-value": "100"}))
    registration = Registration.objects.get()
    assert (registration.status, registration.confirmed_by, registration.confirmed_at) == ("draft", None, None)


@pytest.mark.parametrize("name", ["cycle:registration_edit", "cycle:registration_import", "cycle:registration_confirm"])
def test_the_outsider_gets_404_on_a_units_registration(open_cycle, org, personas, client, name):
    client_for(client, personas.outsider)
    url = reverse(name, args=[open_cycle.block.pk, org.px03.pk])
    response = client.post(url) if name == "cycle:registration_confirm" else client.get(url)
    assert response.status_code == 404


def test_the_outsider_gets_404_on_the_board(open_cycle, personas, client):
    assert client_for(client, personas.outsider).get(board_url(open_cycle)).status_code == 404


def test_the_deputys_officer_cannot_edit_another_members_registration_403(open_cycle, org, personas, client, titles):
    client_for(client, open_cycle.ph10_officer)
    assert client.get(edit_url(open_cycle, open_cycle.pv01)).status_code == 403
    assert client.post(edit_url(open_cycle, open_cycle.pv01), form_data(org, titles)).status_code == 403
    assert Registration.objects.count() == 0


def test_a_plain_members_officer_does_not_see_another_members_registration_404(
    open_cycle, org, personas, client, titles
):
    client_for(client, open_cycle.pv01_commander)
    assert client.get(edit_url(open_cycle, org.ph10)).status_code == 404
    assert client.post(edit_url(open_cycle, org.ph10), form_data(org, titles)).status_code == 404
    assert Registration.objects.count() == 0


def test_read_only_roles_cannot_edit_or_see_the_board(open_cycle, org, personas, client):
    client_for(client, personas.council)
    assert client.get(edit_url(open_cycle, org.px03)).status_code == 403
    assert client.get(board_url(open_cycle)).status_code == 403


def test_a_plain_member_is_taken_from_the_board_to_its_own_registration(open_cycle, personas, client):
    response = client_for(client, open_cycle.pv01_commander).get(board_url(open_cycle))
    assert (response.status_code, response["Location"]) == (302, edit_url(open_cycle, open_cycle.pv01))


def test_the_board_shows_who_has_and_has_not_registered(open_cycle, org, personas, client, titles):
    save_registration(
        open_cycle.block,
        open_cycle.pv01,
        by=open_cycle.pv01_commander,
        titles=[titles["DVTT"]],
        targets=[TargetData("Không có vụ việc phức tạp")],
        people=[],
    )
    confirm_registration(open_cycle.block, open_cycle.pv01, by=open_cycle.pv01_commander)
    save_registration(
        open_cycle.block,
        org.px03,
        by=personas.unit_officer,
        titles=[],
        targets=[],
        people=[(org.people.an, titles["CSTT"])],
    )

    for user in (personas.unit_officer, personas.office, open_cycle.ph10_officer):
        response = client_for(client, user).get(board_url(open_cycle))
        assert response.status_code == 200
        board = response.context["board"]
        assert [u.code for u in board["unregistered"]] == ["PH10"]
        assert [(r["unit"].code, r["state"]) for r in board["rows"]] == [
            ("PX03", "draft"),
            ("PH10", "none"),
            ("PV01", "confirmed"),
        ]
    page = text(response)
    assert '<li class="text-warning-emphasis"><strong>PH10</strong> – Phòng Hậu cần</li>' in page
    assert '<dt>Chưa đăng ký</dt><dd class="text-warning-emphasis">1</dd>' in page


def test_the_board_costs_the_same_queries_for_one_or_three_registered_units(open_cycle, org, personas, client, titles):
    client_for(client, personas.office)

    def board_queries():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(board_url(open_cycle)).status_code == 200
        return len(ctx)

    save_registration(
        open_cycle.block,
        org.px03,
        by=personas.office,
        titles=[titles["DVQT"]],
        targets=[TargetData("Chỉ tiêu 1")],
        people=[(org.people.an, titles["CSTT"])],
    )
    one = board_queries()
    save_registration(
        open_cycle.block,
        org.ph10,
        by=personas.office,
        titles=[titles["DVTT"]],
        targets=[TargetData("Chỉ tiêu 1"), TargetData("Chỉ tiêu 2")],
        people=[(org.people.dung, titles["CSTDCS"])],
    )
    save_registration(
        open_cycle.block,
        open_cycle.pv01,
        by=personas.office,
        titles=[titles["DVTT"], titles["CO_BO"]],
        targets=[],
        people=[],
    )
    assert board_queries() == one


def test_the_template_documents_both_sheets(personas, client, db):
    events = AuditEvent.objects.count()
    response = client_for(client, personas.officer).get(reverse("cycle:registration_template"))
    assert response.status_code == 200
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["Cán bộ", "Chỉ tiêu", "Hướng dẫn"]
    assert [c.value for c in workbook["Cán bộ"][1]] == ["Mã cán bộ", "Họ và tên", "Danh hiệu đăng ký"]
    assert [c.value for c in workbook["Chỉ tiêu"][1]] == [
        "Nội dung",
        "Giá trị",
        "Đơn vị tính",
        "Kết quả",
        "Giá trị đạt được",
    ]
    guide = [row[:2] for row in workbook["Hướng dẫn"].iter_rows(values_only=True)]
    assert guide[-4:] == [
        ("CSTT", "Chiến sĩ tiên tiến"),
        ("CSTDCS", "Chiến sĩ thi đua cơ sở"),
        ("CSTD_BO", "Chiến sĩ thi đua Bộ Công an"),
        ("CSTD_TQ", "Chiến sĩ thi đua toàn quốc"),
    ]
    assert AuditEvent.objects.count() == events


def pin_confirmation_time(cycle, unit):
    """Pin the confirmation time: 20/03 at 08:30 in Hà Nội (01:30 UTC)."""
    at = datetime.datetime(2019, 3, 20, 1, 30, tzinfo=datetime.UTC)
    Registration.objects.filter(block=cycle.block, unit=unit).update(confirmed_at=at)


def test_a_registration_confirmed_by_no_user_shows_its_confirmation_date(open_cycle, org, personas, client, titles):
    """The demo confirms with ``by=None``: the page names nobody and shows the date."""
    client_for(client, personas.unit_officer).post(edit_url(open_cycle, org.px03), form_data(org, titles))
    confirm_registration(open_cycle.block, org.px03, by=None)
    pin_confirmation_time(open_cycle, org.px03)
    response = client.get(edit_url(open_cycle, org.px03))
    assert response.status_code == 200
    assert "<dt>Xác nhận</dt><dd>20/03/2019 08:30</dd>" in text(response)
    assert '<dd id="registration-status">Thủ trưởng đã xác nhận</dd>' in text(response)


def test_a_registration_whose_confirming_user_was_deleted_still_opens(open_cycle, org, personas, client, titles):
    client_for(client, personas.unit_officer).post(edit_url(open_cycle, org.px03), form_data(org, titles))
    confirm_registration(open_cycle.block, org.px03, by=personas.commander)
    pin_confirmation_time(open_cycle, org.px03)
    assert "<dt>Xác nhận</dt><dd>commander, 20/03/2019 08:30</dd>" in text(client.get(edit_url(open_cycle, org.px03)))

    personas.commander.delete()
    assert Registration.objects.get().confirmed_by is None
    response = client.get(edit_url(open_cycle, org.px03))
    assert response.status_code == 200
    assert "<dt>Xác nhận</dt><dd>20/03/2019 08:30</dd>" in text(response)
