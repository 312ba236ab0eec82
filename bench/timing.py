"""Shared timing helper for the benchmark scripts."""

import statistics
import subprocess
import time


def median_process_seconds(command: list[str], runs: int = 10) -> float:
    """Median wall time of `command` as a whole process (start-up included)."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)
