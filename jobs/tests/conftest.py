import signal

import pytest
from django.core.management import call_command


@pytest.fixture
def drain():
    """Run every queued task in this process (``db_worker --batch``), keeping pytest's own signal handlers."""

    def run():
        handlers = {s: signal.getsignal(s) for s in (signal.SIGINT, signal.SIGTERM, signal.SIGQUIT)}
        try:
            call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
        finally:
            for s, handler in handlers.items():
                signal.signal(s, handler)

    return run
