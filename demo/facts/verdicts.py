"""The showcase verdicts: for every rule of the 2025 set, who passes and who narrowly fails."""

from dataclasses import dataclass

from demo.facts.common import COL, ELIGIBLE, IND, NOT_ELIGIBLE, POSTPONED
from demo.facts.province import Province
from demo.facts.showcase_people import pick_people


@dataclass(frozen=True)
class Case:
    """A showcase verdict of the 2025 evaluation of the province: ``subject`` is a person or unit id;
    for a miss, ``predicate`` is the one condition that fails in its closest alternative."""

    key: str
    rule: str
    recipient: str
    subject: int
    status: str
    predicate: str = ""
    note: str = ""


def showcase() -> list[Case]:
    """The 2025 verdicts the demo was built to show (evaluate the province for 2025 to see them)."""
    province = Province()
    who = pick_people(province)
    u = {ref: unit.pk for ref, unit in province.units.items()}
    E, N, P = ELIGIBLE, NOT_ELIGIBLE, POSTPONED
    rows = [
        # key, rule, recipient, subject, status, failing predicate, note
        ("cstd_bo_ok", "CSTT", IND, who["cstd_bo_ok"], E, "", "HTXSNV"),
        ("cstt_htnv", "CSTT", IND, who["cstt_htnv"], N, "rating_at_least", "xếp loại HTNV"),
        (
            "cstt_discipline",
            "CSTT",
            IND,
            who["cstt_discipline"],
            N,
            "rating_at_least",
            "khiển trách 31/12/2024: ngoài thời gian xét 1 ngày, nhưng thời hạn kỷ luật đến 30/12/2025",
        ),
        ("pending_open", "CSTT", IND, who["pending_open"], P, "no_pending_case", "đang kiểm tra từ 03/11/2025"),
        ("pending_closed", "CSTT", IND, who["pending_closed"], E, "", "đơn đã xác minh xong 20/05/2025"),
        ("cstd_bo_ok", "CSTDCS", IND, who["cstd_bo_ok"], E, "", "HTXSNV"),
        ("cstdcs_sang_kien", "CSTDCS", IND, who["cstdcs_sang_kien"], E, "", "HTTNV + sáng kiến 16/06/2025"),
        ("cstdcs_de_tai", "CSTDCS", IND, who["cstdcs_de_tai"], E, "", "HTTNV + đề tài nghiệm thu 2025"),
        ("cstdcs_chien_dau", "CSTDCS", IND, who["cstdcs_chien_dau"], E, "", "HTTNV + giải pháp chiến đấu"),
        (
            "cstdcs_window",
            "CSTDCS",
            IND,
            who["cstdcs_window"],
            N,
            "initiatives_unused",
            "sáng kiến công nhận 31/12/2024, ngoài thời gian xét 1 ngày",
        ),
        (
            "cstdcs_used",
            "CSTDCS",
            IND,
            who["cstdcs_used"],
            N,
            "initiatives_unused",
            "sáng kiến 2025 đã dùng để đạt CSTĐCS 2024",
        ),
        ("cstd_bo_ok", "CSTD_BO", IND, who["cstd_bo_ok"], E, "", "CSTĐCS 2023–2025, sáng kiến cấp Bộ 2024"),
        ("cstd_bo_two", "CSTD_BO", IND, who["cstd_bo_two"], N, "consecutive_title", "2 năm liên tục, cần 3"),
        (
            "cstd_bo_used",
            "CSTD_BO",
            IND,
            who["cstd_bo_used"],
            N,
            "initiatives_unused",
            "sáng kiến cấp Bộ đã dùng để đạt CSTĐCS 2023",
        ),
        (
            "cstd_tq_ok",
            "CSTD_TQ",
            IND,
            who["cstd_tq_ok"],
            E,
            "",
            "CSTĐ Bộ 2022 + 2025; khiển trách 31/12/2018, ngoài 7 năm 1 ngày",
        ),
        (
            "cstd_tq_inside",
            "CSTD_TQ",
            IND,
            who["cstd_tq_inside"],
            N,
            "no_discipline",
            "khiển trách 01/01/2019, trong 7 năm 1 ngày",
        ),
        ("gk_ok", "GK", IND, who["gk_ok"], E, "", "HTTNV + thành tích phong trào 2025"),
        ("gk_htnv", "GK", IND, who["gk_htnv"], N, "rating_at_least", "thành tích phong trào nhưng xếp loại HTNV"),
        ("cstd_bo_ok", "BK_BO", IND, who["cstd_bo_ok"], E, "", "2 năm liên tục CSTĐCS"),
        ("bk_bo_phong_trao", "BK_BO", IND, who["bk_bo_phong_trao"], E, "", "thành tích phong trào của Bộ"),
        ("bk_bo_dot_xuat", "BK_BO", IND, who["bk_bo_dot_xuat"], E, "", "thành tích đột xuất"),
        (
            "bk_bo_used",
            "BK_BO",
            IND,
            who["bk_bo_used"],
            N,
            "rating_at_least",
            "BK Bộ 2024 đã nhận; HTXSNV 2024–2025 và 2 sáng kiến, nhưng năm 2024 đã dùng để được tặng BK Bộ 2024",
        ),
        ("bk_ttg_ok", "BK_TTG", IND, who["bk_ttg_ok"], E, "", "BK Bộ 2020, 5 năm, 3 CSTĐCS"),
        ("bk_ttg_four", "BK_TTG", IND, who["bk_ttg_four"], N, "chain_since_award", "BK Bộ 2021: 4 năm, cần 5"),
        ("hcld3_ok", "HCLD3", IND, who["hcld3_ok"], E, "", "BK TTg 2020, 5 năm, HTXSNV, 3 CSTĐCS"),
        ("hcld3_no_x", "HCLD3", IND, who["hcld3_no_x"], N, "chain_since_award", "0 năm HTXSNV, cần 1"),
        ("hcld3_no_x", "HCBVTQ3", IND, who["hcld3_no_x"], E, "", "BK TTg 2020, 5 năm, 3 CSTĐCS"),
        ("hcbvtq3_two", "HCBVTQ3", IND, who["hcbvtq3_two"], N, "chain_since_award", "2 lần CSTĐCS, cần 3"),
        ("hcbvtq2_ok", "HCBVTQ2", IND, who["hcbvtq2_ok"], E, "", "HCBVTQ hạng Ba 2019"),
        (
            "hcbvtq2_four",
            "HCBVTQ2",
            IND,
            who["hcbvtq2_four"],
            N,
            "chain_since_award",
            "HCBVTQ hạng Ba 2021: 4 năm, cần 5",
        ),
        ("hcbvtq1_ok", "HCBVTQ1", IND, who["hcbvtq1_ok"], E, "", "HCBVTQ hạng Nhì 2019"),
        ("hcbvtq1_two", "HCBVTQ1", IND, who["hcbvtq1_two"], N, "chain_since_award", "2 lần CSTĐCS, cần 3"),
        ("hcvantq_ok", "HCVANTQ", IND, who["hcvantq_ok"], E, "", "25 năm công tác"),
        ("hcvantq_short", "HCVANTQ", IND, who["hcvantq_short"], N, "years_of_service", "24 năm, cần 25"),
        ("hccsvv1_ok", "HCCSVV1", IND, who["hccsvv1_ok"], E, "", "20 năm"),
        ("hccsvv1_short", "HCCSVV1", IND, who["hccsvv1_short"], N, "years_of_service", "19 năm, cần 20"),
        ("hccsvv2_ok", "HCCSVV2", IND, who["hccsvv2_ok"], E, "", "15 năm"),
        ("hccsvv2_short", "HCCSVV2", IND, who["hccsvv2_short"], N, "years_of_service", "14 năm, cần 15"),
        ("hccsvv3_ok", "HCCSVV3", IND, who["hccsvv3_ok"], E, "", "10 năm"),
        ("hccsvv3_short", "HCCSVV3", IND, who["hccsvv3_short"], N, "years_of_service", "9 năm, cần 10"),
        ("knc_woman", "KNC_BVANTQ", IND, who["knc_woman"], E, "", "nữ, 10 năm"),
        ("knc_man_short", "KNC_BVANTQ", IND, who["knc_man_short"], N, "years_of_service", "nam, 10 năm, cần 15"),
        ("knc_hardship", "KNC_BVANTQ", IND, who["knc_hardship"], E, "", "nam, 11 năm × hệ số 1,5"),
        (
            "knc_hardship_short",
            "KNC_BVANTQ",
            IND,
            who["knc_hardship_short"],
            N,
            "years_of_service",
            "nam, 9 năm × 1,5 = 13,5, cần 15",
        ),
        ("pc02", "DVTT", COL, u["CAQB-PC02"], E, "", "cảnh cáo 31/12/2024: ngoài năm xét 1 ngày"),
        ("d1", "DVTT", COL, u["CAQB-PC08-D1"], N, "member_share_holding", "dưới 70 % CSTT"),
        ("pc06", "DVTT", COL, u["CAQB-PC06"], N, "no_member_discipline", "cảnh cáo 01/01/2025: trong năm xét"),
        ("pv06", "DVQT", COL, u["CAQB-PV06"], E, "", "100 % hoàn thành nhiệm vụ"),
        ("px03", "DVQT", COL, u["CAQB-PX03"], N, "every_member_rated_at_least", "1 cán bộ KHTNV"),
        ("px03", "CO_BO", COL, u["CAQB-PX03"], E, "", "hạng 1, 93,75 % phiếu"),
        ("pv01", "CO_BO", COL, u["CAQB-PV01"], N, "rating_at_least", "hạng 4 nhưng xếp loại HTTNV"),
        ("px03", "CO_CP", COL, u["CAQB-PX03"], E, "", "dẫn đầu khối"),
        ("ph10", "CO_CP", COL, u["CAQB-PH10"], N, "leads_block", "hạng 2"),
        ("px03", "BK_BO", COL, u["CAQB-PX03"], E, "", "HTXSNV 2024–2025"),
        ("pv05", "BK_BO", COL, u["CAQB-PV05"], E, "", "thành tích phong trào của Bộ"),
        ("pc02", "BK_BO", COL, u["CAQB-PC02"], N, "rating_at_least", "2024 HTTNV: 1 năm HTXSNV, cần 2"),
        ("pv06", "HCBVTQ1", COL, u["CAQB-PV06"], E, "", "HCBVTQ hạng Nhì 2019, ĐVQT 2021–2025, 3 Cờ Bộ"),
        ("px03", "HCBVTQ1", COL, u["CAQB-PX03"], N, "chain_since_award", "chưa đủ ĐVQT năm 2025"),
    ]
    return [Case(*row) for row in rows]
