"""The benchmarks on the quick dataset, in-process, so that they never rot."""

import re

import pytest

from bench import harness
from bench.run import bench_modules
from demo.dataset import organisation as dataset

FIGURE = re.compile(r"BENCH (\S+) (-?[0-9.]+) (\S+)")
RATIO = re.compile(r"BENCH (\S+) ratio ([0-9.e+-]+|inf) vs (\S+)")


@pytest.mark.slow
def test_every_benchmark_prints_its_figures_on_the_quick_dataset(db, capsys):
    dataset.generate(**dataset.QUICK, progress=lambda line: None)
    capsys.readouterr()

    for module in bench_modules():
        module.run(quick=True)  # each comparison raises AssertionError when its methods disagree
        lines = capsys.readouterr().out.splitlines()
        figures = {m[1] for line in lines if (m := FIGURE.fullmatch(line))}
        ratios = {(m[1], m[3]) for line in lines if (m := RATIO.fullmatch(line))}
        assert [f for f in module.FIGURES if f not in figures] == [], module.__name__
        assert [r for r in getattr(module, "RATIOS", []) if r not in ratios] == [], module.__name__
        # a module may also name whole lines it must print, e.g. that its methods agree
        assert [line for line in getattr(module, "LINES", []) if line not in lines] == [], module.__name__


def test_a_comparison_fails_when_the_methods_disagree(db, capsys):
    with pytest.raises(AssertionError, match="wrong disagrees with right"):
        harness.compare("demo", {"right": lambda: {1, 2}, "wrong": lambda: {1}}, repeat=1, subject="a set")


def test_lines_have_the_documented_format(capsys):
    fast = harness.Timing("x.fast", [0.001, 0.002, 0.003])
    slow = harness.Timing("x.slow", [0.010])
    harness.emit("x.size", 12, "units")
    harness.ratio(fast, slow)

    assert capsys.readouterr().out.splitlines() == ["BENCH x.size 12 units", "BENCH x.fast ratio 0.2 vs x.slow"]
