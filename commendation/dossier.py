"""A proposal's dossier from the data (Law 2022 art. 84): the submission memo with its list of
recipients (Mẫu số 01), an achievement report per line (Mẫu số 02 for a person, 03 for a unit),
pre-filled from the records and editable, and the whole dossier with its signed scans as one
``.zip``. Every function returns bytes; views only wrap them."""

import io
import re
import zipfile
from collections import defaultdict
from collections.abc import Callable

from django.db.models import Q

from commendation.models import Proposal, ProposalLine
from documents.govdoc import GovDocument
from eligibility.models import Initiative
from honours.models import FormAward, TitleAward
from organisation.models import PersonRating, Rating

DECREE = "Nghị định số 152/2025/NĐ-CP"
STATUS_WORDS = {
    "eligible": "Đủ điều kiện",
    "not_eligible": "Chưa đủ điều kiện",
    "postponed": "Tạm hoãn xét",
    "": "Không có quy tắc kiểm tra",
}
HISTORY_YEARS = 5


def _superior(unit) -> str:
    return unit.parent.name if unit.parent_id else ""


def _place(unit) -> str:
    """ "Quảng Bình" from "Công an tỉnh Quảng Bình" (the province of the unit's nearest province ancestor)."""
    current = unit
    while current is not None:
        match = re.match(r"Công an (?:tỉnh|thành phố) (.+)", current.name)
        if match:
            return match.group(1)
        current = current.parent
    return ""


def recipients(proposal: Proposal) -> list[ProposalLine]:
    return list(
        proposal.lines.select_related("person__unit", "unit__parent", "title", "award_form").order_by("order", "pk")
    )


def memo_docx(proposal: Proposal) -> bytes:
    """Tờ trình đề nghị khen thưởng with the list of recipients (titles and forms in two tables)."""
    unit = proposal.unit
    doc = GovDocument(
        superior=_superior(unit),
        issuer=unit.name,
        number=proposal.number or "",
        place=_place(unit),
        date=proposal.submitted_at.date() if proposal.submitted_at else None,
        year=None,
    )
    doc.line(f"Mẫu số 01 – {DECREE}", align="right", italic=True, size_pt=11)
    doc.title("Tờ trình", proposal.title)
    doc.addressed_to([f"Hội đồng Thi đua – Khen thưởng {proposal.to_unit.name}"])
    doc.paragraph("Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;")
    doc.paragraph(f"Căn cứ {DECREE} quy định chi tiết thi hành một số điều của Luật Thi đua, khen thưởng;")
    lines = recipients(proposal)
    doc.paragraph(
        f"{unit.name} đề nghị Hội đồng Thi đua – Khen thưởng {proposal.to_unit.name} xem xét, khen thưởng "
        f"cho {len(lines)} trường hợp có thành tích năm {proposal.year}, cụ thể như sau:"
    )
    if proposal.achievement:
        doc.paragraph(f"Thành tích: {proposal.achievement}")
    for kind, heading in (("title", "Danh hiệu thi đua"), ("form", "Hình thức khen thưởng")):
        chosen = [x for x in lines if (x.title_id if kind == "title" else x.award_form_id)]
        if not chosen:
            continue
        doc.heading(heading)
        doc.table(
            ["TT", "Họ và tên / Tập thể", "Chức vụ, đơn vị", "Danh hiệu, hình thức", "Kiểm tra điều kiện"],
            [
                [n, _holder(x), _where(x), x.honour.name, STATUS_WORDS.get(x.engine_status, x.engine_status)]
                for n, x in enumerate(chosen, start=1)
            ],
            widths_mm=[10, 45, 50, 40, 20],
        )
    flagged = [x for x in lines if x.flagged]
    if flagged:
        doc.heading("Giải trình các trường hợp chưa đủ điều kiện theo bộ quy tắc")
        for x in flagged:
            doc.paragraph(f"{_holder(x)} ({x.honour.name}): {x.justification}")
    doc.paragraph(f"Kính trình Hội đồng Thi đua – Khen thưởng {proposal.to_unit.name} xem xét, quyết định./.")
    doc.signature("Thủ trưởng đơn vị", "", "")
    doc.recipients(["Như trên;", "Lưu: VT."])
    return doc.to_bytes()


def _holder(line: ProposalLine) -> str:
    return line.person.full_name if line.person_id else line.unit.name


def _where(line: ProposalLine) -> str:
    if line.person_id:
        parts = [line.person.position, line.person.unit.name if line.person.unit_id else ""]
        return ", ".join(p for p in parts if p)
    return line.unit.parent.name if line.unit.parent_id else ""


def _records(lines: list[ProposalLine], first: int, year: int) -> dict:
    """What the achievement reports of ``lines`` read, for years ``first``..``year``, in four queries
    whatever the number of lines: ratings by person, honours by holder, initiatives by person."""
    person_ids = {x.person_id for x in lines if x.person_id}
    unit_ids = {x.unit_id for x in lines if x.unit_id and not x.person_id}
    labels = dict(Rating.choices)
    ratings: dict[int, dict[int, str]] = defaultdict(dict)
    for person_id, y, rating in PersonRating.objects.filter(
        person_id__in=person_ids, year__range=(first, year)
    ).values_list("person_id", "year", "rating"):
        ratings[person_id][y] = labels.get(rating, "")
    holders = Q(person_id__in=person_ids) | Q(unit_id__in=unit_ids)
    honours: dict[tuple, list] = defaultdict(list)
    for award in TitleAward.objects.filter(holders, year__range=(first, year), annulled=False).select_related("title"):
        key = ("person", award.person_id) if award.person_id else ("unit", award.unit_id)
        honours[key].append((award.year, award.title.name, award.decision_ref))
    for award in FormAward.objects.filter(holders, year__range=(first, year), annulled=False).select_related(
        "award_form"
    ):
        key = ("person", award.person_id) if award.person_id else ("unit", award.unit_id)
        honours[key].append((award.year, award.award_form.name, award.decision_ref))
    initiatives: dict[int, list] = defaultdict(list)
    for initiative in Initiative.objects.filter(
        person_id__in=person_ids, recognised_on__year__range=(first, year)
    ).order_by("recognised_on", "pk"):
        initiatives[initiative.person_id].append(initiative)
    return {"ratings": ratings, "honours": honours, "initiatives": initiatives}


def report_text(line: ProposalLine, records: dict | None = None) -> str:
    """The achievement report pre-filled from the records: for a person, the yearly ratings of the
    last five years, the titles, forms and initiatives; for a unit, its titles and forms. ``records``:
    what ``_records`` read for all the proposal's lines at once (read for this line alone if not given)."""
    year = line.proposal.year
    first = year - HISTORY_YEARS + 1
    if records is None:
        records = _records([line], first, year)
    out = []
    if line.person_id:
        person = line.person
        out.append("I. SƠ LƯỢC LÝ LỊCH")
        out.append(
            f"Họ và tên: {person.full_name}. Cấp bậc: {person.get_rank_display() or '—'}. "
            f"Chức vụ: {person.position or '—'}. Đơn vị: {person.unit.name if person.unit_id else '—'}."
        )
        out.append("II. THÀNH TÍCH ĐẠT ĐƯỢC")
        out.append(line.summary or line.proposal.achievement or "(Đơn vị bổ sung thành tích cụ thể.)")
        out.append("Kết quả xếp loại:")
        rated = records["ratings"].get(person.pk, {})
        out += [f"- Năm {y}: {rated.get(y) or 'chưa xếp loại'}." for y in range(year, first - 1, -1)]
        key = ("person", person.pk)
    else:
        out.append("I. ĐẶC ĐIỂM, TÌNH HÌNH")
        out.append(f"{line.unit.name}.")
        out.append("II. THÀNH TÍCH ĐẠT ĐƯỢC")
        out.append(line.summary or line.proposal.achievement or "(Đơn vị bổ sung thành tích cụ thể.)")
        key = ("unit", line.unit_id)
    out.append("III. CÁC HÌNH THỨC ĐÃ ĐƯỢC KHEN THƯỞNG")
    honours = sorted(records["honours"].get(key, []), reverse=True)
    out += [f"- Năm {y}: {name}{f' (Quyết định {ref})' if ref else ''}." for y, name, ref in honours] or ["- Không."]
    if line.person_id:
        out.append("Sáng kiến, đề tài:")
        out += [
            f"- {i.title} ({i.get_level_display()}, công nhận ngày {i.recognised_on:%d/%m/%Y})."
            for i in records["initiatives"].get(line.person_id, [])
        ] or ["- Không."]
    return "\n".join(out)


def report_docx(line: ProposalLine, records: dict | None = None) -> bytes:
    """Báo cáo thành tích of one line: the saved (edited) text, else the pre-filled one."""
    proposal = line.proposal
    saved = getattr(line, "report", None)  # RelatedObjectDoesNotExist is an AttributeError
    text = saved.text if saved is not None else report_text(line, records)
    form_no = "02" if line.person_id else "03"
    doc = GovDocument(
        superior=_superior(proposal.unit),
        issuer=proposal.unit.name,
        number=None,
        place=_place(proposal.unit),
        date=None,
        year=proposal.year,
    )
    doc.line(f"Mẫu số {form_no} – {DECREE}", align="right", italic=True, size_pt=11)
    doc.title("Báo cáo thành tích", f"Đề nghị tặng {line.honour.name}")
    doc.line(_holder(line), bold=True)
    for paragraph in text.splitlines():
        if re.match(r"^[IVX]+\. ", paragraph):
            doc.heading(paragraph)
        elif paragraph.strip():
            doc.paragraph(paragraph.strip())
    doc.signature("Thủ trưởng đơn vị xác nhận" if line.person_id else "Thủ trưởng đơn vị", "", "")
    return doc.to_bytes()


def _safe(name: str) -> str:
    return re.sub(r"[\\/:*?\"<>|\s]+", "_", name).strip("_") or "tep"


def dossier_zip(
    proposal: Proposal, *, progress: Callable[[int, int], object] | None = None, target=None
) -> bytes | None:
    """The whole dossier: the memo, every achievement report, every uploaded scan. ``progress(done, total)``
    after the memo and each report (a job's progress bar); ``target``: a binary file the zip is written to
    instead (None returned), so that a big dossier is never held whole in memory."""
    buffer = io.BytesIO() if target is None else target
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("01_to_trinh.docx", memo_docx(proposal))
        lines = list(
            proposal.lines.select_related("person__unit", "unit", "title", "award_form", "report").order_by(
                "order", "pk"
            )
        )
        records = _records(lines, proposal.year - HISTORY_YEARS + 1, proposal.year)
        if progress:
            progress(0, len(lines))
        for n, line in enumerate(lines, start=1):
            archive.writestr(f"02_bao_cao_thanh_tich/{n:02d}_{_safe(_holder(line))}.docx", report_docx(line, records))
            if progress:
                progress(n, len(lines))
        for n, stored in enumerate(proposal.files.order_by("kind", "uploaded_at", "pk"), start=1):
            with stored.file.open("rb") as handle:
                archive.writestr(
                    f"03_tai_lieu_da_ky/{n:02d}_{stored.kind}_{_safe(stored.original_name)}", handle.read()
                )
    return buffer.getvalue() if target is None else None
