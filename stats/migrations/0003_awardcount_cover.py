"""The summary's covering index (``stats.summary.cover_index_sql``): PostgreSQL's ``INCLUDE`` has
no SQLite counterpart in Django's ``Meta.indexes``, so it is created here per vendor."""

from django.db import migrations


def forward(apps, schema_editor):
    from stats import summary

    schema_editor.execute(summary.cover_index_sql(schema_editor.connection.vendor))


def backward(apps, schema_editor):
    from stats import summary

    schema_editor.execute(f"DROP INDEX IF EXISTS {summary.COVER_INDEX}")


class Migration(migrations.Migration):
    dependencies = [("stats", "0002_awardcount")]

    operations = [migrations.RunPython(forward, backward)]
