"""Vietnamese administrative documents in the layout of Decree 30/2020/NĐ-CP, appendix I.

One shared style for every document the system prints (pledge, minutes, ballot-count minutes,
submission memo, decision …), so that no export lays out a header or a signature by itself.
Pure python-docx: no Django import; plain strings and dates in, ``.docx`` bytes out.

Usage::

    doc = GovDocument(superior="Bộ Công an", issuer="Công an tỉnh Quảng Bình",
                      number="123/QĐ-CAT-PX03", place="Quảng Bình", date=datetime.date(2020, 3, 4))
    doc.title("Quyết định", "Về việc tặng Giấy khen")
    doc.paragraph("Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;")
    doc.numbered(["Tặng Giấy khen cho …", "Quyết định có hiệu lực kể từ ngày ký."])
    doc.signature("KT. Giám đốc", "Phó Giám đốc", "Trần Minh Thùy")
    doc.recipients(["Như Điều 2;", "Lưu: VT, PX03."])
    data = doc.to_bytes()

What the layout does (``Layout`` holds every number, so a document type may adjust one):

- A4 portrait; margins top 20 mm, bottom 20 mm, left 30 mm, right 15 mm.
- Times New Roman (set for Latin, complex and East-Asian scripts, so Vietnamese never falls back
  to another font), black; body 14 pt, justified, first-line indent 1.27 cm, 6 pt between
  paragraphs, line spacing 1.15.
- Header in two borderless columns. Left: the superior body in capitals, not bold; the issuing
  body in capitals, bold, a short rule beneath; "Số: …". Right: "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT
  NAM" bold capitals; "Độc lập - Tự do - Hạnh phúc" bold with a rule of the same length beneath;
  the place and date in italics ("Quảng Bình, ngày 04 tháng 3 năm 2020").
- The document's type in bold capitals, centered; the subject bold, centered, a short rule beneath.
- Signature block at the right (authority and position in bold capitals, space for signature and
  seal, full name in bold), or a grid of blocks, one per signing unit (pledges, joint minutes).
- "Nơi nhận:" bottom-left in bold italic 12 pt, the list in 11 pt; when it follows a signature
  it sits beside it, in the signature's left column.
- Page numbers centered in the top margin from page 2 (the first page has its own, empty header).

Capitals are applied here (``str.upper`` handles Vietnamese), so callers pass names as stored.

The package: ``document`` (``GovDocument``, ``Signer``), ``layout`` (``Layout``), ``text`` (the
national name and motto, the place-and-date line) and ``ooxml`` (the WordprocessingML python-docx
has no accessor for).
"""

from documents.govdoc.document import GovDocument, Signer
from documents.govdoc.layout import DEFAULT_LAYOUT, Layout
from documents.govdoc.text import MOTTO, NATION, estimated_width_mm, two_digits_if_small, vietnamese_date

__all__ = [
    "DEFAULT_LAYOUT",
    "MOTTO",
    "NATION",
    "GovDocument",
    "Layout",
    "Signer",
    "estimated_width_mm",
    "two_digits_if_small",
    "vietnamese_date",
]
