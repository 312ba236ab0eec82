"""Where `amguide ask` spends its main thread's time, trees side by side. Run by hand:
`.venv/bin/python bench/bench_ask_thread.py --trees /path/to/old/tree . --runs 10`.

A question that needs the encoder is embedded in a thread while the rest loads (chatbot.semantic.Index.embed_ahead):
that work leaves the main thread, whose processor time is the part of the wall time that another free core cannot
hide. On a loaded machine the wall time mostly measures the wait for a core, so this script reports, per tree
(median over runs, each a fresh process, the trees interleaved), the main thread's processor time, the process's,
the wall time and how long the main thread waited for the question's vector. The interpreter's own start is not
counted (it is the same for every tree)."""

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

QUESTIONS = {"qui demande l'encodeur": "mon assistante peut-elle poser un pansement ?",
             "réglée par le score lexical": "combien d'heures de formation pour une AS ?"}

# Run in a fresh process for one tree: `ask --json QUESTION` through the command's own `main`, timed.
PROBE = """
import contextlib, io, sys, time
wall, main_cpu, cpu = time.perf_counter(), time.thread_time(), time.process_time()
sys.path.insert(0, sys.argv[1])
from tui.cli import main
from chatbot import semantic
waited, embed = [0.0], semantic.Index.embed
def timed(self, text):
    start, own = time.perf_counter(), time.thread_time()
    try:
        return embed(self, text)
    finally:   # the time the main thread was blocked (the thread's vector not ready yet), not its own work
        waited[0] += (time.perf_counter() - start) - (time.thread_time() - own)
semantic.Index.embed = timed
with contextlib.redirect_stdout(io.StringIO()):
    main(["ask", "--json", sys.argv[2]])
print(time.thread_time() - main_cpu, time.process_time() - cpu, time.perf_counter() - wall, waited[0])
"""


def run(tree: Path, question: str, cache: Path) -> list[float]:
    env = {**os.environ, "AMGUIDE_CACHE_DIR": str(cache)}
    done = subprocess.run([sys.executable, "-c", PROBE, str(tree), question], capture_output=True, text=True,
                          env=env, check=True)
    return [float(x) for x in done.stdout.split()]


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--trees", nargs="+", type=Path, required=True, help="trees compared (checked-out commits)")
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        caches = {tree: Path(scratch) / f"cache-{i}" for i, tree in enumerate(args.trees)}
        for kind, question in QUESTIONS.items():
            times: dict[Path, list[list[float]]] = {tree: [] for tree in args.trees}
            for tree in args.trees:   # the built-data cache filled, untimed
                run(tree, question, caches[tree])
            for _ in range(args.runs):
                for tree in args.trees:
                    times[tree].append(run(tree, question, caches[tree]))
            print(f"amguide ask, question {kind} (médianes de {args.runs}, charge {os.getloadavg()[0]:.1f}) :")
            for tree, samples in times.items():
                main_cpu, cpu, wall, waited = (statistics.median(s[i] for s in samples) * 1000 for i in range(4))
                print(f"  {tree} : fil principal {main_cpu:.0f} ms de processeur, processus {cpu:.0f} ms, "
                      f"mur {wall:.0f} ms, attente du vecteur {waited:.1f} ms")
