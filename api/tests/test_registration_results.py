"""Target results through the API: the unit records them (after the registration deadline), one unit
or many at once, all or nothing with each bad row named; the block's runners confirm them."""

from decimal import Decimal

import pytest

from api.tests import bearer
from audit.models import AuditEvent
from cycle.models import RegistrationTarget
from cycle.services.registration import TargetData, save_registration
from honours.models import Title

JSON = "application/json"
TARGETS = [TargetData("Hoàn thành 100% kế hoạch công tác", Decimal("100"), "%"), TargetData("Tổ chức hội thi")]


@pytest.fixture
def registered(cycle, org, personas):
    """PX03 and PV01 registered two targets each; the deadline (31/03/2019) has passed."""
    dvqt = Title.objects.get(code="DVQT")
    for unit in (org.px03, cycle.pv01):
        save_registration(cycle.block, unit, titles=[dvqt], targets=TARGETS, people=[], by=personas.office)
    return cycle


def ids(block, unit):
    return list(
        RegistrationTarget.objects.filter(registration__block=block, registration__unit=unit).values_list(
            "pk", flat=True
        )
    )


def stored():
    return list(RegistrationTarget.objects.order_by("pk").values_list("result", "achieved_value"))


def test_the_unit_records_its_results_and_reads_them_back(client, registered, org, personas):
    first, second = ids(registered.block, org.px03)
    url = f"/api/v1/blocks/{registered.block.pk}/registrations/{org.px03.pk}/results"
    response = client.put(
        url,
        {
            "results": [
                {"target": first, "result": "exceeded", "achieved_value": "104.5"},
                {"target": second, "result": "met"},
            ]
        },
        content_type=JSON,
        headers=bearer(personas.unit_officer),
    )
    assert response.status_code == 200
    body = response.json()
    assert [(t["id"], t["result"], t["achieved_value"], t["achieved"]) for t in body["targets"]] == [
        (first, "exceeded", "104.50", True),
        (second, "met", None, True),
    ]
    assert (body["status"], body["results_confirmed_at"]) == ("draft", None)


def test_a_bad_value_is_a_422_naming_the_field(client, registered, org, personas):
    first, _second = ids(registered.block, org.px03)
    response = client.put(
        f"/api/v1/blocks/{registered.block.pk}/registrations/{org.px03.pk}/results",
        {"results": [{"target": first, "result": "xuất sắc"}]},
        content_type=JSON,
        headers=bearer(personas.unit_officer),
    )
    assert response.status_code == 422
    assert "result" in str(response.json()["detail"])


def test_another_units_target_refuses_the_whole_list_with_each_row_named(client, registered, org, personas):
    mine = ids(registered.block, org.px03)
    theirs = ids(registered.block, registered.pv01)
    headers = bearer(personas.unit_officer)
    events = AuditEvent.objects.count()
    response = client.put(
        f"/api/v1/blocks/{registered.block.pk}/registration-results",
        {
            "results": [
                {"target": mine[0], "result": "met"},
                {"target": theirs[0], "result": "met"},
                {"target": mine[1], "result": "", "achieved_value": "3"},
            ]
        },
        content_type=JSON,
        headers=headers,
    )
    assert (response.status_code, response.json()) == (
        422,
        {
            "detail": "Không ghi dòng nào: 2 lỗi, sửa rồi gửi lại cả danh sách.",
            "errors": [
                {"row": 1, "field": "target", "detail": "Bạn không ghi kết quả cho PV01."},
                {
                    "row": 2,
                    "field": "achieved_value",
                    "detail": "Có giá trị đạt được thì cần chọn kết quả (Chưa đạt, Đạt hoặc Vượt).",
                },
            ],
        },
    )
    assert stored() == [("", None)] * 4
    assert AuditEvent.objects.count() == events


def test_the_office_records_many_units_at_once(client, registered, org, personas):
    rows = [
        {"target": pk, "result": "exceeded"}
        for pk in ids(registered.block, org.px03) + ids(registered.block, registered.pv01)
    ]
    response = client.put(
        f"/api/v1/blocks/{registered.block.pk}/registration-results",
        {"results": rows},
        content_type=JSON,
        headers=bearer(personas.office),
    )
    assert (response.status_code, response.json()) == (200, {"rows": 4, "changed": 4})
    board = client.get(f"/api/v1/blocks/{registered.block.pk}/registrations", headers=bearer(personas.office)).json()
    assert (board["totals"]["units_met"], board["totals"]["units_exceeded"]) == (2, 2)


def test_only_the_blocks_runners_confirm_and_only_complete_results(client, registered, org, personas):
    url = f"/api/v1/blocks/{registered.block.pk}/registrations/{registered.pv01.pk}/results/confirm"
    early = client.post(url, content_type=JSON, headers=bearer(registered.ph10_officer))
    assert (early.status_code, early.json()) == (422, {"detail": "PV01 còn 2/2 chỉ tiêu chưa ghi kết quả."})

    RegistrationTarget.objects.update(result="met")
    assert client.post(url, content_type=JSON, headers=bearer(registered.pv01_commander)).status_code == 403
    assert client.post(url, content_type=JSON, headers=bearer(personas.outsider)).status_code == 404
    confirmed = client.post(url, content_type=JSON, headers=bearer(registered.ph10_officer))
    assert confirmed.status_code == 200
    assert confirmed.json()["results_confirmed_at"] is not None
