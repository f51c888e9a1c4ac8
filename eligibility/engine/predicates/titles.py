"""Conditions on emulation titles held: in year Y, for consecutive years, or a number of times."""

from eligibility.engine import bits
from eligibility.engine.predicates.base import Predicate, own_phrase, year_blocked
from eligibility.engine.predicates.formatting import span
from eligibility.engine.predicates.params import Spec
from eligibility.engine.vocabulary import code_name


class ConsecutiveTitle(Predicate):
    """Held ``title`` in each of the ``years`` years ending Y."""

    name = "consecutive_title"
    params = {
        "title": Spec("title"),
        "years": Spec("positive"),
        "or_eligible": Spec("bool", False, False),
        "after_own": Spec("bool", False, False),
    }

    def uses_own(self, p):
        return bool(p.get("after_own"))

    def describe(self, p, ctx):
        return f"Đạt danh hiệu {code_name(p['title'])} {p['years']} năm liên tục đến năm {ctx.year}"

    def _year(self, p, ctx, y):
        found = ctx.title(p["title"], y, p["or_eligible"]) & ctx.counted(y)
        if p["after_own"]:
            found &= ctx.after_own(y)
        return found

    def evaluate(self, p, ctx):
        found = ctx.table.everyone
        for y in ctx.years_back(p["years"]):
            found &= self._year(p, ctx, y)
        return found

    def explain(self, p, ctx, i):
        run, y = 0, ctx.year
        while y >= ctx.table.first_year and bits.has(self._year(p, ctx, y), i):
            run, y = run + 1, y - 1
        text = f"{run} năm liên tục ({span(ctx.year - run + 1, ctx.year)})" if run else f"năm {ctx.year} chưa đạt"
        text += f", cần {p['years']}"
        note = year_blocked(ctx, i, y, p["after_own"]) if run < p["years"] else ""
        if note:
            text += f" (năm {y} {note})"
        return text

    def depends(self, p, recipient):
        return [(p["title"], recipient)] if p["or_eligible"] else []

    def needs(self, p, recipient, needs):
        needs.add_years(p["years"])
        needs.titles(recipient, p["title"])


class HoldsTitle(ConsecutiveTitle):
    """Holds ``title`` in year Y."""

    name = "holds_title"
    params = {"title": Spec("title"), "or_eligible": Spec("bool", False, False)}

    def describe(self, p, ctx):
        return f"Đạt danh hiệu {code_name(p['title'])} năm {ctx.year}"

    def _p(self, p):
        return {**p, "years": 1, "after_own": False}

    def evaluate(self, p, ctx):
        return super().evaluate(self._p(p), ctx)

    def explain(self, p, ctx, i):
        note = year_blocked(ctx, i, ctx.year, False)
        missing = "chưa đạt và chưa đủ điều kiện" if p["or_eligible"] else "chưa đạt"
        return f"năm {ctx.year} " + (note or f"{missing} {code_name(p['title'])}")

    def needs(self, p, recipient, needs):
        super().needs(self._p(p), recipient, needs)


class TitleCount(Predicate):
    """Held ``title`` at least ``times`` times in the ``years`` years ending Y."""

    name = "title_count"
    params = {
        "title": Spec("title"),
        "times": Spec("positive"),
        "years": Spec("positive"),
        "or_eligible": Spec("bool", False, False),
        "after_own": Spec("bool", False, False),
    }

    def uses_own(self, p):
        return bool(p.get("after_own"))

    def describe(self, p, ctx):
        return (
            f"Đạt danh hiệu {code_name(p['title'])} ít nhất {p['times']} lần trong {p['years']} năm "
            f"({span(ctx.year - p['years'] + 1, ctx.year)})"
        )

    def _year(self, p, ctx, y):
        found = ctx.title(p["title"], y, p["or_eligible"]) & ctx.counted(y)
        return found & ctx.after_own(y) if p["after_own"] else found

    def evaluate(self, p, ctx):
        counter = bits.AtLeast(p["times"])
        for y in ctx.years_back(p["years"]):
            counter.add(self._year(p, ctx, y))
        return counter.reached(p["times"], ctx.table.everyone)

    def explain(self, p, ctx, i):
        held = [y for y in sorted(ctx.years_back(p["years"])) if bits.has(self._year(p, ctx, y), i)]
        text = f"{len(held)} lần ({', '.join(map(str, held))})" if held else "0 lần"
        note = own_phrase(ctx, i, ctx.year - p["years"] + 1, p["after_own"])
        return f"{text}, cần {p['times']}" + (f" ({note})" if note else "")

    def depends(self, p, recipient):
        return [(p["title"], recipient)] if p["or_eligible"] else []

    def needs(self, p, recipient, needs):
        needs.add_years(p["years"])
        needs.titles(recipient, p["title"])


class ConsecutiveTerms(Predicate):
    """Received ``title`` ``times`` times in a row: in Y, Y − ``term``, Y − 2·``term`` … — each term
    of ``term`` years following the previous one with no gap (a CSTĐ Bộ crowns 3 years of CSTĐ cơ
    sở, so "2 lần liên tục" is one in Y and the one in Y − 3: Law 2022 art. 21). With
    ``back_to_back`` false, any ``times`` receipts within ``times``·``term`` years count."""

    name = "consecutive_terms"
    params = {
        "title": Spec("title"),
        "times": Spec("positive"),
        "term": Spec("positive"),
        "back_to_back": Spec("bool", False, True),
        "or_eligible": Spec("bool", False, False),
        "after_own": Spec("bool", False, False),
    }

    def uses_own(self, p):
        return bool(p.get("after_own"))

    def _window(self, p) -> int:
        return p["times"] * p["term"]

    def _years(self, p, ctx) -> list[int]:
        return [ctx.year - k * p["term"] for k in range(p["times"])]

    def describe(self, p, ctx):
        name = code_name(p["title"])
        if not p["back_to_back"]:
            return (
                f"Đạt danh hiệu {name} ít nhất {p['times']} lần trong {self._window(p)} năm "
                f"({span(ctx.year - self._window(p) + 1, ctx.year)})"
            )
        years = " và ".join(map(str, sorted(self._years(p, ctx))))
        return f"Đạt danh hiệu {name} {p['times']} lần liên tục (các năm {years}, mỗi lần {p['term']} năm)"

    def _year(self, p, ctx, y):
        found = ctx.title(p["title"], y, p["or_eligible"]) & ctx.counted(y)
        return found & ctx.after_own(y) if p["after_own"] else found

    def evaluate(self, p, ctx):
        if p["back_to_back"]:
            found = ctx.table.everyone
            for y in self._years(p, ctx):
                found &= self._year(p, ctx, y)
            return found
        counter = bits.AtLeast(p["times"])
        for y in ctx.years_back(self._window(p)):
            counter.add(self._year(p, ctx, y))
        return counter.reached(p["times"], ctx.table.everyone)

    def explain(self, p, ctx, i):
        window = self._window(p)
        held = [y for y in sorted(ctx.years_back(window)) if bits.has(self._year(p, ctx, y), i)]
        text = f"đạt các năm {', '.join(map(str, held))}" if held else f"chưa đạt lần nào trong {window} năm"
        if p["back_to_back"]:
            missing = [y for y in sorted(self._years(p, ctx)) if y not in held]
            text += f"; cần {p['times']} lần liên tục, thiếu năm {', '.join(map(str, missing))}"
        else:
            text += f"; cần {p['times']} lần"
        note = own_phrase(ctx, i, ctx.year - window + 1, p["after_own"])
        return text + (f" ({note})" if note else "")

    def depends(self, p, recipient):
        return [(p["title"], recipient)] if p["or_eligible"] else []

    def needs(self, p, recipient, needs):
        needs.add_years(self._window(p))
        needs.titles(recipient, p["title"])
