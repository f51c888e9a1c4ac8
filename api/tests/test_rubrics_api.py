"""Writing a rubric through the API as the pages do (issue 15): create, criteria, open, cross-scoring plan,
explanations, close; bulk score cells and bulk person ratings, each all-or-nothing with errors per row."""

from decimal import Decimal

from api.tests import bearer
from audit.models import AuditEvent
from organisation.models import PersonRating
from organisation.services import set_person_rating
from scoring.models import Criterion, Explanation, Rubric, Score

JSON = "application/json"
API = "/api/v1/scoring"
NOT_FOUND = {"detail": "Không tìm thấy hoặc nằm ngoài phạm vi của bạn."}
FORBIDDEN = {"detail": "Bạn chỉ có quyền xem, không có quyền thay đổi mục này."}


def _post(client, url, body, headers):
    return client.post(url, body, content_type=JSON, headers=headers)


def test_the_block_runner_builds_opens_and_closes_a_rubric(client, personas, cycle, org):
    lead = bearer(personas.unit_officer)  # PX03 leads the 2019 block
    block = cycle.block

    made = _post(client, f"{API}/blocks/{block.pk}/rubric", {"bonus_cap": "5", "gap": "2"}, lead)
    rubric_id = made.json()["id"]
    section = _post(
        client, f"{API}/rubrics/{rubric_id}/criteria", {"code": "I", "title": "Chuyên môn", "max_points": "60"}, lead
    )
    leaf = _post(
        client,
        f"{API}/rubrics/{rubric_id}/criteria",
        {"parent": section.json()["id"], "code": "I.1", "title": "Chỉ tiêu", "max_points": "60", "kind": "bonus"},
        lead,
    )
    opened = _post(client, f"{API}/rubrics/{rubric_id}/open", {}, lead)
    again = _post(client, f"{API}/rubrics/{rubric_id}/criteria", {"code": "II", "title": "X", "max_points": "1"}, lead)
    closed = _post(client, f"{API}/rubrics/{rubric_id}/close", {}, lead)

    assert made.status_code == 201
    assert (made.json()["title"], made.json()["status"], made.json()["bonus_cap"]) == (
        "Bảng tiêu chí chấm điểm thi đua năm 2019",
        "draft",
        "5.00",
    )
    assert (leaf.status_code, leaf.json()["depth"], leaf.json()["is_leaf"], leaf.json()["kind"]) == (
        201,
        1,
        True,
        "normal",  # a sub-criterion takes its section's kind
    )
    assert (opened.status_code, opened.json()["status"], opened.json()["max_points"]) == (200, "open", 60)
    assert again.status_code == 422 and Criterion.objects.filter(rubric_id=rubric_id).count() == 2
    assert (closed.status_code, closed.json()["status"]) == (200, "closed")
    assert AuditEvent.objects.filter(object_type="scoring.criterion", action=AuditEvent.Action.CREATE).count() == 2


def test_rubric_writes_outsiders_404_read_only_403_and_bad_values_422_naming_the_field(client, personas, cycle, draft):
    create = f"{API}/blocks/{cycle.block.pk}/rubric"
    settings = f"{API}/rubrics/{draft.pk}"

    outsider = [
        _post(client, create, {}, bearer(personas.outsider)).json(),
        client.patch(settings, {"trim": 2}, content_type=JSON, headers=bearer(personas.outsider)).json(),
    ]
    read_only = [
        client.patch(settings, {"trim": 2}, content_type=JSON, headers=bearer(user))
        for user in (personas.council, personas.leader, personas.officer)
    ]
    bad = client.patch(settings, {"trim": 9}, content_type=JSON, headers=bearer(personas.unit_officer))
    taken = _post(client, create, {}, bearer(personas.unit_officer))

    assert outsider == [NOT_FOUND, NOT_FOUND]
    assert [(r.status_code, r.json()) for r in read_only] == [(403, FORBIDDEN)] * 3
    assert bad.status_code == 422 and "trim" in bad.json()["detail"][0]["loc"]
    assert (taken.status_code, taken.json()) == (422, {"detail": "Khối đã có bảng tiêu chí năm nay."})
    assert Rubric.objects.get(pk=draft.pk).trim == 1


def test_cross_scorers_are_planned_and_explanations_asked_and_answered(client, personas, rubric, leaf, org, cycle):
    lead = bearer(personas.unit_officer)

    plan = _post(client, f"{API}/rubrics/{rubric.pk}/assignments/plan", {}, lead)
    asked = _post(
        client,
        f"{API}/rubrics/{rubric.pk}/units/{org.ph10.pk}/explanations",
        {"criterion": leaf["I.1"].pk, "question": "Vì sao tự chấm 20?"},
        lead,
    )
    not_a_leaf = _post(
        client,
        f"{API}/rubrics/{rubric.pk}/units/{org.ph10.pk}/explanations",
        {"criterion": leaf["I"].pk, "question": "?"},
        lead,
    )
    answer_url = f"{API}/explanations/{asked.json()['id']}/answer"
    by_another_unit = _post(client, answer_url, {"answer": "Đủ chỉ tiêu"}, bearer(personas.unit_officer))

    pairs = {(a["unit"]["code"], a["scorer"]["code"]) for a in plan.json()}
    assert plan.status_code == 200 and len(pairs) == 6  # 3 members, 2 scorers each, never themselves
    assert all(unit != scorer for unit, scorer in pairs)
    assert (asked.status_code, asked.json()["question"], asked.json()["answered_at"]) == (
        201,
        "Vì sao tự chấm 20?",
        None,
    )
    assert not_a_leaf.status_code == 422 and not_a_leaf.json()["detail"].startswith("criterion:")
    assert by_another_unit.status_code == 403  # PX03's officer leads the block but does not answer for PH10
    assert Explanation.objects.get().answer == ""


def test_bulk_cells_are_all_or_nothing_with_each_rows_problem(client, personas, rubric, leaf, org):
    url = f"{API}/rubrics/{rubric.pk}/sheets/self/{org.px03.pk}/cells"
    headers = bearer(personas.unit_officer)
    rows = [
        {"criterion": leaf["I.1"].pk, "value": "18", "version": 0},
        {"criterion": leaf["I.2"].pk, "value": "21", "version": 0},
        {"criterion": leaf["II"].pk, "value": "1", "version": 0},
        {"criterion": leaf["TR.1"].pk, "value": "-2", "version": 0},
    ]

    refused = client.put(url, {"cells": rows}, content_type=JSON, headers=headers)
    nothing = Score.objects.count()
    saved = client.put(url, {"cells": [rows[0], rows[3]]}, content_type=JSON, headers=headers)

    assert refused.status_code == 422
    assert refused.json()["errors"] == [
        {"row": 1, "field": "value", "detail": "Điểm vượt quá điểm tối đa của tiêu chí (20)."},
        {
            "row": 2,
            "field": "criterion",
            "detail": f"Tiêu chí {leaf['II'].pk} không phải tiêu chí cuối của bảng tiêu chí này.",
        },
    ]
    assert nothing == 0
    assert saved.status_code == 200
    assert [(c["criterion"], c["value"], c["version"]) for c in saved.json()] == [
        (leaf["I.1"].pk, "18.00", 1),
        (leaf["TR.1"].pk, "-2.00", 1),
    ]
    assert sorted(Score.objects.values_list("value", flat=True)) == [Decimal("-2.00"), Decimal("18.00")]


def test_bulk_cells_read_only_403_outsider_404(client, personas, rubric, leaf, org):
    url = f"{API}/rubrics/{rubric.pk}/sheets/self/{org.px03.pk}/cells"
    body = {"cells": [{"criterion": leaf["I.1"].pk, "value": "1", "version": 0}]}

    outsider = client.put(url, body, content_type=JSON, headers=bearer(personas.outsider))
    council = client.put(url, body, content_type=JSON, headers=bearer(personas.council))

    assert (outsider.status_code, council.status_code) == (404, 403)
    assert Score.objects.count() == 0


def test_bulk_person_ratings_all_or_nothing(client, personas, org):
    an, binh, cuong = org.people.an, org.people.binh, org.people.cuong
    office = bearer(personas.office)
    url = "/api/v1/people/ratings/2024"
    set_person_rating(an, 2024, "HTNV", by=personas.admin)
    stranger = org.people.hoa  # in Hưng Yên, outside the Quảng Bình office
    initial = dict(PersonRating.objects.filter(year=2024).values_list("person_id", "rating"))
    events = AuditEvent.objects.filter(object_type="organisation.person", changes__has_key="rating_2024")
    initial_events = events.count()
    good = [{"person": an.pk, "rating": "HTXSNV"}, {"person": binh.pk, "rating": "HTTNV"}]

    refused = client.put(
        url,
        {"ratings": [*good, {"person": stranger.pk, "rating": "HTNV"}, {"person": 2_000_000, "rating": "HTNV"}]},
        content_type=JSON,
        headers=office,
    )
    before = dict(PersonRating.objects.filter(year=2024).values_list("person_id", "rating"))
    leader = client.put(url, {"ratings": good}, content_type=JSON, headers=bearer(personas.leader))
    bad_value = client.put(url, {"ratings": [{"person": an.pk, "rating": "TOT"}]}, content_type=JSON, headers=office)
    saved = client.put(
        url, {"ratings": [*good, {"person": cuong.pk, "rating": "HTNV"}]}, content_type=JSON, headers=office
    )

    assert refused.status_code == 422
    assert refused.json()["errors"] == [
        {
            "row": 2,
            "field": "person",
            "detail": f"Không tìm thấy cán bộ {stranger.pk} hoặc cán bộ nằm ngoài phạm vi của bạn.",
        },
        {
            "row": 3,
            "field": "person",
            "detail": "Không tìm thấy cán bộ 2000000 hoặc cán bộ nằm ngoài phạm vi của bạn.",
        },
    ]
    assert before == initial and initial[an.pk] == "HTNV"
    assert (leader.status_code, leader.json()) == (403, FORBIDDEN)
    assert bad_value.status_code == 422 and "rating" in bad_value.json()["detail"][0]["loc"]
    expected = {an.pk: "HTXSNV", binh.pk: "HTTNV", cuong.pk: "HTNV"}
    changed = sum(initial.get(pk) != rating for pk, rating in expected.items())
    assert (saved.status_code, saved.json()) == (200, {"year": 2024, "rows": 3, "changed": changed})
    assert changed >= 2  # An and Bình change whatever the fixture holds
    assert dict(PersonRating.objects.filter(year=2024).values_list("person_id", "rating")) == {
        an.pk: "HTXSNV",
        binh.pk: "HTTNV",
        cuong.pk: "HTNV",
    }
    assert events.count() == initial_events + saved.json()["changed"]
