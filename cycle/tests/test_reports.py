import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEvent
from cycle.models import Notification, Report, ReportEvent, ReportSectionText
from cycle.services import CycleError
from cycle.services import blocks as block_services
from cycle.services import reports as services
from organisation import services as org_services
from organisation.models import Unit


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def outline(cycle, personas):
    block = cycle.block
    add = services.add_outline_section
    return [
        add(block, heading="Đặc điểm tình hình", guidance="Ngắn gọn, không quá một trang.", by=personas.unit_officer),
        add(block, heading="Kết quả thực hiện phong trào thi đua", by=personas.unit_officer),
        add(block, heading="Phương hướng 6 tháng cuối năm", by=personas.unit_officer),
    ]


def text(response):
    return re.sub(r"\s+", " ", response.content.decode())


def draft(cycle, unit, user, outline, kind="mid_year", body="Nội dung"):
    return services.save_report_draft(cycle.block, unit=unit, kind=kind, texts={outline[0].pk: body}, by=user)


def events_of(report):
    return [(e.action, e.by.username, e.reason) for e in ReportEvent.objects.filter(report=report)]


# Outline and deadlines ----------------------------------------------------------------------


def test_the_outline_is_edited_and_reordered(cycle, outline, personas):
    first, second, third = outline
    services.update_outline_section(second, heading="Kết quả nổi bật", guidance="Có số liệu", by=personas.unit_officer)
    services.move_outline_section(third, offset=-1, by=personas.unit_officer)
    assert list(cycle.block.outline.values_list("order", "heading", "guidance")) == [
        (1, "Đặc điểm tình hình", "Ngắn gọn, không quá một trang."),
        (2, "Phương hướng 6 tháng cuối năm", ""),
        (3, "Kết quả nổi bật", "Có số liệu"),
    ]
    services.delete_outline_section(first, by=personas.unit_officer)
    assert list(cycle.block.outline.values_list("order", "heading")) == [
        (1, "Phương hướng 6 tháng cuối năm"),
        (2, "Kết quả nổi bật"),
    ]
    assert list(
        AuditEvent.objects.filter(object_type="cycle.outlinesection").order_by("id").values_list("action", flat=True)
    ) == ["create", "create", "create", "update", "delete"]


def test_a_section_somebody_wrote_in_cannot_be_deleted(cycle, outline, org):
    draft(cycle, org.ph10, cycle.ph10_officer, outline)
    with pytest.raises(CycleError) as refused:
        services.delete_outline_section(outline[0], by=None)
    assert str(refused.value) == (
        "Đã có đơn vị viết nội dung cho đề mục “Đặc điểm tình hình”; không xoá được, hãy sửa đề mục."
    )


def test_an_outline_section_needs_a_heading(cycle):
    with pytest.raises(CycleError) as refused:
        services.add_outline_section(cycle.block, heading="  ", by=None)
    assert str(refused.value) == "Cần ghi đề mục."


def test_deadlines_are_set_in_the_years_order(cycle):
    services.set_report_deadlines(
        cycle.block,
        deadlines={"mid_year": datetime.date(2019, 6, 15), "year_end": datetime.date(2019, 11, 15)},
        by=None,
    )
    assert services.report_kinds(cycle.block) == ["mid_year", "year_end"]
    with pytest.raises(CycleError) as refused:
        services.set_report_deadlines(cycle.block, deadlines={"nine_months": datetime.date(2019, 5, 1)}, by=None)
    assert str(refused.value) == "Hạn nộp các kỳ phải theo thứ tự: sơ kết 6 tháng, 9 tháng, rồi tổng kết năm."
    with pytest.raises(CycleError) as refused:
        services.set_report_deadlines(cycle.block, deadlines={"year_end": datetime.date(2091, 11, 15)}, by=None)
    assert str(refused.value) == "Hạn nộp phải trong năm 2019 hoặc đầu năm sau."
    services.set_report_deadlines(cycle.block, deadlines={"nine_months": datetime.date(2019, 9, 20)}, by=None)
    assert services.report_kinds(cycle.block) == ["mid_year", "nine_months", "year_end"]
    services.set_report_deadlines(cycle.block, deadlines={"nine_months": None}, by=None)
    assert list(cycle.block.report_deadlines.values_list("kind", "deadline")) == [
        ("mid_year", datetime.date(2019, 6, 15)),
        ("year_end", datetime.date(2019, 11, 15)),
    ]
    assert [
        e.changes for e in AuditEvent.objects.filter(object_type="cycle.block", action="update").order_by("id")
    ] == [
        {"deadline_mid_year": [None, "2019-06-15"], "deadline_year_end": [None, "2019-11-15"]},
        {"deadline_nine_months": [None, "2019-09-20"]},
        {"deadline_nine_months": ["2019-09-20", None]},
    ]


def test_the_nine_month_report_is_asked_for_only_with_a_deadline(cycle, outline, org):
    with pytest.raises(CycleError) as refused:
        draft(cycle, org.ph10, cycle.ph10_officer, outline, kind="nine_months")
    assert str(refused.value) == "Khối không yêu cầu báo cáo kỳ này."


# The report's life -----------------------------------------------------------------------------


def test_a_returned_report_is_resubmitted_and_both_submissions_stay_in_the_history(cycle, outline, org, personas):
    report = draft(cycle, org.ph10, cycle.ph10_officer, outline, body="Bản đầu")
    services.submit_report(report, by=cycle.ph10_officer)
    services.return_report(report, reason="Thiếu số liệu 6 tháng", by=personas.unit_officer)
    report.refresh_from_db()
    assert (report.status, report.returned_reason) == ("returned", "Thiếu số liệu 6 tháng")
    services.save_report_draft(
        cycle.block,
        unit=org.ph10,
        kind="mid_year",
        texts={outline[0].pk: "Bản sửa", outline[1].pk: "Đạt 100% chỉ tiêu"},
        by=cycle.ph10_officer,
    )
    services.submit_report(report, by=cycle.ph10_officer)
    services.accept_report(report, by=personas.unit_officer)

    assert events_of(report) == [
        ("submitted", "ph10_officer", ""),
        ("returned", "unit_officer", "Thiếu số liệu 6 tháng"),
        ("submitted", "ph10_officer", ""),
        ("accepted", "unit_officer", ""),
    ]
    first, _returned, second, _accepted = ReportEvent.objects.filter(report=report)
    assert [(s["heading"], s["text"]) for s in first.snapshot["sections"]] == [
        ("Đặc điểm tình hình", "Bản đầu"),
        ("Kết quả thực hiện phong trào thi đua", ""),
        ("Phương hướng 6 tháng cuối năm", ""),
    ]
    assert [(s["heading"], s["text"]) for s in second.snapshot["sections"]] == [
        ("Đặc điểm tình hình", "Bản sửa"),
        ("Kết quả thực hiện phong trào thi đua", "Đạt 100% chỉ tiêu"),
        ("Phương hướng 6 tháng cuối năm", ""),
    ]
    assert Report.objects.get(pk=report.pk).status == "accepted"
    assert [
        e.changes["status"]
        for e in AuditEvent.objects.filter(object_type="cycle.report", action="update")
        .exclude(changes__has_key="sections")
        .order_by("id")
    ] == [["draft", "submitted"], ["submitted", "returned"], ["returned", "submitted"], ["submitted", "accepted"]]


def test_returning_notifies_the_unit_with_the_reason(cycle, outline, org, personas):
    report = draft(cycle, org.ph10, cycle.ph10_officer, outline)
    services.submit_report(report, by=cycle.ph10_officer)
    Notification.objects.all().delete()
    services.return_report(report, reason="Thiếu số liệu", by=personas.unit_officer)
    assert sorted(Notification.objects.values_list("user__username", "text", "url")) == [
        (
            username,
            "Sơ kết 6 tháng của PH10 bị trả lại: Thiếu số liệu",
            f"/blocks/{cycle.block.pk}/reports/mid_year/{org.ph10.pk}/",
        )
        for username in ("office", "ph10_officer")
    ]


def test_submitting_notifies_the_leader_and_deputy(cycle, outline, org):
    report = draft(cycle, org.ph10, cycle.ph10_officer, outline)
    services.submit_report(report, by=cycle.ph10_officer)
    assert sorted(Notification.objects.values_list("user__username", flat=True)) == [
        "commander",
        "office",
        "ph10_officer",
        "unit_officer",
    ]


def test_the_rules_of_each_change(cycle, outline, org, personas):
    report = services.save_report_draft(cycle.block, unit=org.ph10, kind="mid_year", texts={}, by=cycle.ph10_officer)
    refusals = []
    for call in (
        lambda: services.submit_report(report, by=cycle.ph10_officer),
        lambda: services.return_report(report, reason="x", by=personas.unit_officer),
        lambda: services.accept_report(report, by=personas.unit_officer),
    ):
        with pytest.raises(CycleError) as refused:
            call()
        refusals.append(str(refused.value))
    draft(cycle, org.ph10, cycle.ph10_officer, outline)
    services.submit_report(report, by=cycle.ph10_officer)
    for call in (
        lambda: draft(cycle, org.ph10, cycle.ph10_officer, outline),
        lambda: services.submit_report(report, by=cycle.ph10_officer),
        lambda: services.return_report(report, reason="  ", by=personas.unit_officer),
    ):
        with pytest.raises(CycleError) as refused:
            call()
        refusals.append(str(refused.value))
    services.accept_report(report, by=personas.unit_officer)
    with pytest.raises(CycleError) as refused:
        draft(cycle, org.ph10, cycle.ph10_officer, outline)
    refusals.append(str(refused.value))
    assert refusals == [
        "Báo cáo chưa có nội dung: hãy viết ít nhất một đề mục hoặc đính kèm tệp.",
        "Chỉ trả lại được báo cáo đã nộp.",
        "Chỉ tiếp nhận được báo cáo đã nộp.",
        "Báo cáo đã nộp, đang chờ khối trưởng xem xét; không sửa được.",
        "Báo cáo đã nộp, đang chờ khối trưởng xem xét; không sửa được.",
        "Cần ghi lý do trả lại.",
        "Báo cáo đã được tiếp nhận; không sửa được.",
    ]


def test_texts_of_sections_not_in_the_outline_are_refused(cycle, outline, org):
    with pytest.raises(CycleError) as refused:
        services.save_report_draft(
            cycle.block, unit=org.ph10, kind="mid_year", texts={999999: "x"}, by=cycle.ph10_officer
        )
    assert str(refused.value) == "Đề cương đã thay đổi; hãy tải lại trang."
    assert Report.objects.count() == 0


# The board --------------------------------------------------------------------------------------


@pytest.fixture
def five_members(cycle, org):
    """PX03 (leader), PH10 (deputy), PV01 + PC06, PV05."""
    extra = [
        org_services.create_unit(
            by=None, ref=f"CAQB-{code}", code=code, name=name, kind=Unit.Kind.ROOM, parent=org.caqb
        )
        for code, name in [("PC06", "Phòng Cảnh sát quản lý hành chính"), ("PV05", "Phòng Hồ sơ")]
    ]
    block_services.set_block_members(cycle.block, [org.px03, org.ph10, cycle.pv01, *extra], by=None)
    return extra


def sent_on(report, day):
    """Pretend the report's submissions were made on ``day``."""
    at = timezone.make_aware(datetime.datetime.combine(day, datetime.time(9, 0)))
    ReportEvent.objects.filter(report=report, action="submitted").update(at=at)
    Report.objects.filter(pk=report.pk).update(submitted_at=at)


@pytest.fixture
def board_year(cycle, outline, org, personas, five_members):
    """Deadline 15/06/2019: PX03 on time and accepted, PH10 late, PV01 missing, PC06 returned, PV05 on time."""
    pc06, pv05 = five_members
    services.set_report_deadlines(cycle.block, deadlines={"mid_year": datetime.date(2019, 6, 15)}, by=None)
    reports = {}
    for unit in (org.px03, org.ph10, pc06, pv05):
        reports[unit.code] = draft(cycle, unit, None, outline)
        services.submit_report(reports[unit.code], by=None)
    for code in ("PX03", "PC06", "PV05"):
        sent_on(reports[code], datetime.date(2019, 6, 14))
    services.accept_report(reports["PX03"], by=personas.office)
    services.return_report(reports["PC06"], reason="Thiếu phụ lục", by=personas.office)
    draft(cycle, cycle.pv01, None, outline)  # a draft is still missing
    return reports


def test_the_board_shows_each_units_status(cycle, board_year):
    board = services.report_board(cycle.block, "mid_year")
    assert [(r["unit"].code, r["state"], r["late"], r["overdue"]) for r in board["rows"]] == [
        ("PX03", "accepted", False, False),
        ("PH10", "late", True, False),
        ("PV01", "missing", False, True),
        ("PC06", "returned", False, False),
        ("PV05", "submitted", False, False),
    ]
    assert board["counts"] == {"submitted": 1, "late": 1, "returned": 1, "accepted": 1, "missing": 1}
    assert board["deadline"] == datetime.date(2019, 6, 15)


def test_a_late_report_returned_and_sent_again_stays_late_an_on_time_one_stays_on_time(cycle, board_year, personas):
    services.return_report(board_year["PH10"], reason="Sửa lại", by=personas.office)
    services.submit_report(board_year["PH10"], by=None)
    services.submit_report(board_year["PC06"], by=None)  # first sent on time, resubmitted today
    states = {r["unit"].code: (r["state"], r["late"]) for r in services.report_board(cycle.block, "mid_year")["rows"]}
    assert (states["PH10"], states["PC06"]) == (("late", True), ("submitted", False))


def test_the_board_page_lists_every_member_with_its_state(client, cycle, board_year, personas):
    client.force_login(personas.unit_officer)
    page = text(client.get(reverse("cycle:report_board", args=[cycle.block.pk]), {"kind": "mid_year"}))
    assert re.findall(r'<tr data-unit="(\w+)" data-state="(\w+)"', page) == [
        ("PX03", "accepted"),
        ("PH10", "late"),
        ("PV01", "missing"),
        ("PC06", "returned"),
        ("PV05", "submitted"),
    ]
    assert re.findall(r'<dd data-state="(\w+)"[^>]*>(\d+)</dd>', page) == [
        ("submitted", "1"),
        ("late", "1"),
        ("returned", "1"),
        ("accepted", "1"),
        ("missing", "1"),
    ]
    assert '<tr data-unit="PV01" data-state="missing" class="text-danger">' in page
    assert "<dd>15/06/2019</dd>" in page
    assert "Quá hạn" in page


def test_another_member_sees_the_board_but_opens_only_its_own_report(client, cycle, board_year):
    client.force_login(cycle.pv01_commander)
    page = text(client.get(reverse("cycle:report_board", args=[cycle.block.pk]), {"kind": "mid_year"}))
    assert re.findall(r'<a href="/blocks/\d+/reports/mid_year/(\d+)/">(\w+)</a></td>', page) == [
        (str(cycle.pv01.pk), "PV01")
    ]


def test_the_board_costs_the_same_queries_for_three_and_five_members(client, cycle, outline, org, personas):
    client.force_login(personas.unit_officer)
    url = reverse("cycle:report_board", args=[cycle.block.pk])
    draft(cycle, org.ph10, cycle.ph10_officer, outline)
    with CaptureQueriesContext(connection) as three:
        assert client.get(url).status_code == 200
    pc06 = org_services.create_unit(
        by=None, ref="CAQB-PC06", code="PC06", name="Phòng PC06", kind=Unit.Kind.ROOM, parent=org.caqb
    )
    pv05 = org_services.create_unit(
        by=None, ref="CAQB-PV05", code="PV05", name="Phòng PV05", kind=Unit.Kind.ROOM, parent=org.caqb
    )
    block_services.set_block_members(cycle.block, [org.px03, org.ph10, cycle.pv01, pc06, pv05], by=None)
    services.submit_report(draft(cycle, pc06, None, outline), by=None)
    with CaptureQueriesContext(connection) as five:
        assert client.get(url).status_code == 200
    assert len(five) == len(three)


# Access ---------------------------------------------------------------------------------------


def test_the_outsider_gets_404_everywhere(client, cycle, outline, org, personas):
    report = draft(cycle, org.ph10, cycle.ph10_officer, outline)
    client.force_login(personas.outsider)
    block = cycle.block.pk
    statuses = [
        client.get(reverse("cycle:report_board", args=[block])).status_code,
        client.get(reverse("cycle:outline_edit", args=[block])).status_code,
        client.get(reverse("cycle:report_edit", args=[block, "mid_year", org.ph10.pk])).status_code,
        client.post(reverse("cycle:report_edit", args=[block, "mid_year", org.ph10.pk]), {}).status_code,
        client.post(reverse("cycle:report_submit", args=[report.pk])).status_code,
        client.post(reverse("cycle:report_return", args=[report.pk]), {"reason": "x"}).status_code,
        client.post(reverse("cycle:report_accept", args=[report.pk])).status_code,
        client.post(reverse("cycle:outline_edit", args=[block]), {"action": "add", "new-heading": "x"}).status_code,
    ]
    assert statuses == [404] * 8


def test_who_reads_and_who_writes_a_units_report(client, cycle, outline, org, personas):
    url = reverse("cycle:report_edit", args=[cycle.block.pk, "mid_year", org.ph10.pk])
    field = f"section_{outline[0].pk}"
    result = {}
    for user in (cycle.ph10_officer, personas.unit_officer, personas.council, cycle.pv01_commander, personas.officer):
        client.force_login(user)
        result[user.username] = (client.get(url).status_code, client.post(url, {field: "x"}).status_code)
    assert result == {
        "ph10_officer": (200, 302),
        "unit_officer": (200, 403),  # the leader reads every member's report, writes none
        "council": (200, 403),  # read-only role over the province
        "pv01_commander": (404, 404),  # another member: outside its scope, not told the report exists
        "officer": (404, 404),  # a plain officer of PX03: sees the block, not PH10's report
    }


def test_only_the_leader_returns_and_accepts(client, cycle, outline, org, personas):
    report = draft(cycle, org.ph10, cycle.ph10_officer, outline)
    services.submit_report(report, by=cycle.ph10_officer)
    statuses = []
    for user in (cycle.pv01_commander, personas.council):
        client.force_login(user)
        statuses += [
            client.post(reverse("cycle:report_return", args=[report.pk]), {"reason": "x"}).status_code,
            client.post(reverse("cycle:report_accept", args=[report.pk])).status_code,
        ]
    assert statuses == [404, 404, 403, 403]  # another member does not read the report; the council does
    assert Report.objects.get(pk=report.pk).status == "submitted"


def test_a_report_of_a_period_without_deadline_or_of_a_non_member_is_404(client, cycle, org, personas):
    client.force_login(personas.office)
    assert (
        client.get(reverse("cycle:report_edit", args=[cycle.block.pk, "nine_months", org.ph10.pk])).status_code == 404
    )
    assert client.get(reverse("cycle:report_edit", args=[cycle.block.pk, "bogus", org.ph10.pk])).status_code == 404
    assert (
        client.get(reverse("cycle:report_edit", args=[cycle.block.pk, "mid_year", org.district.pk])).status_code == 404
    )


def test_members_read_the_outline_only_leaders_change_it(client, cycle, outline, personas):
    url = reverse("cycle:outline_edit", args=[cycle.block.pk])
    client.force_login(cycle.pv01_commander)
    page = text(client.get(url))
    assert "Đặc điểm tình hình" in page and 'name="action"' not in page
    assert client.post(url, {"action": "add", "new-heading": "Mới"}).status_code == 403
    assert cycle.block.outline.count() == 3


# Through the pages ---------------------------------------------------------------------------


def test_the_leader_builds_the_outline_and_deadlines_on_one_page(client, cycle, personas):
    client.force_login(cycle.ph10_officer)  # the deputy's officer
    url = reverse("cycle:outline_edit", args=[cycle.block.pk])
    client.post(url, {"action": "add", "new-heading": "Kết quả", "new-guidance": "Số liệu"})
    client.post(url, {"action": "add", "new-heading": "Tồn tại, hạn chế"})
    second = cycle.block.outline.get(heading="Tồn tại, hạn chế")
    client.post(url, {"action": "up", "section": second.pk})
    client.post(url, {"action": "edit", "section": second.pk, "heading": "Tồn tại, hạn chế, nguyên nhân"})
    response = client.post(
        url, {"action": "deadlines", "mid_year": "15/06/2019", "year_end": "15/11/2019"}, follow=True
    )
    assert "Đã lưu đề cương, hạn báo cáo." in text(response)
    assert list(cycle.block.outline.values_list("order", "heading", "guidance")) == [
        (1, "Tồn tại, hạn chế, nguyên nhân", ""),
        (2, "Kết quả", "Số liệu"),
    ]
    assert list(cycle.block.report_deadlines.values_list("kind", "deadline")) == [
        ("mid_year", datetime.date(2019, 6, 15)),
        ("year_end", datetime.date(2019, 11, 15)),
    ]


def test_a_deadline_error_is_shown_on_the_form(client, cycle, personas):
    client.force_login(personas.unit_officer)
    response = client.post(
        reverse("cycle:outline_edit", args=[cycle.block.pk]),
        {"action": "deadlines", "mid_year": "15/12/2019", "year_end": "15/11/2019"},
    )
    assert response.status_code == 200
    assert "Hạn nộp các kỳ phải theo thứ tự: sơ kết 6 tháng, 9 tháng, rồi tổng kết năm." in text(response)
    assert cycle.block.report_deadlines.count() == 0


def test_the_unit_writes_submits_late_and_the_leader_returns_then_accepts(client, cycle, outline, org, personas):
    services.set_report_deadlines(cycle.block, deadlines={"mid_year": datetime.date(2019, 6, 15)}, by=None)
    edit = reverse("cycle:report_edit", args=[cycle.block.pk, "mid_year", org.ph10.pk])
    client.force_login(cycle.ph10_officer)
    page = text(client.get(edit))
    assert "Ngắn gọn, không quá một trang." in page  # the guidance
    assert "Lưu nháp trước để đính kèm tệp và nộp báo cáo." in page
    response = client.post(edit, {f"section_{outline[0].pk}": "Tình hình ổn định"}, follow=True)
    assert "Đã lưu bản nháp." in text(response)
    report = Report.objects.get()
    response = client.post(reverse("cycle:report_submit", args=[report.pk]), follow=True)
    assert "Đã nộp báo cáo sau hạn 15/06/2019: bảng theo dõi ghi là nộp muộn." in text(response)

    client.force_login(personas.unit_officer)
    page = text(client.get(edit))
    assert "Tình hình ổn định" in page and "Nộp muộn" in page
    response = client.post(reverse("cycle:report_return", args=[report.pk]), {"reason": "Bổ sung số liệu"}, follow=True)
    assert "Đã trả lại báo cáo cho PH10." in text(response)

    client.force_login(cycle.ph10_officer)
    page = text(client.get(edit))
    assert "<strong>Khối trưởng trả lại báo cáo:</strong> Bổ sung số liệu" in page
    client.post(edit, {f"section_{outline[0].pk}": "Tình hình ổn định, đã bổ sung"})
    client.post(reverse("cycle:report_submit", args=[report.pk]))

    client.force_login(personas.unit_officer)
    response = client.post(reverse("cycle:report_accept", args=[report.pk]))
    assert response["Location"] == reverse("cycle:report_board", args=[cycle.block.pk]) + "?kind=mid_year"
    assert events_of(report) == [
        ("submitted", "ph10_officer", ""),
        ("returned", "unit_officer", "Bổ sung số liệu"),
        ("submitted", "ph10_officer", ""),
        ("accepted", "unit_officer", ""),
    ]
    assert list(ReportSectionText.objects.values_list("text", flat=True)) == ["Tình hình ổn định, đã bổ sung"]
    page = text(client.get(edit))
    assert re.findall(r'<li data-action="(\w+)">', page) == ["submitted", "returned", "submitted", "accepted"]


def test_submitting_an_empty_report_shows_why(client, cycle, outline, org):
    report = services.save_report_draft(cycle.block, unit=org.ph10, kind="mid_year", texts={}, by=cycle.ph10_officer)
    client.force_login(cycle.ph10_officer)
    response = client.post(reverse("cycle:report_submit", args=[report.pk]), follow=True)
    assert re.findall(r'<div class="alert [^"]*msg-error"[^>]*>(.*?)</div>', text(response)) == [
        "Báo cáo chưa có nội dung: hãy viết ít nhất một đề mục hoặc đính kèm tệp."
    ]
