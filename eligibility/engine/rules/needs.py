"""What facts an evaluation reads: built from a rule set's conditions, read by the loaders."""

from dataclasses import dataclass, field

from eligibility.engine.vocabulary import INDIVIDUAL


@dataclass
class Needs:
    """The facts an evaluation reads; ``years``: how many years back from Y (Y included)."""

    history: int = 10
    years: int = 1
    individual: bool = False
    collective: bool = False
    person_ratings: bool = False
    unit_ratings: bool = False
    person_titles: set = field(default_factory=set)
    unit_titles: set = field(default_factory=set)
    person_awards: set = field(default_factory=set)
    unit_awards: set = field(default_factory=set)
    initiatives: bool = False
    disciplines: bool = False
    pending: bool = False
    service: bool = False
    members: bool = False
    blocks: bool = False
    achievements: bool = False
    required_title: str | None = None  # see RuleSet.required_title

    def add_years(self, n: int) -> None:
        self.years = max(self.years, n)

    def ratings(self, recipient: str) -> None:
        if recipient == INDIVIDUAL:
            self.person_ratings = True
        else:
            self.unit_ratings = True

    def titles(self, recipient: str, code: str) -> None:
        (self.person_titles if recipient == INDIVIDUAL else self.unit_titles).add(code)

    def awards(self, recipient: str, code: str) -> None:
        (self.person_awards if recipient == INDIVIDUAL else self.unit_awards).add(code)
