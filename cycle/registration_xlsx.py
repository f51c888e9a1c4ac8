"""The registration (đăng ký thi đua) Excel file: its documented template, reading and checking it.

A file has two data sheets: "Cán bộ" (Mã cán bộ, Họ và tên, Danh hiệu đăng ký) and "Chỉ tiêu"
(Nội dung, Giá trị, Đơn vị tính, and at year-end Kết quả, Giá trị đạt được: optional columns, a file
without them leaves the results as they are), and a "Hướng dẫn" sheet that documents them. Reading collects
every problem as (row, column, reason); nothing here touches the database — the service loads the
people and the catalogue named by the file in bulk and hands them to ``check_people``.
"""

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

import openpyxl
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from documents import xlsx
from documents.xlsx import Column, RowError, cell_text
from honours.models import Recipient, Title
from organisation.models import Person, Unit
from organisation.text import fold

# Sheet and column names are the file's format, shared by every user whatever the interface
# language, so they are not translated.
PEOPLE_SHEET = "Cán bộ"
TARGETS_SHEET = "Chỉ tiêu"
H_IDENT, H_NAME, H_TITLE = "Mã cán bộ", "Họ và tên", "Danh hiệu đăng ký"
H_TEXT, H_VALUE, H_MEASURE = "Nội dung", "Giá trị", "Đơn vị tính"
H_RESULT, H_ACHIEVED = "Kết quả", "Giá trị đạt được"
FILENAME = "mau-dang-ky-thi-dua.xlsx"
MAX_DIGITS, DECIMAL_PLACES = 12, 2  # RegistrationTarget.value

PEOPLE_COLUMNS = (
    Column(
        H_IDENT,
        "ident",
        required=True,
        max_length=32,
        help=gettext_lazy(
            "Mã cán bộ trong hệ thống. Cán bộ phải đang công tác tại đơn vị đăng ký "
            "(hoặc đơn vị cấp dưới). Nên định dạng cột là Văn bản để giữ số 0 ở đầu."
        ),
    ),
    Column(
        H_NAME,
        "full_name",
        required=True,
        max_length=120,
        help=gettext_lazy("Họ và tên, để đối chiếu với hồ sơ (không phân biệt hoa thường, dấu)."),
    ),
    Column(
        H_TITLE,
        "title",
        max_length=200,
        help=gettext_lazy(
            "Mã hoặc tên danh hiệu thi đua cá nhân, theo danh sách bên dưới. Để trống: cán bộ không đăng ký."
        ),
    ),
)
TARGET_COLUMNS = (
    Column(H_TEXT, "text", required=True, max_length=500, help=gettext_lazy("Nội dung chỉ tiêu.")),
    Column(
        H_VALUE,
        "value",
        help=gettext_lazy(
            "Con số của chỉ tiêu, có thể để trống. Ví dụ 100, 95,5 hoặc 1.234; ghi 100% thì đơn vị tính là %."
        ),
    ),
    Column(H_MEASURE, "measure", max_length=40, help=gettext_lazy("Ví dụ %, vụ, lượt; có thể để trống.")),
)
RESULT_COLUMNS = (
    Column(
        H_RESULT,
        "result",
        max_length=40,
        help=gettext_lazy(
            "Ghi vào cuối năm: Chưa đạt, Đạt hoặc Vượt; để trống nếu chưa có kết quả. Tệp không có cột này "
            "thì giữ nguyên kết quả đã ghi."
        ),
    ),
    Column(
        H_ACHIEVED,
        "achieved",
        help=gettext_lazy("Con số đạt được, có thể để trống; ghi như cột Giá trị. Cần có Kết quả."),
    ),
)
# What the Kết quả column may say (folded), and the stored result.
RESULT_WORDS = {
    "chua dat": "not_met",
    "khong dat": "not_met",
    "dat": "met",
    "hoan thanh": "met",
    "vuot": "exceeded",
    "vuot muc": "exceeded",
    "hoan thanh vuot muc": "exceeded",
    "not_met": "not_met",
    "met": "met",
    "exceeded": "exceeded",
}
RESULT_LABELS = {"not_met": "Chưa đạt", "met": "Đạt", "exceeded": "Vượt"}


@dataclass(frozen=True)
class SheetError(RowError):
    """A problem at (row, column) of one sheet; the sheet is empty for the file as a whole."""

    sheet: str = ""


@dataclass
class ParsedFile:
    """The cleaned rows of a registration file. ``has_people`` / ``has_targets``: the sheet has
    data rows (a sheet without them leaves that part of the registration as it is)."""

    people: list[dict] = field(default_factory=list)
    targets: list[dict] = field(default_factory=list)
    has_people: bool = False
    has_targets: bool = False
    has_results: bool = False
    errors: list[SheetError] = field(default_factory=list)


def parse_number(raw) -> tuple[Decimal | None, bool]:
    """A cell as a number, written the Vietnamese way (1.234,5) or as Excel stores it; and whether it
    ended with "%". Raises ValueError when it is not a number."""
    if raw is None or raw == "":
        return None, False
    if isinstance(raw, bool):
        raise ValueError(raw)
    if isinstance(raw, int | float | Decimal):
        return Decimal(str(raw)), False
    text = cell_text(raw).replace(" ", "")
    percent = text.endswith("%")
    text = text.removesuffix("%")
    if "," in text:
        text = text.replace(".", "").replace(",", ".")
    elif re.fullmatch(r"-?\d{1,3}(\.\d{3})+", text):
        text = text.replace(".", "")  # 1.234 is one thousand two hundred and thirty-four
    try:
        value = Decimal(text)
    except InvalidOperation as exc:
        raise ValueError(raw) from exc
    if not value.is_finite():
        raise ValueError(raw)
    return value, percent


def number_problem(value: Decimal) -> str | None:
    """Why ``value`` does not fit a target's number (12 digits, 2 decimal places), or None."""
    if value != value.quantize(Decimal(1).scaleb(-DECIMAL_PLACES)):
        return _("Giá trị chỉ được có tối đa %(places)s chữ số thập phân.") % {"places": DECIMAL_PLACES}
    if abs(value) >= Decimal(10) ** (MAX_DIGITS - DECIMAL_PLACES):
        return _("Giá trị quá lớn.")
    return None


def _read_sheets(source) -> dict[str, list[xlsx.Row]] | str:
    """The data sheets by name: (Excel row number, values) of row 1 and of every row that is not
    blank. A string: why the file cannot be read."""
    wanted = {fold(PEOPLE_SHEET): PEOPLE_SHEET, fold(TARGETS_SHEET): TARGETS_SHEET}
    try:
        return xlsx.read_sheets(source, lambda title: wanted.get(fold(title)))
    except xlsx.FileProblem as problem:
        return str(problem)


def _cells(rows, columns, sheet: str, errors: list[SheetError], optional=()) -> list[dict]:
    """Each data row as {key: text, "_key_raw": cell value, "_row": number}; a missing column, a
    missing required value and an over-long text are errors. An ``optional`` column absent from the
    header is left out of the rows."""
    header = rows[0][1] if rows and rows[0][0] == 1 else ()
    positions, missing = xlsx.header_positions(header, columns)
    if missing:
        errors.append(SheetError(1, "", xlsx.missing_columns_message(missing), sheet))
        return []
    extra, _absent = xlsx.header_positions(header, optional)
    positions |= extra
    present = [*columns, *(c for c in optional if c.header in extra)]
    result = []
    for number, values in rows[1:]:
        row = {"_row": number}
        for column in present:
            raw = xlsx.cell_at(values, positions[column.header])
            text = cell_text(raw)
            row[column.key], row[f"_{column.key}_raw"] = text, raw
            if problem := xlsx.text_problem(column, text):
                errors.append(SheetError(number, column.header, problem, sheet))
        result.append(row)
    return result


def read_file(source) -> ParsedFile:
    """Read and check, cell by cell, a registration file (path, bytes or binary file object)."""
    parsed = ParsedFile()
    sheets = _read_sheets(source)
    if isinstance(sheets, str):
        parsed.errors.append(SheetError(None, "", sheets))
        return parsed
    if not sheets:
        parsed.errors.append(
            SheetError(
                None,
                "",
                _("Tệp không có sheet %(people)s hoặc %(targets)s. Hãy dùng tệp mẫu của hệ thống.")
                % {"people": PEOPLE_SHEET, "targets": TARGETS_SHEET},
            )
        )
        return parsed
    people = _cells(sheets[PEOPLE_SHEET], PEOPLE_COLUMNS, PEOPLE_SHEET, parsed.errors) if PEOPLE_SHEET in sheets else []
    targets = (
        _cells(sheets[TARGETS_SHEET], TARGET_COLUMNS, TARGETS_SHEET, parsed.errors, RESULT_COLUMNS)
        if TARGETS_SHEET in sheets
        else []
    )
    first_row: dict[str, int] = {}
    for row in people:
        if row["ident"] in first_row:
            parsed.errors.append(
                SheetError(
                    row["_row"],
                    H_IDENT,
                    _("Mã cán bộ %(ident)s trùng với dòng %(row)s.")
                    % {"ident": row["ident"], "row": first_row[row["ident"]]},
                    PEOPLE_SHEET,
                )
            )
        elif row["ident"]:
            first_row[row["ident"]] = row["_row"]
    for row in targets:
        try:
            row["value"], percent = parse_number(row["_value_raw"])
        except ValueError:
            row["value"] = None
            parsed.errors.append(
                SheetError(
                    row["_row"],
                    H_VALUE,
                    _("Giá trị không phải là số: %(value)s.") % {"value": cell_text(row["_value_raw"])},
                    TARGETS_SHEET,
                )
            )
            continue
        if row["value"] is not None and (problem := number_problem(row["value"])):
            parsed.errors.append(SheetError(row["_row"], H_VALUE, problem, TARGETS_SHEET))
        if percent and not row["measure"]:
            row["measure"] = "%"
    for row in targets:
        _read_result(row, parsed.errors)
    parsed.people, parsed.targets = people, targets
    parsed.has_people, parsed.has_targets = bool(people), bool(targets)
    parsed.has_results = any("result" in row for row in targets)
    if not (people or targets or parsed.errors):
        parsed.errors.append(SheetError(None, "", _("Tệp không có dòng dữ liệu nào.")))
    return parsed


def _read_result(row: dict, errors: list[SheetError]) -> None:
    """Turn the row's Kết quả and Giá trị đạt được cells into ``result`` ("" when blank) and
    ``achieved`` (a number or None), the problems into ``errors``. A row without the columns is left."""
    if "result" not in row:
        return
    text = row["result"]
    result = RESULT_WORDS.get(fold(text))
    if result is None and text:
        errors.append(
            SheetError(
                row["_row"],
                H_RESULT,
                _("Kết quả không hợp lệ: %(value)s. Ghi Chưa đạt, Đạt hoặc Vượt (hoặc để trống).") % {"value": text},
                TARGETS_SHEET,
            )
        )
    row["result"] = result or ""
    try:
        row["achieved"], _percent = parse_number(row.get("_achieved_raw"))
    except ValueError:
        row["achieved"] = None
        errors.append(
            SheetError(
                row["_row"],
                H_ACHIEVED,
                _("Giá trị đạt được không phải là số: %(value)s.") % {"value": cell_text(row["_achieved_raw"])},
                TARGETS_SHEET,
            )
        )
        return
    if row["achieved"] is None:
        return
    if problem := number_problem(row["achieved"]):
        errors.append(SheetError(row["_row"], H_ACHIEVED, problem, TARGETS_SHEET))
    elif not text:
        errors.append(
            SheetError(
                row["_row"],
                H_RESULT,
                _("Có giá trị đạt được thì cần ghi kết quả (Chưa đạt, Đạt hoặc Vượt)."),
                TARGETS_SHEET,
            )
        )


def title_lookup(titles: list[Title]) -> dict[str, Title]:
    """Folded code or name -> title."""
    lookup = {}
    for title in titles:
        lookup[fold(title.name)] = title
        lookup[fold(title.code)] = title
    return lookup


def check_people(
    rows: list[dict], *, people: dict[str, Person], titles: dict[str, Title], unit: Unit, errors: list[SheetError]
) -> list[tuple[Person, Title]]:
    """The (person, title) pairs of the rows that register someone; problems go to ``errors``.

    ``people``: the people named by the file, by ident, with their unit; ``titles``: ``title_lookup``
    of the catalogue. A person must be in ``unit``'s subtree and named as in the record; the title
    must be an individual one."""
    pairs = []

    def error(number, column, message):
        errors.append(SheetError(number, column, message, PEOPLE_SHEET))

    for row in rows:
        number, ident = row["_row"], row["ident"]
        if not ident:
            continue
        person = people.get(ident)
        if person is None:
            error(number, H_IDENT, _("Không tìm thấy cán bộ có mã %(ident)s.") % {"ident": ident})
            continue
        if person.unit is None or not person.unit.path.startswith(unit.path):
            error(
                number,
                H_IDENT,
                _("Cán bộ %(name)s (%(ident)s) không thuộc %(unit)s.")
                % {"name": person.full_name, "ident": ident, "unit": unit.code},
            )
            continue
        if row["full_name"] and fold(row["full_name"]) != person.name_folded:
            error(
                number,
                H_NAME,
                _("Họ và tên không khớp với hồ sơ của mã %(ident)s: %(name)s.")
                % {"ident": ident, "name": person.full_name},
            )
        if not row["title"]:
            continue
        title = titles.get(fold(row["title"]))
        if title is None:
            error(
                number,
                H_TITLE,
                _("Danh hiệu không hợp lệ: %(value)s. Xem danh sách trong sheet Hướng dẫn.") % {"value": row["title"]},
            )
        elif title.recipient != Recipient.INDIVIDUAL:
            error(
                number, H_TITLE, _("%(title)s là danh hiệu tập thể, không đăng ký cho cá nhân.") % {"title": title.name}
            )
        else:
            pairs.append((person, title))
    return pairs


# Template ---------------------------------------------------------------------------------


def registration_rows(registration) -> tuple[list[list], list[list]]:
    """The rows of a saved registration for ``template_workbook``: its people and its targets with
    their results, so that a unit downloads its registration, fills in Kết quả and imports it back."""
    people = [[r.person.ident, r.person.full_name, r.title.code] for r in registration.people.all()]
    targets = [
        [
            t.text,
            None if t.value is None else t.value.normalize(),
            t.measure,
            RESULT_LABELS.get(t.result, ""),
            None if t.achieved_value is None else t.achieved_value.normalize(),
        ]
        for t in registration.targets.all()
    ]
    return people, targets


def template_workbook(titles: list[Title], *, people=(), targets=()) -> bytes:
    """The registration file with its documented "Hướng dẫn" sheet listing ``titles`` (individual ones):
    empty, or filled with ``people`` and ``targets`` rows (``registration_rows``)."""
    workbook = openpyxl.Workbook()
    sheets = ((PEOPLE_SHEET, PEOPLE_COLUMNS, people), (TARGETS_SHEET, TARGET_COLUMNS + RESULT_COLUMNS, targets))
    for index, (name, columns, rows) in enumerate(sheets):
        sheet = workbook.active if index == 0 else workbook.create_sheet(name)
        sheet.title = name
        xlsx.header_row(sheet, columns)
        for row in rows:
            sheet.append([float(v) if isinstance(v, Decimal) else v for v in row])
        for cell in sheet[1]:
            sheet.column_dimensions[cell.column_letter].width = 60 if cell.value == H_TEXT else 24

    guide = xlsx.guide_sheet(
        workbook,
        _("Hướng dẫn nhập đăng ký thi đua từ Excel"),
        [
            _(
                "Sheet %(people)s: mỗi dòng một cán bộ của đơn vị và danh hiệu cá nhân đăng ký. Sheet %(targets)s: "
                "mỗi dòng một chỉ tiêu của đơn vị. Giữ nguyên dòng tiêu đề, nhập từ dòng 2."
            )
            % {"people": PEOPLE_SHEET, "targets": TARGETS_SHEET},
            _(
                "Sheet có dữ liệu thay thế toàn bộ phần tương ứng của bản đăng ký (danh sách cán bộ hoặc danh sách "
                "chỉ tiêu); sheet để trống thì giữ nguyên phần đó. Danh hiệu tập thể chọn trên trang đăng ký."
            ),
            _(
                "Cả tệp được kiểm tra trước khi ghi: nếu có lỗi thì không ghi dòng nào, và mọi lỗi được liệt kê "
                "theo dòng, cột. Nhập lại cùng một tệp không làm thay đổi gì."
            ),
            _(
                "Cuối năm: tải tệp đăng ký của đơn vị từ trang đăng ký, ghi cột %(result)s (Chưa đạt, Đạt, Vượt) và "
                "%(achieved)s cho từng chỉ tiêu rồi nhập lại. Kết quả được ghi cả khi đã hết hạn đăng ký, nếu các "
                "chỉ tiêu và cán bộ giữ nguyên."
            )
            % {"result": H_RESULT, "achieved": H_ACHIEVED},
        ],
    )
    for sheet, columns, example in (
        (PEOPLE_SHEET, PEOPLE_COLUMNS, ["QB000123", "Nguyễn Văn An", "CSTT"]),
        (
            TARGETS_SHEET,
            TARGET_COLUMNS + RESULT_COLUMNS,
            ["Tỷ lệ hoàn thành kế hoạch công tác", "100", "%", "Vượt", "104"],
        ),
    ):
        guide.append([])
        xlsx.guide_columns(guide, columns, _("Sheet %(sheet)s") % {"sheet": sheet})
        guide.append([_("Dòng ví dụ")])
        guide.append([column.header for column in columns])
        guide.append(example)
    guide.append([])
    guide.append([_("Danh hiệu cá nhân được đăng ký (ghi mã hoặc tên)")])
    guide[guide.max_row][0].font = xlsx.BOLD
    guide.append([_("Mã"), _("Tên danh hiệu")])
    for title in titles:
        if title.recipient == Recipient.INDIVIDUAL:
            guide.append([title.code, title.name])
    xlsx.set_widths(guide, (("A", 40), ("B", 40), ("C", 90), ("D", 20)))
    return xlsx.workbook_bytes(workbook)
