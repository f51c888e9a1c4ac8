"""The minutes say what the result is: not decided for too few ballots, and nothing at all of a
result too thin to publish (the winner included)."""

import pytest

from voting import exports, services
from voting.models import Election
from voting.tests.conftest import pick
from voting.tests.test_seed_000 import docx_text

pytestmark = pytest.mark.django_db


def _cast(e, election, xdll, codes, leader="PX03"):
    for code in codes:
        services.cast_ballot(
            e, e.roll.get(unit=xdll.units[code]), {election.leader.key: pick(election.leader, leader)}, by=None
        )


def test_the_minutes_say_not_decided_when_the_ballots_are_too_few(election, xdll, personas):
    e = services.open_election(election.election, by=personas.office)
    _cast(e, election, xdll, ["PX01", "PV01", "PV02", "PV05"])
    services.close_election(e, by=personas.office)
    e.refresh_from_db()
    text = docx_text(exports.count_minutes_docx(e))
    assert "Khối trưởng năm 2019: không quyết định — chưa đủ số phiếu (4 phiếu thu về)." in text
    assert "Trúng" not in text


def test_the_minutes_publish_nothing_below_the_minimum_of_ballots(election, xdll, personas):
    Election.objects.filter(pk=election.election.pk).update(ballot_quorum="1/2", min_ballots=5)
    e = services.open_election(election.election, by=personas.office)
    _cast(e, election, xdll, ["PX01", "PV01", "PV02", "PV05"])
    services.close_election(e, by=personas.office)
    e.refresh_from_db()
    for build in (exports.count_minutes_docx, exports.minutes_docx):
        text = docx_text(build(e))
        assert "Chỉ có 4 phiếu (dưới 5): không công bố kết quả, kể cả người trúng, để giữ bí mật phiếu bầu." in text
        assert "PX03 – Phòng Công tác đảng và công tác chính trị (" not in text
        assert "Trúng" not in text
