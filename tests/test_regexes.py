"""Patterns kept between runs (common.regexes): the very pattern `re.compile` makes, found in re's cache by the next
run, never an error when the kept entry is damaged."""

import json
import re
import subprocess
import sys

from common import built, regexes
from tests.conftest import ROOT

PATTERNS = [(r"(?<![\w,])\d{1,3}(?:[ .\u00a0\u202f]\d{3})+(?!\d)", 0),
            (r"\b(?P<sector>secteur\s+(1|2|un|deux))\b|\bs(?P<short>[12])\b", 0),
            (r"^(?P<name>[a-z_0-9]+)(?:@(?P<date>\d{4}-\d{2}-\d{2}))?$", re.IGNORECASE | re.MULTILINE),
            (r"[^\W\d]{4,}|é+", re.ASCII), ("(?x) a b # comment", 0)]


def test_a_kept_pattern_is_the_one_re_compiles(monkeypatch):
    compiled = [re.compile(pattern, flags) for pattern, flags in PATTERNS]
    patterns, codes = regexes._compiled([(str, pattern, flags) for pattern, flags in PATTERNS])
    assert len(patterns) == len(PATTERNS)
    monkeypatch.setattr(re, "_cache", {})
    monkeypatch.setattr(built, "read_kept", lambda *args: (patterns, codes))
    regexes.restore("ask")
    for (pattern, flags), original in zip(PATTERNS, compiled):
        restored = re._cache[str, pattern, flags]
        assert restored is not original and restored == original
        assert (restored.groups, restored.groupindex, restored.flags) == (original.groups, original.groupindex,
                                                                         original.flags)
        assert re.compile(pattern, flags) is restored   # what a module's re.compile now gets
    text = "S1 900 PMT, secteur deux, 1 200 patients, name@2024-01-31 été"
    for (pattern, flags), original in zip(PATTERNS, compiled):
        assert [m.groupdict() or m.group() for m in re.finditer(pattern, text, flags)] == \
            [m.groupdict() or m.group() for m in original.finditer(text)]


def test_a_damaged_entry_is_compiled_as_usual(monkeypatch):
    patterns, codes = regexes._compiled([(str, r"\bsecteur\s+(\d)\b", 0)])
    monkeypatch.setattr(re, "_cache", {})
    monkeypatch.setattr(built, "read_kept", lambda *args: (patterns, memoryview(b"\xff" * len(codes.cast("B"))).cast("q")))
    regexes.restore("ask")   # _sre checks the code: refused, nothing put in re's cache, no error
    assert re._cache == {}
    assert re.compile(r"\bsecteur\s+(\d)\b").search("en secteur 2 ").group(1) == "2"


# `amguide ask` as a process, counting the patterns it compiles; the same cache directory each run.
PROBE = """
import contextlib, io, json, re, sys
compile, count = re._compiler.compile, [0]
def counted(*args):
    count[0] += 1
    return compile(*args)
re._compiler.compile = counted
from tui.cli import main
out = io.StringIO()
with contextlib.redirect_stdout(out):
    main(["ask", "--json", sys.argv[1]])
print(json.dumps([count[0], json.loads(out.getvalue())]))
"""


def test_the_next_ask_finds_its_patterns_compiled_and_answers_alike(tmp_path):
    env = {"AMGUIDE_CACHE_DIR": str(tmp_path), "PATH": "/usr/bin:/bin"}
    runs = []
    for _ in range(4):   # the data built (nothing kept), the patterns kept, then found twice
        done = subprocess.run([sys.executable, "-c", PROBE, "mon assistante peut-elle poser un pansement ?"],
                              capture_output=True, text=True, cwd=ROOT, env=env)
        assert done.returncode == 0, done.stderr
        runs.append(json.loads(done.stdout))
    assert list(tmp_path.glob("regexes-ask-*.built"))
    (_, reply), (second, again), (third, _), (fourth, _) = runs
    assert reply == again and max(third, fourth) < second / 3   # ~120 compiled by a run on built data, then a few
