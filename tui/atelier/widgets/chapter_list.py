"""The programme as a list on the side of the slides; choosing a chapter jumps to it."""

from rich.text import Text
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option


class ChapterList(OptionList, can_focus=False):
    """Clicked, never focused: the digits and arrows stay the screen's."""

    DEFAULT_CSS = """
    ChapterList { width: 1fr; height: 1fr; border: none; padding: 0; }   /* the side's width, inside its border */
    """

    class Jump(Message):
        def __init__(self, index: int) -> None:
            super().__init__()
            self.index = index

    def load(self, titles: list[str]) -> None:
        self.clear_options()
        self.add_options([Option(Text(f"{i}. {title}"), id=str(i - 1)) for i, title in enumerate(titles, 1)])

    def mark(self, index: int) -> None:
        """Show the current chapter (highlight plus a ▶ in the text: not colour alone)."""
        for i in range(self.option_count):
            option = self.get_option_at_index(i)
            text = str(option.prompt).removeprefix("▶ ")
            self.replace_option_prompt_at_index(i, Text(("▶ " if i == index else "") + text))
        if 0 <= index < self.option_count:
            self.highlighted = index

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.post_message(self.Jump(int(event.option.id)))
