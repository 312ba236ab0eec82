"""ProfilePanel: the profile so far; choosing a field asks it again."""

from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

EDIT_HINT = "Entrée : modifier"


class ProfilePanel(OptionList):
    # Focused (Tab), the panel takes the chat's accent and a field is always highlighted: OptionList leaves none
    # after its options are replaced, so Tab moved the focus here with nothing on screen to show it.
    DEFAULT_CSS = """
    ProfilePanel { height: auto; max-height: 12; border: round $primary; }
    ProfilePanel:focus { border: round $accent; border-subtitle-color: $accent; }
    """

    class Edit(Message):
        def __init__(self, field: str) -> None:
            super().__init__()
            self.field = field

    def on_mount(self) -> None:
        self.border_title = "Votre profil"
        self.show({})

    def show(self, profile: dict) -> None:
        kept = self.highlighted_option.id if self.highlighted_option else None
        self.clear_options()
        shown = {k: v for k, v in profile.items() if k != "structure" or v != "cabinet"}
        if not shown:
            self.add_option(Option("(vide — tapez « simulation »)", disabled=True))
            return
        from chatbot.session import Session   # here: the empty panel is shown at start, before the engine is loaded
        from rules import LABELS

        for field, value in shown.items():
            self.add_option(Option(f"{LABELS.get(field, field)} : {Session.shown(field, value)}  ✎", id=field))
        if self.has_focus:
            self._highlight(kept)

    def _highlight(self, field: str | None = None) -> None:
        """Highlight `field` (the first editable field when it is gone or None)."""
        ids = [o.id for o in self.options if not o.disabled]
        if ids:
            self.highlighted = self.get_option_index(field if field in ids else ids[0])

    def on_focus(self) -> None:
        if self.highlighted is None:
            self._highlight()
        self.border_subtitle = EDIT_HINT if self.highlighted is not None else ""

    def on_blur(self) -> None:
        self.border_subtitle = ""

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id:
            self.post_message(self.Edit(event.option.id))
