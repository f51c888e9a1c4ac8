"""What each user owes: computed from the data, per persona, with overdue flags; shown on the home
page; the notifications page; a fixed number of queries whatever the number of blocks."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cycle.models import Notification, Report, ReportKind
from cycle.services import blocks, pledges, registration, reports
from cycle.services.tasks import mark_notifications_read, open_tasks
from honours.models import Title

MARCH_4 = datetime.date(2019, 3, 4)
MARCH_31 = datetime.date(2019, 3, 31)
JULY_15 = datetime.date(2019, 7, 15)
DECEMBER_15 = datetime.date(2019, 12, 15)


def rows(tasks):
    return [(t.kind, t.unit.code, t.deadline, t.overdue) for t in tasks]


def fresh(user):
    """The user as a new request sees it (no cached grants)."""
    return get_user_model().objects.get(pk=user.pk)


@pytest.fixture
def titles(db):
    return {t.code: t for t in Title.objects.all()}


def run_year(block, org, cycle, personas, titles):
    """Halfway through a year: PX03 has a draft registration, PV01 a confirmed one, PH10 none; the
    pledge is adopted and signed by PX03 only; PH10 has sent its mid-year report, PV01's was returned.
    The registration deadline (31/03) has passed, so the office (the manager) writes the registrations."""
    registration.save_registration(block, org.px03, titles=[titles["DVQT"]], targets=[], people=[], by=personas.office)
    registration.save_registration(
        block, cycle.pv01, titles=[titles["DVQT"]], targets=[], people=[], by=personas.office
    )
    registration.confirm_registration(block, cycle.pv01, by=personas.office)
    pledge = pledges.create_pledge_draft(block, title="Giao ước thi đua năm 2019", by=personas.unit_officer)
    pledges.add_clause(pledge, text="Thực hiện nghiêm túc chế độ thông tin, báo cáo.", by=personas.unit_officer)
    pledges.adopt_pledge(pledge, place="Quảng Bình", signing_date=MARCH_4, by=personas.unit_officer)
    pledges.sign_pledge(
        pledge,
        org.px03,
        signer_name="Nguyễn Văn An",
        signer_position="Trưởng phòng",
        signed_on=MARCH_4,
        by=personas.commander,
    )
    reports.set_report_deadlines(block, deadlines={"mid_year": JULY_15, "year_end": DECEMBER_15}, by=personas.office)
    section = reports.add_outline_section(block, heading="Kết quả thực hiện", by=personas.unit_officer)
    for unit, user in ((org.ph10, cycle.ph10_officer), (cycle.pv01, cycle.pv01_commander)):
        report = reports.save_report_draft(
            block, unit=unit, kind=ReportKind.MID_YEAR, texts={section.pk: "Đã hoàn thành."}, by=user
        )
        reports.submit_report(report, by=user)
    returned = Report.objects.get(block=block, unit=cycle.pv01)
    reports.return_report(returned, reason="Thiếu số liệu.", by=personas.unit_officer)
    return pledge


# Registration deadline past and future ------------------------------------------------------


def test_before_the_registration_deadline_each_member_registers_and_nothing_is_overdue(cycle, org, personas):
    march_1 = datetime.date(2019, 3, 1)

    assert rows(open_tasks(fresh(personas.commander), march_1)) == [("register", "PX03", MARCH_31, False)]
    assert rows(open_tasks(fresh(cycle.ph10_officer), march_1)) == [("register", "PH10", MARCH_31, False)]
    assert open_tasks(fresh(personas.outsider), march_1) == []


def test_after_the_registration_deadline_the_registration_is_overdue(cycle, org, personas):
    april_1 = datetime.date(2019, 4, 1)

    [task] = open_tasks(fresh(personas.commander), april_1)
    assert (task.kind, task.text, task.block, task.unit, task.deadline, task.overdue) == (
        "register",
        "Đăng ký thi đua năm 2019 của PX03",
        cycle.block,
        org.px03,
        MARCH_31,
        True,
    )
    assert task.url == reverse("cycle:registration_edit", args=[cycle.block.pk, org.px03.pk])
    assert rows(open_tasks(fresh(cycle.ph10_officer), april_1)) == [("register", "PH10", MARCH_31, True)]
    assert open_tasks(fresh(personas.outsider), april_1) == []


def test_the_manager_and_read_only_roles_owe_nothing(cycle, personas):
    april_1 = datetime.date(2019, 4, 1)

    assert open_tasks(fresh(personas.office), april_1) == []
    assert open_tasks(fresh(personas.council), april_1) == []
    assert open_tasks(fresh(personas.officer), april_1) == []
    assert open_tasks(fresh(personas.admin), april_1) == []


def test_blocks_older_than_last_year_are_closed(cycle, personas):
    assert open_tasks(fresh(personas.commander), datetime.date(2021, 1, 1)) == []
    assert rows(open_tasks(fresh(personas.commander), datetime.date(2020, 12, 31))) == [
        ("register", "PX03", MARCH_31, True)
    ]


# Halfway through the year ---------------------------------------------------------------------


def test_halfway_through_the_year_each_persona_owes_exactly_its_steps(cycle, org, personas, titles):
    pledge = run_year(cycle.block, org, cycle, personas, titles)
    july_10 = datetime.date(2019, 7, 10)
    block = cycle.block.pk

    commander = open_tasks(fresh(personas.commander), july_10)
    assert [(t.kind, t.text, t.unit.code, t.deadline, t.overdue, t.url) for t in commander] == [
        (
            "confirm",
            "Xác nhận đăng ký thi đua năm 2019 của PX03",
            "PX03",
            MARCH_31,
            True,
            reverse("cycle:registration_edit", args=[block, org.px03.pk]),
        ),
        (
            "submit",
            "Nộp báo cáo sơ kết 6 tháng năm 2019 của PX03",
            "PX03",
            JULY_15,
            False,
            reverse("cycle:report_edit", args=[block, "mid_year", org.px03.pk]),
        ),
        (
            "submit",
            "Nộp báo cáo tổng kết năm 2019 của PX03",
            "PX03",
            DECEMBER_15,
            False,
            reverse("cycle:report_edit", args=[block, "year_end", org.px03.pk]),
        ),
        (
            "accept",
            "Xem xét, tiếp nhận báo cáo sơ kết 6 tháng năm 2019 của PH10",
            "PH10",
            None,
            False,
            reverse("cycle:report_edit", args=[block, "mid_year", org.ph10.pk]),
        ),
    ]
    # the unit officer of PX03 cannot confirm: it is told to finish the registration
    assert rows(open_tasks(fresh(personas.unit_officer), july_10)) == [
        ("register", "PX03", MARCH_31, True),
        ("submit", "PX03", JULY_15, False),
        ("submit", "PX03", DECEMBER_15, False),
        ("accept", "PH10", None, False),
    ]
    ph10 = open_tasks(fresh(cycle.ph10_officer), july_10)
    assert [(t.kind, t.text, t.deadline, t.overdue, t.url) for t in ph10] == [
        (
            "sign",
            "Ký giao ước thi đua năm 2019 cho PH10",
            MARCH_4,
            True,
            reverse("cycle:pledge_sign", args=[pledge.pk, org.ph10.pk]),
        ),
        (
            "register",
            "Đăng ký thi đua năm 2019 của PH10",
            MARCH_31,
            True,
            reverse("cycle:registration_edit", args=[block, org.ph10.pk]),
        ),
        (
            "submit",
            "Nộp báo cáo tổng kết năm 2019 của PH10",
            DECEMBER_15,
            False,
            reverse("cycle:report_edit", args=[block, "year_end", org.ph10.pk]),
        ),
    ]
    pv01 = open_tasks(fresh(cycle.pv01_commander), july_10)
    assert [(t.kind, t.text, t.deadline, t.overdue) for t in pv01] == [
        ("sign", "Ký giao ước thi đua năm 2019 cho PV01", MARCH_4, True),
        ("resubmit", "Sửa và nộp lại báo cáo sơ kết 6 tháng năm 2019 của PV01 (bị trả lại)", JULY_15, False),
        ("submit", "Nộp báo cáo tổng kết năm 2019 của PV01", DECEMBER_15, False),
    ]
    assert open_tasks(fresh(personas.outsider), july_10) == []
    assert open_tasks(fresh(personas.office), july_10) == []


def test_a_returned_report_sent_again_after_the_deadline_is_not_overdue(cycle, org, personas, titles):
    run_year(cycle.block, org, cycle, personas, titles)

    tasks = open_tasks(fresh(cycle.pv01_commander), datetime.date(2019, 8, 1))

    assert [(t.kind, t.deadline, t.overdue) for t in tasks] == [
        ("sign", MARCH_4, True),
        ("submit", DECEMBER_15, False),
        ("resubmit", None, False),
    ]


def test_done_steps_disappear(cycle, org, personas, titles):
    pledge = run_year(cycle.block, org, cycle, personas, titles)
    pledges.sign_pledge(
        pledge,
        org.ph10,
        signer_name="Phạm Quốc Dũng",
        signer_position="Trưởng phòng",
        signed_on=MARCH_4,
        by=cycle.ph10_officer,
    )
    registration.save_registration(
        cycle.block, org.ph10, titles=[titles["DVQT"]], targets=[], people=[], by=personas.office
    )
    registration.confirm_registration(cycle.block, org.ph10, by=personas.office)
    reports.accept_report(Report.objects.get(block=cycle.block, unit=org.ph10), by=personas.unit_officer)

    assert rows(open_tasks(fresh(cycle.ph10_officer), datetime.date(2019, 7, 10))) == [
        ("submit", "PH10", DECEMBER_15, False)
    ]
    assert [t.kind for t in open_tasks(fresh(personas.commander), datetime.date(2019, 7, 10))] == [
        "confirm",
        "submit",
        "submit",
    ]


# Query count ----------------------------------------------------------------------------------


def test_open_tasks_runs_the_same_queries_for_1_and_3_blocks(cycle, org, personas, titles):
    run_year(cycle.block, org, cycle, personas, titles)
    july_10 = datetime.date(2019, 7, 10)

    def count():
        user = fresh(personas.commander)
        with CaptureQueriesContext(connection) as ctx:
            tasks = open_tasks(user, july_10)
        return len(tasks), len(ctx.captured_queries)

    tasks_1, queries_1 = count()
    for name in ("Khối Tham mưu", "Khối Hậu cần"):
        block = blocks.create_block(
            by=None,
            members=[org.px03, org.ph10, cycle.pv01],
            year=2019,
            name=name,
            managed_by=org.caqb,
            registration_deadline=MARCH_31,
            leader=org.px03,
            deputy=org.ph10,
            leaders_basis="Phân công",
        )
        run_year(block, org, cycle, personas, titles)
    tasks_3, queries_3 = count()

    assert (tasks_1, tasks_3) == (4, 12)
    assert queries_1 == queries_3 <= 8


# Home page and notifications ------------------------------------------------------------------


def _this_year(cycle, deadline):
    today = timezone.localdate()
    blocks.update_block(cycle.block, by=None, year=today.year, registration_deadline=deadline)


def test_the_home_page_shows_an_overdue_task_as_overdue(client, cycle, personas):
    _this_year(cycle, timezone.localdate() - datetime.timedelta(days=1))
    Notification.objects.create(user=personas.commander, text="PH10 đã nộp báo cáo sơ kết 6 tháng.", url="/x/")
    client.force_login(personas.commander)

    html = client.get(reverse("organisation:home")).content.decode()

    assert "Quá hạn" in html
    assert f"Đăng ký thi đua năm {timezone.localdate().year} của PX03" in html
    assert 'class="text-danger"' in html
    assert "PH10 đã nộp báo cáo sơ kết 6 tháng." in html


def test_the_home_page_shows_a_task_due_later_without_the_overdue_mark(client, cycle, personas):
    _this_year(cycle, timezone.localdate() + datetime.timedelta(days=10))
    client.force_login(personas.commander)

    html = client.get(reverse("organisation:home")).content.decode()

    assert f"Đăng ký thi đua năm {timezone.localdate().year} của PX03" in html
    assert "Quá hạn" not in html
    assert "Không có thông báo mới." in html


def test_the_outsiders_home_page_has_no_task(client, cycle, personas):
    _this_year(cycle, timezone.localdate() - datetime.timedelta(days=1))
    client.force_login(personas.outsider)

    html = client.get(reverse("organisation:home")).content.decode()

    assert "Không có việc nào đang chờ bạn." in html
    assert "PX03" not in html


def test_the_notifications_page_lists_only_ones_own_and_marks_them_all_read(client, personas):
    Notification.objects.create(user=personas.commander, text="Giao ước đã được thông qua.", url="/a/")
    Notification.objects.create(user=personas.outsider, text="Thông báo của người khác.")
    client.force_login(personas.commander)

    html = client.get(reverse("cycle:notification_list")).content.decode()
    assert "Giao ước đã được thông qua." in html
    assert "Thông báo của người khác." not in html
    assert "Đánh dấu tất cả đã đọc (1 thông báo mới)" in html

    assert client.get(reverse("cycle:notification_read_all")).status_code == 405
    response = client.post(reverse("cycle:notification_read_all"))

    assert response.status_code == 302
    assert response["Location"] == reverse("cycle:notification_list")
    assert list(Notification.objects.filter(read_at__isnull=True).values_list("text", flat=True)) == [
        "Thông báo của người khác."
    ]
    assert mark_notifications_read(personas.commander) == 0
