"""The year-end summary and the draft article, generated from seed 000's facts entered as data."""

import io

import docx
import pytest

from honours.models import AwardForm, FormAward, Title, TitleAward
from news import drafting as news
from voting import services as voting_services
from voting.tests.conftest import XDLL, election, pick, xdll  # noqa: F401  (fixtures)
from voting.tests.test_seed_000 import VOTES


@pytest.fixture
def seed_000(xdll, election, personas, org):  # noqa: F811
    """Seed 000 as data: the 8 units vote PX03 leader and PH10 deputy for 2019 (the flag and DVTT
    questions are left out of the ballot); 3 collective and 4 individual awards of 2018 in the block,
    one more annulled and one of another year (neither counted)."""
    e = election.election
    for question in (election.flag, election.dvtt):
        voting_services.remove_question(question, by=personas.office)
    e = voting_services.open_election(e, by=personas.office)
    for code, (leader, deputy) in VOTES.items():
        voting_services.cast_ballot(
            e,
            e.roll.get(unit=xdll.units[code]),
            {election.leader.key: pick(election.leader, leader), election.deputy.key: pick(election.deputy, deputy)},
            by=xdll.reps[code],
        )
    voting_services.close_election(e, by=personas.office)
    u = xdll.units
    TitleAward.objects.create(title=Title.objects.get(code="CO_BO"), unit=u["PX03"], year=2018)
    TitleAward.objects.create(title=Title.objects.get(code="DVQT"), unit=u["PH10"], year=2018)
    FormAward.objects.create(award_form=AwardForm.objects.get(code="BK_BO_TT"), unit=u["PV01"], year=2018)
    FormAward.objects.create(
        award_form=AwardForm.objects.get(code="BK_BO_TT"), unit=u["PV02"], year=2018, annulled=True
    )
    people = [org.people.an, org.people.binh, org.people.cuong, org.people.dung]
    for person in people[:3]:
        FormAward.objects.create(award_form=AwardForm.objects.get(code="BK_BO"), person=person, year=2018)
    FormAward.objects.create(award_form=AwardForm.objects.get(code="BK_TTG"), person=people[3], year=2018)
    FormAward.objects.create(award_form=AwardForm.objects.get(code="BK_TTG"), person=people[3], year=2017)
    return xdll


def test_the_summary_counts_non_annulled_awards_of_the_year_in_the_block(seed_000):
    s = news.year_end_summary(seed_000.block)
    assert (s.collective, s.individual) == (3, 4)
    assert s.forms == [("Bằng khen của Thủ tướng Chính phủ", 1), ("Bằng khen của Bộ trưởng Bộ Công an", 4)]
    assert s.titles == [("Cờ thi đua của Bộ Công an", 1), ("Đơn vị Quyết thắng", 1)]
    assert (s.next_leader.code, s.next_deputy.code, s.present) == ("PX03", "PH10", 8)


def test_the_seed_000_article_states_the_conference_the_counts_and_next_years_leaders(seed_000):
    title, body = news.draft_article(seed_000.conference)
    assert title == "Khối thi đua XDLL – TT – HCKT: Tổng kết phong trào thi đua “Vì an ninh Tổ quốc” năm 2018"
    paragraphs = body.split("\n\n")
    assert paragraphs[0] == (
        "Ngày 06/11/2018, tại Hội trường Công an tỉnh, Khối thi đua XDLL – TT – HCKT đã tổ chức hội nghị tổng kết "
        "phong trào thi đua “Vì an ninh Tổ quốc” năm 2018. Dự và chủ trì hội nghị có Đại tá Nguyễn Quốc Tường – "
        "Phó Giám đốc Công an tỉnh. Hội nghị có sự tham dự của đại diện lãnh đạo tất cả 08 đơn vị thành viên "
        "của Khối."
    )
    members = ", ".join(f"{name} ({code})" for code, name in XDLL[:-1]) + f" và {XDLL[-1][1]} ({XDLL[-1][0]})"
    assert paragraphs[1] == (
        f"Khối thi đua XDLL – TT – HCKT năm 2018 gồm 08 đơn vị: {members}; Phòng Tham mưu (PV01) làm khối trưởng, "
        "Phòng Tổ chức cán bộ (PX01) làm khối phó. Hội nghị đã đánh giá kết quả thực hiện phong trào thi đua "
        "“Vì an ninh Tổ quốc” năm 2018 của các đơn vị trong Khối."
    )
    assert paragraphs[2] == (
        "Với những thành tích đạt được, năm 2018 đã có 03 lượt tập thể, 04 lượt cá nhân trong Khối thi đua "
        "XDLL – TT – HCKT được các cấp khen thưởng, trong đó có 01 Bằng khen của Thủ tướng Chính phủ, "
        "04 Bằng khen của Bộ trưởng Bộ Công an. Về danh hiệu thi đua, có 01 Cờ thi đua của Bộ Công an, "
        "01 Đơn vị Quyết thắng."
    )
    assert paragraphs[3] == (
        "Hội nghị đã suy tôn Phòng Công tác đảng và công tác chính trị (PX03) làm khối trưởng, Phòng Hậu cần "
        "(PH10) làm khối phó trong phong trào thi đua “Vì an ninh Tổ quốc” năm 2019. Kết quả bỏ phiếu: "
        "Phòng Công tác đảng và công tác chính trị (PX03) đạt 6/8 phiếu; Phòng Hậu cần (PH10) đạt 5/8 phiếu."
    )
    assert len(paragraphs) == 4


def test_without_awards_votes_or_chair_the_article_says_less(xdll, personas):  # noqa: F811
    conference = xdll.conference
    conference.chair_name = ""
    conference.save()
    conference.attendance.all().delete()
    title, body = news.draft_article(conference)
    paragraphs = body.split("\n\n")
    assert paragraphs[0] == (
        "Ngày 06/11/2018, tại Hội trường Công an tỉnh, Khối thi đua XDLL – TT – HCKT đã tổ chức hội nghị tổng kết "
        "phong trào thi đua “Vì an ninh Tổ quốc” năm 2018."
    )
    assert paragraphs[2] == "Chưa có khen thưởng nào cho thành tích năm 2018 của các đơn vị trong Khối được ghi nhận."
    assert len(paragraphs) == 3


def test_targets_met_and_standings_appear_when_recorded(xdll, personas):  # noqa: F811
    from cycle.models import Registration, RegistrationTarget
    from eligibility.models import BlockStanding

    for unit in xdll.members:
        registration = Registration.objects.create(block=xdll.block, unit=unit)
        RegistrationTarget.objects.create(registration=registration, text="Chỉ tiêu 1", result="met")
    for rank, code in enumerate(["PX03", "PH10", "PV01"], start=1):
        BlockStanding.objects.create(block=xdll.block, unit=xdll.units[code], rank=rank)
    _, body = news.draft_article(xdll.conference)
    paragraph = body.split("\n\n")[1]
    assert paragraph.endswith(
        "100% đơn vị trong Khối đạt các chỉ tiêu đăng ký thi đua năm 2018. Theo kết quả chấm điểm, xếp hạng, "
        "Phòng Công tác đảng và công tác chính trị (PX03) dẫn đầu Khối, tiếp theo là Phòng Hậu cần (PH10) và "
        "Phòng Tham mưu (PV01)."
    )


def test_targets_partly_met_are_counted_and_unrecorded_results_left_out(xdll, personas):  # noqa: F811
    from cycle.models import Registration, RegistrationTarget

    registrations = [Registration.objects.create(block=xdll.block, unit=unit) for unit in xdll.members[:3]]
    targets = [RegistrationTarget.objects.create(registration=r, text="Chỉ tiêu 1") for r in registrations]
    _, body = news.draft_article(xdll.conference)
    assert "chỉ tiêu đăng ký" not in body  # nothing marked achieved yet: no "00/03"
    RegistrationTarget.objects.filter(pk__in=[t.pk for t in targets[:2]]).update(result="met")
    _, body = news.draft_article(xdll.conference)
    assert "Có 02/03 đơn vị đăng ký chỉ tiêu đạt toàn bộ các chỉ tiêu đăng ký thi đua năm 2018." in body


def _results(khoi, per_unit):
    """Register, for each member in order, one target per result given."""
    from cycle.models import Registration, RegistrationTarget

    for unit, results in zip(khoi.members, per_unit, strict=False):
        registration = Registration.objects.create(block=khoi.block, unit=unit)
        RegistrationTarget.objects.bulk_create(
            RegistrationTarget(registration=registration, order=i, text=f"Chỉ tiêu {i}", result=r)
            for i, r in enumerate(results)
        )


def _reviewed(khoi):
    return news.draft_article(khoi.conference)[1].split("\n\n")[1]


def test_every_member_exceeding_every_target_is_said_as_100_percent_exceeding(xdll, personas):  # noqa: F811
    _results(xdll, [["exceeded", "exceeded"]] * len(xdll.members))
    assert "100% đơn vị trong Khối hoàn thành vượt mức các chỉ tiêu đăng ký thi đua năm 2018." in _reviewed(xdll)


def test_one_target_only_met_keeps_its_unit_out_of_the_exceeding_count(xdll, personas):  # noqa: F811
    n = len(xdll.members)
    _results(xdll, [["exceeded", "met"]] + [["exceeded"]] * (n - 1))
    paragraph = _reviewed(xdll)
    assert "hoàn thành vượt mức các chỉ tiêu đăng ký" not in paragraph
    assert (
        f"100% đơn vị trong Khối đạt các chỉ tiêu đăng ký thi đua năm 2018, trong đó {n - 1:02d}/{n:02d} đơn vị "
        "hoàn thành vượt mức các chỉ tiêu." in paragraph
    )


def test_no_100_percent_when_a_member_registered_no_target(xdll, personas):  # noqa: F811
    n = len(xdll.members)
    _results(xdll, [["exceeded"]] * (n - 1))
    paragraph = _reviewed(xdll)
    assert "100%" not in paragraph
    assert (
        f"Có {n - 1:02d}/{n - 1:02d} đơn vị đăng ký chỉ tiêu đạt toàn bộ các chỉ tiêu đăng ký thi đua năm 2018, "
        f"trong đó {n - 1:02d}/{n - 1:02d} đơn vị hoàn thành vượt mức các chỉ tiêu." in paragraph
    )


def test_a_target_not_met_or_not_recorded_keeps_its_unit_out(xdll, personas):  # noqa: F811
    n = len(xdll.members)
    _results(xdll, [["met", "not_met"], ["met", ""]] + [["met"]] * (n - 2))
    assert (
        f"Có {n - 2:02d}/{n:02d} đơn vị đăng ký chỉ tiêu đạt toàn bộ các chỉ tiêu đăng ký thi đua năm 2018."
        in _reviewed(xdll)
    )


def test_the_summary_report_is_a_docx_with_the_counts(seed_000):
    document = docx.Document(io.BytesIO(news.summary_docx(seed_000.block)))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "BÁO CÁO" in text
    assert "năm 2018 đã có 03 lượt tập thể, 04 lượt cá nhân" in text
    rows = [[c.text for c in row.cells] for t in document.tables for row in t.rows]
    assert ["Bằng khen của Thủ tướng Chính phủ", "01"] in rows


def test_unit_names_keep_their_codes(org):
    assert news.unit_label(org.px03) == "Phòng Công tác đảng và công tác chính trị (PX03)"
