"""The review dashboard: proposals per movement and status."""

from dataclasses import dataclass, field

from django.db.models import Count
from django.utils.translation import gettext as _

from commendation.models import Proposal


@dataclass
class DashboardRow:
    movement_id: int | None
    movement: str
    counts: dict = field(default_factory=dict)  # status → number of proposals
    lines: int = 0

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def cells(self) -> list[int]:
        return [self.counts.get(s, 0) for s in Proposal.Status.values]


def dashboard(proposals, *, year: int) -> list[DashboardRow]:
    """Per movement (proposals without one last, as "Khen thưởng hằng năm, đột xuất"), the
    number of ``proposals`` (a queryset already limited to what the user sees) of ``year`` in
    each status and their lines. Two queries."""
    rows: dict = {}
    qs = proposals.filter(year=year)
    for mid, name, status, n in (
        qs.values_list("movement_id", "movement__name", "status").annotate(n=Count("pk")).order_by("movement__name")
    ):
        row = rows.setdefault(mid, DashboardRow(mid, name or _("Khen thưởng hằng năm, đột xuất")))
        row.counts[status] = row.counts.get(status, 0) + n
    for mid, n in qs.values_list("movement_id").annotate(n=Count("lines")).order_by():
        if mid in rows:
            rows[mid].lines += n
    return sorted(rows.values(), key=lambda r: (r.movement_id is None, r.movement))
