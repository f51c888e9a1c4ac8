"""The condition on a unit's standing in its emulation block (khối, cụm thi đua)."""

from eligibility.engine import bits
from eligibility.engine.predicates.base import Predicate
from eligibility.engine.predicates.formatting import fmt_number
from eligibility.engine.predicates.params import Spec
from eligibility.engine.vocabulary import COLLECTIVE


class LeadsBlock(Predicate):
    """The unit's final rank in its block is ``max_rank`` or better and, when given, its vote
    share is above ``vote_share_above`` (0–1)."""

    name = "leads_block"
    recipients = (COLLECTIVE,)
    params = {"max_rank": Spec("positive", False, 1), "vote_share_above": Spec("number", False)}

    def describe(self, p, ctx):
        text = (
            "Dẫn đầu khối, cụm thi đua"
            if p["max_rank"] == 1
            else (f"Xếp hạng từ thứ 1 đến thứ {p['max_rank']} trong khối, cụm thi đua")
        )
        if p.get("vote_share_above") is not None:
            text += f", được trên {fmt_number(round(p['vote_share_above'] * 100, 1))} % phiếu suy tôn"
        return f"{text} năm {ctx.year}"

    def _ok(self, p, standing) -> bool:
        if standing is None or standing.rank > p["max_rank"]:
            return False
        threshold = p.get("vote_share_above")
        return threshold is None or (standing.vote_share is not None and standing.vote_share > threshold)

    def evaluate(self, p, ctx):
        return bits.from_indices(ctx.units.n, [u for u, s in ctx.units.blocks.items() if self._ok(p, s)])

    def explain(self, p, ctx, i):
        s = ctx.units.blocks.get(i)
        if s is None:
            return "chưa có kết quả xếp hạng, suy tôn của khối"
        text = f"xếp thứ {s.rank}/{s.members}" + (f" trong {s.block}" if s.block else "")
        if s.vote_share is not None:
            text += f", {fmt_number(round(s.vote_share * 100, 1))} % phiếu suy tôn"
        return text

    def needs(self, p, recipient, needs):
        needs.blocks = True
