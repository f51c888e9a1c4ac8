"""The recording page of another body's decision (issue 16): besides the proposals' lines, anyone in the office's
scope is picked from a searchable list (htmx), pasted by identifier or read from an .xlsx; every problem is shown,
nothing written."""

import io
import zipfile

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from commendation.models import Decision
from conftest import client_for
from honours.models import FormAward, TitleAward

pytestmark = pytest.mark.django_db
URL = "commendation:decision_external"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def form(org, **extra):
    return {
        "issuing_unit": org.caqb.pk,
        "issuer_name": "Bộ trưởng Bộ Công an",
        "number": "4521",
        "symbol": "QĐ-BCA",
        "date": "20/11/2024",
        "year": "2024",
        "kind": "",
        "honour": "BK_BO",
        **extra,
    }


def xlsx_upload(*rows, name="danh-sach.xlsx"):
    book = openpyxl.Workbook()
    book.active.append(["Mã cán bộ hoặc mã đơn vị", "Mã danh hiệu, hình thức khen thưởng"])
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=XLSX)


def test_the_search_lists_people_and_units_of_the_scope_and_keeps_those_ticked(client, org, personas):
    client_for(client, personas.office)
    url = reverse("commendation:decision_external_search")

    found = client.get(url, {"q": "binh"}).content.decode()
    outside = client.get(url, {"q": "Hoa"}).content.decode()
    kept = client.get(url, {"q": "PH10", "people": [org.people.binh.pk, org.people.hoa.pk]}).content.decode()

    assert f'name="people" value="{org.people.binh.pk}"' in found and "Trần Thị Bình" in found
    assert "Đỗ Thị Hoa" not in outside and 'id="recipient-none"' in outside
    assert f'value="{org.people.binh.pk}" id="pick-person-{org.people.binh.pk}" checked' in kept
    assert f'name="units" value="{org.ph10.pk}"' in kept
    assert "Đỗ Thị Hoa" not in kept  # ticked from outside the scope: dropped
    client_for(client, personas.leader)
    assert client.get(url, {"q": "binh"}).status_code == 403


def test_the_page_offers_the_search_the_paste_and_the_file(client, org, personas):
    client_for(client, personas.office)

    page = client.get(reverse(URL)).content.decode()

    for text in ('id="recipient-q"', 'name="codes"', 'name="recipients_file"', 'name="honour"', 'name="year"'):
        assert text in page, text
    assert reverse("commendation:decision_external_search") in page


def test_picked_pasted_and_imported_recipients_are_recorded_in_one_decision(client, org, personas):
    client_for(client, personas.office)

    response = client.post(
        reverse(URL),
        form(
            org,
            people=[org.people.binh.pk],
            codes="QB000003\nCAQB-PH10; BK_BO_TT",
            recipients_file=xlsx_upload(["QB000004", "GK"]),
        ),
    )

    decision = Decision.objects.get()
    assert response.url == reverse("commendation:decision_detail", args=[decision.pk])
    assert (decision.external, decision.year, decision.status) == (True, 2024, Decision.Status.ISSUED)
    assert sorted(
        (a.person.full_name if a.person else a.unit.name, a.award_form.code)
        for a in FormAward.objects.select_related("person", "unit", "award_form")
    ) == [
        ("Lê Văn Cường", "BK_BO"),
        ("Phòng Hậu cần", "BK_BO_TT"),
        ("Phạm Quốc Dũng", "GK"),
        ("Trần Thị Bình", "BK_BO"),
    ]


def test_an_unknown_pasted_identifier_is_named_and_nothing_is_written(client, org, personas):
    client_for(client, personas.office)

    response = client.post(reverse(URL), form(org, codes="QB000002\nQB777777\nHY000001"))

    page = response.content.decode()
    assert response.status_code == 200
    assert "Không tìm thấy trong phạm vi của bạn (hoặc trùng mã đơn vị) các mã: QB777777, HY000001." in page
    assert Decision.objects.count() == FormAward.objects.count() == 0


def test_a_bad_row_of_the_file_is_shown_with_its_row_and_column(client, org, personas):
    client_for(client, personas.office)

    response = client.post(
        reverse(URL), form(org, honour="", recipients_file=xlsx_upload(["QB000002", "CSTT"], ["QB000003", "XYZ"]))
    )

    page = response.content.decode()
    assert "Chưa ghi nhận: 1 lỗi trong danh sách người, tập thể được khen thưởng." in page
    assert (
        "<li>Dòng 3, cột “Mã danh hiệu, hình thức khen thưởng”: Không có danh hiệu, hình thức khen thưởng mã XYZ.</li>"
        in page
    )
    assert Decision.objects.count() == TitleAward.objects.count() == 0


def test_a_hostile_or_foreign_file_is_refused_before_it_is_read(client, org, personas, settings):
    client_for(client, personas.office)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * 5_000_000)
    bomb = SimpleUploadedFile("bom.xlsx", buffer.getvalue(), content_type=XLSX)
    text = SimpleUploadedFile("danh-sach.csv", b"QB000002,BK_BO", content_type="text/csv")

    refused_bomb = client.post(reverse(URL), form(org, recipients_file=bomb)).content.decode()
    refused_csv = client.post(reverse(URL), form(org, recipients_file=text)).content.decode()

    assert "Tệp nén bất thường" in refused_bomb
    assert "Chỉ nhận tệp Excel định dạng .xlsx; tệp danh-sach.csv không phải tệp .xlsx." in refused_csv
    assert Decision.objects.count() == 0


def test_someone_picked_outside_the_scope_is_refused(client, org, personas):
    client_for(client, personas.office)

    page = client.post(reverse(URL), form(org, people=[org.people.hoa.pk])).content.decode()

    assert f"Không tìm thấy cán bộ {org.people.hoa.pk} hoặc cán bộ nằm ngoài phạm vi của bạn." in page
    assert Decision.objects.count() == 0


def test_a_decision_naming_nobody_is_refused(client, org, personas):
    client_for(client, personas.office)

    page = client.post(reverse(URL), form(org)).content.decode()

    assert "Cần chọn ít nhất một người, tập thể được khen thưởng." in page
    assert Decision.objects.count() == 0
