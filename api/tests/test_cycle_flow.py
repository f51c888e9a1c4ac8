"""The cycle through the API, step by step: the pledge from draft to signature, registration,
reports, conferences, movements and blocks, the user's tasks and notifications."""

import datetime
import io

import docx
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from api.tests import bearer
from audit.models import AuditEvent
from cycle.models import Notification, Pledge, RegistrationTarget
from cycle.services import blocks, reports
from honours.models import Title

JSON = "application/json"
CLAUSES = [
    "Quán triệt, thực hiện nghiêm túc Nghị quyết của Đảng ủy và chương trình công tác Công an năm 2019.",
    "Thực hiện nghiêm túc chế độ thông tin, báo cáo.",
]


def ref(unit):
    return {"id": unit.pk, "code": unit.code, "name": unit.name}


def post(client, url, body, headers):
    return client.post(url, body, content_type=JSON, headers=headers)


def test_a_pledge_is_drafted_adopted_and_signed_for_px03_through_the_api(client, cycle, org, personas):
    leader, commander = bearer(personas.unit_officer), bearer(personas.commander)
    block = cycle.block

    draft = post(
        client,
        f"/api/v1/blocks/{block.pk}/pledge",
        {"title": "Giao ước thi đua năm 2019", "preamble": "Các đơn vị trong Khối thống nhất giao ước:"},
        leader,
    )
    assert draft.status_code == 201
    pledge = Pledge.objects.get()
    assert draft.json() == {
        "id": pledge.pk,
        "block": block.pk,
        "version": 1,
        "title": "Giao ước thi đua năm 2019",
        "preamble": "Các đơn vị trong Khối thống nhất giao ước:",
        "status": "draft",
        "place": "",
        "signing_date": None,
        "adopted_at": None,
        "clauses": [],
        "signatures": [],
        "unsigned": [ref(org.px03), ref(org.ph10), ref(cycle.pv01)],
    }

    first = post(client, f"/api/v1/pledges/{pledge.pk}/clauses", {"text": CLAUSES[0]}, leader)
    second = post(client, f"/api/v1/pledges/{pledge.pk}/clauses", {"text": f"  {CLAUSES[1]}  "}, leader)
    assert (first.status_code, second.status_code) == (201, 201)
    ids = [first.json()["id"], second.json()["id"]]
    assert [first.json(), second.json()] == [
        {"id": ids[0], "order": 1, "text": CLAUSES[0]},
        {"id": ids[1], "order": 2, "text": CLAUSES[1]},
    ]

    adopted = post(
        client, f"/api/v1/pledges/{pledge.pk}/adopt", {"place": "Quảng Bình", "signing_date": "2019-03-04"}, leader
    )
    assert adopted.status_code == 200
    assert (adopted.json()["status"], adopted.json()["place"], adopted.json()["signing_date"]) == (
        "adopted",
        "Quảng Bình",
        "2019-03-04",
    )

    signed = post(
        client,
        f"/api/v1/pledges/{pledge.pk}/sign/{org.px03.pk}",
        {"signer_name": "Nguyễn Văn An", "signer_position": "Trưởng phòng", "signed_on": "2019-03-04"},
        commander,
    )
    assert signed.status_code == 201
    body = signed.json()
    recorded_at = body.pop("recorded_at")
    assert body == {
        "unit": ref(org.px03),
        "signer_name": "Nguyễn Văn An",
        "signer_position": "Trưởng phòng",
        "signed_on": "2019-03-04",
    }

    current = client.get(f"/api/v1/blocks/{block.pk}/pledge", headers=bearer(personas.council))
    assert current.json() == {
        "id": pledge.pk,
        "block": block.pk,
        "version": 1,
        "title": "Giao ước thi đua năm 2019",
        "preamble": "Các đơn vị trong Khối thống nhất giao ước:",
        "status": "adopted",
        "place": "Quảng Bình",
        "signing_date": "2019-03-04",
        "adopted_at": None,
        "clauses": [{"id": ids[0], "order": 1, "text": CLAUSES[0]}, {"id": ids[1], "order": 2, "text": CLAUSES[1]}],
        "signatures": [
            {
                "unit": ref(org.px03),
                "signer_name": "Nguyễn Văn An",
                "signer_position": "Trưởng phòng",
                "signed_on": "2019-03-04",
                "recorded_at": recorded_at,
            }
        ],
        "unsigned": [ref(org.ph10), ref(cycle.pv01)],
    }
    assert list(
        AuditEvent.objects.filter(object_type="cycle.pledge")
        .values_list("actor__username", flat=True)
        .distinct()
        .order_by("actor__username")
    ) == ["commander", "unit_officer"]

    again = post(
        client,
        f"/api/v1/pledges/{pledge.pk}/sign/{org.px03.pk}",
        {"signer_name": "Nguyễn Văn An", "signer_position": "Trưởng phòng", "signed_on": "2019-03-04"},
        commander,
    )
    assert (again.status_code, again.json()) == (
        422,
        {"detail": "Đơn vị Phòng Công tác đảng và công tác chính trị đã ký giao ước này."},
    )
    # PX03 leads the block, so its commander sees PV01, but may not sign for it
    other = post(
        client,
        f"/api/v1/pledges/{pledge.pk}/sign/{cycle.pv01.pk}",
        {"signer_name": "X", "signer_position": "Y", "signed_on": "2019-03-04"},
        commander,
    )
    assert other.status_code == 403

    document = client.get(f"/api/v1/pledges/{pledge.pk}/docx", headers=bearer(cycle.pv01_commander))
    assert document.status_code == 200
    assert document["Content-Type"] == "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(document.content)).paragraphs)
    assert CLAUSES[1] in text


def test_clauses_are_edited_moved_and_deleted_and_a_revision_is_a_new_draft(client, cycle, personas):
    leader = bearer(personas.unit_officer)
    pledge = post(client, f"/api/v1/blocks/{cycle.block.pk}/pledge", {"title": "Giao ước"}, leader).json()
    ids = [
        post(client, f"/api/v1/pledges/{pledge['id']}/clauses", {"text": t}, leader).json()["id"]
        for t in ("Một.", "Hai.", "Ba.")
    ]

    edited = client.patch(
        f"/api/v1/pledges/{pledge['id']}/clauses/{ids[0]}", {"text": "Điều một."}, content_type=JSON, headers=leader
    )
    moved = post(client, f"/api/v1/pledges/{pledge['id']}/clauses/{ids[2]}/move", {"direction": "up"}, leader)
    deleted = client.delete(f"/api/v1/pledges/{pledge['id']}/clauses/{ids[1]}", headers=leader)
    top = post(client, f"/api/v1/pledges/{pledge['id']}/clauses/{ids[0]}/move", {"direction": "up"}, leader)

    assert edited.json() == {"id": ids[0], "order": 1, "text": "Điều một."}
    assert moved.json() == [
        {"id": ids[0], "order": 1, "text": "Điều một."},
        {"id": ids[2], "order": 2, "text": "Ba."},
        {"id": ids[1], "order": 3, "text": "Hai."},
    ]
    assert deleted.status_code == 204
    assert (top.status_code, top.json()) == (422, {"detail": "Điều khoản đã ở đầu danh sách."})

    post(client, f"/api/v1/pledges/{pledge['id']}/adopt", {"place": "Quảng Bình", "signing_date": "2019-03-04"}, leader)
    revised = post(client, f"/api/v1/pledges/{pledge['id']}/revise", {}, leader)
    assert revised.status_code == 201
    assert (revised.json()["version"], revised.json()["status"], [c["text"] for c in revised.json()["clauses"]]) == (
        2,
        "draft",
        ["Điều một.", "Ba."],
    )
    old = client.get(f"/api/v1/blocks/{cycle.block.pk}/pledge/1", headers=leader).json()
    assert old["status"] == "superseded"


def test_a_unit_registers_and_its_commander_confirms(client, cycle, org, personas):
    blocks.update_block(cycle.block, by=None, registration_deadline=datetime.date(2100, 12, 31))
    titles = {t.code: t for t in Title.objects.all()}
    url = f"/api/v1/blocks/{cycle.block.pk}/registrations/{org.px03.pk}"

    saved = client.put(
        url,
        {
            "titles": [titles["DVQT"].pk],
            "targets": [{"text": "100% cán bộ hoàn thành nhiệm vụ", "value": "100", "measure": "%"}],
            "people": [{"person": org.people.binh.pk, "title": titles["CSTT"].pk}],
        },
        content_type=JSON,
        headers=bearer(personas.unit_officer),
    )
    stranger = client.put(
        url,
        {"titles": [], "targets": [], "people": [{"person": org.people.dung.pk, "title": titles["CSTT"].pk}]},
        content_type=JSON,
        headers=bearer(personas.unit_officer),
    )
    confirmed = post(client, f"{url}/confirm", {}, bearer(personas.commander))
    board = client.get(f"/api/v1/blocks/{cycle.block.pk}/registrations", headers=bearer(cycle.ph10_officer))

    assert saved.status_code == 200
    body = saved.json()
    assert (body["status"], [t["code"] for t in body["titles"]], body["targets"]) == (
        "draft",
        ["DVQT"],
        [
            {
                "id": RegistrationTarget.objects.get().pk,
                "order": 0,
                "text": "100% cán bộ hoàn thành nhiệm vụ",
                "value": "100.00",
                "measure": "%",
                "result": "",
                "achieved_value": None,
                "achieved": None,
            }
        ],
    )
    assert body["people"] == [
        {
            "person": {"id": org.people.binh.pk, "ident": "QB000002", "full_name": "Trần Thị Bình"},
            "title": {"id": titles["CSTT"].pk, "code": "CSTT", "name": titles["CSTT"].name},
        }
    ]
    assert (stranger.status_code, stranger.json()) == (
        422,
        {"detail": "Cán bộ Phạm Quốc Dũng không thuộc PX03 nên không đăng ký được ở đơn vị này."},
    )
    assert (confirmed.status_code, confirmed.json()["status"]) == (200, "confirmed")
    assert [(r["unit"]["code"], r["state"], r["targets"], r["people_total"]) for r in board.json()["rows"]] == [
        ("PX03", "confirmed", 1, 1),
        ("PH10", "none", 0, 0),
        ("PV01", "none", 0, 0),
    ]
    assert board.json()["totals"]["confirmed"] == 1
    # a member that does not run the block reads its own registration, not the board
    assert (
        client.get(f"/api/v1/blocks/{cycle.block.pk}/registrations", headers=bearer(cycle.pv01_commander)).status_code
        == 403
    )


PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def test_a_report_is_written_submitted_returned_and_accepted(client, cycle, org, personas, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    block = cycle.block
    reports.set_report_deadlines(block, deadlines={"mid_year": datetime.date(2019, 7, 15)}, by=None)
    section = reports.add_outline_section(block, heading="Kết quả thực hiện", by=None)
    member, leader = bearer(cycle.ph10_officer), bearer(personas.unit_officer)
    url = f"/api/v1/blocks/{block.pk}/reports/mid_year/{org.ph10.pk}"

    draft = client.put(
        url,
        {"sections": [{"section": section.pk, "text": "Đã hoàn thành 100% chỉ tiêu."}]},
        content_type=JSON,
        headers=member,
    )
    report_id = draft.json()["id"]
    upload = SimpleUploadedFile("bao-cao so ket.pdf", PDF, content_type="text/html")
    attached = client.post(f"/api/v1/reports/{report_id}/attachments", {"file": upload}, headers=member)
    refused = client.post(
        f"/api/v1/reports/{report_id}/attachments", {"file": SimpleUploadedFile("a.exe", b"MZ\x90\x00")}, headers=member
    )
    submitted = post(client, f"/api/v1/reports/{report_id}/submit", {}, member)
    by_member = post(client, f"/api/v1/reports/{report_id}/accept", {}, bearer(cycle.pv01_commander))
    returned = post(client, f"/api/v1/reports/{report_id}/return", {"reason": "Thiếu số liệu."}, leader)
    resubmitted = post(client, f"/api/v1/reports/{report_id}/submit", {}, member)
    accepted = post(client, f"/api/v1/reports/{report_id}/accept", {}, leader)
    board = client.get(f"/api/v1/blocks/{block.pk}/reports/mid_year", headers=bearer(personas.council))

    assert draft.status_code == 200
    assert (draft.json()["status"], draft.json()["sections"]) == (
        "draft",
        [
            {
                "id": section.pk,
                "order": 1,
                "heading": "Kết quả thực hiện",
                "guidance": "",
                "text": "Đã hoàn thành 100% chỉ tiêu.",
            }
        ],
    )
    assert (submitted.json()["status"], submitted.json()["late"]) == ("submitted", True)
    assert by_member.status_code == 404  # PV01's commander does not even read PH10's report
    assert (returned.json()["status"], returned.json()["returned_reason"]) == ("returned", "Thiếu số liệu.")
    assert resubmitted.json()["status"] == "submitted"
    assert [(e["action"], e["by"], e["reason"]) for e in accepted.json()["events"]] == [
        ("submitted", "ph10_officer", ""),
        ("returned", "unit_officer", "Thiếu số liệu."),
        ("submitted", "ph10_officer", ""),
        ("accepted", "unit_officer", ""),
    ]
    assert [(r["unit"]["code"], r["state"], r["report"]) for r in board.json()["rows"]] == [
        ("PX03", "missing", None),
        ("PH10", "accepted", report_id),
        ("PV01", "missing", None),
    ]
    assert board.json()["deadline"] == "2019-07-15"
    assert attached.status_code == 201
    assert {k: attached.json()[k] for k in ("name", "content_type", "size")} == {
        "name": "bao-cao so ket.pdf",
        "content_type": "application/pdf",
        "size": len(PDF),
    }
    assert (refused.status_code, refused.json()) == (
        422,
        {"detail": "Chỉ nhận tệp PDF (.pdf), Word (.docx) hoặc Excel (.xlsx); tệp “a.exe” không được nhận."},
    )
    assert [a["id"] for a in client.get(f"/api/v1/reports/{report_id}/attachments", headers=leader).json()] == [
        attached.json()["id"]
    ]
    download = client.get(f"/api/v1/attachments/{attached.json()['id']}", headers=leader)
    assert (download.status_code, download["Content-Type"], b"".join(download.streaming_content)) == (
        200,
        "application/pdf",
        PDF,
    )
    # the report is accepted: its files stay
    removed = client.delete(f"/api/v1/attachments/{attached.json()['id']}", headers=member)
    assert (removed.status_code, removed.json()) == (422, {"detail": "Báo cáo đã được tiếp nhận; không sửa được."})
    assert client.get(f"/api/v1/blocks/{block.pk}/reports/nine_months", headers=member).status_code == 404


def test_a_conference_is_recorded_with_its_attendance(client, cycle, org, personas):
    leader = bearer(personas.unit_officer)

    created = post(
        client,
        f"/api/v1/blocks/{cycle.block.pk}/conferences",
        {"kind": "pledge", "date": "2019-03-04", "place": "Đồng Hới", "chair_name": "Nguyễn Văn An"},
        leader,
    )
    conference = created.json()["id"]
    attendance = client.put(
        f"/api/v1/conferences/{conference}/attendance",
        {
            "attendance": [
                {"unit": org.px03.pk, "representative": "Nguyễn Văn An", "position": "Trưởng phòng"},
                {"unit": org.ph10.pk, "present": False},
            ]
        },
        content_type=JSON,
        headers=leader,
    )
    outside = client.put(
        f"/api/v1/conferences/{conference}/attendance",
        {"attendance": [{"unit": org.district.pk, "representative": "X"}]},
        content_type=JSON,
        headers=leader,
    )

    assert created.status_code == 201
    assert attendance.json()["attendance"] == [
        {
            "unit": ref(org.px03),
            "recorded": True,
            "present": True,
            "representative": "Nguyễn Văn An",
            "position": "Trưởng phòng",
        },
        {"unit": ref(org.ph10), "recorded": True, "present": False, "representative": "", "position": ""},
        {"unit": ref(cycle.pv01), "recorded": False, "present": False, "representative": "", "position": ""},
    ]
    assert (outside.status_code, outside.json()) == (422, {"detail": f"Đơn vị không thuộc khối: {org.district.pk}."})
    assert [
        c["id"]
        for c in client.get(f"/api/v1/blocks/{cycle.block.pk}/conferences", headers=bearer(cycle.pv01_commander)).json()
    ] == [conference]


def test_the_office_launches_a_movement_forms_a_block_and_carries_it_to_next_year(client, cycle, org, personas):
    office = bearer(personas.office)

    movement = post(
        client,
        "/api/v1/movements",
        {
            "name": "Vì an ninh Tổ quốc",
            "year": 2020,
            "start_date": "2020-01-01",
            "end_date": "2020-12-31",
            "launched_by": org.caqb.pk,
        },
        office,
    )
    assert movement.status_code == 201
    assert [u["code"] for u in movement.json()["covers"]] == ["CAQB"]
    patched = client.patch(
        f"/api/v1/movements/{movement.json()['id']}", {"theme": "Kỷ cương"}, content_type=JSON, headers=office
    )
    assert patched.json()["theme"] == "Kỷ cương"
    assert (
        post(
            client,
            "/api/v1/movements",
            {
                "name": "X",
                "year": 2020,
                "start_date": "2020-01-01",
                "end_date": "2020-12-31",
                "launched_by": org.bca.pk,
            },
            office,
        ).status_code
        == 404
    )

    formed = post(
        client,
        "/api/v1/blocks",
        {
            "year": 2019,
            "name": "Khối Tham mưu",
            "managed_by": org.caqb.pk,
            "members": [org.px03.pk, org.ph10.pk],
            "leader": org.ph10.pk,
        },
        office,
    )
    assert formed.status_code == 201
    assert ([m["code"] for m in formed.json()["members"]], formed.json()["leader"]["code"]) == (
        ["PX03", "PH10"],
        "PH10",
    )
    duplicate = post(
        client,
        "/api/v1/blocks",
        {"year": 2019, "name": "Khối Tham mưu", "managed_by": org.caqb.pk, "members": [org.px03.pk, org.ph10.pk]},
        office,
    )
    assert (duplicate.status_code, duplicate.json()) == (409, {"detail": "Đã có khối cùng tên trong năm 2019."})

    block = cycle.block.pk
    members = client.put(
        f"/api/v1/blocks/{block}/members", {"members": [org.ph10.pk, org.px03.pk]}, content_type=JSON, headers=office
    )
    assert [m["code"] for m in members.json()["members"]] == ["PH10", "PX03"]
    leaders = client.put(
        f"/api/v1/blocks/{block}/leaders",
        {"leader": org.ph10.pk, "deputy": org.px03.pk, "basis": "Quyết định 12/QĐ-CAT"},
        content_type=JSON,
        headers=office,
    )
    assert (leaders.json()["leader"]["code"], leaders.json()["deputy"]["code"], leaders.json()["leaders_basis"]) == (
        "PH10",
        "PX03",
        "Quyết định 12/QĐ-CAT",
    )
    not_member = client.put(
        f"/api/v1/blocks/{block}/leaders",
        {"leader": cycle.pv01.pk, "deputy": None, "basis": "QĐ"},
        content_type=JSON,
        headers=office,
    )
    assert (not_member.status_code, not_member.json()) == (
        422,
        {"detail": "Khối trưởng phải là đơn vị thành viên của khối."},
    )

    copied = post(client, f"/api/v1/blocks/{block}/copy-to-next-year", {"movement": movement.json()["id"]}, office)
    assert copied.status_code == 201
    assert (copied.json()["year"], copied.json()["previous"], copied.json()["movement"]) == (
        2020,
        block,
        movement.json()["id"],
    )
    history = client.get(f"/api/v1/blocks/{copied.json()['id']}/history", headers=office)
    assert [(b["year"], b["id"]) for b in history.json()] == [(2019, block), (2020, copied.json()["id"])]
    assert post(client, f"/api/v1/blocks/{block}/copy-to-next-year", {}, office).json() == {
        "detail": "Khối này đã được chuyển sang năm sau."
    }


def test_me_lists_my_tasks_and_notifications(client, cycle, org, personas):
    today = timezone.localdate()
    blocks.update_block(cycle.block, by=None, year=today.year, registration_deadline=today - datetime.timedelta(days=1))
    Notification.objects.create(user=cycle.ph10_officer, text="Đã đọc.", read_at=timezone.now())
    Notification.objects.create(user=cycle.ph10_officer, text="Giao ước đã được thông qua.", url="/blocks/1/pledge/")
    Notification.objects.create(user=personas.commander, text="Của người khác.")
    headers = bearer(cycle.ph10_officer)

    tasks = client.get("/api/v1/me/tasks", headers=headers)
    unread = client.get("/api/v1/me/notifications", {"unread": True}, headers=headers)
    everything = client.get("/api/v1/me/notifications", headers=headers)

    assert tasks.json() == [
        {
            "kind": "register",
            "text": f"Đăng ký thi đua năm {today.year} của PH10",
            "block": {"id": cycle.block.pk, "name": "Khối XDLL – TT – HCKT", "year": today.year},
            "unit": ref(org.ph10),
            "deadline": (today - datetime.timedelta(days=1)).isoformat(),
            "overdue": True,
            "url": f"/blocks/{cycle.block.pk}/registration/{org.ph10.pk}/",
        }
    ]
    assert [(n["text"], n["url"], n["read_at"]) for n in unread.json()["items"]] == [
        ("Giao ước đã được thông qua.", "/blocks/1/pledge/", None)
    ]
    assert [n["text"] for n in everything.json()["items"]] == ["Giao ước đã được thông qua.", "Đã đọc."]
    assert client.get("/api/v1/me/tasks", headers=bearer(personas.outsider)).json() == []
