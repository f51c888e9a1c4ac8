"""Target results: each registered target gets a result (chưa đạt / đạt / vượt) and an optional
achieved value instead of the bare ``achieved`` flag (True → đạt, False → chưa đạt), and the
registration records who of the block confirmed the results."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def flag_to_result(apps, schema_editor):
    Target = apps.get_model("cycle", "RegistrationTarget")
    Target.objects.filter(achieved=True).update(result="met")
    Target.objects.filter(achieved=False).update(result="not_met")


def result_to_flag(apps, schema_editor):
    Target = apps.get_model("cycle", "RegistrationTarget")
    Target.objects.filter(result__in=["met", "exceeded"]).update(achieved=True)
    Target.objects.filter(result="not_met").update(achieved=False)


class Migration(migrations.Migration):
    dependencies = [
        ("cycle", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="registrationtarget",
            name="result",
            field=models.CharField(
                blank=True,
                choices=[("not_met", "Chưa đạt"), ("met", "Đạt"), ("exceeded", "Vượt")],
                max_length=10,
                verbose_name="kết quả",
            ),
        ),
        migrations.AddField(
            model_name="registrationtarget",
            name="achieved_value",
            field=models.DecimalField(
                blank=True, decimal_places=2, max_digits=12, null=True, verbose_name="giá trị đạt được"
            ),
        ),
        migrations.AddField(
            model_name="registrationtarget",
            name="result_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="ghi kết quả lúc"),
        ),
        migrations.AddField(
            model_name="registration",
            name="results_confirmed_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AddField(
            model_name="registration",
            name="results_confirmed_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="khối xác nhận kết quả lúc"),
        ),
        migrations.RunPython(flag_to_result, result_to_flag),
        migrations.RemoveField(model_name="registrationtarget", name="achieved"),
    ]
