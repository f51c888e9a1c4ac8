"""``GovDocument``, a document being built top to bottom, and ``Signer``, one signature block."""

from __future__ import annotations

import copy
import datetime
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt, RGBColor
from docx.table import _Cell

from documents.govdoc.layout import DEFAULT_LAYOUT, Layout
from documents.govdoc.ooxml import (
    AFTER_PBDR,
    all_scripts,
    cant_split,
    fld_char,
    format_paragraph,
    has_border,
    repeat_header,
    table_borders,
)
from documents.govdoc.text import MOTTO, NATION, estimated_width_mm, vietnamese_date

_R, _T = qn("w:r"), qn("w:t")


def _plain(text: str) -> bool:
    """Text that is one ``<w:t>`` as python-docx writes it: not empty, no tab or line break, no edge spaces."""
    return bool(text) and text.strip() == text and not any(c in text for c in "\t\r\n")


@dataclass(frozen=True)
class Signer:
    """One signature block. ``authority`` may hold several lines ("TM. ỦY BAN NHÂN DÂN\\nKT. CHỦ TỊCH")
    or, in a grid, the signing unit's name; ``position`` and ``name`` may be empty (not yet signed)."""

    authority: str = ""
    position: str = ""
    name: str = ""


class GovDocument:
    """A document being built, top to bottom. Every method appends and returns ``self``.

    ``superior``: the body directly above the issuer ("Bộ Công an"), or "" for none;
    ``issuer``: the issuing body ("Công an tỉnh Quảng Bình", "Khối thi đua …");
    ``number``: "123/QĐ-CAT-PX03" (printed after "Số: "), "" for a blank to be filled in by the
    registry, ``None`` for no number line; ``summary``: the "V/v …" line of an official letter;
    ``place``/``date``: the place-and-date line (``date=None`` leaves blanks, with ``year``).
    """

    def __init__(
        self,
        *,
        superior: str = "",
        issuer: str,
        number: str | None = None,
        place: str = "",
        date: datetime.date | None = None,
        year: int | None = None,
        summary: str = "",
        layout: Layout = DEFAULT_LAYOUT,
    ):
        self.layout = layout
        self.document = Document()
        self._beside_signature = None  # the empty left cell next to the last signature, for "Nơi nhận"
        self._set_up_page()
        self._set_up_styles()
        self._page_numbers()
        self.document.core_properties.language = "vi-VN"
        self._header(superior, issuer, number, summary, vietnamese_date(place, date, year=year))

    # Building blocks -----------------------------------------------------------------------

    def title(self, kind: str, subject: str = "") -> GovDocument:
        """The document's type ("Quyết định", "Biên bản", "Bản giao ước thi đua") in bold capitals,
        centered, and under it the subject in bold with a short rule beneath."""
        lay = self.layout
        p = self._paragraph(align="center", space_before=12, space_after=0 if subject else 12, keep_with_next=True)
        self._run(p, kind.upper(), lay.kind_pt, bold=True)
        if subject:
            p = self._paragraph(align="center", space_after=0, keep_with_next=True)
            self._run(p, subject, lay.subject_pt, bold=True)
            width = min(estimated_width_mm(subject, lay.subject_pt, bold=True), lay.text_width_mm)
            self._rule(self.document, max(20.0, min(50.0, width / 3)), lay.text_width_mm, space_after=12)
        self.document.core_properties.title = f"{kind} {subject}".strip()
        return self

    def addressed_to(self, addressees: Sequence[str]) -> GovDocument:
        """ "Kính gửi: …" for submission memos and letters; several addressees go one per line."""
        lay = self.layout
        if len(addressees) == 1:
            p = self._paragraph(align="center", space_after=lay.space_after_pt)
            self._run(p, "Kính gửi: ", lay.body_pt)
            self._run(p, addressees[0], lay.body_pt)
            return self
        p = self._paragraph(align="center", space_after=0)
        self._run(p, "Kính gửi:", lay.body_pt)
        for addressee in addressees:
            p = self._paragraph(align="left", space_after=0)
            p.paragraph_format.left_indent = Cm(5)
            self._run(p, f"- {addressee}", lay.body_pt)
        return self

    def heading(self, text: str) -> GovDocument:
        """A section heading in the body ("I. KẾT QUẢ …"), bold, with the body's indent."""
        p = self._paragraph(align="justify", indent=True, keep_with_next=True)
        self._run(p, text, self.layout.body_pt, bold=True)
        return self

    def paragraph(
        self, text: str, *, bold: bool = False, italic: bool = False, indent: bool = True, align: str = "justify"
    ) -> GovDocument:
        """One body paragraph: justified, first-line indent, 6 pt after."""
        p = self._paragraph(align=align, indent=indent)
        self._run(p, text, self.layout.body_pt, bold=bold, italic=italic)
        return self

    def paragraphs(self, text: str) -> GovDocument:
        """Body paragraphs from plain text, one per non-empty line."""
        for line in text.splitlines():
            if line.strip():
                self.paragraph(line.strip())
        return self

    def line(
        self,
        text: str,
        *,
        align: str = "center",
        bold: bool = False,
        italic: bool = False,
        size_pt: float | None = None,
    ) -> GovDocument:
        """A short line outside the body flow, e.g. "(Dự thảo)" under a title."""
        p = self._paragraph(align=align, space_after=self.layout.space_after_pt)
        self._run(p, text, size_pt or self.layout.body_pt, bold=bold, italic=italic)
        return self

    def numbered(self, items: Iterable[str], *, start: int = 1, style: str = "{n}. ") -> GovDocument:
        """Numbered body paragraphs ("1. …"); the numbers are text, so they survive copy and paste.
        ``style`` may be "Điều {n}. " (decisions) or "{n}) "."""
        for n, text in enumerate(items, start=start):
            p = self._paragraph(align="justify", indent=True)
            self._run(p, style.format(n=n), self.layout.body_pt, bold=style.startswith("Điều"))
            self._run(p, text, self.layout.body_pt)
        return self

    def table(
        self, headers: Sequence[str], rows: Iterable[Sequence[object]], *, widths_mm: Sequence[float] | None = None
    ) -> GovDocument:
        """A ruled table (recipient lists of decisions, tallies): bold centered header row."""
        lay = self.layout
        rows = [list(r) for r in rows]
        widths = list(widths_mm or [lay.text_width_mm / len(headers)] * len(headers))
        table = self._table(1 + len(rows), len(headers), widths, borders=True)
        # Row by row, never ``table.cell(i, j)``: it walks every cell of the table on each call (a 1,500-line list
        # took minutes). A body cell's paragraph is the same but for its text: the first plain one (and the first
        # empty one) is built, the others are copies of it with their own text (text with tabs, line breaks or edge
        # spaces is built as ever).
        tr_list = table._tbl.tr_lst
        for tc, header in zip(tr_list[0].tc_lst, headers, strict=True):
            self._cell_text(_Cell(tc, table), str(header), lay.table_pt, bold=True, align="center")
        repeat_header(table.rows[0])
        prototypes = {}  # True: a plain text's paragraph, False: an empty cell's
        for tr, row in zip(tr_list[1:], rows, strict=True):
            for tc, value in zip(tr.tc_lst, row, strict=False):
                text = "" if value is None else str(value)
                kind = _plain(text) or (False if not text else None)
                if kind is None or kind not in prototypes:
                    p = self._cell_text(_Cell(tc, table), text, lay.table_pt, align="left")
                    if kind is not None:
                        prototypes[kind] = p._p
                    continue
                p = copy.deepcopy(prototypes[kind])
                if kind:
                    p.find(_R).find(_T).text = text
                tc.replace(tc.p_lst[0], p)
        self._paragraph(space_after=0)
        return self

    def signature(self, authority: str = "", position: str = "", name: str = "") -> GovDocument:
        """The signer's block at the right: authority ("KT. Giám đốc") and position ("Phó Giám đốc")
        in bold capitals, room for the signature and seal, the full name in bold. ``recipients``
        called next fills the empty left column."""
        lay = self.layout
        left = 0.45 * lay.text_width_mm
        table = self._table(1, 2, [left, lay.text_width_mm - left])
        cant_split(table.rows[0])
        self._signer(table.cell(0, 1), Signer(authority, position, name), lay.signature_pt)
        self._beside_signature = table.cell(0, 0)
        return self

    def signature_grid(
        self, blocks: Sequence[Signer | tuple[str, str, str]], *, columns: int | None = None, caption: str = ""
    ) -> GovDocument:
        """Signature blocks side by side, one per signing unit (a pledge, joint minutes).

        ``blocks`` are ``Signer`` or (authority, position, name) tuples; ``columns`` defaults to 2
        for two or four blocks, else 3. A row never breaks across pages."""
        blocks = [b if isinstance(b, Signer) else Signer(*b) for b in blocks]
        if not blocks:
            return self
        if columns is None:
            columns = 2 if len(blocks) in (2, 4) else 3
        columns = max(1, min(columns, len(blocks)))
        lay = self.layout
        if caption:
            p = self._paragraph(align="center", space_before=12, keep_with_next=True)
            self._run(p, caption.upper(), lay.grid_pt, bold=True)
        n_rows = -(-len(blocks) // columns)
        table = self._table(n_rows, columns, [lay.text_width_mm / columns] * columns)
        for i, block in enumerate(blocks):
            self._signer(table.cell(i // columns, i % columns), block, lay.grid_pt)
        for row in table.rows:
            cant_split(row)
        self._paragraph(space_after=0)
        return self

    def recipients(self, items: Sequence[str]) -> GovDocument:
        """ "Nơi nhận:" (bold italic 12 pt) and its list (11 pt, one "- item" per line), at the bottom
        left; beside the signature when it follows one."""
        lay = self.layout
        cell = self._beside_signature
        container = cell if cell is not None else self.document
        if cell is not None:
            p = cell.paragraphs[0]
            format_paragraph(p, align="left", space_after=0)
        else:
            p = self._paragraph(align="left", space_before=12, space_after=0)
        self._run(p, "Nơi nhận:", lay.recipients_label_pt, bold=True, italic=True)
        for item in items:
            p = container.add_paragraph()
            format_paragraph(p, align="left", space_after=0, line_spacing=1.0)
            self._run(p, f"- {item}", lay.recipients_pt)
        self._beside_signature = None
        return self

    def page_break(self) -> GovDocument:
        self._paragraph(space_after=0).add_run().add_break(WD_BREAK.PAGE)
        return self

    def to_bytes(self) -> bytes:
        buffer = io.BytesIO()
        self.document.save(buffer)
        return buffer.getvalue()

    # The fixed parts -------------------------------------------------------------------------

    def _set_up_page(self) -> None:
        lay = self.layout
        section = self.document.sections[0]
        section.page_width, section.page_height = Mm(lay.page_width_mm), Mm(lay.page_height_mm)
        section.top_margin, section.bottom_margin = Mm(lay.margin_top_mm), Mm(lay.margin_bottom_mm)
        section.left_margin, section.right_margin = Mm(lay.margin_left_mm), Mm(lay.margin_right_mm)
        section.header_distance = section.footer_distance = Mm(lay.header_distance_mm)

    def _set_up_styles(self) -> None:
        lay = self.layout
        normal = self.document.styles["Normal"]
        normal.font.name = lay.font
        normal.font.size = Pt(lay.body_pt)
        normal.font.color.rgb = RGBColor(0, 0, 0)
        all_scripts(normal.element.get_or_add_rPr(), lay.font)
        lang = OxmlElement("w:lang")
        lang.set(qn("w:val"), "vi-VN")
        lang.set(qn("w:eastAsia"), "vi-VN")
        normal.element.get_or_add_rPr().append(lang)
        normal.paragraph_format.space_after = Pt(lay.space_after_pt)
        normal.paragraph_format.line_spacing = lay.line_spacing

    def _page_numbers(self) -> None:
        """A PAGE field centered in the header of pages 2 onwards; page 1 has an empty header."""
        section = self.document.sections[0]
        section.different_first_page_header_footer = True
        p = section.header.paragraphs[0]
        format_paragraph(p, align="center", space_after=0, line_spacing=1.0)
        self._run(p, "", self.layout.page_number_pt)._r.append(fld_char("begin"))
        instr = OxmlElement("w:instrText")
        instr.set(qn("xml:space"), "preserve")
        instr.text = " PAGE "
        self._run(p, "", self.layout.page_number_pt)._r.append(instr)
        self._run(p, "", self.layout.page_number_pt)._r.append(fld_char("separate"))
        self._run(p, "2", self.layout.page_number_pt)
        self._run(p, "", self.layout.page_number_pt)._r.append(fld_char("end"))
        format_paragraph(section.first_page_header.paragraphs[0], align="center", space_after=0)

    def _header(self, superior: str, issuer: str, number: str | None, summary: str, date_line: str) -> None:
        lay = self.layout
        right_mm = lay.text_width_mm - lay.header_left_mm
        table = self._table(1, 2, [lay.header_left_mm, right_mm])
        left, right = table.cell(0, 0), table.cell(0, 1)
        inner_left, inner_right = lay.header_left_mm - 2 * lay.cell_margin_mm, right_mm - 2 * lay.cell_margin_mm

        if superior:
            self._cell_text(left, superior.upper(), lay.superior_pt, align="center")
        self._cell_text(left, issuer.upper(), lay.issuer_pt, bold=True, align="center")
        issuer_width = min(estimated_width_mm(issuer.upper(), lay.issuer_pt, bold=True), inner_left)
        self._rule(left, max(15.0, min(35.0, issuer_width * 0.4)), inner_left, space_after=6)
        if number is not None:
            self._cell_text(
                left, f"Số: {number}" if number else "Số:" + "\u00a0" * 8 + "/", lay.number_pt, align="center"
            )
        if summary:
            self._cell_text(left, f"V/v {summary}", lay.summary_pt, align="center")

        self._cell_text(right, NATION.upper(), lay.nation_pt, bold=True, align="center")
        self._cell_text(right, MOTTO, lay.motto_pt, bold=True, align="center")
        motto_width = min(estimated_width_mm(MOTTO, lay.motto_pt, bold=True), inner_right)
        self._rule(right, motto_width, inner_right, space_after=6)
        self._cell_text(right, date_line, lay.date_pt, italic=True, align="center")

    # Helpers ----------------------------------------------------------------------------------

    def _paragraph(
        self,
        *,
        align: str = "justify",
        indent: bool = False,
        space_before: float = 0,
        space_after: float | None = None,
        keep_with_next: bool = False,
    ):
        self._beside_signature = None
        p = self.document.add_paragraph()
        format_paragraph(
            p,
            align=align,
            space_before=space_before,
            space_after=self.layout.space_after_pt if space_after is None else space_after,
            line_spacing=self.layout.line_spacing,
        )
        if indent:
            p.paragraph_format.first_line_indent = Cm(self.layout.first_line_indent_cm)
        if keep_with_next:
            p.paragraph_format.keep_with_next = True
        return p

    def _run(self, paragraph, text: str, size_pt: float, *, bold: bool = False, italic: bool = False):
        run = paragraph.add_run(text)
        run.font.name = self.layout.font
        run.font.size = Pt(size_pt)
        run.font.bold = bold
        run.font.italic = italic
        all_scripts(run._r.get_or_add_rPr(), self.layout.font)
        return run

    def _cell_text(
        self,
        cell,
        text: str,
        size_pt: float,
        *,
        bold: bool = False,
        italic: bool = False,
        align: str = "center",
        space_before: float = 0,
    ):
        """Lines of text in a table cell (one paragraph per "\\n"); the first goes into the cell's own
        empty paragraph while the cell is untouched."""
        paragraphs = cell.paragraphs
        pristine = len(paragraphs) == 1 and not paragraphs[0].runs and not has_border(paragraphs[0])
        p = None
        for part_no, part in enumerate(text.split("\n")):
            p = paragraphs[0] if part_no == 0 and pristine else cell.add_paragraph()
            format_paragraph(
                p, align=align, space_before=space_before if part_no == 0 else 0, space_after=0, line_spacing=1.0
            )
            self._run(p, part, size_pt, bold=bold, italic=italic)
        return p

    def _signer(self, cell, signer: Signer, size_pt: float) -> None:
        for line in [part for part in signer.authority.split("\n") if part.strip()]:
            self._cell_text(cell, line.upper(), size_pt, bold=True)
        if signer.position:
            self._cell_text(cell, signer.position.upper(), size_pt, bold=True)
        p = self._cell_text(cell, signer.name, size_pt, bold=True, space_before=self.layout.signature_space_pt)
        p.paragraph_format.keep_together = True

    def _table(self, rows: int, cols: int, widths_mm: Sequence[float], *, borders: bool = False):
        self._beside_signature = None
        table = self.document.add_table(rows=rows, cols=cols)
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        table.autofit = False
        tbl_pr = table._tbl.tblPr
        total = tbl_pr.find(qn("w:tblW"))
        total.set(qn("w:type"), "dxa")
        total.set(qn("w:w"), str(round(sum(widths_mm) / 25.4 * 1440)))  # twips
        tbl_pr.insert_element_before(
            table_borders("single" if borders else "nil"),
            "w:shd",
            "w:tblLayout",
            "w:tblCellMar",
            "w:tblLook",
            "w:tblCaption",
            "w:tblDescription",
        )
        for row in table.rows:
            for cell, width in zip(row.cells, widths_mm, strict=True):
                cell.width = Mm(width)
        for column, width in zip(table.columns, widths_mm, strict=True):
            column.width = Mm(width)
        return table

    def _rule(self, container, length_mm: float, width_mm: float, *, space_after: float = 0) -> None:
        """A centered horizontal rule ``length_mm`` long: the top border of an empty 1 pt high paragraph
        indented from both sides of a ``width_mm`` wide container (the body or a table cell)."""
        if container is self.document:
            p = self._paragraph(align="center", space_before=2, space_after=space_after)
        else:
            p = container.add_paragraph()
            format_paragraph(p, align="center", space_before=2, space_after=space_after)
        side = max(0.0, (width_mm - length_mm) / 2)
        p.paragraph_format.left_indent = p.paragraph_format.right_indent = Mm(side)
        p.paragraph_format.line_spacing = Pt(1)
        p_pr = p._p.get_or_add_pPr()
        border = OxmlElement("w:pBdr")
        top = OxmlElement("w:top")
        for key, value in (("val", "single"), ("sz", "6"), ("space", "1"), ("color", "000000")):
            top.set(qn(f"w:{key}"), value)
        border.append(top)
        p_pr.insert_element_before(border, *AFTER_PBDR)
        mark = OxmlElement("w:rPr")  # the paragraph mark's size, so the empty line stays thin
        size = OxmlElement("w:sz")
        size.set(qn("w:val"), "2")
        mark.append(size)
        p_pr.insert_element_before(mark, "w:sectPr", "w:pPrChange")
