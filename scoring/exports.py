"""Scoring documents as bytes (the views only wrap them): the rubric and the score sheets as .xlsx, the
results as a Decree 30 .docx summary table for the conference (the leaderboard's chart is ``scoring.chart``)."""

import openpyxl
from openpyxl.styles import Alignment

from cycle.exports import block_issuer_name, movement_subject
from documents import xlsx
from documents.govdoc import GovDocument
from documents.xlsx import Out
from scoring import imports
from scoring.models import Rubric, Sheet
from scoring.services import results
from scoring.services.rounds import fmt
from scoring.services.rubrics import rows_of

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def rubric_xlsx(rubric: Rubric) -> bytes:
    """The rubric in the import layout (``scoring.imports``): importing it gives the same rubric."""
    return imports.workbook(rows_of(rubric), bonus_cap=rubric.bonus_cap, floor=rubric.floor)


def _number(value):
    return None if value is None else round(value, 2)


def scores_xlsx(rubric: Rubric) -> bytes:
    """The score sheets: "Tổng hợp" (rank, self, cross and final totals, sections) and one sheet per member
    unit with every criterion's self, each scorer's, combined cross and final score. Removed scorers are
    left out of the combined figures and named under the table."""
    facts = results.load(rubric)
    rows = results.leaderboard(facts)
    book = openpyxl.Workbook()
    summary = book.active
    summary.title = "Tổng hợp"
    sections = list(facts.core.section_labels)
    columns = [
        Out("Hạng", "integer"),
        Out("Mã"),
        Out("Đơn vị"),
        *[Out(h, "score") for h in ("Tự chấm", "Chấm chéo", "Điểm chốt", *[f"Phần {s}" for s in sections])],
        Out("Điểm thưởng", "score"),
        Out("Điểm trừ", "score"),
        Out("Ghi chú"),
    ]
    table = []
    for row in rows:
        final = row.final_total
        table.append(
            [
                row.rank or None,
                row.unit.code,
                row.unit.name,
                _number(row.self_total and row.self_total.total),
                _number(row.cross_total and row.cross_total.total),
                _number(final and final.total),
                *[_number(s) for s in (final.sections if final else [None] * len(sections))],
                _number(final and final.bonus),
                _number(final and final.deductions),
                row.decided_label,
            ]
        )
    xlsx.write_table(summary, columns, table, title=f"{rubric.block.name} – {rubric.title}")
    for row in rows:
        _unit_sheet(book, facts, row)
    return xlsx.workbook_bytes(book)


def _unit_sheet(book, facts: results.Facts, row: results.Row) -> None:
    sheet = book.create_sheet(row.unit.code[:31])
    scorers = [
        (a.scorer, facts.sheet(row.unit.pk, Sheet.Round.CROSS, a.scorer_id))
        for a in facts.assignments
        if a.unit_id == row.unit.pk and a.active
    ]
    columns = [
        Out("Số hiệu"),
        Out("Tiêu chí"),
        *[Out(h, "score") for h in ("Tối đa", "Tự chấm", *[f"Chấm chéo {u.code}" for u, _ in scorers])],
        Out("Chấm chéo (tổng hợp)", "score"),
        Out("Điểm chốt", "score"),
        Out("Lý do điều chỉnh"),
    ]
    self_vector = facts.vector(facts.sheet(row.unit.pk, Sheet.Round.SELF))
    cross_vectors = [facts.vector(s) for _, s in scorers]
    cross, final = facts.cross(row.unit.pk), facts.final(row.unit.pk)
    final_sheet = facts.sheet(row.unit.pk, Sheet.Round.FINAL)
    final_cells = facts.scores.get(final_sheet.pk, {}) if final_sheet else {}
    index = {c.pk: i for i, c in enumerate(facts.leaves)}
    table, headings = [], []
    for c in facts.criteria:
        i = index.get(c.pk)
        values = [] if i is None else [self_vector[i], *[v[i] for v in cross_vectors], cross[i], final[i]]
        reason = final_cells[c.pk].reason if c.pk in final_cells else ""
        table.append(
            ["  " * c.depth + c.code, c.title, float(c.max_points), *[_number(v) for v in values]]
            + ([] if i is None else [reason])
        )
        headings.append(i is None)
    header = xlsx.write_table(sheet, columns, table, title=f"{row.unit.code} – {row.unit.name}")
    for number, heading in enumerate(headings, start=header + 1):
        sheet.cell(number, 2).alignment = Alignment(wrap_text=True, vertical="top")
        if heading:
            xlsx.bold_row(sheet, number)
    for assignment in row.removed:
        sheet.append([])
        sheet.append([f"Đã loại điểm chấm của {assignment.scorer.code}: {assignment.removed_reason}"])


def results_docx(rubric: Rubric) -> bytes:
    """The summary table for the year-end conference: rank, unit, self, cross and final totals, with the
    tie-break that decided each place, in the Decree 30 layout."""
    facts = results.load(rubric)
    rows = results.leaderboard(facts)
    block = rubric.block
    doc = GovDocument(superior=block.managed_by.name, issuer=block_issuer_name(block), year=block.year)
    doc.title("Bảng tổng hợp kết quả chấm điểm", movement_subject(block) or rubric.title)
    if rubric.status != Rubric.Status.CLOSED:
        doc.line("(Kết quả tạm tính, chưa chốt)", italic=True)
    core_rubric = facts.core
    doc.paragraph(
        f"Căn cứ {rubric.title} (phiên bản {rubric.version}): tổng điểm tối đa {fmt(core_rubric.max_points)}"
        f" điểm, điểm thưởng tối đa {fmt(core_rubric.max_bonus)} điểm. Thứ tự xếp hạng theo điểm chốt; "
        "bằng điểm thì xét ít điểm trừ hơn, rồi điểm từng phần theo thứ tự, rồi điểm thưởng; vẫn bằng "
        "nhau thì khối bỏ phiếu."
    )
    doc.table(
        ["Hạng", "Đơn vị", "Tự chấm", "Chấm chéo", "Điểm chốt", "Ghi chú"],
        [
            [
                str(r.rank) if r.rank else "—",
                f"{r.unit.code} – {r.unit.name}",
                fmt(r.self_total and r.self_total.total) or "—",
                fmt(r.cross_total and r.cross_total.total) or "—",
                fmt(r.final_total and r.final_total.total) or "—",
                r.decided_label,
            ]
            for r in rows
        ],
        widths_mm=[14, 62, 20, 22, 20, 27],
    )
    removed = [(r.unit, a) for r in rows for a in r.removed]
    if removed:
        doc.paragraph(
            "Điểm của các đơn vị chấm sau đã được loại khỏi kết quả: "
            + "; ".join(f"{a.scorer.code} chấm {unit.code} ({a.removed_reason})" for unit, a in removed)
            + "."
        )
    leader = block.leader.name if block.leader else ""
    doc.signature("TM. Khối thi đua", "Đơn vị khối trưởng", leader)
    return doc.to_bytes()
