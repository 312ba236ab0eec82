"""TextPrompt: one line typed by the trainer (an expectation, a filter, the room's counts); Escape cancels."""

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
    """
    BINDINGS = [Binding("escape", "cancel", "Annuler")]

    def __init__(self, label: str, value: str = "") -> None:
        super().__init__()
        self.label, self.value = label, value

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(self.label, markup=False)
            yield Input(value=self.value, max_length=MAX_TEXT)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.dismiss(event.value)

    def action_cancel(self) -> None:
        self.dismiss(None)
