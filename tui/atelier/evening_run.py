"""One running evening: its content at a date, its saved state, and the chat session that answers the room."""

import datetime as dt
import os
import threading

from common.userfiles import write_atomic, write_problem
from tui.atelier.content import Evening
from tui.atelier.state import EveningState, load_state, state_path
from tui.storage import EPHEMERAL   # set by `amguide serve`: a visitor's session writes nothing to the host's disk

# A change is written this long after the first change of a burst: the room's hands counted key by key, a chapter
# walked to, are written once (each key wrote the whole evening again: ~34 ms here). A kill loses at most this.
SAVE_AFTER = 0.5


def ephemeral() -> bool:
    return bool(os.environ.get(EPHEMERAL))


class EveningRun:
    """Shared by every atelier screen; `changed()` after each change saves the state whole (see SAVE_AFTER)."""

    def __init__(self, on: dt.date, fresh: bool = False) -> None:
        self.evening = Evening(on)
        saved, self.notice = (None, None) if fresh or ephemeral() else load_state()
        self.resumed = saved is not None
        self.state = saved or EveningState()
        self.state.chapter = max(-1, min(self.state.chapter, len(self.evening.chapters) - 1))
        self._session = None
        self._lock = threading.Lock()
        self._app = None          # the app whose loop writes the changes once SAVE_AFTER has passed (`attach`)
        self._timer = None        # that write, pending
        self._written = saved.to_json() if saved else None   # as last written: a change giving it back writes nothing
        if fresh:
            self.changed()

    def attach(self, app) -> None:
        """Changes are written SAVE_AFTER after the first of a burst, on `app`'s loop, a refusal said as a warning.
        The screen that attaches calls `flush` when it closes, so nothing is lost at a normal exit."""
        self._app = app

    def changed(self) -> str | None:
        """The state changed: written at once without an app, else soon (`attach`). Returns the French warning of
        a write refused by the disk (the evening goes on in memory)."""
        if ephemeral():
            return None
        if self._app is None or not self._app.is_running:
            return self.flush()
        if self._timer is None:
            self._timer = self._app.set_timer(SAVE_AFTER, self._write_soon)
        return None

    def flush(self) -> str | None:
        """Write the state now, whole (never half a file), if it differs from what was last written; the
        French warning when the disk refuses."""
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        if ephemeral():
            return None
        text = self.state.to_json()
        if text == self._written:
            return None
        try:
            write_atomic(state_path(), text)
        except OSError as exc:
            return f"Soirée non enregistrée ({write_problem(exc)})."
        self._written = text
        return None

    def _write_soon(self) -> None:
        self._timer = None
        warning = self.flush()
        if warning and self._app is not None:
            self._app.notify(warning, severity="warning", markup=False)

    def answer(self, question: str):
        """The chat's answer to a question from the room (called from a worker thread)."""
        with self._lock:
            if self._session is None:
                from chatbot.session import Session

                self._session = Session(on=self.evening.on)
            return self._session.handle(question)
