"""Every measure of the Decree 30 layout (``Layout``), and its default."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Layout:
    """Every measure of the layout. The defaults follow Decree 30/2020 as commonly applied."""

    page_width_mm: float = 210
    page_height_mm: float = 297
    margin_top_mm: float = 20
    margin_bottom_mm: float = 20
    margin_left_mm: float = 30
    margin_right_mm: float = 15
    header_distance_mm: float = 10  # the page number sits inside the top margin
    header_left_mm: float = 65  # the header's left column; the right one takes the rest
    font: str = "Times New Roman"
    body_pt: float = 14
    superior_pt: float = 13
    issuer_pt: float = 13
    number_pt: float = 13
    summary_pt: float = 12  # "V/v …" under the number (official letters)
    nation_pt: float = 12
    motto_pt: float = 13
    date_pt: float = 14
    kind_pt: float = 14
    subject_pt: float = 14
    signature_pt: float = 14
    grid_pt: float = 13  # signature blocks side by side need a little less
    recipients_label_pt: float = 12
    recipients_pt: float = 11
    page_number_pt: float = 13
    table_pt: float = 13
    first_line_indent_cm: float = 1.27
    space_after_pt: float = 6
    line_spacing: float = 1.15
    signature_space_pt: float = 64  # room for the signature and the seal
    cell_margin_mm: float = 1.9  # Word's default left + right cell padding, each side

    @property
    def text_width_mm(self) -> float:
        return self.page_width_mm - self.margin_left_mm - self.margin_right_mm


DEFAULT_LAYOUT = Layout()
