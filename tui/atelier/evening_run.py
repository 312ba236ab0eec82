"""One running evening: its content at a date, its saved state, and the chat session that answers the room."""

import datetime as dt
import os
import threading

from common.userfiles import write_problem
from tui.atelier.content import Evening
from tui.atelier.state import EveningState, load_state, save_state
from tui.storage import EPHEMERAL   # set by `amguide serve`: a visitor's session writes nothing to the host's disk


def ephemeral() -> bool:
    return bool(os.environ.get(EPHEMERAL))


class EveningRun:
    """Shared by every atelier screen; `changed()` saves the state whole after each change."""

    def __init__(self, on: dt.date, fresh: bool = False) -> None:
        self.evening = Evening(on)
        saved, self.notice = (None, None) if fresh or ephemeral() else load_state()
        self.resumed = saved is not None
        self.state = saved or EveningState()
        self.state.chapter = max(-1, min(self.state.chapter, len(self.evening.chapters) - 1))
        self._session = None
        self._lock = threading.Lock()
        if fresh:
            self.changed()

    def changed(self) -> str | None:
        """Save; return a French warning when the disk refuses (the evening goes on in memory)."""
        if ephemeral():
            return None
        try:
            save_state(self.state)
        except OSError as exc:
            return f"Soirée non enregistrée ({write_problem(exc)})."
        return None

    def answer(self, question: str):
        """The chat's answer to a question from the room (called from a worker thread)."""
        with self._lock:
            if self._session is None:
                from chatbot.session import Session

                self._session = Session(on=self.evening.on)
            return self._session.handle(question)
