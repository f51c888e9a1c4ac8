"""``manage.py generate_dataset``: synthetic national-scale data for the benchmarks (see demo.dataset)."""

from django.core.management.base import BaseCommand, CommandError

from demo.dataset import organisation as dataset


class Command(BaseCommand):
    help = (
        "Fill an EMPTY organisation with synthetic national-scale data: units, people, assignments and "
        "yearly ratings (COPY on PostgreSQL). Full size: --units 5000 --people 400000 --years 10."
    )

    def add_arguments(self, parser):
        parser.add_argument("--units", type=int, default=dataset.FULL["units"])
        parser.add_argument("--people", type=int, default=dataset.FULL["people"])
        parser.add_argument("--years", type=int, default=dataset.FULL["years"], help="years of ratings up to 2025")
        parser.add_argument("--seed", type=int, default=2025)
        parser.add_argument(
            "--reset",
            action="store_true",
            help="delete every unit, person, assignment, rating and grant first (users stay)",
        )

    def handle(self, *args, units, people, years, seed, reset, **options):
        try:
            counts = dataset.generate(units, people, years, seed, progress=self.stdout.write, reset=reset)
        except dataset.DatasetError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            self.style.SUCCESS(
                "Generated {units:,} units, {people:,} people, {assignments:,} assignments, {person_ratings:,} person "
                "ratings and {unit_ratings:,} unit ratings in {seconds} s.".format(**counts)
            )
        )
