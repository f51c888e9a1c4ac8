"""``audit.bulkinsert``: rows and instances written by COPY on PostgreSQL (by ``bulk_create`` elsewhere) come back
exactly as Django would have written them."""

import pytest
from django.utils import timezone
from django.utils.translation import gettext_lazy

from audit.bulkinsert import insert_objects, insert_rows
from audit.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_rows_take_defaults_json_lazy_text_and_the_time_of_the_call():
    before = timezone.now()
    ids = insert_rows(
        AuditEvent,
        [
            {
                "action": "create",
                "object_type": "x.y",
                "object_id": "1",
                "object_repr": gettext_lazy("Đơn vị"),
                "changes": {"a": [None, "Đội 1"], "n": [1, 2]},
            },
            {"action": AuditEvent.Action.UPDATE, "object_type": "x.y", "object_id": "2", "object_repr": "b"},
        ],
        ids=True,
    )
    rows = list(
        AuditEvent.objects.filter(pk__in=ids)
        .order_by("pk")
        .values("pk", "action", "object_repr", "changes", "note", "actor", "at")
    )
    assert [r["pk"] for r in rows] == ids and len(ids) == 2
    assert [(r["action"], r["object_repr"], r["changes"], r["note"], r["actor"]) for r in rows] == [
        ("create", "Đơn vị", {"a": [None, "Đội 1"], "n": [1, 2]}, "", None),
        ("update", "b", {}, "", None),
    ]
    assert all(before <= r["at"] <= timezone.now() for r in rows)


def test_rows_without_ids_return_nothing_and_an_empty_batch_writes_nothing():
    assert insert_rows(AuditEvent, []) == []
    assert (
        insert_rows(AuditEvent, [{"action": "create", "object_type": "t", "object_id": "9", "object_repr": "r"}]) == []
    )
    assert AuditEvent.objects.filter(object_type="t", object_id="9").count() == 1


def test_instances_come_back_saved_with_their_keys():
    events = [
        AuditEvent(action="delete", object_type="u.v", object_id=str(i), object_repr=f"r{i}", changes={"i": i})
        for i in range(3)
    ]
    saved = insert_objects(AuditEvent, events, ids=True)
    assert [e.pk for e in saved] == list(
        AuditEvent.objects.filter(object_type="u.v").order_by("object_id").values_list("pk", flat=True)
    )
    assert all(not e._state.adding for e in saved)
    assert AuditEvent.objects.get(pk=saved[2].pk).changes == {"i": 2}


def test_a_foreign_key_goes_in_as_its_id(django_user_model):
    user = django_user_model.objects.create_user("bulk", password="x")
    insert_rows(
        AuditEvent,
        [{"action": "create", "object_type": "d", "object_id": "1", "object_repr": "r", "actor_id": user.pk}],
    )
    assert AuditEvent.objects.get(object_type="d").actor == user
