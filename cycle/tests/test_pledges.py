"""The pledge: drafting, clause order, adoption, one signature per member, locking, revisions, .docx.

Access on signing, as the helpers decide it: the deputy's (PH10) officer sees every member of the
block, so signing for PV01 is refused with 403; PV01's commander does not see PH10 at all, so
signing for PH10 is a 404, like the outsider's.
"""

import datetime
import io
import re

import docx
import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from audit.models import AuditEvent
from cycle import exports
from cycle.models import Notification, Pledge, PledgeSignature
from cycle.services import CycleError, pledges

CLAUSES = [
    "Quán triệt, thực hiện nghiêm túc Nghị quyết của Đảng ủy và chương trình công tác Công an năm 2019.",
    "Đổi mới nội dung, biện pháp chỉ đạo, thực hiện các phong trào thi đua.",
    "Thực hiện nghiêm túc chế độ thông tin, báo cáo.",
]
MARCH_4 = datetime.date(2019, 3, 4)


def text(response):
    return re.sub(r"\s+", " ", response.content.decode())


def draft(cycle, personas, clauses=CLAUSES):
    pledge = pledges.create_pledge_draft(
        cycle.block,
        title="Giao ước thi đua năm 2019",
        preamble="Các đơn vị trong Khối thống nhất giao ước:",
        by=personas.unit_officer,
    )
    for clause in clauses:
        pledges.add_clause(pledge, text=clause, by=personas.unit_officer)
    return pledge


def adopted(cycle, personas, clauses=CLAUSES):
    pledge = draft(cycle, personas, clauses)
    return pledges.adopt_pledge(pledge, place="Quảng Bình", signing_date=MARCH_4, by=personas.unit_officer)


def sign(pledge, unit, user, name="Nguyễn Văn An", position="Trưởng phòng"):
    return pledges.sign_pledge(pledge, unit, signer_name=name, signer_position=position, signed_on=MARCH_4, by=user)


def texts(pledge):
    return list(pledge.clauses.order_by("order").values_list("order", "text"))


# Services ---------------------------------------------------------------------------------


def test_the_leaders_officer_drafts_the_pledge_and_a_second_draft_is_refused(cycle, personas):
    pledge = draft(cycle, personas)
    assert (pledge.version, pledge.status, pledge.created_by) == (1, Pledge.Status.DRAFT, personas.unit_officer)
    assert texts(pledge) == [(1, CLAUSES[0]), (2, CLAUSES[1]), (3, CLAUSES[2])]
    with pytest.raises(CycleError, match="Khối đã có một dự thảo giao ước"):
        pledges.create_pledge_draft(cycle.block, title="Bản khác", by=personas.office)


def test_a_plain_members_commander_may_not_draft(cycle, personas):
    with pytest.raises(PermissionDenied):
        pledges.create_pledge_draft(cycle.block, title="Giao ước", by=cycle.pv01_commander)
    assert list(cycle.block.pledges.all()) == []


def test_moving_a_clause_swaps_it_with_its_neighbour_and_keeps_1_to_n(cycle, personas):
    pledge = draft(cycle, personas)
    third = pledge.clauses.get(order=3)
    pledges.move_clause(third, "up", by=personas.unit_officer)
    assert texts(pledge) == [(1, CLAUSES[0]), (2, CLAUSES[2]), (3, CLAUSES[1])]
    pledges.move_clause(pledge.clauses.get(text=CLAUSES[0]), "down", by=personas.unit_officer)
    assert texts(pledge) == [(1, CLAUSES[2]), (2, CLAUSES[0]), (3, CLAUSES[1])]
    with pytest.raises(CycleError, match="đã ở đầu danh sách"):
        pledges.move_clause(pledge.clauses.get(order=1), "up", by=personas.unit_officer)
    with pytest.raises(CycleError, match="đã ở cuối danh sách"):
        pledges.move_clause(pledge.clauses.get(order=3), "down", by=personas.unit_officer)


def test_deleting_a_clause_renumbers_the_ones_after_it(cycle, personas):
    pledge = draft(cycle, personas)
    pledges.delete_clause(pledge.clauses.get(order=1), by=personas.unit_officer)
    assert texts(pledge) == [(1, CLAUSES[1]), (2, CLAUSES[2])]
    pledges.edit_clause(pledge.clauses.get(order=2), text="Báo cáo đúng hạn.", by=personas.unit_officer)
    assert texts(pledge) == [(1, CLAUSES[1]), (2, "Báo cáo đúng hạn.")]


def test_adopting_needs_a_clause_and_freezes_the_clauses(cycle, personas):
    pledge = draft(cycle, personas, clauses=[])
    with pytest.raises(CycleError, match="cần ít nhất một điều khoản"):
        pledges.adopt_pledge(pledge, place="Quảng Bình", signing_date=MARCH_4, by=personas.unit_officer)
    pledges.add_clause(pledge, text=CLAUSES[0], by=personas.unit_officer)
    pledges.adopt_pledge(pledge, place="Quảng Bình", signing_date=MARCH_4, by=personas.unit_officer)
    pledge.refresh_from_db()
    assert (pledge.status, pledge.place, pledge.signing_date) == (Pledge.Status.ADOPTED, "Quảng Bình", MARCH_4)
    with pytest.raises(CycleError, match="Chỉ sửa được điều khoản khi giao ước còn là dự thảo"):
        pledges.add_clause(pledge, text="Thêm", by=personas.unit_officer)
    with pytest.raises(CycleError, match="Chỉ sửa được điều khoản khi giao ước còn là dự thảo"):
        pledges.move_clause(pledge.clauses.get(), "down", by=personas.unit_officer)
    with pytest.raises(CycleError, match="đã được thông qua"):
        pledges.adopt_pledge(pledge, place="Quảng Bình", signing_date=MARCH_4, by=personas.unit_officer)


def test_adopting_asks_every_member_unit_to_sign(cycle, personas):
    pledge = adopted(cycle, personas)
    notified = sorted(Notification.objects.values_list("user__username", flat=True))
    # write roles over a member unit or above it; read-only roles and the outsider are not asked
    assert notified == ["commander", "office", "ph10_officer", "pv01_commander", "unit_officer"]
    assert set(Notification.objects.values_list("url", flat=True)) == {
        reverse("cycle:pledge_detail", args=[pledge.block_id])
    }


def test_a_unit_signs_once(cycle, org, personas):
    pledge = adopted(cycle, personas)
    sign(pledge, org.px03, personas.commander)
    with pytest.raises(CycleError, match="đã ký giao ước này"):
        sign(pledge, org.px03, personas.unit_officer, name="Lê Văn Cường")
    assert list(pledge.signatures.values_list("unit__code", "signer_name")) == [("PX03", "Nguyễn Văn An")]


def test_a_draft_cannot_be_signed_and_a_non_member_cannot_sign(cycle, org, personas):
    pledge = draft(cycle, personas)
    with pytest.raises(CycleError, match="chưa được thông qua"):
        sign(pledge, org.px03, personas.commander)
    pledges.adopt_pledge(pledge, place="Quảng Bình", signing_date=MARCH_4, by=personas.unit_officer)
    with pytest.raises(CycleError, match="không phải thành viên"):
        sign(pledge, org.hy_px03, personas.admin)


def test_a_members_officer_cannot_sign_for_another_member(cycle, org, personas):
    pledge = adopted(cycle, personas)
    with pytest.raises(PermissionDenied):
        sign(pledge, cycle.pv01, cycle.ph10_officer)
    assert PledgeSignature.objects.count() == 0


def test_the_last_signature_locks_the_pledge(cycle, org, personas):
    pledge = adopted(cycle, personas)
    sign(pledge, org.px03, personas.commander)
    sign(pledge, org.ph10, cycle.ph10_officer, name="Phạm Quốc Dũng", position="Trưởng phòng")
    pledge.refresh_from_db()
    assert pledge.status == Pledge.Status.ADOPTED
    sign(pledge, cycle.pv01, cycle.pv01_commander, name="Hoàng Văn Em", position="Phó trưởng phòng")
    pledge.refresh_from_db()
    assert pledge.status == Pledge.Status.LOCKED
    with pytest.raises(CycleError, match="đã khoá"):
        sign(pledge, org.px03, personas.commander)


def test_a_revision_after_locking_is_version_2_with_the_same_clauses_and_version_1_keeps_its_signatures(
    cycle, org, personas
):
    v1 = adopted(cycle, personas)
    for unit, user in [
        (org.px03, personas.commander),
        (org.ph10, cycle.ph10_officer),
        (cycle.pv01, cycle.pv01_commander),
    ]:
        sign(v1, unit, user)
    v2 = pledges.revise_pledge(v1, by=personas.unit_officer)
    v1.refresh_from_db()
    assert (v1.version, v1.status, v2.version, v2.status) == (1, Pledge.Status.SUPERSEDED, 2, Pledge.Status.DRAFT)
    assert [t for _, t in texts(v2)] == [t for _, t in texts(v1)] == CLAUSES
    assert sorted(v1.signatures.values_list("unit__code", flat=True)) == ["PH10", "PV01", "PX03"]
    assert list(v2.signatures.all()) == []
    assert pledges.current_pledge(cycle.block) == v2
    with pytest.raises(CycleError, match="đã được thay bằng bản mới"):
        pledges.revise_pledge(v1, by=personas.unit_officer)
    with pytest.raises(CycleError, match="còn là dự thảo"):
        pledges.revise_pledge(v2, by=personas.unit_officer)


def test_every_change_is_in_the_audit_log(cycle, org, personas):
    pledge = adopted(cycle, personas, clauses=CLAUSES[:1])
    sign(pledge, org.px03, personas.commander)
    events = list(
        AuditEvent.objects.filter(object_type="cycle.pledge", object_id=str(pledge.pk))
        .order_by("id")
        .values_list("actor__username", "action")
    )
    assert events == [
        ("unit_officer", "create"),
        ("unit_officer", "update"),
        ("unit_officer", "update"),
        ("commander", "update"),
    ]


# Views ------------------------------------------------------------------------------------


def test_the_leaders_officer_drafts_adds_and_moves_clauses_through_the_pages(client, cycle, personas):
    client.force_login(personas.unit_officer)
    page_url = reverse("cycle:pledge_detail", args=[cycle.block.pk])
    assert "Lập dự thảo giao ước" in text(client.get(page_url))
    response = client.post(page_url, {"title": "Giao ước thi đua năm 2019", "preamble": ""})
    assert (response.status_code, response["Location"]) == (302, page_url)
    pledge = cycle.block.pledges.get()
    for clause in CLAUSES:
        response = client.post(reverse("cycle:clause_add", args=[pledge.pk]), {"text": clause}, HTTP_HX_REQUEST="true")
        assert response.status_code == 200
    assert re.findall(r'<tr id="clause-\d+"><td>(\d)\.</td>', text(response)) == ["1", "2", "3"]
    last = pledge.clauses.get(order=3)
    response = client.post(reverse("cycle:clause_move", args=[pledge.pk, last.pk]), {"direction": "up"})
    assert (response.status_code, response["Location"]) == (302, page_url)
    assert [t for _, t in texts(pledge)] == [CLAUSES[0], CLAUSES[2], CLAUSES[1]]
    response = client.post(reverse("cycle:clause_delete", args=[pledge.pk, last.pk]), HTTP_HX_REQUEST="true")
    assert [t for _, t in texts(pledge)] == [CLAUSES[0], CLAUSES[1]]


def test_the_page_shows_who_signed_and_who_has_not(client, cycle, org, personas):
    pledge = adopted(cycle, personas)
    sign(pledge, org.px03, personas.commander)
    client.force_login(cycle.ph10_officer)
    page = text(client.get(reverse("cycle:pledge_detail", args=[cycle.block.pk])))
    rows = re.findall(r'<tr id="signature-\d+"><td>(\w+)</td>.*?<td><span class="([\w-]+)">([^<]+)</span></td>', page)
    assert rows == [
        ("PX03", "text-success", "Đã ký"),
        ("PH10", "text-warning-emphasis", "Chưa ký"),
        ("PV01", "text-warning-emphasis", "Chưa ký"),
    ]
    assert "<td>Nguyễn Văn An</td><td>Trưởng phòng</td><td>04/03/2019</td>" in page
    # PH10's officer gets the form for PH10 only
    assert re.findall(r'<form method="post" action="/pledges/\d+/sign/(\d+)/"', page) == [str(org.ph10.pk)]


def test_signing_through_the_form(client, cycle, org, personas):
    pledge = adopted(cycle, personas)
    client.force_login(cycle.ph10_officer)
    prefix = f"u{org.ph10.pk}-"
    response = client.post(
        reverse("cycle:pledge_sign", args=[pledge.pk, org.ph10.pk]),
        {
            prefix + "signer_name": "Phạm Quốc Dũng",
            prefix + "signer_position": "Trưởng phòng",
            prefix + "signed_on": "05/03/2019",
        },
    )
    assert response.status_code == 302
    signature = pledge.signatures.get()
    assert (signature.unit, signature.signer_name, signature.signed_on, signature.recorded_by) == (
        org.ph10,
        "Phạm Quốc Dũng",
        datetime.date(2019, 3, 5),
        cycle.ph10_officer,
    )
    response = client.post(
        reverse("cycle:pledge_sign", args=[pledge.pk, org.ph10.pk]),
        {
            prefix + "signer_name": "Phạm Quốc Dũng",
            prefix + "signer_position": "Trưởng phòng",
            prefix + "signed_on": "05/03/2019",
        },
    )
    assert response.status_code == 200
    assert "Đơn vị Phòng Hậu cần đã ký giao ước này." in text(response)


def test_the_outsider_gets_404_on_the_page_on_signing_and_on_the_docx(client, cycle, org, personas):
    pledge = adopted(cycle, personas)
    client.force_login(personas.outsider)
    assert client.get(reverse("cycle:pledge_detail", args=[cycle.block.pk])).status_code == 404
    assert client.get(reverse("cycle:pledge_version", args=[cycle.block.pk, 1])).status_code == 404
    assert client.post(reverse("cycle:pledge_sign", args=[pledge.pk, org.px03.pk]), {}).status_code == 404
    assert client.get(reverse("cycle:pledge_docx", args=[pledge.pk])).status_code == 404
    assert PledgeSignature.objects.count() == 0


def test_a_members_officer_gets_403_signing_for_another_member_it_sees_and_404_for_one_it_does_not(
    client, cycle, org, personas
):
    pledge = adopted(cycle, personas)
    client.force_login(cycle.ph10_officer)  # the deputy's officer sees every member
    assert client.post(reverse("cycle:pledge_sign", args=[pledge.pk, cycle.pv01.pk]), {}).status_code == 403
    client.force_login(cycle.pv01_commander)  # a plain member does not see PH10
    assert client.post(reverse("cycle:pledge_sign", args=[pledge.pk, org.ph10.pk]), {}).status_code == 404
    assert PledgeSignature.objects.count() == 0


def test_read_only_roles_see_the_pledge_and_get_403_on_every_write(client, cycle, org, personas):
    pledge = draft(cycle, personas)
    clause = pledge.clauses.get(order=1)
    client.force_login(personas.council)
    assert client.get(reverse("cycle:pledge_detail", args=[cycle.block.pk])).status_code == 200
    writes = [
        (reverse("cycle:pledge_edit", args=[pledge.pk]), {"title": "X"}),
        (reverse("cycle:clause_add", args=[pledge.pk]), {"text": "X"}),
        (reverse("cycle:clause_edit", args=[pledge.pk, clause.pk]), {"text": "X"}),
        (reverse("cycle:clause_delete", args=[pledge.pk, clause.pk]), {}),
        (reverse("cycle:clause_move", args=[pledge.pk, clause.pk]), {"direction": "down"}),
        (reverse("cycle:pledge_adopt", args=[pledge.pk]), {"place": "Quảng Bình", "signing_date": "04/03/2019"}),
        (reverse("cycle:pledge_revise", args=[pledge.pk]), {}),
        (reverse("cycle:pledge_sign", args=[pledge.pk, org.px03.pk]), {}),
    ]
    assert [client.post(url, data).status_code for url, data in writes] == [403] * len(writes)
    assert client.post(reverse("cycle:pledge_detail", args=[cycle.block.pk]), {"title": "X"}).status_code == 403
    assert texts(pledge) == [(1, CLAUSES[0]), (2, CLAUSES[1]), (3, CLAUSES[2])]


def test_adopting_through_the_page(client, cycle, personas):
    pledge = draft(cycle, personas)
    client.force_login(personas.unit_officer)
    response = client.post(
        reverse("cycle:pledge_adopt", args=[pledge.pk]), {"place": "Quảng Bình", "signing_date": "04/03/2019"}
    )
    assert response.status_code == 302
    pledge.refresh_from_db()
    assert (pledge.status, pledge.signing_date) == (Pledge.Status.ADOPTED, MARCH_4)


def test_an_older_version_stays_readable_with_its_signatures(client, cycle, org, personas):
    v1 = adopted(cycle, personas)
    for unit, user in [
        (org.px03, personas.commander),
        (org.ph10, cycle.ph10_officer),
        (cycle.pv01, cycle.pv01_commander),
    ]:
        sign(v1, unit, user)
    client.force_login(personas.unit_officer)
    response = client.post(reverse("cycle:pledge_revise", args=[v1.pk]))
    assert response.status_code == 302
    current = text(client.get(reverse("cycle:pledge_detail", args=[cycle.block.pk])))
    assert (
        '<dd id="pledge-status"><span class="badge rounded-pill bg-danger-subtle text-danger-emphasis">Dự thảo</span></dd>'
        in current
    )
    old = text(client.get(reverse("cycle:pledge_version", args=[cycle.block.pk, 1])))
    assert "Đây là phiên bản 1, đã được thay bằng phiên bản mới." in old
    assert old.count('<span class="text-success">Đã ký</span>') == 3
    assert client.get(reverse("cycle:pledge_version", args=[cycle.block.pk, 9])).status_code == 404


def test_the_page_takes_the_same_number_of_queries_for_one_clause_or_three(client, cycle, personas):
    client.force_login(personas.unit_officer)
    url = reverse("cycle:pledge_detail", args=[cycle.block.pk])
    pledge = draft(cycle, personas, clauses=CLAUSES[:1])
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for clause in CLAUSES[1:]:
        pledges.add_clause(pledge, text=clause, by=personas.unit_officer)
    with CaptureQueriesContext(connection) as three:
        client.get(url)
    assert len(one) == len(three)


# The .docx --------------------------------------------------------------------------------


def read_docx(data: bytes):
    document = docx.Document(io.BytesIO(data))
    paragraphs = [p.text for p in document.paragraphs if p.text]
    cells = [[p.text for p in cell.paragraphs if p.text] for table in document.tables for cell in table._cells]
    return document, paragraphs, cells


def test_the_docx_has_the_header_every_clause_and_one_signature_block_per_member(client, cycle, org, personas):
    pledge = adopted(cycle, personas)
    sign(pledge, org.px03, personas.commander)
    client.force_login(personas.council)
    response = client.get(reverse("cycle:pledge_docx", args=[pledge.pk]))
    assert response["Content-Type"] == exports.DOCX
    assert response["Content-Disposition"] == 'attachment; filename="giao-uoc-2019-v1.docx"'
    document, paragraphs, cells = read_docx(response.content)
    assert cells[0] == ["CÔNG AN TỈNH QUẢNG BÌNH", "KHỐI THI ĐUA XDLL – TT – HCKT"]
    assert cells[1] == [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Quảng Bình, ngày 04 tháng 3 năm 2019",
    ]
    assert paragraphs[:3] == [
        "BẢN GIAO ƯỚC THI ĐUA",
        "Thực hiện phong trào thi đua “Vì an ninh Tổ quốc” năm 2019",
        "Các đơn vị trong Khối thống nhất giao ước:",
    ]
    assert paragraphs[3:6] == [f"{n}. {clause}" for n, clause in enumerate(CLAUSES, start=1)]
    assert paragraphs[6] == "ĐẠI DIỆN CÁC ĐƠN VỊ KÝ GIAO ƯỚC"
    assert cells[2:5] == [
        ["PHÒNG CÔNG TÁC ĐẢNG VÀ CÔNG TÁC CHÍNH TRỊ", "TRƯỞNG PHÒNG", "Nguyễn Văn An"],
        ["PHÒNG HẬU CẦN"],
        ["PHÒNG THAM MƯU"],
    ]
    assert paragraphs[7:] == [
        "Nơi nhận:",
        "- Thường trực Hội đồng Thi đua - Khen thưởng Công an tỉnh Quảng Bình (để báo cáo);",
        "- Các đơn vị thành viên Khối (để thực hiện);",
        "- Lưu: VT, PX03.",
    ]


def test_a_draft_docx_leaves_the_date_blank_and_says_it_is_a_draft(cycle, personas):
    _, paragraphs, cells = read_docx(exports.pledge_docx(draft(cycle, personas)))
    blank = "\u00a0" * 6
    assert cells[1][-1] == f"Ngày{blank}tháng{blank}năm 2019"
    assert paragraphs[:3] == [
        "BẢN GIAO ƯỚC THI ĐUA",
        "Thực hiện phong trào thi đua “Vì an ninh Tổ quốc” năm 2019",
        "(Dự thảo)",
    ]


@pytest.mark.parametrize(
    ("name", "issuer"),
    [
        ("Khối XDLL – TT – HCKT", "Khối thi đua XDLL – TT – HCKT"),
        ("Khối thi đua Nội chính", "Khối thi đua Nội chính"),
        ("Cụm thi đua số 6 – Bộ Công an", "Cụm thi đua số 6 – Bộ Công an"),
        ("Cụm số 2", "Cụm thi đua số 2"),
    ],
)
def test_the_block_is_named_in_full_as_the_issuer(cycle, name, issuer):
    cycle.block.name = name
    assert exports.block_issuer_name(cycle.block) == issuer
