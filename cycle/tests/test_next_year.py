"""Starting next year (issue 14): the new block carries no leader basis of last year (its leaders come from
the election or are set afresh), the action is offered once and not ahead of time, and saving members or
leaders says so. The rubric it carries is tested in scoring (``test_rubrics``)."""

import re

from django.urls import reverse

from cycle.models import Block
from cycle.services import CycleError, blocks
from organisation.params import current_year


def text(response):
    return re.sub(r"\s+", " ", response.content.decode())


def test_next_year_starts_without_last_years_leaders_or_their_basis(cycle, personas):
    new = blocks.copy_block_to_next_year(cycle.block, by=personas.office)

    new.refresh_from_db()
    assert (new.leader, new.deputy, new.leaders_basis, new.leaders_set_by, new.leaders_set_at) == (
        None,
        None,
        "",
        None,
        None,
    )


def test_the_block_page_offers_next_year_once(client, cycle, personas):
    client.force_login(personas.office)
    url = reverse("cycle:block_detail", args=[cycle.block.pk])
    assert 'id="next-year"' in text(client.get(url))

    client.post(reverse("cycle:block_copy", args=[cycle.block.pk]))

    page = text(client.get(url))
    assert 'id="next-year"' not in page
    assert (
        '<p class="small text-body-secondary mb-0" id="next-year-note">Khối này đã được chuyển sang năm sau.</p>'
        in page
    )


def test_a_year_that_has_not_begun_does_not_offer_the_year_after(client, cycle, personas):
    this_year = current_year()
    blocks.update_block(cycle.block, by=None, year=this_year)
    new = blocks.copy_block_to_next_year(cycle.block, by=personas.office)  # next year may be prepared now
    client.force_login(personas.office)

    page = text(client.get(reverse("cycle:block_detail", args=[new.pk])))

    assert 'id="next-year"' not in page
    note = f"Chưa thể bắt đầu năm {this_year + 2} khi năm {this_year + 1} chưa bắt đầu."
    assert f'id="next-year-note">{note}</p>' in page
    response = client.post(reverse("cycle:block_copy", args=[new.pk]), follow=True)
    assert note in text(response)
    assert Block.objects.filter(year=this_year + 2).count() == 0


def test_a_same_named_block_next_year_is_not_started_twice(cycle, personas):
    blocks.create_block(
        by=None,
        members=list(cycle.block.members.all()),
        year=cycle.block.year + 1,
        name=cycle.block.name,
        managed_by=cycle.block.managed_by,
    )

    assert blocks.next_year_problem(cycle.block) == "Đã có khối cùng tên trong năm 2020."
    try:
        blocks.copy_block_to_next_year(cycle.block, by=personas.office)
    except CycleError as refused:
        assert str(refused) == "Đã có khối cùng tên trong năm 2020."
    assert Block.objects.filter(previous=cycle.block).count() == 0


def test_saving_leaders_says_so(client, cycle, org, personas):
    client.force_login(personas.office)

    response = client.post(
        reverse("cycle:block_leaders", args=[cycle.block.pk]),
        {"leader": org.ph10.pk, "deputy": org.px03.pk, "basis": "Quyết định số 12/QĐ-HĐTĐKT"},
        follow=True,
    )

    assert "Đã lưu khối trưởng, khối phó." in text(response)


def test_saving_members_says_so(client, cycle, org, personas):
    client.force_login(personas.office)
    block = cycle.block
    form = client.get(reverse("cycle:block_edit", args=[block.pk])).context["form"]
    data = {f.html_name: f.value() for f in form if f.value() is not None and not isinstance(f.value(), list)}
    data["member_units"] = [m.pk for m in block.members.all()]

    response = client.post(reverse("cycle:block_edit", args=[block.pk]), data, follow=True)

    assert response.redirect_chain == [(reverse("cycle:block_detail", args=[block.pk]), 302)], text(response)[:3000]
    assert "Đã lưu thành viên và thông tin của khối." in text(response)
