"""``manage.py seed_demo``: the demo organisation, ~2,000 people with five years of ratings, and
one login per role (password ``thidua2025``), then each app's year (``demo.seed``).

The structure goes through ``organisation.services`` (units, renames, merges, heads of units,
transfers) so that history, lineage and the audit log look as they would in real use; the
bulk of the people and every rating are bulk-created (``demo.organisation``). Deterministic:
``random.Random(2025)``. Does nothing when units already exist.
"""

import time

from django.core.management.base import BaseCommand

from demo.logins import DEMO_LOGINS, DEMO_PASSWORD
from demo.seed import seed
from organisation.models import User


class Command(BaseCommand):
    help = "Load the demo organisation, people, ratings and one login per role (only into an empty database)."

    def handle(self, *args, **options):
        started = time.monotonic()
        summary = seed()
        if summary is None:
            self.stdout.write("Units already exist: the demo was not loaded (nothing changed).")
        else:
            self.stdout.write(
                self.style.SUCCESS(
                    "Demo loaded in {:.1f} s: {units} units, {people} people, {transfers} transfers, "
                    "{person_ratings} person ratings, {unit_ratings} unit ratings, {blocks} block-years, "
                    "{titles} titles, {award_forms} award forms, {initiatives} initiatives, "
                    "{disciplines} disciplines, {proposals} proposals, decisions: {decisions} "
                    "({decision_lines} recipients), {articles} news articles ({published_articles} published).".format(
                        time.monotonic() - started, **summary
                    )
                )
            )
        if options["verbosity"] >= 1:  # `make run` passes -v0 and prints them itself (demo_logins)
            self.print_logins()

    def print_logins(self) -> None:
        existing = set(
            User.objects.filter(username__in=[u for u, _, _ in DEMO_LOGINS]).values_list("username", flat=True)
        )
        rows = [row for row in DEMO_LOGINS if row[0] in existing]
        if not rows:
            return
        self.stdout.write(f"\nDemo logins (password “{DEMO_PASSWORD}” for every one):")
        self.stdout.write(f"  {'username':<13} {'role':<28} scope")
        for username, role, scope in rows:
            self.stdout.write(f"  {username:<13} {role:<28} {scope}")
