"""ChatScreen: the conversation on the left, the live simulation and the topics on the right."""

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Header, Markdown, TabbedContent, TabPane

from tui.widgets.prompt_input import PromptInput
from tui.widgets.profile_panel import ProfilePanel
from tui.widgets.quick_replies import QuickReplies
from tui.widgets.result_panel import ResultPanel
from tui.widgets.topic_browser import TopicBrowser

WELCOME = """\
**Bienvenue dans amguide**, l'assistant sur l'aide à l'emploi d'un assistant médical.

- Posez vos questions : missions, profils et formation, montants, éligibilité, centres de santé.
- Calculez votre aide année par année : tapez « simulation » ou décrivez votre situation.
- F1 pour l'aide, Ctrl+P pour la palette ; tout reste sur votre poste.
"""


class ChatScreen(Screen):
    def compose(self) -> ComposeResult:
        yield Header(show_clock=False)
        with Horizontal():
            with Vertical(id="chat"):
                with VerticalScroll(id="conversation"):
                    yield Markdown(WELCOME, id="welcome")
                yield QuickReplies(id="quick")
                yield PromptInput(id="prompt")
            with TabbedContent(id="side"):
                with TabPane("Simulation", id="simulation-tab"):
                    yield ProfilePanel(id="profile")
                    yield ResultPanel(id="result")
                with TabPane("Thèmes", id="topics-tab"):
                    yield TopicBrowser()
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#conversation", VerticalScroll).anchor()
        prompt = self.query_one(PromptInput)
        prompt.cursor_blink = getattr(self.app, "blink", True)
        prompt.focus()
        self.app.load_engine()
