"""The award summary's triggers (``stats.summary``), filled from the awards already there, and its covering
index (``stats.summary.cover_index_sql``): PostgreSQL's ``INCLUDE`` has no SQLite counterpart in Django's
``Meta.indexes``, so it is created here per vendor."""

from django.db import migrations


def forward(apps, schema_editor):
    from stats import summary

    summary.install(schema_editor.connection)
    summary.rebuild(schema_editor.connection)
    schema_editor.execute(summary.cover_index_sql(schema_editor.connection.vendor))


def backward(apps, schema_editor):
    from stats import summary

    schema_editor.execute(f"DROP INDEX IF EXISTS {summary.COVER_INDEX}")
    summary.uninstall(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [
        ("stats", "0001_initial"),
        ("honours", "0002_catalogue"),
        ("commendation", "0002_base_salary"),
        ("organisation", "0001_initial"),
    ]
    operations = [migrations.RunPython(forward, backward)]
