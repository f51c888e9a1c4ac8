"""The predicate interface, and the explanations shared by the predicates that read several years
(why a year does not count: a discipline's period, or an earlier receipt of the code judged)."""

import abc

from eligibility.engine import bits
from eligibility.engine.predicates.context import Context
from eligibility.engine.predicates.formatting import fmt_date
from eligibility.engine.predicates.params import Spec
from eligibility.engine.vocabulary import COLLECTIVE, DISCIPLINE_LABELS, INDIVIDUAL, code_name

BOTH = (INDIVIDUAL, COLLECTIVE)


class Predicate(abc.ABC):
    name = ""
    recipients: tuple = BOTH
    params: dict[str, Spec] = {}

    def uses_own(self, p: dict) -> bool:
        """Whether the result depends on the code being judged (then it is not shared between rules)."""
        return False

    def reads_own(self, p: dict) -> bool:
        """Whether it reads the candidates' past receipts of the code being judged."""
        return self.uses_own(p)

    @abc.abstractmethod
    def describe(self, p: dict, ctx: Context) -> str:
        """The condition in plain Vietnamese, with its parameters filled in."""

    @abc.abstractmethod
    def evaluate(self, p: dict, ctx: Context) -> int:
        """The bitset of candidates that meet the condition."""

    @abc.abstractmethod
    def explain(self, p: dict, ctx: Context, i: int) -> str:
        """Why candidate ``i`` fails: the fact that failed."""

    def depends(self, p: dict, recipient: str) -> list[tuple[str, str]]:
        """The rules (code, recipient) whose eligibility this condition reads (``or_eligible``)."""
        return []

    def needs(self, p: dict, recipient: str, needs) -> None:  # noqa: B027 - a hook: most conditions read nothing extra
        """Record in ``needs`` which facts the condition reads."""


def own_phrase(ctx: Context, i: int, first: int, own: bool) -> str:
    """Why years before ``first`` do not count for candidate i, when they do not."""
    notes = []
    last_own = ctx.own_last().get(i) if own and ctx.own_code else None
    if last_own is not None and last_own >= first - 1:
        notes.append(f"đã được tặng {code_name(ctx.own_code)} năm {last_own}, chỉ tính các năm sau đó")
    clean = ctx.clean_years().get(i) if ctx.recipient == INDIVIDUAL else None
    if clean is not None and clean[0] >= first - 1:
        d = clean[1]
        notes.append(
            f"bị {DISCIPLINE_LABELS[d.form].lower()} ngày {fmt_date(d.decided_on)}, thời hạn đến "
            f"{fmt_date(d.period_end)}: thành tích tính từ năm {clean[0] + 1}"
        )
    return "; ".join(notes)


def year_blocked(ctx: Context, i: int, year: int, after_own: bool) -> str:
    clean = ctx.clean_years().get(i) if ctx.recipient == INDIVIDUAL else None
    if clean is not None and clean[0] >= year:
        return f"trong thời hạn kỷ luật (đến {fmt_date(clean[1].period_end)})"
    if after_own and any(bits.has(ctx.own_held(y), i) for y in range(year, ctx.year)):
        return f"đã dùng để được tặng {code_name(ctx.own_code)}"
    return ""
