"""Hostile input and faults (issue 14): each sub-command in a child process, with a time limit and an
address-space limit set in the child, on generated hostile files and arguments. Every run must end
in time with exit code 0, 1 or 2, no traceback, and a French message; nothing planted may run and
nothing saved may be lost. The cases are those of tests/hostile.py (also run by bench/probe_hostile.py).

The cases that drive the chat UI (bursts of keys, exports, full disk) take several seconds each and
live in test_fuzz_chat.py."""

import compileall
import dataclasses
import os
import string
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from tests.conftest import ROOT
from tests import hostile
from tests.hostile import MEMORY_LIMIT, TIMEOUT, Case, amguide, cases, problems, write

CHAT = ("chat :", "exports", "disque plein", "30 SIGKILL", "présentateur")   # in test_fuzz_chat.py
CLI_CASES = [c for c in cases(quick=True) if not any(word in c.name for word in CHAT)]
WORKERS = 4   # children run side by side: the whole file stays well under a minute on 2 cores


def verdict(case: Case, tmp: Path) -> str:
    """'' if the case was handled, else what went wrong (with the end of its output)."""
    run = case.run(tmp)
    found = {kind: items for kind, items in problems(case, run, tmp).items() if items}
    return f"{found}\n--- stdout\n{run.out[-800:]}\n--- stderr\n{run.err[-800:]}" if found else ""


@pytest.fixture(scope="module")
def warm_cache(tmp_path_factory) -> Path:
    """One built-data cache shared by the cases that do not attack the cache (each would build its own), and
    amguide's bytecode written once, as `pip install` writes it: where PYTHONDONTWRITEBYTECODE is set (and the
    cases set it), each child would otherwise compile every module of amguide again."""
    for package in ("common", "knowledge", "rules", "chatbot", "tui"):
        compileall.compile_dir(ROOT / package, quiet=1)
    return hostile.warm_cache(tmp_path_factory.mktemp("warm") / "cache")


@pytest.fixture(scope="module")
def verdicts(tmp_path_factory, warm_cache) -> dict[str, str]:
    root = tmp_path_factory.mktemp("hostile")
    prepared = [dataclasses.replace(hostile.sharing(c, warm_cache), memory=MEMORY_LIMIT) for c in CLI_CASES]
    with ThreadPoolExecutor(WORKERS) as pool:
        futures = {c.name: pool.submit(verdict, c, root / f"case{i}") for i, c in enumerate(prepared)}
    return {name: future.result() for name, future in futures.items()}


@pytest.mark.parametrize("case", CLI_CASES, ids=[f"{c.category}-{c.name}" for c in CLI_CASES])
def test_hostile_case(case, verdicts):
    assert not verdicts[case.name], f"{case.category} / {case.name}: {verdicts[case.name]}"


def check(case: Case, tmp: Path) -> None:
    problem = verdict(case, tmp)
    assert not problem, f"{case.name}: {problem}"


# ---------------------------------------------------------------------------------------- generated
YAML_PIECES = st.sampled_from([
    "a: 1", "- x", "{", "}", "[", "]", ": ", "&a", "*a", "!!int", "!!float", "!!timestamp", "!!binary", "!!python/object:os.system",
    "2019-02-30", "9" * 60, "'", '"', "\\x00", "\t", "---", "...", "? ", "|", ">", "#", "%YAML 1.1", "specialty: ", "question: ",
    "expect: ", "all: ", "any: ", "fallback: ", "id: ", "topic: ", "\n", "\n  ", "\n- ", "é", "\u202e", "\x1b[31m",
])


def hostile_yaml() -> st.SearchStrategy[bytes]:
    text = st.lists(YAML_PIECES, max_size=40).map("".join).map(lambda s: s.encode("utf-8", "surrogatepass"))
    raw = st.binary(max_size=300)
    return st.one_of(text, raw)


FUZZ = settings(max_examples=5, deadline=None, derandomize=True,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


@FUZZ
@given(content=hostile_yaml(), command=st.sampled_from(["simulate", "eval", "kb"]))
def test_generated_files(tmp_path_factory, warm_cache, content, command):
    tmp = tmp_path_factory.mktemp("fuzz")
    argv = {"simulate": ["simulate", "--profile", "f.yaml"], "eval": ["eval", "f.yaml"], "kb": ["kb", "check", "d"]}[command]
    name = "d/f.yaml" if command == "kb" else "f.yaml"
    case = Case("fuzz", command, lambda t: amguide() + argv, setup=lambda t: write(t, name, content), timeout=TIMEOUT,
                env={"AMGUIDE_CACHE_DIR": str(warm_cache)})
    check(case, tmp)


ARGUMENT = st.lists(st.one_of(st.characters(codec="utf-8", exclude_categories=["Cs"]), st.sampled_from(
    list(string.punctuation) + ["\x1b", "--", "-", "=", "é", "9999-01-01", "specialty=", "pmt=", "[bold]", "1e309"])),
    max_size=20).map("".join).filter(lambda s: "\x00" not in s)


@FUZZ
@given(words=st.lists(ARGUMENT, min_size=1, max_size=4),
       command=st.sampled_from([["ask"], ["ask", "--json"], ["simulate", "--set"], ["simulate", "--json", "--set"],
                                ["--date"], ["simulate", "--date"], ["kb", "check"], ["eval"]]))
def test_generated_arguments(tmp_path_factory, warm_cache, words, command):
    tmp = tmp_path_factory.mktemp("fuzz")
    case = Case("fuzz", " ".join(command), lambda t: amguide() + command + words, env={"AMGUIDE_CACHE_DIR": str(warm_cache)})
    check(case, tmp)


@pytest.mark.skipif(sys.platform != "linux", reason="bytes in argv as Linux passes them")
@FUZZ
@given(raw=st.binary(min_size=1, max_size=30).filter(lambda b: b"\x00" not in b), where=st.sampled_from(["ask", "set", "plain"]))
def test_undecodable_bytes_in_arguments_and_input(tmp_path_factory, warm_cache, raw, where):
    tmp = tmp_path_factory.mktemp("fuzz")
    word = os.fsdecode(raw)
    argv, stdin = {"ask": (["ask", "--json", word], b""), "set": (["simulate", "--set", "specialty=" + word], b""),
                   "plain": (["--plain"], raw + b"\nquitter\n")}[where]
    env = {"PYTHONIOENCODING": "utf-8", "AMGUIDE_CACHE_DIR": str(warm_cache)}   # a strict UTF-8 terminal
    check(Case("fuzz", "bytes", lambda t: amguide() + argv, stdin=stdin, env=env), tmp)


def test_a_case_weighs_its_own_memory_not_the_test_runners(tmp_path):
    """Linux charges a forked child with its parent's resident memory: late in a full run pytest weighed 250 MiB and
    every case seemed to use that much. The launcher forks the case from its own few megabytes."""
    ballast = bytearray(300 << 20)
    ballast[::4096] = b"\x01" * len(range(0, len(ballast), 4096))   # resident, not just reserved
    run = Case("harness", "pass", lambda t: [sys.executable, "-c", "pass"]).run(tmp_path)
    assert run.code == 0 and 0 < run.rss_kib < 100_000, run
    del ballast
