"""The council's second ballot round through the API: offered on the lines the first round did not
approve, refused before the first round's result is recorded and after two rounds."""

import pytest

from api.tests import bearer
from commendation.models import ProposalLine
from commendation.tests.test_council import members, vote
from commendation.tests.test_decisions import make_proposal
from voting import services as voting
from voting.models import Election

pytestmark = pytest.mark.django_db
API = "/api/v1/decisions"
JSON = "application/json"


def test_a_second_round_on_the_failed_lines_through_the_api(client, org, personas):
    office = bearer(personas.office)
    proposal = make_proposal(
        org, (org.people.binh, "CSTDCS"), (org.people.cuong, "CSTD_BO"), outcome=ProposalLine.Outcome.PENDING
    )
    binh, cuong = proposal.lines.order_by("order")
    meeting = client.post(
        f"{API}/meetings",
        {"unit": org.caqb.pk, "year": 2024, "date": "2024-12-05", "place": "Hội trường"},
        content_type=JSON,
        headers=office,
    ).json()
    url = f"{API}/meetings/{meeting['id']}"
    roster = [{"person": p.pk, "present": True} for p in members(org, 5)]
    client.put(f"{url}/members", roster, content_type=JSON, headers=office)
    client.put(f"{url}/agenda", {"lines": [binh.pk, cuong.pk]}, content_type=JSON, headers=office)
    client.post(f"{url}/hold", headers=office)
    first = client.post(f"{url}/vote", {"per_list": False}, content_type=JSON, headers=office).json()
    assert first["rounds"] == [first["election"]]
    election = Election.objects.get(pk=first["election"])
    # 4 of 5: CSTĐ cơ sở (80 %) passes, CSTĐ Bộ (90 %) does not
    vote(election, personas.council, [{binh.pk: "yes", cuong.pk: "yes"}] * 4 + [{binh.pk: "no", cuong.pk: "no"}])
    voting.close_election(election, by=personas.office)

    early = client.post(f"{url}/second-round", headers=office)
    assert (early.status_code, early.json()) == (
        422,
        {"detail": "Cần ghi kết quả xét của vòng một trước khi bỏ phiếu vòng hai."},
    )
    recorded = client.post(f"{url}/result", headers=office).json()
    assert recorded == {str(binh.pk): "approved", str(cuong.pk): "rejected"}
    assert client.post(f"{url}/second-round", headers=bearer(personas.council)).status_code == 403

    second = client.post(f"{url}/second-round", headers=office)

    assert second.status_code == 200
    body = second.json()
    assert body["rounds"] == [election.pk, body["election"]]
    round_two = Election.objects.get(pk=body["election"])
    assert (round_two.round, round_two.status, round_two.previous_round_id) == (2, "open", election.pk)
    assert [c.ref_id for q in round_two.questions.all() for c in q.candidates.all()] == [cuong.pk]
    vote(round_two, personas.council, [{cuong.pk: "yes"}] * 5)
    voting.close_election(round_two, by=personas.office)
    assert client.post(f"{url}/result", headers=office).json() == {str(cuong.pk): "approved"}
    third = client.post(f"{url}/second-round", headers=office)
    assert (third.status_code, third.json()) == (
        422,
        {"detail": "Đã bỏ phiếu hai vòng: theo quy định, thủ trưởng có thẩm quyền quyết định."},
    )
