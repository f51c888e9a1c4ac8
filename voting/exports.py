"""Documents of an election, as bytes: the ballot-count minutes (biên bản kiểm phiếu), the
conference minutes (biên bản hội nghị) in the Decree 30 layout, and the published receipts (CSV).

None of them names who cast which ballot: the minutes give counts and the roll's attendance; the
receipts list gives receipt codes and answers, sorted by receipt code."""

from cycle.exports import block_issuer_name, movement_subject
from documents import csvsafe
from documents.govdoc import GovDocument, Signer
from voting import tally
from voting.models import Election
from voting.services import election_day

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _issuer(election: Election) -> tuple[str, str]:
    if election.conference_id:
        block = election.conference.block
        return block.managed_by.name, block_issuer_name(block)
    parent = election.organiser_unit.parent
    return (parent.name if parent else ""), election.organiser_unit.name


def _percent(value) -> str:
    return "—" if value is None else f"{value:.2f}".replace(".", ",") + " %"


def _questions(election: Election):
    return list(
        election.questions.select_related("result", "title").prefetch_related("candidates__result", "candidates__unit")
    )


def _outcome_lines(election: Election, questions) -> list[str]:
    if election.results_withheld:
        return [
            f"Chỉ có {election.ballots_count} phiếu (dưới {election.min_ballots}): không công bố kết quả, "
            "kể cả người trúng, để giữ bí mật phiếu bầu."
        ]
    lines = []
    for q in questions:
        result = getattr(q, "result", None)
        if result is None:
            continue
        winners = [c for c in q.candidates.all() if getattr(c, "result", None) and c.result.winner]
        if result.status == tally.SHORT:
            lines.append(f"{q.text}: không quyết định — chưa đủ số phiếu ({result.ballots} phiếu thu về).")
        elif result.status == tally.TIE:
            tied = ", ".join(c.label for c in q.candidates.all() if c.result.tied)
            lines.append(f"{q.text}: các ứng viên {tied} bằng phiếu — bỏ phiếu lại.")
        elif result.status == tally.PENDING:
            lines.append(f"{q.text}: chưa xác định (chờ kết quả bỏ phiếu lại của câu liên quan).")
        elif winners:
            names = "; ".join(
                f"{c.label} ({c.result.votes}/{result.base_value} phiếu, {_percent(c.result.percent)})" for c in winners
            )
            lines.append(f"{q.text}: {names}.")
        else:
            lines.append(f"{q.text}: không có ứng viên đạt tỷ lệ quy định.")
    return lines


def _result_tables(doc: GovDocument, election: Election, questions) -> None:
    if election.results_withheld:
        return
    for n, q in enumerate(questions, start=1):
        result = getattr(q, "result", None)
        if result is None:
            continue
        doc.heading(f"{n}. {q.text}")
        doc.paragraph(
            f"Số phiếu hợp lệ: {result.valid}; không hợp lệ: {result.invalid}; "
            f"tỷ lệ trúng: {q.rule_text()} ({result.base_value})."
        )
        approve = q.kind == tally.APPROVE
        headers = (
            ["TT", "Ứng viên", "Đồng ý" if approve else "Số phiếu"]
            + (["Không đồng ý"] if approve else [])
            + ["Tỷ lệ", "Kết quả"]
        )
        rows = []
        for i, c in enumerate(sorted(q.candidates.all(), key=lambda c: (-c.result.votes, c.order)), start=1):
            r = c.result
            verdict = (
                "Trúng"
                if r.winner
                else "Bằng phiếu"
                if r.tied
                else "Không tính (đã trúng câu trước)"
                if r.excluded
                else "Đạt"
                if r.passes
                else "Không đạt"
            )
            rows.append([i, c.label, r.votes] + ([r.against] if approve else []) + [_percent(r.percent), verdict])
        doc.table(headers, rows)


def count_minutes_docx(election: Election) -> bytes:
    """Biên bản kiểm phiếu: the roll and the ballots, every question's counts and percentages, the
    outcome, the chain head for an electronic vote, and the counting committee's signatures."""
    superior, issuer = _issuer(election)
    questions = _questions(election)
    roll = list(election.roll.all())
    present = sum(1 for e in roll if e.present)
    doc = GovDocument(
        superior=superior,
        issuer=issuer,
        number="",
        place=election.place.split(",")[-1].strip() if election.place else "",
        date=election_day(election),
        year=election.year,
    )
    doc.title("Biên bản kiểm phiếu", election.title)
    when = election_day(election)
    doc.paragraph(
        f"Thời gian: ngày {when:%d/%m/%Y}; địa điểm: {election.place or '—'}."
        if when
        else f"Địa điểm: {election.place or '—'}."
    )
    doc.paragraph(
        f"Hình thức: {'bỏ phiếu kín bằng phiếu giấy' if election.mode == Election.Mode.PAPER else 'bỏ phiếu kín điện tử'}"
        f"{', vòng ' + str(election.round) if election.round > 1 else ''}."
    )
    doc.paragraph(f"Tổng số cử tri: {len(roll)}; có mặt: {present}; số phiếu thu về: {election.ballots_count}.")
    doc.heading("I. KẾT QUẢ KIỂM PHIẾU")
    _result_tables(doc, election, questions)
    doc.heading("II. KẾT LUẬN")
    doc.numbered(_outcome_lines(election, questions))
    if election.mode == Election.Mode.ELECTRONIC and election.chain_head:
        doc.paragraph(
            f"Mã chuỗi phiếu (SHA-256): {election.chain_head}. Danh sách mã biên nhận và nội dung từng "
            "phiếu được công bố cho cử tri để mỗi cử tri tự kiểm tra phiếu của mình.",
            italic=True,
        )
    doc.signature_grid([Signer("Trưởng ban kiểm phiếu"), Signer("Thư ký")], columns=2)
    return doc.to_bytes()


def minutes_docx(election: Election) -> bytes:
    """Biên bản hội nghị: the conference (time, place, chair), attendance, the vote and its results."""
    superior, issuer = _issuer(election)
    questions = _questions(election)
    conference = election.conference
    doc = GovDocument(
        superior=superior, issuer=issuer, number="", date=election_day(election), year=election.year, place=""
    )
    subject = movement_subject(conference.block) if conference else election.title
    kind = f"Hội nghị {conference.get_kind_display().lower()}" if conference else election.title
    doc.title("Biên bản hội nghị", subject or kind)
    when = election_day(election)
    doc.paragraph(f"{kind}, ngày {when:%d/%m/%Y}, tại {election.place or '—'}." if when else f"{kind}.")
    if conference and conference.chair_name:
        doc.paragraph(
            f"Chủ trì: {conference.chair_name}{', ' + conference.chair_position if conference.chair_position else ''}."
        )
    roll = list(election.roll.all())
    present = [e for e in roll if e.present]
    doc.heading("I. THÀNH PHẦN THAM DỰ")
    doc.paragraph(f"Có mặt {len(present)}/{len(roll)} cử tri.")
    if conference:
        attendance = {a.unit_id: a for a in conference.attendance.all()}
        rows = []
        for i, m in enumerate(conference.block.memberships.select_related("unit"), start=1):
            a = attendance.get(m.unit_id)
            rows.append(
                [
                    i,
                    m.unit.name,
                    a.representative if a else "",
                    a.position if a else "",
                    "Có mặt" if a and a.present else "Vắng",
                ]
            )
        doc.table(["TT", "Đơn vị", "Người dự", "Chức vụ", "Có mặt"], rows)
    doc.heading("II. NỘI DUNG")
    doc.paragraph(f"Hội nghị đã tiến hành bỏ phiếu kín: {election.title}. Số phiếu thu về: {election.ballots_count}.")
    _result_tables(doc, election, questions)
    doc.heading("III. KẾT LUẬN")
    doc.numbered(_outcome_lines(election, questions))
    chair = conference.chair_name if conference else ""
    doc.signature_grid([Signer("Thư ký"), Signer("Chủ trì hội nghị", "", chair)], columns=2)
    return doc.to_bytes()


def receipts_csv(election: Election) -> bytes:
    """The published ballots: receipt code, chain link and the answer to each question in words,
    sorted by receipt code. No voter, no time."""
    questions = list(election.questions.prefetch_related("candidates"))
    labels = {c.key: c.label for q in questions for c in q.candidates.all()}
    rows = (
        [ballot.receipt, *[answer_text(q, ballot.answers.get(q.key), labels) for q in questions], ballot.chain_hash]
        for ballot in election.ballots.order_by("receipt")
    )
    return csvsafe.csv_bytes(rows, header=["Mã biên nhận", *[q.text for q in questions], "Mã băm"])


def answer_text(question, answer, labels: dict) -> str:
    if not answer:
        return "(để trống)"
    if question.kind == tally.CHOOSE:
        return "; ".join(labels.get(c, c) for c in answer)
    words = {tally.YES: "đồng ý", tally.NO: "không đồng ý"}
    return "; ".join(f"{labels.get(c, c)}: {words.get(v, v)}" for c, v in answer.items())
