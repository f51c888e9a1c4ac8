import datetime
import io
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from openpyxl import load_workbook

from conftest import client_for
from honours.models import AwardForm, FormAward, Title, TitleAward

pytestmark = pytest.mark.django_db


@pytest.fixture
def awards(org):
    cstt = Title.objects.get(code="CSTT")
    TitleAward.objects.bulk_create(
        [
            TitleAward(title=cstt, person=org.people.an, year=2024),
            TitleAward(title=cstt, person=org.people.binh, year=2024, annulled=True),
            TitleAward(title=cstt, person=org.people.hoa, year=2024),
        ]
    )
    FormAward.objects.create(award_form=AwardForm.objects.get(code="GK_TT"), unit=org.ph10, year=2024)
    return org


def test_the_office_sees_its_province_only(client, personas, awards):
    response = client_for(client, personas.office).get("/thong-ke/?year_from=2024&year_to=2024")
    assert response.status_code == 200
    assert response.context["total"] == 2
    assert response.context["annulled"] == 1


def test_an_outsider_gets_404_for_a_unit_outside_its_scope(client, personas, awards):
    assert client_for(client, personas.outsider).get(f"/thong-ke/?unit={awards.px03.pk}").status_code == 404


def test_a_plain_officer_has_no_dashboard(client, personas, awards):
    assert client_for(client, personas.officer).get("/thong-ke/").status_code == 404


def test_a_unit_dashboard_and_its_xlsx(client, personas, awards):
    c = client_for(client, personas.unit_officer)
    response = c.get(f"/thong-ke/?unit={awards.px03.pk}&year_from=2024&year_to=2024&format=xlsx")
    assert response.status_code == 200
    ws = load_workbook(io.BytesIO(response.content)).worksheets[0]
    assert [list(r) for r in ws.iter_rows(min_row=3, values_only=True)] == [["2024", 1]]


def test_the_dashboard_runs_a_fixed_number_of_queries(client, personas, awards):
    c = client_for(client, personas.office)
    c.get("/thong-ke/?year_from=2024&year_to=2024")
    with CaptureQueriesContext(connection) as few:
        c.get("/thong-ke/?year_from=2024&year_to=2024")
    TitleAward.objects.bulk_create(
        [
            TitleAward(title=Title.objects.get(code="CSTDCS"), person=p, year=2024)
            for p in (awards.people.cuong, awards.people.dung)
        ]
    )
    with CaptureQueriesContext(connection) as more:
        c.get("/thong-ke/?year_from=2024&year_to=2024")
    assert len(more) == len(few)


def test_a_block_counts_its_members_officers_wherever_they_sit_under_them(client, personas, awards):
    import datetime

    from cycle.models import Block, BlockMember
    from organisation import services
    from organisation.models import Unit

    team = services.create_unit(
        by=None, ref="CAQB-PX03-D1", code="D1", name="Đội Tuyên truyền", kind=Unit.Kind.TEAM, parent=awards.px03
    )
    lan = services.create_person(
        by=None,
        unit=team,
        start=datetime.date(2015, 1, 1),
        ident="QB000009",
        full_name="Vũ Thị Lan",
        sex="F",
        birth_date=datetime.date(1990, 1, 1),
    )
    TitleAward.objects.create(title=Title.objects.get(code="CSTT"), person=lan, year=2024)
    khoi = Block.objects.create(year=2024, name="Khối các phòng", managed_by=awards.caqb)
    BlockMember.objects.bulk_create([BlockMember(block=khoi, unit=awards.px03), BlockMember(block=khoi, unit=team)])
    response = client_for(client, personas.office).get(f"/thong-ke/?block={khoi.pk}")
    assert response.status_code == 200
    # An (PX03) and Lan (a team under PX03, also listed as a member: counted once); Bình's is annulled
    assert response.context["total"] == 2
    assert response.context["annulled"] == 1
    assert [(r.key, r.count) for r in response.context["tables"][1]["rows"]] == [("individual", 2)]


def test_the_unit_and_block_pages_link_to_their_dashboards(client, personas, awards):
    from django.urls import reverse

    from cycle.models import Block

    khoi = Block.objects.create(year=2024, name="Khối các phòng", managed_by=awards.caqb)
    c = client_for(client, personas.office)
    unit_page = c.get(reverse("organisation:unit_detail", args=[awards.px03.pk])).content.decode()
    block_page = c.get(reverse("cycle:block_detail", args=[khoi.pk])).content.decode()
    assert f'href="/thong-ke/?unit={awards.px03.pk}"' in unit_page
    assert f'href="/thong-ke/?block={khoi.pk}"' in block_page
    # the officer reads no records of the unit: no link to figures they cannot open
    officer_page = client_for(client, personas.officer).get(reverse("organisation:unit_detail", args=[awards.px03.pk]))
    assert officer_page.status_code == 200
    assert "/thong-ke/?unit=" not in officer_page.content.decode()


def test_the_kind_filter_is_kept_in_the_url_and_selected(client, personas, awards):
    c = client_for(client, personas.office)
    response = c.get("/thong-ke/?year_from=2024&year_to=2024&kind=form")
    assert response.context["total"] == 1  # the GK_TT of PH10; the titles left out
    assert '<option value="form" selected>' in response.content.decode()
    assert "kind=form&amp;format=xlsx" in response.content.decode()


def test_the_trend_card_and_sheet_give_each_year_its_collective_individual_and_annulled(client, personas, awards):
    TitleAward.objects.create(title=Title.objects.get(code="CSTT"), person=awards.people.dung, year=2023)
    c = client_for(client, personas.office)
    response = c.get("/thong-ke/?year_from=2022&year_to=2024")
    assert [
        (r["year"], r["collective"], r["individual"], r["total"], r["annulled"]) for r in response.context["trend"]
    ] == [
        (2022, 0, 0, 0, 0),
        (2023, 0, 1, 1, 0),
        (2024, 1, 1, 2, 1),  # PH10's GK_TT, An's CSTT; Bình's annulled; Hoa is in Hưng Yên
    ]
    html = response.content.decode()
    # one card by year, the collective/individual split drawn and tabled in it: no second "trend" card
    assert (html.count('id="stat-year"'), html.count('id="stat-trend"'), html.count("Xu hướng")) == (1, 0, 0)
    assert [h for h in re.findall(r"<h2>([^<]+)</h2>", html) if "năm" in h.lower()] == ["Theo năm"]
    assert [item["total"] for item in response.context["trend_chart"]["items"]] == [0, 1, 2]
    xlsx = c.get("/thong-ke/?year_from=2022&year_to=2024&format=xlsx")
    ws = load_workbook(io.BytesIO(xlsx.content))["Xu hướng"]
    assert [list(r) for r in ws.iter_rows(min_row=3, values_only=True)] == [
        ["2022", 0, 0, 0, 0],
        ["2023", 0, 1, 1, 0],
        ["2024", 1, 1, 2, 1],
    ]
    one_year = c.get("/thong-ke/?year_from=2024&year_to=2024").content.decode()
    assert (one_year.count('id="stat-year"'), one_year.count('id="stat-trend"')) == (1, 0)


def test_the_xlsx_link_carries_the_filters_and_no_stray_ampersand(client, personas, awards):
    c = client_for(client, personas.office)
    bare = c.get("/thong-ke/").content.decode()
    assert re.findall(r'href="([^"]*)" id="export-xlsx"', bare) == ["?format=xlsx"]
    filtered = c.get("/thong-ke/?year_from=2024&year_to=2024&kind=form").content.decode()
    assert re.findall(r'href="([^"]*)" id="export-xlsx"', filtered) == [
        "?year_from=2024&amp;year_to=2024&amp;kind=form&amp;format=xlsx"
    ]
    again = c.get("/thong-ke/?kind=form&format=html").content.decode()
    assert re.findall(r'href="([^"]*)" id="export-xlsx"', again) == ["?kind=form&amp;format=xlsx"]


def test_the_filter_buttons_are_styled(client, personas, awards):
    html = client_for(client, personas.office).get("/thong-ke/").content.decode()
    start = html.index('id="stats-filter"')
    form = html[start : html.index("</form>", start)]
    assert re.findall(r'<(?:button|a) [^>]*class="([^"]+)"', form) == ["btn btn-primary", "btn btn-outline-secondary"]


def test_a_movement_dashboard_counts_the_members_of_its_blocks(client, personas, awards):
    import datetime

    from cycle.models import Block, BlockMember, Movement

    movement = Movement.objects.create(
        name="Vì an ninh Tổ quốc 2024",
        year=2024,
        launched_by=awards.caqb,
        start_date=datetime.date(2024, 1, 1),
        end_date=datetime.date(2024, 12, 31),
    )
    khoi = Block.objects.create(year=2024, name="Khối các phòng", managed_by=awards.caqb, movement=movement)
    BlockMember.objects.create(block=khoi, unit=awards.ph10)
    c = client_for(client, personas.office)
    page = c.get("/thong-ke/?year_from=2024&year_to=2024").content.decode()
    assert f'<a href="?movement={movement.pk}">Vì an ninh Tổ quốc 2024</a>' in page
    response = c.get(f"/thong-ke/?movement={movement.pk}")
    assert response.context["scope"].label == "Vì an ninh Tổ quốc 2024"
    assert response.context["total"] == 1  # PH10's Giấy khen; PX03 is in no block of the movement
    assert client_for(client, personas.outsider).get(f"/thong-ke/?movement={movement.pk}").status_code == 404


def test_a_decision_and_its_annulment_show_on_the_dashboard_at_once(client, personas, awards):
    import datetime

    from commendation.models import Annulment
    from commendation.services import decisions
    from commendation.tests.test_decisions import issued

    c = client_for(client, personas.office)

    def figures():
        response = c.get("/thong-ke/?year_from=2024&year_to=2024")
        authority = {r.label: r.count for r in response.context["tables"][5]["rows"]}
        return response.context["total"], response.context["annulled"], authority.get(awards.caqb.name, 0)

    assert figures() == (2, 1, 0)
    decision = issued(awards, personas.office, (awards.people.cuong, "CSTDCS"), (awards.px03, "GK_TT"))
    assert figures() == (4, 1, 2)
    decisions.annul_decision(
        decision,
        by=personas.office,
        ground=Annulment.Ground.NOT_MET,
        reason="Không đủ tiêu chuẩn",
        annulled_on=datetime.date(2025, 3, 1),
        annulling_reference="15/QĐ-CAT",
        lines=[decision.lines.get(person=awards.people.cuong)],
    )
    assert figures() == (3, 2, 1)


@pytest.mark.parametrize("today, year", [(datetime.date(2026, 12, 7), 2026), (datetime.date(2026, 6, 30), 2025)])
def test_the_dashboard_opens_on_the_year_under_review(client, personas, awards, monkeypatch, today, year):
    monkeypatch.setattr(timezone, "localdate", lambda *args: today)
    response = client_for(client, personas.office).get("/thong-ke/")
    assert (response.context["scope"].year_from, response.context["scope"].year_to) == (year - 9, year)


@pytest.mark.parametrize("today, year", [(datetime.date(2026, 12, 7), 2026), (datetime.date(2026, 6, 30), 2025)])
def test_the_report_page_opens_on_the_year_under_review(client, personas, awards, monkeypatch, today, year):
    monkeypatch.setattr(timezone, "localdate", lambda *args: today)
    response = client_for(client, personas.office).get("/thong-ke/bao-cao/")
    assert response.context["report"].year == year


def test_a_block_dashboard_says_how_many_units_exceeded_their_targets(client, personas, awards):
    from cycle.models import Block, Registration, RegistrationTarget

    khoi = Block.objects.create(year=2024, name="Khối các phòng", managed_by=awards.caqb)
    px03 = Registration.objects.create(block=khoi, unit=awards.px03)
    ph10 = Registration.objects.create(block=khoi, unit=awards.ph10)
    RegistrationTarget.objects.bulk_create(
        [
            RegistrationTarget(registration=px03, order=1, text="Triệt phá 20 ổ nhóm", result="exceeded"),
            RegistrationTarget(registration=px03, order=2, text="Giảm 10 % tai nạn", result="exceeded"),
            RegistrationTarget(registration=ph10, order=1, text="Bắt 15 đối tượng truy nã", result="met"),
            RegistrationTarget(registration=ph10, order=2, text="Huấn luyện 100 % chiến sĩ", result=""),
        ]
    )

    page = client_for(client, personas.office).get(f"/thong-ke/?block={khoi.pk}").content.decode()
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page))

    assert "1/2 đơn vị đạt toàn bộ chỉ tiêu đăng ký (50,0 %)." in text
    assert "1/2 đơn vị hoàn thành vượt mức chỉ tiêu (50,0 %)." in text
    assert "3/4 chỉ tiêu đạt, trong đó 2 vượt mức; còn đơn vị chưa ghi đủ kết quả." in text
