"""ChatScreen: the conversation on the left, the live simulation and the topics on the right.

Keys that keep the doctor in the conversation: anything printable typed while another widget has focus goes to
the question box (a focused button never swallows text, a space never presses it); Escape comes back to the box;
Page up / Page down scroll the conversation from the box; F6 folds or opens the side panel (folded by default
on a narrow terminal, where it opens in place of the conversation: beside it, the chat kept ~28 columns at 80)."""

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.lazy import Lazy
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Header, Input, Markdown, TabbedContent, TabPane, Tabs

from tui.widgets.budget_view import BudgetView
from tui.widgets.footer import KeysFooter
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

NARROW = 100          # below this width the side panel starts folded, and opens in place of the conversation
SIDE_WIDTHS = (46, 60)  # the side panel's width range: room for every option of the amounts grid


class ChatScreen(Screen):
    BINDINGS = [
        Binding("escape", "focus_prompt", "Saisie", show=False),
        Binding("pageup", "scroll_chat(-1)", "Défiler", show=False),
        Binding("pagedown", "scroll_chat(1)", "Défiler", show=False),
        Binding("f6", "toggle_side", "Panneau"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.side_chosen: bool | None = None  # None: the width decides; else the doctor's F6 choice

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
                with TabPane("Budget", id="budget-tab"):
                    yield Lazy(BudgetView(id="budget"))     # hidden tabs: mounted after the first screen
                with TabPane("Thèmes", id="topics-tab"):
                    yield Lazy(TopicBrowser())
        yield KeysFooter()

    def on_mount(self) -> None:
        prompt = self.query_one(PromptInput)
        prompt.cursor_blink = getattr(self.app, "blink", True)
        prompt.select_on_focus = False  # coming back to the box must not select (and so replace) what is typed
        prompt.focus()
        self.call_after_refresh(self.app.load_engine)   # once the first screen is drawn: its imports hold the GIL

    def on_resize(self, event: events.Resize) -> None:
        self.lay_out()

    def lay_out(self) -> None:
        """The side panel beside the conversation, or folded; on a narrow terminal, open, it covers the chat."""
        width = self.size.width
        side, chat = self.query_one("#side"), self.query_one("#chat")
        side.display = self.side_chosen if self.side_chosen is not None else width >= NARROW
        covering = side.display and width < NARROW
        chat.display = not covering
        side.styles.width = "1fr" if covering else max(SIDE_WIDTHS[0], min(SIDE_WIDTHS[1], width // 3))
        side.styles.max_width = "100%" if covering else None

    @property
    def covered(self) -> bool:
        """The side panel covers the conversation (narrow terminal)."""
        return not self.query_one("#chat").display

    def show_conversation(self) -> None:
        """Back to the conversation when the panel covers it (a key typed, Échap, a question asked from the panel)."""
        if self.covered:
            self.side_chosen = False
            self.lay_out()
            self.query_one(PromptInput).focus()

    @property
    def focus_chain(self) -> list[Widget]:
        """Tab from the question box reaches the profile panel at once: the side panel's tab strip comes after the
        widgets of its open tab (it came first, so the profile took two presses, and more through an answer's links)."""
        chain = super().focus_chain
        tabs = [w for w in chain if isinstance(w, Tabs)]
        if not tabs:
            return chain
        side = self.query_one("#side")
        inside = [w for w in chain if side in w.ancestors and w not in tabs]
        if not inside:
            return chain
        chain = [w for w in chain if w not in tabs]
        at = chain.index(inside[-1]) + 1
        return [*chain[:at], *tabs, *chain[at:]]

    def on_key(self, event: events.Key) -> None:
        """Printable keys always go to the question box, wherever the focus is."""
        if event.is_printable and not isinstance(self.focused, Input):
            self.show_conversation()
            prompt = self.query_one(PromptInput)
            prompt.focus()
            prompt.insert_text_at_cursor(event.character or "")
            event.stop()
            event.prevent_default()

    def action_focus_prompt(self) -> None:
        self.show_conversation()
        self.query_one(PromptInput).focus()

    def action_scroll_chat(self, direction: int) -> None:
        conversation = self.query_one("#conversation", VerticalScroll)
        conversation.scroll_to(y=conversation.scroll_y + direction * max(1, conversation.size.height - 2),
                               animate=False)

    def action_toggle_side(self) -> None:
        side = self.query_one("#side")
        self.side_chosen = not side.display
        self.lay_out()
        if self.covered:
            self.query_one("#profile").focus()   # the panel's keys work at once (↑ ↓ Entrée: a field; Tab: the result)
        elif not side.display and self.focused is not None and side in self.focused.ancestors:
            self.action_focus_prompt()
        answers = self.query("BotMessage")
        if answers and not self.covered:   # the conversation reflows to its new width: the latest answer stays in view
            self.app.bring_into_view(answers.last())
