"""The documented template of each import file: the header row and the "Hướng dẫn" sheet."""

import openpyxl
from django.utils.translation import gettext as _

from documents import xlsx
from organisation.imports.cells import in_vietnamese
from organisation.imports.jobs import KINDS
from organisation.imports.people import RATING_HEADER, RATING_HELP
from organisation.models import ImportJob, Rank, Rating, Sex, Unit

EXAMPLES = {
    ImportJob.Kind.UNITS.value: lambda: [
        "CAQB-PX03",
        "PX03",
        "Phòng Công tác đảng và công tác chính trị",
        "PX03",
        in_vietnamese(Unit.Kind.ROOM.label),
        "CAQB",
        "01/08/2018",
        "",
    ],
    ImportJob.Kind.PEOPLE.value: lambda: [
        "QB000123",
        "Nguyễn Văn An",
        "17/05/1985",
        in_vietnamese(Sex.MALE.label),
        in_vietnamese(Rank.DAI_UY.label),
        "Phó Trưởng phòng",
        "01/09/2007",
        "CAQB-PX03",
        "01/03/2025",
    ],
}


def template_workbook(kind: str) -> bytes:
    """The empty import file for ``kind`` (a header row) with a documented "Hướng dẫn" sheet."""
    spec = KINDS[kind]
    workbook = openpyxl.Workbook()
    data = workbook.active
    data.title = spec.sheet
    xlsx.header_row(data, spec.columns)  # each column as wide as its header, the date columns dd/mm/yyyy

    guide = xlsx.guide_sheet(
        workbook,
        _("Hướng dẫn nhập %(what)s từ Excel") % {"what": ImportJob.Kind(kind).label.lower()},
        [
            _("Điền dữ liệu vào sheet %(sheet)s, mỗi dòng một đối tượng, từ dòng 2; giữ nguyên dòng tiêu đề.")
            % {"sheet": spec.sheet},
            _("Ngày ghi theo dạng dd/mm/yyyy (ví dụ 01/09/2010) hoặc dùng ô kiểu ngày của Excel."),
            _(
                "Cả tệp được kiểm tra trước khi ghi: nếu có lỗi thì không ghi dòng nào, và mọi lỗi được liệt kê theo "
                "dòng, cột. Nhập lại cùng một tệp không làm thay đổi gì."
            ),
        ],
    )
    guide.append([])
    xlsx.guide_columns(guide, spec.columns, _("Cột"))
    if kind == ImportJob.Kind.PEOPLE:
        guide.append([_("%(header)s <năm>") % {"header": RATING_HEADER}, _("Không"), str(RATING_HELP)])
    guide.append([])
    guide.append([_("Dòng ví dụ")])
    guide[guide.max_row][0].font = xlsx.BOLD
    guide.append([column.header for column in spec.columns])
    guide.append(EXAMPLES[kind]())
    for title, choices in _allowed_values(kind):
        guide.append([])
        guide.append([title])
        guide[guide.max_row][0].font = xlsx.BOLD
        guide.append([_("Ghi"), _("hoặc mã")])
        for value, label in choices:
            if value:
                guide.append([in_vietnamese(label), value])
    xlsx.set_widths(guide, (("A", 34), ("B", 16), ("C", 90)))
    return xlsx.workbook_bytes(workbook)


def _allowed_values(kind: str) -> list[tuple[str, list]]:
    if kind == ImportJob.Kind.UNITS:
        return [(_("Giá trị hợp lệ của cột Cấp/loại"), Unit.Kind.choices)]
    return [
        (_("Giá trị hợp lệ của cột Cấp bậc (để trống nếu không có cấp bậc hàm)"), Rank.choices),
        (_("Giá trị hợp lệ của cột Giới tính"), Sex.choices),
        (_("Giá trị hợp lệ của các cột Xếp loại <năm>"), Rating.choices),
    ]
