"""Ctrl-C in a one-shot command (issue 14): the two Ctrl-C cases of tests/hostile.py (during `eval`, during
`--plain`), timed from the SIGINT to the process's end — the command's own handling, apart from the case's
wait before it sends the signal (2,5 s and 2 s). Run by hand:

    .venv/bin/python bench/bench_interrupt.py [--runs 3] [AMGUIDE_SCRIPT ...]

Each script is an installed `amguide` (default: the one beside this interpreter); give another tree's
(e.g. /work/wt/start4/.venv/bin/amguide) to compare, runs interleaved."""

import argparse
import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests import hostile  # noqa: E402

if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("scripts", nargs="*", default=[str(Path(sys.executable).parent / "amguide")])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    times: dict[tuple[str, str], list[tuple[float, float | None, int | None]]] = {}
    for _ in range(args.runs):
        for script in args.scripts:
            hostile.amguide = lambda script=script: [str(Path(script).absolute())]   # the cases run in a folder of their own
            for case in (c for c in hostile.cases() if c.interrupt_after is not None):
                with tempfile.TemporaryDirectory() as tmp:
                    run = case.run(Path(tmp))
                times.setdefault((script, case.name), []).append((run.seconds, run.after_interrupt, run.code))
    for (script, name), runs in times.items():
        handled = [r[1] for r in runs if r[1] is not None]
        print(f"{script} — {name} : du SIGINT à la fin {statistics.median(handled):.3f} s médiane "
              f"({', '.join(f'{h:.3f}' for h in handled)}), cas entier {statistics.median(r[0] for r in runs):.2f} s, "
              f"codes {sorted({r[2] for r in runs})}")
