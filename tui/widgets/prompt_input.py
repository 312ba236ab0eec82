"""PromptInput: the question box, bounded in length, with history (↑ ↓) kept in the user's data directory."""

from textual import events
from textual.binding import Binding
from textual.message import Message
from textual.message_pump import MessagePumpClosed
from textual.widgets import Input

from common.text import bounded, number
from common.userfiles import write_problem
from tui import storage

MAX_LENGTH = storage.MAX_ENTRY   # a question longer than this is a paste gone wrong


class PromptInput(Input):
    BINDINGS = [Binding("up", "older", "Historique", show=False), Binding("down", "newer", show=False)]
    MAX_LENGTH = MAX_LENGTH

    class Typed(Message):
        """Printable keys the app took from its queue together (AmguideApp.on_event), to insert at once."""

        def __init__(self, text: str) -> None:
            super().__init__()
            self.text = text

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("max_length", MAX_LENGTH)
        super().__init__(placeholder="Posez votre question… (F1 : aide)", **kwargs)
        self.history, self.notice = storage.load_history()
        self.cut_said = False
        self.position = len(self.history)

    def watch__suggestion(self, suggestion: str) -> None:
        """A grey completion on screen says how to take it: Enter sends only what was typed."""
        from tui.suggestions import HINT

        self.border_subtitle = HINT if len(suggestion) > len(self.value) else ""

    def on_mount(self) -> None:
        if self.notice:
            self.notify(self.notice, severity="warning", markup=False)
            self.notice = None

    async def _on_key(self, event: events.Key) -> None:
        """Enter is handled here, in the order of the keys, not as a binding: a binding runs once the key
        has bubbled up to the app, after the keys that followed it in a burst were already typed in
        (« alpha⏎beta⏎ » became « alphabeta »)."""
        if event.key == "enter":
            event.stop()
            event.prevent_default()
            await self.action_submit()
            return
        if event.is_printable:
            event.stop()
            event.prevent_default()
            self._type(await self._burst(event.character or ""))
            return
        await super()._on_key(event)

    def _on_paste(self, event: events.Paste) -> None:
        """A paste (a terminal's bracketed paste, a browser's) is typed like keys, its lines joined by a space: Input
        dropped a paste longer than the box's maximum whole, without a word, and kept only its first line."""
        event.stop()
        event.prevent_default()   # Input's own handler would insert the first line again
        self._type(" ".join(event.text.split()))

    def on_prompt_input_typed(self, message: Typed) -> None:
        message.stop()
        self._type(message.text)

    async def _burst(self, first: str) -> str:
        """`first` and the printable keys queued right after it (a paste arriving as keystrokes), taken
        together: the value changes once per burst, not once per key (100 000 keys took minutes)."""
        chars = [first]
        # Only this input's own queue: the app's loop may be awaiting its queue at this very moment, and a
        # key taken from under it crashed the app (« pop from an empty deque », a question sent right after
        # a paste). Keys still at the app reach this queue one by one and are taken in the next burst.
        try:
            while len(chars) <= MAX_LENGTH:
                pending = self._peek_message()
                if not (isinstance(pending, events.Key) and pending.is_printable and pending.key != "enter"):
                    break
                chars.append((await self._get_message()).character or "")
        except MessagePumpClosed:
            pass
        return "".join(chars)

    def _type(self, text: str) -> None:
        """Insert `text` at the cursor; past MAX_LENGTH the middle is cut (« […] »), the beginning and the end kept:
        a question typed or pasted after a long paste still counts (said once)."""
        start, end = sorted(self.selection)
        value = self.value[:start] + text + self.value[end:]
        if len(value) <= MAX_LENGTH:
            if text:
                self.replace(text, start, end)
            return
        at_end = end == len(self.value)
        self.value = bounded(value, MAX_LENGTH)
        self.cursor_position = len(self.value) if at_end else min(start + len(text), len(self.value))
        if not self.cut_said:
            self.cut_said = True
            self.notify(f"Question limitée à {number(MAX_LENGTH)} caractères : le milieu du texte est remplacé par "
                        "« […] », le début et la fin (votre question) sont gardés.",
                        severity="warning", markup=False)

    async def action_submit(self) -> None:
        """Clear the box here, before the next key of a burst (a paste, fast typing) is handled: every
        Enter gives its own question, and no key typed after it is lost or merged into it."""
        value, self.value = self.value, ""
        self.cut_said = False
        self.post_message(self.Submitted(self, value, None))

    def remember(self, text: str) -> None:
        try:
            self.history, notice = storage.append_history(text)
        except OSError as exc:
            if text and (not self.history or self.history[-1] != text):
                self.history.append(text)
            notice = f"Historique non enregistré : {write_problem(exc)}."
        if notice:
            self.notify(notice, severity="warning", markup=False)
        self.position = len(self.history)

    def action_older(self) -> None:
        if self.history and self.position > 0:
            self.position -= 1
            self.value = self.history[self.position]
            self.cursor_position = len(self.value)

    def action_newer(self) -> None:
        if self.position < len(self.history) - 1:
            self.position += 1
            self.value = self.history[self.position]
        else:
            self.position, self.value = len(self.history), ""
        self.cursor_position = len(self.value)
