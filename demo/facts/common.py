"""What the parts of the demo facts share: the years, the ratings that count, verdict and recipient
names, the seniority medals, the initiative topics, and two date helpers."""

import datetime

SEED = 2025
OPEN_YEAR = 2025  # ratings and facts in, titles not conferred yet
DECIDED_YEARS = range(2021, 2025)
ALL = range(2021, 2026)
GOOD = ("HTXSNV", "HTTNV")
X = "HTXSNV"
ELIGIBLE, NOT_ELIGIBLE, POSTPONED = "eligible", "not_eligible", "postponed"
IND, COL = "individual", "collective"
# Unit → the members rated below HTNV in 2025 are rated HTNV (see ``demo.facts``).
RATING_FIX = "CAQB-PV06"
# Seniority medals: (code, years for men, years for women).
SENIORITY = [("HCCSVV3", 10, 10), ("HCCSVV2", 15, 15), ("HCCSVV1", 20, 20), ("HCVANTQ", 25, 25), ("KNC_BVANTQ", 15, 10)]
INITIATIVE_TOPICS = [
    "Ứng dụng phần mềm quản lý hồ sơ cán bộ trên môi trường số",
    "Quy trình tiếp nhận, giải quyết thủ tục hành chính về cư trú trên Cổng dịch vụ công",
    "Mô hình “Camera an ninh” kết nối giữa Công an xã và khu dân cư",
    "Giải pháp số hoá kho hồ sơ nghiệp vụ",
    "Sổ tay điện tử hướng dẫn nghiệp vụ tuần tra, kiểm soát giao thông",
    "Phương pháp lập chuyên án đấu tranh với tội phạm ma tuý trên tuyến biên giới",
    "Cải tiến quy trình cấp phát quân trang, trang thiết bị",
    "Ứng dụng dữ liệu dân cư trong xác minh, truy tìm đối tượng",
    "Mô hình “Tổ liên gia an toàn phòng cháy chữa cháy”",
    "Giải pháp bảo đảm an toàn mạng cho hệ thống thông tin nội bộ",
]


def ymd(year, month, day) -> datetime.date:
    return datetime.date(year, month, day)


def end_of_period(decided: datetime.date) -> datetime.date:
    """Khiển trách, cảnh cáo, hạ bậc lương last 12 months: to the day before the decision's anniversary."""
    day = decided.replace(day=28) if (decided.month, decided.day) == (2, 29) else decided
    return day.replace(year=day.year + 1) - datetime.timedelta(days=1)
