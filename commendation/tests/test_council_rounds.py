"""The council's second ballot round on the lines the first did not approve (rules.md: at most two
rounds), and lines that a vote without enough ballots cannot approve."""

import pytest

from audit.models import AuditEvent
from commendation.models import CouncilMeeting, Proposal, ProposalLine
from commendation.services import council
from commendation.tests.test_council import meeting_with, vote
from commendation.tests.test_decisions import make_proposal
from eligibility.services import AwardsError
from voting import services as voting
from voting.models import Election

pytestmark = pytest.mark.django_db


def _first_round(org, personas):
    proposal = make_proposal(
        org, (org.people.binh, "CSTDCS"), (org.people.cuong, "CSTD_BO"), outcome=ProposalLine.Outcome.PENDING
    )
    binh, cuong = proposal.lines.order_by("order")
    meeting = meeting_with(org, personas.office, n=5, lines=[binh, cuong])
    council.hold_meeting(meeting, by=personas.office)
    election = council.open_council_vote(meeting, by=personas.office)
    # 4 of 5 approve both: 80 % passes CSTĐ cơ sở, not CSTĐ Bộ (90 % of the members)
    vote(election, personas.council, [{binh.pk: "yes", cuong.pk: "yes"}] * 4 + [{binh.pk: "no", cuong.pk: "no"}])
    voting.close_election(election, by=personas.office)
    return proposal, binh, cuong, meeting, election


def test_a_second_round_votes_again_on_the_failed_lines_only(org, personas):
    proposal, binh, cuong, meeting, first = _first_round(org, personas)
    with pytest.raises(AwardsError, match="^Cần ghi kết quả xét của vòng một trước khi bỏ phiếu vòng hai.$"):
        council.open_second_round(meeting, by=personas.office)
    assert council.record_council_result(meeting, by=personas.office) == {binh.pk: "approved", cuong.pk: "rejected"}
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.REVIEWED

    second = council.open_second_round(meeting, by=personas.office)

    meeting.refresh_from_db()
    assert (second.round, second.status, second.previous_round, meeting.election) == (2, "open", first, second)
    assert [e.pk for e in council.rounds(meeting)] == [first.pk, second.pk]
    assert [
        (q.fraction, q.base, [c.ref_id for c in q.candidates.all()]) for q in second.questions.order_by("order")
    ] == [("9/10", "roll", [cuong.pk])]
    assert sorted(second.roll.values_list("label", flat=True)) == sorted(first.roll.values_list("label", flat=True))
    cuong.refresh_from_db()
    binh.refresh_from_db()
    proposal.refresh_from_db()
    assert (binh.outcome, cuong.outcome, proposal.status) == ("approved", "pending", Proposal.Status.REVIEW)
    with pytest.raises(AwardsError, match="^Cần kết thúc bỏ phiếu và ghi kết quả xét trước khi kết thúc phiên họp.$"):
        council.close_meeting(meeting, by=personas.office)

    # all 5 approve in the second round: 100 % ≥ 90 %
    vote(second, personas.council, [{cuong.pk: "yes"}] * 5)
    voting.close_election(second, by=personas.office)
    assert council.record_council_result(meeting, by=personas.office) == {cuong.pk: "approved"}
    binh.refresh_from_db()
    proposal.refresh_from_db()
    assert (binh.outcome, proposal.status) == ("approved", Proposal.Status.REVIEWED)
    with pytest.raises(
        AwardsError, match="^Đã bỏ phiếu hai vòng: theo quy định, thủ trưởng có thẩm quyền quyết định.$"
    ):
        council.open_second_round(meeting, by=personas.office)
    assert council.close_meeting(meeting, by=personas.office).status == CouncilMeeting.Status.CLOSED
    events = AuditEvent.objects.filter(object_type="commendation.councilmeeting", object_id=str(meeting.pk))
    round_event = next(e for e in events if "round" in e.changes)
    assert round_event.changes["round"] == [1, 2]
    assert round_event.changes["election"] == [first.pk, second.pk]


def test_no_second_round_when_every_line_passed(org, personas):
    proposal = make_proposal(org, (org.people.binh, "CSTDCS"), outcome=ProposalLine.Outcome.PENDING)
    line = proposal.lines.get()
    meeting = meeting_with(org, personas.office, n=5, lines=[line])
    council.hold_meeting(meeting, by=personas.office)
    election = council.open_council_vote(meeting, by=personas.office)
    vote(election, personas.council, [{line.pk: "yes"}] * 5)
    voting.close_election(election, by=personas.office)
    council.record_council_result(meeting, by=personas.office)
    with pytest.raises(AwardsError, match="^Không có nội dung nào chưa đạt ở vòng một"):
        council.open_second_round(meeting, by=personas.office)
    assert Election.objects.count() == 1


def test_a_vote_short_of_ballots_approves_nothing(org, personas):
    proposal = make_proposal(org, (org.people.binh, "CSTDCS"), outcome=ProposalLine.Outcome.PENDING)
    line = proposal.lines.get()
    meeting = meeting_with(org, personas.office, n=6, lines=[line])
    council.hold_meeting(meeting, by=personas.office)
    election = council.open_council_vote(meeting, by=personas.office)
    assert election.ballot_quorum == "2/3"
    # 3 ballots of 6 members: under the 2/3 (4 ballots) the vote needs, the question decides nothing
    vote(election, personas.council, [{line.pk: "yes"}] * 3)
    voting.close_election(election, by=personas.office)
    assert election.questions.get().result.status == "short"
    assert council.record_council_result(meeting, by=personas.office) == {line.pk: "rejected"}
    second = council.open_second_round(meeting, by=personas.office)
    assert [c.ref_id for q in second.questions.all() for c in q.candidates.all()] == [line.pk]


def test_the_meeting_page_offers_the_second_round_once_the_first_is_recorded(client, org, personas):
    from django.urls import reverse

    from conftest import client_for

    proposal, binh, cuong, meeting, first = _first_round(org, personas)
    client_for(client, personas.office)
    detail = reverse("commendation:meeting_detail", args=[meeting.pk])
    action = reverse("commendation:meeting_second_round", args=[meeting.pk])
    assert action not in client.get(detail).content.decode()  # the first round's result is not recorded yet
    client.post(reverse("commendation:meeting_result", args=[meeting.pk]))
    page = client.get(detail).content.decode()
    assert 'id="meeting-second-round"' in page and action in page
    client_for(client, personas.council)
    assert client.post(action).status_code == 403
    client_for(client, personas.office)

    response = client.post(action)

    assert response["Location"] == detail
    meeting.refresh_from_db()
    assert (meeting.election.round, meeting.election.previous_round) == (2, first)
    page = client.get(detail).content.decode()
    assert 'id="vote-rounds"' in page and 'id="meeting-second-round"' not in page
    assert reverse("voting:election_detail", args=[first.pk]) in page
