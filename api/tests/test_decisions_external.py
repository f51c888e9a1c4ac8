"""Another body's decision through the API (issue 16), as the recording page: recipients never proposed here by
person or unit id and honour code (``POST /decisions/external``), or from an .xlsx (``POST
/decisions/external/import``); all or nothing with each problem named (422), a body outside the scope 404."""

import io
import zipfile

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from api.tests import bearer
from commendation.models import Decision, ProposalLine
from commendation.tests.test_decisions import make_proposal
from honours.models import FormAward, TitleAward

pytestmark = pytest.mark.django_db
API = "/api/v1/decisions/external"
JSON = "application/json"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def decision(org, **extra):
    return {
        "issuing_unit": org.caqb.pk,
        "issuer_name": "Bộ trưởng Bộ Công an",
        "number": 4521,
        "symbol": "QĐ-BCA",
        "date": "2024-11-20",
        "year": 2024,
        **extra,
    }


def test_unproposed_people_and_units_are_recorded_with_proposed_lines(client, org, personas):
    proposal = make_proposal(org, (org.people.an, "BK_BO"), outcome=ProposalLine.Outcome.PENDING)
    body = decision(
        org,
        lines=list(proposal.lines.values_list("pk", flat=True)),
        recipients=[
            {"person": org.people.binh.pk, "honour": "bk_bo"},
            {"person": org.people.cuong.pk, "honour": "CSTT", "bonus_amount": 1_000_000},
            {"unit": org.ph10.pk, "honour": "BK_BO_TT", "bonus_multiple": "2.5"},
        ],
        kind="ad_hoc",
    )

    created = client.post(API, body, content_type=JSON, headers=bearer(personas.office))

    assert created.status_code == 201, created.content
    out = created.json()
    assert (out["external"], out["status"], out["kind"], out["year"], out["reference"]) == (
        True,
        "issued",
        "ad_hoc",
        2024,
        "4521/QĐ-BCA ngày 20/11/2024",
    )
    assert [(x["person"], x["unit"], x["honour"], x["bonus_amount"]) for x in out["lines"]] == [
        (org.people.an.pk, None, "BK_BO", None),
        (org.people.binh.pk, None, "BK_BO", None),
        (org.people.cuong.pk, None, "CSTT", 1_000_000),
        (None, org.ph10.pk, "BK_BO_TT", 5_850_000),
    ]
    assert FormAward.objects.filter(kind="ad_hoc").count() == 3
    assert TitleAward.objects.get().person == org.people.cuong
    body.pop("lines")
    again = client.post(API, body, content_type=JSON, headers=bearer(personas.office))
    assert (again.status_code, again.json()["detail"]) == (422, "Quyết định 4521/QĐ-BCA đã được ghi nhận.")


def test_each_refused_recipient_is_named_by_its_place_and_nothing_is_written(client, org, personas):
    body = decision(
        org,
        recipients=[
            {"person": org.people.binh.pk, "honour": "BK_BO"},
            {"person": org.people.hoa.pk, "honour": "BK_BO"},
            {"unit": org.ph10.pk, "honour": "CSTT"},
        ],
    )

    refused = client.post(API, body, content_type=JSON, headers=bearer(personas.office))

    assert refused.status_code == 422
    assert refused.json() == {
        "detail": "Không ghi dòng nào: 2 lỗi, sửa rồi gửi lại cả danh sách.",
        "errors": [
            {
                "row": 1,
                "field": "person",
                "detail": f"Không tìm thấy cán bộ {org.people.hoa.pk} hoặc cán bộ nằm ngoài phạm vi của bạn.",
            },
            {"row": 2, "field": "honour", "detail": "Chiến sĩ tiên tiến không dành cho tập thể (Phòng Hậu cần)."},
        ],
    }
    assert Decision.objects.count() == 0


def test_a_body_outside_the_scope_is_404_and_a_read_only_role_403(client, org, personas):
    body = decision(org, recipients=[{"person": org.people.binh.pk, "honour": "BK_BO"}])

    outsider = client.post(API, body, content_type=JSON, headers=bearer(personas.outsider))
    leader = client.post(API, body, content_type=JSON, headers=bearer(personas.leader))
    both = client.post(
        API,
        decision(org, recipients=[{"person": org.people.binh.pk, "unit": org.ph10.pk, "honour": "BK_BO"}]),
        content_type=JSON,
        headers=bearer(personas.office),
    )

    assert (outsider.status_code, leader.status_code, both.status_code) == (404, 403, 422)
    assert Decision.objects.count() == 0


def xlsx(*rows) -> bytes:
    book = openpyxl.Workbook()
    book.active.append(["Mã cán bộ hoặc mã đơn vị", "Mã danh hiệu, hình thức khen thưởng", "Số lần mức lương cơ sở"])
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def post_file(client, user, org, content, name="danh-sach.xlsx", **extra):
    fields = {k: str(v) for k, v in decision(org, honour="BK_BO", **extra).items()}
    upload = SimpleUploadedFile(name, content, content_type=XLSX)
    return client.post(f"{API}/import", {**fields, "file": upload}, headers=bearer(user))


def test_an_xlsx_of_recipients_is_recorded(client, org, personas):
    created = post_file(client, personas.office, org, xlsx(["QB000002", None, None], ["CAQB-PH10", "BK_BO_TT", "3"]))

    assert created.status_code == 201, created.content
    assert [(x["person"], x["unit"], x["honour"], x["bonus_amount"]) for x in created.json()["lines"]] == [
        (org.people.binh.pk, None, "BK_BO", None),
        (None, org.ph10.pk, "BK_BO_TT", 7_020_000),
    ]
    assert FormAward.objects.count() == 2


def test_an_xlsx_with_a_bad_row_is_refused_row_by_row(client, org, personas):
    refused = post_file(client, personas.office, org, xlsx(["QB000002", None, None], ["QB999999", None, "-1"]))

    assert refused.status_code == 422
    assert refused.json() == {
        "detail": "Tệp có 2 lỗi; chưa ghi dữ liệu nào. Hãy sửa tệp rồi nhập lại.",
        "errors": [
            {
                "sheet": "",
                "row": 3,
                "column": "Mã cán bộ hoặc mã đơn vị",
                "detail": "Không tìm thấy cán bộ, đơn vị có mã QB999999 trong phạm vi của bạn.",
            },
            {
                "sheet": "",
                "row": 3,
                "column": "Số lần mức lương cơ sở",
                "detail": "Số lần mức lương cơ sở không hợp lệ: -1.",
            },
        ],
    }
    assert Decision.objects.count() == 0


def test_a_hostile_file_is_refused_before_it_is_read_and_an_outsider_gets_404(client, org, personas):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * 5_000_000)

    bomb = post_file(client, personas.office, org, buffer.getvalue())
    csv = post_file(client, personas.office, org, b"QB000002", name="danh-sach.csv")
    outsider = post_file(client, personas.outsider, org, xlsx(["QB000002", None, None]))

    assert (bomb.status_code, bomb.json()["detail"][:27]) == (422, "file: Tệp nén bất thường: g")
    assert csv.json()["detail"] == "file: Chỉ nhận tệp Excel định dạng .xlsx; tệp danh-sach.csv không phải tệp .xlsx."
    assert outsider.status_code == 404
    assert Decision.objects.count() == 0
