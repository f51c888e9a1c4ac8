"""Helpers of the load, voters and faults benchmarks (``bench/bench_load.py``, ``bench_voters.py``,
``bench_faults.py``): a production-like gunicorn on loopback (``server``), the users, sessions and the
few rows of a year they need in the national dataset, made and deleted again (``world``), and a small
threaded HTTP client that paces each virtual user (``client``)."""
