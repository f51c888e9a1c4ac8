"""Certificates (Bằng khen, Giấy khen, the titles' Giấy chứng nhận) as PDF with WeasyPrint.

Two layouts per ``CertificateTemplate``:

- blank paper: the whole design in HTML/CSS (A4 or A3 landscape) — national title and motto,
  the conferring authority, the form, "Tặng", the recipient, the achievement, the decision, the
  place and date, the signer and the register number;
- pre-printed stock (phôi): only the variable fields the template lists in ``fields``
  (``{"recipient": {"x": mm, "y": mm, "size": pt, "width": mm, "align": "center"}}``; x, y is the
  top-left corner of the field's box on the paper), each shifted by the printer offset
  (``offset_x_mm``/``offset_y_mm``) that the user measures on ``calibration_page_pdf``.

A draft is marked "BẢN NHÁP" across every page; an annulled line is never printed as a final
certificate (``CertificateRefused``) and its draft is marked "ĐÃ HUỶ BỎ".

Fonts: the vendored DejaVu files under ``static/vendor/fonts`` through ``@font-face`` with
``file://`` URLs, so that every Vietnamese letter renders whatever fonts the server has.

``certificate_html`` and ``render_pdf`` take plain data; the ``*_pdf`` functions load the rows.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, replace
from pathlib import Path

from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from documents.govdoc import MOTTO, NATION, vietnamese_date

FONTS_DIR = Path(__file__).resolve().parent.parent / "static" / "vendor" / "fonts"
PAPER_MM = {"a4l": (297, 210), "a3l": (420, 297)}
DRAFT_MARK = "BẢN NHÁP"
ANNULLED_MARK = "ĐÃ HUỶ BỎ"
DEFAULT_ACHIEVEMENT = "Đã có thành tích xuất sắc trong phong trào thi đua “Vì an ninh Tổ quốc” năm {year}"

# The variable fields a pre-printed template may place, in print order, with their labels.
FIELDS = {
    "authority": "Cấp tặng",
    "form": "Hình thức (BẰNG KHEN …)",
    "honour": "Tên danh hiệu",
    "recipient": "Người, tập thể được tặng",
    "details": "Chức vụ, đơn vị",
    "achievement": "Thành tích",
    "decision_ref": "Quyết định số, ngày",
    "place_date": "Địa danh, ngày tháng",
    "signer_authority": "Quyền hạn ký",
    "signer_position": "Chức vụ người ký",
    "signer_name": "Người ký",
    "register_number": "Số vào sổ",
}

# Positions for the usual ministry blank (A4 landscape, the emblem and the printed titles on the
# top half): the starting point that a calibration then refines.
DEFAULT_PREPRINTED_FIELDS = {
    "recipient": {"x": 40, "y": 92, "size": 20, "width": 217, "align": "center"},
    "details": {"x": 40, "y": 104, "size": 13, "width": 217, "align": "center"},
    "achievement": {"x": 45, "y": 118, "size": 13, "width": 207, "align": "center"},
    "decision_ref": {"x": 20, "y": 160, "size": 11, "width": 110, "align": "left"},
    "register_number": {"x": 20, "y": 167, "size": 11, "width": 110, "align": "left"},
    "place_date": {"x": 160, "y": 145, "size": 12, "width": 120, "align": "center"},
    "signer_name": {"x": 160, "y": 185, "size": 14, "width": 120, "align": "center"},
}


class CertificateRefused(Exception):
    """A final certificate that must not be printed (annulled, or the decision not issued)."""


@dataclass(frozen=True)
class CertificateData:
    """What one certificate prints, as plain strings."""

    authority: str
    form: str
    honour: str
    rank: str
    recipient: str
    details: str
    achievement: str
    decision_ref: str
    place_date: str
    signer_authority: str
    signer_position: str
    signer_name: str
    register_number: str
    annulled: bool = False


@dataclass(frozen=True)
class Layout:
    """The printing side of a ``CertificateTemplate`` as plain data."""

    paper: str = "a4l"
    preprinted: bool = False
    fields: dict | None = None
    offset_x_mm: float = 0.0
    offset_y_mm: float = 0.0
    authority: str = ""

    @classmethod
    def of(cls, template) -> Layout:
        if template is None:
            return cls()
        if isinstance(template, Layout):
            return template
        return cls(
            paper=template.paper,
            preprinted=template.preprinted,
            fields=dict(template.fields or {}),
            offset_x_mm=float(template.offset_x_mm or 0),
            offset_y_mm=float(template.offset_y_mm or 0),
            authority=template.authority,
        )


# Data --------------------------------------------------------------------------------------


def form_heading(title, award_form) -> tuple[str, str]:
    """("BẰNG KHEN", "") for a Bằng khen; ("GIẤY CHỨNG NHẬN", "Chiến sĩ thi đua cơ sở") for a title."""
    if award_form is not None:
        code = award_form.code.upper()
        if code.startswith("BK"):
            return "BẰNG KHEN", ""
        if code.startswith("GK"):
            return "GIẤY KHEN", ""
        return "GIẤY CHỨNG NHẬN", award_form.name
    if title is not None:
        return "GIẤY CHỨNG NHẬN", title.name
    return "GIẤY CHỨNG NHẬN", ""


def authority_of(decision, layout: Layout) -> str:
    if layout.authority:
        return layout.authority
    if decision.issuer_name:
        return decision.issuer_name.upper()
    head = (decision.signer_authority or "").split(".", 1)[-1].strip() or decision.signer_position
    return f"{head} {decision.issuing_unit.name}".strip().upper()


def achievement_of(line) -> str:
    """The achievement a certificate states: the decision's own text for its certificates, else the
    achievement the proposal of the line stated, else the year's usual wording."""
    decision = line.decision
    if decision.achievement_text:
        return decision.achievement_text
    proposal_line = line.proposal_line if line.proposal_line_id else None
    if proposal_line is not None and proposal_line.proposal.achievement.strip():
        return proposal_line.proposal.achievement.strip()
    return DEFAULT_ACHIEVEMENT.format(year=decision.year)


def line_data(line, layout: Layout | None = None) -> CertificateData:
    """The certificate of one ``DecisionLine`` (its decision, person or unit, title or form loaded): the
    recipient as on the day of issue (``DecisionLine.holder``; today's on a draft decision). A room or a
    commune police names its province: "Phòng Hậu cần, Công an tỉnh Quảng Bình"."""
    layout = layout or Layout()
    decision = line.decision
    form, honour = form_heading(line.title, line.award_form)
    holder = line.holder
    if holder.person:
        rank, recipient = holder.rank, holder.name
        details = ", ".join(x for x in (holder.position, holder.unit_line) if x)
    else:
        rank, recipient, details = "", holder.unit_line, ""
    reference = decision.reference
    return CertificateData(
        authority=authority_of(decision, layout),
        form=form,
        honour=honour,
        rank=rank,
        recipient=recipient,
        details=details,
        achievement=achievement_of(line),
        decision_ref=f"Quyết định số {reference}" if reference else "Quyết định số …",
        place_date=vietnamese_date(decision.place, decision.date, year=decision.year),
        signer_authority=decision.signer_authority,
        signer_position=decision.signer_position,
        signer_name=decision.signer_name,
        register_number=line.register_number,
        annulled=bool(line.annulled or decision.status == "annulled"),
    )


def sample_data(layout: Layout | None = None) -> CertificateData:
    """Made-up data for a template's preview."""
    return CertificateData(
        authority=(layout.authority if layout and layout.authority else "GIÁM ĐỐC CÔNG AN TỈNH QUẢNG BÌNH"),
        form="BẰNG KHEN",
        honour="",
        rank="Đại úy",
        recipient="Nguyễn Thị Hồng Nhung",
        details="Phó Trưởng phòng, Phòng Công tác đảng và công tác chính trị, Công an tỉnh Quảng Bình",
        achievement=DEFAULT_ACHIEVEMENT.format(year=datetime.date.today().year - 1),
        decision_ref="Quyết định số 1234/QĐ-CAT ngày 10/12/2025",
        place_date="Quảng Bình, ngày 10 tháng 12 năm 2025",
        signer_authority="KT. GIÁM ĐỐC",
        signer_position="PHÓ GIÁM ĐỐC",
        signer_name="Trần Minh Thùy",
        register_number="Số vào sổ: 125/2025",
    )


# HTML --------------------------------------------------------------------------------------


def _fmt(value: float) -> str:
    return f"{value:.1f}"


def placed_fields(data: CertificateData, layout: Layout) -> list[dict]:
    """The pre-printed fields with their final position (offset applied), in ``FIELDS`` order."""
    out = []
    for name in FIELDS:
        spec = (layout.fields or {}).get(name)
        if not spec:
            continue
        text = getattr(data, name) if data is not None else FIELDS[name]
        if name == "recipient" and data is not None and data.rank:
            text = f"{data.rank} {text}"
        out.append(
            {
                "name": name,
                "label": FIELDS[name],
                "text": text,
                "x": _fmt(float(spec.get("x", 0)) + layout.offset_x_mm),
                "y": _fmt(float(spec.get("y", 0)) + layout.offset_y_mm),
                "width": _fmt(float(spec.get("width", 100))),
                "size": _fmt(float(spec.get("size", 13))),
                "align": spec.get("align", "center") if spec.get("align") in ("left", "center", "right") else "center",
            }
        )
    return out


def _font_css() -> str:
    faces = [
        ("DejaVu Serif", "DejaVuSerif.ttf", "normal", "normal"),
        ("DejaVu Serif", "DejaVuSerif-Bold.ttf", "bold", "normal"),
        ("DejaVu Serif", "DejaVuSerif-Italic.ttf", "normal", "italic"),
        ("DejaVu Sans", "DejaVuSans.ttf", "normal", "normal"),
        ("DejaVu Sans", "DejaVuSans-Bold.ttf", "bold", "normal"),
    ]
    return "\n".join(
        f'@font-face {{ font-family: "{family}"; src: url("{(FONTS_DIR / file).as_uri()}"); '
        f"font-weight: {weight}; font-style: {style}; }}"
        for family, file, weight, style in faces
    )


def _page_context(layout: Layout) -> dict:
    width, height = PAPER_MM.get(layout.paper, PAPER_MM["a4l"])
    return {
        "font_css": _font_css(),
        "paper_w": width,
        "paper_h": height,
        "preprinted": layout.preprinted,
        "nation": NATION.upper(),
        "motto": MOTTO,
    }


def _page(data: CertificateData, layout: Layout, *, draft: bool) -> dict:
    mark = ANNULLED_MARK if data.annulled else (DRAFT_MARK if draft else "")
    return {"data": data, "mark": mark, "fields": placed_fields(data, layout) if layout.preprinted else []}


def certificates_html(items: list[CertificateData], template=None, *, draft: bool = False) -> str:
    """One HTML document, one page per certificate."""
    layout = Layout.of(template)
    context = _page_context(layout) | {"pages": [_page(d, layout, draft=draft) for d in items]}
    return render_to_string("commendation/certificates/certificate.html", context)


def certificate_html(line_or_data, template=None, *, draft: bool = False, test_page: bool = False) -> str:
    """The HTML of one certificate (a ``DecisionLine`` or ``CertificateData``), or with
    ``test_page`` the calibration page of ``template``."""
    layout = Layout.of(template)
    if test_page:
        return _calibration_html(layout)
    data = line_or_data if isinstance(line_or_data, CertificateData) else line_data(line_or_data, layout)
    return certificates_html([data], layout, draft=draft)


def _calibration_html(layout: Layout) -> str:
    width, height = PAPER_MM.get(layout.paper, PAPER_MM["a4l"])
    fields = layout.fields or (DEFAULT_PREPRINTED_FIELDS if layout.preprinted else {})
    marks = placed_fields(None, replace(layout, fields=fields))
    context = _page_context(layout) | {
        "marks": marks,
        "ticks_x": [{"mm": m, "major": m % 10 == 0, "label": m if m % 50 == 0 else ""} for m in range(0, width + 1, 5)],
        "ticks_y": [
            {"mm": m, "major": m % 10 == 0, "label": m if m % 50 == 0 else ""} for m in range(0, height + 1, 5)
        ],
        "offset_x": _fmt(layout.offset_x_mm),
        "offset_y": _fmt(layout.offset_y_mm),
        "center_x": _fmt(width / 2),
        "center_y": _fmt(height / 2),
    }
    return render_to_string("commendation/certificates/calibration.html", context)


# PDF ---------------------------------------------------------------------------------------


def render_pdf(html: str) -> bytes:
    """WeasyPrint on a final HTML string (fonts read from ``file://`` URLs, nothing from the network)."""
    from weasyprint import HTML  # imported here: it loads Pango, which the web pages do not need

    return HTML(string=html, base_url=FONTS_DIR.as_uri() + "/").write_pdf()


def _honour_key(obj) -> tuple:
    return ("f", obj.award_form_id) if obj.award_form_id else ("t", obj.title_id)


def templates_for(issuing_unit) -> dict:
    """(honour kind, id) → the ``CertificateTemplate`` a decision of ``issuing_unit`` prints with: the one
    owned nearest above it (its own first, then its superiors'), else the oldest of the honour."""
    from commendation.models import CertificateTemplate

    path = issuing_unit.path if issuing_unit is not None else ""
    chosen, depth = {}, {}
    for t in CertificateTemplate.objects.select_related("owner").order_by("pk"):
        key = _honour_key(t)
        near = len(t.owner.path) if path.startswith(t.owner.path) else -1
        if key not in chosen or near > depth[key]:
            chosen[key], depth[key] = t, near
    return chosen


def template_for(line):
    """The ``CertificateTemplate`` of a line's title or form (``templates_for`` its decision's issuing
    unit), else the default blank layout (None)."""
    return templates_for(line.decision.issuing_unit).get(_honour_key(line))


def _lines(queryset):
    return queryset.select_related(
        "decision__issuing_unit",
        "person__unit__parent",
        "unit__parent",
        "title",
        "award_form",
        "proposal_line__proposal",
    )


def _check_final(decision, *, draft: bool) -> None:
    if not draft and (decision.status != "issued" or not decision.number or not decision.date):
        raise CertificateRefused(_("Quyết định chưa ban hành hoặc đã bị huỷ bỏ: chỉ xem được bản nháp."))


def certificate_pdf(decision_line, *, draft: bool = False, template=None) -> bytes:
    """The certificate of one recipient. A final one is refused for an annulled line or a decision
    not issued; the draft of an annulled line is marked "ĐÃ HUỶ BỎ"."""
    from commendation.models import DecisionLine

    line = _lines(DecisionLine.objects).get(pk=decision_line.pk)
    _check_final(line.decision, draft=draft)
    if line.annulled and not draft:
        raise CertificateRefused(_("Khen thưởng này đã bị huỷ bỏ: không in bằng."))
    template = template if template is not None else template_for(line)
    return render_pdf(certificate_html(line, template, draft=draft))


def _decision_pages(decision, *, draft: bool, template) -> tuple[Layout, list]:
    """The lines of a decision's batch, each with its layout (its title's or form's template; ``template`` forces
    one for all), and the first line's layout (the paper of the whole document)."""
    lines = list(_lines(decision.lines.all()))
    if not draft:
        lines = [line for line in lines if not line.annulled]
    if not lines:
        raise CertificateRefused(_("Quyết định không còn người, tập thể nào để in bằng."))
    if template is not None:
        layout = Layout.of(template)
        return layout, [(line, layout) for line in lines]
    by_honour = {key: Layout.of(t) for key, t in templates_for(decision.issuing_unit).items()}
    layouts = [by_honour.get(_honour_key(ln), Layout()) for ln in lines]
    return layouts[0], list(zip(lines, layouts, strict=True))


def _pages_html(first: Layout, items: list, *, draft: bool) -> str:
    # One document, one page per recipient; the paper of the first line's template applies to the whole batch,
    # each line keeps its own page design (the same as the first's when they agree).
    pages = [_page(line_data(ln, lay), lay, draft=draft) for ln, lay in items]
    return render_to_string("commendation/certificates/certificate.html", _page_context(first) | {"pages": pages})


def decision_html(decision, *, draft: bool = False, template=None) -> str:
    """The HTML of every certificate of a decision, one page per recipient: each line laid out
    with its own title's or form's template (``template`` forces one for all)."""
    first, items = _decision_pages(decision, draft=draft, template=template)
    return _pages_html(first, items, draft=draft)


BATCH_PAGES = 100  # a batch with ``progress`` is laid out this many certificates at a time


def decision_certificates_pdf(decision, *, draft: bool = False, template=None, progress=None) -> bytes:
    """All the certificates of a decision in one PDF, one page per recipient (annulled lines
    left out of a final batch, marked in a draft). With ``progress(done, total)`` (a job), the pages are laid
    out ``BATCH_PAGES`` at a time, reported after each, and written as one PDF."""
    _check_final(decision, draft=draft)
    if progress is None:
        return render_pdf(decision_html(decision, draft=draft, template=template))
    from weasyprint import HTML

    first, items = _decision_pages(decision, draft=draft, template=template)
    base_url = FONTS_DIR.as_uri() + "/"
    documents = []
    progress(0, len(items))
    for start in range(0, len(items), BATCH_PAGES):
        html = _pages_html(first, items[start : start + BATCH_PAGES], draft=draft)
        documents.append(HTML(string=html, base_url=base_url).render())
        progress(min(start + BATCH_PAGES, len(items)), len(items))
    return documents[0].copy([page for document in documents for page in document.pages]).write_pdf()


def calibration_page_pdf(template) -> bytes:
    """The test page of a template: a crosshair and a box at each field's position (offset
    applied) and mm rulers along the edges. Printed on a blank of the stock and held against the
    light, the distance from a crosshair to where the field belongs is the offset to add."""
    return render_pdf(certificate_html(None, template, test_page=True))
