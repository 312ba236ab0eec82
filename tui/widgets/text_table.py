"""TextTable: a table laid out afresh for the width it is given (tui.tables.fit), in the chat and the side panel.

Textual's Markdown tables keep every column and wrap their cells, so at 100 columns a cost table lost its
headers and broke « 14 164 » over two lines; this one regroups its columns, or lists its rows, instead."""

from textual.content import Content
from textual.geometry import Size
from textual.widget import Widget
from textual.widgets import Markdown

from tui.links import short_links
from tui.nobreak import glued
from tui.tables import Rows, blocks, fit


def markdown_with_tables(text: str) -> list[Widget]:
    """Markdown text as widgets: its tables as TextTable (laid out to the width), the rest as Markdown; numbers
    and amounts never split over two lines, web addresses shown short (tui.links)."""
    return [Markdown(short_links(block), open_links=True) if isinstance(block, str) else TextTable(block)
            for block in blocks(glued(text))]


class TextTable(Widget):
    DEFAULT_CSS = """
    TextTable { height: auto; width: 1fr; margin: 0 0 1 0; }
    """

    def __init__(self, rows: Rows | None = None, **kwargs) -> None:
        super().__init__(**kwargs)
        self.rows: Rows = rows or []

    def update(self, rows: Rows) -> None:
        self.rows = rows
        self.refresh(layout=True)

    def laid_out(self, width: int) -> Content:
        """The table for `width` cells: headers (or row names) in bold, a blank line between blocks."""
        if not self.rows or width <= 0:
            return Content("")
        blocks, headed = fit(self.rows, width)
        parts: list[Content] = []
        for block in blocks:
            first, rest = block[0], block[1:]
            if not headed and " — " in first:      # a listed row: its name in bold
                name, _, tail = first.partition(" — ")
                head = Content.assemble((name, "bold"), " — " + tail)
            else:
                head = Content.styled(first, "bold") if headed else Content(first)
            parts.append(Content("\n").join([head, *(Content(line) for line in rest)]))
        return Content("\n\n").join(parts)

    def render(self) -> Content:
        return self.laid_out(self.content_size.width)

    def get_content_width(self, container: Size, viewport: Size) -> int:
        return container.width

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self.laid_out(width).plain.split("\n")) if self.rows else 0
