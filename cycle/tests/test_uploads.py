import io
import re
import zipfile

import docx
import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from audit.models import AuditEvent
from cycle import uploads
from cycle.models import Report, ReportAttachment
from cycle.services import CycleError
from cycle.services import reports as services

PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def report(cycle, org):
    services.add_outline_section(cycle.block, heading="Kết quả thực hiện phong trào", by=None)
    return services.save_report_draft(cycle.block, unit=org.ph10, kind="mid_year", texts={}, by=cycle.ph10_officer)


def docx_bytes(text="Báo cáo sơ kết 6 tháng") -> bytes:
    document = docx.Document()
    document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def xlsx_bytes() -> bytes:
    workbook = openpyxl.Workbook()
    workbook.active.append(["Chỉ tiêu", "Kết quả"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def upload(name, content, content_type="application/octet-stream"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def stored_files(tmp_path):
    return sorted(p for p in tmp_path.rglob("*") if p.is_file())


def text(response):
    return re.sub(r"\s+", " ", response.content.decode())


# The check itself ---------------------------------------------------------------------------


def test_it_accepts_pdf_docx_and_xlsx_and_takes_the_type_from_the_content_check():
    assert uploads.check_upload(upload("bao-cao.pdf", PDF, "text/html")) == uploads.CheckedUpload(
        name="bao-cao.pdf", content_type="application/pdf", size=len(PDF)
    )
    assert uploads.check_upload(upload("Báo cáo.DOCX", docx_bytes())).content_type == DOCX_TYPE
    assert uploads.check_upload(upload("so-lieu.xlsx", xlsx_bytes())).content_type == XLSX_TYPE


def macro_docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(docx_bytes())) as source, zipfile.ZipFile(buffer, "w") as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "[Content_Types].xml":
                data = data.replace(b"document.main+xml", b"document.macroEnabled.main+xml")
            target.writestr(info, data)
        target.writestr("word/vbaProject.bin", b"\xd0\xcf\x11\xe0")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        (
            "bao-cao.html",
            "<html><body>Báo cáo</body></html>".encode(),
            "Chỉ nhận tệp PDF (.pdf), Word (.docx) hoặc Excel (.xlsx); tệp “bao-cao.html” không được nhận.",
        ),
        (
            "bao-cao.pdf",
            b"<!DOCTYPE html><html><script>alert(1)</script></html>",
            "Tệp “bao-cao.pdf” chứa HTML hoặc mã lệnh, không được nhận.",
        ),
        (
            "bao-cao.pdf",
            b"%PDF-1.4\n<html><body><script>alert(1)</script>",
            "Tệp “bao-cao.pdf” chứa HTML hoặc mã lệnh, không được nhận.",
        ),
        (
            "bao-cao.docx",
            b"MZ\x90\x00\x03\x00\x00\x00This program cannot be run in DOS mode",
            "Tệp “bao-cao.docx” là chương trình hoặc mã lệnh chạy được, không được nhận.",
        ),
        (
            "bao-cao.pdf",
            b"\x7fELF\x02\x01\x01\x00",
            "Tệp “bao-cao.pdf” là chương trình hoặc mã lệnh chạy được, không được nhận.",
        ),
        (
            "bao-cao.xlsx",
            b"#!/bin/sh\nrm -rf /\n",
            "Tệp “bao-cao.xlsx” là chương trình hoặc mã lệnh chạy được, không được nhận.",
        ),
        (
            "bao-cao.exe",
            b"MZ\x90\x00",
            "Chỉ nhận tệp PDF (.pdf), Word (.docx) hoặc Excel (.xlsx); tệp “bao-cao.exe” không được nhận.",
        ),
        (
            "bao-cao.doc",
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
            "Chỉ nhận tệp PDF (.pdf), Word (.docx) hoặc Excel (.xlsx); tệp “bao-cao.doc” không được nhận.",
        ),
        (
            "bao-cao.pdf",
            b"Just some text",
            "Nội dung tệp “bao-cao.pdf” không phải định dạng PDF như đuôi tệp; không được nhận.",
        ),
        (
            "bao-cao.docx",
            xlsx_bytes(),
            "Nội dung tệp “bao-cao.docx” không phải định dạng Word (.docx) như đuôi tệp; không được nhận.",
        ),
        (
            "bao-cao.xlsx",
            b"PK\x03\x04broken zip",
            "Nội dung tệp “bao-cao.xlsx” không phải định dạng Excel (.xlsx) như đuôi tệp; không được nhận.",
        ),
        (
            "bao-cao.docx",
            macro_docx(),
            "Tệp “bao-cao.docx” chứa macro, không được nhận; hãy lưu lại thành tệp .docx hoặc .xlsx thông thường.",
        ),
        ("../../etc/rỗng.pdf", b"", "Tệp “rỗng.pdf” rỗng."),
    ],
)
def test_it_refuses_what_is_not_a_real_pdf_docx_or_xlsx(name, content, message):
    with pytest.raises(uploads.UploadRefused) as refused:
        uploads.check_upload(upload(name, content))
    assert str(refused.value) == message


def test_the_size_limit_comes_from_the_setting(settings):
    settings.REPORT_UPLOAD_MAX_BYTES = 1024 * 1024
    with pytest.raises(CycleError) as refused:
        uploads.check_upload(upload("lon.pdf", PDF + b"0" * (1024 * 1024 + 512 * 1024)))
    assert str(refused.value) == "Tệp “lon.pdf” quá lớn (1,5 MB); dung lượng tối đa là 1 MB."


def test_the_default_size_limit_is_20_mb(settings):
    del settings.REPORT_UPLOAD_MAX_BYTES  # may not exist: the default applies
    assert uploads.max_bytes() == 20 * 1024 * 1024
    with pytest.raises(CycleError) as refused:
        uploads.check_upload(upload("lon.pdf", PDF + b"0" * (21 * 1024 * 1024 - len(PDF))))
    assert str(refused.value) == "Tệp “lon.pdf” quá lớn (21 MB); dung lượng tối đa là 20 MB."


def test_the_users_file_name_is_kept_as_data_only():
    assert uploads.clean_name("C:\\Users\\cb\\Báo cáo\x00 6 tháng.pdf") == "Báo cáo 6 tháng.pdf"
    assert uploads.clean_name("../../.htaccess") == "htaccess"


# Through the service ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("bao-cao.html", b"<html><body>x</body></html>"),
        ("bao-cao.pdf", b"<!doctype html><script>alert(1)</script>"),
        ("bao-cao.docx", b"MZ\x90\x00\x03\x00"),
    ],
)
def test_a_refused_file_leaves_no_row_no_file_and_no_audit(report, cycle, tmp_path, name, content):
    audit_before = AuditEvent.objects.count()
    with pytest.raises(CycleError):
        services.add_attachment(report, upload(name, content), by=cycle.ph10_officer)
    assert ReportAttachment.objects.count() == 0
    assert stored_files(tmp_path) == []
    assert AuditEvent.objects.count() == audit_before


def test_an_oversize_file_leaves_nothing(report, cycle, tmp_path, settings):
    settings.REPORT_UPLOAD_MAX_BYTES = 512 * 1024
    with pytest.raises(CycleError) as refused:
        services.add_attachment(report, upload("lon.pdf", b"0" * 600 * 1024), by=cycle.ph10_officer)
    assert str(refused.value) == "Tệp “lon.pdf” quá lớn (600 KB); dung lượng tối đa là 512 KB."
    assert (ReportAttachment.objects.count(), stored_files(tmp_path)) == (0, [])


def test_a_good_file_is_stored_under_a_random_name(report, cycle, tmp_path):
    attachment = services.add_attachment(report, upload("Báo cáo sơ kết.docx", docx_bytes()), by=cycle.ph10_officer)
    assert (attachment.original_name, attachment.content_type, attachment.uploaded_by) == (
        "Báo cáo sơ kết.docx",
        DOCX_TYPE,
        cycle.ph10_officer,
    )
    [path] = stored_files(tmp_path)
    assert re.fullmatch(r"reports/2019/[0-9a-f]{32}", path.relative_to(tmp_path).as_posix())
    assert path.read_bytes() == docx_bytes()
    assert AuditEvent.objects.filter(object_type="cycle.reportattachment", action="create").count() == 1


def test_files_cannot_be_added_or_removed_once_submitted(report, cycle, tmp_path):
    attachment = services.add_attachment(report, upload("a.pdf", PDF), by=cycle.ph10_officer)
    services.submit_report(report, by=cycle.ph10_officer)
    with pytest.raises(CycleError) as refused:
        services.add_attachment(report, upload("b.pdf", PDF), by=cycle.ph10_officer)
    assert str(refused.value) == "Báo cáo đã nộp, đang chờ khối trưởng xem xét; không sửa được."
    with pytest.raises(CycleError):
        services.remove_attachment(attachment, by=cycle.ph10_officer)
    assert len(stored_files(tmp_path)) == 1


def test_removing_a_file_deletes_it_after_commit(report, cycle, tmp_path, django_capture_on_commit_callbacks):
    attachment = services.add_attachment(report, upload("a.pdf", PDF), by=cycle.ph10_officer)
    with django_capture_on_commit_callbacks(execute=True):
        services.remove_attachment(attachment, by=cycle.ph10_officer)
    assert (ReportAttachment.objects.count(), stored_files(tmp_path)) == (0, [])


# Through the views -----------------------------------------------------------------------------


def test_the_unit_uploads_through_the_page(client, report, cycle, tmp_path):
    client.force_login(cycle.ph10_officer)
    response = client.post(
        reverse("cycle:attachment_upload", args=[report.pk]),
        {"file": upload("bao-cao.pdf", PDF, "application/pdf")},
        follow=True,
    )
    assert response.redirect_chain == [
        (reverse("cycle:report_edit", args=[report.block_id, "mid_year", report.unit_id]), 302)
    ]
    assert "Đã đính kèm “bao-cao.pdf”." in text(response)
    assert list(report.attachments.values_list("original_name", "content_type")) == [("bao-cao.pdf", "application/pdf")]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        (
            "trang.html",
            b"<html></html>",
            "Chỉ nhận tệp PDF (.pdf), Word (.docx) hoặc Excel (.xlsx); tệp “trang.html” không được nhận.",
        ),
        (
            "bao-cao.pdf",
            b"<html><script>alert(1)</script></html>",
            "Tệp “bao-cao.pdf” chứa HTML hoặc mã lệnh, không được nhận.",
        ),
        ("bao-cao.docx", b"MZ\x90\x00", "Tệp “bao-cao.docx” là chương trình hoặc mã lệnh chạy được, không được nhận."),
        ("lon.pdf", PDF + b"0" * (1024 * 1024), "Tệp “lon.pdf” quá lớn (1,0 MB); dung lượng tối đa là 1 MB."),
    ],
)
def test_the_page_shows_why_a_file_was_refused(client, report, cycle, tmp_path, settings, name, content, message):
    settings.REPORT_UPLOAD_MAX_BYTES = 1024 * 1024
    client.force_login(cycle.ph10_officer)
    response = client.post(
        reverse("cycle:attachment_upload", args=[report.pk]), {"file": upload(name, content)}, follow=True
    )
    assert re.findall(r'<div class="alert [^"]*msg-error"[^>]*>(.*?)</div>', text(response)) == [message]
    assert (ReportAttachment.objects.count(), stored_files(tmp_path)) == (0, [])


def test_other_members_read_only_roles_and_outsiders_cannot_upload(client, report, cycle, personas):
    url = reverse("cycle:attachment_upload", args=[report.pk])
    statuses = []
    for user in (cycle.pv01_commander, personas.unit_officer, personas.council, personas.outsider):
        client.force_login(user)
        statuses.append(client.post(url, {"file": upload("a.pdf", PDF)}).status_code)
    assert statuses == [404, 403, 403, 404]  # another member does not even read the report
    assert ReportAttachment.objects.count() == 0


@pytest.fixture
def pdf_attachment(report, cycle):
    return services.add_attachment(report, upload("Báo cáo 6 tháng.pdf", PDF, "text/html"), by=cycle.ph10_officer)


def test_the_download_is_an_attachment_with_the_checked_type(client, pdf_attachment, cycle):
    client.force_login(cycle.ph10_officer)
    response = client.get(reverse("cycle:attachment_download", args=[pdf_attachment.pk]))
    assert response.status_code == 200
    assert (response["Content-Type"], response["X-Content-Type-Options"]) == ("application/pdf", "nosniff")
    assert response["Content-Disposition"] == "attachment; filename*=utf-8''B%C3%A1o%20c%C3%A1o%206%20th%C3%A1ng.pdf"
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert b"".join(response.streaming_content) == PDF


def test_who_may_download(client, pdf_attachment, cycle, personas):
    url = reverse("cycle:attachment_download", args=[pdf_attachment.pk])
    statuses = {}
    for user in (
        cycle.ph10_officer,
        personas.unit_officer,
        personas.office,
        personas.council,
        personas.admin,
        cycle.pv01_commander,
        personas.officer,
        personas.outsider,
    ):
        client.force_login(user)
        statuses[user.username] = client.get(url).status_code
    assert statuses == {
        "ph10_officer": 200,  # the unit itself
        "unit_officer": 200,  # the leader unit (PX03)
        "office": 200,  # the manager
        "council": 200,  # a read role over the province
        "admin": 200,
        "pv01_commander": 404,  # another member of the block: outside its scope
        "officer": 404,  # a plain officer of PX03: sees the block, not PH10's report
        "outsider": 404,
    }


def test_a_missing_attachment_is_404(client, cycle):
    client.force_login(cycle.ph10_officer)
    assert client.get(reverse("cycle:attachment_download", args=[999])).status_code == 404


def test_the_unit_removes_a_file_before_submitting(
    client, pdf_attachment, cycle, tmp_path, django_capture_on_commit_callbacks
):
    client.force_login(cycle.ph10_officer)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("cycle:attachment_delete", args=[pdf_attachment.pk]), follow=True)
    assert "Đã gỡ tệp “Báo cáo 6 tháng.pdf”." in text(response)
    assert (ReportAttachment.objects.count(), stored_files(tmp_path)) == (0, [])
    assert Report.objects.get().status == "draft"
