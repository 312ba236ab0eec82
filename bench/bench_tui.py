"""Start-up of the chat UI: from a fresh process to « ready to type » (prompt focused), to a first key shown in
the question box (what was queued behind the focus included), to the engine loaded, to the encoder ready.

Run by hand: `.venv/bin/python bench/bench_tui.py [--base REF] [--runs N]` (goal: ready to type ≤ 0,8 s, and
not slower than the previous release). Headless (Textual's test driver), so terminal drawing is not counted; the
measure covers imports, compose and mount. `--base` (default 216feb5, the release before this session's work)
is checked out in a temporary worktree and run by the same interpreter, run by run interleaved with this tree,
both compiled to bytecode first (this machine sets PYTHONDONTWRITEBYTECODE; users' installs have bytecode)."""

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PROBE = r"""
import time
start = time.perf_counter()
import asyncio, datetime as dt
from textual import events
from tui.app import AmguideApp
imported = time.perf_counter() - start
cpu = [time.process_time()]   # the processor time at each point (all threads), beside the wall time

async def until(condition):
    # plain sleeps: Pilot.pause waits for every pending message of the screen, the engine's included
    while not condition():
        await asyncio.sleep(0.002)
    cpu.append(time.process_time())
    return time.perf_counter() - start

async def main():
    app = AmguideApp(on=dt.date(2026, 11, 24), blink=False)
    async with app.run_test(size=(120, 36)):
        ready = await until(lambda: app.query("#prompt") and app.query_one("#prompt").has_focus)
        app.post_message(events.Key("a", "a"))      # as the terminal driver posts a key
        echoed = await until(lambda: app.query_one("#prompt").value == "a")
        engine = await until(lambda: app.session is not None)
        index = app.session.matcher.semantic      # the encoder, warmed in the worker after start-up
        encoder = await until(lambda: index is None or index.vectors is not None)
        print(imported, ready, echoed, engine, encoder, *cpu)

asyncio.run(main())
"""
MEASURES = ("imports", "ready", "echoed", "engine", "encoder")
MEASURES += tuple(f"{m} cpu" for m in MEASURES)   # the same points in processor time (the load blurs the wall time)


def once(tree: Path, env: dict[str, str]) -> list[float]:
    """One fresh process in `tree` (its own modules first on the path: cwd)."""
    out = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, cwd=tree, env=env, check=True)
    return [float(x) for x in out.stdout.split()]


def measure(trees: dict[str, Path], runs: int, scratch: Path) -> dict[str, dict[str, float]]:
    """Median of each measure per tree, the trees' runs interleaved (the machine's load drifts alike for both);
    each tree its own built-data cache, warmed first."""
    common = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    envs = {name: {**common, "AMGUIDE_CACHE_DIR": str(scratch / f"cache-{i}"), "AMGUIDE_DATA_DIR": str(scratch / f"data-{i}")}
            for i, name in enumerate(trees)}
    times: dict[str, list[list[float]]] = {name: [] for name in trees}
    for name, tree in trees.items():
        subprocess.run([sys.executable, "-m", "compileall", "-q", "chatbot", "common", "knowledge", "rules", "tui"],
                       cwd=tree, env=envs[name], check=True, capture_output=True)
        once(tree, envs[name])
    for _ in range(runs):
        for name, tree in trees.items():
            times[name].append(once(tree, envs[name]))
    return {name: {m: statistics.median(run[k] for run in rows) for k, m in enumerate(MEASURES)}
            for name, rows in times.items()}


TURNS = r"""
import asyncio, datetime as dt, json, sys, time
import yaml
from textual import events
from tui.app import AmguideApp

questions = [i["question"] for i in yaml.safe_load(open(sys.argv[1], encoding="utf-8"))]
pause, pace, bare = float(sys.argv[2]), float(sys.argv[3]), sys.argv[4] == "bare"
if bare:   # ending on its last letter: no « ? » (nor the space before it)
    questions = [q.rstrip(" ?") for q in questions]
TAIL = 20  # keys typed one by one at `pace` (before them, a burst: what was typed earlier)

def key(char):
    return events.Key(char, char) if char != " " else events.Key("space", " ")

async def main():
    app = AmguideApp(on=dt.date(2026, 11, 24), blink=False)
    engine, shown = [], []
    async with app.run_test(size=(120, 36)):
        while app.session is None or (app.session.matcher.semantic is not None and app.session.matcher.semantic.vectors is None):
            await asyncio.sleep(0.01)
        handle, timing = app.session.handle, []

        def timed(text):
            start = time.perf_counter()
            try:
                return handle(text)
            finally:
                timing.append(time.perf_counter() - start)
        app.session.handle = timed
        for question in questions:
            app.action_new_conversation()            # each question on its own, as a first question (F5)
            await asyncio.sleep(0.05)
            timing.clear()
            head, tail = (question[:-TAIL], question[-TAIL:]) if pace else (question, "")
            for char in head:                        # typed: the keys as the terminal driver posts them
                app.post_message(key(char))
            for char in tail:                        # at a typist's pace
                await asyncio.sleep(pace)
                app.post_message(key(char))
            await asyncio.sleep(pause)               # the doctor's pause before Enter
            asked = len(app.turns)
            start = time.perf_counter()
            app.post_message(events.Key("enter", None))
            while len(app.turns) == asked:
                await asyncio.sleep(0.001)
            shown.append(time.perf_counter() - start)
            engine.extend(timing)
    print(json.dumps({"engine": engine, "shown": shown}))

asyncio.run(main())
"""


def chat_turns(pause: float, pace: float = 0.0, bare: bool = False) -> tuple[float, float, float, float]:
    """Each dev question typed in the chat, then Enter after `pause` s: p50 / p99 of the engine's turn (the
    worker's Session.handle) and of Enter → answer in the conversation, in ms. `pace`: its last 20 keys typed one
    by one, `pace` s apart (0: all keys in one burst); `bare`: each question without its final « ? »."""
    import json

    from bench_chatbot import DEV, percentiles

    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    out = subprocess.run([sys.executable, "-c", TURNS, str(DEV), str(pause), str(pace), "bare" if bare else "as-is"],
                         capture_output=True, text=True, cwd=ROOT,
                         env=env, check=True)
    times = json.loads(out.stdout)
    return (*percentiles(times["engine"]), *percentiles(times["shown"]))


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--base", default="216feb5", help="commit compared side by side ('' : this tree only)")
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--no-turns", action="store_true", help="start-up only")
    parser.add_argument("--pace", type=float, default=0.12, help="s between keys for the typed turns (a typist's pace)")
    args = parser.parse_args()
    if not args.no_turns:
        for pause, pace, bare, how in ((0.3, 0.0, False, "tapée d'un jet, Entrée 0,3 s après"),
                                       (0.0, 0.0, False, "tapée d'un jet, Entrée aussitôt"),
                                       (args.pace, args.pace, False, f"tapée à {args.pace:.2f} s la touche, Entrée juste après « ? »"),
                                       (args.pace, args.pace, True, f"tapée à {args.pace:.2f} s la touche, sans « ? », Entrée juste après la dernière lettre")):
            e50, e99, s50, s99 = chat_turns(pause, pace, bare)
            print(f"un tour dans le chat, question {how} : moteur p50 {e50:.1f} ms, "
                  f"p99 {e99:.1f} ms (objectif p99 ≤ 20 ms) ; de Entrée à la réponse affichée p50 {s50:.1f} ms, "
                  f"p99 {s99:.1f} ms")
    with tempfile.TemporaryDirectory() as scratch:
        trees = {"cet arbre": ROOT}
        if args.base:
            old = Path(scratch) / "base"
            subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", "-q", str(old), args.base], check=True)
            trees[args.base] = old
        try:
            results = measure(trees, args.runs, Path(scratch))
        finally:
            if args.base:
                subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(old)], check=False)
    for name, m in results.items():
        print(f"{name} : imports {m['imports']:.3f} s ; prêt à taper : {m['ready']:.3f} s médiane (objectif ≤ 0,8 s) ; "
              f"première touche affichée : {m['echoed']:.3f} s ; "
              f"moteur chargé : {m['engine']:.3f} s ; encodeur prêt : {m['encoder']:.3f} s  ({args.runs} lancements)\n"
              f"  temps processeur : imports {m['imports cpu']:.3f} s ; prêt à taper {m['ready cpu']:.3f} s ; "
              f"première touche {m['echoed cpu']:.3f} s ; moteur {m['engine cpu']:.3f} s ; encodeur {m['encoder cpu']:.3f} s")
