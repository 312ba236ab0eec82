"""BotMessage: an answer rendered as Markdown, its tables laid out to fit the chat column (TextTable), with its
sources (openable links) and follow-up questions."""

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Button, Markdown

from chatbot.reply import Reply
from common.text import source_label
from tui.widgets.text_table import markdown_with_tables


class BotMessage(Vertical, can_focus=True):
    DEFAULT_CSS = """
    BotMessage { height: auto; margin: 1 2 0 0; padding: 0 1; border-left: thick $accent; }
    BotMessage:focus { background: $accent 10%; }
    BotMessage > Markdown { margin: 0; padding: 0; }
    /* a heading: one blank line above and below (Textual's two above, none below when it opens the answer) */
    BotMessage > Markdown > MarkdownHeader { margin: 1 0; }
    BotMessage > Markdown:first-child > MarkdownHeader:first-child { margin: 0 0 1 0; }
    /* the answer's last block keeps no margin below it: no blank line inside the border */
    BotMessage > Markdown:last-child > *:last-child, BotMessage > TextTable:last-child { margin-bottom: 0; }
    BotMessage .sources { color: $text-muted; }
    BotMessage .follow-ups { height: auto; }
    BotMessage .follow-ups Button { width: auto; max-width: 100%; min-width: 0; height: auto; border: none; margin: 0 1 0 0;
                                    padding: 0 1; text-align: left; }   /* a long question wraps, never cut */
    """

    class FollowUp(Message):
        """A follow-up question was chosen under an answer."""

        def __init__(self, question: str) -> None:
            super().__init__()
            self.question = question

    def __init__(self, reply: Reply) -> None:
        super().__init__()
        self.reply = reply

    def compose(self) -> ComposeResult:
        yield from markdown_with_tables(self.reply.text)
        if self.reply.sources:
            lines = [f"- [{source_label(s)}]({s['url']})" if s["url"] else f"- {source_label(s)}"
                     for s in self.reply.sources]
            yield Markdown("Sources :\n\n" + "\n".join(lines), classes="sources", open_links=True)
        if self.reply.suggestions:
            with Vertical(classes="follow-ups"):
                for question in self.reply.suggestions[:4]:
                    button = Button(f"→ {question}", classes="follow-up")
                    button.question = question  # type: ignore[attr-defined]
                    yield button

    def retire(self) -> None:
        """A newer answer arrived: this one and its « → » links leave the Tab order (they stay clickable)."""
        self.can_focus = False
        for button in self.query(Button):
            button.can_focus = False

    def on_button_pressed(self, event: Button.Pressed) -> None:
        question = getattr(event.button, "question", None)
        if question:
            event.stop()
            self.post_message(self.FollowUp(question))
