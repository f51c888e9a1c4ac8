"""The registration services: save, deadline, confirmation, the board."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from audit.models import AuditEvent
from cycle.models import Notification, PersonRegistration, Registration, RegistrationTarget
from cycle.services import CycleError
from cycle.services.registration import (
    TargetData,
    confirm_registration,
    registration_board,
    save_registration,
)
from honours.models import Title

CLOSED = (
    "Đã hết hạn đăng ký thi đua (hạn cuối 31/03/2019). Sau thời hạn này chỉ cơ quan quản lý khối "
    "được điều chỉnh đăng ký."
)


@pytest.fixture
def titles(db):
    return {t.code: t for t in Title.objects.all()}


@pytest.fixture
def open_cycle(cycle):
    """The 2019 block with its registration still open (deadline in a month)."""
    cycle.block.registration_deadline = timezone.localdate() + datetime.timedelta(days=30)
    cycle.block.save(update_fields=["registration_deadline"])
    return cycle


def register_px03(block, org, titles, by):
    return save_registration(
        block,
        org.px03,
        by=by,
        titles=[titles["DVQT"]],
        targets=[
            TargetData("Hoàn thành 100% kế hoạch công tác", Decimal("100"), "%"),
            TargetData("Tổ chức hội thi tuyên truyền"),
        ],
        people=[(org.people.an, titles["CSTDCS"]), (org.people.binh, titles["CSTT"])],
    )


def snapshot(registration):
    return (
        registration.status,
        sorted(registration.titles.values_list("code", flat=True)),
        list(registration.targets.values_list("order", "text", "value", "measure")),
        list(registration.people.order_by("person__ident").values_list("person__ident", "title__code")),
    )


def test_a_unit_officer_registers_titles_targets_and_officers(open_cycle, org, personas, titles):
    registration = register_px03(open_cycle.block, org, titles, personas.unit_officer)

    assert snapshot(registration) == (
        "draft",
        ["DVQT"],
        [
            (0, "Hoàn thành 100% kế hoạch công tác", Decimal("100.00"), "%"),
            (1, "Tổ chức hội thi tuyên truyền", None, ""),
        ],
        [("QB000001", "CSTDCS"), ("QB000002", "CSTT")],
    )
    event = AuditEvent.objects.get(object_type="cycle.registration", object_id=str(registration.pk))
    assert (event.action, event.actor, event.changes) == (
        "create",
        personas.unit_officer,
        {
            "titles": [[], ["DVQT"]],
            "targets": [
                [],
                [["Hoàn thành 100% kế hoạch công tác", "100", "%"], ["Tổ chức hội thi tuyên truyền", None, ""]],
            ],
            "people": [{}, {"QB000001": "CSTDCS", "QB000002": "CSTT"}],
        },
    )


def test_saving_the_same_registration_again_writes_nothing(open_cycle, org, personas, titles):
    registration = register_px03(open_cycle.block, org, titles, personas.unit_officer)
    before = (
        AuditEvent.objects.count(),
        Registration.objects.get().updated_at,
        list(RegistrationTarget.objects.values_list("pk", flat=True)),
        list(PersonRegistration.objects.values_list("pk", flat=True)),
    )

    register_px03(open_cycle.block, org, titles, personas.unit_officer)

    assert (
        AuditEvent.objects.count(),
        Registration.objects.get().updated_at,
        list(RegistrationTarget.objects.values_list("pk", flat=True)),
        list(PersonRegistration.objects.values_list("pk", flat=True)),
    ) == before
    assert snapshot(registration)[0] == "draft"


def test_a_change_is_audited_as_its_difference(open_cycle, org, personas, titles):
    registration = register_px03(open_cycle.block, org, titles, personas.unit_officer)
    save_registration(
        open_cycle.block,
        org.px03,
        by=personas.unit_officer,
        titles=[titles["DVQT"]],
        targets=[TargetData("Hoàn thành 100% kế hoạch công tác", Decimal("100"), "%")],
        people=[(org.people.an, titles["CSTT"]), (org.people.cuong, titles["CSTT"])],
    )

    event = AuditEvent.objects.filter(object_type="cycle.registration", action="update").get()
    assert event.changes == {
        "targets": [
            [["Hoàn thành 100% kế hoạch công tác", "100", "%"], ["Tổ chức hội thi tuyên truyền", None, ""]],
            [["Hoàn thành 100% kế hoạch công tác", "100", "%"]],
        ],
        "people": [{"QB000001": "CSTDCS", "QB000002": "CSTT"}, {"QB000001": "CSTT", "QB000003": "CSTT"}],
    }
    assert snapshot(registration)[2:] == (
        [(0, "Hoàn thành 100% kế hoạch công tác", Decimal("100.00"), "%")],
        [("QB000001", "CSTT"), ("QB000003", "CSTT")],
    )


def test_registration_after_the_deadline_is_refused_and_nothing_is_written(cycle, org, personas, titles):
    events = AuditEvent.objects.count()
    with pytest.raises(CycleError) as refused:
        register_px03(cycle.block, org, titles, personas.unit_officer)
    assert str(refused.value) == CLOSED
    assert (
        Registration.objects.count(),
        RegistrationTarget.objects.count(),
        PersonRegistration.objects.count(),
        AuditEvent.objects.count(),
    ) == (0, 0, 0, events)


def test_the_blocks_manager_may_still_correct_after_the_deadline(cycle, org, personas, titles):
    registration = register_px03(cycle.block, org, titles, personas.office)
    assert snapshot(registration)[1] == ["DVQT"]


def test_confirming_after_the_deadline_is_refused(open_cycle, org, personas, titles):
    register_px03(open_cycle.block, org, titles, personas.unit_officer)
    open_cycle.block.registration_deadline = datetime.date(2019, 3, 31)
    with pytest.raises(CycleError) as refused:
        confirm_registration(open_cycle.block, org.px03, by=personas.commander)
    assert str(refused.value) == CLOSED
    assert Registration.objects.get().status == "draft"


def test_a_person_outside_the_unit_cannot_be_registered(open_cycle, org, personas, titles):
    with pytest.raises(CycleError) as refused:
        save_registration(
            open_cycle.block,
            org.px03,
            by=personas.unit_officer,
            titles=[],
            targets=[],
            people=[(org.people.an, titles["CSTT"]), (org.people.dung, titles["CSTT"])],
        )
    assert str(refused.value) == "Cán bộ Phạm Quốc Dũng không thuộc PX03 nên không đăng ký được ở đơn vị này."
    assert (Registration.objects.count(), PersonRegistration.objects.count()) == (0, 0)


def test_titles_must_be_of_the_right_kind(open_cycle, org, personas, titles):
    with pytest.raises(CycleError) as refused:
        save_registration(
            open_cycle.block, org.px03, by=personas.unit_officer, titles=[titles["CSTT"]], targets=[], people=[]
        )
    assert str(refused.value) == "Chiến sĩ tiên tiến không phải danh hiệu tập thể."
    with pytest.raises(CycleError) as refused:
        save_registration(
            open_cycle.block,
            org.px03,
            by=personas.unit_officer,
            titles=[],
            targets=[],
            people=[(org.people.an, titles["DVTT"])],
        )
    assert str(refused.value) == "Đơn vị tiên tiến không phải danh hiệu cá nhân."
    assert Registration.objects.count() == 0


def test_a_unit_outside_the_block_cannot_register(open_cycle, org, personas, titles):
    with pytest.raises(CycleError) as refused:
        save_registration(open_cycle.block, org.hy_px03, by=personas.admin, titles=[], targets=[], people=[])
    assert str(refused.value) == "PX03 không phải đơn vị thành viên của khối."


def test_the_commander_confirms_and_the_block_leader_is_notified(open_cycle, org, personas, titles):
    save_registration(
        open_cycle.block, open_cycle.pv01, by=open_cycle.pv01_commander, titles=[titles["DVTT"]], targets=[], people=[]
    )

    registration = confirm_registration(open_cycle.block, open_cycle.pv01, by=open_cycle.pv01_commander)

    registration.refresh_from_db()
    assert (registration.status, registration.confirmed_by) == ("confirmed", open_cycle.pv01_commander)
    assert registration.confirmed_at is not None
    notes = Notification.objects.order_by("user__username")
    assert [(n.user.username, n.text, n.url) for n in notes] == [
        (
            name,
            "PV01 đã xác nhận đăng ký thi đua năm 2019 của Khối XDLL – TT – HCKT.",
            f"/blocks/{open_cycle.block.pk}/registration/",
        )
        for name in ["commander", "office", "unit_officer"]
    ]
    event = AuditEvent.objects.filter(object_type="cycle.registration", action="update").get()
    assert event.changes == {"status": ["draft", "confirmed"]}


def test_a_unit_officer_cannot_confirm(open_cycle, org, personas, titles):
    register_px03(open_cycle.block, org, titles, personas.unit_officer)
    with pytest.raises(PermissionDenied):
        confirm_registration(open_cycle.block, org.px03, by=personas.unit_officer)
    assert Registration.objects.get().status == "draft"


def test_confirming_needs_a_collective_title(open_cycle, org, personas, titles):
    save_registration(open_cycle.block, org.px03, by=personas.unit_officer, titles=[], targets=[], people=[])
    with pytest.raises(CycleError) as refused:
        confirm_registration(open_cycle.block, org.px03, by=personas.commander)
    assert str(refused.value) == "Cần chọn ít nhất một danh hiệu tập thể trước khi xác nhận."


def test_editing_a_confirmed_registration_reopens_it(open_cycle, org, personas, titles):
    register_px03(open_cycle.block, org, titles, personas.unit_officer)
    confirm_registration(open_cycle.block, org.px03, by=personas.commander)

    registration = save_registration(
        open_cycle.block, org.px03, by=personas.unit_officer, titles=[titles["DVTT"]], targets=[], people=[]
    )

    registration.refresh_from_db()
    assert (registration.status, registration.confirmed_by, registration.confirmed_at) == ("draft", None, None)
    event = AuditEvent.objects.filter(object_type="cycle.registration", action="update").order_by("pk").last()
    assert event.changes["status"] == ["confirmed", "draft"]


def test_the_board_lists_who_has_and_has_not_registered(open_cycle, org, personas, titles):
    register_px03(open_cycle.block, org, titles, personas.unit_officer)
    save_registration(
        open_cycle.block, open_cycle.pv01, by=open_cycle.pv01_commander, titles=[titles["DVTT"]], targets=[], people=[]
    )
    confirm_registration(open_cycle.block, open_cycle.pv01, by=open_cycle.pv01_commander)

    board = registration_board(open_cycle.block)

    assert [u.code for u in board["unregistered"]] == ["PH10"]
    assert [t.code for t in board["columns"]] == ["CSTT", "CSTDCS", "CSTD_BO", "CSTD_TQ"]
    assert [
        (r["unit"].code, r["state"], [t.code for t in r["titles"]], r["targets"], r["people"], r["people_total"])
        for r in board["rows"]
    ] == [
        ("PX03", "draft", ["DVQT"], 2, [1, 1, 0, 0], 2),
        ("PH10", "none", [], 0, [0, 0, 0, 0], 0),
        ("PV01", "confirmed", ["DVTT"], 0, [0, 0, 0, 0], 0),
    ]
    assert board["totals"] == {
        "members": 3,
        "none": 1,
        "draft": 1,
        "confirmed": 1,
        "people": [1, 1, 0, 0],
        "people_total": 2,
        "targets": 2,
        "results_confirmed": 0,
        "units_met": 0,
        "units_exceeded": 0,
    }
