"""The on-disk cache of built data: same answers from a warm cache, rebuilt on any doubt, never an error,
never code run from a file (issue 14)."""

import json
import os
import pickle
import subprocess
import sys

import pytest

from chatbot.matcher import Matcher
from common.built import KEEP, SUFFIX, CacheError, decode, encode, fingerprint, kept
from knowledge import read_dir, shipped_dir
from rules.params import load_dir, shipped_dir as parameters_dir
from tests.conftest import ROOT


@pytest.fixture(autouse=True)
def _own_cache(tmp_path, monkeypatch):
    """These tests look into the cache directory: each its own (conftest shares one between the others)."""
    monkeypatch.setenv("AMGUIDE_CACHE_DIR", str(tmp_path / "cache"))


def counting_builder(name: str):
    calls = []

    def build():
        calls.append(1)
        return {"built": len(calls)}

    return kept(name)(build), calls


def test_second_process_reads_what_the_first_built(tmp_path):
    first, calls = counting_builder("essai")
    assert first() == {"built": 1} and first() == {"built": 1} and len(calls) == 1   # memoised in process
    files = list((tmp_path / "cache").glob(f"essai-*{SUFFIX}"))
    assert len(files) == 1
    again, calls_again = counting_builder("essai")                                    # a new process, in effect
    assert again() == {"built": 1} and calls_again == []


def test_a_corrupt_cache_file_is_rebuilt_and_replaced(tmp_path):
    first, _ = counting_builder("essai")
    first()
    [path] = (tmp_path / "cache").glob(f"essai-*{SUFFIX}")
    path.write_bytes(path.read_bytes()[:10])
    again, calls = counting_builder("essai")
    assert again() == {"built": 1} and calls == [1]
    assert decode(path.read_bytes(), "essai", path.stem.split("-")[1]) == {"built": 1}


def test_only_the_newest_cache_files_are_kept(tmp_path):
    directory = tmp_path / "cache"
    directory.mkdir()
    directory.chmod(0o700)
    stale = [directory / f"essai-{n:06d}{SUFFIX}" for n in range(KEEP + 1)]
    for age, path in enumerate(stale):
        path.write_bytes(encode({"built": "ancien"}, "essai", f"{age:06d}"))
        os.utime(path, ns=(10**18 - age * 10**9, 10**18 - age * 10**9))   # stale[0] the newest
    value, _ = counting_builder("essai")
    assert value() == {"built": 1}
    kept_files = set(directory.glob(f"essai-*{SUFFIX}"))
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
    kb2, params2, matcher2 = (decode(encode(value, "essai", "x"), "essai", "x") for value in (kb, params, matcher))
    assert kb2 == kb and params2 == params and vars(matcher2) == vars(matcher)
    question = "combien d'heures de formation pour une aide-soignante ?"
    assert matcher2.rank(question) == matcher.rank(question)


def test_ask_gives_the_same_answer_from_a_cold_and_a_warm_cache(tmp_path):
    env = {**os.environ, "AMGUIDE_CACHE_DIR": str(tmp_path / "cache")}
    command = [sys.executable, "-m", "tui.cli", "ask", "--json", "--date", "2026-11-24", "montant de l'aide à mi-temps"]
    cold = subprocess.run(command, capture_output=True, text=True, cwd=ROOT, env=env)
    names = sorted(p.name.split("-")[0] for p in (tmp_path / "cache").glob(f"*{SUFFIX}"))
    warm = subprocess.run(command, capture_output=True, text=True, cwd=ROOT, env=env)
    assert cold.returncode == warm.returncode == 0, cold.stderr + warm.stderr
    # the three built values, shipped files read into the cache (« file-budget-… », specialties, vectors), the
    # vectors widened (doubles) and the command's compiled patterns (regexes)
    assert {"knowledge", "matcher", "parameters"} <= set(names) <= {"knowledge", "matcher", "parameters", "file",
                                                                    "specialties", "vectors", "doubles", "regexes"}
    assert json.loads(cold.stdout) == json.loads(warm.stdout)


class Planted:
    """Unpickled, it would create a marker file."""

    def __init__(self, marker):
        self.marker = marker

    def __reduce__(self):
        return (os.system, (f"touch {self.marker}",))


def warm_cache(tmp_path):
    env = {**os.environ, "AMGUIDE_CACHE_DIR": str(tmp_path / "cache")}
    command = [sys.executable, "-m", "tui.cli", "ask", "--json", "--date", "2026-11-24", "montant de l'aide à mi-temps"]
    first = subprocess.run(command, capture_output=True, text=True, cwd=ROOT, env=env)
    assert first.returncode == 0, first.stderr
    return command, env, json.loads(first.stdout)


@pytest.mark.parametrize("mode", [0o700, 0o777])
def test_a_planted_pickle_is_never_run(tmp_path, mode):
    """Every cache file replaced by a pickle that runs a command, under the current and the legacy names."""
    command, env, answer = warm_cache(tmp_path)
    cache = tmp_path / "cache"
    cache.chmod(mode)
    marker = tmp_path / "pwned"
    payload = pickle.dumps(Planted(str(marker)))
    for path in list(cache.iterdir()):
        path.write_bytes(payload)
        path.with_suffix(".pickle").write_bytes(payload)
    again = subprocess.run(command, capture_output=True, text=True, cwd=ROOT, env=env)
    assert again.returncode == 0, again.stderr
    assert json.loads(again.stdout) == answer
    assert not marker.exists()
    if mode & 0o022:
        assert "n'est pas réservé à votre compte" in again.stderr


def test_a_cache_directory_others_can_write_is_not_read_nor_written(tmp_path, capsys):
    directory = tmp_path / "cache"
    directory.mkdir()
    directory.chmod(0o777)
    value, calls = counting_builder("essai")
    assert value() == {"built": 1} and calls == [1]
    assert not list(directory.iterdir())
    assert "n'est pas réservé à votre compte" in capsys.readouterr().err


def test_a_cache_file_readable_by_others_is_rebuilt(tmp_path):
    first, _ = counting_builder("essai")
    first()
    [path] = (tmp_path / "cache").glob(f"essai-*{SUFFIX}")
    path.chmod(0o644)
    again, calls = counting_builder("essai")
    assert again() == {"built": 1} and calls == [1]
    assert path.stat().st_mode & 0o777 == 0o600


def test_cache_directories_are_private_whatever_the_umask(tmp_path):
    env = {**os.environ, "AMGUIDE_CACHE_DIR": str(tmp_path / "fresh" / "cache")}
    subprocess.run([sys.executable, "-c", "import os; os.umask(0); from tui.cli import main; main(['ask', 'bonjour'])"],
                   cwd=ROOT, env=env, capture_output=True, check=True)
    for directory in (tmp_path / "fresh", tmp_path / "fresh" / "cache"):
        assert directory.stat().st_mode & 0o777 == 0o700
    assert all(p.stat().st_mode & 0o777 == 0o600 for p in (tmp_path / "fresh" / "cache").iterdir())


def test_a_value_of_the_wrong_type_or_version_is_rebuilt(tmp_path):
    from common.built import engine_fingerprint
    from rules import params

    params.shipped.cache_clear()
    try:
        real = params.shipped()
        [path] = (tmp_path / "cache").glob(f"parameters-*{SUFFIX}")
        for wrong in (encode(None, "parameters", engine_fingerprint()), encode([1, 2], "parameters", engine_fingerprint()),
                      encode(real, "parameters", "autre-version"), encode(real, "matcher", engine_fingerprint()),
                      b"AMGUIDE-BUILT\n\xff\xff\xff\xff\xff\xff\xff\xff", b"", b"\x80\x05N."):
            path.write_bytes(wrong)
            path.chmod(0o600)
            params.shipped.cache_clear()
            assert params.shipped() == real
            assert decode(path.read_bytes(), "parameters", engine_fingerprint()) == real   # rewritten
    finally:
        params.shipped.cache_clear()


def test_a_file_names_only_classes_the_engine_has_imported():
    fake = encode({"built": 1}, "essai", "x").replace(b'{"built":1}', b'{"$o":["os:system",{"dict":{}}]}')
    with pytest.raises(CacheError):
        decode(fake, "essai", "x")
    fake = encode({"built": 1}, "essai", "x").replace(b'{"built":1}', b'{"$o":["tests.nope:X",{"dict":{}}]}')
    with pytest.raises(CacheError):
        decode(fake, "essai", "x")


def test_a_fifo_or_a_huge_cache_file_is_skipped_at_once(tmp_path):
    first, _ = counting_builder("essai")
    first()
    [path] = (tmp_path / "cache").glob(f"essai-*{SUFFIX}")
    path.unlink()
    os.mkfifo(path, 0o600)
    again, calls = counting_builder("essai")
    assert again() == {"built": 1} and calls == [1]           # did not block on the FIFO
    path.unlink(missing_ok=True)
    with open(path, "wb") as stream:
        stream.truncate(2 << 30)                                 # sparse: 2 GiB, nothing on disk
    path.chmod(0o600)
    again, calls = counting_builder("essai")
    assert again() == {"built": 1} and calls == [1]


def test_float32_matrices_round_trip_without_pickle():
    numpy = pytest.importorskip("numpy")
    vectors = numpy.arange(12, dtype=numpy.float32).reshape(3, 4) / 7
    data = encode({"vectors": memoryview(vectors), "ids": ("a", "b", "c")}, "essai", "x")
    assert b"numpy" not in data.split(b"\n", 1)[1][:200]
    back = decode(data, "essai", "x")
    assert back["ids"] == ("a", "b", "c") and type(back["vectors"]) is memoryview and back["vectors"].readonly
    assert (back["vectors"].format, back["vectors"].shape) == ("f", (3, 4))
    assert numpy.array_equal(numpy.asarray(back["vectors"]), vectors) and not numpy.asarray(back["vectors"]).flags.writeable
    with pytest.raises(CacheError):
        encode({"vectors": memoryview(vectors[:, ::2])}, "essai", "x")   # not contiguous: refused, not stored wrong
    with pytest.raises(CacheError):
        decode(data[:-5], "essai", "x")                         # truncated arrays
