"""The year-end summary of a block and the draft news article about its conference, written in
Vietnamese from the data.

``year_end_summary`` loads the facts (a handful of queries); ``summary_docx`` and ``draft_article``
compose sentences from them. Every sentence exists only when its facts do: no fixed text with
blanks. The generated text is Vietnamese content (like the documents), not a translatable UI string.
"""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass, field

from cycle.exports import block_issuer_name
from cycle.models import Block, Conference, RegistrationTarget, TargetResult
from documents.govdoc import GovDocument, two_digits_if_small
from eligibility.models import BlockStanding
from honours.models import AwardForm, Title
from organisation import tree
from organisation.models import Unit

_COLLECTIVE_SUFFIX = " (tập thể)"


@dataclass(frozen=True)
class Vote:
    """One question of the conference's election: its text, purpose and winners with their votes."""

    text: str
    purpose: str
    winners: tuple[tuple[Unit | None, str, int], ...]  # (unit, label, votes)
    ballots: int


@dataclass
class Summary:
    """The facts of one block-year that the summary report and the article state."""

    block: Block
    issuer: str  # "Khối thi đua XDLL – TT – HCKT"
    year: int
    movement: str  # "Vì an ninh Tổ quốc", or ""
    theme: str
    slogan: str
    members: list[Unit]
    leader: Unit | None
    deputy: Unit | None
    conference: Conference | None
    present: int | None  # member units present at the conference; None when not recorded
    standings: list[tuple[int, Unit]]
    units_with_targets: int  # member units that registered targets
    units_meeting_targets: int  # … whose every target is met (đạt or vượt)
    collective: int
    individual: int
    forms: list[tuple[str, int]]  # award forms, highest first: ("Bằng khen của Thủ tướng Chính phủ", 3)
    titles: list[tuple[str, int]]
    votes: list[Vote] = field(default_factory=list)
    next_leader: Unit | None = None
    next_deputy: Unit | None = None
    units_exceeding_targets: int = 0  # … whose every target is exceeded (vượt): "hoàn thành vượt mức"
    results_recorded: bool = False  # at least one unit recorded a result


def count(value: int) -> str:
    """Counts as the articles write them: "03", "18", "192"."""
    return two_digits_if_small(value)


def unit_label(unit: Unit) -> str:
    return f"{unit.name} ({unit.code})"


def _join(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " và " + items[-1]


def _date(day: datetime.date) -> str:
    return day.strftime("%d/%m/%Y")


def _year_end_conference(block: Block) -> Conference | None:
    return block.conferences.filter(kind=Conference.Kind.YEAR_END).order_by("-date", "-pk").first()


def _award_counts(block: Block, members: list[Unit]):
    """The block-year's instances under its members' subtrees (the dashboard's block scope):
    collective and individual counts, and award forms and titles by name (collective variants
    merged), highest rank first. One summary query and the catalogue."""
    from stats import tallies

    scope = tallies.Scope(block.year, block.year, tuple(sorted(tree.outermost([u.path for u in members]))))
    counts = {"collective": 0, "individual": 0}
    grouped = tallies.by_honour_and_recipient(scope)
    by_name: dict[str, list] = {}
    for key, kind, model in (("forms", tallies.FORM, AwardForm), ("titles", tallies.TITLE, Title)):
        tally: Counter = Counter()
        ranks: dict[str, int] = {}
        ids = [pk for k, pk in grouped if k == kind]
        for pk, name, rank in model.objects.filter(pk__in=ids).values_list("pk", "name", "rank"):
            for recipient, n in grouped[(kind, pk)].items():
                counts[recipient] += n
                name = name.removesuffix(_COLLECTIVE_SUFFIX)
                tally[name] += n
                ranks[name] = max(rank, ranks.get(name, 0))
        by_name[key] = sorted(tally.items(), key=lambda item: (-ranks[item[0]], item[0]))
    return counts["collective"], counts["individual"], by_name["forms"], by_name["titles"]


def _votes(conference: Conference | None) -> tuple[list[Vote], Unit | None, Unit | None]:
    if conference is None:
        return [], None, None
    from voting.services import conference_outcomes

    outcomes, leader, deputy = conference_outcomes(conference)
    return [Vote(o.text, o.purpose, o.winners, o.ballots) for o in outcomes], leader, deputy


def year_end_summary(block: Block, conference: Conference | None = None) -> Summary:
    """The block-year's facts: members, leader and deputy, the year-end conference (or ``conference``)
    and its attendance, standings, registration targets met, non-annulled award instances of the
    year received by the members and their people (collective / individual, by form and by title),
    the conference's closed elections and next year's leader and deputy (the election's result,
    else next year's block)."""
    block = Block.objects.select_related("managed_by", "movement", "leader", "deputy").get(pk=block.pk)
    members = [m.unit for m in block.memberships.select_related("unit")]
    conference = conference or _year_end_conference(block)
    present = None
    if conference is not None and conference.attendance.exists():
        present = conference.attendance.filter(present=True).count()
    standings = [(s.rank, s.unit) for s in BlockStanding.objects.filter(block=block).select_related("unit")]
    met: dict[int, bool] = {}
    exceeded: dict[int, bool] = {}
    recorded = False
    for unit_id, result in RegistrationTarget.objects.filter(registration__block=block).values_list(
        "registration__unit_id", "result"
    ):
        met[unit_id] = met.get(unit_id, True) and result in (TargetResult.MET, TargetResult.EXCEEDED)
        exceeded[unit_id] = exceeded.get(unit_id, True) and result == TargetResult.EXCEEDED
        recorded = recorded or bool(result)
    collective, individual, forms, titles = _award_counts(block, members)
    votes, next_leader, next_deputy = _votes(conference)
    following = Block.objects.filter(previous=block).select_related("leader", "deputy").first()
    if following is not None:
        next_leader = next_leader or following.leader
        next_deputy = next_deputy or following.deputy
    movement = block.movement
    return Summary(
        block=block,
        issuer=block_issuer_name(block),
        year=block.year,
        movement=movement.name if movement else "",
        theme=movement.theme if movement else "",
        slogan=movement.slogan if movement else "",
        members=members,
        leader=block.leader,
        deputy=block.deputy,
        conference=conference,
        present=present,
        standings=standings,
        units_with_targets=len(met),
        units_meeting_targets=sum(met.values()),
        units_exceeding_targets=sum(exceeded.values()),
        results_recorded=recorded,
        collective=collective,
        individual=individual,
        forms=forms,
        titles=titles,
        votes=votes,
        next_leader=next_leader,
        next_deputy=next_deputy,
    )


# Sentences ---------------------------------------------------------------------------------------


def movement_phrase(s: Summary, year: int | None = None) -> str:
    year = year or s.year
    if s.movement:
        return f"phong trào thi đua “{s.movement}” năm {year}"
    return f"công tác thi đua, khen thưởng năm {year}"


_KIND_VERB = {
    Conference.Kind.YEAR_END: "tổng kết",
    Conference.Kind.MID_YEAR: "sơ kết 6 tháng",
    Conference.Kind.LAUNCH: "phát động",
    Conference.Kind.PLEDGE: "ký kết giao ước thi đua",
}


def opening(s: Summary) -> list[str]:
    c = s.conference
    verb = _KIND_VERB.get(c.kind, "tổng kết") if c else "tổng kết"
    where = f", tại {c.place}" if c and c.place else ""
    day = f"Ngày {_date(c.date)}{where}, " if c else ""
    sentences = [f"{day}{s.issuer} đã tổ chức hội nghị {verb} {movement_phrase(s)}."]
    if c and c.chair_name:
        who = f"{c.chair_name} – {c.chair_position}" if c.chair_position else c.chair_name
        sentences.append(f"Dự và chủ trì hội nghị có {who}.")
    if s.present is not None and s.members:
        if s.present == len(s.members):
            sentences.append(
                f"Hội nghị có sự tham dự của đại diện lãnh đạo tất cả {count(s.present)} đơn vị thành viên của Khối."
            )
        else:
            sentences.append(
                f"Hội nghị có sự tham dự của đại diện {count(s.present)}/{count(len(s.members))} "
                "đơn vị thành viên của Khối."
            )
    return sentences


def reviewed(s: Summary) -> list[str]:
    sentences = []
    if s.members:
        composition = f"{s.issuer} năm {s.year} gồm {count(len(s.members))} đơn vị: " + _join(
            [unit_label(u) for u in s.members]
        )
        if s.leader and s.deputy:
            composition += f"; {unit_label(s.leader)} làm khối trưởng, {unit_label(s.deputy)} làm khối phó"
        elif s.leader:
            composition += f"; {unit_label(s.leader)} làm khối trưởng"
        sentences.append(composition + ".")
    review = f"Hội nghị đã đánh giá kết quả thực hiện {movement_phrase(s)} của các đơn vị trong Khối"
    extras = []
    if s.theme:
        extras.append(f"chủ đề “{s.theme}”")
    if s.slogan:
        extras.append(f"khẩu hiệu hành động “{s.slogan}”")
    if extras:
        review += ", gắn với " + " và ".join(extras)
    sentences.append(review + ".")
    sentences += targets_met(s)
    if s.standings:
        first = s.standings[0][1]
        sentence = f"Theo kết quả chấm điểm, xếp hạng, {unit_label(first)} dẫn đầu Khối"
        following = [unit_label(u) for _, u in s.standings[1:3]]
        if following:
            sentence += ", tiếp theo là " + _join(following)
        sentences.append(sentence + ".")
    return sentences


def targets_met(s: Summary) -> list[str]:
    """What the units' recorded target results allow to say. A unit "đạt" its targets when every one is
    met or exceeded, "hoàn thành vượt mức" when every one is exceeded; "100%" only when every member
    unit registered targets and is counted. Nothing while no result is recorded (the results are not in:
    no "00/03")."""
    if not (s.results_recorded and s.units_with_targets):
        return []
    y, met, exceeded = s.units_with_targets, s.units_meeting_targets, s.units_exceeding_targets
    everyone = y == len(s.members)
    if everyone and exceeded == y:
        return [f"100% đơn vị trong Khối hoàn thành vượt mức các chỉ tiêu đăng ký thi đua năm {s.year}."]
    of_which = f", trong đó {count(exceeded)}/{count(y)} đơn vị hoàn thành vượt mức các chỉ tiêu" if exceeded else ""
    if everyone and met == y:
        return [f"100% đơn vị trong Khối đạt các chỉ tiêu đăng ký thi đua năm {s.year}{of_which}."]
    if met:
        return [
            f"Có {count(met)}/{count(y)} đơn vị đăng ký chỉ tiêu đạt toàn bộ các chỉ tiêu đăng ký thi đua "
            f"năm {s.year}{of_which}."
        ]
    return []


def awards(s: Summary) -> list[str]:
    if not (s.collective or s.individual):
        return [f"Chưa có khen thưởng nào cho thành tích năm {s.year} của các đơn vị trong Khối được ghi nhận."]
    parts = []
    if s.collective:
        parts.append(f"{count(s.collective)} lượt tập thể")
    if s.individual:
        parts.append(f"{count(s.individual)} lượt cá nhân")
    sentence = (
        f"Với những thành tích đạt được, năm {s.year} đã có {', '.join(parts)} trong {s.issuer} được các cấp "
        "khen thưởng"
    )
    if s.forms:
        sentence += ", trong đó có " + ", ".join(f"{count(n)} {name}" for name, n in s.forms)
    sentences = [sentence + "."]
    if s.titles:
        sentences.append("Về danh hiệu thi đua, có " + ", ".join(f"{count(n)} {name}" for name, n in s.titles) + ".")
    return sentences


def vote_results(s: Summary) -> list[str]:
    sentences = []
    others = [v for v in s.votes if v.purpose not in ("leader", "deputy")]
    if others:
        sentences.append(
            "Hội nghị đã tiến hành bỏ phiếu suy tôn, kết quả: "
            + "; ".join(
                f"{v.text}: " + _join([unit_label(u) if u else label for u, label, _ in v.winners]) for v in others
            )
            + "."
        )
    if s.next_leader and s.next_deputy:
        head = "Đồng thời, hội nghị" if others else "Hội nghị"
        sentences.append(
            f"{head} đã suy tôn {unit_label(s.next_leader)} làm khối trưởng, {unit_label(s.next_deputy)} "
            f"làm khối phó trong {movement_phrase(s, s.year + 1)}."
        )
        tallies = [
            f"{unit_label(u) if u else label} đạt {votes}/{v.ballots} phiếu"
            for v in s.votes
            if v.purpose in ("leader", "deputy")
            for u, label, votes in v.winners
        ]
        if tallies:
            sentences.append("Kết quả bỏ phiếu: " + "; ".join(tallies) + ".")
    return sentences


def article_title(s: Summary) -> str:
    c = s.conference
    verb = _KIND_VERB.get(c.kind, "tổng kết") if c else "tổng kết"
    return f"{s.issuer}: {verb[0].upper()}{verb[1:]} {movement_phrase(s)}"


def draft_article(conference: Conference) -> tuple[str, str]:
    """``(title, body)`` of a news article about the conference, composed from the facts; paragraphs
    are separated by a blank line."""
    s = year_end_summary(conference.block, conference)
    paragraphs = [opening(s), reviewed(s), awards(s), vote_results(s)]
    body = "\n\n".join(" ".join(p) for p in paragraphs if p)
    return article_title(s), body


def summary_docx(block: Block) -> bytes:
    """The year-end summary report of the block as a Decree 30 document."""
    s = year_end_summary(block)
    c = s.conference
    doc = GovDocument(
        superior=s.block.managed_by.name, issuer=s.issuer, number="", date=c.date if c else None, year=s.year
    )
    doc.title("Báo cáo", f"Tổng kết {movement_phrase(s)}")
    doc.heading("I. Đặc điểm tình hình")
    doc.paragraph(" ".join(reviewed(s)[:1]) or f"{s.issuer} năm {s.year}.")
    doc.heading("II. Kết quả thực hiện phong trào thi đua")
    for sentence in reviewed(s)[1:]:
        doc.paragraph(sentence)
    if s.standings:
        doc.table(["Hạng", "Đơn vị"], [[str(rank), unit_label(u)] for rank, u in s.standings], widths_mm=[20, 145])
    doc.heading("III. Công tác khen thưởng")
    for sentence in awards(s):
        doc.paragraph(sentence)
    rows = [[name, count(n)] for name, n in s.forms + s.titles]
    if rows:
        doc.table(["Hình thức khen thưởng, danh hiệu thi đua", "Số lượt"], rows, widths_mm=[135, 30])
    votes = vote_results(s)
    if c or votes:
        doc.heading("IV. Hội nghị tổng kết")
        for sentence in (opening(s) if c else []) + votes:
            doc.paragraph(sentence)
    doc.signature("TM. Khối thi đua", "Đơn vị khối trưởng", s.leader.name if s.leader else "")
    return doc.to_bytes()
