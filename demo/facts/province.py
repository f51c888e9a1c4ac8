"""The province as it stands: its people, their ratings, its units (and the one rating fix, see
``RATING_FIX``)."""

import datetime

from demo.facts.common import OPEN_YEAR, RATING_FIX
from eligibility.facts import serving_on
from organisation.models import Assignment, Person, PersonRating, Unit


class Province:
    def __init__(self):
        self.caqb = Unit.objects.get(ref="CAQB")
        self.units = {u.ref: u for u in Unit.objects.filter(path__startswith=self.caqb.path)}
        on = datetime.date(OPEN_YEAR, 12, 31)
        self.unit_of = dict(serving_on(on, self.caqb).values_list("person_id", "unit_id"))
        ids = set(Assignment.objects.filter(unit__path__startswith=self.caqb.path).values_list("person_id", flat=True))
        self.people = {p.pk: p for p in Person.objects.filter(pk__in=ids).only("pk", "ident", "sex", "service_start")}
        self.ratings: dict[int, dict[int, str]] = {}
        for pid, year, rating in PersonRating.objects.filter(person_id__in=self.people).values_list(
            "person_id", "year", "rating"
        ):
            self.ratings.setdefault(pid, {})[year] = rating

    def rating(self, pid, year):
        return self.ratings.get(pid, {}).get(year)

    def members(self, ref: str) -> list[int]:
        unit = self.units[ref]
        return sorted(pid for pid, uid in self.unit_of.items() if uid == unit.pk)


def fix_ratings(province: Province) -> int:
    members = province.members(RATING_FIX)
    changed = PersonRating.objects.filter(year=OPEN_YEAR, person_id__in=members, rating="KHTNV").update(rating="HTNV")
    for pid in members:
        if province.rating(pid, OPEN_YEAR) == "KHTNV":
            province.ratings[pid][OPEN_YEAR] = "HTNV"
    return changed
