"""Where amguide keeps the user's files (history, exports, built-data cache), written whole or not at all."""

import os
import tempfile
from pathlib import Path


def data_dir() -> Path:
    """AMGUIDE_DATA_DIR if set (tests, portable use), else the platform's user data directory."""
    return _user_dir("AMGUIDE_DATA_DIR", "user_data_dir")


def cache_dir() -> Path:
    """AMGUIDE_CACHE_DIR if set, else the platform's user cache directory (safe to delete at any time)."""
    return _user_dir("AMGUIDE_CACHE_DIR", "user_cache_dir")


def _user_dir(variable: str, kind: str) -> Path:
    override = os.environ.get(variable)
    if override:
        return Path(override)
    import platformdirs

    return Path(getattr(platformdirs, kind)("amguide", appauthor=False))


def write_atomic(path: Path, content: str | bytes) -> Path:
    """Write `content` to a temporary file beside `path`, then rename it over `path` (never half a file)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(content.encode("utf-8") if isinstance(content, str) else content)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return path
