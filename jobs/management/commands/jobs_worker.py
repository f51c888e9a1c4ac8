"""``manage.py jobs_worker``: the worker `make run` starts beside the server (production runs one or several).

First the recovery (``jobs.services.recover_abandoned``): every job a dead worker left "running" is failed with
a message saying so, or queued again once when its function is retry-safe; then ``db_worker`` (the tasks
framework's database worker) runs the queue until stopped (Ctrl-C finishes the current job first; a second
Ctrl-C stops at once, and the next start recovers that job).
"""

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.utils.crypto import get_random_string

from jobs import services


class Command(BaseCommand):
    help = "Recover the jobs a dead worker left running, then run the job queue (db_worker)."

    def add_arguments(self, parser):
        parser.add_argument("--batch", action="store_true", help="Run what is queued, then exit.")
        parser.add_argument("--interval", type=float, default=1, help="Seconds between looks at an empty queue.")
        parser.add_argument("--stale-minutes", type=float, default=None, help="Override JOBS_STALE_MINUTES.")
        parser.add_argument("--recover-only", action="store_true", help="Only the recovery; run nothing.")
        parser.add_argument("--reload", action="store_true", help="Restart on code changes (development).")

    def handle(self, *, batch, interval, stale_minutes, recover_only, reload, verbosity, **options):
        report = services.recover_abandoned(stale_minutes=stale_minutes)
        if verbosity and (report.failed or report.retried or report.requeued):
            self.stdout.write(
                f"Recovered jobs: failed {report.failed}, queued again {report.retried}, re-queued {report.requeued}"
            )
        if recover_only:
            return
        # host:pid in the worker id lets the next start tell a dead worker's tasks from a live one's.
        worker_id = f"{services.worker_name()}:{get_random_string(8)}"
        arguments = ["--interval", str(interval), "--worker-id", worker_id, "--reload" if reload else "--no-reload"]
        if batch:
            arguments += ["--batch", "--no-startup-delay"]
        call_command("db_worker", *arguments, verbosity=verbosity)
