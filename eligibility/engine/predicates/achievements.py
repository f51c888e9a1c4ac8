"""The condition on achievements recorded for the year."""

from eligibility.engine.predicates.base import Predicate
from eligibility.engine.predicates.params import Spec
from eligibility.engine.vocabulary import ACHIEVEMENT_LABELS


class AchievementRecorded(Predicate):
    """An achievement of ``kind`` recorded for the candidate in year Y."""

    name = "achievement_recorded"
    params = {"kind": Spec("achievement")}

    def describe(self, p, ctx):
        label = ACHIEVEMENT_LABELS[p["kind"]]
        return f"Có {label} được ghi nhận năm {ctx.year}"

    def evaluate(self, p, ctx):
        return ctx.table.achievement_bits(p["kind"], ctx.year)

    def explain(self, p, ctx, i):
        return f"chưa ghi nhận {ACHIEVEMENT_LABELS[p['kind']]} năm {ctx.year}"

    def needs(self, p, recipient, needs):
        needs.achievements = True
