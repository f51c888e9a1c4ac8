"""Documents of the yearly cycle, as bytes; the views only wrap them in a response."""

from cycle.models import Block, Pledge
from documents.govdoc import GovDocument, Signer

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def block_issuer_name(block: Block) -> str:
    """The block as the issuing body of its documents: "Khối XDLL – TT – HCKT" → "Khối thi đua XDLL – TT – HCKT"
    (the documents name the kind in full; "Cụm thi đua số 6 …" stays as it is)."""
    name = block.name.strip()
    for short, full in (("khối", "Khối thi đua"), ("cụm", "Cụm thi đua")):
        head, _, rest = name.partition(" ")
        if head.lower() == short and not rest.lower().startswith("thi đua"):
            return f"{full} {rest}"
    return name


def movement_subject(block: Block) -> str:
    """ "Thực hiện phong trào thi đua “Vì an ninh Tổ quốc” năm 2019" for the block's movement."""
    movement = block.movement
    if movement is None:
        return ""
    if movement.kind == movement.Kind.REGULAR:
        return f"Thực hiện phong trào thi đua “{movement.name}” năm {block.year}"
    return f"Thực hiện phong trào thi đua “{movement.name}”"


def pledge_docx(pledge: Pledge) -> bytes:
    """The pledge as a Decree 30 document: the block under its managing body, the movement as the
    subject, the preamble, the numbered clauses, and one signature block per member unit (blank
    until the unit signs). A draft says so under the title."""
    block = Block.objects.select_related("managed_by", "movement", "leader").get(pk=pledge.block_id)
    members = [m.unit for m in block.memberships.select_related("unit")]
    signatures = {s.unit_id: s for s in pledge.signatures.all()}
    doc = GovDocument(
        superior=block.managed_by.name,
        issuer=block_issuer_name(block),
        place=pledge.place,
        date=pledge.signing_date,
        year=block.year,
    )
    doc.title("Bản giao ước thi đua", movement_subject(block) or pledge.title)
    if pledge.status == Pledge.Status.DRAFT:
        doc.line("(Dự thảo)", italic=True)
    if pledge.preamble:
        doc.paragraphs(pledge.preamble)
    doc.numbered([c.text for c in pledge.clauses.order_by("order")])
    blocks = []
    for unit in members:
        signature = signatures.get(unit.pk)
        blocks.append(
            Signer(
                authority=unit.name,
                position=signature.signer_position if signature else "",
                name=signature.signer_name if signature else "",
            )
        )
    doc.signature_grid(blocks, caption="Đại diện các đơn vị ký giao ước")
    leader = f", {block.leader.code}" if block.leader else ""
    doc.recipients(
        [
            f"Thường trực Hội đồng Thi đua - Khen thưởng {block.managed_by.name} (để báo cáo);",
            "Các đơn vị thành viên Khối (để thực hiện);",
            f"Lưu: VT{leader}.",
        ]
    )
    return doc.to_bytes()
