"""Faults: a worker killed (kill -9) in the middle of four changes, then the database checked for
anything half-written. Each change is stopped at its worst moment: every write done, inside its
transaction, nothing committed (``bench.load.fault_hook`` pauses the worker after the change's audit
row, its last write). The four:

- ``import``: an organisation Excel import (300 new units) run by a real ``manage.py jobs_worker``,
  killed; afterwards no unit of the file and no audit row; the next worker's start queues the job again
  (an import is safe to run again) and runs it: all 300 units, then deleted.
- ``cast``: a ballot posted to the ballot page of gunicorn (one worker), the worker killed; the election
  still open, as many sealed ballots as voters marked as voted (none), and the voter can still vote.
- ``close``: the close posted, the worker killed; the election open with its sealed box whole and no
  published ballot; then closed in-process and verified (chain and recount).
- ``issue``: a decision's issue posted, the worker killed; the decision a draft with its lines and no
  record written; issued in-process in a rolled-back transaction to show that all lines get their record.

Prints one line per change (consistent or not, and why) and ``faults.target``: n of 4 consistent.
Everything made is deleted afterwards. Skipped inside the quick test (the server cannot see its rows)."""

import datetime
import io
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

from django.db import connection, transaction
from django.urls import reverse

from bench import bench_voters, harness
from bench.load import client, server, world

HOOK = str(Path(__file__).resolve().parent / "load" / "fault_hook.py")
IMPORT_ROWS = 300
FIGURES: list[str] = []
LINES: list[str] = []
WORKER = """
import django
django.setup()
from bench.load.fault_hook import pause_after_audit
from django.core.management import call_command
pause_after_audit()
call_command("jobs_worker", "--batch")
"""


class Fault:
    """The arming and signal files shared with the paused process."""

    def __init__(self, directory: Path):
        self.armed, self.signal = directory / "armed", directory / "paused"
        self.env = {"BENCH_FAULT_ARMED": str(self.armed), "BENCH_FAULT_SIGNAL": str(self.signal)}

    def arm(self) -> None:
        self.signal.unlink(missing_ok=True)
        self.armed.write_text("1")

    def kill_when_paused(self, timeout: float = 180, process: subprocess.Popen | None = None) -> int:
        """Wait for the paused process's pid, kill -9 it; the pid."""
        deadline = time.monotonic() + timeout
        while not (self.signal.exists() and self.signal.read_text().strip()):
            if time.monotonic() > deadline or (process is not None and process.poll() is not None):
                raise RuntimeError("faults: the change never reached its pause")
            time.sleep(0.05)
        pid = int(self.signal.read_text())
        os.kill(pid, signal.SIGKILL)
        return pid


def _say(name: str, ok: bool, detail: str) -> bool:
    harness.say(f"BENCH faults.{name} {'consistent' if ok else 'inconsistent'} ({detail})")
    return ok


def _token(conn: client.Connection, path: str) -> str:
    status, body, _ = conn.request("GET", path)
    match = bench_voters.TOKEN.search(body.decode())
    if status != 200 or match is None:
        raise RuntimeError(f"faults: {path} answered {status} without a form")
    return match[1]


def _post_and_kill(fault: Fault, conn: client.Connection, path: str, fields: dict) -> int:
    """Post ``fields`` (in a thread: the answer never comes) and kill the worker once paused."""
    body = urllib.parse.urlencode(fields, doseq=True).encode()
    headers = {"Content-Type": "application/x-www-form-urlencoded"}
    fault.arm()
    poster = threading.Thread(target=conn.request, args=("POST", path, body, headers), daemon=True)
    poster.start()
    pid = fault.kill_when_paused()
    poster.join(timeout=60)
    return pid


def _units_xlsx(parent_ref: str) -> bytes:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(
        [
            "Mã định danh",
            "Mã đơn vị",
            "Tên đơn vị",
            "Tên viết tắt",
            "Cấp/loại",
            "Mã định danh đơn vị cấp trên",
            "Hiệu lực từ",
            "Hiệu lực đến",
        ]
    )
    for i in range(IMPORT_ROWS):
        sheet.append(
            [f"BENCH-FAULT-{i:04d}", f"BF{i:04d}", f"Đội thử nghiệm số {i + 1}", "", "team", parent_ref, None, None]
        )
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def fault_import(built: world.World, fault: Fault, env: dict) -> bool:
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.test import override_settings

    from audit.models import AuditEvent
    from jobs.models import Job
    from organisation.imports.jobs import submit_import
    from organisation.models import Unit

    office = built.users["office"][0]
    content = _units_xlsx(built.room.ref)
    with override_settings(IMPORT_IN_BACKGROUND=True):
        job = submit_import("units", SimpleUploadedFile("don-vi.xlsx", content), by=office)
    queued = Job.objects.filter(started_by=office).order_by("-pk").first()
    audits = AuditEvent.objects.count()
    fault.arm()
    worker = subprocess.Popen([sys.executable, "-c", WORKER], cwd=server.ROOT, env=env, stdout=subprocess.DEVNULL)
    try:
        pid = fault.kill_when_paused(process=worker)
    finally:
        worker.kill()
        worker.wait(timeout=60)
    units = Unit.objects.filter(ref__startswith="BENCH-FAULT-").count()
    audit_rows = AuditEvent.objects.count() - audits
    first_task = queued.task_id
    # The next worker's start recovers the job (an import is safe to run again: queued again) and runs it.
    subprocess.run(
        [sys.executable, "manage.py", "jobs_worker", "--batch"], cwd=server.ROOT, env=env, check=True,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    queued.refresh_from_db()
    job.refresh_from_db()
    after = Unit.objects.filter(ref__startswith="BENCH-FAULT-").count()
    _remove_import(built, job, queued, first_task)
    ok = (
        pid == worker.pid
        and units == audit_rows == 0
        and (queued.status, job.status, after)
        == (
            "succeeded",
            "done",
            IMPORT_ROWS,
        )
    )
    return _say(
        "import",
        ok,
        f"worker {pid} killed after writing {IMPORT_ROWS} units uncommitted: {units} units and {audit_rows} audit rows "
        f"kept; at the next worker start the job was run again ({queued.status}, import {job.status}): "
        f"{after} units",
    )


def _remove_import(built: world.World, job, queued, first_task: str) -> None:
    from django_tasks_db.models import DBTaskResult

    from jobs.models import Job
    from organisation.models import ImportJob, Unit

    units = Unit.objects.filter(ref__startswith="BENCH-FAULT-")
    built.touched_units |= set(units.values_list("pk", flat=True))
    units.delete()
    job.file.delete(save=False)
    DBTaskResult.objects.filter(id__in=[first_task, queued.task_id]).delete()
    ImportJob.objects.filter(pk=job.pk).delete()
    Job.objects.filter(pk=queued.pk).delete()


def _box(election) -> tuple:
    from voting.models import Ballot, SealedBallot

    election.refresh_from_db()
    return (
        election.status,
        SealedBallot.objects.filter(election=election).count(),
        election.roll.filter(has_voted=True).count(),
        Ballot.objects.filter(election=election).count(),
    )


def fault_cast_and_close(built: world.World, fault: Fault, base: str) -> list[bool]:
    from voting import services

    election, users = bench_voters.make_election(built, 3)
    voter = client.Connection(base, built.cookie(users[0]))
    path = reverse("voting:ballot", args=[election.pk])
    fields = bench_voters.ballot_data(election) | {"step": "cast", "csrfmiddlewaretoken": _token(voter, path)}
    before = _box(election)
    pid = _post_and_kill(fault, voter, path, fields)
    killed = _box(election)
    voter = client.Connection(base, built.cookie(users[0]))
    fields["csrfmiddlewaretoken"] = _token(voter, path)
    status, body, _ = voter.request("POST", path, urllib.parse.urlencode(fields, doseq=True).encode(),
                                    {"Content-Type": "application/x-www-form-urlencoded"})  # fmt: skip
    again = _box(election)
    receipts = bench_voters.RECEIPT.findall(body.decode())
    cast_ok = killed == before == ("open", 0, 0, 0) and again == ("open", 1, 1, 0) and len(receipts) == 1
    results = [
        _say(
            "cast",
            cast_ok,
            f"worker {pid} killed in the cast: (status, sealed, voted, published) {killed}, then cast again: {again}",
        )
    ]
    office = client.Connection(base, built.cookie(built.users["office"][0]))
    detail = reverse("voting:election_detail", args=[election.pk])
    close = reverse("voting:election_close", args=[election.pk])
    pid = _post_and_kill(fault, office, close, {"csrfmiddlewaretoken": _token(office, detail)})
    killed = _box(election)
    head = election.chain_head
    election = services.close_election(election, by=built.users["office"][0])
    closed = _box(election)
    problems = services.verify_chain(election) + services.recount_differences(election)
    close_ok = killed == ("open", 1, 1, 0) and not head and closed == ("closed", 0, 1, 1) and not problems
    results.append(
        _say(
            "close",
            close_ok,
            f"worker {pid} killed in the close: {killed}, chain head {head or 'none'}; closed afterwards: {closed}, "
            f"{'verified' if not problems else problems[:2]}",
        )
    )
    return results


def _draft_decision(built: world.World):
    from commendation.models import Decision, DecisionLine
    from honours.models import AwardForm
    from organisation.models import Person

    decision = Decision.objects.create(
        issuing_unit=built.province,
        year=built.year,
        symbol="QĐ-BENCH-FAULT",
        subject="Về việc tặng Giấy khen",
        signer_name="Lê Quang Hưng",
        signer_position="Giám đốc",
    )
    built.made.append(decision)
    form = AwardForm.objects.get(code="GK")
    people = Person.objects.filter(unit=built.room).order_by("-pk")[:5]
    DecisionLine.objects.bulk_create(
        DecisionLine(decision=decision, person=p, award_form=form, order=i) for i, p in enumerate(people)
    )
    return decision


def _decision_state(decision) -> tuple:
    decision.refresh_from_db()
    lines = decision.lines.all()
    return decision.status, decision.number, lines.count(), lines.filter(form_award__isnull=False).count()


def fault_issue(built: world.World, fault: Fault, base: str) -> bool:
    from audit.models import AuditEvent
    from commendation.services import decisions

    decision = _draft_decision(built)
    office = client.Connection(base, built.cookie(built.users["office"][0]))
    detail = reverse("commendation:decision_detail", args=[decision.pk])
    issue = reverse("commendation:decision_issue", args=[decision.pk])
    day = datetime.date(built.year, 1, 20).isoformat()
    audits = AuditEvent.objects.filter(object_type="commendation.decision", object_id=str(decision.pk)).count()
    pid = _post_and_kill(fault, office, issue, {"csrfmiddlewaretoken": _token(office, detail), "date": day})
    killed = _decision_state(decision)
    audit_rows = AuditEvent.objects.filter(object_type="commendation.decision", object_id=str(decision.pk)).count()
    with transaction.atomic():
        decisions.issue_decision(decision, by=built.users["office"][0], date=datetime.date(built.year, 1, 20))
        issued = _decision_state(decision)
        transaction.set_rollback(True)
    ok = killed == ("draft", None, 5, 0) and audit_rows == audits and issued[0] == "issued" and issued[2:] == (5, 5)
    return _say(
        "issue",
        ok,
        f"worker {pid} killed in the issue: (status, number, lines, lines with their record) {killed}, "
        f"{audit_rows - audits} audit rows; issued whole (rolled back): {issued}",
    )


def run(quick: bool) -> None:
    if connection.in_atomic_block:
        harness.say("BENCH faults.run skipped (inside a test transaction: the killed processes cannot see its rows)")
        return
    built = world.build(per_role=1, year_rows=False)
    try:
        with tempfile.TemporaryDirectory(prefix="thidua-bench-faults-") as directory:
            fault = Fault(Path(directory))
            env = server.environment(directory) | fault.env
            results = [fault_import(built, fault, env)]
            with server.gunicorn(workers=1, threads=4, config=HOOK, extra_env=fault.env) as (base, _process, _env):
                results += fault_cast_and_close(built, fault, base)
                results.append(fault_issue(built, fault, base))
    finally:
        built.remove()
    harness.say(
        f"BENCH faults.target {'met' if all(results) else 'missed'} (faults: {sum(results)} of {len(results)} consistent)"
    )
