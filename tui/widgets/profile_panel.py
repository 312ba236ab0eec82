"""ProfilePanel: the profile so far; choosing a field asks it again."""

from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option


class ProfilePanel(OptionList):
    DEFAULT_CSS = "ProfilePanel { height: auto; max-height: 12; border: round $primary; }"

    class Edit(Message):
        def __init__(self, field: str) -> None:
            super().__init__()
            self.field = field

    def on_mount(self) -> None:
        self.border_title = "Votre profil"
        self.show({})

    def show(self, profile: dict) -> None:
        self.clear_options()
        shown = {k: v for k, v in profile.items() if k != "structure" or v != "cabinet"}
        if not shown:
            self.add_option(Option("(vide — tapez « simulation »)", disabled=True))
            return
        from chatbot.session import Session   # here: the empty panel is shown at start, before the engine is loaded
        from rules import LABELS

        for field, value in shown.items():
            self.add_option(Option(f"{LABELS.get(field, field)} : {Session.shown(field, value)}  ✎", id=field))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id:
            self.post_message(self.Edit(event.option.id))
