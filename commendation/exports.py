"""Decision exports: the decision with its recipient list (.docx, Decree 30 layout through
``documents.govdoc``), the list (.xlsx), and the council meeting's minutes (voting's minutes).
An issued decision's recipients are printed as they were on the day of issue (``DecisionLine.holder``)."""

import datetime

from openpyxl import Workbook

from commendation.models import CouncilMeeting, Decision
from commendation.services.decisions import issued_lines
from documents import xlsx
from documents.govdoc import GovDocument, Signer
from documents.xlsx import Out
from organisation import tree
from organisation.models import Unit


def _money(value) -> str:
    return "" if value is None else f"{value:,}".replace(",", ".")


def _holder(line) -> tuple[str, str]:
    """(rank and name, "position, unit") of a line: as issued (``DecisionLine.holder``), today's on a draft."""
    holder = line.holder
    if holder.person:
        where = ", ".join(x for x in (holder.position, holder.unit_name) if x)
        return f"{holder.rank} {holder.name}".strip(), where
    return holder.name, ""


def _rows(decision: Decision):
    for i, line in enumerate(issued_lines(decision), start=1):
        name, where = _holder(line)
        honour = (line.title or line.award_form).name
        yield i, name, where, honour, _money(line.bonus_amount), "Đã huỷ bỏ" if line.annulled else ""


# The legal basis printed when a decision states none: the law and decree in force on its date (Law 06/2022/QH15
# and Decree 98/2023/ND-CP from 01/01/2024; before, the 2003 law as amended and Decree 91/2017/ND-CP).
LAW_2022 = datetime.date(2024, 1, 1)
BASIS_2022 = [
    "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022",
    "Căn cứ Nghị định số 98/2023/NĐ-CP ngày 31 tháng 12 năm 2023 của Chính phủ quy định chi tiết thi hành một số "
    "điều của Luật Thi đua, khen thưởng",
]
BASIS_2003 = [
    "Căn cứ Luật Thi đua, khen thưởng ngày 26 tháng 11 năm 2003; Luật sửa đổi, bổ sung một số điều của Luật Thi đua, "
    "khen thưởng ngày 14 tháng 6 năm 2005 và ngày 16 tháng 11 năm 2013",
    "Căn cứ Nghị định số 91/2017/NĐ-CP ngày 31 tháng 7 năm 2017 của Chính phủ quy định chi tiết thi hành một số điều "
    "của Luật Thi đua, khen thưởng",
]
PROPOSED_BY = "Xét đề nghị của Thường trực Hội đồng Thi đua - Khen thưởng"


def basis_lines(decision: Decision) -> list[str]:
    """The "Căn cứ …;" lines of a decision (Decree 30/2020: each ends with ";", the last with "."): its own legal
    basis, one line each, else the law and decree in force on its date and the council's proposal."""
    stated = [line.strip().rstrip(";.").strip() for line in (decision.legal_basis or "").splitlines()]
    lines = [line for line in stated if line]
    if not lines:
        day = decision.date or datetime.date.today()
        lines = [*(BASIS_2022 if day >= LAW_2022 else BASIS_2003), PROPOSED_BY]
    return [f"{line}{'.' if n == len(lines) else ';'}" for n, line in enumerate(lines, start=1)]


def decision_docx(decision: Decision) -> bytes:
    """Quyết định khen thưởng with its articles and the recipient list (danh sách kèm theo)."""
    unit = decision.issuing_unit
    superior = unit.parent.name if unit.parent_id else ""
    number = f"{decision.number:02d}/{decision.symbol}" if decision.number else f"    /{decision.symbol}"
    doc = GovDocument(
        superior=superior,
        issuer=decision.issuer_name or unit.name,
        number=number,
        place=decision.place,
        date=decision.date,
        year=decision.year,
    )
    doc.title("Quyết định", decision.subject)
    doc.line((decision.signer_position or "Thủ trưởng đơn vị").upper(), bold=True)
    for line in basis_lines(decision):
        doc.paragraph(line, italic=True)
    doc.line("QUYẾT ĐỊNH:", bold=True)
    rows = list(_rows(decision))
    achievement = decision.achievement_text or f"Đã có thành tích xuất sắc năm {decision.year}"
    base = f" (mức lương cơ sở {_money(decision.base_salary)} đồng)" if decision.base_salary else ""
    doc.numbered(
        [
            f"Tặng thưởng cho {len(rows)} cá nhân, tập thể có tên trong danh sách kèm theo: {achievement}.",
            f"Tiền thưởng kèm theo được chi từ quỹ thi đua, khen thưởng theo quy định{base}.",
            "Quyết định có hiệu lực kể từ ngày ký. Các đơn vị, cá nhân có tên tại Điều 1 chịu trách nhiệm thi hành.",
        ],
        style="Điều {n}. ",
    )
    doc.signature(decision.signer_authority, decision.signer_position, decision.signer_name)
    doc.recipients(["Như Điều 3;", "Lưu: VT, Thường trực Hội đồng TĐKT."])
    doc.page_break()
    doc.title("Danh sách", f"(Kèm theo Quyết định số {number})")
    doc.table(
        ["TT", "Họ và tên, đơn vị", "Chức vụ, đơn vị", "Danh hiệu, hình thức", "Tiền thưởng (đồng)", "Ghi chú"], rows
    )
    return doc.to_bytes()


LIST_COLUMNS = (
    Out("Quyết định"),
    Out("Ngày", "date"),
    Out("Trạng thái"),
    Out("TT", "integer"),
    Out("Họ và tên / tập thể"),
    Out("Chức vụ, đơn vị"),
    Out("Danh hiệu, hình thức"),
    Out("Tiền thưởng (đồng)", "money"),
    Out("Ghi chú"),
)


def body_name(units) -> str:
    """The body a list is about: the names of the outermost of ``units`` (a queryset of the units
    the reader may see, or of the issuing units), in tree order."""
    paths = tree.outermost(units.values_list("path", flat=True))
    return "; ".join(Unit.objects.filter(path__in=paths).order_by("path").values_list("name", flat=True))


def decision_list_xlsx(decisions, *, scope=None) -> bytes:
    """One row per recipient of the given decisions, under a title naming the body: the outermost
    of the ``scope`` units (the units whose decisions the reader sees), else of the issuing units."""
    decisions = list(decisions)
    if scope is None:
        scope = Unit.objects.filter(pk__in={d.issuing_unit_id for d in decisions})
    body = body_name(scope)
    book = Workbook()
    sheet = book.active
    sheet.title = "Danh sách khen thưởng"
    rows = []
    for decision in decisions:
        for i, line in enumerate(issued_lines(decision), start=1):
            name, where = _holder(line)
            rows.append(
                [
                    decision.reference or decision.subject,
                    decision.date,
                    decision.get_status_display(),
                    i,
                    name,
                    where,
                    (line.title or line.award_form).name,
                    line.bonus_amount,
                    "Đã huỷ bỏ" if line.annulled else "",
                ]
            )
    title = f"Danh sách khen thưởng – {body}" if body else "Danh sách khen thưởng"
    xlsx.write_table(sheet, LIST_COLUMNS, rows, title=title)
    return xlsx.workbook_bytes(book)


def meeting_minutes_docx(meeting: CouncilMeeting) -> bytes:
    """Biên bản họp Hội đồng: members present, the agenda and each line's outcome, then the ballot
    count through voting's count minutes when a vote was held."""
    if meeting.election_id and meeting.election.is_closed:
        from voting.exports import count_minutes_docx

        return count_minutes_docx(meeting.election)
    doc = GovDocument(superior="", issuer=meeting.unit.name, number="", date=meeting.date, year=meeting.year)
    doc.title("Biên bản", f"Họp Hội đồng Thi đua – Khen thưởng năm {meeting.year}")
    members = list(meeting.members.select_related("person"))
    doc.paragraph(f"Địa điểm: {meeting.place}. Có mặt {sum(m.present for m in members)}/{len(members)} thành viên.")
    doc.table(
        ["TT", "Thành viên", "Chức danh", "Có mặt"],
        [(i, m.person.full_name, m.role, "Có mặt" if m.present else "Vắng") for i, m in enumerate(members, start=1)],
    )
    doc.signature_grid([Signer("Thư ký"), Signer("Chủ trì")], columns=2)
    return doc.to_bytes()
