"""The whole demo, loaded in one transaction: the organisation (``demo.organisation``), then each
app's year (cycle, voting, scoring, eligibility facts, commendation, news). Does nothing when
units already exist."""

from django.db import transaction

from demo.organisation import DemoBuilder
from organisation.models import Unit


def seed() -> dict | None:
    """Load the demo into an empty organisation; None (and nothing written) when units exist."""
    if Unit.objects.exists():
        return None
    with transaction.atomic():
        summary = DemoBuilder().build()
        # Later apps extend the demo with their year: blocks, registration, pledges, reports …
        from demo.cycle import seed_cycle

        summary.update(seed_cycle())
        from demo.voting import seed_voting

        summary.update(seed_voting())
        from demo.scoring import seed_scoring

        summary.update(seed_scoring())
        from demo.facts import seed_awards

        summary.update(seed_awards())
        from demo.commendation import seed_commendation

        summary.update(seed_commendation())
        from demo.news import seed_news

        summary.update(seed_news())
        return summary
