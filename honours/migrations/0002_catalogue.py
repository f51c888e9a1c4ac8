"""The catalogue of rules.md (Law 06/2022/QH15, Decree 152/2025/NĐ-CP), loaded once."""

from decimal import Decimal

from django.db import migrations

M, A, T, C, S, F = "merit", "ad_hoc", "thematic", "contribution", "seniority", "foreign"
I, K = "individual", "collective"

TITLES = [
    # code, name, recipient, level, bonus, kinds, rank, basis
    ("CSTT", "Chiến sĩ tiên tiến", I, "unit", "0.3", [M], 10, "Luật TĐKT 2022 điều 24"),
    ("CSTDCS", "Chiến sĩ thi đua cơ sở", I, "unit", "1.0", [M], 20, "Luật TĐKT 2022 điều 23"),
    ("CSTD_BO", "Chiến sĩ thi đua Bộ Công an", I, "ministry", "3.0", [M], 30, "Luật TĐKT 2022 điều 22"),
    ("CSTD_TQ", "Chiến sĩ thi đua toàn quốc", I, "state", "4.5", [M], 40, "Luật TĐKT 2022 điều 21"),
    ("DVTT", "Đơn vị tiên tiến", K, "unit", "0.8", [M], 10, "Luật TĐKT 2022 điều 28"),
    ("DVQT", "Đơn vị Quyết thắng", K, "unit", "1.5", [M], 20, "Luật TĐKT 2022 điều 27"),
    ("CO_BO", "Cờ thi đua của Bộ Công an", K, "ministry", "8.0", [M, T], 30, "Luật TĐKT 2022 điều 26"),
    ("CO_TINH", "Cờ thi đua của Ủy ban nhân dân tỉnh", K, "ministry", "8.0", [M, T], 30, "Luật TĐKT 2022 điều 26"),
    ("CO_CP", "Cờ thi đua của Chính phủ", K, "government", "12.0", [M, T], 40, "Luật TĐKT 2022 điều 25"),
]

# Individual amounts of the forms were not read (rules.md): left empty, to be set as parameters.
FORMS = [
    ("GK", "Giấy khen", I, "unit", None, [M, A, T], 10, "Luật TĐKT 2022 điều 75"),
    ("GK_TT", "Giấy khen (tập thể)", K, "unit", "0.6", [M, A, T], 10, "Luật TĐKT 2022 điều 75"),
    ("BK_BO", "Bằng khen của Bộ trưởng Bộ Công an", I, "ministry", None, [M, A, T, F], 20, "Luật TĐKT 2022 điều 74"),
    ("BK_BO_TT", "Bằng khen của Bộ trưởng Bộ Công an (tập thể)", K, "ministry", "3.0", [M, A, T, F], 20,
     "Luật TĐKT 2022 điều 74"),
    ("BK_TTG", "Bằng khen của Thủ tướng Chính phủ", I, "government", None, [M, A, T, C, F], 30,
     "Luật TĐKT 2022 điều 73"),
    ("BK_TTG_TT", "Bằng khen của Thủ tướng Chính phủ (tập thể)", K, "government", "7.0", [M, A, T, C, F], 30,
     "Luật TĐKT 2022 điều 73"),
    ("HCLD3", "Huân chương Lao động hạng Ba", I, "state", None, [M, A, C], 40, "Luật TĐKT 2022 điều 44"),
    ("HCBVTQ3", "Huân chương Bảo vệ Tổ quốc hạng Ba", I, "state", None, [M, A, C], 41, "Luật TĐKT 2003 (tham khảo)"),
    ("HCBVTQ2", "Huân chương Bảo vệ Tổ quốc hạng Nhì", I, "state", None, [M, A, C], 42, "Luật TĐKT 2003 (tham khảo)"),
    ("HCBVTQ1", "Huân chương Bảo vệ Tổ quốc hạng Nhất", I, "state", None, [M, A, C], 43, "Luật TĐKT 2003 (tham khảo)"),
    ("HCVANTQ", "Huy chương “Vì an ninh Tổ quốc”", I, "state", None, [S], 50, "Luật TĐKT 2022 điều 56"),
    ("HCCSVV3", "Huy chương Chiến sĩ vẻ vang hạng Ba", I, "state", None, [S], 51, "Tin tức (M)"),
    ("HCCSVV2", "Huy chương Chiến sĩ vẻ vang hạng Nhì", I, "state", None, [S], 52, "Tin tức (M)"),
    ("HCCSVV1", "Huy chương Chiến sĩ vẻ vang hạng Nhất", I, "state", None, [S], 53, "Tin tức (M)"),
    ("KNC_BVANTQ", "Kỷ niệm chương “Bảo vệ an ninh Tổ quốc”", I, "ministry", None, [C], 60, "TT 20/2025/TT-BCA"),
]


def load(apps, schema_editor):
    for model_name, rows in (("Title", TITLES), ("AwardForm", FORMS)):
        model = apps.get_model("honours", model_name)
        for code, name, recipient, level, bonus, kinds, rank, basis in rows:
            model.objects.update_or_create(code=code, defaults={
                "name": name, "recipient": recipient, "level": level,
                "bonus_multiple": Decimal(bonus) if bonus else None, "kinds": kinds, "rank": rank,
                "legal_basis": basis})


def unload(apps, schema_editor):
    apps.get_model("honours", "Title").objects.filter(code__in=[r[0] for r in TITLES]).delete()
    apps.get_model("honours", "AwardForm").objects.filter(code__in=[r[0] for r in FORMS]).delete()


class Migration(migrations.Migration):
    dependencies = [("honours", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]
