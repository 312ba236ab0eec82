"""MarkdownView: Markdown shown as the chat shows an answer (tui.widgets.text_table), and replaced whole by `update`.

The atelier's room question and volunteer showed their answers in Textual's Markdown widget, whose tables keep every
column and cut their cells at 80 columns (« 9 45… ») and align numbers to the left: here a table is a TextTable,
laid out afresh for its width, numbers right-aligned."""

from textual.await_complete import AwaitComplete
from textual.containers import Vertical

from tui.widgets.text_table import markdown_with_tables


class MarkdownView(Vertical):
    DEFAULT_CSS = """
    MarkdownView { height: auto; }
    MarkdownView > Markdown { margin: 0; padding: 0; }
    """

    def __init__(self, markdown: str = "", **kwargs) -> None:
        super().__init__(**kwargs)
        self.source = markdown

    def compose(self):
        yield from markdown_with_tables(self.source)

    def update(self, markdown: str) -> AwaitComplete:
        """Show `markdown` in place of what was shown; awaitable, or not (as Markdown.update), the updates kept in
        the order asked (batch holds the widget's lock)."""
        self.source = markdown

        async def replace() -> None:
            async with self.batch():
                await self.remove_children()
                await self.mount_all(markdown_with_tables(markdown))

        return AwaitComplete(replace())
