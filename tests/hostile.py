"""Hostile input and faults, as cases run in a child process: used by the fuzz suite (tests/test_fuzz_cli.py)
and by the before/after probe (bench/probe_hostile.py), so both measure the same thing.

A case builds its files in a fresh folder, runs `amguide …` (or a short Python script using amguide's
own code) in a child with a time limit and an address-space limit, then says what went wrong:
a traceback, an exit code outside {0, 1, 2}, a hang, too much memory, a message not in French, a file
lost or planted code run."""

from __future__ import annotations

import json
import os
import pickle
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

TIMEOUT = 10.0            # seconds before a case counts as a hang
MEMORY_LIMIT = 1 << 30    # address space of the child (bytes)
MEMORY_BUDGET = 250_000   # max resident set (KiB) before a case counts as using too much memory
EXIT_CODES = {0, 1, 2}

ENGLISH = ("Traceback", "Input should", "Error:", "error:", "unable to", "out of range", "Invalid", "invalid literal",
           "Exception", "not supported", "exceeded", "while ", "expected", "found ", "could not", "cannot", "should",
           "value:", "known", "address")
FRENCH = (" le ", " la ", " les ", " de ", " du ", " des ", " un ", " une ", " est ", " à ", " pas ", "é", "è", "ê", "Vous",
          "fichier", "profil", "inconnu", "invalide", "attendu", "illisible", "dossier", "champ", " et ", "utilisation")


def amguide() -> list[str]:
    """The installed `amguide` command beside this interpreter, else the module."""
    script = Path(sys.executable).parent / "amguide"
    return [str(script)] if script.exists() else [sys.executable, "-c", "from tui.cli import entry; entry()"]


def python(code: str) -> list[str]:
    return [sys.executable, "-c", code]


# A case's child is started by this small launcher, which forks it from its own few megabytes, sets its limits, waits
# for it and writes its status, peak memory and processor time on the pipe `report`. Linux charges a process made by
# fork or vfork with its parent's resident memory when it execs (ru_maxrss), so a case started from pytest itself
# weighed what pytest weighed at that moment (250 MiB late in a full run), not what amguide used.
LAUNCH = """
import os, resource, signal, sys
report, memory, umask, argv = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], sys.argv[4:]
signal.signal(signal.SIGINT, lambda *_: None)   # Ctrl-C reaches the whole group: the case answers it, not this
pid = os.fork()
if pid == 0:
    os.close(report)
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    if umask:
        os.umask(int(umask))
    try:
        os.execvp(argv[0], argv)
    finally:
        os._exit(127)
_, status, usage = os.wait4(pid, 0)
os.write(report, f"{status} {usage.ru_maxrss} {usage.ru_utime + usage.ru_stime}".encode())
"""


# Marks printed by a Pilot case's script, read back by `phases`: the wall clock (the parent's and the child's agree)
# and the child's processor time so far (all its threads: on a loaded machine the wall time is several times it).
PHASES = """import time as _time
def mark(name):
    print("phase:", name, repr(_time.time()), repr(_time.process_time()), flush=True)

async def engine_ready(app, pilot):
    # the chat's engine loaded and its encoder warm (10 s at most): « case » is then the case alone. Plain sleeps,
    # as bench/bench_tui.py polls: Pilot.pause visits every widget and refreshes the screen at each call, the
    # harness's processor time (it grew with the wall time of a loaded machine), not the app's.
    import asyncio
    for _ in range(2000):
        index = app.session.matcher.semantic if app.session is not None else None
        if app.session is not None and (index is None or index.vectors is not None):
            return await pilot.pause()
        await asyncio.sleep(0.005)
"""


def pilot(code: str) -> list[str]:
    """A script driving a whole app with Pilot, which marks its phases (imported, ready, handled, closed)."""
    return python(PHASES + code)


@dataclass
class Run:
    code: int | None
    out: str
    err: str
    seconds: float
    rss_kib: int
    hung: bool
    cpu: float = 0.0   # seconds of processor time (user + system) of the child and what it waited for
    phases: dict[str, float] = field(default_factory=dict)   # a Pilot case's parts, in seconds (see `phases`)
    after_interrupt: float | None = None   # seconds from the SIGINT to the child's end (its own handling)
    phases_cpu: dict[str, float] = field(default_factory=dict)   # the same parts' processor time


@dataclass
class Case:
    category: str
    name: str
    argv: Callable[[Path], list[str]]
    stdin: bytes = b""
    env: dict[str, str] = field(default_factory=dict)
    setup: Callable[[Path], None] | None = None
    check: Callable[[Path, Run], list[str]] | None = None  # problems found after the run (files lost, code run…)
    codes: set[int] = field(default_factory=lambda: set(EXIT_CODES))
    french: bool = True       # a message must be in French (when something is printed on stderr)
    umask: int | None = None
    timeout: float = TIMEOUT
    memory: int = MEMORY_LIMIT
    interrupt_after: float | None = None   # send SIGINT after this many seconds

    def run(self, tmp: Path) -> Run:
        tmp.mkdir(parents=True, exist_ok=True)
        env = {**os.environ, "AMGUIDE_DATA_DIR": str(tmp / "data"), "AMGUIDE_CACHE_DIR": str(tmp / "cache"),
               "PYTHONDONTWRITEBYTECODE": "1", "LC_ALL": "C.UTF-8", "TERM": "dumb", "COLUMNS": "100"}
        env.update({k: v.format(tmp=tmp) for k, v in self.env.items()})
        if self.setup:
            self.setup(tmp)

        report, written = os.pipe()
        launch = [sys.executable, "-I", "-S", "-c", LAUNCH, str(written), str(self.memory),
                  "" if self.umask is None else str(self.umask)]
        start, started = time.perf_counter(), time.time()
        child = subprocess.Popen(launch + self.argv(tmp), stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                 stderr=subprocess.PIPE, env=env, cwd=tmp, start_new_session=True, pass_fds=(written,))
        os.close(written)
        chunks: dict[str, bytes] = {}

        def feed() -> None:
            try:
                child.stdin.write(self.stdin)
                if self.interrupt_after is None:   # else left open: Ctrl-C must find it waiting, not ended by EOF
                    child.stdin.close()
                else:
                    child.stdin.flush()
            except OSError:
                pass

        def drain(name: str, stream) -> None:
            chunks[name] = stream.read()

        threads = [threading.Thread(target=feed, daemon=True),
                   threading.Thread(target=drain, args=("out", child.stdout), daemon=True),
                   threading.Thread(target=drain, args=("err", child.stderr), daemon=True)]
        for thread in threads:
            thread.start()
        hung = threading.Event()

        def kill() -> None:
            hung.set()
            try:
                os.killpg(child.pid, signal.SIGKILL)
            except OSError:
                pass

        timer = threading.Timer(self.timeout, kill)
        timer.start()
        interrupted: list[float] = []

        def interrupt() -> None:
            if child.poll() is None:
                interrupted.append(time.time())   # the clock of `ended`
                os.killpg(child.pid, signal.SIGINT)   # as a terminal's Ctrl-C: to the foreground group

        if self.interrupt_after is not None:
            threading.Timer(self.interrupt_after, interrupt).start()
        child.wait()
        ended = time.time()
        timer.cancel()
        with os.fdopen(report, "rb") as pipe:
            reported = pipe.read()
        # the case's own status and usage; none if the launcher was killed with it (a hang)
        status, rss, cpu = reported.split() if reported else (None, 0, 0.0)
        rss, cpu = int(rss), float(cpu)
        child.returncode = child.returncode if status is None else os.waitstatus_to_exitcode(int(status))
        try:
            os.killpg(child.pid, signal.SIGKILL)   # what it left running (a pipeline's other half)
        except OSError:
            pass
        for thread in threads[1:]:
            thread.join(5)
        try:
            child.stdin.close()
        except OSError:
            pass
        seconds = time.perf_counter() - start
        out, err = chunks.get("out", b""), chunks.get("err", b"")
        hung = hung.is_set()
        out = out.decode("utf-8", "replace")
        return Run(child.returncode, out, err.decode("utf-8", "replace"), seconds, rss, hung,
                   cpu, phases(out, started, ended), ended - interrupted[0] if interrupted else None,
                   phases(out, 0.0, cpu, column=3))


def phases(out: str, started: float, ended: float, column: int = 2) -> dict[str, float]:
    """A Pilot case's time by part, from the marks its script prints (PHASES): « imports » (the interpreter's
    start and the script's imports), « start » (the app until its first screen and engine are ready), « case »
    (what the case itself does), « close » (the app's shutdown), « exit » (the interpreter's teardown after its
    last line). Wall time (`column` 2), or processor time (3: `started` 0, `ended` the child's total). Empty for
    a case without marks."""
    marks = {parts[1]: float(parts[column]) for parts in (line.split() for line in out.splitlines())
             if len(parts) == 4 and parts[0] == "phase:"}
    order = [("imports", "imported"), ("start", "ready"), ("case", "handled"), ("close", "closed")]
    if [mark for _, mark in order] != [mark for mark in marks if mark in dict(order).values()]:
        return {}
    times, last = {}, started
    for name, mark in order:
        times[name], last = marks[mark] - last, marks[mark]
    times["exit"] = ended - last
    return times


# What a doctor's first start leaves in the cache: the built data (knowledge base, parameters, matcher, the atelier's
# file) and the phrasings' vectors.
WARM = """
import datetime as dt
from chatbot.session import Session
from tui.atelier.content import Evening
Session().matcher.warm()
Evening(dt.date.today())
"""


def warm_cache(directory: Path) -> Path:
    """A built-data cache filled as a first start fills it (`WARM`), for the cases that do not attack the cache:
    each would otherwise build its own (~1 s of processor), as a freshly installed amguide does once."""
    directory.parent.mkdir(parents=True, exist_ok=True)   # the run's folder: the interpreter's own tree is imported
    subprocess.run(python(WARM), env={**os.environ, "AMGUIDE_CACHE_DIR": str(directory)}, cwd=directory.parent,
                   capture_output=True, check=True, timeout=300)
    return directory


def sharing(case: Case, cache: Path) -> Case:
    """`case` run with the shared cache `cache` (`warm_cache`), unless the case is about the cache."""
    return case if case.category == "cache" else replace(case, env={**case.env, "AMGUIDE_CACHE_DIR": str(cache)})


def problems(case: Case, run: Run, tmp: Path) -> dict[str, list[str]]:
    """What went wrong, by kind: traceback, hang (time or memory), lost (data lost or code run), message."""
    found: dict[str, list[str]] = {"traceback": [], "hang": [], "lost": [], "message": []}
    text = run.out + run.err
    if run.hung:
        found["hang"].append(f"pas fini en {case.timeout:.0f} s")
    elif run.rss_kib > MEMORY_BUDGET:
        found["hang"].append(f"mémoire {run.rss_kib // 1024} Mio")
    if "Traceback" in text or "MemoryError" in text:
        found["traceback"].append(text[-300:])
    elif not run.hung and run.code not in case.codes:
        found["traceback"].append(f"code de sortie {run.code}")
    if case.check:
        found["lost"] += case.check(tmp, run)
    if case.french and not run.hung and run.err.strip() and not found["traceback"]:
        if any(word in run.err for word in ENGLISH) or not any(word in run.err for word in FRENCH):
            found["message"].append(f"message : {run.err.strip()[:200]}")
    return found


# ------------------------------------------------------------------------------------------------ helpers
def write(tmp: Path, name: str, content: str | bytes) -> Path:
    path = tmp / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content.encode() if isinstance(content, str) else content)
    return path


def fifo(tmp: Path, name: str) -> Path:
    path = tmp / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists():
        os.mkfifo(path)
    return path


def alias_bomb(levels: int = 9, width: int = 9) -> str:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x]"]
    for i in range(1, levels):
        lines.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * width) + "]")
    return "\n".join(lines) + "\n"


class Planted:
    """A pickle that, if loaded, creates a marker file: proof that the cache ran planted code."""

    def __init__(self, marker: str) -> None:
        self.marker = marker

    def __reduce__(self):
        return (os.system, (f"touch {self.marker}",))


def warm_then_plant(payload: Callable[[Path], bytes], mode: int | None = None) -> Callable[[Path], None]:
    """Fill the cache with a first run, then replace every file in it (whatever its format) by `payload`."""

    def setup(tmp: Path) -> None:
        cache = tmp / "cache"
        subprocess.run(amguide() + ["ask", "bonjour"], env={**os.environ, "AMGUIDE_CACHE_DIR": str(cache),
                       "AMGUIDE_DATA_DIR": str(tmp / "data")}, capture_output=True, timeout=120)
        if mode is not None:
            cache.chmod(mode)
        for path in cache.rglob("*"):
            if path.is_file():
                path.chmod(0o600)
                path.write_bytes(payload(tmp))

    return setup


def marker_absent(tmp: Path, run: Run) -> list[str]:
    return ["code planté exécuté"] if (tmp / "pwned").exists() else []


def history_kept(expected: int) -> Callable[[Path, Run], list[str]]:
    def check(tmp: Path, run: Run) -> list[str]:
        import json

        try:
            items = json.loads((tmp / "data" / "history.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return ["history.json illisible"]
        lost = expected - len(items)
        return [f"{lost} entrée(s) d'historique perdue(s) sur {expected}"] if lost else []

    return check


def broken_kept(original: bytes) -> Callable[[Path, Run], list[str]]:
    def check(tmp: Path, run: Run) -> list[str]:
        kept = [p for p in (tmp / "data").glob("history.json.*") if p.read_bytes() == original]
        return [] if kept else ["historique abîmé remplacé sans copie"]

    return check


def no_stale_temporaries(tmp: Path, run: Run) -> list[str]:
    left = [p for p in (tmp / "data").iterdir() if p.name.endswith(".tmp")]
    return [f"{len(left)} fichier(s) temporaire(s) abandonné(s)"] if left else []


def private_cache(tmp: Path, run: Run) -> list[str]:
    bad = [p for p in [tmp / "cache", *(tmp / "cache").rglob("*")] if p.exists() and p.stat().st_mode & 0o077
           and not (p.is_file() and p.stat().st_mode & 0o077 == 0)]
    return [f"{p.name} accessible aux autres ({oct(p.stat().st_mode & 0o777)})" for p in bad]


def escaped_output(tmp: Path, run: Run) -> list[str]:
    return ["caractères de contrôle bruts à l'écran"] if any(c in run.out for c in "\x1b\x07\x00") else []


# The interleaved writers: two chats on one data folder, each remembering 20 questions in turn.
TWO_CHATS = """
from tui.widgets.prompt_input import PromptInput
a, b = PromptInput(), PromptInput()
for i in range(20):
    a.remember(f"question a{i}")
    b.remember(f"question b{i}")
"""

# A writer killed again and again in the middle of a save, then a fresh start of the chat's history.
KILLED_WRITERS = """
import os, signal, subprocess, sys, time
code = "from common.userfiles import data_dir, write_atomic\\nwhile True: write_atomic(data_dir() / 'history.json', b'[' + b' ' * 5_000_000 + b']')"
for i in range(30):
    child = subprocess.Popen([sys.executable, "-c", code])
    time.sleep(0.35 + (i % 5) * 0.02)
    child.send_signal(signal.SIGKILL)
    child.wait()
from tui.widgets.prompt_input import PromptInput
PromptInput()
"""

# Exports three times within one second (F3, F5, a question, F3, F3): no export may overwrite another.
EXPORTS = """
import asyncio
from textual import events
from tui.app import AmguideApp
mark("imported")

async def main():
    app = AmguideApp(blink=False)
    async with app.run_test() as pilot:
        await engine_ready(app, pilot)
        mark("ready")
        for text in ("bonjour", "formation"):
            app.query_one("#prompt").value = text
            await pilot.press("enter")
            while len(app.turns) < (1 if text == "bonjour" else 2):
                await pilot.pause(0.05)
            await pilot.press("f3")
        await pilot.press("f3")
        await pilot.pause(0.2)
        mark("handled")
asyncio.run(main())
mark("closed")
"""


def exports_unique(tmp: Path, run: Run) -> list[str]:
    files = list((tmp / "data" / "exports").glob("*.md")) if (tmp / "data" / "exports").exists() else []
    return [] if len(files) == 3 else [f"{3 - len(files)} export(s) écrasé(s) sur 3"]


# Text and Enter typed in one burst, 30 questions: each Enter must become one question.
FLOOD = """
import asyncio
from textual import events
from tui.app import AmguideApp
mark("imported")

async def main():
    app = AmguideApp(blink=False)
    async with app.run_test() as pilot:
        await engine_ready(app, pilot)
        mark("ready")
        for i in range(30):   # as a terminal driver posts a burst of keys read at once
            for char in f"q{i}":
                app.post_message(events.Key(char, char))
            app.post_message(events.Key("enter", "\\r"))
        for _ in range(200):
            if len(app.turns) >= 30:
                break
            await pilot.pause(0.05)
        mark("handled")
        print("questions:", len(app.turns))
        print("asked:", " ".join(text for text, _ in app.turns))
asyncio.run(main())
mark("closed")
"""


def all_questions(tmp: Path, run: Run) -> list[str]:
    asked = next((line.split()[1:] for line in run.out.splitlines() if line.startswith("asked:")), [])
    expected = [f"q{i}" for i in range(30)]
    lost = len(set(expected) - set(asked))
    return [] if asked == expected else [f"{lost} question(s) perdue(s) sur 30, {len(asked)} posée(s) : {' '.join(asked)[:80]}"]


# A pasted text of 100 000 characters arriving as keystrokes, then Enter.
PASTE = """
import asyncio, time
from textual import events
from tui.app import AmguideApp
mark("imported")

async def main():
    app = AmguideApp(blink=False)
    async with app.run_test() as pilot:
        await engine_ready(app, pilot)
        mark("ready")
        for _ in range(100_000):   # as a terminal driver posts a burst of keys read at once
            app.post_message(events.Key("a", "a"))
        app.post_message(events.Key("enter", "\\r"))
        for _ in range(200):
            if app.turns:
                break
            await pilot.pause(0.05)
        mark("handled")
        print("questions:", len(app.turns))
asyncio.run(main())
mark("closed")
"""

HISTORY_RECALL = """
import time
from tui.widgets.prompt_input import PromptInput
start = time.perf_counter()
p = PromptInput()
print("longest:", max(map(len, p.history), default=0), round(time.perf_counter() - start, 2))
"""


def bounded_entries(tmp: Path, run: Run) -> list[str]:
    longest = next((int(line.split()[1]) for line in run.out.splitlines() if line.startswith("longest:")), None)
    return [] if longest is not None and longest <= 2000 else [f"entrée d'historique non bornée ({longest})"]


def _eval_items(*items: str) -> str:
    return "\n".join(items) + "\n"


GOOD_ITEM = '- {id: a, question: "bonjour", topic: t, expect: {fallback: true}}'
ANSWERED = "combien d'heures de formation pour une aide-soignante ?"
FAILING_ITEM = '- {id: a, question: "%s %s", topic: t, expect: {all: [zzz]}}' % (ANSWERED, "formation " * 25)
STRICT = {"PYTHONIOENCODING": "utf-8"}   # a strict UTF-8 terminal (errors are not escaped)


def cases(quick: bool = False) -> list[Case]:
    """Every hostile case of issue 14, by category; `quick`: big files of 3 MiB instead of 50 (the test
    suite: above every size cap all the same)."""
    cli = amguide()
    big = (3 if quick else 50) * 1024 * 1024
    out: list[Case] = []
    add = out.append

    # 1. the built-data cache
    add(Case("cache", "pickle planté (dossier partagé 0777)", lambda t: cli + ["ask", "bonjour"],
             setup=warm_then_plant(lambda t: pickle.dumps(Planted(str(t / "pwned"))), mode=0o777), check=marker_absent))
    add(Case("cache", "pickle planté (dossier à soi)", lambda t: cli + ["ask", "bonjour"],
             setup=warm_then_plant(lambda t: pickle.dumps(Planted(str(t / "pwned")))), check=marker_absent))
    add(Case("cache", "pickle valide du mauvais type (None)", lambda t: cli + ["ask", "bonjour"],
             setup=warm_then_plant(lambda t: pickle.dumps(None))))
    add(Case("cache", "fichier de cache tronqué", lambda t: cli + ["ask", "bonjour"],
             setup=warm_then_plant(lambda t: b"\x80\x05garbage")))
    add(Case("cache", "fichier de cache JSON d'un autre type", lambda t: cli + ["ask", "bonjour"],
             setup=warm_then_plant(lambda t: b'{"format": 1, "value": null}')))
    add(Case("cache", "fichier de cache de 2 Gio", lambda t: cli + ["ask", "bonjour"],
             setup=warm_then_plant(lambda t: b""), memory=4 << 30))
    out[-1].setup = _then(out[-1].setup, lambda t: [os.truncate(p, 2 << 30) for p in (t / "cache").rglob("*") if p.is_file()])
    add(Case("cache", "cache remplacé par un FIFO", lambda t: cli + ["ask", "bonjour"], setup=_fifo_cache))
    add(Case("cache", "dossier de cache créé sous umask 000", lambda t: cli + ["ask", "bonjour"], umask=0, check=private_cache))

    # 2. tracebacks
    for label, value in (("date impossible", "signature_date: 2019-02-30"), ("!!int abc", "pmt: !!int abc"),
                         ("entier de 5 000 chiffres", "pmt: " + "9" * 5000), ("!!float abc", "age: !!float x"),
                         ("!!timestamp faux", "signature_date: !!timestamp 2020-13-45")):
        add(Case("traceback", f"simulate --profile : {label}", lambda t: cli + ["simulate", "--profile", "p.yaml"],
                 setup=lambda t, v=value: write(t, "p.yaml", v + "\n")))
        add(Case("traceback", f"eval : {label}", lambda t: cli + ["eval", "q.yaml"],
                 setup=lambda t, v=value: write(t, "q.yaml", f"- id: x\n  question: bonjour\n  {v}\n")))
        add(Case("traceback", f"kb check : {label}", lambda t: cli + ["kb", "check", "kb"],
                 setup=lambda t, v=value: (write(t, "kb/a.yaml", v + "\n"), write(t, "kb/b.yaml", "theme: [\n"))))
    for year in ("9992", "9999"):
        add(Case("traceback", f"--date {year}-01-01 simulate", lambda t, y=year: cli + ["simulate", "--date", f"{y}-01-01",
                                                                                  "--set", "specialty=médecine générale"]))
        add(Case("traceback", f"--date {year}-01-01 ask", lambda t, y=year: cli + ["ask", "--date", f"{y}-12-31",
                                                                             "combien pour un mi-temps ?"]))
    for label, item in (("expect texte", "expect: oui"), ("expect null", "expect: null"),
                        ("all de nombres", "expect: {all: [1, 2]}"), ("all texte", "expect: {all: abc}"),
                        ("any de textes", "expect: {any: [abc, def]}"), ("any de nombres", "expect: {any: [[1]]}"),
                        ("topic liste", "topic: [a, b]"), ("question liste", "question2: x"),
                        ("fallback texte", "expect: {fallback: peut-être}"), ("expect liste", "expect: [1]"),
                        ("id dictionnaire", "id: {a: 1}"), ("topic dictionnaire", "topic: {a: 1}"),
                        ("champ inconnu", "extra: 1"), ("expect.all null", "expect: {all: null}")):
        add(Case("traceback", f"eval : {label}", lambda t: cli + ["eval", "q.yaml"],
                 setup=lambda t, i=item: write(t, "q.yaml", f"- id: x\n  question: {ANSWERED}\n  topic: t\n  {i}\n")))
    add(Case("traceback", "eval : question nombre", lambda t: cli + ["eval", "q.yaml"],
             setup=lambda t: write(t, "q.yaml", "- {id: x, question: 12, topic: t, expect: {fallback: true}}\n")))
    add(Case("traceback", "eval : élément texte", lambda t: cli + ["eval", "q.yaml"],
             setup=lambda t: write(t, "q.yaml", "- bonjour\n")))
    for env in ({}, STRICT):
        strict = " (UTF-8 strict)" if env else ""
        add(Case("traceback", "--plain : UTF-8 invalide sur l'entrée" + strict, lambda t: cli + ["--plain"],
                 stdin=b"bonjour \xff\xfe\n", env=env))
        add(Case("traceback", "ask : argument UTF-8 invalide" + strict, lambda t: [*cli, "ask", os.fsdecode(b"formation \xff")],
                 env=env))
        add(Case("traceback", "ask --json : argument UTF-8 invalide" + strict, lambda t: [*cli, "ask", "--json", os.fsdecode(b"\xff")],
                 env=env))
    add(Case("traceback", "simulate --set specialty=\\xff", lambda t: [*cli, "simulate", "--set", os.fsdecode(b"specialty=\xff")]))
    add(Case("traceback", "tube fermé (eval | head -c10)",
             lambda t: ["sh", "-c", " ".join(cli) + " eval q.yaml 2>err.txt | head -c10; cat err.txt >&2"],
             timeout=30, setup=lambda t: write(t, "q.yaml", _eval_items(*[FAILING_ITEM.replace("id: a", f"id: a{i}")
                                                                             for i in range(80)]))))
    add(Case("traceback", "Ctrl-C pendant eval", lambda t: cli + ["eval", "q.yaml"], interrupt_after=1.5,
             codes=EXIT_CODES | {130}, french=False,
             setup=lambda t: write(t, "q.yaml", _eval_items(*[GOOD_ITEM.replace("id: a", f"id: a{i}") for i in range(3000)]))))
    add(Case("traceback", "Ctrl-C pendant --plain", lambda t: cli + ["--plain"], interrupt_after=2.0,
             codes=EXIT_CODES | {130}, french=False))

    # 3. hangs and memory
    add(Case("hang", "FIFO comme profil", lambda t: cli + ["simulate", "--profile", "p.yaml"], setup=lambda t: fifo(t, "p.yaml")))
    add(Case("hang", "FIFO comme fichier d'évaluation", lambda t: cli + ["eval", "q.yaml"], setup=lambda t: fifo(t, "q.yaml")))
    add(Case("hang", "FIFO dans le dossier de kb check", lambda t: cli + ["kb", "check", "kb"],
             setup=lambda t: fifo(t, "kb/a.yaml")))
    add(Case("hang", "FIFO comme history.json", lambda t: python("from tui.widgets.prompt_input import PromptInput; PromptInput()"),
             setup=lambda t: fifo(t, "data/history.json")))
    add(Case("hang", f"profil de {big >> 20} Mo", lambda t: cli + ["simulate", "--profile", "p.yaml"], memory=8 << 30,
             setup=lambda t: write(t, "p.yaml", "specialty: [" + "1, " * (big // 3) + "1]\n")))
    add(Case("hang", "--profile /dev/zero", lambda t: cli + ["simulate", "--profile", "/dev/zero"], memory=8 << 30))
    add(Case("hang", f"fichier d'évaluation de {big >> 20} Mo", lambda t: cli + ["eval", "q.yaml"], memory=8 << 30,
             setup=lambda t: write(t, "q.yaml", "- " * 10 + "x" * big + "\n")))
    add(Case("hang", "bombe d'alias dans eval", lambda t: cli + ["eval", "q.yaml"], memory=8 << 30,
             setup=lambda t: write(t, "q.yaml", f"- id: x\n  question: {ANSWERED}\n  topic: t\n  expect:\n    all: [zzz]\n"
                                   + "".join("    " + line + "\n" for line in alias_bomb().splitlines()))))
    add(Case("hang", "bombe d'alias dans eval (liste)", lambda t: cli + ["eval", "q.yaml"], memory=8 << 30,
             setup=lambda t: write(t, "q.yaml", "- id: x\n  question: bonjour\n  topic: &t [" + ", ".join(["x"] * 9) + "]\n"
                                   + "".join(f"  t{i}: &t{i} [" + ", ".join([f"*t{i - 1}" if i else "*t"] * 9) + "]\n"
                                             for i in range(8)))))
    add(Case("hang", "bombe d'alias dans un profil", lambda t: cli + ["simulate", "--profile", "p.yaml"], memory=8 << 30,
             setup=lambda t: write(t, "p.yaml", alias_bomb())))
    add(Case("hang", "YAML imbriqué 10 000 niveaux", lambda t: cli + ["simulate", "--profile", "p.yaml"],
             setup=lambda t: write(t, "p.yaml", "a: " + "[" * 10000 + "]" * 10000 + "\n")))
    add(Case("hang", "question de 120 ko", lambda t: cli + ["ask", "x" * 100 + " formation" * 12_000]))
    add(Case("hang", f"entrée d'historique de {big >> 20} Mo", lambda t: python(HISTORY_RECALL), memory=8 << 30, check=bounded_entries,
             setup=lambda t: write(t, "data/history.json", '["' + "a" * big + '"]')))
    add(Case("hang", "chat : collage de 100 000 touches", lambda t: pilot(PASTE), timeout=60, memory=8 << 30,
             check=lambda t, r: [] if "questions: 1" in r.out else ["question collée perdue"]))

    # 4. data lost
    add(Case("lost", "deux conversations sur le même dossier", lambda t: python(TWO_CHATS), check=history_kept(40)))
    for label, content in (("tronqué", b'["a", "b'), ("pas une liste", b'{"a": 1}'), ("binaire", b"\x00\xff\xfe" * 50)):
        add(Case("lost", f"history.json {label}", lambda t: python(
            "from tui.widgets.prompt_input import PromptInput; PromptInput().remember('nouvelle')"),
            setup=lambda t, c=content: write(t, "data/history.json", c), check=broken_kept(content)))
    add(Case("lost", "exports dans la même seconde", lambda t: pilot(EXPORTS), check=exports_unique, timeout=60,
             memory=4 << 30))
    add(Case("lost", "fichiers temporaires après 30 SIGKILL", lambda t: python(KILLED_WRITERS), check=no_stale_temporaries,
             timeout=60, memory=4 << 30))
    add(Case("lost", "chat : texte et Entrée d'un seul jet", lambda t: pilot(FLOOD), check=all_questions, timeout=60,
             memory=4 << 30))

    # 6. the atelier's saved evening (data/atelier/soiree.json): read through the safe reader, a damaged one kept aside
    for label, content in (("JSON tronqué", b'{"chapter": 3, "tallies": ['), ("nombre infini", b'{"chapter": 1e400}'),
                           ("compteur infini", b'{"tallies": {"pre": [[1e400]]}}'), ("imbriqué 100 000 niveaux", b"[" * 100_000),
                           ("pas UTF-8", b'{"chapter": "\xff\xfe"}'), (f"{big >> 20} Mo", b'{"expectations": [' + b"1, " * (big // 3) + b"1]}")):
        add(Case("atelier", f"soirée enregistrée : {label}", lambda t: python(EVENING), memory=8 << 30,
                 setup=lambda t, c=content: write(t, "data/atelier/soiree.json", c), check=evening_kept_aside(content)))
    add(Case("atelier", "soirée enregistrée : FIFO", lambda t: python(EVENING), setup=lambda t: fifo(t, "data/atelier/soiree.json"),
             check=lambda t, r: [] if "mise de côté" in r.out else ["FIFO non signalé"]))
    add(Case("atelier", "soirée enregistrée : un dossier", lambda t: python(EVENING),
             setup=lambda t: (t / "data/atelier/soiree.json").mkdir(parents=True),
             check=lambda t, r: [] if "mise de côté" in r.out else ["dossier non signalé"]))
    add(Case("atelier", "soirée absurde mais valide (présentateur, quiz, export)", lambda t: pilot(EVENING_SHOWN), timeout=60,
             memory=4 << 30, setup=lambda t: write(t, "data/atelier/soiree.json", ABSURD_EVENING), check=escaped_export))

    # 7. amguide serve: hosts and ports it cannot listen on (said in French before any banner)
    for label, argv in (("port non numérique", ["--port", "huit"]), ("port décimal", ["--port", "80.5"]),
                        ("port 70 000", ["--port", "70000"]), ("hôte inconnu", ["--host", "999.1.1.1"]),
                        ("hôte de 300 lettres", ["--host", "h" * 300]), ("hôte « :::: »", ["--host", "::::"]),
                        ("adresse d'une autre machine", ["--host", "10.255.255.1"])):
        add(Case("serve", f"serve : {label}", lambda t, a=argv: cli + ["serve", *a], codes={2}))
    add(Case("serve", "serve : port déjà pris", lambda t: cli + ["serve", "--port", str(_taken_port())], codes={2}))

    # 5. small ones
    add(Case("small", "eval : ESC, BEL et NUL dans une question", lambda t: cli + ["eval", "q.yaml"], check=escaped_output,
             setup=lambda t: write(t, "q.yaml", '- {id: x, question: "a\\e[31mrouge\\a\\0", topic: t, expect: {all: [zzz]}}\n')))
    add(Case("small", "--set pattern non texte", lambda t: [*cli, "simulate", "--set", os.fsdecode(b"specialty=\xff")]))
    add(Case("small", "kb check sur un dossier sans YAML", lambda t: cli + ["kb", "check", "vide"],
             setup=lambda t: (t / "vide").mkdir(), check=lambda t, r: ["« aucun problème » sur un dossier vide"]
             if "aucun problème" in r.out else []))
    add(Case("small", "disque plein (historique)", lambda t: pilot(FULL_DISK), setup=_full_disk, check=_full_disk_said,
             timeout=60, memory=4 << 30))
    return out


# The atelier's evening loaded from the data folder, saved again and exported, as the presenter's start does.
EVENING = """
import datetime as dt
from tui.atelier.evening_run import EveningRun
from tui.atelier.export import export
run = EveningRun(dt.date(2026, 11, 24))
print("notice:", getattr(run, "notice", None))   # (absent before the notice existed)
print("saved:", run.changed())
print("export:", export(run.evening, run.state))
"""

# Out-of-range positions, tallies and chapters, markup and control characters: the presenter walks every screen.
ABSURD_EVENING = json.dumps({
    "chapter": -99, "quiz_position": {"pre": -5, "post": 10 ** 9},
    "tallies": {"pre": [[5, 3, 2, 1, 1, 1, 1, 1, 1, 1, 1], [], [-4, 2000]], "post": [[1]]},
    "revealed": {"pre": [-1, 99, 0], "post": [10 ** 9]},
    "questions": [{"chapter": 999, "question": "[bold]x\x1b[31m", "answer": "\x1b[31m[b]rouge **gras**\x07"},
                  {"chapter": -5, "question": "", "answer": ""}],
    "expectations": [{"text": "[@click=app.quit]", "done": "oui"}] * 300})

EVENING_SHOWN = """
import asyncio, datetime as dt
from tui.atelier.app import AtelierApp
mark("imported")

async def main():
    app = AtelierApp(on=dt.date(2026, 11, 24))
    async with app.run_test(size=(120, 36)) as pilot:
        mark("ready")
        await pilot.pause(0.2)
        for keys in (["p"], ["1", "2", "r", "right", "1"], ["escape", "o"], ["1", "r"], ["escape"], ["5"], ["9"], ["f3"]):
            await pilot.press(*keys)
            await pilot.pause(0.05)
        mark("handled")
asyncio.run(main())
mark("closed")
"""


def evening_kept_aside(original: bytes) -> Callable[[Path, Run], list[str]]:
    def check(tmp: Path, run: Run) -> list[str]:
        kept = [p for p in (tmp / "data" / "atelier").glob("soiree.json.broken-*") if p.read_bytes() == original]
        said = "mise de côté" in run.out
        return [] if kept and said else ["soirée abîmée remplacée sans copie" if not kept else "soirée abîmée non signalée"]

    return check


def escaped_export(tmp: Path, run: Run) -> list[str]:
    exports = list((tmp / "data" / "exports").glob("*.md"))
    if not exports:
        return ["export absent"]
    return ["caractères de contrôle bruts dans l'export"] if any(c in exports[0].read_text() for c in "\x1b\x07") else []


_HELD: list = []   # sockets kept listening while a case runs


def _taken_port() -> int:
    import socket

    server = socket.create_server(("127.0.0.1", 0))
    _HELD.append(server)
    return server.getsockname()[1]


def _then(first: Callable[[Path], None] | None, second: Callable[[Path], object]) -> Callable[[Path], None]:
    def both(tmp: Path) -> None:
        if first:
            first(tmp)
        second(tmp)

    return both


def _fifo_cache(tmp: Path) -> None:
    warm_then_plant(lambda t: b"")(tmp)
    for path in list((tmp / "cache").rglob("*")):
        if path.is_file():
            path.unlink()
            os.mkfifo(path)


FULL_DISK = """
import asyncio
from textual import events
from tui.app import AmguideApp
mark("imported")

async def main():
    app = AmguideApp(blink=False)
    async with app.run_test() as pilot:
        await engine_ready(app, pilot)
        mark("ready")
        app.query_one("#prompt").value = "bonjour"
        await pilot.press("enter")
        await pilot.pause(0.3)
        mark("handled")
        print("notes:", [str(n.message) for n in app._notifications])
asyncio.run(main())
mark("closed")
"""


def _full_disk(tmp: Path) -> None:
    """A data folder on a 64 KiB tmpfs, filled up (needs root; skipped elsewhere)."""
    data = tmp / "data"
    data.mkdir(parents=True, exist_ok=True)
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(data)], check=True, capture_output=True)
    with open(data / "plein", "wb") as stream:
        try:
            stream.write(b"x" * 200_000)
        except OSError:
            pass


def _full_disk_said(tmp: Path, run: Run) -> list[str]:
    subprocess.run(["umount", str(tmp / "data")], capture_output=True)
    return [] if "disque" in run.out and "plein" in run.out else [f"disque plein mal dit : {run.out.strip()[-160:]}"]
