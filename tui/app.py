"""AmguideApp: wires the chat screen to the conversation engine (chatbot.Session) and the user's actions."""

import datetime as dt
from collections.abc import Iterable

from textual import work
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Input

from tui.palette import TopicCommands
from tui.screens.chat_screen import ChatScreen
from tui.screens.help_screen import HelpScreen
from tui.widgets.bot_message import BotMessage
from tui.widgets.profile_panel import ProfilePanel
from tui.widgets.prompt_input import PromptInput
from tui.widgets.quick_replies import QuickReplies
from tui.widgets.result_panel import ResultPanel
from tui.widgets.topic_browser import TopicBrowser
from tui.widgets.user_message import UserMessage


class AmguideApp(App):
    TITLE = "amguide"
    SUB_TITLE = "l'aide à l'emploi d'un assistant médical"
    CSS_PATH = "amguide.tcss"
    COMMANDS = App.COMMANDS | {TopicCommands}
    BINDINGS = [
        Binding("f1", "help", "Aide", id="help"),
        Binding("f2", "copy", "Copier", id="copy"),
        Binding("f3", "export", "Exporter", id="export"),
        Binding("f4", "toggle_theme", "Thème", id="theme"),
        Binding("f5", "new_conversation", "Nouvelle", id="new"),
        Binding("ctrl+q", "quit", "Quitter", id="quit", priority=True),
    ]

    def __init__(self, on: dt.date | None = None, blink: bool = True) -> None:
        super().__init__()
        self.on = on or dt.date.today()
        self.blink = blink
        self.session = None
        self.themes: dict = {}
        self.turns: list = []

    def get_default_screen(self) -> Screen:
        return ChatScreen()

    def on_mount(self) -> None:
        self.theme = "textual-dark"

    @work(thread=True, exclusive=True, group="engine")
    def load_engine(self) -> None:
        """Heavy imports and data loading off the UI thread, so the input is ready at once."""
        from chatbot.form import form
        from chatbot.session import Session
        from common.yamlio import DataError, DataErrors
        from knowledge import shipped
        from rich.text import Text

        from tui.output import broken_data

        try:
            session = Session(on=self.on)
            session.matcher  # noqa: B018 - built here rather than on the first question
            starters = form().starters
        except (DataError, DataErrors) as exc:
            self.call_from_thread(self.exit, None, 1, Text(broken_data(exc)))
            return
        self.call_from_thread(self._engine_ready, session, shipped().themes, starters)

    def _engine_ready(self, session, themes: dict, starters: tuple[str, ...]) -> None:
        from chatbot.reply import QuickReply

        self.session, self.themes = session, themes
        self.query_one(TopicBrowser).load(themes)
        self.query_one(QuickReplies).show(tuple(QuickReply(s, s) for s in starters))
        self.query_one(PromptInput).suggester = _suggester(themes)

    # ------------------------------------------------------------------ a turn
    def on_input_submitted(self, event: Input.Submitted) -> None:
        text = event.value
        event.input.value = ""
        if text.strip():
            self.query_one(PromptInput).remember(text.strip()[:2000])
            self.ask(text)

    def on_quick_replies_chosen(self, event: QuickReplies.Chosen) -> None:
        self.ask(event.text)

    def on_bot_message_follow_up(self, event: BotMessage.FollowUp) -> None:
        self.ask(event.question)

    def on_topic_browser_asked(self, event: TopicBrowser.Asked) -> None:
        self.ask(event.question)

    def on_profile_panel_edit(self, event: ProfilePanel.Edit) -> None:
        if self.session is not None:
            self._show(f"(modifier : {event.field})", self.session.ask(event.field))

    def on_button_pressed(self, event) -> None:
        if event.button.id == "why":
            self.ask("pourquoi")

    def ask(self, text: str) -> None:
        """Show the doctor's text at once, then answer it in a worker."""
        self.query_one("#conversation", VerticalScroll).mount(UserMessage(text))
        self.answer(text)

    @work(thread=True, group="turn")
    def answer(self, text: str) -> None:
        import time

        while self.session is None:  # the engine is still loading (first second after start)
            time.sleep(0.02)
        reply = self.session.handle(text)
        self.call_from_thread(self._show, text, reply)

    def _show(self, text: str, reply) -> None:
        self.turns.append((text, reply))
        self.query_one("#conversation", VerticalScroll).mount(BotMessage(reply))
        self.query_one(QuickReplies).show(reply.quick_replies)
        self.query_one(ProfilePanel).show(reply.profile)
        if reply.result is not None:
            self.query_one(ResultPanel).show(reply.result)

    # ------------------------------------------------------------------ actions
    def action_help(self) -> None:
        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def action_copy(self) -> None:
        if not self.turns:
            self.notify("Aucune réponse à copier.", markup=False)
            return
        self.copy_to_clipboard(self.turns[-1][1].text)
        self.notify("Dernière réponse copiée.", markup=False)

    def action_export(self) -> None:
        from common.userfiles import data_dir, write_atomic
        from tui.transcript import export

        if not self.turns:
            self.notify("Rien à exporter pour l'instant.", markup=False)
            return
        stamp = dt.datetime.now().strftime("%Y-%m-%d_%H%M%S")
        try:
            path = write_atomic(data_dir() / "exports" / f"amguide_{stamp}.md", export(self.turns, self.on))
        except OSError as exc:
            self.notify(f"Export impossible : {exc}", severity="error", markup=False)
            return
        self.last_export = path
        self.notify(f"Conversation exportée : {path}", markup=False)

    def action_toggle_theme(self) -> None:
        self.theme = "textual-light" if self.theme == "textual-dark" else "textual-dark"

    def action_new_conversation(self) -> None:
        self.turns.clear()
        conversation = self.query_one("#conversation", VerticalScroll)
        conversation.query("UserMessage, BotMessage").remove()
        if self.session is not None:
            self._show_profile_reset(self.session.handle("recommencer"))

    def _show_profile_reset(self, reply) -> None:
        self.query_one(ProfilePanel).show({})
        self.query_one(QuickReplies).show(reply.quick_replies)
        self.notify("Nouvelle conversation.", markup=False)

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        yield SystemCommand("Aide", "Touches et commandes (F1)", self.action_help)
        yield SystemCommand("Copier la dernière réponse", "Dans le presse-papiers (F2)", self.action_copy)
        yield SystemCommand("Exporter", "Conversation et simulation en Markdown (F3)", self.action_export)
        yield SystemCommand("Nouvelle conversation", "Efface la conversation et le profil (F5)", self.action_new_conversation)
        yield SystemCommand("Simulation", "Calculer votre aide", lambda: self.ask("simulation"))
        yield SystemCommand("Quiz", "Pré-test de la soirée de formation", lambda: self.ask("quiz"))


def _suggester(themes: dict):
    from textual.suggester import SuggestFromList

    return SuggestFromList([e.title for entries in themes.values() for e in entries], case_sensitive=False)
