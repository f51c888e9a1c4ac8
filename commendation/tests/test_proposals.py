"""Proposals: lines checked by the engine, justification before submission, one achievement one
form, the status changes and who may make them, prefill, the dashboard, quotas and the notice."""

import datetime

import pytest

from audit.models import AuditEvent
from commendation.models import CouncilMeeting, Proposal, ProposalLine, Quota
from commendation.services import proposals as wf
from commendation.services.dashboard import dashboard
from commendation.services.notices import add_notice_comment, publish_notice
from commendation.services.prefill import prefill_from_registration_and_engine
from commendation.services.quotas import quota_warnings
from cycle.models import PersonRegistration, Registration
from eligibility.services import AwardsError
from honours.models import AwardForm, Title

pytestmark = pytest.mark.django_db

CSTT_2024_FAILURE = {
    "condition": "Xếp loại “Hoàn thành tốt nhiệm vụ” trở lên năm 2024",
    "fact": "2024: chưa xếp loại",
    "basis": "Luật TĐKT 2022 điều 24",
    "explanation": "Chưa đáp ứng điều kiện “Xếp loại “Hoàn thành tốt nhiệm vụ” trở lên năm 2024”: 2024: chưa xếp "
    "loại (căn cứ Luật TĐKT 2022 điều 24).",
}


def title(code):
    return Title.objects.get(code=code)


def form(code):
    return AwardForm.objects.get(code=code)


def draft(org, by, *, year=2024, subject="Đề nghị tặng danh hiệu năm 2024", **kw):
    return wf.create_proposal(unit=org.px03, to_unit=org.caqb, year=year, title=subject, by=by, **kw)


def audit_rows(obj_type):
    return [
        (e.action, e.changes, e.note, e.actor.username if e.actor else None)
        for e in AuditEvent.objects.filter(object_type=obj_type).select_related("actor").order_by("id")
    ]


def test_each_line_carries_the_engines_verdict_in_words(org, personas):
    proposal = draft(org, personas.unit_officer)
    binh = wf.add_line(proposal, person=org.people.binh, title=title("CSTT"), by=personas.unit_officer)
    cuong = wf.add_line(proposal, person=org.people.cuong, title=title("CSTT"), by=personas.unit_officer)
    binh.refresh_from_db()
    cuong.refresh_from_db()
    assert (binh.engine_status, binh.engine_ruleset, binh.engine_failures) == ("eligible", "luat2022_nd98_cand", [])
    assert (cuong.engine_status, cuong.engine_ruleset) == ("not_eligible", "luat2022_nd98_cand")
    assert cuong.engine_failures == [CSTT_2024_FAILURE]
    assert (binh.achievement, binh.order, cuong.order, binh.flagged, cuong.flagged) == ("merit:2024", 1, 2, False, True)


def test_an_ineligible_line_without_justification_cannot_be_submitted(org, personas):
    proposal = draft(org, personas.unit_officer)
    wf.add_line(proposal, person=org.people.binh, title=title("CSTT"), by=personas.unit_officer)
    cuong = wf.add_line(proposal, person=org.people.cuong, title=title("CSTT"), by=personas.unit_officer)
    with pytest.raises(AwardsError) as refused:
        wf.submit_proposal(proposal, by=personas.commander)
    assert str(refused.value) == (
        "Dòng 2 (Lê Văn Cường – Chiến sĩ tiên tiến) chưa đủ điều kiện theo bộ quy tắc: "
        "hãy ghi giải trình trước khi trình."
    )
    proposal.refresh_from_db()
    assert proposal.status == "draft"
    wf.set_justification(
        cuong, "Đồng chí được xếp loại HTTNV theo kết luận bổ sung ngày 20/12/2024.", by=personas.unit_officer
    )
    submitted = wf.submit_proposal(proposal, by=personas.commander)
    assert (submitted.status, submitted.submitted_by) == ("submitted", personas.commander)
    assert audit_rows("commendation.proposal")[-1] == (
        "update",
        {
            "status": ["draft", "submitted"],
            "submitted_at": [None, str(submitted.submitted_at)],
            "submitted_by": [None, str(personas.commander.pk)],
        },
        "Trình đề nghị",
        "commander",
    )


def test_the_same_achievement_proposed_twice_is_refused(org, personas):
    first = draft(org, personas.unit_officer)
    line = wf.add_line(first, person=org.people.binh, award_form=form("GK"), by=personas.unit_officer)
    second = draft(org, personas.office, subject="Đề nghị Bằng khen năm 2024")
    with pytest.raises(AwardsError) as refused:
        wf.add_line(second, person=org.people.binh, award_form=form("BK_BO"), by=personas.office)
    assert str(refused.value) == (
        "Trần Thị Bình đã được đề nghị “Giấy khen” cho cùng thành tích này (đề nghị “Đề nghị tặng danh hiệu năm "
        "2024”): một thành tích chỉ được đề nghị một hình thức khen thưởng (Luật TĐKT 2022 điều 5)."
    )
    # The same title twice for the same year, too.
    wf.add_line(first, person=org.people.binh, title=title("CSTT"), by=personas.unit_officer)
    with pytest.raises(AwardsError) as twice:
        wf.add_line(second, person=org.people.binh, title=title("CSTT"), by=personas.office)
    assert str(twice.value) == (
        "Trần Thị Bình đã được đề nghị danh hiệu “Chiến sĩ tiên tiến” năm 2024 (đề nghị "
        "“Đề nghị tặng danh hiệu năm 2024”)."
    )
    # Another achievement (ad hoc) may earn its own form; a rejected line frees the achievement.
    ad_hoc = draft(org, personas.office, subject="Đột xuất", kind="ad_hoc", achievement="Bắt giữ đối tượng truy nã")
    wf.add_line(ad_hoc, person=org.people.binh, award_form=form("GK"), by=personas.office)
    ProposalLine.objects.filter(pk=line.pk).update(outcome=ProposalLine.Outcome.REJECTED)
    again = wf.add_line(second, person=org.people.binh, award_form=form("BK_BO"), by=personas.office)
    assert [
        (x.proposal.title, x.award_form.code, x.achievement)
        for x in ProposalLine.objects.filter(person=org.people.binh, award_form__isnull=False).order_by("pk")
    ] == [
        ("Đề nghị tặng danh hiệu năm 2024", "GK", "merit:2024"),
        ("Đột xuất", "GK", f"proposal:{ad_hoc.pk}"),
        ("Đề nghị Bằng khen năm 2024", "BK_BO", "merit:2024"),
    ]
    assert again.engine_ruleset == "luat2022_nd98_cand"


def test_lines_are_checked_for_holder_honour_and_subtree(org, personas):
    proposal = draft(org, personas.unit_officer)
    cases = [
        (
            {"person": org.people.dung, "title": title("CSTT")},
            "Phạm Quốc Dũng không thuộc Phòng Công tác đảng và công tác chính trị.",
        ),
        ({"unit": org.px03, "title": title("CSTT")}, "“Chiến sĩ tiên tiến” không dành cho tập thể."),
        (
            {"person": org.people.an, "title": title("CSTT"), "award_form": form("GK")},
            "Mỗi dòng đề nghị chọn đúng một danh hiệu hoặc một hình thức khen thưởng.",
        ),
        ({"title": title("CSTT")}, "Mỗi dòng đề nghị dành cho đúng một cá nhân hoặc một tập thể."),
    ]
    for kwargs, message in cases:
        with pytest.raises(AwardsError) as refused:
            wf.add_line(proposal, by=personas.unit_officer, **kwargs)
        assert str(refused.value) == message
    with pytest.raises(AwardsError) as outsider:
        wf.add_line(proposal, person=org.people.an, title=title("CSTT"), by=personas.outsider)
    assert str(outsider.value) == (
        "Chỉ thủ trưởng hoặc cán bộ TĐKT của Phòng Công tác đảng và công tác chính trị được thực hiện việc này."
    )
    assert proposal.lines.count() == 0


def test_return_resubmit_and_review_follow_the_roles(org, personas):
    proposal = draft(org, personas.unit_officer)
    wf.add_line(proposal, person=org.people.binh, title=title("CSTT"), by=personas.unit_officer)
    with pytest.raises(AwardsError) as not_yet:
        wf.start_review(proposal, by=personas.office)
    assert str(not_yet.value) == "Chỉ đưa ra Hội đồng xét được đề nghị đã trình."
    wf.submit_proposal(proposal, by=personas.commander)
    with pytest.raises(AwardsError) as own:
        wf.start_review(proposal, by=personas.commander)
    assert str(own.value) == "Chỉ Thường trực Hội đồng TĐKT của Công an tỉnh Quảng Bình được thực hiện việc này."
    with pytest.raises(AwardsError) as no_reason:
        wf.return_proposal(proposal, reason=" ", by=personas.office)
    assert str(no_reason.value) == "Hãy ghi lý do trả lại."
    returned = wf.return_proposal(proposal, reason="Thiếu báo cáo thành tích có xác nhận.", by=personas.office)
    assert (returned.status, returned.returned_reason) == ("returned", "Thiếu báo cáo thành tích có xác nhận.")
    # Returned: editable again, then resubmitted.
    wf.add_line(proposal, person=org.people.an, award_form=form("GK"), by=personas.unit_officer)
    with pytest.raises(AwardsError):
        wf.submit_proposal(proposal, by=personas.commander)
    wf.set_justification(
        proposal.lines.get(person=org.people.an), "Thành tích xuất sắc trong năm.", by=personas.commander
    )
    assert wf.resubmit_proposal(proposal, by=personas.commander).status == "submitted"
    reviewed = wf.start_review(proposal, by=personas.office)
    assert reviewed.status == "review"
    with pytest.raises(AwardsError) as locked:
        wf.add_line(proposal, person=org.people.cuong, title=title("CSTT"), by=personas.office)
    assert str(locked.value) == (
        "Đề nghị “Đề nghị tặng danh hiệu năm 2024” đang ở trạng thái “Hội đồng đang xét”: không sửa được nữa."
    )
    assert [(a, c.get("status"), n, u) for a, c, n, u in audit_rows("commendation.proposal")] == [
        ("create", "draft", "", "unit_officer"),
        ("update", ["draft", "submitted"], "Trình đề nghị", "commander"),
        ("update", ["submitted", "returned"], "Trả lại để bổ sung", "office"),
        ("update", ["returned", "submitted"], "Trình lại đề nghị", "commander"),
        ("update", ["submitted", "review"], "Đưa ra Hội đồng xét", "office"),
    ]


def test_an_empty_or_unjustified_ad_hoc_proposal_is_refused(org, personas):
    with pytest.raises(AwardsError) as no_achievement:
        draft(org, personas.unit_officer, kind="ad_hoc")
    assert str(no_achievement.value) == "Khen thưởng đột xuất phải nêu thành tích cụ thể."
    with pytest.raises(AwardsError) as empty:
        wf.submit_proposal(draft(org, personas.unit_officer), by=personas.commander)
    assert str(empty.value) == "Đề nghị chưa có người, tập thể nào."
    with pytest.raises(AwardsError) as above:
        wf.create_proposal(unit=org.caqb, to_unit=org.px03, year=2024, title="Sai cấp", by=personas.office)
    assert str(above.value) == "Đơn vị chỉ trình Hội đồng TĐKT của chính mình hoặc của cấp trên."


def test_prefill_adds_the_registered_and_the_eligible_titles_once(org, personas, cycle):
    registration = Registration.objects.create(block=cycle.block, unit=org.px03)
    registration.titles.add(title("DVTT"))
    PersonRegistration.objects.create(registration=registration, person=org.people.cuong, title=title("CSTT"))
    proposal = draft(org, personas.unit_officer, year=2019, subject="Năm 2019", movement=cycle.movement)
    created = prefill_from_registration_and_engine(proposal, by=personas.unit_officer)
    assert [(wf.holder_name(x), x.title.code, x.engine_status) for x in created] == [
        ("Lê Văn Cường", "CSTT", "not_eligible"),
        ("Phòng Công tác đảng và công tác chính trị", "DVTT", "not_eligible"),
    ]
    assert prefill_from_registration_and_engine(proposal, by=personas.unit_officer) == []


def test_prefill_takes_the_engines_eligible_list(org, personas):
    proposal = draft(org, personas.unit_officer)
    created = prefill_from_registration_and_engine(proposal, by=personas.unit_officer)
    assert [(wf.holder_name(x), x.honour.code, x.engine_status) for x in created] == [
        ("Trần Thị Bình", "CSTT", "eligible"),
        ("Trần Thị Bình", "CSTDCS", "eligible"),
    ]


def test_the_dashboard_counts_proposals_by_status_per_movement(org, personas, cycle):
    a = draft(org, personas.unit_officer, year=2019, subject="A", movement=cycle.movement)
    wf.add_line(a, person=org.people.binh, title=title("CSTT"), by=personas.unit_officer)
    draft(org, personas.unit_officer, year=2019, subject="B", movement=cycle.movement)
    Proposal.objects.filter(pk=a.pk).update(status="submitted")
    draft(org, personas.unit_officer, year=2019, subject="C")
    draft(org, personas.unit_officer, year=2020, subject="D")
    rows = dashboard(Proposal.objects.all(), year=2019)
    assert [(r.movement, r.cells(), r.total, r.lines) for r in rows] == [
        ("Vì an ninh Tổ quốc", [1, 1, 0, 0, 0, 0], 2, 1),
        ("Khen thưởng hằng năm, đột xuất", [1, 0, 0, 0, 0, 0], 1, 0),
    ]


def test_a_quota_exceeded_is_a_warning(org, personas, cycle):
    Quota.objects.create(block=cycle.block, year=2019, title=title("CO_BO"), limit=1)
    Quota.objects.create(council_unit=org.caqb, year=2019, award_form=form("GK"), limit=5)
    proposal = draft(org, personas.office, year=2019, subject="Cờ")
    wf.add_line(proposal, unit=org.px03, title=title("CO_BO"), by=personas.office)
    assert quota_warnings(proposal) == []
    other = wf.create_proposal(unit=org.ph10, to_unit=org.caqb, year=2019, title="Cờ PH10", by=personas.office)
    wf.add_line(other, unit=org.ph10, title=title("CO_BO"), by=personas.office)
    assert [w.message for w in quota_warnings(proposal)] == [
        "Khối XDLL – TT – HCKT: đề nghị 2 “Cờ thi đua của Bộ Công an”, vượt chỉ tiêu 1."
    ]


def test_the_list_is_published_before_the_meeting_and_units_comment_in_the_period(org, personas):
    proposal = draft(org, personas.unit_officer)
    line = wf.add_line(proposal, person=org.people.binh, title=title("CSTT"), by=personas.unit_officer)
    meeting = CouncilMeeting.objects.create(
        unit=org.caqb, year=2024, date=datetime.date(2024, 12, 20), place="Đồng Hới"
    )
    day = datetime.date
    with pytest.raises(AwardsError) as not_reviewed:
        publish_notice(meeting, [line], opens_on=day(2024, 12, 10), closes_on=day(2024, 12, 15), by=personas.office)
    assert (
        str(not_reviewed.value)
        == "Dòng 1 (Trần Thị Bình – Chiến sĩ tiên tiến) không thuộc các đề nghị Hội đồng này đang xét."
    )
    wf.submit_proposal(proposal, by=personas.commander)
    wf.start_review(proposal, by=personas.office)
    line.refresh_from_db()
    with pytest.raises(AwardsError) as late:
        publish_notice(meeting, [line], opens_on=day(2024, 12, 10), closes_on=day(2024, 12, 20), by=personas.office)
    assert str(late.value) == "Thời gian công khai phải kết thúc trước ngày họp Hội đồng (20/12/2024)."
    notice = publish_notice(
        meeting, [line], opens_on=day(2024, 12, 10), closes_on=day(2024, 12, 15), by=personas.office
    )
    assert list(notice.lines.all()) == [line]
    comment = add_notice_comment(
        notice, unit=org.ph10, text="Nhất trí.", line=line, by=personas.office, on=day(2024, 12, 12)
    )
    assert (comment.unit, comment.text, comment.line) == (org.ph10, "Nhất trí.", line)
    with pytest.raises(AwardsError) as closed:
        add_notice_comment(notice, unit=org.ph10, text="Muộn.", by=personas.office, on=day(2024, 12, 16))
    assert str(closed.value) == "Chỉ góp ý được trong thời gian công khai, từ 10/12/2024 đến 15/12/2024."
    assert audit_rows("commendation.noticecomment") == [
        ("create", {"unit": [None, org.ph10.pk], "text": [None, "Nhất trí."]}, "", "office")
    ]
