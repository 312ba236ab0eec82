"""Built data kept between runs, so that a one-shot command (`amguide ask`) starts fast.

Loading the knowledge base and the parameters from YAML and building the matcher's index takes
~0.1 s; reading them back from a pickle takes ~4 ms. A cache file is named by a fingerprint of
every source and data file of the engine, so any edit rebuilds it. The cache is the user's own
directory (like pip's or mypy's); a file that cannot be read is rebuilt, one that cannot be
written is skipped: the cache never changes an answer and never causes an error.
"""

import functools
import hashlib
import pickle
import sys
from collections.abc import Callable
from importlib import resources
from pathlib import Path
from typing import TypeVar

import pydantic

from common.userfiles import cache_dir, write_atomic

ENGINE_PACKAGES = ("common", "knowledge", "rules", "chatbot")
KEEP = 3   # newest files kept per name: two installs sharing a cache directory do not evict each other
T = TypeVar("T")


def fingerprint(roots: list[Path]) -> str:
    """A digest of the Python and pydantic versions (pickles depend on them) and of every .py and .yaml
    file under `roots`."""
    digest = hashlib.blake2b(f"{sys.version} {pydantic.VERSION}".encode(), digest_size=12)
    for root in roots:
        for path in sorted(p for p in root.rglob("*") if p.suffix in (".py", ".yaml")):
            digest.update(str(path.relative_to(root)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


@functools.cache
def engine_fingerprint() -> str:
    return fingerprint([Path(str(resources.files(package))) for package in ENGINE_PACKAGES])


def kept(name: str) -> Callable[[Callable[[], T]], Callable[[], T]]:
    """Decorate a builder without arguments: its value is memoised in the process and pickled on disk."""

    def decorate(build: Callable[[], T]) -> Callable[[], T]:
        @functools.cache
        @functools.wraps(build)
        def load() -> T:
            path = cache_dir() / f"{name}-{engine_fingerprint()}.pickle"
            try:
                return pickle.loads(path.read_bytes())
            except Exception:  # absent, truncated or unreadable in any way: build it again
                pass
            value = build()
            try:
                write_atomic(path, pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
                _prune(path.parent, name)
            except Exception:  # a full disk, a read-only home: run without the cache
                pass
            return value

        return load

    return decorate


def _prune(directory: Path, name: str) -> None:
    """Remove all but the KEEP newest cache files of `name` (older versions of the engine)."""
    files = sorted(directory.glob(f"{name}-*.pickle"), key=lambda p: p.stat().st_mtime_ns, reverse=True)
    for old in files[KEEP:]:
        old.unlink(missing_ok=True)
