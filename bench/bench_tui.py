"""Start-up of the chat UI: from a fresh process to « ready to type » (prompt focused), and to the engine loaded.

Run by hand: `.venv/bin/python bench/bench_tui.py` (goal: ready to type ≤ 0,8 s). Headless (Textual's
test driver), so terminal drawing is not counted; the measure covers imports, compose and mount."""

import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PROBE = r"""
import time
start = time.perf_counter()
import asyncio, datetime as dt
from tui.app import AmguideApp

async def main():
    app = AmguideApp(on=dt.date(2026, 11, 24), blink=False)
    async with app.run_test(size=(120, 36)) as pilot:
        while not app.query("#prompt") or not app.query_one("#prompt").has_focus:
            await pilot.pause(0.005)
        ready = time.perf_counter() - start
        while app.session is None:
            await pilot.pause(0.005)
        engine = time.perf_counter() - start
        index = app.session.matcher.semantic
        while index is not None and index.vectors is None:   # the encoder, warmed in the worker after start-up
            await pilot.pause(0.005)
        print(ready, engine, time.perf_counter() - start)

asyncio.run(main())
"""


def measure(runs: int = 7) -> tuple[float, float, float]:
    ready, engine, encoder = [], [], []
    for _ in range(runs):
        out = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, cwd=ROOT, check=True)
        first, second, third = map(float, out.stdout.split())
        ready.append(first)
        engine.append(second)
        encoder.append(third)
    return statistics.median(ready), statistics.median(engine), statistics.median(encoder)


if __name__ == "__main__":
    ready, engine, encoder = measure()
    print(f"prêt à taper : {ready:.3f} s médiane (objectif ≤ 0,8 s) ; moteur chargé : {engine:.3f} s ; "
          f"encodeur prêt : {encoder:.3f} s")
