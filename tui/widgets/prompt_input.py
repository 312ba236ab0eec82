"""PromptInput: the question box, with history (↑ ↓) kept in the user's data directory."""

from textual.binding import Binding
from textual.widgets import Input

from tui import storage


class PromptInput(Input):
    BINDINGS = [Binding("up", "older", "Historique", show=False), Binding("down", "newer", show=False)]

    def __init__(self, **kwargs) -> None:
        super().__init__(placeholder="Posez votre question… (F1 : aide)", **kwargs)
        self.history: list[str] = storage.load_history()
        self.position = len(self.history)

    def remember(self, text: str) -> None:
        if text and (not self.history or self.history[-1] != text):
            self.history.append(text)
            try:
                storage.save_history(self.history)
            except OSError:
                self.notify("Historique non enregistré (dossier inaccessible).", severity="warning", markup=False)
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
