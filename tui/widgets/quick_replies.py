"""QuickReplies: buttons for the choices of the question being asked (oui / non, secteur 1 / 2…)."""

from textual.containers import HorizontalGroup
from textual.message import Message
from textual.widgets import Button

from chatbot.reply import QuickReply


class QuickReplies(HorizontalGroup):
    DEFAULT_CSS = """
    QuickReplies { height: auto; padding: 0 1; }
    QuickReplies Button { width: auto; min-width: 0; margin: 0 1 0 0; }
    """

    class Chosen(Message):
        def __init__(self, text: str) -> None:
            super().__init__()
            self.text = text

    def show(self, replies: tuple[QuickReply, ...]) -> None:
        self.remove_children()
        buttons = []
        for reply in replies[:6]:
            button = Button(reply.label, compact=True)
            button.send = reply.send  # type: ignore[attr-defined]
            buttons.append(button)
        self.mount_all(buttons)
        self.display = bool(buttons)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.post_message(self.Chosen(getattr(event.button, "send", "")))
