"""The voting API: the same access as the pages, casting for voters, results only after closing."""

import pytest

from organisation.services import issue_api_token
from voting import services
from voting.tests.conftest import pick


@pytest.fixture
def bearer():
    def headers(user):
        _token, raw = issue_api_token(user, name="thử", by=user)
        return {"Authorization": f"Bearer {raw}"}

    return headers


def test_every_route_is_404_for_the_outsider(client, election, personas, bearer):
    e = election.election
    h = bearer(personas.outsider)
    assert client.get("/api/v1/voting/elections", headers=h).json() == {"items": [], "count": 0}
    gets = [
        f"/api/v1/voting/elections/{e.pk}",
        f"/api/v1/voting/elections/{e.pk}/results",
        f"/api/v1/voting/elections/{e.pk}/receipts",
    ]
    posts = [f"/api/v1/voting/elections/{e.pk}/open", f"/api/v1/voting/elections/{e.pk}/close"]
    assert [client.get(url, headers=h).status_code for url in gets] == [404, 404, 404]
    assert [client.post(url, headers=h).status_code for url in posts] == [404, 404]
    cast = client.post(
        f"/api/v1/voting/elections/{e.pk}/ballots", {"answers": {}}, content_type="application/json", headers=h
    )
    assert (cast.status_code, cast.json()) == (404, {"detail": "Không tìm thấy hoặc nằm ngoài phạm vi của bạn."})


def test_read_only_roles_read_but_neither_open_nor_vote(client, election, personas, bearer):
    e = election.election
    h = bearer(personas.council)
    detail = client.get(f"/api/v1/voting/elections/{e.pk}", headers=h).json()
    assert (detail["status"], [q["text"] for q in detail["questions"]], len(detail["roll"]), detail["my_entries"]) == (
        "draft",
        ["Khối trưởng năm 2019", "Khối phó năm 2019", "Cờ thi đua của Bộ Công an", "Đơn vị tiên tiến"],
        8,
        [],
    )
    assert client.post(f"/api/v1/voting/elections/{e.pk}/open", headers=h).status_code == 403
    services.open_election(e, by=personas.office)
    cast = client.post(
        f"/api/v1/voting/elections/{e.pk}/ballots", {"answers": {}}, content_type="application/json", headers=h
    )
    assert (cast.status_code, cast.json()) == (
        403,
        {"detail": "Bạn chỉ có quyền xem, không có quyền thay đổi mục này."},
    )


def test_a_voter_casts_once_and_reads_the_results_after_closing(client, election, xdll, personas, bearer):
    e = election.election
    office = bearer(personas.office)
    opened = client.post(f"/api/v1/voting/elections/{e.pk}/open", headers=office).json()
    assert (opened["status"], opened["ballots_count"]) == ("open", 0)
    voters = {code: bearer(xdll.reps[code]) for code in ("PX01", "PV01", "PH41", "PV02", "PV05", "PV06")}
    body = {
        "answers": {
            election.leader.key: pick(election.leader, "PX03"),
            election.dvtt.key: {pick(election.dvtt, "PH10")[0]: "no"},
        }
    }
    for h in voters.values():
        assert (
            client.post(
                f"/api/v1/voting/elections/{e.pk}/ballots", body, content_type="application/json", headers=h
            ).status_code
            == 201
        )
    again = client.post(
        f"/api/v1/voting/elections/{e.pk}/ballots", body, content_type="application/json", headers=voters["PV01"]
    )
    assert (again.status_code, again.json()) == (
        422,
        {"detail": "PV01 – Phòng Tham mưu đã bỏ phiếu: mỗi cử tri chỉ bỏ một phiếu."},
    )
    early = client.get(f"/api/v1/voting/elections/{e.pk}/results", headers=voters["PV01"])
    assert (early.status_code, early.json()) == (409, {"detail": "Cuộc bỏ phiếu chưa kết thúc: chưa có kết quả."})

    client.post(f"/api/v1/voting/elections/{e.pk}/close", headers=office)
    results = client.get(f"/api/v1/voting/elections/{e.pk}/results", headers=voters["PV01"]).json()
    leader = results["questions"][0]
    assert (
        results["withheld"],
        results["ballots_count"],
        results["ballots_needed"],
        leader["status"],
        leader["status_text"],
        leader["winners"],
    ) == (False, 6, 6, "decided", "Đã quyết định", [int(pick(election.leader, "PX03")[0])])
    assert [(c["label"][:4], c["votes"], c["percent"]) for c in leader["candidates"] if c["votes"]] == [
        ("PX03", 6, 100.0)
    ]
    dvtt = results["questions"][3]
    assert [(c["label"][:4], c["votes"], c["against"]) for c in dvtt["candidates"] if c["against"]] == [("PH10", 0, 6)]


def _cast(client, e, election, xdll, bearer, leaders: dict):
    for code, leader in leaders.items():
        body = {"answers": {election.leader.key: pick(election.leader, leader)}}
        response = client.post(
            f"/api/v1/voting/elections/{e.pk}/ballots",
            body,
            content_type="application/json",
            headers=bearer(xdll.reps[code]),
        )
        assert response.status_code == 201


def test_a_leader_chosen_by_one_ballot_of_eight_is_not_decided(client, election, xdll, personas, bearer):
    from voting.models import Election

    Election.objects.filter(pk=election.election.pk).update(min_ballots=1)
    e = services.open_election(election.election, by=personas.office)
    _cast(client, e, election, xdll, bearer, {"PV01": "PX03"})
    services.close_election(e, by=personas.office)
    results = client.get(f"/api/v1/voting/elections/{e.pk}/results", headers=bearer(personas.office)).json()
    leader = results["questions"][0]
    assert (results["ballots_count"], results["ballots_needed"]) == (1, 6)
    assert (leader["status"], leader["status_text"], leader["winners"], leader["ballots"]) == (
        "short",
        "Không quyết định: chưa đủ số phiếu",
        [],
        1,
    )
    assert [c["label"][:4] for c in leader["candidates"] if c["winner"] or c["passes"]] == []


def test_below_the_minimum_of_ballots_the_api_publishes_no_winner(client, election, xdll, personas, bearer):
    from voting.models import Election

    Election.objects.filter(pk=election.election.pk).update(ballot_quorum="1/2", min_ballots=5)
    e = services.open_election(election.election, by=personas.office)
    _cast(client, e, election, xdll, bearer, {"PX01": "PX03", "PV01": "PX03", "PV02": "PX03", "PV05": "PX03"})
    services.close_election(e, by=personas.office)
    results = client.get(f"/api/v1/voting/elections/{e.pk}/results", headers=bearer(personas.office)).json()
    leader = results["questions"][0]
    assert (results["withheld"], leader["status"], leader["status_text"], leader["winners"]) == (
        True,
        None,
        "Không công bố",
        [],
    )
    assert {(c["votes"], c["passes"], c["winner"], c["tied"]) for c in leader["candidates"]} == {
        (None, None, None, None)
    }


def test_a_four_four_tie_is_flagged_and_a_runoff_opened_through_the_api(client, election, xdll, personas, bearer):
    e = services.open_election(election.election, by=personas.office)
    codes = ["PX01", "PX03", "PV02", "PV01", "PV05", "PV06", "PH10", "PH41"]
    _cast(client, e, election, xdll, bearer, {code: "PX03" if i % 2 else "PH10" for i, code in enumerate(codes)})
    services.close_election(e, by=personas.office)
    office = bearer(personas.office)
    leader = client.get(f"/api/v1/voting/elections/{e.pk}/results", headers=office).json()["questions"][0]
    assert (leader["status"], leader["seats_left"], leader["winners"]) == ("tie", 1, [])
    assert sorted(c["label"][:4] for c in leader["candidates"] if c["tied"]) == ["PH10", "PX03"]

    voter = client.post(f"/api/v1/voting/questions/{election.leader.pk}/runoff", headers=bearer(xdll.reps["PH41"]))
    assert voter.status_code == 403
    response = client.post(f"/api/v1/voting/questions/{election.leader.pk}/runoff", headers=office)
    assert response.status_code == 201
    runoff = response.json()
    assert (runoff["round"], runoff["status"], runoff["ballot_quorum"], runoff["runoff_of"]) == (
        2,
        "draft",
        "2/3",
        election.leader.pk,
    )
    again = client.post(f"/api/v1/voting/questions/{election.leader.pk}/runoff", headers=office)
    assert (again.status_code, again.json()) == (422, {"detail": "Đã có vòng bỏ phiếu lại cho câu hỏi này."})
    flag = client.post(f"/api/v1/voting/questions/{election.flag.pk}/runoff", headers=office)
    assert (flag.status_code, flag.json()) == (422, {"detail": "Chỉ bỏ phiếu lại cho câu hỏi có kết quả hoà."})


def test_an_invalid_answer_is_refused_with_the_reason(client, election, xdll, personas, bearer):
    e = services.open_election(election.election, by=personas.office)
    h = bearer(xdll.reps["PV01"])
    too_many = {"answers": {election.flag.key: pick(election.flag, "PX01", "PX03", "PV01", "PV02")}}
    response = client.post(
        f"/api/v1/voting/elections/{e.pk}/ballots", too_many, content_type="application/json", headers=h
    )
    assert (response.status_code, response.json()) == (
        422,
        {"detail": "Câu “Cờ thi đua của Bộ Công an”: chỉ được chọn tối đa 3."},
    )
    unknown = {"answers": {election.leader.key: ["999999"]}}
    response = client.post(
        f"/api/v1/voting/elections/{e.pk}/ballots", unknown, content_type="application/json", headers=h
    )
    assert (response.status_code, response.json()) == (
        422,
        {"detail": "Câu “Khối trưởng năm 2019”: lựa chọn không hợp lệ."},
    )
    assert e.roll.filter(has_voted=True).count() == 0
