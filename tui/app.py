"""AmguideApp: wires the chat screen to the conversation engine (chatbot.Session) and the user's actions."""

import datetime as dt
import gc
import threading
from collections.abc import Iterable

from textual import events, work
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Input, TabbedContent

from tui.nobreak import keep_no_break_spaces
from tui.quitting import FrenchQuitHint
from tui.palette import ChatCommands, FrenchPalette
from tui.screens.chat_screen import ChatScreen
from tui.screens.help_screen import HelpScreen
from tui.widgets.bot_message import BotMessage
from tui.widgets.budget_view import BudgetView
from tui.widgets.profile_panel import ProfilePanel
from tui.widgets.prompt_input import PromptInput
from tui.widgets.quick_replies import QuickReplies
from tui.widgets.result_panel import ResultPanel
from tui.widgets.topic_browser import TopicBrowser
from tui.widgets.user_message import UserMessage


WAITING = ("amguide se prépare (la première ouverture après une installation peut prendre une minute) : "
           "votre question partira dès qu'il sera prêt.")
ANSWER_LINES_SHOWN = 4   # at least this much of a new answer is in view under its question
PREPARE_AFTER = 0.15     # s without a key: the question typed so far is embedded ahead of Enter
WORD_ENDS = " ?!.,;:'’)»"  # a key that ends a word: the question so far is embedded at once


class AmguideApp(FrenchQuitHint, App):
    TITLE = "amguide"
    SUB_TITLE = "l'aide à l'emploi d'un assistant médical"
    CSS_PATH = "amguide.tcss"
    COMMANDS = {ChatCommands}   # the actions and the questions, in one order (tui.palette)
    BINDINGS = [
        Binding("f1", "help", "Aide, touches", id="help"),   # the footer has room for 5 keys at 80 columns: F1 lists all
        Binding("f2", "copy", "Copier", id="copy", show=False),
        Binding("f3", "export", "Exporter", id="export"),
        Binding("f4", "toggle_theme", "Thème", id="theme", show=False),
        Binding("f5", "new_conversation", "Nouvelle", id="new"),
        Binding("f7", "atelier", "Atelier", id="atelier", show=False),
        Binding("ctrl+q", "quit", "Quitter", id="quit", priority=True),
    ]

    def __init__(self, on: dt.date | None = None, blink: bool = True) -> None:
        super().__init__()
        keep_no_break_spaces()   # « 11 000 € » never wraps inside
        self.on = on or dt.date.today()
        self.blink = blink
        self.session = None
        self.themes: dict = {}
        self.turns: list = []
        self.generation = 0  # bumped by a new conversation: answers still on their way to the old one are dropped
        self._turn, self._asked, self._answered = threading.Condition(), 0, 0
        self._waiting_said = False
        self._prepare_timer = None
        self._typed = ""   # the question box's text, as last changed
        self.journal = None   # tui.journal.Journal: the conversation kept on disk as it goes (not under `serve`)
        self._recorded = 0

    def get_default_screen(self) -> Screen:
        return ChatScreen()

    def on_mount(self) -> None:
        import os

        from tui.journal import Journal
        from tui.storage import EPHEMERAL

        self.theme = "textual-dark"
        if not os.environ.get(EPHEMERAL):
            self.journal = Journal()
            notice = self.journal.adopt()
            if notice:
                self.notify(notice, markup=False, timeout=10)
                self.record()

    def on_unmount(self) -> None:
        if self.journal is not None and not self.return_code:   # not after a crash (1): the next chat adopts it
            self.journal.close()

    def record(self) -> None:
        """The conversation so far written to the journal, off the UI thread (it is written whole, synced)."""
        if self.journal is None:
            return
        from tui.transcript import body

        self._recorded += 1
        self._write_journal(self._recorded, body(self.turns) if self.turns else "")

    @work(thread=True, group="journal")
    def _write_journal(self, number: int, markdown: str) -> None:
        warning = self.journal.record(number, markdown)
        if warning and not getattr(self, "_journal_warned", False):
            self._journal_warned = True
            self.call_from_thread(self.notify, warning, severity="warning", markup=False)

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
            themes = ordered_themes(shipped().themes, form().chat_order)
        except (DataError, DataErrors) as exc:
            self.call_from_thread(self.exit, None, 1, Text(broken_data(exc)))
            return
        self.call_from_thread(self._engine_ready, session, themes, starters)
        session.matcher.warm()   # the sentence encoder, once the chat is ready (a question meanwhile waits for it)
        # Everything loaded so far lives as long as the app: the collector stops walking it. Its full passes walked
        # it during turns, and the interpreter's exit spent ~1 s of processor on it here (0,3 s once frozen).
        gc.freeze()

    def _engine_ready(self, session, themes: dict, starters: tuple[str, ...]) -> None:
        from chatbot.reply import QuickReply

        self.session, self.themes = session, themes
        for browser in self.query(TopicBrowser):   # not mounted yet (a hidden tab, lazy): it loads them itself
            browser.load(themes)
        self.query_one(QuickReplies).show(tuple(QuickReply(s, s) for s in starters))
        self.query_one(PromptInput).suggester = _suggester(themes)

    async def on_event(self, event: events.Event) -> None:
        """A printable key for the question box goes straight to it, with the printable keys queued right
        behind it: it binds nothing there, and a paste arriving as 100 000 keystrokes took minutes through the
        app's per-key binding search, then 9 s through the app's loop one key at a time."""
        if (isinstance(event, events.Key) and event.is_printable and not event.is_forwarded and self.app_focus
                and isinstance(self.focused, PromptInput)):
            self.focused.post_message(PromptInput.Typed(event.character + await self._queued_keys()))
            return
        await super().on_event(event)

    async def _queued_keys(self) -> str:
        """The printable keys next in the app's own queue (up to a question's length). Taken here, in the
        app's loop, which is not awaiting its queue while it handles a key; never from another loop's queue
        (that crashed the chat: « pop from an empty deque »)."""
        chars: list[str] = []
        while len(chars) < PromptInput.MAX_LENGTH:
            pending = self._peek_message()
            if not (isinstance(pending, events.Key) and pending.is_printable and not pending.is_forwarded):
                break
            chars.append((await self._get_message()).character or "")
        return "".join(chars)

    # ------------------------------------------------------------------ a turn
    def on_input_changed(self, event: Input.Changed) -> None:
        """The question so far is prepared in a worker (its sentence vector, ~40–90 ms here) as soon as a word ends
        (a space or a punctuation mark: « … à mi-temps ? » is then ready before Enter, whose question normalises
        alike), else at a pause in the typing: Enter then finds it ready, and the turn costs the rest only."""
        if not isinstance(event.input, PromptInput):
            return
        self._typed = value = event.value
        if self._prepare_timer is not None:
            self._prepare_timer.stop()
        if self.session is None or not value.strip():
            return
        if value[-1] in WORD_ENDS:
            self.prepare(value)
        else:
            self._prepare_timer = self.set_timer(PREPARE_AFTER, lambda: self.prepare(value))

    @work(thread=True, exclusive=True, group="prepare")
    def prepare(self, text: str) -> None:
        if text == self._typed:   # not if the box moved on before this started: stale embeddings do not pile up
            self.session.prepare(text)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        text = event.value   # PromptInput has cleared itself (clearing here would eat keys typed since)
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
        """Asking a field again is a turn like the others: in the worker, in its place among the questions."""
        from rules import LABELS

        self._show_conversation()
        self._asked += 1
        self.answer(f"(modifier : {LABELS.get(event.field, event.field)})", self._asked, self.generation, event.field)

    def on_button_pressed(self, event) -> None:
        if event.button.id == "why":
            self.ask("pourquoi")

    def ask(self, text: str) -> None:
        """Show the doctor's text at once, then answer it in a worker (« recommencer » is F5: all cleared)."""
        if self._is_restart(text):
            self.action_new_conversation()
            return
        self._show_conversation()
        if self.session is None and not self._waiting_said:
            self._waiting_said = True
            self.notify(WAITING, markup=False, timeout=8)
        conversation = self.query_one("#conversation", VerticalScroll)
        question = UserMessage(text)
        conversation.mount(question)
        conversation.call_after_refresh(conversation.scroll_end, animate=False)
        self._asked += 1
        self.answer(text, self._asked, self.generation, question=question)

    def _show_conversation(self) -> None:
        """A question asked from the side panel (a field, « Pourquoi ? », a topic) is answered in the conversation,
        which the panel covers on a narrow terminal."""
        if isinstance(self.screen, ChatScreen):
            self.screen.show_conversation()

    def _is_restart(self, text: str) -> bool:
        from chatbot.language import vocabulary
        from chatbot.normalize import normalize

        words = vocabulary().commands.get("recommencer", ())
        return normalize(text) in {normalize(w) for w in words}

    @work(thread=True, group="turn")
    def answer(self, text: str, ticket: int, generation: int = 0, field: str | None = None,
               question: UserMessage | None = None) -> None:
        """One turn at a time and in the order asked (questions typed in a burst each get their answer,
        and the session is never used by two threads at once); `field`: a profile field asked again."""
        with self._turn:
            # the engine may still be loading (first second after start), or the previous turn running
            while self.session is None or self._answered != ticket - 1:
                if not self.is_running:
                    return
                self._turn.wait(0.02)
            try:
                reply = self.session.ask(field) if field else self.session.handle(text)
                self.call_from_thread(self._show, text, reply, generation, ticket, question)
            finally:
                self._answered = ticket
                self._turn.notify_all()

    def _show(self, text: str, reply, generation: int | None = None, ticket: int | None = None,
              question: UserMessage | None = None) -> None:
        """The answer right under its question (questions typed in a burst each keep theirs); the choices and
        the profile only from the last answer awaited (laying them out again for each answer of a burst of
        questions doubled its time)."""
        from chatbot.budget import COST_INTENT

        if generation is not None and generation != self.generation:
            return
        self.turns.append((text, reply))
        conversation = self.query_one("#conversation", VerticalScroll)
        for old in conversation.query(BotMessage):
            old.retire()
        message = BotMessage(reply)
        question = question if question is not None and question.is_attached else None
        conversation.mount(message, after=question)
        self.bring_into_view(message, question)
        if ticket is None or ticket == self._asked:
            self.query_one(QuickReplies).show(reply.quick_replies)
            self.query_one(ProfilePanel).show(reply.profile)
        if reply.result is not None:
            self.query_one(ResultPanel).show(reply.result, reply.profile.get("option"))
            if reply.intent == COST_INTENT:
                self.query_one("#side", TabbedContent).active = "budget-tab"
        self.query_one(BudgetView).show(reply.profile, reply.result, self.on)   # a salary said mid-form too
        self.record()

    def bring_into_view(self, message: BotMessage, question: UserMessage | None = None) -> None:
        """A new answer is read from its start with its question above it, wherever the doctor had scrolled
        (again once its Markdown has grown to its full height); of a question too long for that, its end.
        Also after the conversation reflows (F6), so the reader keeps the latest answer."""
        conversation = self.query_one("#conversation", VerticalScroll)

        def to_top() -> None:
            if not message.is_attached:
                return
            start = message.virtual_region.y
            top = question.virtual_region.y if question is not None and question.is_attached else start
            height = conversation.scrollable_content_region.height
            conversation.scroll_to(y=max(top, start + ANSWER_LINES_SHOWN - height), animate=False)

        conversation.call_after_refresh(to_top)
        self.set_timer(0.15, to_top)

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
        from common.userfiles import data_dir, write_new, write_problem
        from tui.delivery import to_browser
        from tui.transcript import export

        earlier = self.journal.earlier if self.journal is not None else []
        if not self.turns and not earlier:
            self.notify("Rien à exporter pour l'instant.", markup=False)
            return
        stamp = dt.datetime.now().strftime("%Y-%m-%d_%H%M%S")
        text = export(self.turns, self.on, earlier, self.journal.started if self.journal is not None else None)
        if to_browser(self, f"amguide_{stamp}.md", text):   # under `amguide serve`
            self.notify(f"Conversation envoyée à votre navigateur : amguide_{stamp}.md", markup=False)
            return
        try:
            path = write_new(data_dir() / "exports" / f"amguide_{stamp}.md", text)
        except OSError as exc:
            self.notify(f"Export impossible : {write_problem(exc)}.", severity="error", markup=False)
            return
        self.last_export = path
        self.notify(f"Conversation exportée : {path.name}\n(dossier {path.parent})", markup=False)   # the name never cut

    def action_atelier(self) -> None:
        from tui.atelier.app import open_from_chat

        open_from_chat(self, self.on)

    def action_toggle_theme(self) -> None:
        self.theme = "textual-light" if self.theme == "textual-dark" else "textual-dark"

    def action_new_conversation(self) -> None:
        """Everything the old conversation showed goes: messages, profile, simulation, what F2/F3 would use."""
        self.generation += 1
        self.turns.clear()
        if self.journal is not None:
            self.journal.clear()
            self.record()
        conversation = self.query_one("#conversation", VerticalScroll)
        conversation.query("UserMessage, BotMessage").remove()
        conversation.scroll_home(animate=False)
        self.query_one(ProfilePanel).show({})
        self.query_one(ResultPanel).clear()
        self.query_one(BudgetView).show({}, None, self.on)
        if self.session is not None:
            self.query_one(QuickReplies).show(self.session.handle("recommencer").quick_replies)
        self.notify("Nouvelle conversation.", markup=False)

    def action_command_palette(self) -> None:
        """Textual's palette, in French, keeping fast-typed keys in order (see tui.palette)."""
        if self.use_command_palette and not FrenchPalette.is_open(self):
            self.push_screen(FrenchPalette())

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        # Textual's own commands are in English: amguide offers its own, in French.
        # In the order the palette lists them (tui.palette): what a doctor needs first.
        yield SystemCommand("Simulation", "Calculer votre aide", lambda: self.ask("simulation"))
        yield SystemCommand("Budget", "Coût de l'assistant et reste à charge", lambda: self.ask("combien ça me coûte ?"))
        yield SystemCommand("Aide", "Touches et commandes (F1)", self.action_help)
        yield SystemCommand("Exporter", "Conversation et simulation en Markdown (F3)", self.action_export)
        yield SystemCommand("Copier la dernière réponse", "Dans le presse-papiers (F2)", self.action_copy)
        yield SystemCommand("Nouvelle conversation", "Efface la conversation et le profil (F5)", self.action_new_conversation)
        yield SystemCommand("Quiz", "Pré-test de la soirée de formation", lambda: self.ask("quiz"))
        yield SystemCommand("Atelier", "Soirée de formation en mode présentateur (F7)", self.action_atelier)
        yield SystemCommand("Thème clair ou sombre", "Changer les couleurs (F4)", self.action_toggle_theme)
        yield SystemCommand("Quitter", "Fermer amguide (Ctrl+Q)", self.exit)


def ordered_themes(themes: dict, order: tuple[str, ...]) -> dict:
    """The knowledge base's themes in the chat's order (palette, « Thèmes » tab); a theme not named keeps its place
    after the named ones."""
    rank = {theme: i for i, theme in enumerate(order)}
    return dict(sorted(themes.items(), key=lambda item: rank.get(item[0], len(rank))))


def _suggester(themes: dict):
    from tui.suggestions import QuestionSuggester

    return QuestionSuggester([e.title for entries in themes.values() for e in entries], case_sensitive=False)
