"""``manage.py verify_election <id>``: check the ballots' digests, the running commitment and the
chain, recount, and compare the recount with the stored results. Exit status 1 on any mismatch.
While the election is open it checks the sealed box instead (every ballot opens with the sealing key,
their digests add up to the sealed commitment, the count) and prints no ballot.
Read-only: safe to run at any time, as often as wanted."""

from django.core.management.base import BaseCommand, CommandError

from voting import services
from voting.models import Election


class Command(BaseCommand):
    help = "Verify an election's ballot chain and recount its results."

    def add_arguments(self, parser):
        parser.add_argument("election_id", type=int)

    def handle(self, *args, election_id, **options):
        election = Election.objects.filter(pk=election_id).first()
        if election is None:
            raise CommandError(f"Không có cuộc bỏ phiếu số {election_id}.")
        problems = services.verify_chain(election) if election.mode == Election.Mode.ELECTRONIC else []
        if election.is_closed:
            problems += services.recount_differences(election)
        self.stdout.write(f"{election} – {election.get_status_display()}: {election.ballots_count} phiếu")
        if election.chain_head:
            self.stdout.write(f"Mã chuỗi phiếu: {election.chain_head}")
        if problems:
            for problem in problems:
                self.stdout.write(self.style.ERROR(f"✗ {problem}"))
            raise CommandError(f"{len(problems)} lỗi.")
        self.stdout.write(self.style.SUCCESS("✓ Chuỗi phiếu nguyên vẹn; kiểm lại khớp kết quả đã công bố."))
