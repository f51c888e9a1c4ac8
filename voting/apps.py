from dataclasses import dataclass

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VotingConfig(AppConfig):
    name = "voting"
    verbose_name = _("Bỏ phiếu")

    def ready(self):
        # A block copied to next year is led by the pair its last applied election chose.
        from cycle.services.blocks import NEXT_YEAR_LEADERS
        from voting.services import elected_for_next_year

        if elected_for_next_year not in NEXT_YEAR_LEADERS:
            NEXT_YEAR_LEADERS.append(elected_for_next_year)
        # The home page's "Việc cần làm" lists the open ballots the user may still cast, before the rest.
        from organisation.services import HOME_PROVIDERS

        if home_ballots not in HOME_PROVIDERS:
            HOME_PROVIDERS.insert(0, home_ballots)  # a ballot is open only while the conference sits: first


def home_ballots(user, today) -> dict:
    """One task per roll entry the user may still vote for in an open electronic election."""
    from django.urls import reverse
    from django.utils.translation import gettext as _

    from voting.permissions import waiting_entries

    return {
        "tasks": [
            BallotTask(
                text=_("Bỏ phiếu “%(election)s” cho %(voter)s") % {"election": e.election, "voter": e.label},
                block=e.election.conference.block if e.election.conference_id else None,
                url=reverse("voting:ballot", args=[e.election_id]),
            )
            for e in waiting_entries(user)
        ]
    }


@dataclass(frozen=True)
class BallotTask:
    """A ballot waiting on the home page, shaped like cycle's tasks (no deadline: the conference is on)."""

    text: str
    block: object
    url: str
    kind: str = "vote"
    deadline: None = None
    overdue: bool = False
