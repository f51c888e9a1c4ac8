"""The score sheets in Excel: scores with two decimals, columns fitted to their content, titles naming
the block and each unit."""

import io

import openpyxl
import pytest

from scoring import exports
from scoring.models import Sheet
from scoring.services import rounds
from scoring.services.rounds import sheet_for
from scoring.tests.test_rounds import FULL, fill

pytestmark = pytest.mark.django_db


def test_the_score_sheets_have_score_formats_fitted_widths_and_name_the_block(rubric, leaf, org, cycle, personas):
    rounds.assign_cross_scorers(rubric, by=personas.unit_officer)
    fill(sheet_for(rubric, org.px03, Sheet.Round.SELF), leaf, FULL, personas.unit_officer)
    fill(sheet_for(rubric, org.px03, Sheet.Round.CROSS, org.ph10), leaf, FULL | {"I.1": 14}, cycle.ph10_officer)

    book = openpyxl.load_workbook(io.BytesIO(exports.scores_xlsx(rubric)))

    summary = book["Tổng hợp"]
    assert summary["A1"].value == f"{rubric.block.name} – {rubric.title}"
    assert summary.freeze_panes == "A3" and summary["A2"].font.b
    assert (summary["D3"].value, summary["D3"].number_format) == (95, "0.00")  # self total
    assert (summary["A3"].value, summary["A3"].number_format) == (1, "#,##0")  # rank
    assert summary.column_dimensions["C"].width == len("Phòng Công tác đảng và công tác chính trị") + 2
    assert len({summary.column_dimensions[c].width for c in "ABCDEF"}) > 2
    unit = book["PX03"]
    assert unit["A1"].value == "PX03 – Phòng Công tác đảng và công tác chính trị"
    assert [c.value for c in unit[4]][:4] == ["  I.1", "Quán triệt, thực hiện nghị quyết của Đảng ủy", 20, 18]
    assert (unit["C4"].number_format, unit["D4"].number_format) == ("0.00", "0.00")
    assert unit["B4"].alignment.wrap_text
