"""Conditions on annual ratings (xếp loại)."""

from eligibility.engine import bits
from eligibility.engine.predicates.base import Predicate, year_blocked
from eligibility.engine.predicates.formatting import span
from eligibility.engine.predicates.params import Spec
from eligibility.engine.vocabulary import RATING_LABELS, code_name


class RatingAtLeast(Predicate):
    """Rated at least ``rating`` in each of the ``years`` years ending Y (or holding ``or_title``)."""

    name = "rating_at_least"
    params = {
        "rating": Spec("rating"),
        "years": Spec("positive", False, 1),
        "or_title": Spec("title", False),
        # One achievement, one reward (Law 2022 art. 5): the years up to the last receipt of the
        # judged form earned it and do not count again for the same form.
        "after_own": Spec("bool", False, False),
    }

    def uses_own(self, p):
        return bool(p.get("after_own"))

    def describe(self, p, ctx):
        what = f"Xếp loại “{RATING_LABELS[p['rating']]}” trở lên"
        if p.get("or_title"):
            what += f" hoặc đạt danh hiệu {code_name(p['or_title'])}"
        if p["years"] == 1:
            return f"{what} năm {ctx.year}"
        return f"{what} {p['years']} năm liên tục ({span(ctx.year - p['years'] + 1, ctx.year)})"

    def _year(self, p, ctx, y):
        found = ctx.table.rating_at_least(y, p["rating"])
        if p.get("or_title"):
            found |= ctx.title(p["or_title"], y, False)
        found &= ctx.counted(y)
        if p.get("after_own"):
            found &= ctx.after_own(y)
        return found

    def evaluate(self, p, ctx):
        found = ctx.table.everyone
        for y in ctx.years_back(p["years"]):
            found &= self._year(p, ctx, y)
        return found

    def explain(self, p, ctx, i):
        failed = []
        for y in sorted(ctx.years_back(p["years"])):
            if bits.has(self._year(p, ctx, y), i):
                continue
            blocked = year_blocked(ctx, i, y, bool(p.get("after_own")))
            rating = ctx.table.rating_of(i, y)
            fact = blocked or rating or "chưa xếp loại"
            if not blocked and p.get("or_title"):
                fact += f", không đạt {code_name(p['or_title'])}"
            failed.append(f"{y}: {fact}")
        return "; ".join(failed)

    def needs(self, p, recipient, needs):
        needs.add_years(p["years"])
        needs.ratings(recipient)
        if p.get("or_title"):
            needs.titles(recipient, p["or_title"])
