"""Shared test fixtures: paths, the development sets next to the repo, isolation of user files."""

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def _shared_cache(tmp_path_factory):
    return tmp_path_factory.mktemp("cache")


@pytest.fixture(autouse=True)
def _isolated_user_data(tmp_path, monkeypatch, _shared_cache):
    """Never touch the real user's data or cache directories (history, exports, built data). The built-data
    cache is shared by the session's tests (embedding the phrasings takes seconds); tests of the cache
    itself set their own."""
    monkeypatch.setenv("AMGUIDE_DATA_DIR", str(tmp_path / "userdata"))
    monkeypatch.setenv("AMGUIDE_CACHE_DIR", str(_shared_cache))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))


def shared_file(name: str) -> Path:
    path = SHARED / name
    if not path.exists():
        pytest.skip(f"{path} absent (the development sets live beside the repository)")
    return path


@pytest.fixture(autouse=True)
def _collector_unfrozen():
    """The chat freezes what it has loaded once its engine is up (gc.freeze: its process's collector stops walking
    it): many apps run in this one process, so each test gives the frozen objects back to the collector."""
    yield
    import gc

    gc.unfreeze()
