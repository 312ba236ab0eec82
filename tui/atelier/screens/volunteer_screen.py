"""VolunteerScreen (« Et maintenant, j'embauche ? »): a volunteer's profile typed live; the personal result and its
business case (tui/atelier/hire.py) are recomputed as it is typed (once the typing pauses) and shown large on the
projected screen, scrolled from the keyboard whichever field has the focus. What is typed is kept in the evening
(its export shows the profile and the result; a resumed evening or a second visit shows them again)."""

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Input, Label, Static

from rules.profile import LABELS
from tui.atelier.evening_run import EveningRun
from tui.atelier.hire import hire_markdown
from tui.widgets.footer import KeysFooter
from tui.widgets.markdown_view import MarkdownView


class VolunteerScreen(Screen):
    DEFAULT_CSS = """
    VolunteerScreen #fields { width: 30; padding: 0 1; }
    VolunteerScreen .field { height: auto; margin: 0 0 1 0; }
    VolunteerScreen .field Input { border: none; height: 1; background: $panel; }
    VolunteerScreen #volunteer-result { width: 1fr; padding: 0 1; }
    VolunteerScreen #volunteer-title { text-style: bold reverse; width: 1fr; }
    /* 80 columns: the fields in a block of three across, the result full width under them (its table fits) */
    VolunteerScreen.narrow #volunteer { layout: vertical; }
    VolunteerScreen.narrow #fields { width: 1fr; height: auto; layout: grid; grid-size: 3; grid-gutter: 0 2; }
    VolunteerScreen.narrow .field { margin: 0; }
    VolunteerScreen.narrow .field Input { padding: 0 0 0 1; }   /* « 1, 2, non conventionné » whole at 80 columns */
    VolunteerScreen.narrow #volunteer-result { padding: 0; scrollbar-size-vertical: 1; }
    VolunteerScreen.narrow #volunteer-markdown { padding: 0; }
    """
    # Priority: the next field takes focus as the key arrives, so what is typed right after Tab or Entrée goes
    # to it even when the screen is busy redrawing the result (else it landed in the field left behind).
    BINDINGS = [Binding("escape", "close", "Retour"),   # short: at 80 columns F4 and Ctrl+Q stay in the footer
                Binding("tab,enter", "app.focus_next", "Champ suivant", priority=True),
                Binding("shift+tab", "app.focus_previous", show=False, priority=True),
                # Priority: the fields' container would take these keys (and scroll nothing) before the screen.
                Binding("pagedown", "scroll_result(1)", "Défiler", priority=True),
                Binding("pageup", "scroll_result(-1)", show=False, priority=True),
                Binding("down", "scroll_result(0.2)", show=False, priority=True),
                Binding("up", "scroll_result(-0.2)", show=False, priority=True)]
    SETTLE = 0.25   # seconds without typing before the result is redrawn

    def __init__(self, evening_run: EveningRun) -> None:
        super().__init__()
        self.evening_run = evening_run

    def compose(self) -> ComposeResult:
        texts = self.evening_run.evening.data.texts
        yield Static(texts["hire_title"], id="volunteer-title", markup=False)
        with Horizontal(id="volunteer"):
            with VerticalScroll(id="fields"):
                for spec in self.evening_run.evening.data.hire_fields:
                    with Vertical(classes="field"):
                        yield Label(LABELS.get(spec.field, spec.field), markup=False)
                        yield Input(placeholder=spec.placeholder, id=f"field-{spec.field}", max_length=80)
            with VerticalScroll(id="volunteer-result"):
                yield MarkdownView(texts["hire_hint"], id="volunteer-markdown")
        yield KeysFooter()

    def on_mount(self) -> None:
        typed = self.evening_run.state.volunteer
        for field in self.query(Input):
            field.value = typed.get(field.id.removeprefix("field-"), "")
        self.query(Input).first().focus()   # values given back post their change: the result is shown again

    def on_resize(self) -> None:
        self.set_class(self.size.width < 100, "narrow")

    def on_input_changed(self, event: Input.Changed) -> None:
        """Redraw once the typing pauses: a redraw per key made the room wait on a busy laptop."""
        if getattr(self, "_redraw", None) is not None:
            self._redraw.stop()
        self._redraw = self.set_timer(self.SETTLE, self.show_result)

    async def show_result(self) -> None:
        await self.query_one("#volunteer-markdown", MarkdownView).update(self.result_text())
        self.keep_typed()

    def keep_typed(self) -> None:
        """What is typed, into the evening's state (saved soon, as every change)."""
        state = self.evening_run.state
        before = state.volunteer
        state.type_volunteer(self.typed())
        if state.volunteer != before:
            warning = self.evening_run.changed()
            if warning:
                self.notify(warning, severity="warning", markup=False)

    def typed(self) -> dict[str, str]:
        return {field.id.removeprefix("field-"): field.value for field in self.query(Input)}

    def result_text(self) -> str:
        typed = self.typed()
        expected = {spec.field: spec.placeholder for spec in self.evening_run.evening.data.hire_fields}
        return hire_markdown(typed, expected, self.evening_run.evening.on, self.evening_run.evening.data.texts)

    def action_scroll_result(self, pages: float) -> None:
        """A page (or a fifth of one, for ↑ / ↓) of the result, with at least a line per key."""
        result = self.query_one("#volunteer-result", VerticalScroll)
        step = round(result.scrollable_content_region.height * pages) or (1 if pages > 0 else -1)
        result.scroll_relative(y=step, animate=False)

    def action_close(self) -> None:
        self.keep_typed()   # typed within the last SETTLE seconds too
        self.dismiss(None)
