"""Certificate templates belong to a unit: its emulation office edits them, other bodies read and copy
them. The existing ones are the Ministry's (the root unit): nothing recorded which unit made them."""

import django.db.models.deletion
from django.db import migrations, models


def to_root(apps, schema_editor):
    CertificateTemplate = apps.get_model("commendation", "CertificateTemplate")
    Unit = apps.get_model("organisation", "Unit")
    root = Unit.objects.filter(parent__isnull=True).order_by("path", "pk").first()
    if root is None:
        # No unit at all: the templates are the usual ones, made again on first use once units exist.
        CertificateTemplate.objects.all().delete()
        return
    CertificateTemplate.objects.filter(owner__isnull=True).update(owner=root)


class Migration(migrations.Migration):
    dependencies = [
        ("commendation", "0007_issued_lines_frozen"),
        ("organisation", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="certificatetemplate",
            name="owner",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="certificate_templates",
                to="organisation.unit",
                verbose_name="đơn vị sở hữu",
            ),
        ),
        migrations.RunPython(to_root, migrations.RunPython.noop),
    ]
