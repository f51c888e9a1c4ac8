"""Benchmarks: ``python -m bench.run [--quick]``. Each ``bench_*.py`` module has ``run(quick)`` and
``FIGURES``, the names of the ``BENCH`` lines it prints (checked by ``test_bench_quick.py``)."""
