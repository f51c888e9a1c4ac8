"""Timing helpers. Every figure is one line ``BENCH <name> <value> <unit>``; a comparison is
``BENCH <name> ratio <x> vs <reference>`` with x = median(name) / median(reference), both
measured in the same run (below 1: faster than the reference)."""

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass

from django.db import connection
from django.test.utils import CaptureQueriesContext

LINES: list[str] = []  # every BENCH line printed in this process, for bench.run to save


@dataclass
class Timing:
    name: str
    samples: list[float]  # seconds

    @property
    def median(self) -> float:
        return statistics.median(self.samples)

    @property
    def p95(self) -> float:
        ordered = sorted(self.samples)
        return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def emit(name: str, value, unit: str) -> str:
    text = f"{value:.3f}" if isinstance(value, float) else str(value)
    line = f"BENCH {name} {text} {unit}"
    LINES.append(line)
    print(line, flush=True)
    return line


def say(line: str) -> str:
    """Print a whole BENCH line (a target met or missed, an agreement) and keep it for the saved results."""
    LINES.append(line)
    print(line, flush=True)
    return line


def measure(name: str, fn: Callable[[], object], *, repeat: int, warmup: int = 1) -> tuple[Timing, object]:
    """Run ``fn`` ``warmup`` + ``repeat`` times; report the median and p95 in ms and the queries of one run."""
    result = None
    for _ in range(warmup):
        result = fn()
    with CaptureQueriesContext(connection) as queries:
        fn()
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        samples.append(time.perf_counter() - start)
    timing = Timing(name, samples)
    emit(name, timing.median * 1000, "ms")
    emit(f"{name}.p95", timing.p95 * 1000, "ms")
    emit(f"{name}.queries", len(queries), "queries")
    return timing, result


def ratio(timing: Timing, reference: Timing) -> float:
    value = timing.median / reference.median if reference.median else float("inf")
    line = f"BENCH {timing.name} ratio {value:.3g} vs {reference.name}"
    LINES.append(line)
    print(line, flush=True)
    return value


def compare(
    title: str,
    methods: dict[str, Callable[[], object]],
    *,
    repeat: int,
    subject: str,
    ratios: list[tuple[str, str]] | None = None,
) -> dict[str, Timing]:
    """Time each method, check that they all return the same result as the first, and print each
    figure and the ratios asked for (by default the first method against every other)."""
    timings, results = {}, {}
    for label, fn in methods.items():
        timings[label], results[label] = measure(f"{title}.{label}", fn, repeat=repeat)
    first, *others = methods
    for label in others:
        if results[label] != results[first]:
            raise AssertionError(
                f"{title}: {label} disagrees with {first} on {subject}: "
                f"{len(results[label])} vs {len(results[first])} items"
            )
    for label, reference in ratios or [(first, other) for other in others]:
        ratio(timings[label], timings[reference])
    return timings
