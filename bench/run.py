"""``python -m bench.run [--quick]``: generate the dataset into the database of DATABASE_URL when
it holds no organisation yet, then run every ``bench/bench_*.py`` module's ``run(quick)``.

Full size: 5,000 units, 400,000 people, 10 years of ratings (PostgreSQL advised: ``make bench``);
``--quick``: 300 units, 3,000 people, 3 years. The BENCH lines are also saved under bench/results/.
"""

import argparse
import datetime
import importlib
import os
import pkgutil
import sys
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "results"


def bench_modules() -> list:
    import bench

    names = sorted(m.name for m in pkgutil.iter_modules(bench.__path__) if m.name.startswith("bench_"))
    return [importlib.import_module(f"bench.{name}") for name in names]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small dataset and few repeats (seconds)")
    parser.add_argument("--only", help="run only the bench_*.py modules whose name contains this")
    args = parser.parse_args(argv)

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thidua.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection

    from bench import harness
    from demo.dataset import organisation as dataset
    from organisation.models import Person, Unit

    settings.DEBUG = False  # no query log: its bookkeeping would weigh on the many-query references
    size = dataset.QUICK if args.quick else dataset.FULL
    print(f"Database: {connection.vendor} {connection.settings_dict['NAME']}", flush=True)
    if dataset.is_empty():
        print("Generating {units:,} units, {people:,} people, {years} years of ratings …".format(**size), flush=True)
        dataset.generate(**size, progress=lambda line: print(line, flush=True))
    else:
        print(
            f"Using the data already there: {Unit.objects.count():,} units, {Person.objects.count():,} people.",
            flush=True,
        )
    for module in bench_modules():
        if args.only and args.only not in module.__name__:
            continue
        print(f"== {module.__name__}", flush=True)
        module.run(quick=args.quick)

    RESULTS.mkdir(exist_ok=True)
    stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
    target = RESULTS / f"{stamp}-{connection.vendor}-{'quick' if args.quick else 'full'}.txt"
    target.write_text("\n".join(harness.LINES) + "\n", encoding="utf-8")
    print(f"Saved {len(harness.LINES)} lines to {target.relative_to(RESULTS.parent.parent)}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
