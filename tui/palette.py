"""The command palette: the app's actions, then every question of the knowledge base, by theme.

`ChatCommands` is its one provider: opened with nothing typed, the palette lists the actions (« Simulation »,
« Budget » first), then the questions in the themes' order (`chat_order` in chatbot/data/form.yaml: what a doctor
weighing the aid needs first). With Textual's system commands beside a provider of questions, the two lists arrived
interleaved, whichever answered first, and the palette opened on the centres de santé's questions.

`FrenchPalette` is Textual's palette with a French placeholder and « no matches » line, and an input that keeps
fast-typed keys in order. Textual 8.2's Input inserts a printable key as soon as it arrives but runs an edit key
(backspace, arrows…) only after the key has bubbled up to the App; when keys come in a burst (fast typing while a
search runs), the edits land after later letters: « quiz », four backspaces, « nouvelle » became « quiznouv »
(Textual issue #6605). `OrderedCommandInput` runs its own edit bindings where the letters are handled, so the order is kept."""

from functools import partial

from rich.align import Align
from rich.text import Text
from textual import events
from textual.command import CommandInput, CommandList, CommandPalette, DiscoveryHit, Hit, Hits, Provider
from textual.widgets.option_list import Option

PLACEHOLDER = "Rechercher une question, un thème ou une action…"
NO_MATCHES = "Aucun résultat : posez plutôt votre question dans la conversation."


class OrderedCommandInput(CommandInput):
    async def _on_key(self, event: events.Key) -> None:
        if not event.is_printable:
            for binding in self._bindings.key_to_bindings.get(event.key, ()):
                if not binding.priority and await self.app.run_action(binding.action, self):
                    event.stop()
                    event.prevent_default()
                    return
        await super()._on_key(event)


class FrenchPalette(CommandPalette):
    def __init__(self) -> None:
        super().__init__(placeholder=PLACEHOLDER, id="--command-palette")

    def compose(self):
        for widget in super().compose():
            if type(widget) is CommandInput:
                widget = OrderedCommandInput(placeholder=PLACEHOLDER, select_on_focus=False)
            yield widget

    def _start_no_matches_countdown(self, search_value: str) -> None:
        """Textual's « No matches found », said in French (the same countdown, the same disabled line)."""
        self._stop_no_matches_countdown()

        def show() -> None:
            if search_value:
                self.query_one(CommandList).add_option(
                    Option(Align.center(Text(NO_MATCHES, style="not bold")), disabled=True, id=self._NO_MATCHES))
            self._list_visible = bool(search_value)

        self._no_matches_timer = self.set_timer(self._NO_MATCHES_COUNTDOWN, show)


class ChatCommands(Provider):
    """The app's actions (App.get_system_commands, in its order), then the knowledge base's questions: choosing
    one asks it."""

    def _actions(self) -> list:
        return list(self.app.get_system_commands(self.screen))

    def _questions(self) -> list[tuple[str, str]]:
        themes = getattr(self.app, "themes", {}) or {}
        return [(theme, entry.title) for theme, entries in themes.items() for entry in entries]

    async def discover(self) -> Hits:
        for name, help_text, callback, discover in self._actions():
            if discover:
                yield DiscoveryHit(name, callback, help=help_text)
        for theme, title in self._questions()[:40]:
            yield DiscoveryHit(title, partial(self.app.ask, title), help=theme)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, help_text, callback, *_ in self._actions():
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, matcher.highlight(name), callback, help=help_text)
        for theme, title in self._questions():
            score = matcher.match(f"{theme} {title}")
            if score > 0:
                yield Hit(score, matcher.highlight(title), partial(self.app.ask, title), help=theme)
