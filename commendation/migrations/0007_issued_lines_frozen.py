"""Issued means frozen: a decision line keeps its recipient's name, rank, position and unit as on the day
of issue. The lines already issued (or recorded, or annulled since) get today's data: the best there is.

On SQLite adding a column remakes the table (copy, drop, rename), which the award summary's triggers that
name the table refuse (``error in trigger …: no such table``) and which would drop the triggers on it: the
triggers naming it are set aside first and put back, as they were, once the columns are there."""

from django.db import migrations, models

BATCH = 1000
FIELDS = [
    "recipient_name",
    "recipient_rank",
    "recipient_position",
    "recipient_unit_name",
    "recipient_unit_code",
    "recipient_unit_superior",
]


TABLE = "commendation_decisionline"
_set_aside: list[tuple[str, str]] = []


def set_triggers_aside(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND (tbl_name = %s OR sql LIKE %s)",
            [TABLE, f"%{TABLE}%"],
        )
        _set_aside[:] = cursor.fetchall()
        for name, _sql in _set_aside:
            cursor.execute(f'DROP TRIGGER IF EXISTS "{name}"')


def put_triggers_back(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    with schema_editor.connection.cursor() as cursor:
        for name, sql in _set_aside:
            cursor.execute(f'DROP TRIGGER IF EXISTS "{name}"')
            cursor.execute(sql)
    _set_aside.clear()


def _unit(unit, **more):
    if unit is None:
        return {"recipient_name": ""} | more
    parent = unit.parent if unit.parent_id else None
    superior = parent.name if parent is not None and parent.parent_id is not None else ""
    return {
        "recipient_name": unit.name,
        "recipient_unit_name": unit.name,
        "recipient_unit_code": unit.code,
        "recipient_unit_superior": superior,
    } | more


def _snapshot(line) -> dict:
    person = line.person
    if person is not None:
        ranks = dict(person._meta.get_field("rank").choices)
        return _unit(
            person.unit,
            recipient_name=person.full_name,
            recipient_rank=str(ranks.get(person.rank, "")) if person.rank else "",
            recipient_position=person.position,
        )
    return _unit(line.unit)


def freeze_issued(apps, schema_editor):
    DecisionLine = apps.get_model("commendation", "DecisionLine")
    lines = (
        DecisionLine.objects.exclude(decision__status="draft")
        .select_related("person__unit__parent", "unit__parent")
        .order_by("pk")
    )
    batch = []
    for line in lines.iterator(chunk_size=BATCH):
        for name, value in _snapshot(line).items():
            setattr(line, name, value)
        batch.append(line)
        if len(batch) >= BATCH:
            DecisionLine.objects.bulk_update(batch, FIELDS)
            batch = []
    if batch:
        DecisionLine.objects.bulk_update(batch, FIELDS)


class Migration(migrations.Migration):
    dependencies = [
        ("commendation", "0006_line_exclusions"),
        ("organisation", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(set_triggers_aside, put_triggers_back),
        migrations.AddField(
            model_name="decisionline",
            name="recipient_name",
            field=models.CharField(blank=True, max_length=255, verbose_name="họ tên, tên tập thể khi ban hành"),
        ),
        migrations.AddField(
            model_name="decisionline",
            name="recipient_rank",
            field=models.CharField(blank=True, max_length=40, verbose_name="cấp bậc khi ban hành"),
        ),
        migrations.AddField(
            model_name="decisionline",
            name="recipient_position",
            field=models.CharField(blank=True, max_length=120, verbose_name="chức vụ khi ban hành"),
        ),
        migrations.AddField(
            model_name="decisionline",
            name="recipient_unit_name",
            field=models.CharField(blank=True, max_length=255, verbose_name="đơn vị khi ban hành"),
        ),
        migrations.AddField(
            model_name="decisionline",
            name="recipient_unit_code",
            field=models.CharField(blank=True, max_length=20, verbose_name="mã đơn vị khi ban hành"),
        ),
        migrations.AddField(
            model_name="decisionline",
            name="recipient_unit_superior",
            field=models.CharField(blank=True, max_length=255, verbose_name="đơn vị cấp trên khi ban hành"),
        ),
        migrations.RunPython(put_triggers_back, set_triggers_aside),
        migrations.RunPython(freeze_issued, migrations.RunPython.noop),
    ]
