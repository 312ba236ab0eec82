"""TopicBrowser: the knowledge base's themes and their questions; choosing one asks it."""

from textual.message import Message
from textual.widgets import Tree


class TopicBrowser(Tree):
    DEFAULT_CSS = "TopicBrowser { height: 1fr; border: round $secondary; }"

    class Asked(Message):
        def __init__(self, question: str) -> None:
            super().__init__()
            self.question = question

    def __init__(self) -> None:
        super().__init__("Thèmes", id="topics")
        self.show_root = False

    def on_mount(self) -> None:
        if getattr(self.app, "themes", None):   # the engine was ready before this (lazily mounted) tab
            self.load(self.app.themes)

    def load(self, themes: dict) -> None:
        self.clear()
        for theme, entries in themes.items():
            node = self.root.add(theme)
            for entry in entries:
                node.add_leaf(entry.title, data=entry.title)

    def on_tree_node_selected(self, event: Tree.NodeSelected) -> None:
        event.stop()
        if event.node.data:
            self.post_message(self.Asked(event.node.data))
