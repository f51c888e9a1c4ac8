"""Statistics read the award rows through one summary table, ``AwardCount``, which database
triggers keep exact (``stats.summary``): an annulment or a new decision shows at once. Statutory
report forms are versioned in code (``stats/reports.py``)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class AwardCount(models.Model):
    """How many award instances share one key. Written only by the triggers of ``stats.summary``.

    ``unit_key``: the holder unit (a collective's unit, an individual's current unit; 0: a person
    with no unit) or -1, the national rollup. ``kind``: ``t`` title, ``f`` award form; ``honour`` the
    Title or AwardForm id; ``decision`` the issuing Decision's id (0: recorded without one)."""

    unit_key = models.IntegerField(_("đơn vị"))
    year = models.PositiveSmallIntegerField(_("năm"))
    kind = models.CharField(_("loại"), max_length=1)
    honour = models.IntegerField(_("danh hiệu, hình thức"))
    individual = models.BooleanField(_("cá nhân"))
    annulled = models.BooleanField(_("đã huỷ bỏ"))
    decision = models.IntegerField(_("quyết định"))
    n = models.IntegerField(_("số lượt"))

    class Meta:
        verbose_name = _("số lượt khen thưởng (tổng hợp)")
        verbose_name_plural = _("số lượt khen thưởng (tổng hợp)")
        constraints = [
            models.UniqueConstraint(
                fields=["unit_key", "year", "kind", "honour", "individual", "annulled", "decision"],
                name="stats_awardcount_key",
            )
        ]

    def __str__(self):
        return f"{self.unit_key} {self.year} {self.kind}{self.honour}: {self.n}"
