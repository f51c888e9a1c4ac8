"""Scoring's pages that had no API operation (issue 15): a draft rubric's criteria imported from .xlsx, and
the evidence files of a self-score (list, upload, download, delete). Same services and refusals as the
pages; outsiders get 404, read-only roles 403."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from api.tests import bearer
from audit.models import AuditEvent
from scoring import exports
from scoring.models import EvidenceFile, Sheet
from scoring.services import rounds, rubrics
from scoring.tests.test_rubrics import _file

API = "/api/v1/scoring"
NOT_FOUND = {"detail": "Không tìm thấy hoặc nằm ngoài phạm vi của bạn."}
FORBIDDEN = {"detail": "Bạn chỉ có quyền xem, không có quyền thay đổi mục này."}
GOOD_ROWS = [
    ["I", "", "Xây dựng Đảng", "Chấm điểm", 40],
    ["I.1", "I", "Quán triệt nghị quyết", "", 25],
    ["I.2", "I", "Tổ chức đảng vững mạnh", "", 15],
    ["T", "", "Điểm thưởng", "Điểm thưởng", 5],
    ["T.1", "T", "Sáng kiến", "", 5],
]


def _codes(rubric):
    return list(rubric.criteria.order_by("order", "pk").values_list("code", "parent__code", "kind", "max_points"))


def _import(client, rubric, user, content: bytes, name: str = "bang-tieu-chi.xlsx"):
    return client.post(
        f"{API}/rubrics/{rubric.pk}/import", {"file": SimpleUploadedFile(name, content)}, headers=bearer(user)
    )


# Rubric import ------------------------------------------------------------------------------------


def test_a_good_file_replaces_the_drafts_criteria_and_settings(client, draft, personas):
    response = _import(client, draft, personas.unit_officer, _file(GOOD_ROWS, settings=(("Điểm thưởng tối đa", 5),)))

    assert response.status_code == 200, response.json()
    body = response.json()
    assert (body["bonus_cap"], body["max_points"], body["max_bonus"]) == ("5.00", 40.0, 5.0)
    assert [(c["code"], c["max_points"]) for c in body["criteria"]] == [
        ("I", "40.00"),
        ("I.1", "25.00"),
        ("I.2", "15.00"),
        ("T", "5.00"),
        ("T.1", "5.00"),
    ]
    event = AuditEvent.objects.filter(object_type="scoring.rubric", action="import").latest("pk")
    assert (event.actor, event.changes, event.note) == (
        personas.unit_officer,
        {"criteria": [14, 5]},
        "bang-tieu-chi.xlsx",
    )


def test_a_bad_file_writes_nothing_and_names_each_row_and_column(client, draft, personas):
    before = _codes(draft)
    rows = [*GOOD_ROWS, ["I.3", "I", "Thiếu điểm", "", "hai mươi"], ["I.4", "I", "", "", 5]]

    response = _import(client, draft, personas.unit_officer, _file(rows))

    assert response.status_code == 422
    assert response.json() == {
        "detail": "Tệp có 2 lỗi; chưa ghi dữ liệu nào. Hãy sửa tệp rồi nhập lại.",
        "errors": [
            {"sheet": "", "row": 7, "column": "Điểm tối đa", "detail": "Không phải là số: hai mươi."},
            {"sheet": "", "row": 8, "column": "Nội dung tiêu chí", "detail": "Không được để trống."},
        ],
    }
    assert _codes(draft) == before


def test_an_upload_the_page_refuses_is_a_422_naming_the_file(client, draft, personas):
    before = _codes(draft)

    csv = _import(client, draft, personas.unit_officer, b"I;;X;;40", name="bang.csv")
    broken = _import(client, draft, personas.unit_officer, b"PK\x03\x04 broken")

    assert (csv.status_code, broken.status_code) == (422, 422)
    assert csv.json() == {"detail": "file: Chỉ nhận tệp Excel định dạng .xlsx; tệp bang.csv không phải tệp .xlsx."}
    assert broken.json()["errors"] == [
        {
            "sheet": "",
            "row": None,
            "column": "",
            "detail": "Tệp không phải là tệp Excel (.xlsx) hợp lệ hoặc đã bị hỏng.",
        }
    ]
    assert _codes(draft) == before


def test_a_rubric_open_for_scoring_cannot_be_replaced(client, rubric, personas):
    before = _codes(rubric)

    response = _import(client, rubric, personas.unit_officer, exports.rubric_xlsx(rubric))

    assert response.status_code == 422
    assert response.json() == {"detail": "Bảng tiêu chí đã khoá (đã mở chấm điểm); muốn sửa hãy lập phiên bản mới."}
    assert _codes(rubric) == before


def test_only_the_blocks_runners_import(client, draft, personas, cycle):
    content = _file(GOOD_ROWS)

    member = _import(client, draft, cycle.pv01_commander, content)
    outsider = _import(client, draft, personas.outsider, content)

    assert (member.status_code, outsider.status_code) == (403, 404)
    assert outsider.json() == NOT_FOUND
    assert draft.criteria.count() == 14


# Evidence files -----------------------------------------------------------------------------------


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def _upload(client, rubric, unit, criterion, user, name="ke-hoach.pdf", content=b"%PDF-1.4 minh chung"):
    return client.post(
        f"{API}/rubrics/{rubric.pk}/sheets/self/{unit.pk}/evidence/{criterion.pk}",
        {"file": SimpleUploadedFile(name, content, "application/pdf")},
        headers=bearer(user),
    )


def test_the_unit_attaches_lists_downloads_and_removes_evidence(
    client, media, rubric, leaf, org, personas, django_capture_on_commit_callbacks
):
    officer = bearer(personas.unit_officer)
    evidence_url = f"{API}/rubrics/{rubric.pk}/sheets/self/{org.px03.pk}/evidence"
    empty = client.get(evidence_url, headers=officer)

    made = _upload(client, rubric, org.px03, leaf["I.1"], personas.unit_officer)

    assert (empty.status_code, empty.json()) == (200, [])
    assert made.status_code == 201, made.json()
    body = made.json()
    assert (body["criterion"], body["name"], body["content_type"], body["size"]) == (
        leaf["I.1"].pk,
        "ke-hoach.pdf",
        "application/pdf",
        19,
    )
    listed = client.get(evidence_url, headers=officer).json()
    assert [(e["id"], e["criterion"], e["name"]) for e in listed] == [(body["id"], leaf["I.1"].pk, "ke-hoach.pdf")]
    download = client.get(f"{API}/evidence/{body['id']}", headers=officer)
    assert (download.status_code, download["Content-Type"], b"".join(download.streaming_content)) == (
        200,
        "application/pdf",
        b"%PDF-1.4 minh chung",
    )
    assert (download["X-Content-Type-Options"], download["Content-Security-Policy"]) == (
        "nosniff",
        "default-src 'none'; sandbox",
    )
    assert "attachment;" in download["Content-Disposition"]
    stored = EvidenceFile.objects.get().file.name

    with django_capture_on_commit_callbacks(execute=True):
        removed = client.delete(f"{API}/evidence/{body['id']}", headers=officer)

    assert removed.status_code == 204
    assert not EvidenceFile.objects.exists()
    assert not (media / stored).exists()
    assert list(
        AuditEvent.objects.filter(object_type="scoring.evidencefile").order_by("pk").values_list("action", flat=True)
    ) == ["create", "delete"]


def test_hostile_or_mismatched_files_are_refused_and_leave_no_trace(client, media, rubric, leaf, org, personas):
    user, criterion = personas.unit_officer, leaf["I.1"]

    program = _upload(client, rubric, org.px03, criterion, user, name="virus.pdf", content=b"MZ\x90\x00")
    markup = _upload(client, rubric, org.px03, criterion, user, name="bao-cao.pdf", content=b"<html><script>")
    renamed = _upload(client, rubric, org.px03, criterion, user, name="bang.xlsx", content=b"%PDF-1.4 x")
    script = _upload(client, rubric, org.px03, criterion, user, name="chay.exe", content=b"MZ")
    empty = _upload(client, rubric, org.px03, criterion, user, name="rong.pdf", content=b"")

    assert [r.status_code for r in (program, markup, renamed, script, empty)] == [422] * 5
    assert program.json() == {"detail": "Tệp “virus.pdf” là chương trình hoặc mã lệnh chạy được, không được nhận."}
    assert markup.json() == {"detail": "Tệp “bao-cao.pdf” chứa HTML hoặc mã lệnh, không được nhận."}
    assert script.json() == {
        "detail": "Chỉ nhận tệp PDF (.pdf), Word (.docx) hoặc Excel (.xlsx); tệp “chay.exe” không được nhận."
    }
    assert not EvidenceFile.objects.exists()
    assert list(media.rglob("*.*")) == []


def test_evidence_only_while_scoring_is_open(client, media, draft, rubric, leaf, org, personas):
    made = _upload(client, rubric, org.px03, leaf["I.1"], personas.unit_officer)
    rubrics.close_scoring(rubric, by=personas.unit_officer)

    late = _upload(client, rubric, org.px03, leaf["I.2"], personas.unit_officer)
    remove = client.delete(f"{API}/evidence/{made.json()['id']}", headers=bearer(personas.unit_officer))

    assert (late.status_code, remove.status_code) == (422, 422)
    assert late.json() == {"detail": "Chỉ đính kèm minh chứng vào phiếu tự chấm khi đang chấm điểm."}
    assert remove.json() == {"detail": "Kết quả đã chốt: không xoá được minh chứng."}
    assert EvidenceFile.objects.count() == 1


def test_a_refused_upload_makes_no_sheet(client, media, draft, personas, org):
    criterion = draft.criteria.get(code="I.1")

    response = _upload(client, draft, org.px03, criterion, personas.unit_officer)

    assert response.status_code == 422
    assert not Sheet.objects.exists()


def test_outsiders_404_read_only_roles_403(client, media, rubric, leaf, org, personas, cycle):
    sheet = rounds.sheet_for(rubric, org.px03, Sheet.Round.SELF)
    evidence = rounds.attach_evidence(
        sheet, leaf["I.1"], SimpleUploadedFile("a.pdf", b"%PDF-1.4 a"), by=personas.unit_officer
    )
    list_url = f"{API}/rubrics/{rubric.pk}/sheets/self/{org.px03.pk}/evidence"

    outsider = [
        client.get(list_url, headers=bearer(personas.outsider)).status_code,
        client.get(f"{API}/evidence/{evidence.pk}", headers=bearer(personas.outsider)).status_code,
        client.delete(f"{API}/evidence/{evidence.pk}", headers=bearer(personas.outsider)).status_code,
        _upload(client, rubric, org.px03, leaf["I.2"], personas.outsider).status_code,
    ]
    council_reads = client.get(list_url, headers=bearer(personas.council))
    council_deletes = client.delete(f"{API}/evidence/{evidence.pk}", headers=bearer(personas.council))
    council_uploads = _upload(client, rubric, org.px03, leaf["I.2"], personas.council)
    other_unit = _upload(client, rubric, org.px03, leaf["I.2"], cycle.pv01_commander)

    assert outsider == [404, 404, 404, 404]
    assert council_reads.status_code == 200
    assert (council_deletes.status_code, council_uploads.status_code) == (403, 403)
    assert council_deletes.json() == FORBIDDEN
    assert other_unit.status_code == 403
    assert EvidenceFile.objects.count() == 1


# Bulk cells (the page saves cell by cell; the API also takes a sheet at once) ------------------------


def test_bulk_final_cells_need_their_reason_and_each_criterion_once(client, rubric, leaf, org, personas):
    url = f"{API}/rubrics/{rubric.pk}/sheets/final/{org.ph10.pk}/cells"
    rows = [
        {"criterion": leaf["I.1"].pk, "value": "18", "version": 0, "reason": "Theo biên bản chấm chéo"},
        {"criterion": leaf["I.2"].pk, "value": "15", "version": 0},
        {"criterion": leaf["I.1"].pk, "value": "17", "version": 0, "reason": "Lần hai"},
    ]

    response = client.put(url, {"cells": rows}, content_type="application/json", headers=bearer(personas.office))

    assert response.status_code == 422
    assert response.json()["errors"] == [
        {"row": 1, "field": "reason", "detail": "Điều chỉnh điểm chốt cần ghi lý do."},
        {"row": 2, "field": "criterion", "detail": f"Tiêu chí {leaf['I.1'].pk} có hai lần trong danh sách."},
    ]
    assert not Sheet.objects.filter(round=Sheet.Round.FINAL).exists()
    assert not AuditEvent.objects.filter(object_type="scoring.score").exists()
