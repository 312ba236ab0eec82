"""Shared timing helper for the benchmark scripts."""

import statistics
import subprocess
import time
from collections.abc import Callable
from pathlib import Path


def median_process_seconds(command: list[str], runs: int = 10, env: dict[str, str] | None = None,
                           before: Callable[[], None] | None = None, cwd: Path | None = None) -> float:
    """Median wall time of `command` as a whole process (start-up included); `before` runs untimed before each."""
    times = []
    for _ in range(runs):
        if before:
            before()
        start = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True, env=env, cwd=cwd)
        times.append(time.perf_counter() - start)
    return statistics.median(times)
