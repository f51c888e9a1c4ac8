"""The demo's commendation year (``demo.commendation``): 2025 proposed, voted, decided and
conferred end to end through the workflow; 2026 in progress. The demo is loaded once for the module
(``seed_demo``) and rolled back."""

import datetime
from decimal import ROUND_CEILING
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction

from audit.models import AuditEvent
from commendation.models import CouncilMeeting, Decision, DecisionLine, Proposal, ProposalLine
from demo import facts as demo
from demo.commendation import JUSTIFICATION, seed_commendation
from honours.models import TitleAward
from voting.models import Ballot, Election

MODELS = [Proposal, ProposalLine, CouncilMeeting, Decision, DecisionLine, TitleAward, Election, Ballot, AuditEvent]


@pytest.fixture(scope="module")
def loaded(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("seed_demo", stdout=StringIO())
        yield
        transaction.set_rollback(True)


@pytest.fixture
def decision(loaded, db):
    return Decision.objects.get(issuing_unit__ref="CAQB", year=2025)


def test_the_2025_decision_is_issued_with_its_bonuses(decision):
    assert (decision.status, decision.number, decision.symbol, decision.date) == (
        "issued",
        1268,
        "QĐ-CAT",
        datetime.date(2025, 12, 10),
    )
    assert decision.reference == "1268/QĐ-CAT ngày 10/12/2025"
    assert decision.base_salary == 2_340_000
    lines = list(decision.lines.select_related("title"))
    assert len(lines) == 47  # PX03 proposes CSTT for every eligible officer: the room's titles are decided
    assert sorted(x.title.code for x in lines) == ["CSTDCS"] * 4 + ["CSTT"] * 43
    for line in lines:
        steps = (line.bonus_multiple * 2_340_000 / 10_000).to_integral_value(rounding=ROUND_CEILING)
        assert line.bonus_amount == int(steps) * 10_000
    assert {x.title.code: x.bonus_amount for x in lines} == {"CSTDCS": 2_340_000, "CSTT": 710_000}
    assert decision.meeting.status == CouncilMeeting.Status.CLOSED
    assert decision.meeting.election.status == Election.Status.CLOSED
    assert Ballot.objects.filter(election=decision.meeting.election).count() == decision.meeting.members.count() == 6


def test_every_council_member_has_a_login_that_can_vote(decision):
    from organisation.models import User
    from voting import permissions as voting_perms

    meeting = decision.meeting
    members = list(meeting.members.select_related("person").order_by("pk"))
    logins = {u.person_id: u for u in User.objects.filter(person__in=[m.person for m in members])}
    assert [(m.role, logins[m.person_id].username) for m in members if m.person_id in logins] == [
        ("Chủ tịch Hội đồng", "hoidong"),
        ("Phó Chủ tịch Hội đồng", "hoidong.pgd1"),
        ("Ủy viên", "hoidong.pgd2"),
        ("Ủy viên", "hoidong.pgd3"),
        ("Ủy viên thường trực", "chihuy.px03"),
        ("Ủy viên", "hoidong.px01"),
    ]
    for user in logins.values():
        assert user.check_password("thidua2025")
        assert [e.person_id for e in voting_perms.voter_entries(user, meeting.election)] == [user.person_id]
        assert voting_perms.visible_elections(user).filter(pk=meeting.election_id).exists()
    assert {u.username for u in logins.values() if u.username.startswith("hoidong.")} == {
        u.username for u in User.objects.filter(grants__role="council_member", grants__unit__ref="CAQB")
    } - {"hoidong"}


def test_the_flagged_line_was_justified_and_rejected(decision):
    rejected = ProposalLine.objects.get(proposal__year=2025, outcome=ProposalLine.Outcome.REJECTED)
    assert (rejected.proposal.unit.ref, rejected.title.code, rejected.engine_status, rejected.justification) == (
        "CAQB-PX03",
        "CSTT",
        "not_eligible",
        JUSTIFICATION,
    )
    assert not DecisionLine.objects.filter(proposal_line=rejected).exists()
    assert set(Proposal.objects.filter(year=2025).values_list("status", flat=True)) == {Proposal.Status.DECIDED}
    assert ProposalLine.objects.filter(proposal__year=2025).count() == 48


def test_the_2025_titles_link_to_the_decision_and_spare_the_showcase(decision):
    awards = TitleAward.objects.filter(year=2025)
    assert awards.count() == 47
    assert set(awards.values_list("decision_line__decision", flat=True)) == {decision.pk}
    assert set(awards.values_list("decision_ref", flat=True)) == {decision.reference}
    assert set(awards.values_list("title__code", flat=True)) == {"CSTT", "CSTDCS"}
    showcase = {c.subject for c in demo.showcase() if c.recipient == demo.IND}
    assert not awards.filter(person_id__in=showcase).exists()
    assert not awards.filter(unit__isnull=False).exists()


def test_2026_is_in_progress(loaded, db):
    assert list(Proposal.objects.filter(year=2026).order_by("unit__code").values_list("unit__code", "status")) == [
        ("PH10", "submitted"),
        ("PX03", "draft"),
    ]
    assert not Decision.objects.filter(year=2026).exists()
    submitted = ProposalLine.objects.filter(proposal__year=2026, proposal__status="submitted")
    assert submitted.count() == 3 and all(x.justification for x in submitted if x.flagged)
    assert ProposalLine.objects.filter(proposal__year=2026, engine_status="not_eligible").exists()


def test_seeding_twice_adds_nothing(loaded, db):
    before = {m.__name__: m.objects.count() for m in MODELS}
    assert not any(seed_commendation().values())
    assert {m.__name__: m.objects.count() for m in MODELS} == before


def test_the_demo_publishes_the_year_end_article_written_from_its_data(loaded, db):
    from news.models import Article

    articles = list(Article.objects.select_related("block", "conference").order_by("pk"))
    assert [(a.block.name, a.block.year, a.conference.kind, a.status) for a in articles] == [
        ("Khối XDLL – TT – HCKT", 2025, "year_end", Article.Status.PUBLISHED),
        ("Khối XDLL – TT – HCKT", 2026, "year_end", Article.Status.DRAFT),
    ]
    # the office that wrote them may edit them: the drafts list shows it its draft
    from news.permissions import drafts_for
    from organisation.models import User

    assert [a.pk for a in drafts_for(User.objects.get(username="thuongtruc"))] == [articles[1].pk]
    published = [a for a in articles if a.status == Article.Status.PUBLISHED]
    first = published[0]
    assert first.block.name == "Khối XDLL – TT – HCKT"
    # written from the data: next year's leader and deputy, elected at that conference, are named in it
    from cycle.models import Block

    following = Block.objects.select_related("leader", "deputy").get(previous=first.block)
    assert following.leader.name in first.body
    assert following.deputy.name in first.body
