"""QuickReplies: buttons for the choices of the question being asked (oui / non, secteur 1 / 2…), on as many
lines as the width needs, so that no label is ever cut."""

from textual import events
from textual.containers import HorizontalGroup, VerticalGroup
from textual.message import Message
from textual.widgets import Button

from chatbot.reply import QuickReply

GAP = 1  # columns between two buttons


def rows(widths: list[int], room: int) -> list[list[int]]:
    """Indexes of the buttons, cut into lines no wider than `room` (a too-wide button gets a line of its own)."""
    lines: list[list[int]] = [[]]
    used = 0
    for index, width in enumerate(widths):
        if lines[-1] and used + GAP + width > room:
            lines.append([])
            used = 0
        used += (GAP if lines[-1] else 0) + width
        lines[-1].append(index)
    return [line for line in lines if line]


class QuickReplies(VerticalGroup):
    DEFAULT_CSS = """
    QuickReplies { height: auto; padding: 0 1; }
    QuickReplies HorizontalGroup { height: auto; }
    QuickReplies Button { width: auto; min-width: 0; margin: 0 1 0 0; }
    """

    class Chosen(Message):
        def __init__(self, text: str) -> None:
            super().__init__()
            self.text = text

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.replies: tuple[QuickReply, ...] = ()
        self.laid_for = -1

    def show(self, replies: tuple[QuickReply, ...]) -> None:
        if tuple(replies[:6]) == self.replies and self.laid_for >= 0:
            return   # the same choices again (each answer offers its own): no new buttons
        self.replies = tuple(replies[:6])
        self.display = bool(self.replies)
        self._lay_out(force=True)

    def on_resize(self, event: events.Resize) -> None:
        self._lay_out()

    def _room(self) -> int:
        return max(10, (self.size.width or self.app.size.width) - 2)

    def _lay_out(self, force: bool = False) -> None:
        room = self._room()
        if not force and room == self.laid_for:
            return
        self.laid_for = room
        self.remove_children()
        buttons = []
        for reply in self.replies:
            button = Button(reply.label, compact=True)
            button.send = reply.send  # type: ignore[attr-defined]
            buttons.append(button)
        widths = [len(r.label) + 2 for r in self.replies]  # a compact button: its label and one column each side
        self.mount_all([HorizontalGroup(*(buttons[i] for i in line)) for line in rows(widths, room)])

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.post_message(self.Chosen(getattr(event.button, "send", "")))
