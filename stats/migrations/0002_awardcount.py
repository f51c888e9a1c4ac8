"""The award summary and its triggers (``stats.summary``), filled from the awards already there."""

from django.db import migrations, models


def forward(apps, schema_editor):
    from stats import summary

    summary.install(schema_editor.connection)
    summary.rebuild(schema_editor.connection)


def backward(apps, schema_editor):
    from stats import summary

    summary.uninstall(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [
        ("stats", "0001_news"),
        ("awards", "0006_base_salary"),
        ("organisation", "0003_verbose_names"),
    ]

    operations = [
        migrations.CreateModel(
            name="AwardCount",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("unit_key", models.IntegerField(verbose_name="đơn vị")),
                ("year", models.PositiveSmallIntegerField(verbose_name="năm")),
                ("kind", models.CharField(max_length=1, verbose_name="loại")),
                ("honour", models.IntegerField(verbose_name="danh hiệu, hình thức")),
                ("individual", models.BooleanField(verbose_name="cá nhân")),
                ("annulled", models.BooleanField(verbose_name="đã huỷ bỏ")),
                ("decision", models.IntegerField(verbose_name="quyết định")),
                ("n", models.IntegerField(verbose_name="số lượt")),
            ],
            options={
                "verbose_name": "số lượt khen thưởng (tổng hợp)",
                "verbose_name_plural": "số lượt khen thưởng (tổng hợp)",
                "constraints": [
                    models.UniqueConstraint(
                        fields=("unit_key", "year", "kind", "honour", "individual", "annulled", "decision"),
                        name="stats_awardcount_key",
                    )
                ],
            },
        ),
        migrations.RunPython(forward, backward),
    ]
