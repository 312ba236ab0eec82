"""UserMessage: what the doctor typed, always shown literally (never read as markup or Markdown)."""

from textual.content import Content
from textual.widgets import Static

SHOWN_CHARS = 2000


class UserMessage(Static):
    DEFAULT_CSS = """
    UserMessage { margin: 1 0 0 4; padding: 0 1; background: $primary 20%; border-left: thick $primary; }
    """

    def __init__(self, text: str) -> None:
        shown = text if len(text) <= SHOWN_CHARS else text[:SHOWN_CHARS] + f" … ({len(text)} caractères, tronqué)"
        super().__init__(Content(shown), markup=False)
        self.text = text
