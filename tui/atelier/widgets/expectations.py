"""The room's expectations on a side list; Enter ticks one as answered ([x], not colour alone)."""

from rich.text import Text
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option


class ExpectationList(OptionList, can_focus=False):
    """Focusable only while the trainer ticks (E), so the slides keep their keys the rest of the time."""

    DEFAULT_CSS = """
    ExpectationList { width: 30; height: auto; max-height: 12; border: none; padding: 0; }
    """

    _shown: list[str] | None = None   # the lines shown

    class Toggled(Message):
        def __init__(self, index: int) -> None:
            super().__init__()
            self.index = index

    def show(self, items: list, empty: str) -> None:
        lines = [f"[{'x' if e.done else ' '}] {e.text}" for e in items]
        if lines == self._shown:   # the screen shows its state again after every change: 200 lines laid out again
            return
        self._shown = lines
        highlighted = self.highlighted
        self.clear_options()
        if not items:
            self.add_option(Option(Text(empty), disabled=True))
            return
        self.add_options([Option(Text(line), id=str(i)) for i, line in enumerate(lines)])
        if highlighted is not None and highlighted < len(items):
            self.highlighted = highlighted

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.post_message(self.Toggled(int(event.option.id)))
