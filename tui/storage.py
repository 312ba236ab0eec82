"""The user's own data (input history, exports), in their data directory; written whole or not at all."""

import json
import os
import tempfile
from pathlib import Path


def data_dir() -> Path:
    """AMGUIDE_DATA_DIR if set (tests, portable use), else the platform's user data directory."""
    override = os.environ.get("AMGUIDE_DATA_DIR")
    if override:
        return Path(override)
    from platformdirs import user_data_dir

    return Path(user_data_dir("amguide", appauthor=False))


def write_atomic(path: Path, text: str) -> Path:
    """Write `text` to a temporary file beside `path`, then rename it over `path` (never half a file)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(text)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return path


def load_history(limit: int = 200) -> list[str]:
    try:
        items = json.loads((data_dir() / "history.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    return [str(i) for i in items if isinstance(i, str)][-limit:] if isinstance(items, list) else []


def save_history(items: list[str], limit: int = 200) -> None:
    write_atomic(data_dir() / "history.json", json.dumps(items[-limit:], ensure_ascii=False))
