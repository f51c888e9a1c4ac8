"""Running the queue inside a test, as a worker would: every test that waits for a job imports this."""

import signal

from django.core.management import call_command


def drain() -> None:
    """Run every queued task in this process, as ``manage.py db_worker --batch`` does, keeping pytest's own signal
    handlers (the worker installs its own)."""
    handlers = {s: signal.getsignal(s) for s in (signal.SIGINT, signal.SIGTERM, signal.SIGQUIT)}
    try:
        call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    finally:
        for s, handler in handlers.items():
            signal.signal(s, handler)
