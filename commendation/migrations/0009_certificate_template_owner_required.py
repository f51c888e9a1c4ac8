"""Every certificate template has its owner (0008 filled them; apart, so that PostgreSQL alters the column
after the update's deferred checks)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("commendation", "0008_certificate_template_owner")]

    operations = [
        migrations.AlterField(
            model_name="certificatetemplate",
            name="owner",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="certificate_templates",
                to="organisation.unit",
                verbose_name="đơn vị sở hữu",
            ),
        ),
    ]
