"""Conditions on a unit's members: shares and counts of members holding a title, rated, disciplined.

Members are counted from the people table or, for a unit given with pre-aggregated counts
(``MemberStats``), from those."""

import abc
from collections import Counter
from fractions import Fraction

from eligibility.engine import bits
from eligibility.engine.predicates.base import Predicate
from eligibility.engine.predicates.discipline import disciplined
from eligibility.engine.predicates.formatting import fmt_number
from eligibility.engine.predicates.params import Spec
from eligibility.engine.vocabulary import COLLECTIVE, DISCIPLINE_LABELS, INDIVIDUAL, RATING_LABELS, code_name


class MemberPredicate(Predicate):
    recipients = (COLLECTIVE,)

    def per_unit(self, p, ctx, counts: Counter, stat) -> int:
        """The set of units meeting the test, members counted from the people table or, for a
        unit with pre-aggregated counts, from those (``stat(stats) -> count``)."""
        totals = ctx.member_totals()
        ok = []
        for u in range(ctx.units.n):
            stats = ctx.units.member_stats.get(u)
            if stats is not None:
                members, count = stats.members, stat(stats)
            else:
                members, count = totals.get(u, 0), counts.get(u, 0)
            if self.test(p, members, count):
                ok.append(u)
        return bits.from_indices(ctx.units.n, ok)

    def member_figures(self, p, ctx, i, people_bits, stat) -> tuple[int, int]:
        stats = ctx.units.member_stats.get(i)
        if stats is not None:
            return stats.members, stat(stats)
        return ctx.member_totals().get(i, 0), ctx.count_by_unit(people_bits).get(i, 0)

    @abc.abstractmethod
    def test(self, p, members: int, count: int) -> bool:
        """Whether a unit with ``members`` members, ``count`` of them matching, passes."""

    def needs(self, p, recipient, needs):
        needs.members = True


def _holders(p, ctx) -> int:
    found = ctx.people.title_bits(p["title"], ctx.year) if ctx.people is not None else 0
    if p.get("or_eligible"):
        found |= ctx.eligible.get((p["title"], INDIVIDUAL), 0)
    return found


class MemberShareHolding(MemberPredicate):
    """At least (``strict``: more than) ``percent`` % of the unit's members hold ``title`` in Y."""

    name = "member_share_holding"
    params = {
        "title": Spec("title"),
        "percent": Spec("number"),
        "strict": Spec("bool", False, False),
        "or_eligible": Spec("bool", False, False),
    }

    def describe(self, p, ctx):
        how = "Trên" if p["strict"] else "Ít nhất"
        return (
            f"{how} {fmt_number(p['percent'])} % cán bộ của đơn vị đạt danh hiệu {code_name(p['title'])} năm {ctx.year}"
        )

    def test(self, p, members, count):
        if members == 0:
            return False
        share, need = Fraction(count * 100, members), Fraction(str(p["percent"]))
        return share > need if p["strict"] else share >= need

    def _stat(self, p):
        return lambda s: s.titles.get(p["title"], 0)

    def evaluate(self, p, ctx):
        return self.per_unit(p, ctx, ctx.count_by_unit(_holders(p, ctx)), self._stat(p))

    def explain(self, p, ctx, i):
        members, count = self.member_figures(p, ctx, i, _holders(p, ctx), self._stat(p))
        if not members:
            return "không có dữ liệu cán bộ của đơn vị"
        share = fmt_number(round(count * 100 / members, 1))
        sign = ">" if p["strict"] else "≥"
        return (
            f"{count}/{members} cán bộ ({share} %) đạt {code_name(p['title'])}, cần {sign} {fmt_number(p['percent'])} %"
        )

    def depends(self, p, recipient):
        return [(p["title"], INDIVIDUAL)] if p["or_eligible"] else []

    def needs(self, p, recipient, needs):
        super().needs(p, recipient, needs)
        needs.titles(INDIVIDUAL, p["title"])


class EveryMemberRatedAtLeast(MemberPredicate):
    name = "every_member_rated_at_least"
    params = {"rating": Spec("rating")}

    def describe(self, p, ctx):
        return f"100 % cán bộ của đơn vị xếp loại “{RATING_LABELS[p['rating']]}” trở lên năm {ctx.year}"

    def test(self, p, members, count):
        return members > 0 and count == members

    def _bits(self, p, ctx):
        return ctx.people.rating_at_least(ctx.year, p["rating"]) if ctx.people is not None else 0

    def _stat(self, p):
        return lambda s: s.rated_at_least(p["rating"])

    def evaluate(self, p, ctx):
        return self.per_unit(p, ctx, ctx.count_by_unit(self._bits(p, ctx)), self._stat(p))

    def explain(self, p, ctx, i):
        members, count = self.member_figures(p, ctx, i, self._bits(p, ctx), self._stat(p))
        if not members:
            return "không có dữ liệu cán bộ của đơn vị"
        return f"{count}/{members} cán bộ xếp loại {p['rating']} trở lên"

    def needs(self, p, recipient, needs):
        super().needs(p, recipient, needs)
        needs.ratings(INDIVIDUAL)


class MembersHoldingAtLeast(MemberPredicate):
    name = "members_holding_at_least"
    params = {"title": Spec("title"), "count": Spec("positive"), "or_eligible": Spec("bool", False, False)}

    def describe(self, p, ctx):
        return f"Có ít nhất {p['count']} cá nhân đạt danh hiệu {code_name(p['title'])} năm {ctx.year}"

    def test(self, p, members, count):
        return count >= p["count"]

    def _stat(self, p):
        return lambda s: s.titles.get(p["title"], 0)

    def evaluate(self, p, ctx):
        return self.per_unit(p, ctx, ctx.count_by_unit(_holders(p, ctx)), self._stat(p))

    def explain(self, p, ctx, i):
        _, count = self.member_figures(p, ctx, i, _holders(p, ctx), self._stat(p))
        return f"{count} cá nhân đạt {code_name(p['title'])}, cần {p['count']}"

    def depends(self, p, recipient):
        return [(p["title"], INDIVIDUAL)] if p["or_eligible"] else []

    def needs(self, p, recipient, needs):
        super().needs(p, recipient, needs)
        needs.titles(INDIVIDUAL, p["title"])


class NoMemberDiscipline(MemberPredicate):
    """No member disciplined at ``form`` or heavier within the ``years`` years up to ``on``."""

    name = "no_member_discipline"
    params = {"form": Spec("form"), "years": Spec("positive", False, 1)}

    def describe(self, p, ctx):
        return (
            f"Không có cán bộ bị kỷ luật từ hình thức {DISCIPLINE_LABELS[p['form']].lower()} trở lên trong "
            f"{'năm ' + str(ctx.year) if p['years'] == 1 else str(p['years']) + ' năm đến năm ' + str(ctx.year)}"
        )

    def test(self, p, members, count):
        return count == 0

    def _bits(self, p, ctx):
        if ctx.people is None:
            return 0
        return bits.from_indices(ctx.people.n, disciplined(ctx, p["form"], p["years"]))

    def _stat(self, p):
        return lambda s: s.disciplined_at_least(p["form"])

    def evaluate(self, p, ctx):
        return self.per_unit(p, ctx, ctx.count_by_unit(self._bits(p, ctx)), self._stat(p))

    def explain(self, p, ctx, i):
        _, count = self.member_figures(p, ctx, i, self._bits(p, ctx), self._stat(p))
        return f"{count} cán bộ bị kỷ luật từ {DISCIPLINE_LABELS[p['form']].lower()} trở lên"

    def needs(self, p, recipient, needs):
        super().needs(p, recipient, needs)
        needs.disciplines = True
