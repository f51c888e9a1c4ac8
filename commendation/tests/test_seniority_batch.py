"""The seniority (niên hạn) batch: one action fills a seniority proposal with exactly the medals due
for years of service on 31/12 of its year (the 2022 rule set: Huy chương Chiến sĩ vẻ vang hạng Ba /
Nhì / Nhất at 10 / 15 / 20 years, Kỷ niệm chương BVANTQ at 15 years for men and 10 for women, Huy
chương Vì an ninh Tổ quốc at 25 years with the year's tasks completed well), one class of a medal
at a time, never a title; then the lines are filtered, excluded in bulk and exported."""

import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from audit.models import AuditEvent
from commendation.models import ProposalLine
from commendation.services import proposals as wf
from commendation.services.batch import LineFilter, exclude_lines, filter_lines, lines_xlsx
from commendation.services.prefill import prefill_from_registration_and_engine
from eligibility.models import Discipline
from honours.models import AwardForm, FormAward
from organisation import services as org_services
from organisation.models import Rating, Unit

pytestmark = pytest.mark.django_db

YEAR = 2025  # judged on 31/12/2025


def make_unit(parent, ref: str, name: str) -> Unit:
    return org_services.create_unit(by=None, ref=ref, code=ref[-2:], name=name, kind=Unit.Kind.TEAM, parent=parent)


def officer(unit, ident: str, name: str, start: datetime.date, sex: str = "M"):
    return org_services.create_person(
        by=None,
        unit=unit,
        start=start,
        ident=ident,
        full_name=name,
        sex=sex,
        rank="thieu_ta",
        position="Cán bộ",
        birth_date=datetime.date(1975, 1, 1),
        service_start=start,
    )


def holds(person, code: str, year: int) -> None:
    FormAward.objects.create(
        award_form=AwardForm.objects.get(code=code),
        person=person,
        year=year,
        decided_on=datetime.date(year, 12, 1),
        decision_ref=f"12/QĐ-BCA {year}",
    )


@pytest.fixture
def team(org):
    """Đội 1 of PX03: officers whose full years of service on 31/12/2025 their names tell."""
    d1 = make_unit(org.px03, "CAQB-PX03-D1", "Đội 1")
    people = {
        "9": officer(d1, "QB100009", "Võ Văn Chín", datetime.date(2016, 6, 1)),
        "10": officer(d1, "QB100010", "Hồ Văn Mười", datetime.date(2015, 3, 1)),
        "10F": officer(d1, "QB100011", "Đinh Thị Mười", datetime.date(2015, 3, 1), sex="F"),
        "15": officer(d1, "QB100015", "Bùi Văn Mười Lăm", datetime.date(2010, 5, 1)),
        "15H3": officer(d1, "QB100016", "Lý Văn Giữ", datetime.date(2010, 5, 1)),
        "17H2": officer(d1, "QB100017", "Lâm Văn Nhì", datetime.date(2008, 7, 1)),
        "19F": officer(d1, "QB100019", "Mai Thị Mười Chín", datetime.date(2006, 2, 1), sex="F"),
        "20": officer(d1, "QB100020", "Tạ Văn Hai Mươi", datetime.date(2005, 1, 15)),
        "25": officer(d1, "QB100025", "Cao Văn Hai Lăm", datetime.date(2000, 3, 1)),
        "25D": officer(d1, "QB100026", "Kha Văn Kỷ Luật", datetime.date(2000, 3, 1)),
    }
    holds(people["15H3"], "HCCSVV3", 2020)  # hạng Ba at 10 years: hạng Nhì is now due
    holds(people["17H2"], "HCCSVV2", 2023)  # hạng Nhì already: hạng Ba is never given after it
    for key in ("25", "25D"):
        org_services.set_person_rating(people[key], YEAR, Rating.HTTNV, by=None)
    # A reprimand in 2025: the year's rating does not count (Decree 152/2025 art. 4), so Huy chương Vì
    # an ninh Tổ quốc ("25 năm, hoàn thành tốt nhiệm vụ") waits; the seniority medals do not read it.
    Discipline.objects.create(
        person=people["25D"],
        form="khien_trach",
        decided_on=datetime.date(2025, 4, 1),
        period_end=datetime.date(2026, 3, 31),
    )
    return d1, people


def seniority_proposal(unit, to_unit, by, title="Đề nghị niên hạn 2025"):
    return wf.create_proposal(unit=unit, to_unit=to_unit, year=YEAR, title=title, kind="seniority", by=by)


def pairs(lines) -> list[tuple[str, str]]:
    return sorted((x.person.full_name, x.award_form.code) for x in lines)


EXPECTED = sorted(
    [
        ("Hồ Văn Mười", "HCCSVV3"),
        ("Đinh Thị Mười", "HCCSVV3"),
        ("Đinh Thị Mười", "KNC_BVANTQ"),
        ("Bùi Văn Mười Lăm", "HCCSVV2"),
        ("Bùi Văn Mười Lăm", "KNC_BVANTQ"),
        ("Lý Văn Giữ", "HCCSVV2"),
        ("Lý Văn Giữ", "KNC_BVANTQ"),
        ("Lâm Văn Nhì", "KNC_BVANTQ"),
        ("Mai Thị Mười Chín", "HCCSVV2"),
        ("Mai Thị Mười Chín", "KNC_BVANTQ"),
        ("Tạ Văn Hai Mươi", "HCCSVV1"),
        ("Tạ Văn Hai Mươi", "KNC_BVANTQ"),
        ("Cao Văn Hai Lăm", "HCCSVV1"),
        ("Cao Văn Hai Lăm", "HCVANTQ"),
        ("Cao Văn Hai Lăm", "KNC_BVANTQ"),
        ("Kha Văn Kỷ Luật", "HCCSVV1"),
        ("Kha Văn Kỷ Luật", "KNC_BVANTQ"),
    ]
)


def test_prefill_gives_exactly_the_medals_due_the_highest_class_and_no_title(org, personas, team):
    d1, people = team
    proposal = seniority_proposal(d1, org.caqb, personas.unit_officer)

    created = prefill_from_registration_and_engine(proposal, by=personas.unit_officer)

    saved = list(proposal.lines.select_related("person", "award_form"))
    assert pairs(created) == EXPECTED
    assert pairs(saved) == EXPECTED
    assert [x.title_id for x in saved] == [None] * len(EXPECTED)
    assert {(x.engine_status, x.engine_ruleset, x.engine_failures == []) for x in saved} == {
        ("eligible", "luat2022_nd98_cand", True)
    }
    assert [x.order for x in saved] == list(range(1, len(EXPECTED) + 1))
    # highest medal first (the catalogue's rank), then by unit, in the order the officers were recorded
    assert [x.award_form.code for x in saved][:9] == ["KNC_BVANTQ"] * 8 + ["HCCSVV1"]
    assert {x.achievement for x in saved if x.award_form.code == "HCCSVV2"} == {"seniority:HCCSVV2"}
    assert AuditEvent.objects.filter(object_type="commendation.proposalline", action="create").count() == len(EXPECTED)


def test_each_line_carries_the_engines_matched_alternative_and_the_years_it_counted(org, personas, team):
    d1, people = team
    proposal = seniority_proposal(d1, org.caqb, personas.unit_officer)
    prefill_from_registration_and_engine(proposal, by=personas.unit_officer)

    summaries = {
        (x.person.full_name, x.award_form.code): x.summary
        for x in proposal.lines.select_related("person", "award_form")
    }
    assert summaries[("Tạ Văn Hai Mươi", "HCCSVV1")] == (
        "Đủ niên hạn 20 năm: 20 năm công tác (vào ngành 15/01/2005), cần 20"
    )
    assert summaries[("Đinh Thị Mười", "KNC_BVANTQ")] == (
        "Đủ thời gian công tác (nam 15 năm, nữ 10 năm; địa bàn khó khăn tính hệ số): "
        "10 năm công tác (vào ngành 01/03/2015), cần 10 (nữ)"
    )
    assert summaries[("Cao Văn Hai Lăm", "HCVANTQ")] == (
        "25 năm công tác liên tục, hoàn thành tốt nhiệm vụ: 25 năm công tác (vào ngành 01/03/2000), cần 25"
    )


def test_running_prefill_again_adds_nothing(org, personas, team):
    d1, _people = team
    proposal = seniority_proposal(d1, org.caqb, personas.unit_officer)
    prefill_from_registration_and_engine(proposal, by=personas.unit_officer)

    assert prefill_from_registration_and_engine(proposal, by=personas.unit_officer) == []
    assert proposal.lines.count() == len(EXPECTED)


def test_a_second_proposal_does_not_propose_what_the_first_one_carries(org, personas, team):
    d1, people = team
    first = seniority_proposal(d1, org.caqb, personas.unit_officer)
    wf.add_line(first, by=personas.unit_officer, person=people["20"], award_form=AwardForm.objects.get(code="HCCSVV3"))
    second = seniority_proposal(d1, org.caqb, personas.unit_officer, title="Đề nghị niên hạn 2025 (bổ sung)")

    created = prefill_from_registration_and_engine(second, by=personas.unit_officer)

    # the class already on its way in the first proposal keeps hạng Nhất out; his KNC still goes
    assert [p for p in EXPECTED if p not in pairs(created)] == [("Tạ Văn Hai Mươi", "HCCSVV1")]


def test_a_yearly_proposal_keeps_todays_behaviour_titles_and_no_seniority_medal(org, personas, team):
    d1, _people = team
    proposal = wf.create_proposal(unit=d1, to_unit=org.caqb, year=YEAR, title="Năm 2025", by=personas.unit_officer)

    created = prefill_from_registration_and_engine(proposal, by=personas.unit_officer)

    assert sorted((x.person.full_name, x.honour.code) for x in created) == [
        ("Cao Văn Hai Lăm", "CSTT"),
    ]


def test_the_people_of_the_proposing_unit_only(org, personas, team):
    # PX03's own officers (15 years) are outside Đội 1's proposal, inside PX03's.
    d1, _people = team
    proposal = seniority_proposal(org.px03, org.caqb, personas.unit_officer)

    created = prefill_from_registration_and_engine(proposal, by=personas.unit_officer)

    assert [p for p in pairs(created) if p not in EXPECTED] == [
        ("Lê Văn Cường", "HCCSVV2"),
        ("Lê Văn Cường", "KNC_BVANTQ"),
        ("Nguyễn Văn An", "HCCSVV2"),
        ("Nguyễn Văn An", "KNC_BVANTQ"),
        ("Trần Thị Bình", "HCCSVV2"),
        ("Trần Thị Bình", "KNC_BVANTQ"),
    ]


def test_read_only_roles_and_outsiders_cannot_prefill(org, personas, team):
    d1, _people = team
    proposal = seniority_proposal(d1, org.caqb, personas.unit_officer)
    for user in (personas.council, personas.outsider):
        with pytest.raises(wf.AwardsError):
            prefill_from_registration_and_engine(proposal, by=user)
    assert proposal.lines.count() == 0


def _filled(org, personas, team):
    d1, _people = team
    proposal = seniority_proposal(d1, org.caqb, personas.unit_officer)
    prefill_from_registration_and_engine(proposal, by=personas.unit_officer)
    return proposal


def test_lines_are_filtered_by_medal_unit_status_and_name(org, personas, team):
    proposal = _filled(org, personas, team)

    def names(which):
        return [(x.person.full_name, x.award_form.code) for x in filter_lines(proposal, which)]

    assert names(LineFilter(honour="HCCSVV1")) == [
        ("Tạ Văn Hai Mươi", "HCCSVV1"),
        ("Cao Văn Hai Lăm", "HCCSVV1"),
        ("Kha Văn Kỷ Luật", "HCCSVV1"),
    ]
    assert names(LineFilter(q="muoi lam")) == [
        ("Bùi Văn Mười Lăm", "KNC_BVANTQ"),
        ("Bùi Văn Mười Lăm", "HCCSVV2"),
    ]
    assert names(LineFilter(q="QB100025", honour="HCVANTQ")) == [("Cao Văn Hai Lăm", "HCVANTQ")]
    assert names(LineFilter(unit=org.ph10)) == []
    assert len(names(LineFilter(unit=team[0], status="eligible"))) == len(EXPECTED)
    assert names(LineFilter(status="not_eligible")) == []


def test_lines_matching_a_filter_are_excluded_in_one_action(org, personas, team):
    proposal = _filled(org, personas, team)

    removed = exclude_lines(proposal, by=personas.unit_officer, which=LineFilter(honour="KNC_BVANTQ"))

    assert removed == 8
    assert pairs(proposal.lines.select_related("person", "award_form")) == [p for p in EXPECTED if p[1] != "KNC_BVANTQ"]
    deleted = AuditEvent.objects.filter(object_type="commendation.proposalline", action="delete")
    assert deleted.count() == 8
    assert {e.note for e in deleted} == {"Bỏ khỏi đề nghị theo bộ lọc"}


def test_only_the_chosen_lines_among_the_filter_are_excluded(org, personas, team):
    proposal = _filled(org, personas, team)
    hccsvv1 = list(filter_lines(proposal, LineFilter(honour="HCCSVV1")))
    knc = filter_lines(proposal, LineFilter(honour="KNC_BVANTQ")).first()

    removed = exclude_lines(
        proposal, by=personas.unit_officer, which=LineFilter(honour="HCCSVV1"), ids=[hccsvv1[0].pk, knc.pk]
    )

    assert removed == 1  # the KNC line is not in the filter
    assert not ProposalLine.objects.filter(pk=hccsvv1[0].pk).exists()
    assert ProposalLine.objects.filter(pk=knc.pk).exists()


def test_a_submitted_proposal_refuses_the_bulk_exclusion(org, personas, team):
    proposal = _filled(org, personas, team)
    wf.submit_proposal(proposal, by=personas.commander)

    with pytest.raises(wf.AwardsError, match="không sửa được nữa"):
        exclude_lines(proposal, by=personas.unit_officer, which=LineFilter(honour="HCCSVV1"))
    assert proposal.lines.count() == len(EXPECTED)


def test_the_filtered_lines_export_to_xlsx(org, personas, team):
    proposal = _filled(org, personas, team)

    data = lines_xlsx(proposal, filter_lines(proposal, LineFilter(honour="HCCSVV1")))

    sheet = load_workbook(io.BytesIO(data)).active
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert rows[0][0] == "Đề nghị niên hạn 2025"
    assert rows[1][0] == "Đội 1 – Niên hạn – 2025"
    assert rows[2] == [
        "TT",
        "Cá nhân / tập thể",
        "Đơn vị",
        "Danh hiệu, hình thức",
        "Kiểm tra điều kiện",
        "Tóm tắt thành tích",
        "Giải trình",
        "Kết quả xét",
    ]
    assert [r[:5] for r in rows[3:]] == [
        [1, "Tạ Văn Hai Mươi", "D1", "Huy chương Chiến sĩ vẻ vang hạng Nhất", "Đủ điều kiện"],
        [2, "Cao Văn Hai Lăm", "D1", "Huy chương Chiến sĩ vẻ vang hạng Nhất", "Đủ điều kiện"],
        [3, "Kha Văn Kỷ Luật", "D1", "Huy chương Chiến sĩ vẻ vang hạng Nhất", "Đủ điều kiện"],
    ]
    assert rows[3][5] == "Đủ niên hạn 20 năm: 20 năm công tác (vào ngành 15/01/2005), cần 20"
    assert rows[3][7] == "Chưa xét"


def _queries_of_prefill(org, personas, ref: str, n: int) -> tuple[int, int]:
    unit = make_unit(org.px03, ref, f"Đội {ref}")
    for i in range(n):
        officer(unit, f"{ref}{i:04d}", f"Cán bộ {ref} {i}", datetime.date(2012, 1, 1))  # 13 years: HCCSVV3
    proposal = seniority_proposal(unit, org.caqb, personas.unit_officer)
    with CaptureQueriesContext(connection) as queries:
        created = prefill_from_registration_and_engine(proposal, by=personas.unit_officer)
    return len(created), len(queries)


def test_the_batch_costs_the_same_queries_for_2_and_20_officers(org, personas):
    _queries_of_prefill(org, personas, "QBW", 1)  # warm the rule set registry
    two = _queries_of_prefill(org, personas, "QBA", 2)
    twenty = _queries_of_prefill(org, personas, "QBB", 20)

    assert (two[0], twenty[0]) == (2, 20)
    assert two[1] == twenty[1]


# The pages -------------------------------------------------------------------------------------


def _page(client, user, proposal, query=""):
    client.force_login(user)
    return client.get(reverse("commendation:proposal_detail", args=[proposal.pk]) + query)


def test_the_proposal_page_shows_one_filtered_page_of_lines_with_their_explanation(client, org, personas, team):
    proposal = _filled(org, personas, team)

    page = _page(client, personas.unit_officer, proposal, "?honour=HCCSVV1")

    assert page.status_code == 200
    assert [(x.person.full_name, x.award_form.code) for x in page.context["lines"]] == [
        ("Tạ Văn Hai Mươi", "HCCSVV1"),
        ("Cao Văn Hai Lăm", "HCCSVV1"),
        ("Kha Văn Kỷ Luật", "HCCSVV1"),
    ]
    html = page.content.decode()
    assert "Đủ niên hạn 20 năm: 20 năm công tác (vào ngành 15/01/2005), cần 20" in html
    assert "3 dòng" in html
    export = reverse("commendation:proposal_lines_xlsx", args=[proposal.pk])
    assert f'href="{export}?honour=HCCSVV1"' in html


def test_a_unit_outside_the_proposal_is_refused_by_the_filter(client, org, personas, team):
    proposal = _filled(org, personas, team)

    page = _page(client, personas.unit_officer, proposal, f"?unit={org.cahy.pk}")

    assert len(page.context["lines"]) == len(EXPECTED)  # unfiltered, with the error shown
    assert "Đơn vị không thuộc đơn vị đề nghị." in page.content.decode()


def test_the_page_costs_the_same_queries_for_3_and_150_lines(client, org, personas):
    def queries_for(ref, n):
        unit = make_unit(org.px03, ref, f"Đội {ref}")
        for i in range(n):
            officer(unit, f"{ref}{i:04d}", f"Cán bộ {ref} {i}", datetime.date(2012, 1, 1))
        proposal = seniority_proposal(unit, org.caqb, personas.unit_officer)
        prefill_from_registration_and_engine(proposal, by=personas.unit_officer)
        client.force_login(personas.unit_officer)
        url = reverse("commendation:proposal_detail", args=[proposal.pk])
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    queries_for("QBW", 1)
    assert queries_for("QBA", 3) == queries_for("QBB", 150)


def test_the_page_is_paginated_by_100(client, org, personas):
    unit = make_unit(org.px03, "CAQB-PX03-D9", "Đội 9")
    for i in range(130):
        officer(unit, f"QBP{i:04d}", f"Cán bộ {i}", datetime.date(2012, 1, 1))
    proposal = seniority_proposal(unit, org.caqb, personas.unit_officer)
    prefill_from_registration_and_engine(proposal, by=personas.unit_officer)

    second = _page(client, personas.unit_officer, proposal, "?honour=HCCSVV3&page=2")

    assert [x.order for x in second.context["lines"]] == list(range(101, 131))
    assert second.context["first_number"] == 101


def test_the_page_excludes_every_line_matching_the_filter_in_one_action(client, org, personas, team):
    proposal = _filled(org, personas, team)
    client.force_login(personas.unit_officer)
    url = reverse("commendation:proposal_lines_exclude", args=[proposal.pk])

    response = client.post(url, {"honour": "KNC_BVANTQ", "unit": "", "status": "", "search": "", "all": "1"})

    assert response.status_code == 302
    assert response["Location"] == reverse("commendation:proposal_detail", args=[proposal.pk]) + "?honour=KNC_BVANTQ"
    assert pairs(proposal.lines.select_related("person", "award_form")) == [p for p in EXPECTED if p[1] != "KNC_BVANTQ"]


def test_the_page_excludes_the_ticked_lines_only(client, org, personas, team):
    proposal = _filled(org, personas, team)
    ticked = list(filter_lines(proposal, LineFilter(honour="HCCSVV2")))[:2]
    client.force_login(personas.unit_officer)

    client.post(
        reverse("commendation:proposal_lines_exclude", args=[proposal.pk]),
        {"honour": "HCCSVV2", "lines": [x.pk for x in ticked]},
    )

    assert proposal.lines.count() == len(EXPECTED) - 2
    assert not ProposalLine.objects.filter(pk__in=[x.pk for x in ticked]).exists()


def test_nothing_ticked_or_a_foreign_unit_removes_nothing(client, org, personas, team):
    proposal = _filled(org, personas, team)
    client.force_login(personas.unit_officer)
    url = reverse("commendation:proposal_lines_exclude", args=[proposal.pk])

    client.post(url, {"honour": "HCCSVV2"})
    client.post(url, {"unit": str(org.cahy.pk), "all": "1"})

    assert proposal.lines.count() == len(EXPECTED)


def test_read_only_roles_get_403_and_outsiders_404_on_the_exclusion(client, org, personas, team):
    proposal = _filled(org, personas, team)
    url = reverse("commendation:proposal_lines_exclude", args=[proposal.pk])
    statuses = []
    for user in (personas.council, personas.outsider):
        client.force_login(user)
        statuses.append(client.post(url, {"all": "1"}).status_code)

    assert statuses == [403, 404]
    assert proposal.lines.count() == len(EXPECTED)


def test_the_page_exports_the_filtered_lines(client, org, personas, team):
    proposal = _filled(org, personas, team)
    url = reverse("commendation:proposal_lines_xlsx", args=[proposal.pk])
    client.force_login(personas.council)  # reading is enough

    response = client.get(url, {"search": "hai lam"})

    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="de-nghi-{proposal.pk}.xlsx"'
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert [r[1:4] for r in sheet.iter_rows(min_row=4, values_only=True)] == [
        ("Cao Văn Hai Lăm", "D1", "Kỷ niệm chương “Bảo vệ an ninh Tổ quốc”"),
        ("Cao Văn Hai Lăm", "D1", "Huy chương Chiến sĩ vẻ vang hạng Nhất"),
        ("Cao Văn Hai Lăm", "D1", "Huy chương “Vì an ninh Tổ quốc”"),
    ]
    client.force_login(personas.outsider)
    assert client.get(url).status_code == 404


# The API ---------------------------------------------------------------------------------------

API = "/api/v1/proposals"


def test_the_api_prefills_a_seniority_proposal_lists_filters_excludes_and_exports(client, org, personas, team):
    from api.tests import bearer

    d1, _people = team
    officer_key = bearer(personas.unit_officer)
    proposal = seniority_proposal(d1, org.caqb, personas.unit_officer)

    created = client.post(f"{API}/{proposal.pk}/prefill", headers=officer_key)
    assert created.status_code == 201
    assert sorted((x["name"], x["award_form"]) for x in created.json()) == EXPECTED
    assert {x["title"] for x in created.json()} == {None}

    page = client.get(f"{API}/{proposal.pk}/lines", {"honour": "HCCSVV1", "limit": 2}, headers=officer_key).json()
    assert page["count"] == 3
    assert [(x["name"], x["summary"]) for x in page["items"]] == [
        ("Tạ Văn Hai Mươi", "Đủ niên hạn 20 năm: 20 năm công tác (vào ngành 15/01/2005), cần 20"),
        ("Cao Văn Hai Lăm", "Đủ niên hạn 20 năm: 25 năm công tác (vào ngành 01/03/2000), cần 20"),
    ]

    exported = client.get(f"{API}/{proposal.pk}/lines.xlsx", {"search": "ky luat"}, headers=officer_key)
    assert exported.status_code == 200
    sheet = load_workbook(io.BytesIO(exported.content)).active
    assert [r[1] for r in sheet.iter_rows(min_row=4, values_only=True)] == ["Kha Văn Kỷ Luật"] * 2

    removed = client.post(
        f"{API}/{proposal.pk}/lines/exclude",
        {"honour": "KNC_BVANTQ", "all": True},
        content_type="application/json",
        headers=officer_key,
    )
    assert (removed.status_code, removed.json()) == (200, {"removed": 8})
    assert proposal.lines.count() == len(EXPECTED) - 8


def test_the_api_refuses_a_vague_or_foreign_exclusion_and_the_wrong_people(client, org, personas, team):
    from api.tests import bearer

    proposal = _filled(org, personas, team)
    url = f"{API}/{proposal.pk}/lines/exclude"
    officer_key = bearer(personas.unit_officer)

    vague = client.post(url, {"honour": "HCCSVV1"}, content_type="application/json", headers=officer_key)
    foreign = client.post(url, {"unit": org.cahy.pk, "all": True}, content_type="application/json", headers=officer_key)
    council = client.post(url, {"all": True}, content_type="application/json", headers=bearer(personas.council))
    outsider = client.post(url, {"all": True}, content_type="application/json", headers=bearer(personas.outsider))

    assert [r.status_code for r in (vague, foreign, council, outsider)] == [422, 422, 403, 404]
    assert foreign.json() == {"detail": "unit: Đơn vị không thuộc đơn vị đề nghị."}
    assert proposal.lines.count() == len(EXPECTED)
    assert client.get(f"{API}/{proposal.pk}/lines", headers=bearer(personas.outsider)).status_code == 404


def test_the_api_prefill_costs_the_same_queries_for_2_and_20_officers(client, org, personas):
    from api.tests import bearer

    key = bearer(personas.unit_officer)

    def queries_for(ref, n):
        unit = make_unit(org.px03, ref, f"Đội {ref}")
        for i in range(n):
            officer(unit, f"{ref}{i:04d}", f"Cán bộ {ref} {i}", datetime.date(2012, 1, 1))
        proposal = seniority_proposal(unit, org.caqb, personas.unit_officer)
        with CaptureQueriesContext(connection) as queries:
            response = client.post(f"{API}/{proposal.pk}/prefill", headers=key)
        assert len(response.json()) == n
        return len(queries)

    queries_for("QBW", 1)
    assert queries_for("QBA", 2) == queries_for("QBB", 20)
