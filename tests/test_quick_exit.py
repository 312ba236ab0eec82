"""The `amguide` script ends a one-shot command without tearing its heap down (`tui.cli.entry`): the same
output and exit code as `sys.exit(main())`, atexit handlers still run, a closed pipe still quiet."""

import subprocess
import sys

import pytest

from tests.conftest import ROOT

# A global whose finaliser speaks only when the interpreter frees the heap at exit; an idle thread pool (its
# threads are not daemons: they must be told to stop, then joined, as the interpreter does).
PRELUDE = ("import atexit, sys, threading, time\n"
           "from concurrent.futures import ThreadPoolExecutor\n"
           "class Loud:\n"
           "    def __del__(self): print('démontage', file=sys.stderr)\n"
           "keep = Loud()\n"
           "atexit.register(lambda: print('atexit', file=sys.stderr))\n"
           "pool = ThreadPoolExecutor(1)\n"
           "pool.submit(time.sleep, 0.01)\n"
           "threading.Thread(target=lambda: (time.sleep(0.3), print('fil', file=sys.stderr))).start()\n")
ENTRY = PRELUDE + "from tui.cli import entry\nentry()\n"
MAIN = PRELUDE + "from tui.cli import main\nsys.exit(main())\n"


@pytest.fixture(scope="module")
def cache(tmp_path_factory):
    return tmp_path_factory.mktemp("cache")   # shared: built once for the module's runs


def run(code: str, *argv: str, tmp_path, cache) -> subprocess.CompletedProcess:
    env = {"AMGUIDE_CACHE_DIR": str(cache), "AMGUIDE_DATA_DIR": str(tmp_path / "data"), "PATH": "/usr/bin:/bin",
           "LC_ALL": "C.UTF-8"}
    return subprocess.run([sys.executable, "-c", code, *argv], capture_output=True, text=True, cwd=ROOT, env=env,
                          stdin=subprocess.DEVNULL, timeout=120)


@pytest.mark.parametrize("argv", [
    ["ask", "--json", "--date", "2026-11-24", "combien d'heures de formation pour une AS ?"],
    ["ask"],                                             # usage error: 2
    ["--version"],                                       # argparse's exit: 0
    ["simulate", "--date", "2026-11-24", "--set", "sector=4"],   # invalid profile: 2
    ["eval", "absent.yaml"],                             # a file that is not there
])
def test_same_output_and_code_as_a_normal_exit(argv, tmp_path, cache):
    quick, normal = run(ENTRY, *argv, tmp_path=tmp_path, cache=cache), run(MAIN, *argv, tmp_path=tmp_path, cache=cache)
    assert (quick.returncode, quick.stdout) == (normal.returncode, normal.stdout)
    # The thread's line may come before or after amguide's own message (a race on a fast error path): compared apart.
    def own(err: str) -> str:
        return err.replace("atexit\n", "").replace("démontage\n", "").replace("fil\n", "")
    assert own(quick.stderr) == own(normal.stderr)
    assert "atexit" in quick.stderr and "démontage" not in quick.stderr   # handlers run, heap not torn down
    assert "fil" in quick.stderr and "fil" in normal.stderr   # a thread still running is waited for
    assert "démontage" in normal.stderr     # the finaliser does speak at a normal exit: the check above can fail


def test_a_closed_pipe_ends_quietly(tmp_path, cache):
    questions = tmp_path / "q.yaml"
    questions.write_text("".join(f"- id: q{i}\n  question: la météo du jour numéro {i} ?\n  topic: meteo\n"
                                 "  basis: out_of_scope\n  expect: {fallback: true}\n" for i in range(30)), encoding="utf-8")
    done = subprocess.run(f"{sys.executable} -c 'from tui.cli import entry; entry()' eval --json {questions} | head -c 10",
                          shell=True, capture_output=True, text=True, cwd=ROOT, timeout=120,
                          env={"AMGUIDE_CACHE_DIR": str(cache), "PATH": "/usr/bin:/bin", "LC_ALL": "C.UTF-8"})
    assert len(done.stdout) == 10
    assert "Traceback" not in done.stderr and "Exception" not in done.stderr
