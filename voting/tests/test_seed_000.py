"""Seed 000: at the 2018 year-end conference of Khối XDLL – TT – HCKT the 8 member units elect
"Phòng PX03 làm khối trưởng, đơn vị PH10 làm khối phó … 2019"."""

import io

import docx
from django.core.management import call_command
from django.urls import reverse

from conftest import client_for
from cycle.models import Block
from cycle.services import blocks
from voting import services
from voting.tests.conftest import pick

# (leader, deputy) per member unit; PV01 picks PX03 as deputy: void, since PX03 is elected leader.
VOTES = {
    "PX01": ("PX03", "PH10"),
    "PX03": ("PH10", "PV01"),
    "PV02": ("PX03", "PH10"),
    "PV01": ("PV02", "PX03"),
    "PV05": ("PX03", "PH10"),
    "PV06": ("PX03", "PH10"),
    "PH10": ("PX03", "PV01"),
    "PH41": ("PX03", "PH10"),
}


def docx_text(content: bytes) -> str:
    document = docx.Document(io.BytesIO(content))
    parts = [p.text for p in document.paragraphs]
    parts += [" | ".join(c.text for c in row.cells) for t in document.tables for row in t.rows]
    return "\n".join(parts)


def test_eight_units_elect_px03_leader_and_ph10_deputy_for_2019(client, election, xdll, personas, capsys):
    e = election.election
    client_for(client, personas.office)
    client.post(reverse("voting:election_open", args=[e.pk]))
    receipts = {}
    for code, (leader, deputy) in VOTES.items():
        client_for(client, xdll.reps[code])
        data = {
            "step": "cast",
            f"q{election.leader.pk}": pick(election.leader, leader)[0],
            f"q{election.deputy.pk}": pick(election.deputy, deputy)[0],
        }
        receipts[code] = client.post(reverse("voting:ballot", args=[e.pk]), data).context["receipt"]
    assert len(set(receipts.values())) == 8

    client_for(client, personas.office)
    client.post(reverse("voting:election_close", args=[e.pk]))
    e.refresh_from_db()
    assert (e.status, e.ballots_count) == ("closed", 8)
    leader, deputy = services.leader_result(e)
    assert (leader.code, deputy.code) == ("PX03", "PH10")
    assert {
        c.candidate.unit.code: c.votes
        for c in election.leader.result.candidates.select_related("candidate__unit")
        if c.votes
    } == {"PX03": 6, "PH10": 1, "PV02": 1}
    assert {
        c.candidate.unit.code: (c.votes, c.excluded)
        for c in election.deputy.result.candidates.select_related("candidate__unit")
        if c.votes or c.excluded
    } == {"PX03": (0, True), "PH10": (5, False), "PV01": (2, False)}

    # every voter finds their receipt in the published list
    client_for(client, xdll.reps["PV01"])
    published = [row[0] for row in client.get(reverse("voting:receipts", args=[e.pk])).context["rows"]]
    assert published == sorted(receipts.values())

    # the result becomes next year's leader and deputy when the block starts 2019
    client_for(client, personas.office)
    client.post(reverse("voting:election_apply", args=[e.pk]))
    block_2019 = blocks.copy_block_to_next_year(xdll.block, by=personas.office)
    assert (block_2019.year, block_2019.leader.code, block_2019.deputy.code, block_2019.leaders_basis) == (
        2019,
        "PX03",
        "PH10",
        "Kết quả bỏ phiếu suy tôn tại hội nghị tổng kết năm ngày 06/11/2018",
    )

    text = docx_text(client.get(reverse("voting:count_minutes_docx", args=[e.pk])).content)
    assert "BIÊN BẢN KIỂM PHIẾU" in text
    assert "Tổng số cử tri: 8; có mặt: 8; số phiếu thu về: 8." in text
    assert "1 | PX03 – Phòng Công tác đảng và công tác chính trị | 6 | 75,00 % | Trúng" in text
    assert "1 | PH10 – Phòng Hậu cần | 5 | 62,50 % | Trúng" in text
    assert "Khối trưởng năm 2019: PX03 – Phòng Công tác đảng và công tác chính trị (6/8 phiếu, 75,00 %)." in text
    assert "Khối phó năm 2019: PH10 – Phòng Hậu cần (5/8 phiếu, 62,50 %)." in text
    minutes = docx_text(client.get(reverse("voting:minutes_docx", args=[e.pk])).content)
    assert "BIÊN BẢN HỘI NGHỊ" in minutes
    assert "Có mặt 8/8 cử tri." in minutes
    assert "Khối phó năm 2019: PH10 – Phòng Hậu cần (5/8 phiếu, 62,50 %)." in minutes

    call_command("verify_election", str(e.pk))
    assert capsys.readouterr().out.splitlines()[-1] == "✓ Chuỗi phiếu nguyên vẹn; kiểm lại khớp kết quả đã công bố."


def test_when_next_years_block_exists_the_result_is_assigned_to_it(election, xdll, personas):
    block_2019 = blocks.copy_block_to_next_year(xdll.block, by=personas.office)
    e = services.open_election(election.election, by=personas.office)
    for code, (leader, deputy) in VOTES.items():
        services.cast_ballot(
            e,
            e.roll.get(unit=xdll.units[code]),
            {election.leader.key: pick(election.leader, leader), election.deputy.key: pick(election.deputy, deputy)},
            by=xdll.reps[code],
        )
    services.close_election(e, by=personas.office)
    assert services.apply_block_leaders(e, by=personas.office) == block_2019
    block_2019 = Block.objects.get(pk=block_2019.pk)
    assert (block_2019.leader.code, block_2019.deputy.code, block_2019.leaders_set_by) == (
        "PX03",
        "PH10",
        personas.office,
    )
