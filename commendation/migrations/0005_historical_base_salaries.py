"""The base salary (mức lương cơ sở) before 01/07/2019, so that a decision of those years can be
recorded and its bonus computed from the amount in force on its date."""

import datetime

from django.db import migrations

BASE_SALARIES = [
    (datetime.date(2012, 5, 1), 1_050_000, "Nghị định 31/2012/NĐ-CP"),
    (datetime.date(2013, 7, 1), 1_150_000, "Nghị định 66/2013/NĐ-CP"),
    (datetime.date(2016, 5, 1), 1_210_000, "Nghị định 47/2016/NĐ-CP"),
    (datetime.date(2017, 7, 1), 1_300_000, "Nghị định 47/2017/NĐ-CP"),
    (datetime.date(2018, 7, 1), 1_390_000, "Nghị định 72/2018/NĐ-CP"),
]


def load(apps, schema_editor):
    BaseSalary = apps.get_model("commendation", "BaseSalary")
    for valid_from, amount, basis in BASE_SALARIES:
        BaseSalary.objects.get_or_create(valid_from=valid_from, defaults={"amount": amount, "legal_basis": basis})


def unload(apps, schema_editor):
    apps.get_model("commendation", "BaseSalary").objects.filter(valid_from__in=[r[0] for r in BASE_SALARIES]).delete()


class Migration(migrations.Migration):
    dependencies = [("commendation", "0004_collective_orders_on_unit_lines")]
    operations = [migrations.RunPython(load, unload)]
