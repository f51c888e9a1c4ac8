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
    """Members who hold ``title`` in Y."""
    return ctx.people.title_bits(p["title"], ctx.year) if ctx.people is not None else 0


def _pending(p, ctx) -> int:
    """With ``or_eligible`` (the rule set's ``members_counted_before_decision``): members eligible
    for ``title`` in this same evaluation who do not hold it yet, in units whose individual titles
    of Y are not decided. Once a decision has conferred the year's individual titles on the unit's
    members, only holders count (Law 2022 art. 27, 28: members who *đạt* the title)."""
    if not p.get("or_eligible") or ctx.people is None:
        return 0
    eligible = ctx.eligible.get((p["title"], INDIVIDUAL), 0)
    return eligible & ctx.in_undecided_units() & ~_holders(p, ctx)


def _counted(p, ctx) -> int:
    return _holders(p, ctx) | _pending(p, ctx)


def _holders_phrase(p, ctx, i, count: int) -> str:
    """“đạt CSTT” — or, before the decision, how many hold it and the eligible members counted
    with them, named."""
    held = f"đạt {code_name(p['title'])}"
    if ctx.units.member_stats.get(i) is not None or ctx.people is None:
        return held
    pending = ctx.members_in(("pending", p["title"]), lambda: _pending(p, ctx), i)
    if not pending:
        return held
    names = ", ".join(ctx.names(pending))
    return f"({count - len(pending)} {held}, tính cả {len(pending)} cá nhân đủ điều kiện, chưa có quyết định: {names})"


class MemberShareHolding(MemberPredicate):
    """At least (``strict``: more than) ``percent`` % of the unit's members hold ``title`` in Y;
    ``or_eligible``: until the unit's individual titles of Y are decided, members eligible for it
    count too (see ``_pending``)."""

    name = "member_share_holding"
    params = {
        "title": Spec("title"),
        "percent": Spec("number"),
        "strict": Spec("bool", False, False),
        "or_eligible": Spec("bool", False, False),
    }

    def describe(self, p, ctx):
        how = "Trên" if p["strict"] else "Ít nhất"
        text = (
            f"{how} {fmt_number(p['percent'])} % cán bộ của đơn vị đạt danh hiệu {code_name(p['title'])} năm {ctx.year}"
        )
        return text + (BEFORE_DECISION if p["or_eligible"] else "")

    def test(self, p, members, count):
        if members == 0:
            return False
        share, need = Fraction(count * 100, members), Fraction(str(p["percent"]))
        return share > need if p["strict"] else share >= need

    def _stat(self, p):
        return lambda s: s.titles.get(p["title"], 0)

    def evaluate(self, p, ctx):
        return self.per_unit(p, ctx, ctx.count_by_unit(_counted(p, ctx)), self._stat(p))

    def explain(self, p, ctx, i):
        members, count = self.member_figures(p, ctx, i, _counted(p, ctx), self._stat(p))
        if not members:
            return "không có dữ liệu cán bộ của đơn vị"
        share = fmt_number(round(count * 100 / members, 1))
        sign = ">" if p["strict"] else "≥"
        return (
            f"{count}/{members} cán bộ ({share} %) {_holders_phrase(p, ctx, i, count)}, "
            f"cần {sign} {fmt_number(p['percent'])} %"
        )

    def depends(self, p, recipient):
        return [(p["title"], INDIVIDUAL)] if p["or_eligible"] else []

    def needs(self, p, recipient, needs):
        super().needs(p, recipient, needs)
        needs.titles(INDIVIDUAL, p["title"])


BEFORE_DECISION = " (trước khi có quyết định công nhận danh hiệu cá nhân của năm: tính cả cá nhân đủ điều kiện)"


class EveryMemberRatedAtLeast(MemberPredicate):
    """Every member rated at least ``rating`` in Y. ``new_member_months`` (the rule set's
    ``unrated_new_member_months``): a member without a rating in Y whose service began less than
    that many months before the cut-off date is not counted (recruited too late in the year to be
    rated or considered: Decree 98/2023, L for the article); every other member without a rating
    counts as not meeting it ("chưa xếp loại"). 0: every member counts."""

    name = "every_member_rated_at_least"
    params = {"rating": Spec("rating"), "new_member_months": Spec("int", False, 0)}

    def describe(self, p, ctx):
        text = f"100 % cán bộ của đơn vị xếp loại “{RATING_LABELS[p['rating']]}” trở lên năm {ctx.year}"
        if p["new_member_months"]:
            text += f" (không tính cán bộ mới vào ngành dưới {p['new_member_months']} tháng, chưa xếp loại)"
        return text

    def test(self, p, members, count):
        return members > 0 and count == members

    def _bits(self, p, ctx):
        return ctx.people.rating_at_least(ctx.year, p["rating"]) if ctx.people is not None else 0

    def _new(self, p, ctx) -> int:
        """Members left out: unrated in Y, service begun after the cut-off less the months."""
        months = p["new_member_months"]
        if not months or ctx.people is None:
            return 0

        def compute():
            people, on = ctx.people, ctx.on
            total = on.year * 12 + on.month - 1 - months
            since = on.replace(year=total // 12, month=total % 12 + 1, day=min(on.day, 28))
            rated = people.rating_at_least(ctx.year, "KHTNV")
            recent = [j for j, start in enumerate(people.service_start) if start is not None and start > since]
            return bits.from_indices(people.n, recent) & ~rated

        return ctx.memo(("new_members", months), compute)

    def _stat(self, p):
        return lambda s: s.rated_at_least(p["rating"])

    def evaluate(self, p, ctx):
        totals, new = ctx.member_totals(), ctx.count_by_unit(self._new(p, ctx))
        counts = ctx.count_by_unit(self._bits(p, ctx))
        ok = []
        for u in range(ctx.units.n):
            stats = ctx.units.member_stats.get(u)
            if stats is not None:
                members, count = stats.members, stats.rated_at_least(p["rating"])
            else:
                members, count = totals.get(u, 0) - new.get(u, 0), counts.get(u, 0)
            if self.test(p, members, count):
                ok.append(u)
        return bits.from_indices(ctx.units.n, ok)

    def explain(self, p, ctx, i):
        members, count = self.member_figures(p, ctx, i, self._bits(p, ctx), self._stat(p))
        if not members:
            return "không có dữ liệu cán bộ của đơn vị"
        new = ctx.count_by_unit(self._new(p, ctx)).get(i, 0) if ctx.units.member_stats.get(i) is None else 0
        text = f"{count}/{members - new} cán bộ xếp loại {p['rating']} trở lên"
        if ctx.people is not None and ctx.units.member_stats.get(i) is None:
            people = ctx.people
            unrated = ctx.members_in(
                ("unrated", p["new_member_months"]),
                lambda: people.everyone & ~(people.rating_at_least(ctx.year, "KHTNV") | self._new(p, ctx)),
                i,
            )
            if unrated:
                text += f"; {len(unrated)} cán bộ chưa có xếp loại năm {ctx.year} ({', '.join(ctx.names(unrated))})"
        if new:
            text += f"; không tính {new} cán bộ mới vào ngành dưới {p['new_member_months']} tháng"
        return text

    def needs(self, p, recipient, needs):
        super().needs(p, recipient, needs)
        needs.ratings(INDIVIDUAL)
        if p["new_member_months"]:
            needs.service = True


class MembersHoldingAtLeast(MemberPredicate):
    name = "members_holding_at_least"
    params = {"title": Spec("title"), "count": Spec("positive"), "or_eligible": Spec("bool", False, False)}

    def describe(self, p, ctx):
        text = f"Có ít nhất {p['count']} cá nhân đạt danh hiệu {code_name(p['title'])} năm {ctx.year}"
        return text + (BEFORE_DECISION if p["or_eligible"] else "")

    def test(self, p, members, count):
        return count >= p["count"]

    def _stat(self, p):
        return lambda s: s.titles.get(p["title"], 0)

    def evaluate(self, p, ctx):
        return self.per_unit(p, ctx, ctx.count_by_unit(_counted(p, ctx)), self._stat(p))

    def explain(self, p, ctx, i):
        _, count = self.member_figures(p, ctx, i, _counted(p, ctx), self._stat(p))
        return f"{count} cá nhân {_holders_phrase(p, ctx, i, count)}, cần {p['count']}"

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
