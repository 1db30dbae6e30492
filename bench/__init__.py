"""Benchmarks: the project's code paths against hand-written baselines on the same data, in the same run.

`python -m bench [--quick] [--json FILE]` runs on PostgreSQL (DATABASE_URL, or
the embedded server when it is unset) in a scratch database of its own (the
configured name with `_bench` appended),
which it creates, migrates and drops. Results are ratios to the baseline;
no test asserts a time (tests/test_bench_smoke.py runs each at a tiny size).
"""
