"""The people's facts: the hand-written histories of the showcase people, and the random facts of
everyone else (initiatives, achievements, older awards, seniority medals, a few disciplines)."""

from demo.facts.common import ALL, DECIDED_YEARS, OPEN_YEAR, SENIORITY, X, ymd
from demo.facts.showcase_people import SENIORITY_PICKS
from demo.facts.writer import Writer
from eligibility.models import ServiceFactor


def write_showcases(w: Writer, who: dict[str, int]) -> None:
    """The hand-written histories of the showcase people (see ``showcase()`` for the verdicts)."""
    p = w.p

    def x_years(pid, years):
        return [y for y in years if p.rating(pid, y) == X]

    # CSTĐ toàn quốc: CSTĐ Bộ 2022 and again eligible in 2025, a nationwide initiative; discipline one
    # day outside / one day inside the 7-year look-back (decided 31/12/2018 / 01/01/2019).
    for key, decided in (("cstd_tq_ok", ymd(2018, 12, 31)), ("cstd_tq_inside", ymd(2019, 1, 1))):
        pid = who[key]
        w.history(pid, (2020, 2021, 2022, 2023, 2024), extra=[("CSTD_BO", 2022)])
        w.initiative(
            pid,
            ymd(2022, 4, 18),
            level="bo",
            used=("CSTD_BO", 2022),
            topic="Phần mềm quản lý lưu trú kết nối Cơ sở dữ liệu quốc gia về dân cư",
        )
        w.initiative(pid, ymd(2024, 9, 12), level="bo", topic="Quy trình số hoá hồ sơ xử lý vi phạm hành chính")
        w.initiative(
            pid,
            ymd(2025, 6, 2),
            level="toan_quoc",
            topic="Nền tảng định danh và xác thực điện tử phục vụ thủ tục hành chính ở xã",
        )
        w.form("BK_BO", 2022, person=pid, decided=ymd(2023, 2, 14))
        w.discipline(pid, "khien_trach", decided, ref="Kỷ luật khiển trách")
    # CSTĐ Bộ: three CSTĐ cơ sở with an unused Bộ-level initiative; only two; the initiative used.
    pid = who["cstd_bo_ok"]
    w.history(pid, (2023, 2024))
    w.initiative(pid, ymd(2024, 10, 8), level="bo", topic="Giải pháp liên thông dữ liệu quản lý vũ khí, vật liệu nổ")
    pid = who["cstd_bo_two"]
    w.history(pid, (2024,))
    w.initiative(pid, ymd(2025, 3, 27), level="bo", topic="Bộ tiêu chí đánh giá an toàn phòng cháy tại chợ, TTTM")
    pid = who["cstd_bo_used"]
    w.history(pid, (2023, 2024), titled_initiatives=False)
    w.initiative(
        pid,
        ymd(2023, 4, 12),
        level="bo",
        used=("CSTDCS", 2023),
        topic="Ứng dụng bản đồ số trong điều hành lực lượng tuần tra",
    )
    # Bằng khen Bộ trưởng 2024 already, for HTXSNV 2023–2024: HTXSNV 2024–2025 and two initiatives, but the
    # year 2024 earned that Bằng khen and does not earn it again (one achievement, one reward).
    pid = who["bk_bo_used"]
    w.history(pid, (2023, 2024))
    w.initiative(pid, ymd(2024, 3, 15), topic="Sổ theo dõi điện tử công tác tiếp công dân")
    w.initiative(pid, ymd(2025, 5, 6), topic="Biểu mẫu điện tử báo cáo nhanh vụ việc")
    w.form("BK_BO", 2024, person=pid, decided=ymd(2025, 1, 20))
    # Award chains (older awards of seniors): CSTĐ cơ sở in their HTXSNV years.
    chains = {
        "bk_ttg_ok": [("BK_BO", 2020)],
        "bk_ttg_four": [("BK_BO", 2021)],
        "hcld3_ok": [("BK_BO", 2013), ("BK_TTG", 2020)],
        "hcbvtq3_two": [("BK_BO", 2011), ("BK_TTG", 2020)],
        "hcbvtq2_ok": [("BK_BO", 2008), ("BK_TTG", 2013), ("HCBVTQ3", 2019)],
        "hcbvtq2_four": [("BK_BO", 2009), ("BK_TTG", 2014), ("HCBVTQ3", 2021)],
        "hcbvtq1_ok": [("BK_BO", 2005), ("BK_TTG", 2010), ("HCBVTQ3", 2014), ("HCBVTQ2", 2019)],
        "hcbvtq1_two": [("BK_BO", 2006), ("BK_TTG", 2011), ("HCBVTQ3", 2015), ("HCBVTQ2", 2019)],
    }
    for key, awards in chains.items():
        pid = who[key]
        w.history(pid, x_years(pid, DECIDED_YEARS))
        for code, year in awards:
            w.form(code, year, person=pid)
    # Huân chương Lao động: three CSTĐ cơ sở through initiatives, never HTXSNV.
    pid = who["hcld3_no_x"]
    w.history(pid, (2021, 2022, 2023))
    w.form("BK_BO", 2012, person=pid)
    w.form("BK_TTG", 2020, person=pid)
    # CSTĐ cơ sở without HTXSNV: an initiative, a research work, combat ingenuity; one recognised a day
    # before the year's window; one already used for CSTĐ cơ sở 2024.
    for key in (
        "cstdcs_sang_kien",
        "cstdcs_de_tai",
        "cstdcs_chien_dau",
        "cstdcs_window",
        "cstdcs_used",
        "cstt_htnv",
        "cstt_discipline",
        "pending_open",
        "pending_closed",
        "gk_ok",
        "gk_htnv",
        "bk_bo_phong_trao",
        "bk_bo_dot_xuat",
    ):
        pid = who[key]
        w.history(pid, (2024,) if key == "cstdcs_used" else ())
    w.initiative(who["cstdcs_sang_kien"], ymd(2025, 6, 16), topic="Quy trình tiếp nhận tin báo tội phạm qua ứng dụng")
    w.initiative(
        who["cstdcs_de_tai"],
        ymd(2025, 9, 25),
        kind="de_tai",
        topic="Đề tài: Nâng cao hiệu quả công tác quản lý cư trú sau sắp xếp đơn vị hành chính",
    )
    w.initiative(
        who["cstdcs_chien_dau"],
        ymd(2025, 4, 8),
        kind="giai_phap_chien_dau",
        topic="Phương án vây bắt đối tượng truy nã có vũ khí tại khu vực rừng núi",
    )
    w.initiative(who["cstdcs_window"], ymd(2024, 12, 31), topic="Mẫu sổ tay tuyên truyền pháp luật cho thanh niên")
    w.initiative(
        who["cstdcs_used"], ymd(2025, 1, 10), used=("CSTDCS", 2024), topic="Quy trình kiểm tra an toàn kho vật chứng"
    )
    # CSTT: khiển trách on 31/12/2024, one day before the year's look-back, but its period runs to 30/12/2025.
    w.discipline(who["cstt_discipline"], "khien_trach", ymd(2024, 12, 31), ref="Kỷ luật khiển trách")
    w.pending(who["pending_open"], "inspection", ymd(2025, 11, 3), note="Kiểm tra việc quản lý tài sản được giao")
    w.pending(
        who["pending_closed"],
        "complaint",
        ymd(2025, 3, 10),
        ymd(2025, 5, 20),
        note="Đơn phản ánh đã xác minh, không có vi phạm",
    )
    w.achievement(2025, "phong_trao", "Điển hình trong phong trào “Bình dân học vụ số”", person=who["gk_ok"])
    w.achievement(2025, "phong_trao", "Tích cực trong phong trào xây dựng nông thôn mới", person=who["gk_htnv"])
    w.achievement(
        2025,
        "phong_trao_bo",
        "Xuất sắc trong đợt cao điểm làm sạch dữ liệu dân cư của Bộ",
        person=who["bk_bo_phong_trao"],
    )
    w.achievement(
        2025, "dot_xuat", "Trực tiếp bắt giữ đối tượng vận chuyển 12 bánh heroin", person=who["bk_bo_dot_xuat"]
    )
    # Seniority with a hardship factor (years in mountain and border communes).
    for key, _, _, factor in SENIORITY_PICKS:
        if factor:
            w.f.factors.append(
                ServiceFactor(person_id=who[key], factor=factor, basis="Công tác tại địa bàn miền núi, biên giới")
            )


def write_base(w: Writer, reserved: set[int]) -> None:
    """Random facts of everyone else: initiatives, achievements, older awards, seniority medals, a few
    disciplines (titles come later, from the engine)."""
    rng, p = w.rng, w.p
    for pid in sorted(p.people, key=lambda pid: p.people[pid].ident):
        person = p.people[pid]
        if pid not in reserved:
            for y in ALL:
                rating = p.rating(pid, y)
                if rating is None or rng.random() >= {X: 0.5, "HTTNV": 0.05}.get(rating, 0):
                    continue
                level = rng.choices(["co_so", "bo", "toan_quoc"], [88, 10, 2])[0]
                kind = rng.choices(["sang_kien", "de_tai", "giai_phap_chien_dau"], [85, 10, 5])[0]
                w.initiative(pid, ymd(y, rng.randint(2, 11), rng.randint(1, 28)), level=level, kind=kind)
            if p.rating(pid, OPEN_YEAR) and rng.random() < 0.02:
                w.achievement(
                    OPEN_YEAR, "phong_trao", "Tích cực trong phong trào thi đua “Vì an ninh Tổ quốc”", person=pid
                )
            if person.service_start.year <= 2008 and rng.random() < 0.12:
                year = rng.randint(max(2010, person.service_start.year + 5), 2019)
                w.form("BK_BO", year, person=pid)
                if rng.random() < 0.25:
                    w.form("BK_TTG", min(year + rng.randint(4, 6), 2020), person=pid)
        # Seniority medals, decided in December of the year the years were reached (a few still missing).
        for code, men, women in SENIORITY:
            reached = person.service_start.year + (women if person.sex == "F" else men)
            if reached < OPEN_YEAR and rng.random() < 0.96:
                w.form(code, reached, person=pid, kind="seniority", decided=ymd(reached, 12, 12))
    # A few disciplines of past years (their titles are then refused by the engine).
    pool = sorted(pid for pid in p.people if pid not in reserved and p.rating(pid, 2022))
    for form, year in (("khien_trach", 2021), ("khien_trach", 2022), ("canh_cao", 2022), ("ha_bac_luong", 2023)):
        pid = rng.choice(pool)
        w.discipline(pid, form, ymd(year, rng.randint(2, 10), rng.randint(1, 28)))
