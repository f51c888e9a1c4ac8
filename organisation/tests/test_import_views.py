import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from audit.models import AuditEvent
from jobs.models import Job
from jobs.tests.worker import drain
from organisation.models import ImportJob, Person, Unit

UNIT_HEADER = [
    "Mã định danh",
    "Mã đơn vị",
    "Tên đơn vị",
    "Tên viết tắt",
    "Cấp/loại",
    "Mã định danh đơn vị cấp trên",
    "Hiệu lực từ",
    "Hiệu lực đến",
]
PEOPLE_HEADER = [
    "Mã cán bộ",
    "Họ và tên",
    "Ngày sinh",
    "Giới tính",
    "Cấp bậc",
    "Chức vụ",
    "Ngày vào ngành",
    "Mã định danh đơn vị",
    "Ngày đến đơn vị",
]
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def xlsx(header, rows) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def upload(name, content):
    return SimpleUploadedFile(name, content, content_type=XLSX_TYPE)


def unit_file(*rows):
    return upload("don-vi.xlsx", xlsx(UNIT_HEADER, rows))


def job_of(user, **fields):
    return ImportJob.objects.create(
        kind="units", file="imports/2025/06/x.xlsx", original_name="x.xlsx", created_by=user, **fields
    )


def test_the_start_page_offers_both_templates(client, personas):
    client.force_login(personas.office)

    response = client.get(reverse("organisation:import_start"))

    assert response.status_code == 200
    assert response.context["nav"] == "import"
    content = response.content.decode()
    assert content.count('href="/import/template/units.xlsx"') == 1
    assert content.count('href="/import/template/people.xlsx"') == 1
    assert content.count('enctype="multipart/form-data"') == 1


def test_a_read_only_persona_may_not_start_an_import(client, personas):
    client.force_login(personas.leader)

    assert client.get(reverse("organisation:import_start")).status_code == 403
    assert client.post(reverse("organisation:import_start"), {"kind": "units", "file": unit_file()}).status_code == 403
    assert ImportJob.objects.count() == 0


def test_an_anonymous_visitor_is_sent_to_the_login_page(client, org):
    response = client.get(reverse("organisation:import_start"))

    assert (response.status_code, response.url) == (302, "/login/?next=/import/")


def test_a_good_file_is_imported_and_its_counts_shown(client, personas):
    client.force_login(personas.office)
    row = ["CAQB-PX01", "PX01", "Phòng Tham mưu", "", "room", "CAQB", "01/08/2018", None]

    response = client.post(reverse("organisation:import_start"), {"kind": "units", "file": unit_file(row)})

    job = ImportJob.objects.get()
    assert (response.status_code, response.url) == (302, f"/import/{job.pk}/")
    assert (
        job.status,
        job.total_rows,
        job.processed_rows,
        job.created_count,
        job.updated_count,
        job.unchanged_count,
        job.errors,
        job.original_name,
        job.created_by,
    ) == ("done", 1, 1, 1, 0, 0, [], "don-vi.xlsx", personas.office)
    assert Unit.objects.get(ref="CAQB-PX01").parent == personas.office.grants.get().unit
    page = client.get(response.url)
    assert page.status_code == 200
    content = page.content.decode()
    assert content.count('<tr><th scope="row">Tạo mới</th><td>1</td></tr>') == 1
    assert content.count('<tr><th scope="row">Không thay đổi</th><td>0</td></tr>') == 1
    assert content.count("hx-trigger") == 0


def test_a_file_with_errors_shows_every_error_and_writes_nothing(client, personas):
    client.force_login(personas.office)
    units, audit_rows = Unit.objects.count(), AuditEvent.objects.count()
    rows = [
        ["CAQB-PX01", "PX01", "Phòng Tham mưu", "", "phòng", "CAQB", None, None],
        ["CAQB-PX02", "PX02", "Phòng Hai", "", "room", "CAQB", "1/1/2020", "ngày mai"],
    ]

    response = client.post(reverse("organisation:import_start"), {"kind": "units", "file": unit_file(*rows)})

    job = ImportJob.objects.get()
    assert (job.status, job.created_count, job.errors) == (
        "failed",
        0,
        [
            {
                "row": 2,
                "column": "Cấp/loại",
                "message": "Cấp/loại đơn vị không hợp lệ: phòng. Xem danh sách trong sheet Hướng dẫn.",
            },
            {"row": 3, "column": "Hiệu lực đến", "message": "Ngày không hợp lệ: ngày mai. Ghi theo dạng dd/mm/yyyy."},
        ],
    )
    assert (Unit.objects.count(), AuditEvent.objects.count()) == (units, audit_rows)
    content = client.get(response.url).content.decode()
    assert (
        content.count(
            "<tr><td>2</td><td>Cấp/loại</td><td>Cấp/loại đơn vị không hợp lệ: phòng. "
            "Xem danh sách trong sheet Hướng dẫn.</td></tr>"
        )
        == 1
    )
    assert (
        content.count(
            "<tr><td>3</td><td>Hiệu lực đến</td><td>Ngày không hợp lệ: ngày mai. Ghi theo dạng dd/mm/yyyy.</td></tr>"
        )
        == 1
    )
    assert content.count('<th scope="col">Dòng</th><th scope="col">Cột</th><th scope="col">Lỗi</th>') == 1


def test_a_file_that_is_not_xlsx_is_refused_with_a_vietnamese_message(client, personas):
    client.force_login(personas.office)
    csv = SimpleUploadedFile("can-bo.csv", b"ma,ten\nQB1,An\n", content_type="text/csv")

    response = client.post(reverse("organisation:import_start"), {"kind": "people", "file": csv})

    assert response.status_code == 200
    assert response.context["form"].errors == {
        "file": ["Chỉ nhận tệp Excel định dạng .xlsx; tệp can-bo.csv không phải tệp .xlsx."]
    }
    assert response.content.decode().count("Chỉ nhận tệp Excel định dạng .xlsx") == 1
    assert ImportJob.objects.count() == 0


def test_a_damaged_xlsx_fails_with_one_clear_error(client, personas):
    client.force_login(personas.office)

    client.post(
        reverse("organisation:import_start"), {"kind": "people", "file": upload("can-bo.xlsx", b"PK\x03\x04 hong")}
    )

    job = ImportJob.objects.get()
    assert (job.status, job.errors) == (
        "failed",
        [{"row": None, "column": "", "message": "Tệp không phải là tệp Excel (.xlsx) hợp lệ hoặc đã bị hỏng."}],
    )


def test_a_file_over_the_size_limit_is_refused(client, personas, settings):
    settings.IMPORT_MAX_BYTES = 1024 * 1024
    client.force_login(personas.office)

    response = client.post(
        reverse("organisation:import_start"), {"kind": "units", "file": upload("lon.xlsx", b"\0" * (1024 * 1024 + 1))}
    )

    assert response.context["form"].errors == {"file": ["Tệp quá lớn (1.0 MB); dung lượng tối đa là 1.0 MB."]}
    assert ImportJob.objects.count() == 0


@pytest.mark.parametrize(
    ("kind", "header", "filename"),
    [
        ("units", UNIT_HEADER, "mau-nhap-don-vi.xlsx"),
        ("people", PEOPLE_HEADER, "mau-nhap-can-bo.xlsx"),
    ],
)
def test_the_template_downloads_with_the_expected_columns(client, personas, kind, header, filename):
    client.force_login(personas.office)

    response = client.get(reverse("organisation:import_template", args=[kind]))

    assert response.status_code == 200
    assert response["Content-Type"] == XLSX_TYPE
    assert response["Content-Disposition"] == f'attachment; filename="{filename}"'
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames[1] == "Hướng dẫn"
    data = workbook.worksheets[0]
    assert [list(row) for row in data.iter_rows(values_only=True)] == [header]
    guide = [row[0] for row in workbook["Hướng dẫn"].iter_rows(values_only=True)]
    assert [name for name in header if name in guide] == header


def test_the_units_template_guide_lists_every_kind_and_an_example(client, personas):
    client.force_login(personas.office)

    workbook = openpyxl.load_workbook(
        io.BytesIO(client.get(reverse("organisation:import_template", args=["units"])).content)
    )

    rows = [tuple(row) for row in workbook["Hướng dẫn"].iter_rows(values_only=True)]
    example = rows[rows.index(tuple(UNIT_HEADER)) + 1]
    assert example == (
        "CAQB-PX03",
        "PX03",
        "Phòng Công tác đảng và công tác chính trị",
        "PX03",
        "Đơn vị cấp Phòng",
        "CAQB",
        "01/08/2018",
        None,
    )
    assert [row[:2] for row in rows if row[1] in {value for value, _label in Unit.Kind.choices}] == [
        (str(label), value) for value, label in Unit.Kind.choices
    ]


def test_an_unknown_template_is_not_found(client, personas):
    client.force_login(personas.office)

    assert client.get(reverse("organisation:import_template", args=["awards"])).status_code == 404


def test_an_outsider_gets_404_on_another_users_job(client, personas):
    job = job_of(personas.office, status="done")

    client.force_login(personas.outsider)
    assert client.get(reverse("organisation:import_status", args=[job.pk])).status_code == 404
    client.force_login(personas.unit_officer)
    assert client.get(reverse("organisation:import_status", args=[job.pk])).status_code == 404
    client.force_login(personas.admin)
    assert client.get(reverse("organisation:import_status", args=[job.pk])).status_code == 200


def test_a_running_job_polls_itself_with_a_progress_bar(client, personas):
    job = job_of(personas.office, status="running", total_rows=600, processed_rows=250)
    client.force_login(personas.office)

    page = client.get(reverse("organisation:import_status", args=[job.pk])).content.decode()
    fragment = client.get(reverse("organisation:import_status", args=[job.pk]), HTTP_HX_REQUEST="true").content.decode()

    assert page.count("<html") == 1
    assert fragment.count("<html") == 0
    expected = f'<section id="import-job" class="card card-body mb-3" hx-get="/import/{job.pk}/" hx-trigger="every 1s" hx-swap="outerHTML">'
    assert (page.count(expected), fragment.count(expected)) == (1, 1)
    assert fragment.count('<progress class="w-100" max="600" value="250"></progress>') == 1
    assert fragment.count("Đã kiểm tra 250 / 600 dòng") == 1


@pytest.mark.django_db(transaction=True)
def test_in_the_background_the_import_is_a_job_that_a_worker_runs(client, personas, settings):
    settings.IMPORT_IN_BACKGROUND = True
    client.force_login(personas.office)
    row = ["QB000101", "Hoàng Văn Minh", "02/03/1990", "Nam", "Thượng úy", "", "01/09/2012", "CAQB-PX03", None]

    client.post(
        reverse("organisation:import_start"),
        {"kind": "people", "file": upload("can-bo.xlsx", xlsx(PEOPLE_HEADER, [row]))},
    )
    imported = ImportJob.objects.get()
    queued = (imported.status, Job.objects.get().status)
    drain()
    imported.refresh_from_db()
    job = Job.objects.get()

    assert queued == ("pending", "queued")
    assert (imported.status, imported.created_count) == ("done", 1)
    assert Person.objects.get(ident="QB000101").unit_id == personas.unit_officer.grants.get().unit_id
    assert (job.kind, job.label, job.started_by, job.status, job.args) == (
        "import",
        "Nhập Excel: Cán bộ – can-bo.xlsx",
        personas.office,
        "succeeded",
        {"import_job_id": imported.pk},
    )
    assert job.result == {
        "url": f"/import/{imported.pk}/",
        "import": imported.pk,
        "summary": "Tạo mới 1, cập nhật 0, không thay đổi 0.",
    }


@pytest.mark.django_db(transaction=True)
def test_in_the_background_a_file_with_errors_fails_its_job_with_the_count(client, personas, settings):
    settings.IMPORT_IN_BACKGROUND = True
    client.force_login(personas.office)
    row = ["QB000101", "", "31/02/1990", "Nam", "Thượng úy", "", "01/09/2012", "CAQB-PX03", None]

    client.post(
        reverse("organisation:import_start"),
        {"kind": "people", "file": upload("can-bo.xlsx", xlsx(PEOPLE_HEADER, [row]))},
    )
    drain()
    imported, job = ImportJob.objects.get(), Job.objects.get()

    assert (imported.status, [(e["row"], e["column"]) for e in imported.errors], job.status) == (
        "failed",
        [(2, "Họ và tên"), (2, "Ngày sinh")],
        "failed",
    )
    assert job.error == "Tệp có 2 lỗi; chưa ghi dữ liệu nào. Hãy sửa tệp rồi nhập lại."
    assert job.result == {"url": f"/import/{imported.pk}/", "import": imported.pk}
    assert not Person.objects.filter(ident="QB000101").exists()


def test_a_job_whose_background_run_crashes_is_marked_failed_not_left_running(
    personas, monkeypatch, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    from django.core.files.base import ContentFile

    from jobs import services as job_services
    from organisation.imports import jobs

    imported = ImportJob.objects.create(
        kind="units",
        file=ContentFile(b"x", name="a.xlsx"),
        original_name="a.xlsx",
        created_by=personas.office,
        status=ImportJob.Status.RUNNING,
    )
    job = job_services.enqueue("import", jobs.import_file, by=personas.office, label="x", import_job_id=imported.pk)

    def crash(*args, **kwargs):
        raise RuntimeError("disk gone")

    monkeypatch.setattr(jobs, "run_import", crash)
    with pytest.raises(RuntimeError):
        job_services.run_job(job.pk)
    imported.refresh_from_db()
    job.refresh_from_db()
    assert (imported.status, [e["message"] for e in imported.errors]) == (
        "failed",
        ["Lỗi hệ thống khi nhập tệp; xin thử lại hoặc báo quản trị."],
    )
    assert (job.status, job.error) == ("failed", "RuntimeError: disk gone")
