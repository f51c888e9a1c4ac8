"""The home page's "Việc cần làm" tells each person what the commendation workflow owes them: the
office the proposals waiting for it, a council member the planned or open meetings and where the
meetings are listed; a submitted proposal sends the receiving office a notification."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from commendation.home import home_sections
from commendation.models import CouncilMeeting, Proposal
from commendation.services import council
from commendation.services import proposals as wf
from commendation.tests.test_decisions import make_proposal
from commendation.tests.test_proposals import draft, title
from conftest import client_for
from cycle.models import Notification

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2024, 12, 7)


def _texts(user) -> list[tuple[str, str, str]]:
    return [(t.text, t.url, t.block.name) for t in home_sections(user, TODAY)["tasks"]]


def test_the_office_home_lists_the_proposals_waiting_for_it(client, org, personas):
    submitted = make_proposal(org, (org.people.binh, "CSTT"), status=Proposal.Status.SUBMITTED)
    Proposal.objects.filter(pk=submitted.pk).update(
        submitted_at=timezone.make_aware(datetime.datetime(2024, 12, 2, 9, 0))
    )
    reviewed = make_proposal(org, (org.people.cuong, "CSTT"), status=Proposal.Status.REVIEWED, unit=org.ph10)
    make_proposal(org, (org.people.an, "CSTT"), status=Proposal.Status.DRAFT)  # not yet the office's
    make_proposal(org, (org.people.dung, "CSTT"), status=Proposal.Status.REVIEW, unit=org.ph10)  # the council's

    assert _texts(personas.office) == [
        (
            "Tiếp nhận, xem xét đề nghị khen thưởng năm 2024 của PX03: “Đề nghị khen thưởng năm 2024”",
            reverse("commendation:proposal_detail", args=[submitted.pk]),
            "Công an tỉnh Quảng Bình · trình ngày 02/12/2024",
        ),
        (
            "Lập quyết định khen thưởng cho đề nghị năm 2024 của PH10 (Hội đồng đã xét)",
            reverse("commendation:proposal_detail", args=[reviewed.pk]),
            "Công an tỉnh Quảng Bình",
        ),
    ]
    assert _texts(personas.outsider) == [] and _texts(personas.unit_officer) == []
    page = client_for(client, personas.office).get("/").content.decode()
    assert f'<a href="{reverse("commendation:proposal_detail", args=[submitted.pk])}">Tiếp nhận' in page
    assert "Không có việc nào đang chờ bạn." not in page


def test_a_council_member_home_lists_the_open_meetings_and_the_meetings_list(client, org, personas):
    planned = council.create_meeting(
        by=personas.office, unit=org.caqb, year=2024, date=datetime.date(2024, 12, 20), place="Hội trường A"
    )
    closed = council.create_meeting(
        by=personas.office, unit=org.caqb, year=2023, date=datetime.date(2023, 12, 20), place="Hội trường B"
    )
    CouncilMeeting.objects.filter(pk=closed.pk).update(status=CouncilMeeting.Status.CLOSED)

    assert _texts(personas.council) == [
        (
            "Dự họp Hội đồng TĐKT CAQB ngày 20/12/2024",
            reverse("commendation:meeting_detail", args=[planned.pk]),
            "Hội trường A",
        ),
        (
            "Xem các phiên họp Hội đồng TĐKT",
            reverse("commendation:meeting_list"),
            "Lịch họp, nội dung xét và kết quả của Hội đồng",
        ),
    ]
    CouncilMeeting.objects.filter(pk=planned.pk).update(status=CouncilMeeting.Status.CLOSED)
    assert _texts(personas.council) == [
        ("Xem các phiên họp Hội đồng TĐKT", reverse("commendation:meeting_list"), "Chưa có phiên họp sắp tới")
    ]
    page = client_for(client, personas.council).get("/").content.decode()
    assert f'<a href="{reverse("commendation:meeting_list")}">Xem các phiên họp Hội đồng TĐKT</a>' in page
    assert client.get(reverse("commendation:meeting_list")).status_code == 200


def test_submitting_a_proposal_notifies_the_receiving_office(org, personas):
    proposal = draft(org, personas.unit_officer)
    wf.add_line(proposal, person=org.people.binh, title=title("CSTT"), by=personas.unit_officer)

    wf.submit_proposal(proposal, by=personas.commander)

    url = reverse("commendation:proposal_detail", args=[proposal.pk])
    text = "PX03 đã trình đề nghị khen thưởng năm 2024: “Đề nghị tặng danh hiệu năm 2024”."
    assert list(Notification.objects.values_list("user__username", "text", "url")) == [("office", text, url)]
    # Returned and sent again: the office hears of it again.
    wf.return_proposal(proposal, reason="Thiếu báo cáo thành tích.", by=personas.office)
    wf.resubmit_proposal(proposal, by=personas.commander)
    assert Notification.objects.filter(user=personas.office, text=text).count() == 2
    assert wf.office_users(org.px03) == [personas.office]  # the nearest office above a room
