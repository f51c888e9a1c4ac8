"""Proposal and decision lines of a unit that name a Huân chương under its individual code move to
the collective entry honours 0003 added (one UPDATE per code and table), as the awards did."""

from django.db import migrations

MOVED = {"HCLD3": "HCLD3_TT", "HCBVTQ3": "HCBVTQ3_TT", "HCBVTQ2": "HCBVTQ2_TT", "HCBVTQ1": "HCBVTQ1_TT"}


def _move(apps, pairs):
    AwardForm = apps.get_model("honours", "AwardForm")
    ids = dict(AwardForm.objects.filter(code__in=[c for pair in pairs for c in pair]).values_list("code", "id"))
    for model_name in ("ProposalLine", "DecisionLine"):
        model = apps.get_model("commendation", model_name)
        for old, new in pairs:
            if old in ids and new in ids:
                model.objects.filter(award_form_id=ids[old], unit__isnull=False).update(award_form_id=ids[new])


def forwards(apps, schema_editor):
    _move(apps, list(MOVED.items()))


def backwards(apps, schema_editor):
    _move(apps, [(new, old) for old, new in MOVED.items()])


class Migration(migrations.Migration):
    dependencies = [("commendation", "0003_decision_scan"), ("honours", "0003_collective_orders_and_other_bang_khen")]
    operations = [migrations.RunPython(forwards, backwards)]
