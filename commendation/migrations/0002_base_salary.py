"""The base salary (mức lương cơ sở) table from 2019: bonuses use the one in force on the decision date."""

import datetime

from django.db import migrations

BASE_SALARIES = [
    (datetime.date(2019, 7, 1), 1_490_000, "Nghị định 38/2019/NĐ-CP"),
    (datetime.date(2023, 7, 1), 1_800_000, "Nghị định 24/2023/NĐ-CP"),
    (datetime.date(2024, 7, 1), 2_340_000, "Nghị định 73/2024/NĐ-CP"),
]


def load(apps, schema_editor):
    BaseSalary = apps.get_model("commendation", "BaseSalary")
    for valid_from, amount, basis in BASE_SALARIES:
        BaseSalary.objects.update_or_create(valid_from=valid_from, defaults={"amount": amount, "legal_basis": basis})


def unload(apps, schema_editor):
    apps.get_model("commendation", "BaseSalary").objects.filter(valid_from__in=[r[0] for r in BASE_SALARIES]).delete()


class Migration(migrations.Migration):
    dependencies = [("commendation", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]
