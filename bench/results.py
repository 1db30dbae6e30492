from __future__ import annotations

import os
import statistics
import sys
import time
from dataclasses import asdict, dataclass


@dataclass
class Result:
    name: str
    value: float
    unit: str
    baseline: float | None = None
    ratio: float | None = None
    goal: str = ""
    met: bool | None = None

    def as_dict(self) -> dict:
        return asdict(self)


def percentile(samples: list[float], p: float) -> float:
    ordered = sorted(samples)
    if not ordered:
        return 0.0
    k = min(len(ordered) - 1, max(0, round(p / 100 * (len(ordered) - 1))))
    return ordered[k]


def timed(fn, repeat: int) -> list[float]:
    """Milliseconds per call, after one warm-up call. BENCH_PROFILE=1 prints where the time goes."""
    fn()
    profiler = None
    if os.environ.get("BENCH_PROFILE"):
        import cProfile

        profiler = cProfile.Profile()
        profiler.enable()
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    if profiler is not None:
        import pstats

        profiler.disable()
        pstats.Stats(profiler, stream=sys.stderr).sort_stats("cumulative").print_stats(30)
    return samples


def median(samples: list[float]) -> float:
    return statistics.median(samples) if samples else 0.0


def alternating(ours, base, repeat: int) -> tuple[list[float], list[float]]:
    """Milliseconds per call of two functions called in turn, so a noisy moment on the machine hits both."""
    ours(), base()
    profiler = None
    if os.environ.get("BENCH_PROFILE"):
        import cProfile

        profiler = cProfile.Profile()
    a, b = [], []
    for _ in range(repeat):
        start = time.perf_counter()
        if profiler is not None:
            profiler.enable()
        ours()
        if profiler is not None:
            profiler.disable()
        a.append((time.perf_counter() - start) * 1000)
        start = time.perf_counter()
        base()
        b.append((time.perf_counter() - start) * 1000)
    if profiler is not None:
        import pstats

        pstats.Stats(profiler, stream=sys.stderr).sort_stats("cumulative").print_stats(30)
    return a, b
