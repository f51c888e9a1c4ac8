"""Writing facts: ``Writer`` collects titles, award forms, initiatives, disciplines, pending cases,
achievements and hardship factors in memory; ``write_facts`` bulk-creates them."""

import datetime
import random
from dataclasses import dataclass, field

from demo.facts.common import DECIDED_YEARS, GOOD, INITIATIVE_TOPICS, end_of_period, ymd
from demo.facts.province import Province
from eligibility.models import Achievement, Discipline, Initiative, PendingCase, ServiceFactor
from honours.models import AwardForm, FormAward, Title, TitleAward


@dataclass
class Facts:
    titles: list = field(default_factory=list)  # TitleAward
    forms: list = field(default_factory=list)  # FormAward
    initiatives: list = field(default_factory=list)  # Initiative
    disciplines: list = field(default_factory=list)
    pending: list = field(default_factory=list)
    achievements: list = field(default_factory=list)
    factors: list = field(default_factory=list)


class Writer:
    def __init__(self, province: Province, rng: random.Random):
        self.p, self.rng = province, rng
        self.titles = dict(Title.objects.values_list("code", "id"))
        self.forms = dict(AwardForm.objects.values_list("code", "id"))
        self.f = Facts()
        self.serial = 0

    def ref(self, issuer: str, day: datetime.date) -> str:
        self.serial += 1
        return f"{100 + self.serial * 7 % 2900}/QĐ-{issuer} ngày {day:%d/%m/%Y}"

    def title(self, code, year, *, person=None, unit=None):
        issuer = {"CSTD_BO": "BCA", "CO_BO": "BCA", "CSTD_TQ": "TTg", "CO_CP": "TTg"}.get(code, "CAT")
        day = ymd(year, 12, 15) if issuer == "CAT" else ymd(year + 1, 1, 20)
        self.f.titles.append(
            TitleAward(
                title_id=self.titles[code],
                person_id=person,
                unit_id=unit,
                year=year,
                decision_ref=self.ref(issuer, day),
            )
        )

    def form(self, code, year, *, person=None, unit=None, kind="merit", decided=None):
        decided = decided or ymd(year + 1, self.rng.randint(1, 4), self.rng.randint(1, 28))
        issuer = {
            "GK": "CAT",
            "GK_TT": "CAT",
            "BK_BO": "BCA",
            "BK_BO_TT": "BCA",
            "KNC_BVANTQ": "BCA",
            "BK_TTG": "TTg",
        }.get(code, "CTN")
        row = FormAward(
            award_form_id=self.forms[code],
            person_id=person,
            unit_id=unit,
            year=year,
            decided_on=decided,
            kind=kind,
            decision_ref=self.ref(issuer, decided),
        )
        self.f.forms.append(row)

    def initiative(self, person, day, *, level="co_so", kind="sang_kien", used=None, topic=None):
        topic = topic or self.rng.choice(INITIATIVE_TOPICS)
        row = Initiative(
            person_id=person,
            title=topic,
            kind=kind,
            level=level,
            recognised_on=day,
            used_for_title_id=self.titles[used[0]] if used else None,
            used_year=used[1] if used else None,
        )
        self.f.initiatives.append(row)
        return row

    def discipline(self, person, form, decided, end=None, ref="Quyết định kỷ luật"):
        self.f.disciplines.append(
            Discipline(
                person_id=person,
                form=form,
                decided_on=decided,
                period_end=end or end_of_period(decided),
                decision_ref=f"{ref} ngày {decided:%d/%m/%Y}",
            )
        )

    def pending(self, person, kind, opened, closed=None, note=""):
        self.f.pending.append(PendingCase(person_id=person, kind=kind, opened_on=opened, closed_on=closed, note=note))

    def achievement(self, year, kind, description, *, person=None, unit=None):
        self.f.achievements.append(
            Achievement(person_id=person, unit_id=unit, year=year, kind=kind, description=description)
        )

    def history(self, pid, cstdcs=(), *, titled_initiatives=True, extra=()):
        """CSTT in each year 2021–2024 rated HTTNV or better, CSTĐ cơ sở in ``cstdcs`` (with the
        cơ sở initiative the 2003 law required up to 2023), and ``extra`` (code, year) titles."""
        for y in DECIDED_YEARS:
            if self.p.rating(pid, y) in GOOD or y in cstdcs:
                self.title("CSTT", y, person=pid)
        for y in cstdcs:
            if y < 2021:
                self.title("CSTT", y, person=pid)
            self.title("CSTDCS", y, person=pid)
            if titled_initiatives and y <= 2023:
                self.initiative(pid, ymd(y, self.rng.randint(3, 10), self.rng.randint(1, 28)), used=("CSTDCS", y))
        for code, y in extra:
            self.title(code, y, person=pid)


def write_facts(facts: Facts) -> None:
    TitleAward.objects.bulk_create(facts.titles, batch_size=2000)
    FormAward.objects.bulk_create(facts.forms, batch_size=2000)
    Initiative.objects.bulk_create(facts.initiatives, batch_size=2000)
    Discipline.objects.bulk_create(facts.disciplines)
    PendingCase.objects.bulk_create(facts.pending)
    Achievement.objects.bulk_create(facts.achievements)
    ServiceFactor.objects.bulk_create(facts.factors)
