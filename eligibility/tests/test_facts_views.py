"""The facts pages: a person's titles, award forms, initiatives, disciplines, pending cases and
achievements with their forms; a block's standings. Outsiders 404, read-only roles 403, refusals
shown on the form with nothing written, a constant number of queries."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from audit.models import AuditEvent
from conftest import client_for
from eligibility.models import Achievement, BlockStanding, Discipline, Initiative, PendingCase
from honours.models import AwardForm, FormAward, Title, TitleAward

D = datetime.date


def text(response):
    return re.sub(r"\s+", " ", response.content.decode())


def table(response, element_id):
    """The rows of one table, as lists of cell texts."""
    html = response.content.decode()
    body = re.search(
        rf'<table class="table table-sm table-hover align-middle" id="{element_id}">.*?<tbody>(.*?)</tbody>', html, re.S
    ).group(1)
    rows = re.findall(r"<tr>(.*?)</tr>", body, re.S)
    strip = lambda cell: re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", cell)).strip()  # noqa: E731
    return [[strip(c) for c in re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", row, re.S)] for row in rows]


@pytest.fixture
def binh_facts(org):
    binh = org.people.binh
    cstt, cstdcs = Title.objects.get(code="CSTT"), Title.objects.get(code="CSTDCS")
    TitleAward.objects.create(title=cstdcs, person=binh, year=2023, decision_ref="12/QĐ-CAT-PX01")
    TitleAward.objects.create(title=cstt, person=binh, year=2024, annulled=True)
    FormAward.objects.create(
        award_form=AwardForm.objects.get(code="GK"),
        person=binh,
        year=2023,
        decided_on=D(2024, 1, 15),
        decision_ref="5/QĐ-CAT",
    )
    initiative = Initiative.objects.create(
        person=binh,
        title="Sổ tay công tác đảng",
        level="co_so",
        recognised_on=D(2023, 5, 4),
        used_for_title=cstdcs,
        used_year=2023,
    )
    discipline = Discipline.objects.create(
        person=binh, form="khien_trach", decided_on=D(2021, 3, 1), period_end=D(2021, 9, 1), decision_ref="7/QĐ-CAT"
    )
    case = PendingCase.objects.create(person=binh, kind="inspection", opened_on=D(2024, 11, 2))
    achievement = Achievement.objects.create(
        person=binh, year=2024, kind="dot_xuat", description="Bắt giữ đối tượng truy nã"
    )
    return {"initiative": initiative, "discipline": discipline, "pending": case, "achievement": achievement}


# The person's page ---------------------------------------------------------------------------


def test_the_person_facts_page_lists_every_kind(client, personas, org, binh_facts):
    response = client_for(client, personas.office).get(reverse("eligibility:person_facts", args=[org.people.binh.pk]))

    assert response.status_code == 200
    assert "Thành tích, sáng kiến, kỷ luật" in text(response)
    assert table(response, "titles") == [
        ["2024", "Chiến sĩ tiên tiến Đã huỷ bỏ", "—"],
        ["2023", "Chiến sĩ thi đua cơ sở", "12/QĐ-CAT-PX01"],
    ]
    assert "<s>Chiến sĩ tiên tiến</s>" in response.content.decode()
    assert table(response, "award-forms") == [
        ["2023", "Giấy khen", "Công trạng và thành tích (hằng năm)", "5/QĐ-CAT 15/01/2024"]
    ]
    assert table(response, "initiatives") == [
        ["Sổ tay công tác đảng", "Sáng kiến", "Cấp cơ sở", "04/05/2023", "Chiến sĩ thi đua cơ sở năm 2023", "Sửa Xoá"]
    ]
    assert table(response, "disciplines") == [["Khiển trách", "01/03/2021", "01/09/2021", "7/QĐ-CAT", "Sửa Xoá"]]
    assert table(response, "pending-cases") == [
        ["Đang thanh tra, kiểm tra", "02/11/2024", "Đang xem xét", "—", "Sửa Xoá"]
    ]
    assert table(response, "achievements") == [
        ["2024", "Thành tích đột xuất có phạm vi ảnh hưởng", "Bắt giữ đối tượng truy nã", "Sửa Xoá"]
    ]
    html = response.content.decode()
    assert reverse("eligibility:fact_add", args=[org.people.binh.pk, "discipline"]) in html
    assert reverse("eligibility:fact_edit", args=["initiative", binh_facts["initiative"].pk]) in html
    # The initiative's title is chosen among titles, never among award forms.
    options = re.search(r'<select name="initiative-used_for_title".*?</select>', html, re.S).group(0)
    assert "Chiến sĩ thi đua cơ sở" in options and "Giấy khen" not in options and "Đơn vị tiên tiến" not in options


def test_an_award_forms_decision_date_is_printed_once(client, personas, org):
    """A decision writes its reference with its date ("… ngày 20/12/2026") and the same date as
    decided_on: the date is shown once; a reference without it is followed by the date."""
    an, gk, bk = org.people.an, AwardForm.objects.get(code="GK"), AwardForm.objects.get(code="BK_BO")
    FormAward.objects.create(
        award_form=gk, person=an, year=2026, decided_on=D(2026, 12, 20), decision_ref="123/QĐ-CAT ngày 20/12/2026"
    )
    FormAward.objects.create(award_form=bk, person=an, year=2025, decided_on=D(2026, 1, 20), decision_ref="45/QĐ-BCA")
    response = client_for(client, personas.office).get(reverse("eligibility:person_facts", args=[an.pk]))

    assert table(response, "award-forms") == [
        ["2026", "Giấy khen", "Công trạng và thành tích (hằng năm)", "123/QĐ-CAT ngày 20/12/2026"],
        ["2025", "Bằng khen của Bộ trưởng Bộ Công an", "Công trạng và thành tích (hằng năm)", "45/QĐ-BCA 20/01/2026"],
    ]
    assert re.sub(r"<[^>]+>", " ", response.content.decode()).count("20/12/2026") == 1  # the link's address aside


def test_read_only_roles_see_the_page_without_forms(client, personas, org, binh_facts):
    response = client_for(client, personas.council).get(reverse("eligibility:person_facts", args=[org.people.binh.pk]))

    assert response.status_code == 200
    assert table(response, "disciplines") == [["Khiển trách", "01/03/2021", "01/09/2021", "7/QĐ-CAT"]]
    assert reverse("eligibility:fact_add", args=[org.people.binh.pk, "discipline"]) not in response.content.decode()
    assert "Sửa" not in table(response, "achievements")[0][-1]


def test_the_person_detail_page_links_to_the_facts(client, personas, org):
    response = client_for(client, personas.office).get(reverse("organisation:person_detail", args=[org.people.binh.pk]))

    assert reverse("eligibility:person_facts", args=[org.people.binh.pk]) in response.content.decode()


def test_the_page_costs_the_same_queries_for_one_or_three_rows(client, personas, org, django_assert_num_queries):
    client_for(client, personas.office)
    binh, url = org.people.binh, reverse("eligibility:person_facts", args=[org.people.binh.pk])
    cstt, gk = Title.objects.get(code="CSTT"), AwardForm.objects.get(code="GK")

    def add_rows(years):
        for year in years:
            TitleAward.objects.create(title=cstt, person=binh, year=year)
            FormAward.objects.create(award_form=gk, person=binh, year=year)
            Initiative.objects.create(
                person=binh,
                title=f"Sáng kiến {year}",
                level="co_so",
                recognised_on=D(year, 3, 1),
                used_for_title=cstt,
                used_year=year,
            )
            Discipline.objects.create(
                person=binh, form="khien_trach", decided_on=D(year, 3, 1), period_end=D(year, 9, 1)
            )
            PendingCase.objects.create(person=binh, kind="complaint", opened_on=D(year, 3, 1))
            Achievement.objects.create(person=binh, year=year, kind="phong_trao", description=f"Phong trào {year}")

    add_rows([2021])
    client.get(url)  # warm the session and the caches
    with CaptureQueriesContext(connection) as one:
        assert client.get(url).status_code == 200
    add_rows([2022, 2023])
    with django_assert_num_queries(len(one.captured_queries)):
        response = client.get(url)
    assert len(table(response, "initiatives")) == 3


# Adding, editing, deleting --------------------------------------------------------------------


def test_an_officer_of_the_office_adds_edits_and_deletes_a_discipline(client, personas, org):
    client_for(client, personas.office)
    binh = org.people.binh

    added = client.post(
        reverse("eligibility:fact_add", args=[binh.pk, "discipline"]),
        {
            "discipline-form": "canh_cao",
            "discipline-decided_on": "05/03/2024",
            "discipline-period_end": "05/03/2025",
            "discipline-decision_ref": "15/QĐ-CAT",
        },
    )
    assert added.status_code == 302
    assert added.url == reverse("eligibility:person_facts", args=[binh.pk])
    discipline = Discipline.objects.get()
    assert (discipline.person, discipline.form, discipline.decided_on, discipline.period_end) == (
        binh,
        "canh_cao",
        D(2024, 3, 5),
        D(2025, 3, 5),
    )

    form_page = client.get(reverse("eligibility:fact_edit", args=["discipline", discipline.pk]))
    assert 'value="05/03/2024"' in form_page.content.decode()
    edited = client.post(
        reverse("eligibility:fact_edit", args=["discipline", discipline.pk]),
        {
            "discipline-form": "canh_cao",
            "discipline-decided_on": "05/03/2024",
            "discipline-period_end": "05/09/2024",
            "discipline-decision_ref": "15/QĐ-CAT",
        },
    )
    assert edited.status_code == 302
    assert Discipline.objects.get().period_end == D(2024, 9, 5)
    page = client.get(reverse("eligibility:person_facts", args=[binh.pk]))
    assert "Đã lưu: Kỷ luật." in text(page)

    deleted = client.post(reverse("eligibility:fact_delete", args=["discipline", discipline.pk]))
    assert deleted.status_code == 302
    assert not Discipline.objects.exists()
    assert [
        (e.action, e.changes, e.actor.username)
        for e in AuditEvent.objects.filter(object_type="eligibility.discipline").order_by("id")
    ] == [
        (
            "create",
            {
                "person": binh.pk,
                "form": "canh_cao",
                "decided_on": "2024-03-05",
                "period_end": "2025-03-05",
                "decision_ref": "15/QĐ-CAT",
            },
            "office",
        ),
        ("update", {"period_end": ["2025-03-05", "2024-09-05"]}, "office"),
        (
            "delete",
            {
                "person": [binh.pk, None],
                "form": ["canh_cao", None],
                "decided_on": ["2024-03-05", None],
                "period_end": ["2024-09-05", None],
                "decision_ref": ["15/QĐ-CAT", None],
            },
            "office",
        ),
    ]


def test_an_initiative_is_recorded_with_the_title_it_earned(client, personas, org):
    client_for(client, personas.unit_officer)  # a write role over PX03
    binh = org.people.binh
    cstdcs = Title.objects.get(code="CSTDCS")

    response = client.post(
        reverse("eligibility:fact_add", args=[binh.pk, "initiative"]),
        {
            "initiative-title": "Phần mềm quản lý hồ sơ",
            "initiative-kind": "de_tai",
            "initiative-level": "bo",
            "initiative-recognised_on": "01/04/2024",
            "initiative-used_for_title": cstdcs.pk,
            "initiative-used_year": 2024,
        },
    )

    assert response.status_code == 302
    assert list(Initiative.objects.values_list("title", "kind", "level", "used_for_title__code", "used_year")) == [
        ("Phần mềm quản lý hồ sơ", "de_tai", "bo", "CSTDCS", 2024)
    ]
    page = client.get(reverse("eligibility:person_facts", args=[binh.pk]))
    assert table(page, "initiatives")[0][4] == "Chiến sĩ thi đua cơ sở năm 2024"


@pytest.mark.parametrize(
    ("kind", "data", "message"),
    [
        (
            "discipline",
            {"form": "khien_trach", "decided_on": "01/05/2024", "period_end": "01/01/2024"},
            "Ngày hết thời hạn kỷ luật phải sau ngày quyết định.",
        ),
        (
            "pending",
            {"kind": "complaint", "opened_on": "01/05/2024", "closed_on": "30/04/2024"},
            "Ngày kết thúc phải sau ngày bắt đầu.",
        ),
        (
            "initiative",
            {"title": "X", "kind": "sang_kien", "level": "co_so", "recognised_on": "01/05/2024", "used_year": "2024"},
            "Khi ghi sáng kiến đã dùng để xét danh hiệu, cần cả danh hiệu và năm xét.",
        ),
        ("achievement", {"year": "2024", "kind": "phong_trao", "description": ""}, "Trường này là bắt buộc."),
    ],
)
def test_invalid_input_is_shown_and_nothing_is_written(client, personas, org, kind, data, message):
    client_for(client, personas.office)

    response = client.post(
        reverse("eligibility:fact_add", args=[org.people.binh.pk, kind]), {f"{kind}-{k}": v for k, v in data.items()}
    )

    assert response.status_code == 200
    assert message in text(response)
    assert "Vi phạm ràng buộc" not in text(response)
    assert (
        Discipline.objects.count(),
        PendingCase.objects.count(),
        Initiative.objects.count(),
        Achievement.objects.count(),
    ) == (0, 0, 0, 0)
    assert not AuditEvent.objects.filter(object_type__regex=r"^(eligibility|honours)\.").exists()


def test_an_invalid_edit_changes_nothing(client, personas, org, binh_facts):
    client_for(client, personas.office)
    case = binh_facts["pending"]

    response = client.post(
        reverse("eligibility:fact_edit", args=["pending", case.pk]),
        {"pending-kind": "inspection", "pending-opened_on": "02/11/2024", "pending-closed_on": "01/11/2024"},
    )

    assert "Ngày kết thúc phải sau ngày bắt đầu." in text(response)
    assert PendingCase.objects.get().closed_on is None
    assert not AuditEvent.objects.filter(object_type="eligibility.pendingcase").exists()


def test_outsiders_get_404_and_read_only_roles_403(client, personas, org, binh_facts):
    binh = org.people.binh
    discipline = {
        "discipline-form": "khien_trach",
        "discipline-decided_on": "01/05/2024",
        "discipline-period_end": "01/11/2024",
    }
    pk = binh_facts["discipline"].pk

    client_for(client, personas.outsider)
    assert client.get(reverse("eligibility:person_facts", args=[binh.pk])).status_code == 404
    assert client.post(reverse("eligibility:fact_add", args=[binh.pk, "discipline"]), discipline).status_code == 404
    assert client.get(reverse("eligibility:fact_edit", args=["discipline", pk])).status_code == 404
    assert client.post(reverse("eligibility:fact_delete", args=["discipline", pk])).status_code == 404

    for user in (personas.council, personas.leader):
        client_for(client, user)
        assert client.get(reverse("eligibility:person_facts", args=[binh.pk])).status_code == 200
        assert client.get(reverse("eligibility:fact_add", args=[binh.pk, "discipline"])).status_code == 403
        assert client.post(reverse("eligibility:fact_add", args=[binh.pk, "discipline"]), discipline).status_code == 403
        assert client.post(reverse("eligibility:fact_edit", args=["discipline", pk]), discipline).status_code == 403
        assert client.post(reverse("eligibility:fact_delete", args=["discipline", pk])).status_code == 403
    client_for(client, personas.office)
    assert client.get(reverse("eligibility:fact_edit", args=["nope", pk])).status_code == 404
    assert Discipline.objects.count() == 1
    assert Discipline.objects.get().decision_ref == "7/QĐ-CAT"
    assert not AuditEvent.objects.filter(object_type="eligibility.discipline").exists()


def test_an_officer_sees_his_own_facts_but_cannot_change_them(client, personas, org):
    client_for(client, personas.officer)  # Lê Văn Cường

    assert client.get(reverse("eligibility:person_facts", args=[org.people.cuong.pk])).status_code == 200
    assert client.get(reverse("eligibility:person_facts", args=[org.people.binh.pk])).status_code == 404
    assert client.get(reverse("eligibility:fact_add", args=[org.people.cuong.pk, "achievement"])).status_code == 403


# Block standings -------------------------------------------------------------------------------


def test_the_blocks_manager_enters_the_standings(client, personas, org, cycle):
    client_for(client, personas.office)
    url = reverse("eligibility:block_standings", args=[cycle.block.pk])
    px03, ph10, pv01 = org.px03.pk, org.ph10.pk, cycle.pv01.pk

    assert url in client.get(reverse("cycle:block_detail", args=[cycle.block.pk])).content.decode()
    page = client.get(url)
    assert "Kết quả xếp hạng trong khối" in text(page)
    assert f'name="rank_{pv01}"' in page.content.decode()

    response = client.post(
        url,
        {
            f"rank_{px03}": "2",
            f"share_{px03}": "",
            f"rank_{ph10}": "1",
            f"share_{ph10}": "82,5",
            f"rank_{pv01}": "",
            f"share_{pv01}": "",
            "source": "Biên bản hội nghị tổng kết 2019",
        },
    )

    assert response.status_code == 302
    assert sorted(BlockStanding.objects.values_list("unit__code", "rank", "vote_share", "source")) == [
        ("PH10", 1, pytest.approx(82.5), "Biên bản hội nghị tổng kết 2019"),
        ("PX03", 2, None, "Biên bản hội nghị tổng kết 2019"),
    ]
    again = client.get(url).content.decode()
    assert f'name="rank_{ph10}" value="1"' in again
    assert f'name="share_{ph10}" value="82,50"' in again
    audit = AuditEvent.objects.filter(object_type="cycle.block", note="Kết quả xếp hạng trong khối").get()
    assert audit.changes == {f"unit {px03}": [None, [2, None]], f"unit {ph10}": [None, [1, "82.50"]]}


def test_the_standings_form_refuses_what_the_rules_refuse(client, personas, org, cycle):
    client_for(client, personas.office)
    url = reverse("eligibility:block_standings", args=[cycle.block.pk])
    px03, ph10, pv01 = org.px03.pk, org.ph10.pk, cycle.pv01.pk

    share_without_rank = client.post(url, {f"rank_{px03}": "", f"share_{px03}": "40", f"rank_{ph10}": "1"})
    too_high = client.post(url, {f"rank_{px03}": "4", f"rank_{ph10}": "1", f"rank_{pv01}": "2"})

    assert "Nhập xếp hạng của PX03 cùng tỷ lệ phiếu." in text(share_without_rank)
    assert "Giá trị này phải nhỏ hơn hoặc bằng 3." in text(too_high)
    assert not BlockStanding.objects.exists()
    assert not AuditEvent.objects.filter(note="Kết quả xếp hạng trong khối").exists()


def test_standings_readers_see_a_table_members_and_council_cannot_change_it(client, personas, org, cycle):
    BlockStanding.objects.create(block=cycle.block, unit=org.ph10, rank=1, vote_share=82.5)
    url = reverse("eligibility:block_standings", args=[cycle.block.pk])

    for user in (personas.council, personas.unit_officer):
        client_for(client, user)
        page = client.get(url)
        assert table(page, "standings") == [
            ["PX03 – Phòng Công tác đảng và công tác chính trị", "—", "—"],
            ["PH10 – Phòng Hậu cần", "1", "82,50"],
            ["PV01 – Phòng Tham mưu", "—", "—"],
        ]
        assert client.post(url, {f"rank_{org.px03.pk}": "1"}).status_code == 403
    client_for(client, personas.outsider)
    assert client.get(url).status_code == 404
    assert client.post(url, {f"rank_{org.px03.pk}": "1"}).status_code == 404
    assert list(BlockStanding.objects.values_list("unit__code", "rank")) == [("PH10", 1)]


def test_a_persons_initiative_earns_only_a_title_for_individuals(client, personas, org):
    from eligibility import services
    from eligibility.services import AwardsError

    page = client_for(client, personas.unit_officer).get(reverse("eligibility:person_facts", args=[org.people.binh.pk]))
    select = re.search(r'<select name="initiative-used_for_title".*?</select>', page.content.decode(), re.S).group(0)
    individual = Title.objects.filter(active=True, recipient="individual").order_by("rank")
    assert re.findall(r'<option value="\d+">([^<]+)</option>', select) == [t.name for t in individual]
    unit_title = Title.objects.filter(recipient="collective").order_by("rank").first()
    with pytest.raises(AwardsError, match="là danh hiệu tập thể"):
        services.record_fact(
            Initiative,
            by=personas.unit_officer,
            person=org.people.binh,
            title="Sáng kiến quản lý hồ sơ",
            level="unit",
            recognised_on=D(2024, 5, 1),
            used_for_title=unit_title,
            used_year=2024,
        )
    assert Initiative.objects.filter(title="Sáng kiến quản lý hồ sơ").count() == 0
