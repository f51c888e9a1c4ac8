"""The rubric as an Excel file: its documented template, reading and checking it, importing it.

A file has a sheet "Tiêu chí" — one row per section, criterion or sub-criterion, parents above their
children: Số hiệu, Thuộc mục (the parent's Số hiệu, blank for a section), Nội dung tiêu chí, Loại (Chấm
điểm, Điểm thưởng or Điểm trừ), Điểm tối đa, Hướng dẫn chấm, Minh chứng cần có — a sheet "Thông số"
(Điểm thưởng tối đa, Tổng điểm thấp nhất) and a "Hướng dẫn" sheet documenting both. The export
(``scoring.exports.rubric_xlsx``) writes the same layout, so exporting and importing gives the same
rubric. Reading collects every problem as (row, column, reason); with any problem nothing is written.
"""

from dataclasses import dataclass, field
from decimal import Decimal

import openpyxl
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cycle.registration_xlsx import parse_number
from documents import xlsx
from documents.xlsx import Column, RowError, cell_text
from organisation.text import fold
from scoring.models import MAX_POINTS, Criterion, Rubric
from scoring.services import rubrics as services
from scoring.services.rubrics import CriterionRow

# Sheet and column names are the file's format, shared by every user whatever the interface language.
CRITERIA_SHEET = "Tiêu chí"
SETTINGS_SHEET = "Thông số"
H_CODE, H_PARENT, H_TITLE, H_KIND, H_MAX = "Số hiệu", "Thuộc mục", "Nội dung tiêu chí", "Loại", "Điểm tối đa"
H_DESCRIPTION, H_EVIDENCE = "Hướng dẫn chấm", "Minh chứng cần có"
S_BONUS, S_FLOOR = "Điểm thưởng tối đa", "Tổng điểm thấp nhất"
KIND_NAMES = {
    Criterion.Kind.NORMAL: "Chấm điểm",
    Criterion.Kind.BONUS: "Điểm thưởng",
    Criterion.Kind.DEDUCTION: "Điểm trừ",
}
FILENAME = "mau-bang-tieu-chi-cham-diem.xlsx"

COLUMNS = (
    Column(
        H_CODE,
        "code",
        required=True,
        max_length=20,
        help=gettext_lazy(
            "Số hiệu duy nhất trong bảng, ví dụ I, 1, 1.1, a. Mục lớn (phần) và từng tiêu chí đều có số hiệu."
        ),
    ),
    Column(
        H_PARENT,
        "parent",
        max_length=20,
        help=gettext_lazy(
            "Số hiệu của mục chứa tiêu chí này, ở một dòng phía trên. Để trống nếu là một phần (mục lớn nhất)."
        ),
    ),
    Column(H_TITLE, "title", required=True, max_length=500, help=gettext_lazy("Nội dung tiêu chí.")),
    Column(
        H_KIND,
        "kind",
        help=gettext_lazy(
            "Chấm điểm, Điểm thưởng hoặc Điểm trừ. Để trống thì lấy loại của mục "
            "chứa nó (một phần để trống là Chấm điểm)."
        ),
    ),
    Column(
        H_MAX,
        "max_points",
        required=True,
        help=gettext_lazy(
            "Điểm tối đa, số không âm, tối đa 2 chữ số thập phân (ví dụ 10 hoặc 2,5). Điểm của một "
            "mục là tổng điểm các tiêu chí con nhưng không vượt quá điểm tối đa của mục. Với điểm "
            "trừ: số điểm bị trừ tối đa."
        ),
    ),
    Column(H_DESCRIPTION, "description", help=gettext_lazy("Cách chấm, có thể để trống.")),
    Column(
        H_EVIDENCE, "evidence", help=gettext_lazy("Tài liệu, số liệu đơn vị cần nộp làm minh chứng, có thể để trống.")
    ),
)


@dataclass
class ParsedRubric:
    rows: list[CriterionRow] = field(default_factory=list)
    bonus_cap: Decimal | None = None
    floor: Decimal | None = None
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def _kind(text: str, parent_kind: str | None) -> str | None:
    if not text:
        return parent_kind or Criterion.Kind.NORMAL
    folded = fold(text)
    for value, name in KIND_NAMES.items():
        if folded in (fold(name), fold(value), fold(str(Criterion.Kind(value).label))):
            return value
    return None


def _read(source) -> dict[str, list[xlsx.Row]] | str:
    """The criteria and settings sheets by name (``xlsx.read_sheets``); a string: why the file cannot be read."""
    wanted = {fold(CRITERIA_SHEET): CRITERIA_SHEET, fold(SETTINGS_SHEET): SETTINGS_SHEET}
    try:
        return xlsx.read_sheets(source, lambda title: wanted.get(fold(title)))
    except xlsx.FileProblem as problem:
        return str(problem)


def _points(raw, *, allow_negative: bool = False) -> tuple[Decimal | None, str | None]:
    try:
        value, _percent = parse_number(raw)
    except ValueError:
        return None, _("Không phải là số: %(value)s.") % {"value": cell_text(raw)}
    if value is None:
        return None, None
    if value != value.quantize(Decimal("0.01")):
        return None, _("Chỉ được có tối đa 2 chữ số thập phân.")
    if (value < 0 and not allow_negative) or abs(value) > MAX_POINTS:
        return None, _("Phải từ 0 đến %(max)s.") % {"max": MAX_POINTS}
    return value, None


def read_rubric(source) -> ParsedRubric:
    """Read and check a rubric file (path, bytes or binary file object), cell by cell, then as a tree."""
    parsed = ParsedRubric()
    sheets = _read(source)
    if isinstance(sheets, str):
        parsed.errors.append(RowError(None, "", sheets))
        return parsed
    if CRITERIA_SHEET not in sheets:
        parsed.errors.append(
            RowError(
                None, "", _("Tệp không có sheet %(sheet)s. Hãy dùng tệp mẫu của hệ thống.") % {"sheet": CRITERIA_SHEET}
            )
        )
        return parsed
    rows = sheets[CRITERIA_SHEET]
    positions, missing = xlsx.header_positions(rows[0][1] if rows else (), COLUMNS)
    if missing:
        parsed.errors.append(RowError(1, "", xlsx.missing_columns_message(missing)))
        return parsed
    kinds: dict[str, str] = {}
    for number, values in rows[1:]:
        cell = {c.key: xlsx.cell_at(values, positions[c.header]) for c in COLUMNS}
        text = {key: cell_text(raw) for key, raw in cell.items()}
        for column in COLUMNS:
            if problem := xlsx.text_problem(column, text[column.key]):
                parsed.errors.append(RowError(number, column.header, problem))
        kind = _kind(text["kind"], kinds.get(text["parent"]))
        if kind is None:
            parsed.errors.append(
                RowError(
                    number,
                    H_KIND,
                    _("Loại không hợp lệ: %(value)s. Ghi Chấm điểm, Điểm thưởng hoặc Điểm trừ.")
                    % {"value": text["kind"]},
                )
            )
            kind = Criterion.Kind.NORMAL
        top, problem = _points(cell["max_points"]) if text["max_points"] else (None, None)
        if problem:
            parsed.errors.append(RowError(number, H_MAX, problem))
        kinds[text["code"]] = kind
        parsed.rows.append(
            CriterionRow(
                code=text["code"],
                parent=text["parent"],
                title=text["title"],
                kind=kind,
                max_points=top if top is not None else Decimal(0),
                description=_text_block(cell["description"]),
                evidence=_text_block(cell["evidence"]),
                line=number,
            )
        )
    if not parsed.rows and not parsed.errors:
        parsed.errors.append(RowError(None, "", _("Tệp không có dòng tiêu chí nào.")))
    if not parsed.errors:
        columns = {"code": H_CODE, "parent": H_PARENT, "kind": H_KIND, "max_points": H_MAX}
        parsed.errors += [
            RowError(line, columns.get(column, ""), message)
            for line, column, message in services._check_rows(parsed.rows)
        ]
    _read_settings(sheets.get(SETTINGS_SHEET, []), parsed)
    return parsed


def _text_block(raw) -> str:
    """Multi-line text kept as written (only trimmed)."""
    return "" if raw is None else str(raw).strip()


def _read_settings(rows, parsed: ParsedRubric) -> None:
    for number, values in rows[1:]:
        name, raw = cell_text(values[0]) if values else "", values[1] if len(values) > 1 else None
        if fold(name) == fold(S_BONUS):
            parsed.bonus_cap, problem = _points(raw)
        elif fold(name) == fold(S_FLOOR):
            parsed.floor, problem = _points(raw, allow_negative=True)
        else:
            continue
        if problem:
            parsed.errors.append(RowError(number, name, problem))


def import_rubric(rubric: Rubric, source, *, by, name: str = "") -> ParsedRubric:
    """Replace a draft's criteria (and bonus cap, floor) with the file's, all or nothing."""
    parsed = read_rubric(source)
    if parsed.ok:
        changes = {k: v for k, v in (("bonus_cap", parsed.bonus_cap), ("floor", parsed.floor)) if v is not None}
        with transaction.atomic():
            if changes:
                services.update_rubric(rubric, by=by, **changes)
            services.replace_criteria(rubric, parsed.rows, by=by, note=name[:200])
    return parsed


def workbook(rows: list[CriterionRow], *, bonus_cap: Decimal, floor: Decimal) -> bytes:
    """The rubric file: the criteria, the settings and the guide. Empty rows give the template."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = CRITERIA_SHEET
    xlsx.header_row(sheet, COLUMNS)
    for row in rows:
        sheet.append(
            [row.code, row.parent, row.title, KIND_NAMES[row.kind], row.max_points, row.description, row.evidence]
        )
    xlsx.set_widths(sheet, zip("ABCDEFG", (10, 10, 70, 14, 12, 40, 40), strict=True))
    params = book.create_sheet(SETTINGS_SHEET)
    params.append([_("Thông số"), _("Giá trị")])
    params.append([S_BONUS, bonus_cap])
    params.append([S_FLOOR, floor])
    xlsx.bold_row(params, 1)
    params.column_dimensions["A"].width = 30

    guide = xlsx.guide_sheet(
        book,
        _("Hướng dẫn nhập bảng tiêu chí chấm điểm từ Excel"),
        [
            _(
                "Sheet %(sheet)s: mỗi dòng một phần, tiêu chí hoặc tiêu chí con; mục chứa phải ở dòng phía trên "
                "các tiêu chí của nó. Giữ nguyên dòng tiêu đề, nhập từ dòng 2."
            )
            % {"sheet": CRITERIA_SHEET},
            _(
                "Chỉ chấm điểm các tiêu chí cuối cùng (không có tiêu chí con). Điểm của một mục là tổng điểm các "
                "tiêu chí con, không vượt quá điểm tối đa của mục."
            ),
            _(
                "Điểm thưởng cộng thêm nhưng không vượt quá Điểm thưởng tối đa (sheet %(sheet)s). Điểm trừ được "
                "chấm bằng số âm; tổng điểm sau khi trừ không thấp hơn Tổng điểm thấp nhất."
            )
            % {"sheet": SETTINGS_SHEET},
            _(
                "Cả tệp được kiểm tra trước khi ghi: nếu có lỗi thì không ghi dòng nào, và mọi lỗi được liệt kê "
                "theo dòng, cột. Nhập tệp thay thế toàn bộ tiêu chí của bản dự thảo."
            ),
        ],
    )
    guide.append([])
    xlsx.guide_columns(guide, COLUMNS, _("Cột"))
    guide.append([])
    guide.append([_("Dòng ví dụ")])
    guide.append([c.header for c in COLUMNS])
    for example in (
        ["I", "", "Công tác xây dựng Đảng", "Chấm điểm", 20, "", ""],
        [
            "1",
            "I",
            "Quán triệt, thực hiện nghị quyết của Đảng ủy",
            "",
            10,
            "Đủ 10 điểm khi …",
            "Kế hoạch, báo cáo kết quả",
        ],
        ["T", "", "Điểm thưởng", "Điểm thưởng", 10, "", ""],
        ["TR", "", "Điểm trừ", "Điểm trừ", 10, "", ""],
    ):
        guide.append(example)
    xlsx.set_widths(guide, (("A", 30), ("B", 14), ("C", 90)))
    return xlsx.workbook_bytes(book)


def template_workbook() -> bytes:
    return workbook([], bonus_cap=Decimal("10"), floor=Decimal("0"))
