"""The council meeting: members and quorum, the agenda, the secret vote through the voting module
with the rule set's shares of the total membership, each line's outcome."""

import datetime

import pytest

from audit.models import AuditEvent
from commendation.models import CouncilMeeting, Proposal, ProposalLine
from commendation.services import council, decisions
from commendation.tests.test_decisions import make_proposal
from eligibility.services import AwardsError
from organisation import services as org_services
from voting import services as voting
from voting.models import Election

pytestmark = pytest.mark.django_db
DAY = datetime.date(2024, 12, 5)


def members(org, n):
    return [
        org_services.create_person(
            by=None,
            unit=org.caqb,
            ident=f"HD{i:06d}",
            full_name=f"Thành viên {i}",
            sex="M",
            rank="thuong_ta",
            position="Phó Giám đốc",
        )
        for i in range(1, n + 1)
    ]


def meeting_with(org, by, n=5, absent=0, lines=()):
    meeting = council.create_meeting(by=by, unit=org.caqb, year=2024, date=DAY, place="Hội trường Công an tỉnh")
    people = members(org, n)
    council.set_members(meeting, [(p, i >= absent) for i, p in enumerate(people)], by=by)
    if lines:
        council.set_agenda(meeting, lines, by=by)
    return meeting


def vote(election, by, answers_per_voter):
    """Each voter in roll order answers ``{line id: "yes" | "no"}``."""
    candidates = {c.ref_id: c for q in election.questions.all() for c in q.candidates.all()}
    for entry, answers in zip(election.roll.order_by("pk"), answers_per_voter, strict=False):
        ballot = {}
        for line_id, value in answers.items():
            c = candidates[line_id]
            ballot.setdefault(str(c.question_id), {})[str(c.pk)] = value
        voting.cast_ballot(election, entry, ballot, by=by)


def test_a_quorum_not_met_blocks_the_vote(org, personas):
    proposal = make_proposal(org, (org.people.binh, "CSTDCS"), outcome=ProposalLine.Outcome.PENDING)
    meeting = meeting_with(org, personas.office, n=6, absent=3, lines=proposal.lines.all())

    assert council.check_quorum(meeting) == council.Quorum(present=3, total=6, needed=4)
    with pytest.raises(AwardsError, match=r"^Không đủ số thành viên Hội đồng có mặt: có 3/6, cần ít nhất 4.$"):
        council.hold_meeting(meeting, by=personas.office)
    with pytest.raises(AwardsError, match="Chỉ bỏ phiếu khi phiên họp đang diễn ra"):
        council.open_council_vote(meeting, by=personas.office)
    assert Election.objects.count() == 0


def test_two_thirds_of_nine_is_six(org, personas):
    meeting = meeting_with(org, personas.office, n=9, absent=3)
    assert council.check_quorum(meeting) == council.Quorum(present=6, total=9, needed=6)
    assert council.hold_meeting(meeting, by=personas.office).status == CouncilMeeting.Status.HELD


def test_the_agenda_takes_only_lines_under_review_of_this_council(org, personas):
    draft = make_proposal(org, (org.people.binh, "CSTDCS"), status=Proposal.Status.DRAFT)
    meeting = meeting_with(org, personas.office)
    with pytest.raises(AwardsError, match="Chỉ xét các đề nghị gửi Hội đồng này và đang chờ Hội đồng xét"):
        council.set_agenda(meeting, draft.lines.all(), by=personas.office)


def test_the_vote_passes_lines_at_the_rule_sets_share_of_the_total_membership(org, personas):
    proposal = make_proposal(
        org, (org.people.binh, "CSTDCS"), (org.people.cuong, "CSTD_BO"), outcome=ProposalLine.Outcome.PENDING
    )
    binh, cuong = proposal.lines.order_by("order")
    meeting = meeting_with(org, personas.office, n=5, lines=[binh, cuong])
    council.hold_meeting(meeting, by=personas.office)

    election = council.open_council_vote(meeting, by=personas.office)

    questions = list(election.questions.order_by("order"))
    assert [(q.kind, q.base, q.fraction, q.strict, q.purpose) for q in questions] == [
        ("approve", "roll", "4/5", False, "proposal"),
        ("approve", "roll", "9/10", False, "proposal"),
    ]
    assert (election.organiser_unit, election.voter_kind, election.status, election.roll.count()) == (
        org.caqb,
        "persons",
        "open",
        5,
    )
    # 4 of 5 approve both: 80 % passes CSTĐ cơ sở, not CSTĐ Bộ (90 %).
    vote(election, personas.council, [{binh.pk: "yes", cuong.pk: "yes"}] * 4 + [{binh.pk: "no", cuong.pk: "no"}])
    with pytest.raises(AwardsError, match="Cuộc bỏ phiếu của Hội đồng chưa kết thúc."):
        council.record_council_result(meeting, by=personas.office)
    voting.close_election(election, by=personas.office)

    outcomes = council.record_council_result(meeting, by=personas.office)

    assert outcomes == {binh.pk: "approved", cuong.pk: "rejected"}
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.REVIEWED
    assert council.close_meeting(meeting, by=personas.office).status == CouncilMeeting.Status.CLOSED
    # Only the approved line goes into the decision.
    decision = decisions.create_decision_from_lines(
        by=personas.office,
        issuing_unit=org.caqb,
        lines=[binh],
        symbol="QĐ-CAT",
        subject="Về việc tặng danh hiệu",
        meeting=meeting,
    )
    assert decisions.issue_decision(decision, by=personas.office, date=DAY).lines.get().bonus_amount == 2_340_000
    events = AuditEvent.objects.filter(object_type="commendation.councilmeeting", object_id=str(meeting.pk))
    keys = {"unit", "members", "agenda", "status", "election", "outcomes"}
    assert [set(e.changes) & keys for e in events.order_by("pk")] == [
        {"unit", "status"},
        {"members"},
        {"agenda"},
        {"status"},
        {"election"},
        {"outcomes"},
        {"status"},
    ]


def test_a_vote_per_list_has_one_question_per_share(org, personas):
    proposal = make_proposal(
        org,
        (org.people.binh, "CSTDCS"),
        (org.people.cuong, "CSTT"),
        (org.people.an, "CSTD_BO"),
        outcome=ProposalLine.Outcome.PENDING,
    )
    meeting = meeting_with(org, personas.office, n=3, lines=proposal.lines.all())
    council.hold_meeting(meeting, by=personas.office)

    election = council.open_council_vote(meeting, by=personas.office, per_list=True)

    assert [(q.fraction, q.candidates.count()) for q in election.questions.order_by("order")] == [
        ("4/5", 2),
        ("9/10", 1),
    ]
    with pytest.raises(AwardsError, match="Phiên họp đã có cuộc bỏ phiếu."):
        council.open_council_vote(meeting, by=personas.office)


def test_an_absent_members_written_opinion_counts(org, personas):
    proposal = make_proposal(org, (org.people.binh, "CSTDCS"), outcome=ProposalLine.Outcome.PENDING)
    line = proposal.lines.get()
    meeting = meeting_with(org, personas.office, n=5, absent=1, lines=[line])
    council.hold_meeting(meeting, by=personas.office)
    election = council.open_council_vote(meeting, by=personas.office)

    vote(election, personas.council, [{line.pk: "yes"}] * 5)
    voting.close_election(election, by=personas.office)

    assert council.record_council_result(meeting, by=personas.office) == {line.pk: "approved"}


def test_members_and_agenda_are_fixed_once_the_meeting_is_held(org, personas):
    meeting = meeting_with(org, personas.office, n=3)
    council.hold_meeting(meeting, by=personas.office)
    with pytest.raises(AwardsError, match="Phiên họp đã bắt đầu"):
        council.set_members(meeting, [], by=personas.office)
    with pytest.raises(AwardsError, match="Phiên họp chưa có nội dung xét."):
        council.open_council_vote(meeting, by=personas.office)
