"""TextPrompt: one line typed by the trainer (an expectation, a filter, the room's counts); Escape cancels. With a
`check`, a line it refuses keeps the box open, the text as typed and the reason under it."""

from collections.abc import Callable

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from tui.atelier.state import MAX_TEXT


class TextPrompt(ModalScreen[str | None]):
    DEFAULT_CSS = """
    TextPrompt { align: center middle; }
    TextPrompt > Vertical { width: 90%; max-width: 100; height: auto; border: thick $accent; padding: 1 2;
                            background: $surface; }
    TextPrompt Static { text-style: bold; margin: 0 0 1 0; }
    TextPrompt #prompt-problem { color: $error; margin: 1 0 0 0; display: none; }
    """
    BINDINGS = [Binding("escape", "cancel", "Annuler")]

    def __init__(self, label: str, value: str = "", check: Callable[[str], str | None] | None = None) -> None:
        super().__init__()
        self.label, self.value, self.check = label, value, check

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(self.label, markup=False)
            yield Input(value=self.value, max_length=MAX_TEXT)
            yield Static("", id="prompt-problem", markup=False)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        problem = self.check(event.value) if self.check else None
        if problem:
            shown = self.query_one("#prompt-problem", Static)
            shown.update(problem)
            shown.display = True
            return
        self.dismiss(event.value)

    def action_cancel(self) -> None:
        self.dismiss(None)
