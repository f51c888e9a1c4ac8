"""Collective orders under collective codes, and the Bằng khen of other ministries and of provinces.

Huân chương for a unit (tập thể) were recorded under the individual codes (HCLD3, HCBVTQ1/2/3):
the catalogue had no collective entry. They get their own entries, as Giấy khen and Bằng khen
already do (``GK_TT``, ``BK_BO_TT``), and the units' awards already recorded move to them with one
UPDATE per code (the people's awards stay where they are). The Cờ thi đua of the provincial People's
Committee is ``CO_TINH`` (migration 0002, Law 2022 art. 26).

Article numbers of the orders: Law 06/2022/QH15 sets the Huân chương Lao động in art. 42–44 and the
Huân chương Bảo vệ Tổ quốc hạng Nhất / Nhì / Ba in art. 45 / 46 / 47, each article with a clause
for collectives (M: the sequence around art. 44 of rules.md and art. 54–56 read in the Công báo).
Bonus multiples of the orders and of the individual Bằng khen were not read: left empty."""

from decimal import Decimal

from django.db import migrations

M, A, T, C, F = "merit", "ad_hoc", "thematic", "contribution", "foreign"
I, K = "individual", "collective"

# code, name, recipient, level, bonus, kinds, rank, legal basis, individual code it was stored under
FORMS = [
    ("HCLD3_TT", "Huân chương Lao động hạng Ba (tập thể)", K, "state", None, [M, A, C], 40,
     "Luật TĐKT 2022 điều 44 khoản 2", "HCLD3"),
    ("HCBVTQ3_TT", "Huân chương Bảo vệ Tổ quốc hạng Ba (tập thể)", K, "state", None, [M, A, C], 41,
     "Luật TĐKT 2022 điều 47 khoản 2", "HCBVTQ3"),
    ("HCBVTQ2_TT", "Huân chương Bảo vệ Tổ quốc hạng Nhì (tập thể)", K, "state", None, [M, A, C], 42,
     "Luật TĐKT 2022 điều 46 khoản 2", "HCBVTQ2"),
    ("HCBVTQ1_TT", "Huân chương Bảo vệ Tổ quốc hạng Nhất (tập thể)", K, "state", None, [M, A, C], 43,
     "Luật TĐKT 2022 điều 45 khoản 2", "HCBVTQ1"),
    ("BK_BN", "Bằng khen của Bộ, ban, ngành, đoàn thể trung ương khác", I, "ministry", None, [M, A, T, F], 20,
     "Luật TĐKT 2022 điều 74", None),
    ("BK_BN_TT", "Bằng khen của Bộ, ban, ngành, đoàn thể trung ương khác (tập thể)", K, "ministry", "3.0",
     [M, A, T, F], 20, "Luật TĐKT 2022 điều 74", None),
    ("BK_TINH", "Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh", I, "ministry", None, [M, A, T, F], 20,
     "Luật TĐKT 2022 điều 74", None),
    ("BK_TINH_TT", "Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh (tập thể)", K, "ministry", "3.0", [M, A, T, F], 20,
     "Luật TĐKT 2022 điều 74", None),
]


def load(apps, schema_editor):
    AwardForm = apps.get_model("honours", "AwardForm")
    FormAward = apps.get_model("honours", "FormAward")
    for code, name, recipient, level, bonus, kinds, rank, basis, individual in FORMS:
        entry, _ = AwardForm.objects.update_or_create(code=code, defaults={
            "name": name, "recipient": recipient, "level": level,
            "bonus_multiple": Decimal(bonus) if bonus else None, "kinds": kinds, "rank": rank,
            "legal_basis": basis})
        if individual:
            FormAward.objects.filter(award_form__code=individual, unit__isnull=False).update(award_form=entry)


def unload(apps, schema_editor):
    AwardForm = apps.get_model("honours", "AwardForm")
    FormAward = apps.get_model("honours", "FormAward")
    for code, *_rest, individual in FORMS:
        if individual:
            FormAward.objects.filter(award_form__code=code).update(
                award_form=AwardForm.objects.get(code=individual)
            )
    AwardForm.objects.filter(code__in=[r[0] for r in FORMS]).delete()


class Migration(migrations.Migration):
    dependencies = [("honours", "0002_catalogue")]
    operations = [migrations.RunPython(load, unload)]
