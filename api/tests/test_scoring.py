"""The scoring API: the same access rules as the pages (outsider 404, read-only roles 403), refusals as 422
with their message, the conflict as 409 carrying the stored cell, results always current."""

from api.tests import bearer
from scoring.models import Score, Sheet
from scoring.services import rounds
from scoring.services.rounds import sheet_for
from scoring.tests.test_rounds import FULL, fill

JSON = "application/json"
API = "/api/v1/scoring"
NOT_FOUND = {"detail": "Không tìm thấy hoặc nằm ngoài phạm vi của bạn."}
FORBIDDEN = {"detail": "Bạn chỉ có quyền xem, không có quyền thay đổi mục này."}


def test_the_openapi_document_lists_the_scoring_paths(client, db):
    doc = client.get("/api/v1/openapi.json").json()

    assert sorted(p for p in doc["paths"] if p.startswith(API)) == [
        f"{API}/assignments/{{assignment_id}}/remove",
        f"{API}/blocks/{{block_id}}/rubric",
        f"{API}/blocks/{{block_id}}/rubric/copy",
        f"{API}/criteria/{{criterion_id}}",
        f"{API}/evidence/{{evidence_id}}",
        f"{API}/explanations/{{explanation_id}}/answer",
        f"{API}/rubrics/{{rubric_id}}",
        f"{API}/rubrics/{{rubric_id}}/assignments",
        f"{API}/rubrics/{{rubric_id}}/assignments/plan",
        f"{API}/rubrics/{{rubric_id}}/close",
        f"{API}/rubrics/{{rubric_id}}/criteria",
        f"{API}/rubrics/{{rubric_id}}/import",
        f"{API}/rubrics/{{rubric_id}}/open",
        f"{API}/rubrics/{{rubric_id}}/results",
        f"{API}/rubrics/{{rubric_id}}/revise",
        f"{API}/rubrics/{{rubric_id}}/sheets/cross/{{unit_id}}/{{scorer_id}}",
        f"{API}/rubrics/{{rubric_id}}/sheets/cross/{{unit_id}}/{{scorer_id}}/cells",
        f"{API}/rubrics/{{rubric_id}}/sheets/cross/{{unit_id}}/{{scorer_id}}/cells/{{criterion_id}}",
        f"{API}/rubrics/{{rubric_id}}/sheets/self/{{unit_id}}/evidence",
        f"{API}/rubrics/{{rubric_id}}/sheets/self/{{unit_id}}/evidence/{{criterion_id}}",
        f"{API}/rubrics/{{rubric_id}}/sheets/{{round}}/{{unit_id}}",
        f"{API}/rubrics/{{rubric_id}}/sheets/{{round}}/{{unit_id}}/cells",
        f"{API}/rubrics/{{rubric_id}}/sheets/{{round}}/{{unit_id}}/cells/{{criterion_id}}",
        f"{API}/rubrics/{{rubric_id}}/units/{{unit_id}}/discrepancies",
        f"{API}/rubrics/{{rubric_id}}/units/{{unit_id}}/explanations",
    ]
    value = doc["components"]["schemas"]["CellIn"]["properties"]["value"]["anyOf"][0]
    assert (value["minimum"], value["maximum"]) == (-1000, 1000)


def test_the_block_rubric_comes_with_its_tree_and_maxima(client, personas, rubric, cycle):
    response = client.get(f"{API}/blocks/{cycle.block.pk}/rubric", headers=bearer(personas.council))

    body = response.json()
    assert (body["id"], body["status"], body["max_points"], body["max_bonus"]) == (rubric.pk, "open", 100, 10)
    assert [(c["code"], c["depth"], c["is_leaf"]) for c in body["criteria"]][:4] == [
        ("I", 0, False),
        ("I.1", 1, True),
        ("I.2", 1, True),
        ("II", 0, False),
    ]


def test_a_unit_officer_saves_a_cell_and_the_results_follow(client, personas, rubric, leaf, org):
    url = f"{API}/rubrics/{rubric.pk}/sheets/self/{org.px03.pk}/cells/{leaf['I.1'].pk}"
    headers = bearer(personas.unit_officer)

    saved = client.put(
        url, {"value": "17.5", "version": 0, "figures": "12 văn bản"}, content_type=JSON, headers=headers
    )
    ranked = client.get(f"{API}/rubrics/{rubric.pk}/results", headers=headers).json()

    assert saved.status_code == 200
    assert saved.json() == {
        "criterion": leaf["I.1"].pk,
        "value": "17.50",
        "version": 1,
        "note": "",
        "figures": "12 văn bản",
        "reason": "",
    }
    px03 = next(r for r in ranked if r["unit"]["code"] == "PX03")
    assert (px03["self_total"]["total"], px03["self_scored"], px03["criteria"], px03["final_total"]) == (
        17.5,
        1,
        9,
        None,
    )


def test_a_refused_value_is_a_422_with_its_vietnamese_message(client, personas, rubric, leaf, org):
    url = f"{API}/rubrics/{rubric.pk}/sheets/self/{org.px03.pk}/cells/{leaf['I.1'].pk}"

    response = client.put(url, {"value": "21", "version": 0}, content_type=JSON, headers=bearer(personas.unit_officer))

    assert (response.status_code, response.json()) == (422, {"detail": "Điểm vượt quá điểm tối đa của tiêu chí (20)."})


def test_a_stale_version_is_a_409_that_carries_the_stored_cell(client, personas, rubric, leaf, org):
    url = f"{API}/rubrics/{rubric.pk}/sheets/self/{org.px03.pk}/cells/{leaf['I.1'].pk}"
    client.put(url, {"value": "15", "version": 0}, content_type=JSON, headers=bearer(personas.unit_officer))

    response = client.put(url, {"value": "12", "version": 0}, content_type=JSON, headers=bearer(personas.commander))

    body = response.json()
    assert response.status_code == 409
    assert body["current"] == {
        "criterion": leaf["I.1"].pk,
        "value": "15.00",
        "version": 1,
        "note": "",
        "figures": "",
        "reason": "",
    }
    assert body["detail"].startswith("Ô này vừa được unit_officer sửa thành 15 lúc ")
    assert str(Score.objects.get().value) == "15.00"


def test_the_outsider_gets_404_and_read_only_roles_403(client, personas, rubric, leaf, org, cycle):
    cell = f"{API}/rubrics/{rubric.pk}/sheets/self/{org.px03.pk}/cells/{leaf['I.1'].pk}"
    reads = [
        f"{API}/blocks/{cycle.block.pk}/rubric",
        f"{API}/rubrics/{rubric.pk}",
        f"{API}/rubrics/{rubric.pk}/results",
        f"{API}/rubrics/{rubric.pk}/assignments",
        f"{API}/rubrics/{rubric.pk}/sheets/self/{org.px03.pk}",
        f"{API}/rubrics/{rubric.pk}/units/{org.px03.pk}/discrepancies",
    ]
    outsider = bearer(personas.outsider)

    assert [client.get(url, headers=outsider).json() for url in reads] == [NOT_FOUND] * len(reads)
    assert client.put(cell, {"value": "1", "version": 0}, content_type=JSON, headers=outsider).json() == NOT_FOUND
    for user in (personas.council, personas.leader, personas.officer):
        response = client.put(cell, {"value": "1", "version": 0}, content_type=JSON, headers=bearer(user))
        assert (response.status_code, response.json()) == (403, FORBIDDEN)
    assert Score.objects.count() == 0


def test_a_cross_sheet_of_a_removed_scorer_says_it_does_not_count(client, personas, rubric, leaf, org, cycle):
    rounds.assign_cross_scorers(rubric, by=personas.unit_officer)
    fill(sheet_for(rubric, org.px03, Sheet.Round.CROSS, cycle.pv01), leaf, FULL, personas.office)
    assignment = rubric.assignments.get(unit=org.px03, scorer=cycle.pv01)
    rounds.remove_assignment(assignment, by=personas.unit_officer, reason="Trùng nhiệm vụ")

    body = client.get(
        f"{API}/rubrics/{rubric.pk}/sheets/cross/{org.px03.pk}/{cycle.pv01.pk}", headers=bearer(personas.office)
    ).json()
    results = client.get(f"{API}/rubrics/{rubric.pk}/results", headers=bearer(personas.office)).json()

    assert (body["counts"], body["total"]["total"], len(body["cells"])) == (False, 95, 9)
    px03 = next(r for r in results if r["unit"]["code"] == "PX03")
    assert (px03["cross_total"], px03["removed"]) == (
        None,
        [{"scorer": {"id": cycle.pv01.pk, "code": "PV01", "name": "Phòng Tham mưu"}, "reason": "Trùng nhiệm vụ"}],
    )
