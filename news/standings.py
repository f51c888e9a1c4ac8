"""Do the stored standings of a block agree with its final leaderboard?

The rule (issue 14): a block's standings come from its final scores and its votes
(``eligibility.services.standings_from_results``). The stored ``BlockStanding`` rows are what the Cờ thi đua
verdicts and the news article read; when they were typed in by hand or recorded before the scores changed,
they may disagree with the leaderboard. Nothing then may be published quietly: the block page (through
``cycle.services.blocks.BLOCK_NOTICES``, registered in ``news.apps``) and the news draft pages show the
warning below, naming the units and both orders.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from cycle.models import Block
from eligibility.models import BlockStanding
from organisation.models import Unit
from scoring.services.results import final_ranks


@dataclass(frozen=True)
class Disagreement:
    stored: list[tuple[int, Unit]]  # (rank, unit), best first, as recorded
    final: list[tuple[int, Unit]]  # (rank, unit), best first, from the final leaderboard
    units: list[Unit]  # the units whose two ranks differ, in the leaderboard's order

    @staticmethod
    def _order(ranks: list[tuple[int, Unit]]) -> str:
        return ", ".join(f"{rank}. {unit.code}" for rank, unit in ranks)

    def message(self) -> str:
        stored = {u.pk: r for r, u in self.stored}
        final = {u.pk: r for r, u in self.final}
        moved = "; ".join(
            _("%(unit)s: hạng %(stored)s đã lưu, hạng %(final)s theo điểm chốt")
            % {"unit": u.code, "stored": stored.get(u.pk, "—"), "final": final.get(u.pk, "—")}
            for u in self.units
        )
        return _(
            "Thứ hạng đã lưu của khối khác với bảng xếp hạng điểm chốt (%(moved)s). Đã lưu: %(stored)s. "
            "Theo điểm chốt: %(final)s. Hãy lấy lại kết quả xếp hạng từ điểm chấm và bỏ phiếu trước khi đăng tin."
        ) % {"moved": moved, "stored": self._order(self.stored), "final": self._order(self.final)}


def check_standings(block: Block) -> Disagreement | None:
    """The disagreement between ``block``'s stored standings and its final leaderboard, or None when they
    agree or when either is missing (nothing stored yet, or no unit fully scored yet)."""
    stored = [
        (s.rank, s.unit)
        for s in BlockStanding.objects.filter(block=block).select_related("unit").order_by("rank", "unit__code")
    ]
    if not stored:
        return None
    ranked = final_ranks(block)
    if ranked is None:
        return None
    final = [(rank, unit) for unit, rank in ranked.ranks]
    stored_rank = {u.pk: r for r, u in stored}
    final_rank = {u.pk: r for r, u in final}
    units = [u for _r, u in final] + [u for _r, u in stored if u.pk not in final_rank]
    differing = [u for u in units if stored_rank.get(u.pk) != final_rank.get(u.pk)]
    if not differing:
        return None
    return Disagreement(stored=stored, final=final, units=differing)


def block_notices(block: Block) -> list[str]:
    """The block page's warnings from news (``cycle.services.blocks.BLOCK_NOTICES``)."""
    found = check_standings(block)
    return [found.message()] if found else []
