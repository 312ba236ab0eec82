"""The user's input history, in their data directory: merged under a lock (two chats on one folder lose
nothing), written whole or not at all, bounded when read, and a damaged file kept aside, never lost."""

import contextlib
import json
import os
from collections.abc import Iterator
from pathlib import Path

from common.userfiles import (UnreadableFile, clean_stale, data_dir, make_private_dir, read_bytes, set_aside,
                              write_atomic)

LIMIT = 200              # entries kept
MAX_ENTRY = 2000         # characters per entry (the input is bounded the same way)
MAX_BYTES = 4 << 20      # a history file bigger than this is not ours


def history_path() -> Path:
    return data_dir() / "history.json"


# `amguide serve`: a visitor's history lives in its own process only (neither the host's shown nor theirs saved).
EPHEMERAL = "AMGUIDE_EPHEMERAL"
_session: list[str] = []


def load_history() -> tuple[list[str], str | None]:
    """The saved entries, oldest first, and a French notice if a damaged file had to be set aside."""
    if os.environ.get(EPHEMERAL):
        return list(_session), None
    clean_stale(data_dir())
    with _locked():
        return _read()


def append_history(text: str) -> tuple[list[str], str | None]:
    """Add `text` to the saved history as it is on disk now (another chat may have added to it), under
    a lock; return the merged entries and a notice as load_history does. Raises OSError if not saved."""
    if os.environ.get(EPHEMERAL):
        if text and (not _session or _session[-1] != text[:MAX_ENTRY]):
            _session[:] = [*_session, text[:MAX_ENTRY]][-LIMIT:]
        return list(_session), None
    with _locked():
        items, notice = _read()
        entry = text[:MAX_ENTRY]
        if entry and (not items or items[-1] != entry):
            items = [*items, entry][-LIMIT:]
            write_atomic(history_path(), json.dumps(items, ensure_ascii=False))
        return items, notice


def _read() -> tuple[list[str], str | None]:
    path = history_path()
    try:
        data = read_bytes(path, MAX_BYTES)
    except UnreadableFile:
        if not path.exists() and not path.is_symlink():
            return [], None
        return [], _set_aside(path)
    try:
        items = json.loads(data.decode("utf-8"))
    except (ValueError, RecursionError):
        items = None
    if not isinstance(items, list):
        return [], _set_aside(path)
    return [i[:MAX_ENTRY] for i in items if isinstance(i, str) and i][-LIMIT:], None


def _set_aside(path: Path) -> str:
    aside = set_aside(path)
    if aside is None:
        return f"Historique illisible ({path}) : il n'est pas utilisé."
    return f"Historique abîmé mis de côté dans {aside} ; un nouvel historique commence."


@contextlib.contextmanager
def _locked() -> Iterator[None]:
    """An exclusive lock on history.json.lock for a read-modify-write (no lock where fcntl is missing)."""
    try:
        import fcntl
    except ImportError:
        yield
        return
    try:
        make_private_dir(data_dir())
        descriptor = os.open(data_dir() / "history.json.lock", os.O_RDWR | os.O_CREAT | getattr(os, "O_CLOEXEC", 0), 0o600)
    except OSError:
        yield
        return
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX)
        yield
    finally:
        os.close(descriptor)
