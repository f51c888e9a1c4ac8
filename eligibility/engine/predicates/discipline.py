"""Conditions on disciplines and pending cases (kỷ luật, thanh tra, khiếu nại) of a person."""

import datetime

from eligibility.engine import bits
from eligibility.engine.predicates.base import Predicate
from eligibility.engine.predicates.context import Context
from eligibility.engine.predicates.formatting import fmt_date, years_before
from eligibility.engine.predicates.params import Spec
from eligibility.engine.vocabulary import DISCIPLINE_LABELS, DISCIPLINE_RANK, INDIVIDUAL, PENDING_LABELS


def disciplined(ctx: Context, form: str, years: int) -> dict[int, object]:
    """Person index → a discipline of ``form`` or heavier decided in the ``years`` years to ``on``."""

    def compute():
        since, floor = years_before(ctx.on, years), DISCIPLINE_RANK[form]
        found = {}
        for i, d in ctx.people.disciplines:
            if (
                since < d.decided_on <= ctx.on
                and DISCIPLINE_RANK[d.form] >= floor
                and (i not in found or d.decided_on > found[i].decided_on)
            ):
                found[i] = d
        return found

    return ctx.memo(("disciplined", form, years), compute)


class NoDiscipline(Predicate):
    """No discipline of ``form`` or heavier decided within the ``years`` years up to ``on``."""

    name = "no_discipline"
    recipients = (INDIVIDUAL,)
    params = {"form": Spec("form", False, "khien_trach"), "years": Spec("positive", False, 1)}

    def describe(self, p, ctx):
        since = years_before(ctx.on, p["years"]) + datetime.timedelta(days=1)
        return (
            f"Không bị kỷ luật từ hình thức {DISCIPLINE_LABELS[p['form']].lower()} trở lên từ {fmt_date(since)} "
            f"đến {fmt_date(ctx.on)}"
        )

    def evaluate(self, p, ctx):
        return ctx.people.everyone & ~bits.from_indices(ctx.people.n, disciplined(ctx, p["form"], p["years"]))

    def explain(self, p, ctx, i):
        d = disciplined(ctx, p["form"], p["years"])[i]
        return f"{DISCIPLINE_LABELS[d.form]} ngày {fmt_date(d.decided_on)} (thời hạn đến {fmt_date(d.period_end)})"

    def needs(self, p, recipient, needs):
        needs.disciplines = True


class NoPendingCase(Predicate):
    """No disciplinary review, inspection or complaint pending on the evaluation date: a failure
    postpones the candidate instead of rejecting it."""

    name = "no_pending_case"
    recipients = (INDIVIDUAL,)
    params = {}
    postpones = True

    def describe(self, p, ctx):
        return "Không đang bị xem xét kỷ luật, thanh tra, kiểm tra hoặc giải quyết khiếu nại, tố cáo"

    def _open(self, ctx):
        def compute():
            found = {}
            for i, case in ctx.people.pending:
                if case.open_on(ctx.on):
                    found.setdefault(i, case)
            return found

        return ctx.memo("pending", compute)

    def evaluate(self, p, ctx):
        return ctx.people.everyone & ~bits.from_indices(ctx.people.n, self._open(ctx))

    def explain(self, p, ctx, i):
        case = self._open(ctx)[i]
        return f"{PENDING_LABELS[case.kind]} từ ngày {fmt_date(case.opened_on)}"

    def needs(self, p, recipient, needs):
        needs.pending = True
