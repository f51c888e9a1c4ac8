"""The documented history template: a "Hướng dẫn" sheet in Vietnamese, then one empty sheet per kind of fact."""

import openpyxl
from django.utils.translation import gettext as _

from documents import xlsx
from eligibility.history.sheets import SHEETS
from eligibility.models import DisciplineForm, InitiativeKind, InitiativeLevel, PendingKind
from honours.models import AwardForm, CommendationKind, Title
from organisation.imports.cells import in_vietnamese
from organisation.models import Rating

FILENAME = "mau-nhap-lich-su-thi-dua-khen-thuong.xlsx"


def template_workbook() -> bytes:
    workbook = openpyxl.Workbook()
    guide = workbook.active
    guide.title = xlsx.GUIDE_SHEET
    guide.append([_("Hướng dẫn nhập lịch sử thi đua, khen thưởng từ Excel")])
    guide["A1"].font = xlsx.BOLD
    for line in (
        _("Mỗi loại dữ liệu một sheet; sheet nào không dùng thì để trống hoặc xoá. Giữ nguyên dòng tiêu đề."),
        _("Cán bộ ghi theo Mã cán bộ, đơn vị theo Mã định danh đơn vị, đã có sẵn trong hệ thống."),
        _("Danh hiệu và hình thức khen thưởng ghi theo mã trong danh mục (bên dưới)."),
        _("Ngày ghi theo dạng dd/mm/yyyy (ví dụ 01/09/2010) hoặc dùng ô kiểu ngày của Excel."),
        _(
            "Cả tệp được kiểm tra trước khi ghi: nếu có lỗi thì không ghi dòng nào, và mọi lỗi được liệt kê theo "
            "sheet, dòng, cột. Nhập lại cùng một tệp không làm thay đổi gì; nên xem trước (chạy thử) rồi mới nhập."
        ),
        _("Chỉ nhập được cho cán bộ, đơn vị thuộc phạm vi bạn được phân quyền."),
    ):
        guide.append([line])
    for sheet in SHEETS:
        guide.append([])
        heading = _("Sheet %(sheet)s") % {"sheet": sheet.name}
        if str(sheet.label) != sheet.name:
            heading = _("Sheet %(sheet)s: %(what)s") % {"sheet": sheet.name, "what": sheet.label}
        guide.append([heading])
        guide[guide.max_row][0].font = xlsx.BOLD
        xlsx.guide_columns(guide, sheet.columns, _("Cột"))
    for title, choices in (
        (_("Giá trị hợp lệ của cột Xếp loại"), Rating.choices),
        (_("Giá trị hợp lệ của cột Loại khen thưởng"), CommendationKind.choices),
        (_("Giá trị hợp lệ của cột Loại (sáng kiến)"), InitiativeKind.choices),
        (_("Giá trị hợp lệ của cột Cấp công nhận"), InitiativeLevel.choices),
        (_("Giá trị hợp lệ của cột Hình thức kỷ luật"), DisciplineForm.choices),
        (_("Giá trị hợp lệ của cột Loại việc"), PendingKind.choices),
    ):
        guide.append([])
        guide.append([title])
        guide[guide.max_row][0].font = xlsx.BOLD
        guide.append([_("Ghi"), _("hoặc mã")])
        for value, label in choices:
            guide.append([in_vietnamese(label), value])
    for title, model in ((_("Danh mục danh hiệu"), Title), (_("Danh mục hình thức khen thưởng"), AwardForm)):
        guide.append([])
        guide.append([title])
        guide[guide.max_row][0].font = xlsx.BOLD
        guide.append([_("Tên"), _("Mã"), _("Đối tượng")])
        for entry in model.objects.filter(active=True).order_by("recipient", "rank", "code"):
            guide.append([entry.name, entry.code, in_vietnamese(entry.get_recipient_display())])
    xlsx.set_widths(guide, (("A", 44), ("B", 16), ("C", 90)))
    for sheet in SHEETS:
        xlsx.header_row(workbook.create_sheet(sheet.name), sheet.columns)
    return xlsx.workbook_bytes(workbook)
