"""The conversation so far, kept in the user's data directory while the chat runs, so that a crash loses nothing:
the next chat adopts what a crashed one said and puts it first in its export (F3). One file per running chat
(`conversations/PID.json`, written whole after each answer, removed at a normal exit); a file whose process is
gone was left by a crash."""

import datetime as dt
import json
import os
import threading
from pathlib import Path

from common.text import day
from common.userfiles import (UnreadableFile, clean_stale, data_dir, make_private_dir, read_text, set_aside,
                              write_atomic)

MAX_BYTES = 4 << 20   # one conversation's journal; a bigger file is not ours
MAX_EARLIER = 10      # conversations cut short, most recent kept


def folder() -> Path:
    return data_dir() / "conversations"


class Journal:
    """This chat's journal. `earlier`: conversations cut short by a crash, oldest first, each
    {"started": ISO time, "markdown": what was said}; they lead the next export."""

    def __init__(self) -> None:
        self.path = folder() / f"{os.getpid()}.json"
        self.started = dt.datetime.now()
        self.earlier: list[dict] = []
        self._adopted: list[Path] = []
        self._lock = threading.Lock()
        self._written = 0        # the last record written (a late writer never overwrites a newer one)

    def adopt(self) -> str | None:
        """Take in the journals of chats that crashed; a French notice saying what was found, else None."""
        if os.name != "posix":   # no way here to tell a crashed chat from a running one
            return None
        try:
            names = os.listdir(folder())
        except OSError:
            return None
        clean_stale(folder())
        found = []
        for name in names:
            pid = name.removesuffix(".json")
            if not (name.endswith(".json") and pid.isdigit()) or _running(int(pid)):
                continue
            path = folder() / name
            try:
                raw = json.loads(read_text(path, MAX_BYTES))
                parts = [*raw.get("earlier", []), {"started": raw["started"], "markdown": raw["markdown"]}]
                found += [{"started": str(p["started"]), "markdown": str(p["markdown"])} for p in parts
                          if str(p.get("markdown", "")).strip()]
            except (UnreadableFile, ValueError, TypeError, KeyError, AttributeError, RecursionError):
                set_aside(path)   # damaged: kept aside (NAME.broken-…), never adopted again nor lost
                continue
            self._adopted.append(path)
        unique = {(p["started"], p["markdown"]): p for p in found}   # a journal adopted twice (a crash mid-way)
        self.earlier = sorted(unique.values(), key=lambda p: p["started"])[-MAX_EARLIER:]
        if not self.earlier:
            self._remove_adopted()
            return None
        return (f"La conversation précédente s'est interrompue ({when(self.earlier[-1]['started'])}) : ce qui a été "
                "dit sera en tête de votre prochain export (F3).")

    def record(self, number: int, markdown: str) -> str | None:
        """Write record `number` (the current conversation as Markdown) whole; called from a worker thread,
        in any order. Returns a French warning if the disk refused it."""
        with self._lock:
            if number < self._written:
                return None
            self._written = number
            try:
                if markdown.strip() or self.earlier:
                    make_private_dir(folder())
                    write_atomic(self.path, json.dumps({"started": self.started.isoformat(timespec="seconds"),
                                                        "earlier": self.earlier, "markdown": markdown},
                                                       ensure_ascii=False))
                else:
                    self.path.unlink(missing_ok=True)
            except OSError:
                return "La conversation n'est pas enregistrée au fil de l'eau (disque) : exportez-la (F3) avant de quitter."
            self._remove_adopted()   # now in this journal
            return None

    def clear(self) -> None:
        """A new conversation: what came before (a crashed one included) is no longer exported."""
        self.started, self.earlier = dt.datetime.now(), []

    def close(self) -> None:
        """A normal exit: nothing to keep for the next chat."""
        with self._lock:
            self._written = 1 << 62
            self.path.unlink(missing_ok=True)

    def _remove_adopted(self) -> None:
        for path in self._adopted:
            if path != self.path:   # a crashed chat's number given again to this one: its file is now ours
                path.unlink(missing_ok=True)
        self._adopted = []


def when(started: str) -> str:
    """« commencée le 24 novembre 2026 à 19:40 »."""
    try:
        moment = dt.datetime.fromisoformat(started)
    except ValueError:
        return "commencée à une date inconnue"
    return f"commencée le {day(moment.date())} à {moment:%H:%M}"


def _running(pid: int) -> bool:
    if pid == os.getpid():
        return False    # a crashed chat's number given again to this one
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (OSError, OverflowError):
        return True     # someone else's, or not a process number we can ask about
    return True
