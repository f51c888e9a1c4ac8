"""The fixed words of the domain the engine reasons with: ratings, discipline forms, initiative
levels, kinds of cases, and the catalogue codes (a copy of ``honours/migrations/0002_catalogue.py``,
kept equal by a test, so that rule sets can be validated without a database).

Every ordered vocabulary is listed from the lowest to the highest; ``*_RANK`` gives 1, 2, 3 …
"""

RATINGS = ("KHTNV", "HTNV", "HTTNV", "HTXSNV")
RATING_RANK = {code: i + 1 for i, code in enumerate(RATINGS)}
RATING_LABELS = {
    "HTXSNV": "Hoàn thành xuất sắc nhiệm vụ",
    "HTTNV": "Hoàn thành tốt nhiệm vụ",
    "HTNV": "Hoàn thành nhiệm vụ",
    "KHTNV": "Không hoàn thành nhiệm vụ",
}

# Forms of discipline of the CAND, lightest first.
DISCIPLINE_FORMS = (
    "khien_trach",
    "canh_cao",
    "ha_bac_luong",
    "giang_cap_bac_ham",
    "giang_chuc",
    "cach_chuc",
    "tuoc_danh_hieu",
)
DISCIPLINE_RANK = {code: i + 1 for i, code in enumerate(DISCIPLINE_FORMS)}
DISCIPLINE_LABELS = {
    "khien_trach": "Khiển trách",
    "canh_cao": "Cảnh cáo",
    "ha_bac_luong": "Hạ bậc lương",
    "giang_cap_bac_ham": "Giáng cấp bậc hàm",
    "giang_chuc": "Giáng chức",
    "cach_chuc": "Cách chức",
    "tuoc_danh_hieu": "Tước danh hiệu Công an nhân dân",
}

INITIATIVE_LEVELS = ("co_so", "bo", "toan_quoc")
LEVEL_RANK = {code: i + 1 for i, code in enumerate(INITIATIVE_LEVELS)}
LEVEL_LABELS = {"co_so": "cấp cơ sở", "bo": "cấp Bộ", "toan_quoc": "toàn quốc"}

# What was recognised: an initiative, an accepted research work, combat ingenuity (Law 2022 art. 23).
INITIATIVE_KINDS = ("sang_kien", "de_tai", "giai_phap_chien_dau")
INITIATIVE_KIND_LABELS = {
    "sang_kien": "sáng kiến",
    "de_tai": "đề tài nghiên cứu khoa học",
    "giai_phap_chien_dau": "giải pháp, mưu trí sáng tạo trong chiến đấu",
}

PENDING_KINDS = ("disciplinary_review", "inspection", "complaint")
PENDING_LABELS = {
    "disciplinary_review": "đang xem xét kỷ luật",
    "inspection": "đang bị thanh tra, kiểm tra",
    "complaint": "có đơn khiếu nại, tố cáo đang xác minh",
}

# Kinds of commendation (Law 2022 art. 8), the values of CommendationKind in honours.models.
COMMENDATION_KINDS = ("merit", "ad_hoc", "thematic", "contribution", "seniority", "foreign")
COMMENDATION_LABELS = {
    "merit": "công trạng và thành tích",
    "ad_hoc": "đột xuất",
    "thematic": "theo phong trào, chuyên đề, theo đợt",
    "contribution": "quá trình cống hiến",
    "seniority": "niên hạn",
    "foreign": "đối ngoại",
}
# Decree 152/2025 art. 4: ad-hoc and thematic awards are no basis for a higher yearly award.
CHAIN_KINDS = ("merit", "contribution", "seniority", "foreign")

# Achievements a unit records during the year (the proposals record them; none are stored yet).
ACHIEVEMENT_KINDS = ("phong_trao", "phong_trao_bo", "dot_xuat")
ACHIEVEMENT_LABELS = {
    "phong_trao": "thành tích trong phong trào thi đua",
    "phong_trao_bo": "thành tích xuất sắc trong phong trào thi đua do Bộ phát động",
    "dot_xuat": "thành tích đột xuất có phạm vi ảnh hưởng",
}

SEXES = ("M", "F")
INDIVIDUAL, COLLECTIVE = "individual", "collective"
RECIPIENTS = (INDIVIDUAL, COLLECTIVE)

# code: (name, recipient) — the catalogue of migrations 0002 and 0003.
TITLES = {
    "CSTT": ("Chiến sĩ tiên tiến", INDIVIDUAL),
    "CSTDCS": ("Chiến sĩ thi đua cơ sở", INDIVIDUAL),
    "CSTD_BO": ("Chiến sĩ thi đua Bộ Công an", INDIVIDUAL),
    "CSTD_TQ": ("Chiến sĩ thi đua toàn quốc", INDIVIDUAL),
    "DVTT": ("Đơn vị tiên tiến", COLLECTIVE),
    "DVQT": ("Đơn vị Quyết thắng", COLLECTIVE),
    "CO_BO": ("Cờ thi đua của Bộ Công an", COLLECTIVE),
    "CO_TINH": ("Cờ thi đua của Ủy ban nhân dân tỉnh", COLLECTIVE),
    "CO_CP": ("Cờ thi đua của Chính phủ", COLLECTIVE),
}
FORMS = {
    "GK": ("Giấy khen", INDIVIDUAL),
    "GK_TT": ("Giấy khen (tập thể)", COLLECTIVE),
    "BK_BO": ("Bằng khen của Bộ trưởng Bộ Công an", INDIVIDUAL),
    "BK_BO_TT": ("Bằng khen của Bộ trưởng Bộ Công an (tập thể)", COLLECTIVE),
    "BK_TTG": ("Bằng khen của Thủ tướng Chính phủ", INDIVIDUAL),
    "BK_TTG_TT": ("Bằng khen của Thủ tướng Chính phủ (tập thể)", COLLECTIVE),
    "HCLD3": ("Huân chương Lao động hạng Ba", INDIVIDUAL),
    "HCBVTQ3": ("Huân chương Bảo vệ Tổ quốc hạng Ba", INDIVIDUAL),
    "HCBVTQ2": ("Huân chương Bảo vệ Tổ quốc hạng Nhì", INDIVIDUAL),
    "HCBVTQ1": ("Huân chương Bảo vệ Tổ quốc hạng Nhất", INDIVIDUAL),
    "HCVANTQ": ("Huy chương “Vì an ninh Tổ quốc”", INDIVIDUAL),
    "HCCSVV3": ("Huy chương Chiến sĩ vẻ vang hạng Ba", INDIVIDUAL),
    "HCCSVV2": ("Huy chương Chiến sĩ vẻ vang hạng Nhì", INDIVIDUAL),
    "HCCSVV1": ("Huy chương Chiến sĩ vẻ vang hạng Nhất", INDIVIDUAL),
    "KNC_BVANTQ": ("Kỷ niệm chương “Bảo vệ an ninh Tổ quốc”", INDIVIDUAL),
    # honours migration 0003: collective orders, the Bằng khen of other ministries and of provinces.
    "HCLD3_TT": ("Huân chương Lao động hạng Ba (tập thể)", COLLECTIVE),
    "HCBVTQ3_TT": ("Huân chương Bảo vệ Tổ quốc hạng Ba (tập thể)", COLLECTIVE),
    "HCBVTQ2_TT": ("Huân chương Bảo vệ Tổ quốc hạng Nhì (tập thể)", COLLECTIVE),
    "HCBVTQ1_TT": ("Huân chương Bảo vệ Tổ quốc hạng Nhất (tập thể)", COLLECTIVE),
    "BK_BN": ("Bằng khen của Bộ, ban, ngành, đoàn thể trung ương khác", INDIVIDUAL),
    "BK_BN_TT": ("Bằng khen của Bộ, ban, ngành, đoàn thể trung ương khác (tập thể)", COLLECTIVE),
    "BK_TINH": ("Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh", INDIVIDUAL),
    "BK_TINH_TT": ("Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh (tập thể)", COLLECTIVE),
}


def code_name(code: str) -> str:
    """The Vietnamese name of a title or award form code (the code itself when unknown)."""
    entry = TITLES.get(code) or FORMS.get(code)
    return entry[0] if entry else code
