"""The Decree 30 layout, read back from the bytes with python-docx."""

import ast
import datetime
import io
import pathlib

import docx
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from documents import govdoc
from documents.govdoc import GovDocument, Signer, vietnamese_date


def build(**kw) -> docx.document.Document:
    doc = GovDocument(
        superior="Bộ Công an",
        issuer="Công an tỉnh Quảng Bình",
        number="12/QĐ-CAT-PX03",
        place="Hà Nội",
        date=datetime.date(2025, 1, 5),
        **kw,
    )
    doc.title("Quyết định", "Về việc tặng Giấy khen")
    doc.paragraph("Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;")
    doc.numbered(["Tặng Giấy khen cho Phòng PX03.", "Quyết định có hiệu lực kể từ ngày ký."])
    doc.signature("KT. Giám đốc", "Phó Giám đốc", "Trần Minh Thùy")
    doc.recipients(["Như Điều 2;", "Lưu: VT, PX03."])
    return docx.Document(io.BytesIO(doc.to_bytes()))


def lines(cell) -> list[str]:
    return [p.text for p in cell.paragraphs if p.text]


def runs_of(paragraphs):
    return [run for p in paragraphs for run in p.runs if run.text]


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (datetime.date(2020, 3, 4), "Quảng Bình, ngày 04 tháng 3 năm 2020"),
        (datetime.date(2025, 1, 5), "Quảng Bình, ngày 05 tháng 01 năm 2025"),
        (datetime.date(2024, 2, 29), "Quảng Bình, ngày 29 tháng 02 năm 2024"),
        (datetime.date(2019, 10, 9), "Quảng Bình, ngày 09 tháng 10 năm 2019"),
        (datetime.date(2019, 12, 15), "Quảng Bình, ngày 15 tháng 12 năm 2019"),
    ],
)
def test_the_date_line_pads_days_below_ten_and_the_first_two_months(day, expected):
    assert vietnamese_date("Quảng Bình", day) == expected


def test_a_date_line_without_a_date_leaves_blanks_to_fill_by_hand():
    blank = "\u00a0" * 6
    assert vietnamese_date("Quảng Bình", None, year=2019) == f"Quảng Bình, ngày{blank}tháng{blank}năm 2019"
    assert vietnamese_date("", datetime.date(2020, 3, 4)) == "Ngày 04 tháng 3 năm 2020"


def test_the_page_is_a4_with_the_decree_margins():
    section = build().sections[0]
    measures = [
        section.page_width,
        section.page_height,
        section.top_margin,
        section.bottom_margin,
        section.left_margin,
        section.right_margin,
    ]
    assert [round(m.mm) for m in measures] == [210, 297, 20, 20, 30, 15]


def test_the_header_has_the_issuer_left_and_the_national_title_right():
    document = build()
    header = document.tables[0]
    left, right = header.cell(0, 0), header.cell(0, 1)
    assert lines(left) == ["BỘ CÔNG AN", "CÔNG AN TỈNH QUẢNG BÌNH", "Số: 12/QĐ-CAT-PX03"]
    assert lines(right) == [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Hà Nội, ngày 05 tháng 01 năm 2025",
    ]
    superior, issuer, number = runs_of(left.paragraphs)
    assert [(superior.bold, superior.font.size), (issuer.bold, issuer.font.size), (number.bold, number.font.size)] == [
        (False, Pt(13)),
        (True, Pt(13)),
        (False, Pt(13)),
    ]
    nation, motto, date = runs_of(right.paragraphs)
    assert [
        (nation.bold, nation.italic, nation.font.size),
        (motto.bold, motto.italic, motto.font.size),
        (date.bold, date.italic, date.font.size),
    ] == [(True, False, Pt(12)), (True, False, Pt(13)), (False, True, Pt(14))]


def test_the_issuer_and_the_motto_have_a_rule_beneath_and_the_motto_rule_is_longer():
    header = build().tables[0]

    def rule_after(cell, text):
        paragraphs = cell.paragraphs
        index = [p.text for p in paragraphs].index(text)
        rule = paragraphs[index + 1]
        assert rule.text == ""
        assert rule._p.pPr.find(qn("w:pBdr")).find(qn("w:top")).get(qn("w:val")) == "single"
        return rule.paragraph_format.left_indent

    issuer_indent = rule_after(header.cell(0, 0), "CÔNG AN TỈNH QUẢNG BÌNH")
    motto_indent = rule_after(header.cell(0, 1), "Độc lập - Tự do - Hạnh phúc")
    # the issuer's rule is short inside the 65 mm column; the motto's spans its ~55 mm text in 100 mm
    assert 10 < issuer_indent.mm < 25
    assert 15 < motto_indent.mm < 30


def test_the_type_and_subject_are_bold_and_centered_and_the_body_is_indented():
    body = [p for p in build().paragraphs if p.text]
    kind, subject, basis, first, second = body[:5]
    assert [kind.text, subject.text] == ["QUYẾT ĐỊNH", "Về việc tặng Giấy khen"]
    assert [kind.alignment, subject.alignment] == [WD_ALIGN_PARAGRAPH.CENTER] * 2
    assert [kind.runs[0].bold, subject.runs[0].bold] == [True, True]
    assert [first.text, second.text] == [
        "1. Tặng Giấy khen cho Phòng PX03.",
        "2. Quyết định có hiệu lực kể từ ngày ký.",
    ]
    assert {p.paragraph_format.first_line_indent for p in (basis, first, second)} == {Cm(1.27)}
    assert {p.alignment for p in (basis, first, second)} == {WD_ALIGN_PARAGRAPH.JUSTIFY}
    assert {p.paragraph_format.space_after for p in (basis, first, second)} == {Pt(6)}


def test_every_run_is_times_new_roman_for_every_script_between_11_and_14_pt():
    document = build()
    normal = document.styles["Normal"]
    assert (normal.font.name, normal.font.size) == ("Times New Roman", Pt(14))
    paragraphs = list(document.paragraphs) + [p for t in document.tables for c in t._cells for p in c.paragraphs]
    runs = runs_of(paragraphs)
    fonts = {(r._r.rPr.rFonts.get(qn(f"w:{a}"))) for r in runs for a in ("ascii", "hAnsi", "cs", "eastAsia")}
    assert fonts == {"Times New Roman"}
    assert {r.font.size.pt for r in runs} == {11, 12, 13, 14}


def test_the_signature_is_at_the_right_with_the_recipients_beside_it():
    document = build()
    signature = document.tables[-1]
    recipients, signer = signature.cell(0, 0), signature.cell(0, 1)
    assert lines(signer) == ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "Trần Minh Thùy"]
    assert all(run.bold for run in runs_of(signer.paragraphs))
    assert signer.paragraphs[-1].paragraph_format.space_before == Pt(64)  # room for signature and seal
    assert lines(recipients) == ["Nơi nhận:", "- Như Điều 2;", "- Lưu: VT, PX03."]
    label, *items = runs_of(recipients.paragraphs)
    assert (label.bold, label.italic, label.font.size) == (True, True, Pt(12))
    assert {(r.bold, r.font.size) for r in items} == {(False, Pt(11))}


def test_recipients_without_a_signature_before_them_go_bottom_left():
    doc = GovDocument(issuer="Khối thi đua XDLL – TT – HCKT", place="Quảng Bình", date=datetime.date(2019, 3, 4))
    doc.paragraph("Nội dung.").recipients(["Lưu: VT."])
    paragraphs = [p for p in docx.Document(io.BytesIO(doc.to_bytes())).paragraphs if p.text]
    assert [p.text for p in paragraphs[-2:]] == ["Nơi nhận:", "- Lưu: VT."]
    assert paragraphs[-2].alignment == WD_ALIGN_PARAGRAPH.LEFT


def test_a_signature_grid_puts_one_block_per_unit_three_to_a_row():
    doc = GovDocument(superior="Công an tỉnh Quảng Bình", issuer="Khối thi đua XDLL – TT – HCKT")
    doc.signature_grid(
        [
            Signer("Phòng PX03", "Trưởng phòng", "Nguyễn Văn An"),
            Signer("Phòng PH10"),
            ("Phòng PV01", "Phó trưởng phòng", "Lê Văn Cường"),
            Signer("Phòng PC06"),
        ]
    )
    grid = docx.Document(io.BytesIO(doc.to_bytes())).tables[-1]
    assert (len(grid.rows), len(grid.columns)) == (2, 2)  # four blocks: two by two
    assert [lines(grid.cell(r, c)) for r in range(2) for c in range(2)] == [
        ["PHÒNG PX03", "TRƯỞNG PHÒNG", "Nguyễn Văn An"],
        ["PHÒNG PH10"],
        ["PHÒNG PV01", "PHÓ TRƯỞNG PHÒNG", "Lê Văn Cường"],
        ["PHÒNG PC06"],
    ]
    assert [row._tr.trPr.find(qn("w:cantSplit")) is not None for row in grid.rows] == [True, True]

    doc = GovDocument(issuer="Khối")
    doc.signature_grid([Signer(f"Đơn vị {i}") for i in range(5)])
    grid = docx.Document(io.BytesIO(doc.to_bytes())).tables[-1]
    assert (len(grid.rows), len(grid.columns)) == (2, 3)


def test_pages_are_numbered_at_the_top_from_page_two():
    section = build().sections[0]
    assert section.different_first_page_header_footer is True
    assert [p.text for p in section.first_page_header.paragraphs] == [""]
    page = section.header.paragraphs[0]
    assert page.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert [i.text for i in page._p.iter(qn("w:instrText"))] == [" PAGE "]
    assert round(section.header_distance.mm) == 10


def test_an_empty_number_prints_a_blank_for_the_registry_and_none_prints_no_line():
    blank = GovDocument(issuer="Công an tỉnh Quảng Bình", number="")
    none = GovDocument(issuer="Công an tỉnh Quảng Bình")
    assert lines(docx.Document(io.BytesIO(blank.to_bytes())).tables[0].cell(0, 0)) == [
        "CÔNG AN TỈNH QUẢNG BÌNH",
        "Số:" + "\u00a0" * 8 + "/",
    ]
    assert lines(docx.Document(io.BytesIO(none.to_bytes())).tables[0].cell(0, 0)) == ["CÔNG AN TỈNH QUẢNG BÌNH"]


def test_a_ruled_table_repeats_its_header_row():
    doc = GovDocument(issuer="Công an tỉnh Quảng Bình")
    doc.table(["STT", "Họ và tên", "Đơn vị"], [[1, "Nguyễn Văn An", "PX03"], [2, "Trần Thị Bình", None]])
    table = docx.Document(io.BytesIO(doc.to_bytes())).tables[-1]
    assert [[c.text for c in row.cells] for row in table.rows] == [
        ["STT", "Họ và tên", "Đơn vị"],
        ["1", "Nguyễn Văn An", "PX03"],
        ["2", "Trần Thị Bình", ""],
    ]
    assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None


def test_the_module_imports_nothing_from_django():
    modules = set()
    for path in sorted(pathlib.Path(govdoc.__file__).parent.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        modules |= {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)} | {
            a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names
        }
    assert "docx" in modules  # the package's modules were read
    assert sorted(m for m in modules if m.split(".")[0] == "django") == []
