"""The council meeting and decision pages: create a meeting, members, agenda, the vote's links;
draft, edit, issue a decision and record a higher level's; the tabs and the nav; outsiders 404,
read-only roles 403; the lists' queries do not grow with their rows."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from commendation.models import CouncilMeeting, CouncilMember, Decision, ProposalLine
from commendation.services import council, decisions
from commendation.tests.test_council import DAY, meeting_with, members, vote
from commendation.tests.test_decisions import issued, make_proposal
from conftest import client_for
from honours.models import TitleAward
from voting import services as voting

pytestmark = pytest.mark.django_db


def _page(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


# Council meetings -----------------------------------------------------------------------------


def test_the_office_creates_a_meeting(client, org, personas):
    client_for(client, personas.office)
    page = _page(client.get(reverse("commendation:meeting_create")))
    assert 'id="meeting-form"' in page and "Công an tỉnh Quảng Bình" in page and "Công an tỉnh Hưng Yên" not in page

    response = client.post(
        reverse("commendation:meeting_create"),
        {
            "unit": org.caqb.pk,
            "year": "2024",
            "date": "05/12/2024",
            "place": "Hội trường Công an tỉnh",
            "chair": org.people.an.pk,
            "quorum_share": "0.75",
        },
    )

    meeting = CouncilMeeting.objects.get()
    assert response.status_code == 302 and response.url == reverse("commendation:meeting_members", args=[meeting.pk])
    assert (meeting.unit, meeting.year, meeting.date, meeting.place, meeting.chair, str(meeting.quorum_share)) == (
        org.caqb,
        2024,
        DAY,
        "Hội trường Công an tỉnh",
        org.people.an,
        "0.750",
    )


def test_a_refused_meeting_shows_the_reason_on_the_form(client, org, personas):
    client_for(client, personas.office)
    page = _page(
        client.post(
            reverse("commendation:meeting_create"),
            {"unit": org.caqb.pk, "year": "2024", "date": "05/12/2024", "place": "   "},
        )
    )
    # The model refuses a blank place before the service: a field error, nothing created.
    assert "meeting-form" in page and CouncilMeeting.objects.count() == 0
    page = _page(
        client.post(
            reverse("commendation:meeting_create"),
            {"unit": org.caqb.pk, "year": "2024", "date": "05/12/2024", "place": "Hội trường", "quorum_share": "1.5"},
        )
    )
    assert "Tỷ lệ có mặt tối thiểu phải trong khoảng (0; 1]." in page and CouncilMeeting.objects.count() == 0


def test_the_office_sets_the_members_from_a_search(client, org, personas):
    meeting = council.create_meeting(by=personas.office, unit=org.caqb, year=2024, date=DAY, place="Hội trường")
    client_for(client, personas.office)

    page = _page(client.get(reverse("commendation:meeting_members", args=[meeting.pk]), {"q": "Bình"}))
    assert f'id="found-{org.people.binh.pk}"' in page and "Trần Thị Bình (PX03)" in page
    assert (
        _page(client.get(reverse("commendation:meeting_members", args=[meeting.pk]), {"q": "Hoa"})).count(
            'class="found"'
        )
        == 0
    )

    response = client.post(
        reverse("commendation:meeting_members", args=[meeting.pk]),
        {
            "person": [org.people.an.pk, org.people.binh.pk],
            f"role_{org.people.an.pk}": "Chủ tịch Hội đồng",
            f"present_{org.people.an.pk}": "1",
        },
    )

    assert response.status_code == 302 and response.url == reverse("commendation:meeting_detail", args=[meeting.pk])
    assert [(m.person, m.role, m.present) for m in CouncilMember.objects.order_by("pk")] == [
        (org.people.an, "Chủ tịch Hội đồng", True),
        (org.people.binh, "", False),
    ]
    page = _page(client.get(reverse("commendation:meeting_detail", args=[meeting.pk])))
    assert "Có mặt 1/2 thành viên, cần ít nhất 2." in page and "Chủ tịch Hội đồng" in page
    # Someone of another province is refused.
    page = _page(
        client.post(reverse("commendation:meeting_members", args=[meeting.pk]), {"person": [org.people.hoa.pk]})
    )
    assert f"Chỉ chọn cán bộ thuộc đơn vị của Hội đồng (mã {org.people.hoa.pk})." in page
    assert CouncilMember.objects.count() == 2


def test_the_agenda_lists_lines_under_review_grouped_with_verdicts(client, org, personas):
    proposal = make_proposal(
        org, (org.people.binh, "CSTDCS"), (org.people.cuong, "CSTT"), outcome=ProposalLine.Outcome.PENDING
    )
    binh, cuong = proposal.lines.order_by("order")
    ProposalLine.objects.filter(pk=cuong.pk).update(engine_status="not_eligible", justification="Lập công đột xuất")
    elsewhere = make_proposal(org, (org.people.dung, "CSTT"), to_unit=org.bca, outcome=ProposalLine.Outcome.PENDING)
    meeting = meeting_with(org, personas.office, n=3)
    client_for(client, personas.office)

    page = _page(client.get(reverse("commendation:meeting_agenda", args=[meeting.pk])))
    assert f'id="proposal-{proposal.pk}"' in page and f'id="proposal-{elsewhere.pk}"' not in page
    assert "Đủ điều kiện" in page and "Chưa đủ điều kiện – có giải trình" in page and "Lập công đột xuất" in page

    response = client.post(reverse("commendation:meeting_agenda", args=[meeting.pk]), {"lines": [binh.pk, cuong.pk]})

    assert response.status_code == 302
    assert sorted(meeting.agenda.values_list("pk", flat=True)) == [binh.pk, cuong.pk]
    page = _page(client.get(reverse("commendation:meeting_detail", args=[meeting.pk])))
    assert f'id="agenda-line-{cuong.pk}" class="flagged"' in page and "Trần Thị Bình" in page


def test_from_hold_to_vote_to_results_and_a_decision(client, org, personas):
    proposal = make_proposal(org, (org.people.binh, "CSTDCS"), outcome=ProposalLine.Outcome.PENDING)
    line = proposal.lines.get()
    meeting = meeting_with(org, personas.office, n=3, lines=[line])
    client_for(client, personas.office)

    client.post(reverse("commendation:meeting_hold", args=[meeting.pk]))
    client.post(reverse("commendation:meeting_vote", args=[meeting.pk]), {"per_list": "0"})
    meeting.refresh_from_db()
    assert meeting.status == CouncilMeeting.Status.HELD and meeting.election is not None
    page = _page(client.get(reverse("commendation:meeting_detail", args=[meeting.pk])))
    assert reverse("voting:election_detail", args=[meeting.election.pk]) in page
    # the office runs the vote but is not on its roll: no ballot link that would answer 403
    assert reverse("voting:ballot", args=[meeting.election.pk]) not in page
    member = meeting.election.roll.order_by("pk").first()
    personas.council.person_id = member.person_id  # the council login is the first member on the roll
    personas.council.save(update_fields=["person"])
    client_for(client, personas.council)
    page = _page(client.get(reverse("commendation:meeting_detail", args=[meeting.pk])))
    assert f'<a href="{reverse("voting:ballot", args=[meeting.election.pk])}" id="ballot-link">Bỏ phiếu</a>' in page
    vote(meeting.election, personas.council, [{line.pk: "yes"}] * 3)
    page = _page(client.get(reverse("commendation:meeting_detail", args=[meeting.pk])))
    assert 'id="ballot-link"' not in page  # every entry the member casts for has voted
    client_for(client, personas.office)
    voting.close_election(meeting.election, by=personas.office)
    client.post(reverse("commendation:meeting_result", args=[meeting.pk]))
    client.post(reverse("commendation:meeting_close", args=[meeting.pk]))
    meeting.refresh_from_db()
    line.refresh_from_db()
    assert (meeting.status, line.outcome) == (CouncilMeeting.Status.CLOSED, ProposalLine.Outcome.APPROVED)
    page = _page(client.get(reverse("commendation:meeting_detail", args=[meeting.pk])))
    create = f"{reverse('commendation:decision_create')}?meeting={meeting.pk}"
    assert create in page

    page = _page(client.get(create))
    assert f'value="{line.pk}" id="line-{line.pk}" checked' in page
    client.post(
        create,
        {
            "issuing_unit": org.caqb.pk,
            "symbol": "QĐ-CAT",
            "subject": "Về việc tặng danh hiệu",
            "lines": [line.pk],
            "signer_name": "Nguyễn Văn Giám",
        },
    )
    decision = Decision.objects.get()
    assert (decision.meeting, decision.status, decision.signer_name) == (meeting, "draft", "Nguyễn Văn Giám")
    assert [x.proposal_line for x in decision.lines.all()] == [line]


def test_a_quorum_not_met_shows_the_refusal(client, org, personas):
    meeting = meeting_with(org, personas.office, n=3, absent=2)
    client_for(client, personas.office)
    response = client.post(reverse("commendation:meeting_hold", args=[meeting.pk]), follow=True)
    assert "Không đủ số thành viên Hội đồng có mặt: có 1/3, cần ít nhất 2." in _page(response)
    meeting.refresh_from_db()
    assert meeting.status == CouncilMeeting.Status.PLANNED


def test_a_state_level_agenda_links_to_the_public_notice(client, org, personas):
    make_proposal(org, (org.people.binh, "CSTD_TQ"), outcome=ProposalLine.Outcome.PENDING)
    meeting = meeting_with(org, personas.office, n=3)
    client_for(client, personas.office)
    assert reverse("commendation:notice_create", args=[meeting.pk]) in _page(
        client.get(reverse("commendation:meeting_detail", args=[meeting.pk]))
    )


def test_meeting_pages_outsiders_404_read_only_403(client, org, personas):
    proposal = make_proposal(org, (org.people.binh, "CSTDCS"), outcome=ProposalLine.Outcome.PENDING)
    meeting = meeting_with(org, personas.office, n=3)
    person = org.people.an.pk
    client_for(client, personas.outsider)
    for name in ("commendation:meeting_detail", "commendation:meeting_members", "commendation:meeting_agenda"):
        assert client.get(reverse(name, args=[meeting.pk])).status_code == 404
    assert client.post(reverse("commendation:meeting_agenda", args=[meeting.pk]), {"lines": [1]}).status_code == 404
    page = _page(client.get(reverse("commendation:meeting_create")))
    assert "Công an tỉnh Hưng Yên" in page and "Công an tỉnh Quảng Bình" not in page
    assert (
        client.post(
            reverse("commendation:meeting_create"),
            {"unit": org.caqb.pk, "year": "2024", "date": "05/12/2024", "place": "x"},
        ).status_code
        == 200
    )
    for persona in (personas.council, personas.leader):
        client_for(client, persona)
        assert client.get(reverse("commendation:meeting_detail", args=[meeting.pk])).status_code == 200
        assert client.get(reverse("commendation:meeting_members", args=[meeting.pk])).status_code == 403
        assert (
            client.post(reverse("commendation:meeting_members", args=[meeting.pk]), {"person": [person]}).status_code
            == 403
        )
        assert (
            client.post(
                reverse("commendation:meeting_agenda", args=[meeting.pk]), {"lines": [proposal.lines.get().pk]}
            ).status_code
            == 403
        )
        assert (
            client.post(
                reverse("commendation:meeting_create"),
                {"unit": org.caqb.pk, "year": "2024", "date": "05/12/2024", "place": "x"},
            ).status_code
            == 403
        )
        assert client.post(reverse("commendation:meeting_vote", args=[meeting.pk])).status_code == 403
    assert CouncilMeeting.objects.count() == 1 and meeting.agenda.count() == 0 and meeting.members.count() == 3


# Decisions ------------------------------------------------------------------------------------


def test_the_office_drafts_edits_and_issues_a_decision(client, org, personas):
    proposal = make_proposal(org, (org.people.binh, "CSTDCS"), (org.people.cuong, "CSTT"))
    binh, cuong = proposal.lines.order_by("order")
    rejected = make_proposal(org, (org.people.dung, "CSTT"), outcome=ProposalLine.Outcome.REJECTED).lines.get()
    client_for(client, personas.office)

    page = _page(client.get(reverse("commendation:decision_create")))
    assert f'id="pick-line-{binh.pk}"' in page and f'id="pick-line-{rejected.pk}"' not in page
    response = client.post(
        reverse("commendation:decision_create"),
        {
            "issuing_unit": org.caqb.pk,
            "symbol": "QĐ-CAT",
            "subject": "Về việc tặng danh hiệu thi đua năm 2024",
            "legal_basis": "Luật Thi đua, khen thưởng 2022",
            "signer_name": "Nguyễn Văn Giám",
            "place": "Quảng Bình",
            "lines": [binh.pk, cuong.pk],
        },
    )
    decision = Decision.objects.get()
    assert response.url == reverse("commendation:decision_detail", args=[decision.pk])
    assert [x.proposal_line_id for x in decision.lines.order_by("order")] == [binh.pk, cuong.pk]
    assert (decision.legal_basis, decision.place, decision.status) == (
        "Luật Thi đua, khen thưởng 2022",
        "Quảng Bình",
        "draft",
    )
    # Lines already in a decision are no longer offered.
    assert f'id="pick-line-{binh.pk}"' not in _page(client.get(reverse("commendation:decision_create")))

    page = _page(client.get(reverse("commendation:decision_edit", args=[decision.pk])))
    assert "Về việc tặng danh hiệu thi đua năm 2024" in page
    client.post(
        reverse("commendation:decision_edit", args=[decision.pk]),
        {
            "symbol": "QĐ-CAT",
            "subject": "Về việc tặng danh hiệu thi đua",
            "signer_name": "Trần Văn Ký",
            "signer_position": "Giám đốc",
        },
    )
    decision.refresh_from_db()
    assert (decision.subject, decision.signer_name, decision.legal_basis) == (
        "Về việc tặng danh hiệu thi đua",
        "Trần Văn Ký",
        "",
    )

    client.post(reverse("commendation:decision_issue", args=[decision.pk]), {"date": "10/12/2024", "number": "12"})
    decision.refresh_from_db()
    assert decision.reference == "12/QĐ-CAT ngày 10/12/2024"
    page = _page(client.get(reverse("commendation:decision_detail", args=[decision.pk])))
    assert reverse("commendation:decision_certificates", args=[decision.pk]) in page
    assert reverse("commendation:decision_certificates_pdf", args=[decision.pk]) in page
    line = decision.lines.order_by("order").first()
    assert reverse("commendation:certificate_pdf", args=[line.pk]) in page
    assert reverse("commendation:decision_edit", args=[decision.pk]) not in page
    # An issued decision cannot be edited: the refusal is a form error.
    page = _page(
        client.post(reverse("commendation:decision_edit", args=[decision.pk]), {"symbol": "QĐ-CAT", "subject": "Khác"})
    )
    assert "Quyết định đã ban hành: không thể sửa, chỉ có thể huỷ bỏ." in page
    decision.refresh_from_db()
    assert decision.subject == "Về việc tặng danh hiệu thi đua"


def test_a_draft_without_lines_is_refused_on_the_form(client, org, personas):
    client_for(client, personas.office)
    page = _page(
        client.post(
            reverse("commendation:decision_create"),
            {"issuing_unit": org.caqb.pk, "symbol": "QĐ-CAT", "subject": "Về việc"},
        )
    )
    assert 'id="decision-form"' in page and Decision.objects.count() == 0


def test_the_office_records_a_higher_levels_decision(client, org, personas):
    proposal = make_proposal(org, (org.people.binh, "CSTD_TQ"), outcome=ProposalLine.Outcome.PENDING)
    line = proposal.lines.get()
    client_for(client, personas.office)
    assert f'id="pick-line-{line.pk}"' in _page(client.get(reverse("commendation:decision_external")))

    response = client.post(
        reverse("commendation:decision_external"),
        {
            "issuing_unit": org.caqb.pk,
            "issuer_name": "Thủ tướng Chính phủ",
            "number": "345",
            "symbol": "QĐ-TTg",
            "date": "20/12/2024",
            "lines": [line.pk],
        },
    )

    decision = Decision.objects.get()
    assert response.url == reverse("commendation:decision_detail", args=[decision.pk])
    assert (decision.external, decision.issuer_name, decision.reference, decision.status) == (
        True,
        "Thủ tướng Chính phủ",
        "345/QĐ-TTg ngày 20/12/2024",
        "issued",
    )
    assert TitleAward.objects.get(person=org.people.binh).decision_ref == "345/QĐ-TTg ngày 20/12/2024"
    page = _page(
        client.post(
            reverse("commendation:decision_external"),
            {
                "issuing_unit": org.caqb.pk,
                "issuer_name": "Thủ tướng Chính phủ",
                "number": "345",
                "symbol": "QĐ-TTg",
                "date": "20/12/2024",
                "lines": [line.pk],
            },
        )
    )
    assert 'id="external-form"' in page and Decision.objects.count() == 1


def test_decision_pages_outsiders_404_read_only_403(client, org, personas):
    proposal = make_proposal(org, (org.people.binh, "CSTDCS"))
    draft = decisions.create_decision_from_lines(
        by=personas.office, issuing_unit=org.caqb, lines=proposal.lines.all(), symbol="QĐ-CAT", subject="Về việc tặng"
    )
    client_for(client, personas.outsider)
    assert client.get(reverse("commendation:decision_edit", args=[draft.pk])).status_code == 404
    assert (
        client.post(reverse("commendation:decision_edit", args=[draft.pk]), {"symbol": "X", "subject": "X"}).status_code
        == 404
    )
    assert f'id="pick-line-{proposal.lines.get().pk}"' not in _page(client.get(reverse("commendation:decision_create")))
    for persona in (personas.council, personas.leader):
        client_for(client, persona)
        assert client.get(reverse("commendation:decision_detail", args=[draft.pk])).status_code == 200
        assert client.get(reverse("commendation:decision_edit", args=[draft.pk])).status_code == 403
        assert (
            client.post(
                reverse("commendation:decision_edit", args=[draft.pk]), {"symbol": "X", "subject": "X"}
            ).status_code
            == 403
        )
        assert client.get(reverse("commendation:decision_create")).status_code == 403
        assert (
            client.post(
                reverse("commendation:decision_create"),
                {"issuing_unit": org.caqb.pk, "symbol": "X", "subject": "X", "lines": [proposal.lines.get().pk]},
            ).status_code
            == 403
        )
        assert client.post(reverse("commendation:decision_external"), {}).status_code == 403
        assert (
            client.post(reverse("commendation:decision_issue", args=[draft.pk]), {"date": "10/12/2024"}).status_code
            == 403
        )
    draft.refresh_from_db()
    assert (draft.subject, draft.status, Decision.objects.count()) == ("Về việc tặng", "draft", 1)


# Certificates, tabs and the nav ------------------------------------------------------------------


def test_certificates_final_for_the_office_drafts_for_readers(client, org, personas):
    decision = issued(org, personas.office, (org.people.binh, "CSTDCS"))
    line = decision.lines.get()
    client_for(client, personas.council)
    assert client.get(reverse("commendation:decision_certificates", args=[decision.pk])).status_code == 200
    assert client.get(reverse("commendation:certificate_pdf", args=[line.pk])).status_code == 403
    assert client.get(reverse("commendation:decision_certificates_pdf", args=[decision.pk])).status_code == 403
    client_for(client, personas.outsider)
    assert client.get(reverse("commendation:decision_certificates", args=[decision.pk])).status_code == 404
    assert client.get(reverse("commendation:certificate_draft", args=[line.pk])).status_code == 404
    client_for(client, personas.office)
    assert 'id="batch-final"' in _page(client.get(reverse("commendation:decision_certificates", args=[decision.pk])))


def test_the_nav_and_the_tabs_link_the_three_lists(client, org, personas):
    client_for(client, personas.office)
    for name in ("commendation:proposal_list", "commendation:meeting_list", "commendation:decision_list"):
        page = _page(client.get(reverse(name)))
        assert re.search(rf'<a [^>]*href="{reverse("commendation:proposal_list")}" id="nav-commendation"', page)
        assert page.count('id="commendation-tabs"') == 1
        for target in ("commendation:proposal_list", "commendation:meeting_list", "commendation:decision_list"):
            assert f'href="{reverse(target)}"' in page
    page = _page(client.get(reverse("commendation:meeting_list")))
    assert 'id="tab-meetings" aria-current="page"' in page and reverse("commendation:meeting_create") in page
    page = _page(client.get(reverse("commendation:decision_list")))
    assert reverse("commendation:decision_create") in page and reverse("commendation:decision_external") in page


# Queries ------------------------------------------------------------------------------------------


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_the_meetings_list_does_not_query_per_row(client, org, personas):
    client_for(client, personas.office)
    meeting_with(org, personas.office, n=2)
    one = _queries(client, reverse("commendation:meeting_list"))
    for i in range(2):
        meeting = council.create_meeting(
            by=personas.office, unit=org.caqb, year=2024, place=f"Phòng {i}", date=DAY + datetime.timedelta(days=i + 1)
        )
        council.set_members(meeting, [(p, True) for p in members(org, 0)], by=personas.office)
    assert CouncilMeeting.objects.count() == 3
    assert _queries(client, reverse("commendation:meeting_list")) == one


def test_the_decisions_list_does_not_query_per_row(client, org, personas):
    client_for(client, personas.office)
    issued(org, personas.office, (org.people.binh, "CSTDCS"))
    one = _queries(client, reverse("commendation:decision_list"))
    issued(org, personas.office, (org.people.cuong, "CSTT"))
    issued(org, personas.office, (org.people.dung, "CSTT"), symbol="QĐ-CAT")
    assert Decision.objects.count() == 3
    assert _queries(client, reverse("commendation:decision_list")) == one
