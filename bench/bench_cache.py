"""Load time of the built-data cache (common/built.py) against pickle, in process, for each kept value.

    .venv/bin/python bench/bench_cache.py
"""

import pickle
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from chatbot.matcher import Matcher  # noqa: E402
from common.built import decode, encode  # noqa: E402
from knowledge import read_dir, shipped_dir  # noqa: E402
from rules.params import load_dir, shipped_dir as parameters_dir  # noqa: E402


def median_ms(load, data, runs: int = 30) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        load(data)
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def main() -> None:
    kb, _ = read_dir(shipped_dir())
    values = {"knowledge": kb, "parameters": load_dir(parameters_dir()), "matcher": Matcher(kb)}
    print("| value | format bytes | pickle bytes | format load (median) | pickle load (median) |")
    print("|---|---|---|---|---|")
    for name, value in values.items():
        ours, theirs = encode(value, name, "bench"), pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
        print(f"| {name} | {len(ours)} | {len(theirs)} | {median_ms(lambda d: decode(d, name, 'bench'), ours):.1f} ms "
              f"| {median_ms(pickle.loads, theirs):.1f} ms |")


if __name__ == "__main__":
    main()
