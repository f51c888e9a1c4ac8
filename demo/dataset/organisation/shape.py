"""The national shape of the dataset: its full and quick sizes, the last rated year, the 2025
reorganisation (district police ended, communes merged), and the provinces, the Ministry's
departments, their rooms and the syllables of generated place names."""

import datetime

FULL = {"units": 5000, "people": 400_000, "years": 10}


QUICK = {"units": 300, "people": 3000, "years": 3}


LAST_YEAR = 2025


DISTRICTS_END = datetime.date(2025, 2, 28)


COMMUNES_START = datetime.date(2025, 7, 1)


REORGANISATION = "Sắp xếp đơn vị hành chính cấp xã năm 2025"


PROVINCES = [
    ("thành phố Hà Nội", "HN"),
    ("thành phố Huế", "HUE"),
    ("thành phố Hải Phòng", "HP"),
    ("thành phố Đà Nẵng", "DNG"),
    ("Thành phố Hồ Chí Minh", "HCM"),
    ("thành phố Cần Thơ", "CT"),
    ("tỉnh Lai Châu", "LCH"),
    ("tỉnh Điện Biên", "DB"),
    ("tỉnh Sơn La", "SL"),
    ("tỉnh Lạng Sơn", "LS"),
    ("tỉnh Quảng Ninh", "QNI"),
    ("tỉnh Thanh Hóa", "TH"),
    ("tỉnh Nghệ An", "NA"),
    ("tỉnh Hà Tĩnh", "HT"),
    ("tỉnh Cao Bằng", "CB"),
    ("tỉnh Tuyên Quang", "TQ"),
    ("tỉnh Lào Cai", "LCA"),
    ("tỉnh Thái Nguyên", "TN"),
    ("tỉnh Phú Thọ", "PT"),
    ("tỉnh Bắc Ninh", "BN"),
    ("tỉnh Hưng Yên", "HY"),
    ("tỉnh Ninh Bình", "NB"),
    ("tỉnh Quảng Trị", "QT"),
    ("tỉnh Quảng Ngãi", "QNG"),
    ("tỉnh Gia Lai", "GL"),
    ("tỉnh Khánh Hòa", "KH"),
    ("tỉnh Lâm Đồng", "LD"),
    ("tỉnh Đắk Lắk", "DLK"),
    ("tỉnh Đồng Nai", "DNA"),
    ("tỉnh Tây Ninh", "TNI"),
    ("tỉnh Vĩnh Long", "VL"),
    ("tỉnh Đồng Tháp", "DT"),
    ("tỉnh Cà Mau", "CM"),
    ("tỉnh An Giang", "AG"),
]


DEPARTMENTS = [
    ("V01", "Văn phòng Bộ Công an"),
    ("V02", "Thanh tra Bộ Công an"),
    ("V03", "Cục Đối ngoại"),
    ("V04", "Cục Pháp chế và cải cách hành chính, tư pháp"),
    ("V05", "Cục Xây dựng phong trào bảo vệ an ninh Tổ quốc"),
    ("V06", "Cục Hồ sơ nghiệp vụ"),
    ("V07", "Cục Khoa học, chiến lược và lịch sử Công an"),
    ("A01", "Cục An ninh đối ngoại"),
    ("A02", "Cục An ninh chính trị nội bộ"),
    ("A03", "Cục An ninh kinh tế"),
    ("A04", "Cục An ninh điều tra"),
    ("A05", "Cục An ninh mạng và phòng, chống tội phạm sử dụng công nghệ cao"),
    ("A06", "Cục Kỹ thuật nghiệp vụ"),
    ("A08", "Cục Quản lý xuất nhập cảnh"),
    ("A09", "Cục An ninh nội địa"),
    ("C01", "Văn phòng Cơ quan Cảnh sát điều tra"),
    ("C02", "Cục Cảnh sát hình sự"),
    ("C03", "Cục Cảnh sát kinh tế"),
    ("C04", "Cục Cảnh sát điều tra tội phạm về ma túy"),
    ("C06", "Cục Cảnh sát quản lý hành chính về trật tự xã hội"),
    ("C07", "Cục Cảnh sát phòng cháy, chữa cháy và cứu nạn, cứu hộ"),
    ("C08", "Cục Cảnh sát giao thông"),
    ("C09", "Viện Khoa học hình sự"),
    ("C10", "Cục Cảnh sát quản lý trại giam"),
    ("C11", "Cục Cảnh sát thi hành án hình sự và hỗ trợ tư pháp"),
    ("X01", "Cục Tổ chức cán bộ"),
    ("X02", "Cục Đào tạo"),
    ("X03", "Cục Công tác đảng và công tác chính trị"),
    ("X05", "Cục Truyền thông Công an nhân dân"),
    ("H01", "Cục Kế hoạch và tài chính"),
    ("H02", "Cục Quản lý xây dựng và doanh trại"),
    ("H03", "Cục Trang bị và kho vận"),
    ("H04", "Cục Y tế"),
    ("H05", "Cục Viễn thông và cơ yếu"),
    ("K01", "Bộ Tư lệnh Cảnh vệ"),
    ("K02", "Bộ Tư lệnh Cảnh sát cơ động"),
    ("T01", "Học viện An ninh nhân dân"),
    ("T02", "Học viện Cảnh sát nhân dân"),
    ("T03", "Học viện Chính trị Công an nhân dân"),
    ("T04", "Trường Đại học Phòng cháy chữa cháy"),
]


DEPARTMENT_ROOMS = [
    "Phòng Tham mưu tổng hợp",
    "Phòng Tổ chức cán bộ",
    "Phòng Công tác đảng và công tác chính trị",
    "Phòng Hậu cần",
]


PROVINCE_ROOMS = [
    ("PV01", "Phòng Tham mưu"),
    ("PX01", "Phòng Tổ chức cán bộ"),
    ("PX03", "Phòng Công tác đảng và công tác chính trị"),
    ("PH10", "Phòng Hậu cần"),
    ("PV02", "Thanh tra Công an tỉnh"),
    ("PV05", "Phòng Xây dựng phong trào bảo vệ an ninh Tổ quốc"),
    ("PV06", "Phòng Hồ sơ"),
    ("PH41", "Phòng Viễn thông, tin học và cơ yếu"),
    ("PA01", "Phòng An ninh đối ngoại"),
    ("PA02", "Phòng An ninh chính trị nội bộ"),
    ("PA04", "Phòng An ninh kinh tế"),
    ("PA05", "Phòng An ninh mạng và phòng, chống tội phạm sử dụng công nghệ cao"),
    ("PA08", "Phòng Quản lý xuất nhập cảnh"),
    ("PA09", "Phòng An ninh điều tra"),
    ("PC01", "Văn phòng Cơ quan Cảnh sát điều tra"),
    ("PC02", "Phòng Cảnh sát hình sự"),
    ("PC03", "Phòng Cảnh sát kinh tế"),
    ("PC04", "Phòng Cảnh sát điều tra tội phạm về ma túy"),
    ("PC06", "Phòng Cảnh sát quản lý hành chính về trật tự xã hội"),
    ("PC07", "Phòng Cảnh sát phòng cháy, chữa cháy và cứu nạn, cứu hộ"),
    ("PC08", "Phòng Cảnh sát giao thông"),
    ("PC09", "Phòng Kỹ thuật hình sự"),
    ("PC10", "Phòng Cảnh sát quản lý tạm giữ, tạm giam"),
    ("PC11", "Phòng Cảnh sát thi hành án hình sự và hỗ trợ tư pháp"),
    ("PK02", "Phòng Cảnh sát cơ động"),
]


PLACE_SYLLABLES = [
    "An",
    "Bình",
    "Phú",
    "Tân",
    "Hòa",
    "Xuân",
    "Thạnh",
    "Long",
    "Mỹ",
    "Phước",
    "Thuận",
    "Hưng",
    "Đông",
    "Tây",
    "Nam",
    "Bắc",
    "Trung",
    "Vĩnh",
    "Quang",
    "Đức",
    "Thịnh",
    "Sơn",
    "Lâm",
    "Hải",
    "Hà",
    "Minh",
    "Thành",
    "Lợi",
    "Lộc",
    "Phong",
    "Yên",
    "Kim",
    "Ninh",
    "Thủy",
    "Hiệp",
    "Khánh",
    "Lạc",
    "Cẩm",
    "Định",
    "Điền",
    "Hồng",
    "Tiến",
]
