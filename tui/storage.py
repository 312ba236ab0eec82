"""The user's input history, in their data directory; written whole or not at all."""

import json

from common.userfiles import data_dir, write_atomic


def load_history(limit: int = 200) -> list[str]:
    try:
        items = json.loads((data_dir() / "history.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    return [str(i) for i in items if isinstance(i, str)][-limit:] if isinstance(items, list) else []


def save_history(items: list[str], limit: int = 200) -> None:
    write_atomic(data_dir() / "history.json", json.dumps(items[-limit:], ensure_ascii=False))
