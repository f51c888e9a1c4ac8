"""The demo's elections: 2025 closed with PX03 and PH10 elected, 2026 open and waiting for PX03."""

import pytest
from django.core.management import call_command

from voting import services
from voting.models import Election

pytestmark = pytest.mark.slow


def test_the_demo_has_a_closed_2025_election_and_an_open_2026_one_px03_can_vote_in(db):
    call_command("seed_demo", verbosity=0)
    closed, current = Election.objects.filter(conference__isnull=False).order_by("year")  # not the council's
    assert (closed.title, closed.status, closed.ballots_count) == ("Bỏ phiếu suy tôn năm 2025", "closed", 8)
    leader, deputy = services.leader_result(closed)
    assert (leader.code, deputy.code, closed.applied_at is not None) == ("PX03", "PH10", True)
    assert (services.verify_chain(closed), services.recount_differences(closed)) == ([], [])
    block_2026 = current.conference.block
    assert (block_2026.year, block_2026.leader.code, block_2026.deputy.code) == (2026, "PX03", "PH10")
    assert block_2026.leaders_basis == "Kết quả bỏ phiếu suy tôn tại hội nghị tổng kết năm ngày 06/11/2025"
    assert (current.status, current.ballots_count) == ("open", 6)
    assert sorted(current.roll.filter(has_voted=False).values_list("unit__code", flat=True)) == ["PV06", "PX03"]
    from organisation.models import User
    from voting import permissions

    assert [e.unit.code for e in permissions.voter_entries(User.objects.get(username="tdkt.px03"), current)] == ["PX03"]
