"""Stop a worker in the middle of a change, for the faults benchmark: once armed, the next audit row
written (``audit.services.record`` or ``record_many``: the last writes of every status change and of
an import, inside its transaction) is followed by a pause: the process writes its pid to the file
named by ``BENCH_FAULT_SIGNAL`` and sleeps until it is killed. Every write of the change is then done
and none is committed. Armed by the file named by ``BENCH_FAULT_ARMED`` existing (removed by the
pause: one pause per arming).

Also a gunicorn configuration file (``gunicorn -c bench/load/fault_hook.py``): each worker installs
the pause once started."""

import os
import time


def pause_after_audit() -> None:
    from audit import services

    for name in ("record", "record_many"):
        original = getattr(services, name)

        def paused(*args, _original=original, **kwargs):
            result = _original(*args, **kwargs)
            armed = os.environ.get("BENCH_FAULT_ARMED", "")
            if armed and os.path.exists(armed):
                os.remove(armed)
                with open(os.environ["BENCH_FAULT_SIGNAL"], "w") as signal:
                    signal.write(str(os.getpid()))
                time.sleep(3600)
            return result

        setattr(services, name, paused)


def post_worker_init(worker) -> None:  # gunicorn's hook
    pause_after_audit()
