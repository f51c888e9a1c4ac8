"""Conditions on initiatives (sáng kiến, đề tài, giải pháp) recognised and not used yet."""

import datetime
from collections import Counter

from eligibility.engine import bits
from eligibility.engine.predicates.base import Predicate
from eligibility.engine.predicates.formatting import fmt_date, years_before
from eligibility.engine.predicates.params import Spec
from eligibility.engine.vocabulary import (
    INDIVIDUAL,
    INITIATIVE_KIND_LABELS,
    INITIATIVE_KINDS,
    LEVEL_LABELS,
    LEVEL_RANK,
    code_name,
)


class InitiativesUnused(Predicate):
    """At least ``count`` initiatives of level ≥ ``level`` (of the given ``kinds``) recognised in
    the ``within_years`` years up to the evaluation date and not used for another title."""

    name = "initiatives_unused"
    recipients = (INDIVIDUAL,)
    params = {
        "level": Spec("level", False, "co_so"),
        "count": Spec("positive", False, 1),
        "within_years": Spec("positive", False, 1),
        "kinds": Spec("initiative_kinds", False, list(INITIATIVE_KINDS)),
    }

    def uses_own(self, p):
        return True

    def reads_own(self, p):
        return False  # it only compares the code with what each initiative was used for

    def _kinds(self, p):
        if set(p["kinds"]) == set(INITIATIVE_KINDS):
            return "sáng kiến, đề tài hoặc giải pháp chiến đấu"
        return " hoặc ".join(INITIATIVE_KIND_LABELS[k] for k in p["kinds"])

    def describe(self, p, ctx):
        since = years_before(ctx.on, p["within_years"])
        return (
            f"Có {p['count']} {self._kinds(p)} {LEVEL_LABELS[p['level']]} trở lên được công nhận từ "
            f"{fmt_date(since + datetime.timedelta(days=1))} đến {fmt_date(ctx.on)}, chưa dùng để xét "
            f"danh hiệu, hình thức khác"
        )

    def _usable(self, p, ctx, initiative) -> str:
        """'' when the initiative counts, else why not."""
        if LEVEL_RANK[initiative.level] < LEVEL_RANK[p["level"]]:
            return f"chỉ {LEVEL_LABELS[initiative.level]}"
        if initiative.kind not in p["kinds"]:
            return f"là {INITIATIVE_KIND_LABELS[initiative.kind]}"
        if not (years_before(ctx.on, p["within_years"]) < initiative.recognised_on <= ctx.on):
            return f"công nhận ngày {fmt_date(initiative.recognised_on)}, ngoài thời gian xét"
        if initiative.used_for and not (initiative.used_for == ctx.own_code and initiative.used_year == ctx.year):
            return f"đã dùng để đạt {code_name(initiative.used_for)} năm {initiative.used_year}"
        claimed = ctx.claimed_by(initiative.id)
        if claimed:
            return f"cần để đạt {code_name(claimed)} năm {ctx.year}, một thành tích chỉ xét một hình thức"
        return ""

    def usable(self, p, ctx, i) -> list:
        """The initiatives of candidate ``i`` that count, the ones a decision would mark first:
        already marked for this code, then the lowest level (the higher ones stay for higher
        titles), then the oldest."""
        rows = [ini for ini in ctx.people.rows_of("initiatives", i) if not self._usable(p, ctx, ini)]
        own = ctx.own_code
        rows.sort(
            key=lambda ini: (
                not (ini.used_for == own and ini.used_year == ctx.year),
                LEVEL_RANK[ini.level],
                ini.recognised_on,
                ini.id,
            )
        )
        return rows

    def evaluate(self, p, ctx):
        since, on, year, own = years_before(ctx.on, p["within_years"]), ctx.on, ctx.year, ctx.own_code
        floor, kinds = LEVEL_RANK[p["level"]], set(p["kinds"])
        counts = Counter(
            i
            for i, ini in ctx.people.initiatives
            if LEVEL_RANK[ini.level] >= floor
            and ini.kind in kinds
            and since < ini.recognised_on <= on
            and (not ini.used_for or (ini.used_for == own and ini.used_year == year))
            and not ctx.claimed_by(ini.id)
        )
        return bits.from_indices(ctx.people.n, [i for i, c in counts.items() if c >= p["count"]])

    def explain(self, p, ctx, i):
        rows = ctx.people.rows_of("initiatives", i)
        usable = [ini for ini in rows if not self._usable(p, ctx, ini)]
        text = f"{len(usable)} {self._kinds(p)} đạt yêu cầu, cần {p['count']}"
        rejected = [f"“{ini.title or ini.id}” {self._usable(p, ctx, ini)}" for ini in rows if self._usable(p, ctx, ini)]
        return text + (f" ({'; '.join(rejected)})" if rejected else "")

    def needs(self, p, recipient, needs):
        needs.initiatives = True
        needs.add_years(p["within_years"] + 1)  # the window may start in the year before
