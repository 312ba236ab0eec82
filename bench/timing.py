"""Shared timing helpers for the benchmark scripts."""

import resource
import statistics
import subprocess
import time
from collections.abc import Callable
from pathlib import Path


def process_seconds(command: list[str], env: dict[str, str] | None = None, cwd: Path | None = None) -> tuple[float, float]:
    """Wall time and processor time (user + system) of one run of `command` as a whole process. On a loaded
    machine the wall time is mostly waiting for a core; the processor time varies much less."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True, env=env, cwd=cwd)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime


def median_process_seconds(command: list[str], runs: int = 10, env: dict[str, str] | None = None,
                           before: Callable[[], None] | None = None, cwd: Path | None = None) -> float:
    """Median wall time of `command` as a whole process (start-up included); `before` runs untimed before each."""
    times = []
    for _ in range(runs):
        if before:
            before()
        times.append(process_seconds(command, env, cwd)[0])
    return statistics.median(times)
