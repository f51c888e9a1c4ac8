"""Conditions on award forms received: held before Y, not held yet, and chains of years since an award."""

from eligibility.engine import bits
from eligibility.engine.predicates.base import Predicate, year_blocked
from eligibility.engine.predicates.context import Context
from eligibility.engine.predicates.formatting import fmt_date, span
from eligibility.engine.predicates.params import Spec
from eligibility.engine.vocabulary import CHAIN_KINDS, COMMENDATION_LABELS, RATING_LABELS, code_name


def awards_before(ctx: Context, code: str, kinds) -> dict:
    """Candidate index → its latest award ``code`` of the allowed kinds for a year before Y,
    decided by the evaluation date."""

    def compute():
        latest = {}
        for i, award in ctx.table.awards:
            if (
                award.code == code
                and award.year < ctx.year
                and award.kind in kinds
                and (award.decided_on is None or award.decided_on <= ctx.on)
                and (i not in latest or award.year > latest[i].year)
            ):
                latest[i] = award
        return latest

    return ctx.memo(("awards_before", ctx.recipient, code, tuple(kinds)), compute)


class HoldsAwardBefore(Predicate):
    """Received ``award`` for a year before Y (ad-hoc and thematic awards do not count by default)."""

    name = "holds_award_before"
    params = {"award": Spec("award"), "kinds": Spec("commendation_kinds", False, list(CHAIN_KINDS))}

    def describe(self, p, ctx):
        return f"Đã được tặng {code_name(p['award'])} trước năm {ctx.year}"

    def evaluate(self, p, ctx):
        return bits.from_indices(ctx.table.n, awards_before(ctx, p["award"], p["kinds"]))

    def explain(self, p, ctx, i):
        other = [a for a in ctx.table.rows_of("awards", i) if a.code == p["award"]]
        if not other:
            return f"chưa được tặng {code_name(p['award'])}"
        return "; ".join(
            f"{code_name(a.code)} năm {a.year} ({COMMENDATION_LABELS.get(a.kind, a.kind)}"
            + (f", quyết định ngày {fmt_date(a.decided_on)}" if a.decided_on else "")
            + ") không được tính"
            for a in other
        )

    def needs(self, p, recipient, needs):
        needs.awards(recipient, p["award"])


class LacksAward(Predicate):
    """Has not received ``award`` yet (seniority medals are given once)."""

    name = "lacks_award"
    params = {"award": Spec("award")}

    def _held(self, p, ctx) -> dict:
        def compute():
            found = {}
            for i, a in ctx.table.awards:
                if a.code == p["award"] and a.year <= ctx.year and (a.decided_on is None or a.decided_on <= ctx.on):
                    found.setdefault(i, a)
            return found

        return ctx.memo(("held", ctx.recipient, p["award"]), compute)

    def describe(self, p, ctx):
        return f"Chưa được tặng {code_name(p['award'])}"

    def evaluate(self, p, ctx):
        return ctx.table.everyone & ~bits.from_indices(ctx.table.n, self._held(p, ctx))

    def explain(self, p, ctx, i):
        a = self._held(p, ctx)[i]
        return f"đã được tặng năm {a.year}" + (f" (quyết định ngày {fmt_date(a.decided_on)})" if a.decided_on else "")

    def needs(self, p, recipient, needs):
        needs.awards(recipient, p["award"])


class ChainSinceAward(Predicate):
    """Since ``award`` (or the last receipt of the form judged, whichever is later): a run of at
    least ``years`` consecutive years ending Y, each rated at least ``rating`` (and holding
    ``every_year_title`` when given), with at least ``title_times`` years holding ``title`` and
    at least ``excellent_years`` years rated HTXSNV inside the run."""

    name = "chain_since_award"
    params = {
        "award": Spec("award"),
        "years": Spec("positive"),
        "rating": Spec("rating", False),
        "every_year_title": Spec("title", False),
        "title": Spec("title", False),
        "title_times": Spec("int", False, 0),
        "excellent_years": Spec("int", False, 0),
        "or_eligible": Spec("bool", False, False),
        "kinds": Spec("commendation_kinds", False, list(CHAIN_KINDS)),
    }

    def uses_own(self, p):
        return True

    def describe(self, p, ctx):
        text = f"Sau khi được tặng {code_name(p['award'])}: {p['years']} năm liên tục trở lên"
        if p.get("rating"):
            text += f" xếp loại “{RATING_LABELS[p['rating']]}” trở lên"
        if p.get("every_year_title"):
            text += f", mỗi năm đạt danh hiệu {code_name(p['every_year_title'])}"
        extra = []
        if p.get("title") and p["title_times"]:
            extra.append(f"{p['title_times']} lần đạt danh hiệu {code_name(p['title'])}")
        if p["excellent_years"]:
            extra.append(f"{p['excellent_years']} năm hoàn thành xuất sắc nhiệm vụ")
        return text + (", trong đó có " + " và ".join(extra) if extra else "")

    def _starts(self, p, ctx) -> dict[int, int]:
        """Candidate index → the year after which its chain may start."""
        starts = {i: a.year for i, a in awards_before(ctx, p["award"], p["kinds"]).items()}
        if ctx.own_code and ctx.own_code != p["award"]:
            for i, y in ctx.own_last().items():
                if i in starts and y > starts[i]:
                    starts[i] = y
        return starts

    def _year_ok(self, p, ctx, y):
        ok = ctx.counted(y)
        if p.get("rating"):
            ok &= ctx.table.rating_at_least(y, p["rating"])
        if p.get("every_year_title"):
            ok &= ctx.title(p["every_year_title"], y, p["or_eligible"])
        return ok

    def evaluate(self, p, ctx):
        table = ctx.table
        starts = self._starts(p, ctx)
        by_start: dict[int, list[int]] = {}
        for i, s in starts.items():
            by_start.setdefault(s, []).append(i)
        run = bits.from_indices(table.n, starts)  # holders of the award; shrinks year by year
        titles = bits.AtLeast(p["title_times"])
        excellent = bits.AtLeast(p["excellent_years"])
        long_enough = 0
        for depth, y in enumerate(range(ctx.year, table.first_year - 1, -1), 1):
            # Those whose award came in year ≥ y leave the run here: y is not after their award.
            for s in [s for s in by_start if s >= y]:
                run &= ~bits.from_indices(table.n, by_start.pop(s))
            run &= self._year_ok(p, ctx, y)
            if not run:
                break
            if p.get("title") and p["title_times"]:
                titles.add(ctx.title(p["title"], y, p["or_eligible"]) & run)
            if p["excellent_years"]:
                excellent.add(ctx.table.rating_at_least(y, "HTXSNV") & ctx.counted(y) & run)
            if depth == p["years"]:
                long_enough = run
        found = long_enough
        if p.get("title") and p["title_times"]:
            found &= titles.reached(p["title_times"], table.everyone)
        if p["excellent_years"]:
            found &= excellent.reached(p["excellent_years"], table.everyone)
        return found

    def explain(self, p, ctx, i):
        award = awards_before(ctx, p["award"], p["kinds"]).get(i)
        if award is None:
            return f"chưa được tặng {code_name(p['award'])} (công trạng) trước năm {ctx.year}"
        start = self._starts(p, ctx)[i]
        parts = [f"{code_name(p['award'])} năm {award.year}"]
        if start != award.year:
            parts.append(f"{code_name(ctx.own_code)} năm {start}")
        run_years = []
        for y in range(ctx.year, max(start, ctx.table.first_year - 1), -1):
            if not bits.has(self._year_ok(p, ctx, y), i):
                break
            run_years.append(y)
        problems = []
        if len(run_years) < p["years"]:
            first = ctx.year - len(run_years) + 1
            got = f"{len(run_years)} năm liên tục ({span(first, ctx.year)})" if run_years else "0 năm"
            breaker = first - 1
            why = ""
            if breaker > start and breaker >= ctx.table.first_year:
                why = year_blocked(ctx, i, breaker, False) or self._breaker(p, ctx, i, breaker)
                why = f"; năm {breaker}: {why}"
            problems.append(f"sau đó {got}, cần {p['years']}{why}")
        if p.get("title") and p["title_times"]:
            held = sum(1 for y in run_years if bits.has(ctx.title(p["title"], y, p["or_eligible"]), i))
            if held < p["title_times"]:
                problems.append(f"{held} lần {code_name(p['title'])}, cần {p['title_times']}")
        if p["excellent_years"]:
            held = sum(1 for y in run_years if ctx.table.rating_of(i, y) == "HTXSNV")
            if held < p["excellent_years"]:
                problems.append(f"{held} năm HTXSNV, cần {p['excellent_years']}")
        return "; ".join(parts) + ": " + "; ".join(problems or ["không đủ điều kiện"])

    def _breaker(self, p, ctx, i, y) -> str:
        """What year ``y`` lacks: the title required every year when missing (a unit's chain of
        Đơn vị Quyết thắng breaks on the missing title, whatever its rating), else the rating."""
        title = p.get("every_year_title")
        if title and not bits.has(ctx.title(title, y, p["or_eligible"]), i):
            return f"không đạt {code_name(title)}"
        return f"xếp loại {ctx.table.rating_of(i, y) or 'chưa có'}"

    def depends(self, p, recipient):
        refs = [p[k] for k in ("title", "every_year_title") if p.get(k)] if p["or_eligible"] else []
        return [(code, recipient) for code in refs]

    def needs(self, p, recipient, needs):
        needs.add_years(needs.history)
        needs.awards(recipient, p["award"])
        if p.get("rating") or p["excellent_years"]:
            needs.ratings(recipient)
        for key in ("title", "every_year_title"):
            if p.get(key):
                needs.titles(recipient, p[key])
