"""Speed of the conversation engine. Run by hand: `.venv/bin/python bench/bench_chatbot.py`.

- one turn in process, p50 / p99 over the development questions (goal p99 ≤ 5 ms);
- `amguide ask` as a whole process, median (goal ≤ 0.30 s);
- the knowledge base ×20 with synthetic entries, one turn p99 (goal ≤ 20 ms)."""

import datetime as dt
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from chatbot.matcher import Matcher  # noqa: E402
from timing import median_process_seconds  # noqa: E402
from chatbot.session import Session  # noqa: E402
from knowledge import shipped  # noqa: E402

QUESTIONS = [i["question"] for i in yaml.safe_load((ROOT.parent / "shared" / "eval" / "dev_faq.yaml").read_text())]


def percentiles(times: list[float]) -> tuple[float, float]:
    ordered = sorted(times)
    return statistics.median(ordered) * 1000, ordered[int(len(ordered) * 0.99) - 1] * 1000


def turns(matcher: Matcher | None = None, rounds: int = 10, kb=None) -> tuple[float, float]:
    times = []
    for _ in range(rounds):
        for question in QUESTIONS:
            session = Session(on=dt.date(2026, 11, 24), kb=kb, matcher=matcher)
            start = time.perf_counter()
            session.handle(question)
            times.append(time.perf_counter() - start)
    return percentiles(times)


def synthetic(factor: int = 20):
    """The knowledge base with (factor - 1) shuffled copies of every entry, examples' words reordered."""
    kb = shipped()
    rng = random.Random(7)
    extra = []
    for copy in range(1, factor):
        for entry in kb.entries:
            examples = tuple(" ".join(rng.sample(e.split(), len(e.split()))) + f" variante {copy}" for e in entry.examples)
            extra.append(entry.model_copy(update={"id": f"{entry.id}_{copy}", "examples": examples}))
    big = type(kb)(**{**kb.__dict__, "entries": [*kb.entries, *extra]})
    return big, Matcher(big)


def whole_process(runs: int = 10) -> tuple[float, float]:
    """Median of `amguide ask`: with the built-data cache warm (every run but the first after an install
    or an edit), then cold (the cache emptied before each run). A cache directory of its own."""
    command = [str(ROOT / ".venv" / "bin" / "amguide"), "ask", "--json", "combien d'heures de formation pour une AS ?"]
    with tempfile.TemporaryDirectory() as cache:
        env = {**os.environ, "AMGUIDE_CACHE_DIR": cache}
        subprocess.run(command, check=True, capture_output=True, env=env)
        warm = median_process_seconds(command, runs, env)
        cold = median_process_seconds(command, runs, env, before=lambda: shutil.rmtree(cache, ignore_errors=True))
    return warm, cold


if __name__ == "__main__":
    Session().handle("amorçage")  # load knowledge, parameters and matcher once
    p50, p99 = turns()
    print(f"un tour en mémoire ({len(QUESTIONS)} questions × 10) : p50 {p50:.2f} ms, p99 {p99:.2f} ms (objectif p99 ≤ 5 ms)")
    warm, cold = whole_process()
    print(f"amguide ask (processus complet) : {warm:.3f} s médiane (objectif ≤ 0,30 s) ; "
          f"premier lancement, cache vide : {cold:.3f} s")
    start = time.perf_counter()
    big_kb, big = synthetic()
    built = time.perf_counter() - start
    p50, p99 = turns(big, rounds=2, kb=big_kb)
    print(f"base ×20 ({len(big.titles)} fiches, construite en {built:.1f} s) : p50 {p50:.2f} ms, p99 {p99:.2f} ms (objectif p99 ≤ 20 ms)")
