"""The rubric: the .xlsx round trip, a bad file rejected whole with row-level reasons, copy from last year,
versions, and the .xlsx score sheets and .docx summary."""

import io
from decimal import Decimal

import docx
import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from conftest import client_for
from cycle.services import blocks
from scoring import exports, imports
from scoring.models import Rubric, Sheet
from scoring.services import ScoringError, rounds, rubrics
from scoring.services.rounds import sheet_for
from scoring.tests.conftest import criterion_rows
from scoring.tests.test_rounds import FULL, fill


def _shape(rubric):
    return (
        rubric.bonus_cap,
        rubric.floor,
        [(r.code, r.parent, r.title, r.kind, r.max_points, r.description, r.evidence) for r in rubrics.rows_of(rubric)],
    )


def _other_block(cycle):
    """A second block of the same year with no rubric yet."""
    block = cycle.block
    return blocks.create_block(
        by=None, members=[], year=block.year, kind=block.kind, name="Khối Tham mưu", managed_by=block.managed_by
    )


def test_exporting_then_importing_gives_the_same_rubric(rubric, cycle, personas):
    data = exports.rubric_xlsx(rubric)
    other = rubrics.create_rubric(_other_block(cycle), by=personas.office)

    outcome = imports.import_rubric(other, io.BytesIO(data), by=personas.office, name="bang.xlsx")

    assert outcome.errors == []
    other.refresh_from_db()
    assert _shape(other) == _shape(rubric)


def test_descriptions_and_evidence_survive_the_round_trip(draft, personas, cycle):
    criterion = draft.criteria.get(code="I.1")
    rubrics.update_criterion(
        criterion,
        by=personas.unit_officer,
        description="Đủ 20 điểm khi ban hành kế hoạch\nvà báo cáo kết quả",
        evidence="Kế hoạch; báo cáo",
    )
    draft = rubrics.update_rubric(draft, by=personas.unit_officer, bonus_cap=Decimal("7.5"), floor=Decimal("-5"))
    other = rubrics.create_rubric(_other_block(cycle), by=personas.office)

    imports.import_rubric(other, exports.rubric_xlsx(draft), by=personas.office)

    other.refresh_from_db()
    draft.refresh_from_db()
    assert _shape(other) == _shape(draft)
    assert other.criteria.get(code="I.1").description == "Đủ 20 điểm khi ban hành kế hoạch\nvà báo cáo kết quả"


def _file(rows, settings=(("Điểm thưởng tối đa", 10),)) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Tiêu chí"
    sheet.append(
        ["Số hiệu", "Thuộc mục", "Nội dung tiêu chí", "Loại", "Điểm tối đa", "Hướng dẫn chấm", "Minh chứng cần có"]
    )
    for row in rows:
        sheet.append(row)
    params = book.create_sheet("Thông số")
    params.append(["Thông số", "Giá trị"])
    for row in settings:
        params.append(list(row))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_a_bad_file_is_rejected_whole_with_row_level_reasons(draft, personas):
    before = _shape(draft)
    data = _file(
        [
            ["I", "", "Xây dựng Đảng", "Chấm điểm", 40],
            ["1", "I", "Quán triệt nghị quyết", "", "hai mươi"],
            ["2", "X", "Tiêu chí thiếu mục cha", "", 10],
            ["1", "I", "Trùng số hiệu", "", 5],
            ["T", "", "Điểm thưởng", "Thưởng thêm", 10],
            ["T.1", "I", "Khen đột xuất", "Điểm thưởng", 2.555],
            ["3", "I", "", "", 5],
        ],
        settings=(("Điểm thưởng tối đa", -1),),
    )

    outcome = imports.import_rubric(draft, data, by=personas.unit_officer)

    assert [(e.row, e.column, e.message) for e in outcome.errors] == [
        (3, "Điểm tối đa", "Không phải là số: hai mươi."),
        (6, "Loại", "Loại không hợp lệ: Thưởng thêm. Ghi Chấm điểm, Điểm thưởng hoặc Điểm trừ."),
        (7, "Điểm tối đa", "Chỉ được có tối đa 2 chữ số thập phân."),
        (8, "Nội dung tiêu chí", "Không được để trống."),
        (2, "Điểm thưởng tối đa", "Phải từ 0 đến 1000."),
    ]
    draft.refresh_from_db()
    assert _shape(draft) == before


def test_tree_problems_are_reported_by_row(draft, personas):
    data = _file(
        [
            ["I", "", "Xây dựng Đảng", "Chấm điểm", 40],
            ["2", "X", "Tiêu chí thiếu mục cha", "", 10],
            ["2", "I", "Trùng số hiệu", "", 5],
            ["T", "", "Điểm thưởng", "Điểm thưởng", 10],
            ["T.1", "T", "Khen đột xuất", "Điểm trừ", 2],
        ]
    )

    outcome = imports.import_rubric(draft, data, by=personas.unit_officer)

    assert [(e.row, e.column, e.message) for e in outcome.errors] == [
        (3, "Thuộc mục", "Tiêu chí cha X không có ở các dòng phía trên."),
        (4, "Số hiệu", "Số hiệu 2 bị trùng."),
        (6, "Loại", "Loại phải giống loại của tiêu chí cha T (Điểm thưởng)."),
    ]


def test_a_file_that_is_not_excel_is_refused(draft, personas):
    outcome = imports.import_rubric(draft, b"not a workbook", by=personas.unit_officer)

    assert [(e.row, e.message) for e in outcome.errors] == [
        (None, "Tệp không phải là tệp Excel (.xlsx) hợp lệ hoặc đã bị hỏng.")
    ]


def test_an_open_rubric_cannot_be_imported_into(rubric, personas):
    with pytest.raises(ScoringError, match="Bảng tiêu chí đã khoá"):
        imports.import_rubric(rubric, exports.rubric_xlsx(rubric), by=personas.unit_officer)


def test_the_import_page_lists_the_errors_and_writes_nothing(client, draft, personas):
    response = client_for(client, personas.unit_officer).post(
        f"/rubrics/{draft.pk}/import/", {"file": _upload(_file([["I", "", "", "", 10]]))}
    )

    page = response.content.decode()
    assert "Tệp có 1 lỗi; chưa ghi dữ liệu nào. Hãy sửa tệp rồi nhập lại." in page
    assert "<td>2</td><td>Nội dung tiêu chí</td><td>Không được để trống.</td>" in page
    assert draft.criteria.count() == 14


def _upload(data: bytes):
    return SimpleUploadedFile("bang-tieu-chi.xlsx", data, exports.XLSX)


def test_the_template_documents_every_column(client, personas, db):
    response = client_for(client, personas.officer).get("/scoring/rubric-template.xlsx")

    book = openpyxl.load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["Tiêu chí", "Thông số", "Hướng dẫn"]
    assert [c.value for c in book["Tiêu chí"][1]] == [
        "Số hiệu",
        "Thuộc mục",
        "Nội dung tiêu chí",
        "Loại",
        "Điểm tối đa",
        "Hướng dẫn chấm",
        "Minh chứng cần có",
    ]
    guide = [row[0] for row in book["Hướng dẫn"].iter_rows(values_only=True)]
    assert [h for h in imports.COLUMNS if h.header not in guide] == []


def test_starting_next_year_carries_the_rubric_as_an_unlocked_copy(rubric, cycle, personas):
    nxt = blocks.copy_block_to_next_year(cycle.block, by=personas.office)

    copied = Rubric.objects.current_for(nxt)

    assert (copied.block, copied.version, copied.status) == (nxt, 1, Rubric.Status.DRAFT)
    assert _shape(copied) == _shape(rubric)
    assert (Rubric.objects.current_for(cycle.block), rubric.status) == (rubric, Rubric.Status.OPEN)


def test_a_block_without_a_rubric_starts_next_year_without_one(cycle, personas):
    nxt = blocks.copy_block_to_next_year(cycle.block, by=personas.office)

    assert Rubric.objects.filter(block=nxt).count() == 0


def test_next_year_starts_again_from_last_years_rubric(rubric, cycle, personas):
    nxt = blocks.copy_block_to_next_year(cycle.block, by=None)

    copied = rubrics.copy_rubric_from_previous_year(nxt, by=personas.office)

    assert (copied.block, copied.version, copied.status) == (nxt, 1, Rubric.Status.DRAFT)
    assert _shape(copied) == _shape(rubric)


def test_a_new_version_is_a_draft_copy_and_the_old_scores_stay_with_theirs(rubric, leaf, org, personas):
    fill(sheet_for(rubric, org.px03, Sheet.Round.SELF), leaf, {"I.1": 10}, personas.unit_officer)

    v2 = rubrics.revise_rubric(rubric, by=personas.unit_officer)

    assert (v2.version, v2.status, Rubric.objects.current_for(rubric.block)) == (2, Rubric.Status.DRAFT, v2)
    assert _shape(v2) == _shape(rubric)
    assert rubric.sheets.get().scores.count() == 1 and v2.sheets.count() == 0


def test_the_score_sheets_and_the_summary_are_exported(rubric, leaf, org, cycle, personas):
    rounds.assign_cross_scorers(rubric, by=personas.unit_officer)
    fill(sheet_for(rubric, org.px03, Sheet.Round.SELF), leaf, FULL, personas.unit_officer)
    fill(sheet_for(rubric, org.px03, Sheet.Round.CROSS, org.ph10), leaf, FULL | {"I.1": 14}, cycle.ph10_officer)

    book = openpyxl.load_workbook(io.BytesIO(exports.scores_xlsx(rubric)))
    document = docx.Document(io.BytesIO(exports.results_docx(rubric)))

    assert book.sheetnames == ["Tổng hợp", "PX03", "PH10", "PV01"]
    assert [c.value for c in book["Tổng hợp"][3]][:6] == [
        1,
        "PX03",
        "Phòng Công tác đảng và công tác chính trị",
        95,
        91,
        91,
    ]
    assert [c.value for c in book["PX03"][4]][:6] == [
        "  I.1",
        "Quán triệt, thực hiện nghị quyết của Đảng ủy",
        20,
        18,
        14,
        None,
    ]
    table = next(t for t in document.tables if t.rows[0].cells[0].text == "Hạng")
    assert [cell.text for cell in table.rows[0].cells] == [
        "Hạng",
        "Đơn vị",
        "Tự chấm",
        "Chấm chéo",
        "Điểm chốt",
        "Ghi chú",
    ]
    assert [cell.text for cell in table.rows[1].cells] == [
        "1",
        "PX03 – Phòng Công tác đảng và công tác chính trị",
        "95",
        "91",
        "91",
        "",
    ]
    assert "BẢNG TỔNG HỢP KẾT QUẢ CHẤM ĐIỂM" in [p.text for p in document.paragraphs]


def test_a_rubric_needs_a_scored_section_before_it_opens(cycle, personas):
    draft = rubrics.create_rubric(cycle.block, by=personas.unit_officer)
    rows = [r for r in criterion_rows() if r.kind == "bonus"]

    with pytest.raises(ScoringError, match="cần ít nhất một phần chấm điểm"):
        rubrics.replace_criteria(draft, rows, by=personas.unit_officer)
