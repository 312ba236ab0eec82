"""The on-disk cache of built data: same answers from a warm cache, rebuilt on any doubt, never an error."""

import json
import os
import pickle
import subprocess
import sys

import pytest

from chatbot.matcher import Matcher
from common.built import KEEP, fingerprint, kept
from knowledge import read_dir, shipped_dir
from rules.params import load_dir, shipped_dir as parameters_dir
from tests.conftest import ROOT


def counting_builder(name: str):
    calls = []

    def build():
        calls.append(1)
        return {"built": len(calls)}

    return kept(name)(build), calls


def test_second_process_reads_what_the_first_built(tmp_path):
    first, calls = counting_builder("essai")
    assert first() == {"built": 1} and first() == {"built": 1} and len(calls) == 1   # memoised in process
    files = list((tmp_path / "cache").glob("essai-*.pickle"))
    assert len(files) == 1
    again, calls_again = counting_builder("essai")                                    # a new process, in effect
    assert again() == {"built": 1} and calls_again == []


def test_a_corrupt_cache_file_is_rebuilt_and_replaced(tmp_path):
    first, _ = counting_builder("essai")
    first()
    [path] = (tmp_path / "cache").glob("essai-*.pickle")
    path.write_bytes(path.read_bytes()[:10])
    again, calls = counting_builder("essai")
    assert again() == {"built": 1} and calls == [1]
    assert pickle.loads(path.read_bytes()) == {"built": 1}


def test_only_the_newest_cache_files_are_kept(tmp_path):
    directory = tmp_path / "cache"
    directory.mkdir()
    stale = [directory / f"essai-{n:06d}.pickle" for n in range(KEEP + 1)]
    for age, path in enumerate(stale):
        path.write_bytes(pickle.dumps({"built": "ancien"}))
        os.utime(path, ns=(10**18 - age * 10**9, 10**18 - age * 10**9))   # stale[0] the newest
    value, _ = counting_builder("essai")
    assert value() == {"built": 1}
    kept_files = set(directory.glob("essai-*.pickle"))
    assert len(kept_files) == KEEP and set(stale[: KEEP - 1]) < kept_files


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root writes anywhere")
def test_an_unwritable_cache_directory_is_not_an_error(tmp_path):
    (tmp_path / "cache").mkdir()
    (tmp_path / "cache").chmod(0o500)
    try:
        value, _ = counting_builder("essai")
        assert value() == {"built": 1}
    finally:
        (tmp_path / "cache").chmod(0o700)


def test_a_cache_path_that_is_a_file_is_not_an_error(tmp_path):
    (tmp_path / "cache").write_text("pas un dossier")
    value, _ = counting_builder("essai")
    assert value() == {"built": 1}


def test_fingerprint_changes_with_any_source_or_data_file(tmp_path):
    (tmp_path / "data.yaml").write_text("a: 1\n")
    (tmp_path / "code.py").write_text("x = 1\n")
    (tmp_path / "notes.txt").write_text("ignoré")
    before = fingerprint([tmp_path])
    (tmp_path / "notes.txt").write_text("toujours ignoré")
    assert fingerprint([tmp_path]) == before
    (tmp_path / "data.yaml").write_text("a: 2\n")
    edited = fingerprint([tmp_path])
    assert edited != before
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "more.yaml").write_text("b: 1\n")
    assert fingerprint([tmp_path]) not in (before, edited)


def test_shipped_data_survives_the_round_trip():
    kb, errors = read_dir(shipped_dir())
    assert not errors
    params = load_dir(parameters_dir())
    matcher = Matcher(kb)
    kb2, params2, matcher2 = pickle.loads(pickle.dumps((kb, params, matcher), protocol=pickle.HIGHEST_PROTOCOL))
    assert kb2 == kb and params2 == params
    question = "combien d'heures de formation pour une aide-soignante ?"
    assert matcher2.rank(question) == matcher.rank(question)


def test_ask_gives_the_same_answer_from_a_cold_and_a_warm_cache(tmp_path):
    env = {**os.environ, "AMGUIDE_CACHE_DIR": str(tmp_path / "cache")}
    command = [sys.executable, "-m", "tui.cli", "ask", "--json", "--date", "2026-11-24", "montant de l'aide à mi-temps"]
    cold = subprocess.run(command, capture_output=True, text=True, cwd=ROOT, env=env)
    names = sorted(p.name.split("-")[0] for p in (tmp_path / "cache").glob("*.pickle"))
    warm = subprocess.run(command, capture_output=True, text=True, cwd=ROOT, env=env)
    assert cold.returncode == warm.returncode == 0, cold.stderr + warm.stderr
    assert names == ["knowledge", "matcher", "parameters"]
    assert json.loads(cold.stdout) == json.loads(warm.stdout)
