"""AtelierScreen: the programme on the side, the current chapter large; the trainer's keys drive the evening."""

import dataclasses

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Footer, Static

from common.userfiles import write_problem
from tui.atelier.evening_run import EveningRun
from tui.atelier.widgets.chapter_list import ChapterList
from tui.atelier.widgets.expectations import ExpectationList
from tui.atelier.widgets.slide import Slide
from tui.widgets.footer import KeysFooter

NARROW = 100   # below this width the side lists give their room to the slide (80×24 projectors)
# Below NARROW the footer cannot hold every key and still show « ^q Quitter »: these keys are shown there only on
# the chapters whose activity they start (the programme's slide lists them all).
NARROW_ONLY_ON = {"atelier.pretest": "pretest", "atelier.posttest": "posttest"}


class AtelierScreen(Screen):
    AUTO_FOCUS = None   # nothing focused: every key is the trainer's (the expectations list only on E)
    DEFAULT_CSS = """
    AtelierScreen #side { width: 34; border-right: vkey $foreground 30%; }   /* « ▶ 9. Et maintenant, j'embauche ? » whole */
    AtelierScreen.narrow #side { display: none; }
    AtelierScreen #expectations-title { text-style: bold; margin: 1 0 0 0; }
    """
    BINDINGS = [
        Binding("right,pagedown", "move(1)", "Suivant", id="atelier.next"),
        Binding("left,pageup", "move(-1)", "Précédent", id="atelier.previous", show=False),   # named on the
        Binding("home", "programme", "Programme", id="atelier.programme", show=False),       # programme's slide
        Binding("down", "scroll(3)", show=False),
        Binding("up", "scroll(-3)", show=False),
        *[Binding(str(n), f"jump({n - 1})", f"Chapitre {n}", show=False) for n in range(1, 10)],
        Binding("p", "quiz('pre')", "Pré-test", id="atelier.pretest"),
        Binding("o", "quiz('post')", "Post-test", id="atelier.posttest"),
        Binding("a", "add_expectation", "Attente", id="atelier.expectation"),
        Binding("e", "focus_expectations", "Cocher", show=False),
        Binding("i", "room_question", "Question", id="atelier.question"),
        Binding("v", "volunteer", "Volontaire", id="atelier.volunteer"),
        Binding("f", "survey_filter", "Filtre", show=False),
        Binding("f3", "export", "Exporter", id="atelier.export"),
        Binding("escape", "leave", "Retour à la conversation", show=False),
    ]

    def __init__(self, evening_run: EveningRun) -> None:
        super().__init__()
        self.evening_run = evening_run
        self.survey_filter = ""
        self._marked: int | None = None   # the chapter the list and the footer show

    def compose(self) -> ComposeResult:
        texts = self.evening_run.evening.data.texts
        with Horizontal():
            with Vertical(id="side"):
                yield ChapterList(id="chapters")
                yield Static(texts["expectations_title"], id="expectations-title", markup=False)
                yield ExpectationList(id="expectations")
            yield Slide(id="slide")
        yield KeysFooter(compact=True)

    def on_mount(self) -> None:
        self.evening_run.attach(self.app)
        self.query_one(ChapterList).load([c.title for c in self.evening_run.evening.chapters])
        self.refresh_all()
        self.set_focus(None)
        if self.evening_run.notice:
            self.notify(self.evening_run.notice, severity="warning", markup=False)
        if self.evening_run.resumed:
            chapter = self.evening_run.state.chapter + 1
            self.notify(self.evening_run.evening.data.texts["resumed"].format(chapter=chapter or "programme"), markup=False)

    def on_unmount(self) -> None:
        """Closed (Échap back to the chat, Ctrl+Q, a signal): the last changes are written now."""
        warning = self.evening_run.flush()
        if warning:
            self.app.notify(warning, severity="warning", markup=False)

    def on_resize(self) -> None:
        narrow = self.size.width < NARROW
        self.set_class(narrow, "narrow")
        self.query_one(Footer).show_command_palette = not narrow   # at 80 columns the room's keys come first
        self.refresh_bindings()

    @property
    def active_bindings(self):
        """The footer's keys; at 80 columns the quiz keys only where the chapter runs that quiz (NARROW_ONLY_ON)."""
        bindings = super().active_bindings
        if not self.has_class("narrow"):
            return bindings
        state = self.evening_run.state
        activities = self.evening_run.evening.chapters[state.chapter].activities if state.chapter >= 0 else ()
        for key, active in bindings.items():
            activity = NARROW_ONLY_ON.get(active.binding.id or "")
            if activity and activity not in activities:
                bindings[key] = active._replace(binding=dataclasses.replace(active.binding, show=False))
        return bindings

    # ------------------------------------------------------------------ display
    def refresh_all(self) -> None:
        state = self.evening_run.state
        self.query_one(Slide).show(self.evening_run.evening, state, self.survey_filter)
        if state.chapter != self._marked:   # the keys offered depend on the chapter: the footer is laid out again
            self._marked = state.chapter
            self.query_one(ChapterList).mark(state.chapter)
            self.refresh_bindings()
        self.query_one(ExpectationList).show(state.expectations, self.evening_run.evening.data.texts["expectations_empty"])
        self.sub_title = (self.evening_run.evening.chapters[state.chapter].title if state.chapter >= 0
                          else self.evening_run.evening.data.texts["programme_title"])

    def changed(self) -> None:
        warning = self.evening_run.changed()
        if warning:
            self.notify(warning, severity="warning", markup=False)
        self.refresh_all()

    # ------------------------------------------------------------------ navigation
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """« → Suivant » is not offered on the last chapter, nor « Précédent » on the programme."""
        if action == "move" and parameters:
            target = self.evening_run.state.chapter + int(parameters[0])
            return -1 <= target < len(self.evening_run.evening.chapters)
        return True

    def action_move(self, step: int) -> None:
        self.action_jump(self.evening_run.state.chapter + step)

    def action_scroll(self, lines: int) -> None:
        self.query_one(Slide).scroll_relative(y=lines, animate=False)

    def action_jump(self, index: int) -> None:
        last = len(self.evening_run.evening.chapters) - 1
        self.evening_run.state.chapter = max(-1, min(last, index))
        self.changed()

    def action_programme(self) -> None:
        self.action_jump(-1)

    def on_chapter_list_jump(self, event: ChapterList.Jump) -> None:
        self.action_jump(event.index)

    # ------------------------------------------------------------------ activities
    def action_quiz(self, phase: str) -> None:
        from tui.atelier.screens.quiz_screen import QuizScreen

        self.app.push_screen(QuizScreen(self.evening_run, phase), lambda _: self.refresh_all())

    def action_add_expectation(self) -> None:
        from tui.atelier.screens.text_prompt import TextPrompt

        def add(text: str | None) -> None:
            if text and self.evening_run.state.add_expectation(text):
                self.changed()

        self.app.push_screen(TextPrompt(self.evening_run.evening.data.texts["expectation_prompt"]), add)

    def action_focus_expectations(self) -> None:
        listing = self.query_one(ExpectationList)
        listing.can_focus = True
        self.query_one("#side").display = True
        listing.focus()
        if listing.highlighted is None and listing.option_count:
            listing.highlighted = 0

    def on_expectation_list_toggled(self, event: ExpectationList.Toggled) -> None:
        item = self.evening_run.state.expectations[event.index]
        item.done = not item.done
        self.changed()

    def action_survey_filter(self) -> None:
        from tui.atelier.screens.text_prompt import TextPrompt

        def apply(text: str | None) -> None:
            if text is not None:
                self.survey_filter = text
                self.refresh_all()

        self.app.push_screen(TextPrompt(self.evening_run.evening.data.texts["survey_filter"], self.survey_filter), apply)

    def action_room_question(self) -> None:
        from tui.atelier.screens.room_question import RoomQuestionScreen

        self.app.push_screen(RoomQuestionScreen(self.evening_run), lambda _: self.changed())

    def action_volunteer(self) -> None:
        from tui.atelier.screens.volunteer_screen import VolunteerScreen

        self.app.push_screen(VolunteerScreen(self.evening_run))

    def action_export(self) -> None:
        from tui.atelier.export import export, file_name, to_markdown
        from tui.delivery import to_browser

        texts = self.evening_run.evening.data.texts
        name = file_name()
        if to_browser(self.app, name, to_markdown(self.evening_run.evening, self.evening_run.state)):
            self.notify(texts["delivered"].format(name=name), markup=False)   # under `amguide serve`
            return
        try:
            path = export(self.evening_run.evening, self.evening_run.state, name)
        except OSError as exc:
            self.notify(texts["export_failed"].format(error=write_problem(exc)), severity="error", markup=False)
            return
        self.last_export = path
        self.notify(texts["exported"].format(name=path.name, folder=path.parent), markup=False)   # the name never cut

    def action_leave(self) -> None:
        """Back to the chat when the atelier was opened from it; alone, Échap does nothing (Ctrl+Q quits)."""
        if self.focused is not None:
            self.query_one(ExpectationList).can_focus = False
            self.query_one("#side").styles.clear_rule("display")
            self.set_focus(None)
        elif len(self.app.screen_stack) > 1:
            self.app.pop_screen()
