"""The condition on years of service (thâm niên)."""

from functools import cache

from eligibility.engine import bits
from eligibility.engine.predicates.base import Predicate
from eligibility.engine.predicates.formatting import fmt_date, fmt_number, full_years
from eligibility.engine.predicates.params import Spec
from eligibility.engine.vocabulary import INDIVIDUAL


@cache
def _at_least_table(threshold: int) -> bytes:
    """A ``bytes.translate`` table mapping a byte value to 1 when ≥ ``threshold``, else 0."""
    return bytes(1 if v >= threshold else 0 for v in range(256))


class YearsOfService(Predicate):
    """At least ``male`` (men) or ``female`` (women; default as men) full years of service on the
    evaluation date; with ``hardship`` the years are multiplied by the person's hardship factor."""

    name = "years_of_service"
    recipients = (INDIVIDUAL,)
    params = {"male": Spec("positive"), "female": Spec("positive", False), "hardship": Spec("bool", False, False)}

    def describe(self, p, ctx):
        text = f"Có từ {p['male']} năm công tác trở lên"
        if p.get("female") and p["female"] != p["male"]:
            text = f"Có từ {p['male']} năm (nam) hoặc {p['female']} năm (nữ) công tác trở lên"
        if p["hardship"]:
            text += ", thời gian ở địa bàn khó khăn tính theo hệ số"
        return f"{text} tính đến ngày {fmt_date(ctx.on)}"

    def evaluate(self, p, ctx):
        people = ctx.people
        service = ctx.service_years()
        need_m, need_f = p["male"], p.get("female") or p["male"]
        men = bits.from_flags(service.translate(_at_least_table(need_m)))
        women = bits.from_flags(service.translate(_at_least_table(need_f)))
        found = (men & ~people.female) | (women & people.female)
        if p["hardship"]:
            for i, factor in people.hardship.items():  # few: recompute them one by one
                start = people.service_start[i]
                need = need_f if bits.has(people.female, i) else need_m
                ok = start is not None and full_years(start, ctx.on) * factor >= need
                found = found | (1 << i) if ok else found & ~(1 << i)
        return found

    def explain(self, p, ctx, i):
        start = ctx.people.service_start[i]
        if start is None:
            return "chưa có ngày vào ngành"
        years = full_years(start, ctx.on)
        female = bits.has(ctx.people.female, i)
        need = (p.get("female") or p["male"]) if female else p["male"]
        text = f"{years} năm công tác (vào ngành {fmt_date(start)})"
        factor = ctx.people.hardship.get(i, 1.0)
        if p["hardship"] and factor != 1.0:
            text += f", quy đổi hệ số {fmt_number(factor)}: {fmt_number(years * factor)} năm"
        return f"{text}, cần {need}{' (nữ)' if female and p.get('female') else ''}"

    def needs(self, p, recipient, needs):
        needs.service = True
