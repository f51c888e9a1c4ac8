"""`make run`: the web server and a job worker together, in one command; Ctrl-C stops both.

    .venv/bin/python scripts/run.py [--port 8000]

Run from the project root with the environment the server needs (the Makefile's RUN_ENV). The worker is
``manage.py jobs_worker``: it first recovers the jobs a previous worker left running, then runs the queue
(imports and the other long work). If either process stops by itself, the other is stopped too and its exit
status is this script's.

On Ctrl-C the terminal interrupts both: the server stops at once, the worker as soon as its current job ends.
A worker still busy after ``GRACE`` seconds is told to stop now (its job is recovered at the next start),
and anything left after another ``GRACE`` seconds is killed.
"""

import argparse
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GRACE = 5.0


def _stop(processes: list[subprocess.Popen], first: signal.Signals | None) -> None:
    for sig in (first, signal.SIGTERM, signal.SIGKILL):
        if sig is not None:
            for process in processes:
                if process.poll() is None:
                    process.send_signal(sig)
        deadline = time.monotonic() + GRACE
        while any(p.poll() is None for p in processes) and time.monotonic() < deadline:
            time.sleep(0.1)
        if all(p.poll() is not None for p in processes):
            return


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", default="8000")
    parser.add_argument("--host", default="127.0.0.1")
    args = parser.parse_args(argv)
    manage = [sys.executable, str(ROOT / "manage.py")]
    server = subprocess.Popen([*manage, "runserver", f"{args.host}:{args.port}"], cwd=ROOT)
    worker = subprocess.Popen([*manage, "jobs_worker"], cwd=ROOT)
    processes = [server, worker]
    status, first = 0, signal.SIGINT
    try:
        while all(p.poll() is None for p in processes):
            time.sleep(0.5)
        stopped = next(p for p in processes if p.poll() is not None)
        status = stopped.returncode
        name = "server" if stopped is server else "worker"
        print(f"run.py: the {name} stopped (exit status {status}); stopping the other.", file=sys.stderr)
    except KeyboardInterrupt:
        first = None  # the terminal interrupted the children too
        print("run.py: stopping the server and the worker…", file=sys.stderr)
    finally:
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # a second Ctrl-C reaches the children, not this loop
        _stop(processes, first)
    return status


if __name__ == "__main__":
    sys.exit(main())
