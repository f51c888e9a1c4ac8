"""The history import (issue 16): every kind of past fact from one Excel file, all or nothing, idempotent, with a
dry run; the imported titles change the engine's verdicts."""

import datetime
import io
import re
import zipfile

import openpyxl
import pytest
from django.urls import reverse

from audit.models import AuditEvent
from conftest import client_for
from eligibility import services
from eligibility.history import SHEETS, run_history_import, template_workbook
from eligibility.models import Discipline, Initiative, PendingCase
from honours.models import FormAward, TitleAward
from jobs.models import Job
from organisation.models import PersonRating, UnitRating

pytestmark = pytest.mark.django_db

HEADERS = {s.kind: [c.header for c in s.columns] for s in SHEETS}
NAMES = {s.kind: s.name for s in SHEETS}


def workbook(**rows) -> bytes:
    """A history file with the given kinds' rows (lists of cells in the template's column order)."""
    book = openpyxl.Workbook()
    book.active.title = "Hướng dẫn"
    for kind, lines in rows.items():
        sheet = book.create_sheet(NAMES[kind])
        sheet.append(HEADERS[kind])
        for line in lines:
            sheet.append(line)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


EVERY_KIND = {
    "person_ratings": [["QB000001", 2023, "HTXSNV"], ["QB000001", 2022, "Hoàn thành tốt nhiệm vụ"]],
    "unit_ratings": [["CAQB-PX03", 2023, "HTTNV"]],
    "titles": [
        ["QB000001", "", "CSTDCS", 2023, "Công an tỉnh Quảng Bình", "12/QĐ-CAT", "10/12/2023"],
        ["", "CAQB-PX03", "DVQT", 2023, "Bộ Công an", "345/QĐ-BCA", datetime.date(2024, 1, 15)],
    ],
    "forms": [["QB000003", "", "BK_BO", 2020, "", "Bộ Công an", "99/QĐ-BCA", "05/01/2021"]],
    "initiatives": [["QB000001", "Phần mềm quản lý hồ sơ", "Sáng kiến", "co_so", "01/06/2023", "CSTDCS", 2023]],
    "discipline": [["QB000004", "Khiển trách", "01/03/2022", "01/03/2023", "7/QĐ-CAT"]],
    "pending": [["QB000002", "inspection", "01/10/2025", "", "Thanh tra công vụ"]],
}


def counts() -> dict:
    return {
        "person_ratings": PersonRating.objects.count(),
        "unit_ratings": UnitRating.objects.count(),
        "titles": TitleAward.objects.count(),
        "forms": FormAward.objects.count(),
        "initiatives": Initiative.objects.count(),
        "discipline": Discipline.objects.count(),
        "pending": PendingCase.objects.count(),
    }


def summary(result) -> dict:
    return {k.kind: (k.new, k.changed, k.unchanged) for k in result.kinds}


def test_every_kind_is_imported_with_its_fields(org, personas):
    before = counts()  # Bình has three ratings from the fixture
    result = run_history_import(workbook(**EVERY_KIND), by=personas.office, dry_run=False)

    assert result.errors == []
    assert result.written and result.total == 9
    assert summary(result) == {
        "person_ratings": (2, 0, 0),
        "unit_ratings": (1, 0, 0),
        "titles": (2, 0, 0),
        "forms": (1, 0, 0),
        "initiatives": (1, 0, 0),
        "discipline": (1, 0, 0),
        "pending": (1, 0, 0),
    }
    assert {k: counts()[k] - before[k] for k in before} == dict.fromkeys(before, 1) | {
        "person_ratings": 2,
        "titles": 2,
    }
    an, px03 = org.people.an, org.px03
    assert dict(an.ratings.values_list("year", "rating")) == {2022: "HTTNV", 2023: "HTXSNV"}
    assert px03.ratings.get().rating == "HTTNV"
    cstdcs = TitleAward.objects.get(person=an)
    assert (cstdcs.title.code, cstdcs.year, cstdcs.decision_ref) == (
        "CSTDCS",
        2023,
        "12/QĐ-CAT ngày 10/12/2023, Công an tỉnh Quảng Bình",
    )
    assert TitleAward.objects.get(unit=px03).decision_ref == "345/QĐ-BCA ngày 15/01/2024, Bộ Công an"
    bk = FormAward.objects.get()
    assert (bk.person, bk.award_form.code, bk.year, bk.decided_on, bk.kind) == (
        org.people.cuong,
        "BK_BO",
        2020,
        datetime.date(2021, 1, 5),
        "merit",
    )
    initiative = Initiative.objects.get()
    assert (initiative.level, initiative.kind, initiative.used_for_title.code, initiative.used_year) == (
        "co_so",
        "sang_kien",
        "CSTDCS",
        2023,
    )
    discipline = Discipline.objects.get()
    assert (discipline.person, discipline.form, discipline.period_end) == (
        org.people.dung,
        "khien_trach",
        datetime.date(2023, 3, 1),
    )
    case = PendingCase.objects.get()
    assert (case.kind, case.opened_on, case.closed_on, case.note) == (
        "inspection",
        datetime.date(2025, 10, 1),
        None,
        "Thanh tra công vụ",
    )
    # One IMPORT audit row per person or unit whose history changed, naming each fact added.
    imported = AuditEvent.objects.filter(action=AuditEvent.Action.IMPORT, actor=personas.office)
    assert sorted(imported.values_list("object_type", "object_id")) == sorted(
        [("organisation.person", str(p.pk)) for p in (an, org.people.binh, org.people.cuong, org.people.dung)]
        + [("organisation.unit", str(px03.pk))]
    )
    assert imported.get(object_id=str(an.pk)).changes == {
        "person_ratings:2022": [None, {"rating": "HTTNV"}],
        "person_ratings:2023": [None, {"rating": "HTXSNV"}],
        "titles:CSTDCS/2023": [None, {"decision_ref": "12/QĐ-CAT ngày 10/12/2023, Công an tỉnh Quảng Bình"}],
        "initiatives:Phần mềm quản lý hồ sơ/2023-06-01": [
            None,
            {
                "kind": "sang_kien",
                "level": "co_so",
                "used_for_title": str(cstdcs.title_id),
                "used_for_form": None,
                "used_year": 2023,
            },
        ],
    }
    assert imported.get(object_id=str(an.pk)).object_repr == "Nguyễn Văn An (QB000001)"


def test_the_same_file_twice_changes_nothing_the_second_time(org, personas):
    data = workbook(**EVERY_KIND)
    run_history_import(data, by=personas.office, dry_run=False)
    before, audits = counts(), AuditEvent.objects.count()

    again = run_history_import(data, by=personas.office, dry_run=False)

    assert again.errors == []
    assert (again.new, again.changed, again.unchanged) == (0, 0, 9)
    assert counts() == before and AuditEvent.objects.count() == audits


def test_a_changed_row_updates_the_stored_fact_found_by_its_natural_key(org, personas):
    run_history_import(workbook(**EVERY_KIND), by=personas.office, dry_run=False)
    changed = {
        "person_ratings": [["QB000001", 2023, "HTTNV"]],
        "discipline": [["QB000004", "khien_trach", "01/03/2022", "01/06/2023", "7/QĐ-CAT"]],
    }
    result = run_history_import(workbook(**changed), by=personas.office, dry_run=False)

    assert summary(result) == {"person_ratings": (0, 1, 0), "discipline": (0, 1, 0)}
    assert org.people.an.ratings.get(year=2023).rating == "HTTNV"
    assert Discipline.objects.get().period_end == datetime.date(2023, 6, 1)
    audited = AuditEvent.objects.filter(action=AuditEvent.Action.IMPORT).order_by("-pk")
    assert audited[1].changes == {"person_ratings:2023": [{"rating": "HTXSNV"}, {"rating": "HTTNV"}]}
    assert audited[0].changes == {
        "discipline:khien_trach/2022-03-01": [{"period_end": "2023-03-01"}, {"period_end": "2023-06-01"}]
    }
    samples = {k.kind: k.samples for k in result.kinds}
    assert samples["person_ratings"] == [
        {
            "row": 2,
            "status": "changed",
            "cells": ["QB000001", "2023", "HTTNV"],
            "changes": {"rating": ["HTXSNV", "HTTNV"]},
        }
    ]


def test_a_dry_run_counts_and_shows_the_first_rows_but_writes_nothing(org, personas):
    before, audits = counts(), AuditEvent.objects.count()
    seen = []

    result = run_history_import(
        workbook(**EVERY_KIND), by=personas.office, dry_run=True, progress=lambda d, t: seen.append((d, t))
    )

    assert result.ok and result.dry_run and not result.written
    assert (result.new, result.changed, result.unchanged) == (9, 0, 0)
    assert counts() == before and AuditEvent.objects.count() == audits
    titles = next(k for k in result.kinds if k.kind == "titles")
    assert [s["row"] for s in titles.samples] == [2, 3]
    assert titles.samples[0]["status"] == "new"
    assert seen[0] == (0, 9) and seen[-1] == (9, 9)
    assert result.as_dict()["kinds"][0]["new"] == 2  # JSON-able, for a job queue


def test_errors_name_sheet_row_and_column_and_nothing_is_written(org, personas):
    before = counts()
    bad = {
        "person_ratings": [["QB000001", 2023, "HTXSNV"], ["QB000001", 2023, "Giỏi"], ["QB999999", 2023, "HTNV"]],
        "titles": [
            ["QB000001", "", "CSTDCS", 2023, "", "", ""],
            ["QB000002", "", "DVQT", 2023, "", "", ""],
            ["QB000002", "CAQB-PX03", "CSTT", 2023, "", "", ""],
            ["QB000002", "", "CSTT", 1900, "", "", ""],
        ],
        "discipline": [["QB000004", "canh_cao", "01/03/2022", "01/01/2022", ""]],
        "initiatives": [
            ["QB000001", "A", "", "bo", "31/02/2023", "", ""],
            ["QB000001", "B", "", "bo", "01/02/2023", "", 2023],
        ],
        "pending": [["QB000001", "complaint", "01/01/2025", "01/01/2024", ""]],
    }

    result = run_history_import(workbook(**bad), by=personas.office, dry_run=False)

    assert not result.written and counts() == before
    this_year = datetime.date.today().year
    assert [(e.sheet, e.row, e.column, e.message) for e in result.errors] == [
        (
            "Xếp loại cá nhân",
            3,
            "Xếp loại",
            "Giá trị không hợp lệ: Giỏi. Xem danh sách trong sheet Hướng dẫn.",
        ),
        ("Xếp loại cá nhân", 4, "Mã cán bộ", "Không tìm thấy cán bộ có mã QB999999."),
        (
            "Danh hiệu",
            3,
            "Mã danh hiệu",
            "Đơn vị Quyết thắng dành cho tập thể, không tặng cá nhân; ghi mã định danh đơn vị thay cho mã cán bộ.",
        ),
        (
            "Danh hiệu",
            4,
            "Mã cán bộ",
            "Ghi mã cán bộ (khen cá nhân) hoặc mã định danh đơn vị (khen tập thể), một trong hai.",
        ),
        ("Danh hiệu", 5, "Năm", f"Năm không hợp lệ: 1900. Ghi năm từ 1945 đến {this_year}."),
        ("Sáng kiến", 2, "Ngày công nhận", "Ngày không hợp lệ: 31/02/2023. Ghi theo dạng dd/mm/yyyy."),
        (
            "Sáng kiến",
            3,
            "Đã dùng để xét",
            "Ghi cả khen thưởng đã dùng sáng kiến và năm xét, hoặc để trống cả hai.",
        ),
        ("Kỷ luật", 2, "Hết thời hạn kỷ luật", "Ngày hết thời hạn kỷ luật phải sau ngày quyết định."),
        ("Việc đang xem xét", 2, "Kết thúc ngày", "Ngày kết thúc phải sau ngày bắt đầu."),
    ]
    assert result.as_dict()["errors"][0] == {
        "sheet": "Xếp loại cá nhân",
        "row": 3,
        "column": "Xếp loại",
        "message": "Giá trị không hợp lệ: Giỏi. Xem danh sách trong sheet Hướng dẫn.",
    }


def test_a_row_twice_in_the_file_is_an_error(org, personas):
    twice = {"person_ratings": [["QB000001", 2023, "HTXSNV"], ["QB000001", 2023, "HTNV"]]}
    result = run_history_import(workbook(**twice), by=personas.office, dry_run=False)
    assert [(e.row, e.column, e.message) for e in result.errors] == [
        (3, "Mã cán bộ", "Trùng với dòng 2 (cùng đối tượng, cùng nội dung).")
    ]
    assert not PersonRating.objects.filter(person=org.people.an).exists()


def test_a_missing_column_and_a_file_without_sheets_are_refused(org, personas):
    book = openpyxl.Workbook()
    book.active.title = "Xếp loại cá nhân"
    book.active.append(["Mã cán bộ", "Năm"])
    book.active.append(["QB000001", 2023])
    buffer = io.BytesIO()
    book.save(buffer)
    result = run_history_import(buffer.getvalue(), by=personas.office, dry_run=False)
    assert [(e.sheet, e.row, e.message) for e in result.errors] == [
        ("Xếp loại cá nhân", 1, "Thiếu cột: Xếp loại. Hãy dùng tệp mẫu của hệ thống.")
    ]
    empty = run_history_import(workbook(), by=personas.office, dry_run=False)
    assert empty.errors[0].message.startswith("Tệp không có sheet nào theo mẫu")
    not_xlsx = run_history_import(b"not a zip", by=personas.office, dry_run=True)
    assert [e.message for e in not_xlsx.errors] == ["Tệp không phải là tệp Excel (.xlsx) hợp lệ hoặc đã bị hỏng."]


def test_rows_outside_the_users_write_scope_are_refused(org, personas):
    # outsider: the emulation office of Hưng Yên; An serves in Quảng Bình.
    result = run_history_import(
        workbook(
            person_ratings=[["QB000001", 2023, "HTXSNV"], ["HY000001", 2023, "HTXSNV"]],
            unit_ratings=[["CAQB-PX03", 2023, "HTTNV"]],
        ),
        by=personas.outsider.pk,  # a user id, as a job queue passes it
        dry_run=False,
    )
    assert [(e.sheet, e.row, e.message) for e in result.errors] == [
        ("Xếp loại cá nhân", 2, "Cán bộ QB000001 thuộc đơn vị ngoài phạm vi bạn được phân quyền."),
        ("Xếp loại tập thể", 2, "Đơn vị CAQB-PX03 nằm ngoài phạm vi bạn được phân quyền."),
    ]
    assert not PersonRating.objects.filter(person=org.people.hoa).exists()
    # A read-only role writes nothing either.
    leader = run_history_import(
        workbook(person_ratings=[["QB000001", 2023, "HTXSNV"]]), by=personas.leader, dry_run=True
    )
    assert [e.message for e in leader.errors] == ["Cán bộ QB000001 thuộc đơn vị ngoài phạm vi bạn được phân quyền."]


def test_imported_titles_change_the_engines_verdicts(org, personas):
    an = org.people.an

    def verdict():
        evaluation = services.evaluate_scope(org.caqb, 2024)
        return evaluation.status("CSTD_BO", an.pk)

    assert verdict() == "not_eligible"
    history = {
        "person_ratings": [["QB000001", year, "HTXSNV"] for year in (2022, 2023, 2024)],
        "titles": [
            ["QB000001", "", "CSTDCS", year, "Công an tỉnh", f"{year}/QĐ-CAT", ""] for year in (2022, 2023, 2024)
        ],
        "initiatives": [["QB000001", "Đề án chuyển đổi số", "", "Cấp Bộ", "01/06/2024", "", ""]],
    }
    result = run_history_import(workbook(**history), by=personas.office, dry_run=False)
    assert result.ok
    assert verdict() == "eligible"


def test_the_template_has_a_guide_and_a_sheet_per_kind_with_its_headers(org):
    book = openpyxl.load_workbook(io.BytesIO(template_workbook()))
    assert book.sheetnames == ["Hướng dẫn", *NAMES.values()]
    assert [c.value for c in book["Danh hiệu"][1]] == HEADERS["titles"]
    guide = [row[0] for row in book["Hướng dẫn"].iter_rows(values_only=True)]
    assert "Hướng dẫn nhập lịch sử thi đua, khen thưởng từ Excel" in guide
    assert "Chiến sĩ thi đua cơ sở" in guide
    # The empty template imports as "no data", not as a crash.
    result = run_history_import(template_workbook(), by=None, dry_run=True)
    assert [e.message for e in result.errors] == ["Tệp không có dòng dữ liệu nào."]


def test_the_page_previews_then_imports(client, org, personas, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    office = client_for(client, personas.office)
    url = reverse("eligibility:history_import")
    page = office.get(url)
    assert page.status_code == 200
    assert 'id="nav-history_import" aria-current="page"' in page.content.decode()  # its own menu entry
    data = workbook(person_ratings=[["QB000001", 2023, "HTXSNV"]])

    preview = office.post(url, {"file": _upload(data), "dry_run": "1"})
    assert preview.status_code == 200
    assert "Xếp loại cá nhân" in preview.content.decode()
    assert not PersonRating.objects.filter(person=org.people.an).exists()

    assert "Xác nhận nhập tệp lich-su.xlsx" in preview.content.decode()
    # Confirmed: a job (run at once in the tests) whose page links to the import's result.
    confirmed = office.post(url, {"confirm": "1"})
    job = Job.objects.get()
    assert (confirmed.status_code, confirmed["Location"]) == (302, reverse("jobs:job_detail", args=[job.pk]))
    assert (job.kind, job.label, job.status) == (
        "history_import",
        "Nhập lịch sử thi đua, khen thưởng – lich-su.xlsx",
        "succeeded",
    )
    assert org.people.an.ratings.get(year=2023).rating == "HTXSNV"
    assert list(tmp_path.rglob("*.xlsx")) == []  # the kept file is deleted once imported
    job_page = office.get(confirmed["Location"]).content.decode()
    assert "Mới 1, thay đổi 0, không thay đổi 0." in job_page
    assert f'href="{url}?job={job.pk}"' in job_page
    done = office.get(url, {"job": job.pk}).content.decode()
    assert "Đã nhập xong 1 dòng." in done
    row = re.search(r'id="kind-person_ratings">(.*?)</tr>', done).group(1)
    assert re.findall(r">(\d+)<", row) == ["1", "0", "0"]
    # The kept file is gone: confirming again asks for the file.
    assert "Không còn tệp đã xem trước" in office.post(url, {"confirm": "1"}).content.decode()

    # Imported at once, without a preview: the same file changes nothing now.
    started = office.post(url, {"file": _upload(data)})
    assert started.status_code == 302
    again = office.get(Job.objects.get(pk=started["Location"].rstrip("/").rsplit("/", 1)[1]).link)
    assert again.status_code == 200
    assert re.search(
        r'id="kind-person_ratings"><th scope="row">Xếp loại cá nhân</th>(.*?)</tr>', again.content.decode()
    )
    row = re.search(r'id="kind-person_ratings">(.*?)</tr>', again.content.decode()).group(1)
    assert re.findall(r">(\d+)<", row) == ["0", "0", "1"]

    template = office.get(reverse("eligibility:history_template"))
    assert template.status_code == 200
    assert template["Content-Disposition"].endswith('mau-nhap-lich-su-thi-dua-khen-thuong.xlsx"')


def test_the_page_refuses_who_writes_nowhere(client, org, personas):
    assert client_for(client, personas.officer).get(reverse("eligibility:history_import")).status_code == 403


def test_api_import_202_with_its_job_then_errors_naming_rows(client, org, personas, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    office = client_for(client, personas.office)
    url = "/api/v1/awards/history/import"
    good = workbook(person_ratings=[["QB000001", 2023, "HTXSNV"]])

    dry = office.post(url, {"file": _upload(good), "dry_run": "true"})
    assert dry.status_code == 200, dry.content
    assert dry.json()["dry_run"] is True and dry.json()["new"] == 1
    assert not PersonRating.objects.filter(person=org.people.an).exists()

    created = office.post(url, {"file": _upload(good)})
    assert created.status_code == 202, created.content
    job = office.get(f"/api/v1/jobs/{created.json()['id']}").json()
    assert (job["kind"], job["status"], job["percent"]) == ("history_import", "succeeded", 100)
    result = job["result"]
    assert (result["written"], result["new"], result["kinds"][0]["kind"]) == (True, 1, "person_ratings")
    assert result["url"] == f"{reverse('eligibility:history_import')}?job={job['id']}"
    assert org.people.an.ratings.get(year=2023).rating == "HTXSNV"

    # Errors: the dry run answers 422 at once; the import's job fails with them, nothing written.
    bad_file = workbook(person_ratings=[["QB000001", 2023, "Giỏi"]])
    failed = office.post(url, {"file": _upload(bad_file)})
    assert failed.status_code == 202
    failed_job = office.get(f"/api/v1/jobs/{failed.json()['id']}").json()
    assert (failed_job["status"], failed_job["error"]) == (
        "failed",
        "Tệp có 1 lỗi; chưa ghi dữ liệu nào. Hãy sửa tệp rồi nhập lại.",
    )
    assert failed_job["result"]["errors"] == [
        {
            "sheet": "Xếp loại cá nhân",
            "row": 2,
            "column": "Xếp loại",
            "message": "Giá trị không hợp lệ: Giỏi. Xem danh sách trong sheet Hướng dẫn.",
        }
    ]
    assert org.people.an.ratings.get(year=2023).rating == "HTXSNV"
    bad = office.post(url, {"file": _upload(bad_file), "dry_run": "true"})
    assert bad.status_code == 422
    assert bad.json()["errors"] == [
        {
            "sheet": "Xếp loại cá nhân",
            "row": 2,
            "column": "Xếp loại",
            "detail": "Giá trị không hợp lệ: Giỏi. Xem danh sách trong sheet Hướng dẫn.",
        }
    ]
    not_xlsx = office.post(url, {"file": _upload(b"x", name="a.csv")})
    assert not_xlsx.status_code == 422 and not_xlsx.json()["detail"].startswith("file: ")

    template = office.get("/api/v1/awards/history/template")
    assert template.status_code == 200
    assert openpyxl.load_workbook(io.BytesIO(template.content)).sheetnames[0] == "Hướng dẫn"


def test_api_refuses_an_officer_and_an_outsiders_rows(client, org, personas, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    url = "/api/v1/awards/history/import"
    officer = client_for(client, personas.officer).post(
        url, {"file": _upload(workbook(person_ratings=[["QB000003", 2023, "HTNV"]]))}
    )
    assert officer.status_code == 403
    assert not Job.objects.exists()
    outsider = client_for(client, personas.outsider)
    data = workbook(person_ratings=[["QB000003", 2023, "HTNV"]])
    checked = outsider.post(url, {"file": _upload(data), "dry_run": "true"})
    assert checked.status_code == 422
    assert checked.json()["errors"][0]["detail"] == "Cán bộ QB000003 thuộc đơn vị ngoài phạm vi bạn được phân quyền."
    started = outsider.post(url, {"file": _upload(data)})
    job = Job.objects.get(pk=started.json()["id"])
    assert (started.status_code, job.status, job.result["errors"][0]["message"]) == (
        202,
        "failed",
        "Cán bộ QB000003 thuộc đơn vị ngoài phạm vi bạn được phân quyền.",
    )
    assert not PersonRating.objects.filter(person=org.people.cuong, year=2023).exists()


def _upload(data: bytes, name: str = "lich-su.xlsx"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(
        name, data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )


def test_a_zip_bomb_is_refused_before_it_is_read(org, personas):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"0" * 20_000_000)
    result = run_history_import(buffer.getvalue(), by=personas.office, dry_run=True)
    assert [(e.sheet, e.row) for e in result.errors] == [("", None)]
    assert result.errors[0].message.startswith("Tệp nén bất thường: giải nén ra 19.1 MB")


def test_the_page_lists_every_error_by_sheet_row_and_column(client, org, personas):
    office = client_for(client, personas.office)
    bad = workbook(person_ratings=[["QB000001", 2023, "Giỏi"]])
    page = office.post(reverse("eligibility:history_import"), {"file": _upload(bad), "dry_run": "1"})
    html = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page.content.decode()))
    assert "Tệp có 1 lỗi; chưa ghi dữ liệu nào. Hãy sửa tệp rồi nhập lại." in html
    assert "Xếp loại cá nhân 2 Xếp loại Giá trị không hợp lệ: Giỏi." in html
    assert "Xác nhận nhập tệp" not in html
    not_xlsx = office.post(reverse("eligibility:history_import"), {"file": _upload(b"x", name="a.csv")})
    assert "Chỉ nhận tệp Excel định dạng .xlsx" in not_xlsx.content.decode()
