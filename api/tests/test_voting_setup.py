"""Setting an election up through the API alone, as the pages do: the election at a conference, the
leader and deputy questions, a question with units and other candidates, the roll, a paper count,
applying the elected leaders. Refusals are 422 naming the field; read-only roles 403."""

import pytest

from api.tests import bearer
from voting.models import Election, PaperCount, Question

pytestmark = pytest.mark.django_db
API = "/api/v1/voting"
JSON = "application/json"


def test_an_election_is_set_up_through_the_api(client, xdll, personas):
    office = bearer(personas.office)
    body = {"conference": xdll.conference.pk, "title": "Bỏ phiếu suy tôn năm 2018", "ballot_quorum": "3/4"}
    assert client.post(f"{API}/elections", body, content_type=JSON, headers=bearer(personas.council)).status_code == 403
    bad = client.post(f"{API}/elections", body | {"ballot_quorum": "1/3"}, content_type=JSON, headers=office)
    assert bad.status_code == 422 and "ballot_quorum" in bad.content.decode()

    created = client.post(f"{API}/elections", body, content_type=JSON, headers=office)

    assert created.status_code == 201, created.content
    election = created.json()
    assert (election["status"], election["ballot_quorum"], election["min_ballots"], len(election["roll"])) == (
        "draft",
        "3/4",
        3,
        8,
    )
    url = f"{API}/elections/{election['id']}"
    leaders = client.post(f"{url}/leaders", headers=office).json()
    assert [(q["purpose"], len(q["candidates"])) for q in leaders["questions"]] == [("leader", 8), ("deputy", 8)]
    question = {
        "text": "Cờ thi đua của Bộ Công an",
        "seats": 2,
        "purpose": "flag",
        "units": [xdll.units["PX03"].pk, xdll.units["PH10"].pk],
        "labels": ["Đơn vị khác"],
    }
    added = client.post(f"{url}/questions", question, content_type=JSON, headers=office)
    assert added.status_code == 201, added.content
    flag = added.json()["questions"][2]
    assert [c["label"][:4] for c in flag["candidates"]] == ["PX03", "PH10", "Đơn "]
    outsider_unit = client.post(
        f"{url}/questions", question | {"units": [xdll.block.managed_by.pk]}, content_type=JSON, headers=office
    )
    assert (outsider_unit.status_code, outsider_unit.json()["detail"]) == (
        422,
        f"units: đơn vị {xdll.block.managed_by.pk} không thuộc khối.",
    )
    assert client.delete(f"{API}/questions/{flag['id']}", headers=office).status_code == 204
    assert Question.objects.filter(pk=flag["id"]).exists() is False

    entries = {e["label"][:4]: e["id"] for e in election["roll"]}
    roll = client.put(f"{url}/roll", [{"entry": entries["PH41"], "present": False}], content_type=JSON, headers=office)
    assert [e["present"] for e in roll.json()["roll"] if e["label"].startswith("PH41")] == [False]


def test_a_paper_count_and_the_leaders_applied_through_the_api(client, xdll, personas):
    office = bearer(personas.office)
    created = client.post(
        f"{API}/elections",
        {"conference": xdll.conference.pk, "title": "Bầu khối trưởng", "mode": "paper"},
        content_type=JSON,
        headers=office,
    ).json()
    url = f"{API}/elections/{created['id']}"
    questions = client.post(f"{url}/leaders", headers=office).json()["questions"]
    assert client.post(f"{url}/open", headers=office).json()["status"] == "open"
    by_code = [{c["label"][:4]: c["id"] for c in q["candidates"]} for q in questions]
    wrong = {"issued": 8, "returned": 8, "valid": 7, "invalid": 0, "votes": {str(by_code[0]["PX03"]): 7}}
    refused = client.put(f"{API}/questions/{questions[0]['id']}/paper", wrong, content_type=JSON, headers=office)
    assert (refused.status_code, refused.json()["detail"]) == (
        422,
        "Số phiếu hợp lệ (7) cộng không hợp lệ (0) phải bằng số phiếu thu về (8).",
    )
    counts = [
        {
            "issued": 8,
            "returned": 8,
            "valid": 8,
            "invalid": 0,
            "votes": {str(by_code[0]["PX03"]): 6, str(by_code[0]["PH10"]): 2},
        },
        {
            "issued": 8,
            "returned": 8,
            "valid": 8,
            "invalid": 0,
            "votes": {str(by_code[1]["PH10"]): 7, str(by_code[1]["PV01"]): 1},
        },
    ]
    for q, figures in zip(questions, counts, strict=True):
        saved = client.put(f"{API}/questions/{q['id']}/paper", figures, content_type=JSON, headers=office)
        assert saved.status_code == 200, saved.content
    assert PaperCount.objects.filter(question__election_id=created["id"]).count() == 2
    client.post(f"{url}/close", headers=office)
    results = client.get(f"{url}/results", headers=office).json()
    assert [(q["status"], q["winners"]) for q in results["questions"]] == [
        ("decided", [by_code[0]["PX03"]]),
        ("decided", [by_code[1]["PH10"]]),
    ]
    applied = client.post(f"{url}/apply", headers=office)
    assert applied.status_code == 200, applied.content
    assert Election.objects.get(pk=created["id"]).applied_at is not None
