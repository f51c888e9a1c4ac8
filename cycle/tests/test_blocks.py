import datetime
import re

import pytest
from django.urls import reverse

from audit.models import AuditEvent
from cycle.models import (
    Block,
    OutlineSection,
    Pledge,
    PledgeClause,
    PledgeSignature,
    Registration,
    Report,
    ReportDeadline,
)
from cycle.services import CycleError, blocks


def text(response):
    return re.sub(r"\s+", " ", response.content.decode())


def test_the_leader_and_deputy_must_be_two_members(cycle, org, personas):
    with pytest.raises(CycleError, match="Khối trưởng phải là đơn vị thành viên"):
        blocks.assign_block_leaders(cycle.block, leader=org.hy_px03, deputy=None, basis="QĐ 1", by=personas.office)
    with pytest.raises(CycleError, match="hai đơn vị khác nhau"):
        blocks.assign_block_leaders(cycle.block, leader=org.ph10, deputy=org.ph10, basis="QĐ 1", by=personas.office)
    with pytest.raises(CycleError, match="Cần ghi căn cứ"):
        blocks.assign_block_leaders(cycle.block, leader=org.ph10, deputy=org.px03, basis=" ", by=personas.office)
    cycle.block.refresh_from_db()
    assert (cycle.block.leader, cycle.block.deputy) == (org.px03, org.ph10)


def test_assigning_leaders_records_who_and_on_what_basis(cycle, org, personas):
    block = blocks.assign_block_leaders(
        cycle.block, leader=cycle.pv01, deputy=org.px03, basis="Quyết định số 12/QĐ-HĐTĐKT", by=personas.office
    )
    assert (block.leader, block.deputy, block.leaders_basis, block.leaders_set_by) == (
        cycle.pv01,
        org.px03,
        "Quyết định số 12/QĐ-HĐTĐKT",
        personas.office,
    )
    event = AuditEvent.objects.filter(object_type="cycle.block", object_id=str(block.pk), action="update").get()
    assert event.changes == {"leader": [org.px03.pk, cycle.pv01.pk], "deputy": [org.ph10.pk, org.px03.pk]}


def test_a_member_that_leads_cannot_be_removed(cycle, org, personas):
    with pytest.raises(CycleError, match="Khối trưởng phải là đơn vị thành viên"):
        blocks.set_block_members(cycle.block, [org.ph10, cycle.pv01], by=personas.office)
    assert sorted(cycle.block.members.values_list("code", flat=True)) == ["PH10", "PV01", "PX03"]


def test_a_managing_body_names_a_block_once_a_year(cycle, org, personas):
    taken = "Đã có khối cùng tên trong năm 2019."
    with pytest.raises(CycleError) as refused:
        blocks.create_block(
            by=personas.office, members=[org.px03, org.ph10], year=2019, name=cycle.block.name, managed_by=org.caqb
        )
    assert str(refused.value) == taken
    other = blocks.create_block(
        by=personas.office, members=[org.px03, org.ph10], year=2019, name="Khối Tham mưu", managed_by=org.caqb
    )
    with pytest.raises(CycleError) as refused:
        blocks.update_block(other, by=personas.office, name=cycle.block.name)
    assert str(refused.value) == taken
    other.refresh_from_db()
    assert other.name == "Khối Tham mưu"
    # The name is free in another year, and a block keeps its own.
    blocks.update_block(other, by=personas.office, name=cycle.block.name, year=2020)
    blocks.update_block(cycle.block, by=personas.office, name=cycle.block.name, number=1)


def test_copying_to_next_year_copies_members_and_templates_but_not_the_years_work(cycle, org, personas):
    block = cycle.block
    OutlineSection.objects.create(block=block, order=1, heading="Kết quả thực hiện chỉ tiêu", guidance="Nêu số liệu")
    ReportDeadline.objects.create(block=block, kind="year_end", deadline=datetime.date(2019, 10, 31))
    pledge = Pledge.objects.create(
        block=block, title="Giao ước thi đua năm 2019", status=Pledge.Status.LOCKED, place="Quảng Bình"
    )
    PledgeClause.objects.create(pledge=pledge, order=1, text="Hoàn thành xuất sắc nhiệm vụ")
    PledgeSignature.objects.create(
        pledge=pledge,
        unit=org.px03,
        signer_name="Nguyễn Văn An",
        signer_position="Trưởng phòng",
        signed_on=datetime.date(2019, 3, 4),
    )
    Registration.objects.create(block=block, unit=org.px03)
    Report.objects.create(block=block, unit=org.px03, kind="year_end", status=Report.Status.SUBMITTED)

    new = blocks.copy_block_to_next_year(block, by=personas.office)

    assert (new.year, new.name, new.previous, new.leader, new.deputy) == (2020, block.name, block, None, None)
    assert list(new.memberships.values_list("unit__code", flat=True)) == ["PX03", "PH10", "PV01"]
    assert list(new.outline.values_list("order", "heading")) == [(1, "Kết quả thực hiện chỉ tiêu")]
    assert list(new.report_deadlines.values_list("kind", "deadline")) == [("year_end", datetime.date(2020, 10, 31))]
    assert new.registration_deadline == datetime.date(2020, 3, 31)
    new_pledge = new.pledges.get()
    assert (new_pledge.title, new_pledge.status, new_pledge.version) == ("Giao ước thi đua năm 2020", "draft", 1)
    assert list(new_pledge.clauses.values_list("text", flat=True)) == ["Hoàn thành xuất sắc nhiệm vụ"]
    assert new_pledge.signatures.count() == 0
    assert Registration.objects.filter(block=new).count() == 0
    assert Report.objects.filter(block=new).count() == 0
    with pytest.raises(CycleError, match="đã được chuyển sang năm sau"):
        blocks.copy_block_to_next_year(block, by=personas.office)


def test_the_block_history_spans_years_in_one_query(cycle, personas, django_assert_num_queries):
    second = blocks.copy_block_to_next_year(cycle.block, by=personas.office)
    third = blocks.copy_block_to_next_year(second, by=personas.office)
    with django_assert_num_queries(1):
        years = [b.year for b in blocks.block_history(second)]
    assert years == [2019, 2020, 2021]
    assert third.previous == second


@pytest.mark.parametrize(
    "persona,status", [("outsider", 404), ("office", 200), ("unit_officer", 200), ("leader", 200), ("officer", 200)]
)
def test_block_page_access(client, cycle, personas, persona, status):
    client.force_login(getattr(personas, persona))
    assert client.get(reverse("cycle:block_detail", args=[cycle.block.pk])).status_code == status


@pytest.mark.parametrize("persona,status", [("outsider", 404), ("unit_officer", 403), ("leader", 403), ("office", 200)])
def test_only_the_emulation_office_manages_the_block(client, cycle, personas, persona, status):
    client.force_login(getattr(personas, persona))
    assert client.get(reverse("cycle:block_edit", args=[cycle.block.pk])).status_code == status
    assert client.get(reverse("cycle:block_leaders", args=[cycle.block.pk])).status_code == status


def test_the_block_page_shows_leader_deputy_members_and_history(client, cycle, personas):
    client.force_login(personas.unit_officer)
    page = text(client.get(reverse("cycle:block_detail", args=[cycle.block.pk])))
    assert "Khối XDLL – TT – HCKT" in page
    assert re.search(r'id="block-leader">PX03 – Phòng Công tác đảng', page)
    assert re.search(r'id="block-deputy">PH10 – Phòng Hậu cần', page)
    assert re.findall(r"<tr><td>(P[A-Z]\d\d)</td>", page) == ["PX03", "PH10", "PV01"]
    assert "Kết quả suy tôn tại Hội nghị tổng kết năm 2018" in page


def test_creating_a_block_in_the_ui_with_a_member_outside_the_police(client, org, personas):
    from organisation import services
    from organisation.models import Unit

    services.create_unit(
        by=None, ref="VKS-QB", code="VKSND", name="Viện kiểm sát nhân dân tỉnh Quảng Bình", kind=Unit.Kind.EXTERNAL
    )
    client.force_login(personas.office)
    response = client.post(
        reverse("cycle:block_create"),
        {
            "year": 2025,
            "kind": "block",
            "name": "Khối thi đua Nội chính",
            "number": "",
            "movement": "",
            "registration_deadline": "31/03/2025",
            "managed_by_ref": "caqb",
            "member_units": [org.px03.pk],
            "extra_refs": "VKS-QB",
        },
    )
    assert response.status_code == 302, text(response)
    block = Block.objects.get(name="Khối thi đua Nội chính")
    assert (block.managed_by, block.registration_deadline) == (org.caqb, datetime.date(2025, 3, 31))
    assert sorted(block.members.values_list("code", flat=True)) == ["PX03", "VKSND"]


def test_a_block_needs_two_members_and_known_refs(client, org, personas):
    client.force_login(personas.office)
    page = text(
        client.post(
            reverse("cycle:block_create"),
            {
                "year": 2025,
                "kind": "block",
                "name": "Khối X",
                "managed_by_ref": "CAQB",
                "member_units": [org.px03.pk],
                "extra_refs": "KHONG-CO",
            },
        )
    )
    assert "Không tìm thấy đơn vị: KHONG-CO." in page
    assert "Một khối thi đua cần ít nhất hai đơn vị thành viên." in page
    assert not Block.objects.filter(name="Khối X").exists()


def test_copy_next_year_through_the_ui(client, cycle, personas):
    client.force_login(personas.office)
    response = client.post(reverse("cycle:block_copy", args=[cycle.block.pk]))
    new = Block.objects.get(previous=cycle.block)
    assert response["Location"] == reverse("cycle:block_detail", args=[new.pk])


def test_block_list_query_count_is_constant(client, cycle, org, personas, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(personas.office)

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse("cycle:block_list")).status_code == 200
        return len(ctx.captured_queries)

    one = count()
    blocks.create_block(by=None, members=[org.px03, org.ph10], year=2019, name="Khối B", managed_by=org.caqb)
    blocks.create_block(by=None, members=[org.px03, org.ph10], year=2019, name="Khối C", managed_by=org.caqb)
    assert count() == one


def test_the_movement_page_shows_where_each_block_stands(client, cycle, personas):
    Registration.objects.create(block=cycle.block, unit=cycle.pv01, status="confirmed")
    client.force_login(personas.office)
    page = text(client.get(reverse("cycle:movement_detail", args=[cycle.movement.pk])))
    assert "Hoàn thiện thể chế, tăng cường cơ sở" in page
    assert re.search(
        r'Khối XDLL – TT – HCKT</a>.*?<td class="text-end">3</td> <td class="text-end text-warning-emphasis">1/3</td>',
        page,
    )


def test_an_officer_of_a_member_sees_the_movement_launched_above(client, cycle, personas):
    client.force_login(personas.officer)
    assert client.get(reverse("cycle:movement_detail", args=[cycle.movement.pk])).status_code == 200
    client.force_login(personas.outsider)
    assert client.get(reverse("cycle:block_detail", args=[cycle.block.pk])).status_code == 404


def test_a_second_block_of_the_same_name_in_the_ui_is_a_form_error_not_a_server_error(client, cycle, org, personas):
    client.force_login(personas.office)
    blocks_before = Block.objects.count()
    response = client.post(
        reverse("cycle:block_create"),
        {
            "year": cycle.block.year,
            "kind": "block",
            "name": cycle.block.name,
            "managed_by_ref": "CAQB",
            "member_units": [org.px03.pk, org.ph10.pk],
        },
    )
    assert response.status_code == 200
    assert f"Đã có khối cùng tên trong năm {cycle.block.year}." in text(response)
    assert Block.objects.count() == blocks_before


def test_on_a_phone_the_block_list_and_the_members_are_items_not_squeezed_tables(client, cycle, personas):
    """Issue 14: the block list and the block page were 439 and 400 px wide on a 390 px phone. Below md the
    tables give way to list items (the tables show from md up)."""
    client.force_login(personas.office)
    listing = text(client.get(reverse("cycle:block_list")))
    page = text(client.get(reverse("cycle:block_detail", args=[cycle.block.pk])))

    assert (
        '<div class="table-responsive d-none d-md-block"><table class="table table-sm table-hover align-middle blocks">'
        in listing
    )
    assert re.findall(
        r'<ul class="list-group mb-3 d-md-none blocks-list"> <li class="list-group-item"> .*?<a class="fw-semibold" href="([^"]+)">',
        listing,
    ) == [reverse("cycle:block_detail", args=[cycle.block.pk])]
    assert re.findall(r'<li class="list-group-item px-0"> <div><span class="fw-semibold">(\w+)</span>', page) == [
        "PX03",
        "PH10",
        "PV01",
    ]


def test_the_registration_link_shows_only_to_those_it_opens_for(client, cycle, personas):
    """A plain officer or a council member gets 403 on the registration board: the block page hides the link."""
    board = reverse("cycle:registration_board", args=[cycle.block.pk])
    seen = {}
    for name in ("officer", "unit_officer", "office"):
        client.force_login(getattr(personas, name))
        page = text(client.get(reverse("cycle:block_detail", args=[cycle.block.pk])))
        seen[name] = (f'href="{board}"' in page, client.get(board).status_code in (200, 302))
    assert seen == {"officer": (False, False), "unit_officer": (True, True), "office": (True, True)}
