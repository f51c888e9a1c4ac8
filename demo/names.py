"""Realistic Vietnamese name parts, positions and ranks for demo and synthetic data (no Django).

Family names carry weights close to their share of the population (Nguyễn about 38 %, Trần
11 %, Lê 9.5 % …). Everything takes a ``random.Random`` so that a seed gives the same people.
"""

import datetime
import random
from itertools import accumulate

# (family name, weight in ‰): the sixteen commonest cover ~90 % of Vietnamese people.
FAMILY_NAMES: list[tuple[str, float]] = [
    ("Nguyễn", 380),
    ("Trần", 110),
    ("Lê", 95),
    ("Phạm", 71),
    ("Hoàng", 31),
    ("Huỳnh", 20),
    ("Phan", 45),
    ("Vũ", 22),
    ("Võ", 17),
    ("Đặng", 21),
    ("Bùi", 20),
    ("Đỗ", 14),
    ("Hồ", 13),
    ("Ngô", 13),
    ("Dương", 10),
    ("Lý", 5),
    ("Đinh", 6),
    ("Trịnh", 5),
    ("Trương", 5),
    ("Đoàn", 4),
    ("Lương", 3),
    ("Mai", 3),
    ("Cao", 3),
    ("Đào", 3),
    ("Hà", 3),
    ("Lưu", 2),
    ("Tạ", 2),
    ("Chu", 2),
    ("Tô", 2),
    ("Thái", 2),
    ("Lâm", 2),
    ("Phùng", 2),
    ("Kiều", 1),
    ("Quách", 1),
    ("Văn", 1),
    ("La", 1),
    ("Vương", 1),
    ("Hứa", 1),
    ("Triệu", 1),
    ("Khổng", 1),
]

MIDDLE_NAMES = {
    "M": [
        ("Văn", 40),
        ("Đức", 9),
        ("Minh", 9),
        ("Quốc", 6),
        ("Hữu", 6),
        ("Thanh", 5),
        ("Xuân", 4),
        ("Công", 4),
        ("Ngọc", 3),
        ("Quang", 4),
        ("Hoàng", 3),
        ("Anh", 3),
        ("Tiến", 3),
        ("Mạnh", 2),
        ("Trọng", 3),
        ("Duy", 3),
        ("Thế", 3),
        ("Đình", 4),
        ("Viết", 2),
        ("Bá", 2),
        ("Trung", 2),
    ],
    "F": [
        ("Thị", 55),
        ("Thu", 7),
        ("Ngọc", 6),
        ("Thanh", 5),
        ("Minh", 3),
        ("Hồng", 4),
        ("Thúy", 3),
        ("Kim", 3),
        ("Phương", 3),
        ("Mai", 2),
        ("Bích", 2),
        ("Diệu", 1),
        ("Khánh", 2),
        ("Hải", 2),
        ("Lan", 1),
        ("Quỳnh", 1),
    ],
}

GIVEN_NAMES = {
    "M": [
        "An",
        "Anh",
        "Bình",
        "Cường",
        "Chiến",
        "Công",
        "Dũng",
        "Duy",
        "Đạt",
        "Đức",
        "Giang",
        "Hải",
        "Hào",
        "Hậu",
        "Hiếu",
        "Hòa",
        "Hoàng",
        "Hùng",
        "Hưng",
        "Huy",
        "Khánh",
        "Khoa",
        "Kiên",
        "Lâm",
        "Linh",
        "Lộc",
        "Lợi",
        "Long",
        "Mạnh",
        "Minh",
        "Nam",
        "Nghĩa",
        "Ninh",
        "Phong",
        "Phúc",
        "Phương",
        "Quang",
        "Quân",
        "Quý",
        "Sơn",
        "Tài",
        "Tâm",
        "Thắng",
        "Thành",
        "Thanh",
        "Thịnh",
        "Thông",
        "Toàn",
        "Trung",
        "Trường",
        "Tú",
        "Tuấn",
        "Tùng",
        "Việt",
        "Vinh",
        "Vũ",
        "Hạnh",
        "Tường",
        "Thùy",
    ],
    "F": [
        "An",
        "Anh",
        "Chi",
        "Dung",
        "Duyên",
        "Giang",
        "Hà",
        "Hạnh",
        "Hằng",
        "Hiền",
        "Hoa",
        "Hồng",
        "Huế",
        "Hương",
        "Huyền",
        "Lan",
        "Liên",
        "Linh",
        "Loan",
        "Ly",
        "Mai",
        "My",
        "Nga",
        "Ngân",
        "Ngọc",
        "Nhàn",
        "Nhi",
        "Nhung",
        "Oanh",
        "Phương",
        "Quế",
        "Quỳnh",
        "Tâm",
        "Thảo",
        "Thu",
        "Thư",
        "Thủy",
        "Trang",
        "Trâm",
        "Uyên",
        "Vân",
        "Vy",
        "Xuân",
        "Yến",
        "Hoài",
        "Diệp",
    ],
}

_FAMILY = [name for name, _ in FAMILY_NAMES]
_FAMILY_CUM = list(accumulate(weight for _, weight in FAMILY_NAMES))
_MIDDLE = {sex: [name for name, _ in parts] for sex, parts in MIDDLE_NAMES.items()}
_MIDDLE_CUM = {sex: list(accumulate(weight for _, weight in parts)) for sex, parts in MIDDLE_NAMES.items()}


def random_name_parts(rng: random.Random, sex: str) -> tuple[str, ...]:
    """(family, middle…, given); about one woman in ten carries two middle names ("Nguyễn Thị Thu Hà")."""
    family = rng.choices(_FAMILY, cum_weights=_FAMILY_CUM)[0]
    middle = rng.choices(_MIDDLE[sex], cum_weights=_MIDDLE_CUM[sex])[0]
    given = rng.choice(GIVEN_NAMES[sex])
    if sex == "F" and middle == "Thị" and rng.random() < 0.2:
        second = rng.choice(["Thu", "Ngọc", "Thanh", "Hồng", "Kim", "Minh", "Phương"])
        if second != given:
            return family, middle, second, given
    if given == middle:
        given = rng.choice(GIVEN_NAMES[sex])
    return family, middle, given


def random_name(rng: random.Random, sex: str) -> str:
    """A realistic full name for ``sex`` ("M" or "F"), deterministic for a seeded ``rng``."""
    return " ".join(random_name_parts(rng, sex))


# Positions (chức vụ) --------------------------------------------------------------------

HEAD = {  # kind of unit -> (head, deputy)
    "ministry": ("Bộ trưởng", "Thứ trưởng"),
    "department": ("Cục trưởng", "Phó Cục trưởng"),
    "province": ("Giám đốc", "Phó Giám đốc"),
    "room": ("Trưởng phòng", "Phó Trưởng phòng"),
    "district": ("Trưởng Công an huyện", "Phó Trưởng Công an huyện"),
    "commune": ("Trưởng Công an xã", "Phó Trưởng Công an xã"),
    "team": ("Đội trưởng", "Phó Đội trưởng"),
}
OFFICE_HEAD = ("Chánh Văn phòng", "Phó Chánh Văn phòng")
DEPARTMENT_HEADS = {  # department-level units that are not a Cục
    "Văn phòng": OFFICE_HEAD,
    "Thanh tra": ("Chánh Thanh tra", "Phó Chánh Thanh tra"),
    "Bộ Tư lệnh": ("Tư lệnh", "Phó Tư lệnh"),
    "Học viện": ("Giám đốc Học viện", "Phó Giám đốc Học viện"),
    "Trường": ("Hiệu trưởng", "Phó Hiệu trưởng"),
    "Viện": ("Viện trưởng", "Phó Viện trưởng"),
    "Báo": ("Tổng Biên tập", "Phó Tổng Biên tập"),
}
EXTERNAL_HEAD = {  # heads of the bodies outside the police, by code
    "VKS": ("Viện trưởng", "Phó Viện trưởng", "Kiểm sát viên"),
    "TAND": ("Chánh án", "Phó Chánh án", "Thẩm phán"),
    "STP": ("Giám đốc Sở", "Phó Giám đốc Sở", "Chuyên viên"),
    "TTT": ("Chánh Thanh tra", "Phó Chánh Thanh tra", "Thanh tra viên"),
    "CTHADS": ("Cục trưởng", "Phó Cục trưởng", "Chấp hành viên"),
}
TEAM_LEADER = "Đội trưởng"
TEAM_DEPUTY = "Phó Đội trưởng"
OFFICER = "Cán bộ"
CIVIL_SERVANT = "Chuyên viên"

POSITIONS = [
    "Bộ trưởng",
    "Thứ trưởng",
    "Cục trưởng",
    "Phó Cục trưởng",
    "Chánh Văn phòng",
    "Phó Chánh Văn phòng",
    "Giám đốc",
    "Phó Giám đốc",
    "Trưởng phòng",
    "Phó Trưởng phòng",
    "Đội trưởng",
    "Phó Đội trưởng",
    "Trưởng Công an huyện",
    "Phó Trưởng Công an huyện",
    "Trưởng Công an xã",
    "Phó Trưởng Công an xã",
    "Trưởng Công an phường",
    "Phó Trưởng Công an phường",
    "Trưởng Công an thị trấn",
    "Phó Trưởng Công an thị trấn",
    "Cán bộ",
    "Chuyên viên",
]


def head_titles(kind: str, name: str = "") -> tuple[str, str]:
    """(head, deputy) titles of a police unit; a ward's police is headed by a Trưởng Công an phường."""
    if kind == "department":
        for start, titles in DEPARTMENT_HEADS.items():
            if name.startswith(start):
                return titles
    if kind == "commune":
        for place in ("phường", "thị trấn", "đặc khu"):
            if f"Công an {place}" in name:
                return f"Trưởng Công an {place}", f"Phó Trưởng Công an {place}"
    return HEAD.get(kind, HEAD["room"])


# Ranks (cấp bậc hàm) -----------------------------------------------------------------

# Officer ladder: years of service at which each rank is usually reached (Luật CAND: 2, 3, 3, 4, 4, 4, 4).
_OFFICER_LADDER = [
    (0, "thieu_uy"),
    (2, "trung_uy"),
    (5, "thuong_uy"),
    (8, "dai_uy"),
    (12, "thieu_ta"),
    (16, "trung_ta"),
    (20, "thuong_ta"),
    (24, "dai_ta"),
    (30, "thieu_tuong"),
]
_NCO_LADDER = [(0, "ha_si"), (1, "trung_si"), (2, "thuong_si")]
_ORDER = [
    "ha_si",
    "trung_si",
    "thuong_si",
    "thieu_uy",
    "trung_uy",
    "thuong_uy",
    "dai_uy",
    "thieu_ta",
    "trung_ta",
    "thuong_ta",
    "dai_ta",
    "thieu_tuong",
    "trung_tuong",
]

# Highest rank a position allows (Luật CAND 2018, sửa đổi 2023), lower ones are the norm below.
RANK_CEILING = {
    "Bộ trưởng": "dai_tuong",
    "Thứ trưởng": "thuong_tuong",
    "Cục trưởng": "thieu_tuong",
    "Chánh Văn phòng": "thieu_tuong",
    "Phó Cục trưởng": "dai_ta",
    "Phó Chánh Văn phòng": "dai_ta",
    "Chánh Thanh tra": "thieu_tuong",
    "Phó Chánh Thanh tra": "dai_ta",
    "Tư lệnh": "trung_tuong",
    "Phó Tư lệnh": "thieu_tuong",
    "Giám đốc Học viện": "trung_tuong",
    "Phó Giám đốc Học viện": "thieu_tuong",
    "Hiệu trưởng": "thieu_tuong",
    "Phó Hiệu trưởng": "dai_ta",
    "Viện trưởng": "thieu_tuong",
    "Phó Viện trưởng": "dai_ta",
    "Tổng Biên tập": "thieu_tuong",
    "Phó Tổng Biên tập": "dai_ta",
    "Giám đốc": "thieu_tuong",
    "Phó Giám đốc": "dai_ta",
    "Trưởng phòng": "dai_ta",
    "Phó Trưởng phòng": "thuong_ta",
    "Trưởng Công an huyện": "thuong_ta",
    "Phó Trưởng Công an huyện": "trung_ta",
    "Trưởng Công an xã": "trung_ta",
    "Phó Trưởng Công an xã": "thieu_ta",
    "Trưởng Công an phường": "thuong_ta",
    "Phó Trưởng Công an phường": "trung_ta",
    "Trưởng Công an thị trấn": "trung_ta",
    "Phó Trưởng Công an thị trấn": "thieu_ta",
    "Đội trưởng": "trung_ta",
    "Phó Đội trưởng": "thieu_ta",
}
_FLOOR = {  # a head is at least …
    "Giám đốc": "dai_ta",
    "Cục trưởng": "dai_ta",
    "Chánh Văn phòng": "dai_ta",
    "Phó Giám đốc": "thuong_ta",
    "Tư lệnh": "dai_ta",
    "Giám đốc Học viện": "dai_ta",
    "Hiệu trưởng": "dai_ta",
    "Viện trưởng": "dai_ta",
    "Chánh Thanh tra": "dai_ta",
    "Tổng Biên tập": "dai_ta",
    "Phó Cục trưởng": "thuong_ta",
    "Trưởng phòng": "trung_ta",
    "Phó Trưởng phòng": "thieu_ta",
    "Trưởng Công an huyện": "trung_ta",
    "Trưởng Công an xã": "dai_uy",
    "Trưởng Công an phường": "thieu_ta",
    "Đội trưởng": "dai_uy",
}


# Positions that lead (heads and deputies), inside and outside the police.
LEADERSHIP = frozenset(RANK_CEILING) | {title for titles in EXTERNAL_HEAD.values() for title in titles[:2]}


def rank_for(years_of_service: int, position: str, *, nco: bool = False, delay: int = 0) -> str:
    """The rank an officer usually holds after ``years_of_service``, capped by the position's ceiling.

    ``nco`` officers entered as non-commissioned (Hạ sĩ) and become officers after about five
    years of training; ``delay`` (years) models promotions that came late.
    """
    years = max(0, years_of_service - delay)
    if nco:
        if years < 5:
            rank = [r for y, r in _NCO_LADDER if y <= years][-1]
            return _clamp(rank, position)
        years -= 5
    rank = [r for y, r in _OFFICER_LADDER if y <= years][-1]
    return _clamp(rank, position)


def _clamp(rank: str, position: str) -> str:
    index = _ORDER.index(rank)
    if position in _FLOOR:
        index = max(index, _ORDER.index(_FLOOR[position]))
    ceiling = RANK_CEILING.get(position, "trung_ta")
    return _ORDER[min(index, _ORDER.index(ceiling))] if ceiling in _ORDER else _ORDER[index]


# Dates and ratings ---------------------------------------------------------------------

RATINGS = ["HTXSNV", "HTTNV", "HTNV", "KHTNV"]
PERSON_RATING_WEIGHTS = [20, 65, 12, 3]
UNIT_RATING_WEIGHTS = [35, 55, 9, 1]
_PERSON_CUM = list(accumulate(PERSON_RATING_WEIGHTS))
_UNIT_CUM = list(accumulate(UNIT_RATING_WEIGHTS))
# Chance that a year repeats the previous one: streaks as in real records, same yearly shares.
RATING_PERSISTENCE = 0.5


def rating_series(rng: random.Random, years: int, *, unit: bool = False) -> list[str]:
    """``years`` consecutive yearly ratings, each year ~20/65/12/3 % (HTXSNV/HTTNV/HTNV/KHTNV).

    A stationary two-step chain (repeat last year with probability RATING_PERSISTENCE, else draw
    afresh) keeps the yearly shares while giving people the streaks the multi-year rules look at.
    """
    cum = _UNIT_CUM if unit else _PERSON_CUM
    total = cum[-1]
    out: list[str] = []
    last = None
    for _ in range(years):
        if last is not None and rng.random() < RATING_PERSISTENCE:
            out.append(last)
            continue
        x = rng.random() * total
        last = RATINGS[0] if x < cum[0] else RATINGS[1] if x < cum[1] else RATINGS[2] if x < cum[2] else RATINGS[3]
        out.append(last)
    return out


def random_date(rng: random.Random, year: int) -> datetime.date:
    return datetime.date(year, 1, 1) + datetime.timedelta(days=rng.randrange(365))
