"""The demo organisation's structure as data: the ministry's cluster 6, the Quảng Bình police with
its rooms, traffic teams, district police and communes (and the 2025 reorganisation dates), the
Hưng Yên police, and the Vĩnh Phúc bodies of the Nội chính block.

Unit codes follow the official pattern (V01, PX03, PH10, PC06 …); where the real code of a
unit is not public they are plausible, not authoritative."""

import datetime

from organisation.text import fold

# The 2025 reorganisation: the district police end, the merged communes start.
DISTRICTS_END = datetime.date(2025, 2, 28)
COMMUNES_START = datetime.date(2025, 7, 1)

# The six units of "Cụm thi đua số 6 – Bộ Công an" (seed 004), in the article's order.
CLUSTER_6 = [
    ("V01", "Văn phòng Bộ Công an", "VPB"),
    ("V03", "Cục Đối ngoại", ""),
    ("V04", "Cục Pháp chế và cải cách hành chính, tư pháp", ""),
    ("V07", "Cục Khoa học, chiến lược và lịch sử Công an", ""),
    ("V05", "Cục Xây dựng phong trào bảo vệ an ninh Tổ quốc", ""),
    ("V06", "Cục Hồ sơ nghiệp vụ", ""),
]
OFFICE_ROOMS = [("P1", "Phòng Tổng hợp"), ("P2", "Phòng Thư ký – Biên tập"), ("P3", "Phòng Hành chính – Văn thư")]

# "Khối XDLL – TT – HCKT" of a provincial police (seed 000): force building, staff, logistics-technical.
BLOCK_XDLL_TT_HCKT = [
    ("PX01", "Phòng Tổ chức cán bộ"),
    ("PX03", "Phòng Công tác đảng và công tác chính trị"),
    ("PV02", "Thanh tra Công an tỉnh"),
    ("PV01", "Phòng Tham mưu"),
    ("PV05", "Phòng Xây dựng phong trào bảo vệ an ninh Tổ quốc"),
    ("PV06", "Phòng Hồ sơ"),
    ("PH10", "Phòng Hậu cần"),
    ("PH41", "Phòng Viễn thông, tin học và cơ yếu"),
]
OPERATIONAL_ROOMS = [
    ("PC02", "Phòng Cảnh sát hình sự"),
    ("PC06", "Phòng Cảnh sát quản lý hành chính về trật tự xã hội"),
    ("PC08", "Phòng Cảnh sát giao thông"),
    ("PA09", "Phòng An ninh điều tra"),
]
TRAFFIC_TEAMS = [
    ("D1", "Đội Tuần tra, kiểm soát giao thông đường bộ số 1"),
    ("D2", "Đội Tuần tra, kiểm soát giao thông đường bộ số 2"),
]

# The district police of seed 001 (ended 28/02/2025), their old communes, and the commune that
# carries them on from 01/07/2025.
DISTRICTS = [
    (
        "QN",
        "CAH-QN",
        "Công an huyện Quảng Ninh",
        "",
        ["thị trấn Quán Hàu", "xã Vĩnh Ninh", "xã Hàm Ninh"],
        "xã Quảng Ninh",
    ),
    (
        "DH",
        "CATP-DH",
        "Công an thành phố Đồng Hới",
        "Công an TP. Đồng Hới",
        ["phường Hải Đình", "phường Đồng Phú", "phường Nam Lý"],
        "phường Đồng Hới",
    ),
    ("LT", "CAH-LT", "Công an huyện Lệ Thủy", "", ["thị trấn Kiến Giang", "xã Liên Thủy"], "xã Lệ Thủy"),
    (
        "BT",
        "CAH-BT",
        "Công an huyện Bố Trạch",
        "",
        ["thị trấn Hoàn Lão", "xã Trung Trạch", "xã Đại Trạch"],
        "xã Hoàn Lão",
    ),
    ("QT", "CAH-QT", "Công an huyện Quảng Trạch", "", ["xã Quảng Phương", "xã Quảng Lưu"], "xã Quảng Trạch"),
    ("TH", "CAH-TH", "Công an huyện Tuyên Hóa", "", ["thị trấn Đồng Lê", "xã Sơn Hóa"], "xã Đồng Lê"),
    ("MH", "CAH-MH", "Công an huyện Minh Hóa", "", ["thị trấn Quy Đạt", "xã Xuân Hóa"], "xã Minh Hóa"),
    (
        "BD",
        "CATX-BD",
        "Công an thị xã Ba Đồn",
        "",
        ["phường Ba Đồn", "phường Quảng Thọ", "phường Quảng Phong"],
        "phường Ba Đồn",
    ),
]

HUNG_YEN_ROOMS = [
    ("PX01", "Phòng Tổ chức cán bộ"),
    ("PX03", "Phòng Công tác đảng và công tác chính trị"),
    ("PV01", "Phòng Tham mưu"),
    ("PH10", "Phòng Hậu cần"),
    ("PC06", "Phòng Cảnh sát quản lý hành chính về trật tự xã hội"),
    ("PC08", "Phòng Cảnh sát giao thông"),
    ("PA08", "Phòng Quản lý xuất nhập cảnh"),
]
# "Khối thi đua Nội chính" of Vĩnh Phúc (seed 002): bodies outside the police, civil servants.
NOI_CHINH = [
    ("VKS", "Viện kiểm sát nhân dân tỉnh Vĩnh Phúc"),
    ("TAND", "Tòa án nhân dân tỉnh Vĩnh Phúc"),
    ("STP", "Sở Tư pháp tỉnh Vĩnh Phúc"),
    ("TTT", "Thanh tra tỉnh Vĩnh Phúc"),
    ("CTHADS", "Cục Thi hành án dân sự tỉnh Vĩnh Phúc"),
]


def place_slug(place: str) -> tuple[str, str]:
    """("xã Vĩnh Ninh") -> ("CAX", "VINHNINH"): the code prefix of its police and an ASCII slug."""
    for kind, prefix in (("thị trấn ", "CATT"), ("phường ", "CAP"), ("xã ", "CAX")):
        if place.startswith(kind):
            return prefix, fold(place.removeprefix(kind)).upper().replace(" ", "")
    raise ValueError(place)
