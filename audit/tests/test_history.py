"""The history tab ("Lịch sử thay đổi") of an object's page, read from the audit log.

Create events store the new object's fields flat (``{field: value}``) or as ``[None, value]`` pairs,
delete events the removed fields flat or as ``[value, None]``, update events ``[old, new]`` pairs: each
line shows the model field's Vietnamese label, choices by their labels, a value whole.
"""

import datetime
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from audit.display import change_lines
from audit.models import AuditEvent
from conftest import client_for
from organisation import services
from organisation.models import Unit


def history(response) -> list[str]:
    """The history table's rows as (action, content) texts, newest first."""
    html = response.content.decode()
    section = html[html.index('<details class="card card-body mb-3 history">') :]
    section = section[: section.index("</details>")]
    rows = re.findall(r"<tr><td>.*?</td><td>.*?</td><td>(.*?)</td>\s*<td>(.*?)</td></tr>", section, re.S)
    return [f"{action}: {re.sub(r'<[^>]+>', '', content).strip()}" for action, content in rows]


def lines(event) -> list[tuple[str, tuple[str, ...]]]:
    return [(line.label, line.values) for line in change_lines(event)]


@pytest.fixture
def pv01(org, personas):
    return services.create_unit(
        by=personas.office,
        ref="CAQB-PV01",
        code="PV01",
        name="Phòng Tham mưu",
        kind=Unit.Kind.ROOM,
        parent=org.caqb,
        valid_from=datetime.date(2020, 1, 1),
    )


def test_a_created_unit_shows_its_fields_with_labels_and_whole_values(org, personas, client, pv01):
    response = client_for(client, personas.office).get(reverse("organisation:unit_detail", args=[pv01.pk]))
    assert response.status_code == 200
    assert history(response) == [
        "Tạo mới: Mã định danh: CAQB-PV01; Mã đơn vị: PV01; Tên đơn vị: Phòng Tham mưu; Tên viết tắt: —; "
        "Cấp, loại đơn vị: Đơn vị cấp Phòng; Đơn vị cấp trên: CAQB – Công an tỉnh Quảng Bình; Hiệu lực từ: 01/01/2020; "
        "Hiệu lực đến: —"
    ]


def test_an_update_shows_old_and_new_with_labels(org, personas, client, pv01):
    services.update_unit(pv01, by=personas.office, name="Phòng Tham mưu tổng hợp", kind=Unit.Kind.TEAM)
    response = client_for(client, personas.office).get(reverse("organisation:unit_detail", args=[pv01.pk]))
    assert history(response)[0] == (
        "Cập nhật: Tên đơn vị: Phòng Tham mưu → Phòng Tham mưu tổng hợp; Cấp, loại đơn vị: Đơn vị cấp Phòng → Đội, trạm"
    )


def test_a_status_change_shows_the_choice_labels(cycle, personas, client):
    from scoring.services import rubrics
    from scoring.services.rubrics import CriterionRow

    rubric = rubrics.create_rubric(cycle.block, by=personas.unit_officer, bonus_cap=Decimal(10), floor=Decimal(0))
    rubrics.replace_criteria(
        rubric,
        [
            CriterionRow(
                code="I", parent="", title="Công tác xây dựng lực lượng", kind="normal", max_points=Decimal(100)
            )
        ],
        by=personas.unit_officer,
    )
    rubrics.open_scoring(rubric, by=personas.unit_officer)
    response = client_for(client, personas.unit_officer).get(reverse("scoring:rubric_detail", args=[rubric.pk]))
    assert response.status_code == 200
    assert history(response)[0] == "Cập nhật: Trạng thái: Dự thảo → Đang chấm điểm"
    assert history(response)[-1].startswith("Tạo mới: Tiêu đề: ")


def test_a_created_movement_shows_its_scope_as_one_list(cycle, org, personas, client):
    response = client_for(client, personas.office).get(reverse("cycle:movement_detail", args=[cycle.movement.pk]))
    assert response.status_code == 200
    [created] = history(response)
    assert created.startswith("Tạo mới: Tên phong trào: Vì an ninh Tổ quốc; ")
    assert created.endswith("; Đơn vị phát động: BCA – Bộ Công an; Phạm vi (đơn vị và cấp dưới): BCA – Bộ Công an")


def event(action, changes, object_type="organisation.unit"):
    return AuditEvent(action=action, object_type=object_type, object_id="1", object_repr="x", changes=changes)


def test_create_events_read_flat_values_and_empty_old_pairs_as_the_new_value():
    assert lines(event("create", {"name": "Phòng Tham mưu", "kind": "room", "valid_to": None})) == [
        ("Tên đơn vị", ("Phòng Tham mưu",)),
        ("Cấp, loại đơn vị", ("Đơn vị cấp Phòng",)),
        ("Hiệu lực đến", ("—",)),
    ]
    assert lines(event("create", {"name": [None, "Phòng Tham mưu"], "members": [None, [3, 7]]})) == [
        ("Tên đơn vị", ("Phòng Tham mưu",)),
        ("members", ("3, 7",)),
    ]


def test_a_list_that_is_a_value_is_not_split():
    assert lines(event("create", {"members": [3, 7]}, "cycle.block")) == [("Members", ("3, 7",))]
    assert lines(event("update", {"members": [[3, 7], [3, 7, 9]]}, "cycle.block")) == [("Members", ("3, 7", "3, 7, 9"))]
    assert lines(event("delete", {"members": [3, 7]}, "cycle.block")) == [("Members", ("3, 7",))]


def test_delete_events_read_flat_values_and_pairs_as_the_old_value():
    assert lines(event("delete", {"code": "PV01", "name": ["Phòng Tham mưu", None]})) == [
        ("Mã đơn vị", ("PV01",)),
        ("Tên đơn vị", ("Phòng Tham mưu",)),
    ]


def test_update_events_read_pairs_nested_pairs_booleans_and_unknown_keys():
    assert lines(event("update", {"status": ["draft", "confirmed"]}, "cycle.registration")) == [
        ("Trạng thái", ("Đang soạn", "Thủ trưởng đã xác nhận"))
    ]
    assert lines(
        event("update", {"revoked": [False, True], "rating_2024": [None, "HTXSNV"]}, "organisation.apitoken")
    ) == [
        ("Đã thu hồi", ("không", "có")),
        ("rating_2024", ("—", "HTXSNV")),
    ]
    assert lines(event("update", {"attendance": {"PX03": [None, "+ Nguyễn Văn An"]}}, "cycle.conference")) == [
        ("attendance · PX03", ("—", "+ Nguyễn Văn An"))
    ]
    assert lines(event("update", {"valid_to": [None, "2025-02-28"]})) == [("Hiệu lực đến", ("—", "28/02/2025"))]
    assert lines(event("create", {"name": "x"}, "gone.model")) == [("name", ("x",))]


def test_foreign_keys_show_the_names_of_the_objects_looked_up_once_for_the_whole_list(org, personas):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    first = AuditEvent.objects.order_by("-pk").values_list("pk", flat=True)[0]
    services.transfer_person(org.people.an, org.ph10, by=personas.office, start=datetime.date(2025, 1, 1))
    services.transfer_person(org.people.binh, org.ph10, by=personas.office, start=datetime.date(2025, 1, 1))
    gone = services.create_unit(by=None, ref="CAQB-X", code="X", name="Tạm", kind=Unit.Kind.ROOM, parent=org.caqb)
    AuditEvent.objects.create(
        action="update",
        object_type="organisation.person",
        object_id="0",
        object_repr="x",
        changes={"unit": [gone.pk, org.px03.pk]},
    )
    Unit.objects.filter(pk=gone.pk).delete()
    with CaptureQueriesContext(connection) as queries:
        events = list(AuditEvent.objects.filter(pk__gt=first, object_type="organisation.person").order_by("pk"))
    assert len(queries) == 2  # the events, then every unit they name in one query
    px03, ph10 = "PX03 – Phòng Công tác đảng và công tác chính trị", "PH10 – Phòng Hậu cần"
    assert [lines(e)[0] for e in events] == [
        ("Đơn vị hiện tại", (px03, ph10)),
        ("Đơn vị hiện tại", (px03, ph10)),
        ("Đơn vị hiện tại", (f"#{gone.pk}", px03)),  # deleted since: its key
    ]
