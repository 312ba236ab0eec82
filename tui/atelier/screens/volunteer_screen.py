"""VolunteerScreen (« Et maintenant, j'embauche ? »): a volunteer's profile typed live; the personal result
from the rules is recomputed as it is typed (once the typing pauses) and shown large on the projected screen."""

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Input, Label, Markdown, Static

from chatbot.entities import extract
from chatbot.normalize import normalize
from rules import ProfileError, business_summary, evaluate, parse_profile
from rules.business import business_case
from rules.profile import LABELS
from rules.summary import to_markdown
from tui.atelier.evening_run import EveningRun


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
    BINDINGS = [Binding("escape", "close", "Retour aux chapitres"),
                Binding("tab,enter", "app.focus_next", "Champ suivant", priority=True),
                Binding("shift+tab", "app.focus_previous", show=False, priority=True)]
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
                yield Markdown(texts["hire_hint"], id="volunteer-markdown")
        yield Footer()

    def on_mount(self) -> None:
        self.query(Input).first().focus()

    def on_resize(self) -> None:
        self.set_class(self.size.width < 100, "narrow")

    def on_input_changed(self, event: Input.Changed) -> None:
        """Redraw once the typing pauses: a redraw per key made the room wait on a busy laptop."""
        if getattr(self, "_redraw", None) is not None:
            self._redraw.stop()
        self._redraw = self.set_timer(self.SETTLE, self.show_result)

    async def show_result(self) -> None:
        await self.query_one("#volunteer-markdown", Markdown).update(self.result_text())

    def profile_data(self) -> dict[str, str]:
        """The fields as typed, each read in the room's words as the chat reads them (« mi-temps », « temps
        plein », « non conventionné », « hors zone », « P50 », « MG »)."""
        data = {}
        for field in self.query(Input):
            name, raw = field.id.removeprefix("field-"), field.value.strip()
            if raw:
                data[name] = extract(normalize(raw)).get(name, raw)
        return data

    def result_text(self) -> str:
        data = self.profile_data()
        if not data:
            return self.evening_run.evening.data.texts["hire_hint"]
        try:
            profile = parse_profile(data)
        except ProfileError as exc:
            return "**À corriger :**\n\n" + "\n".join(f"- {m}" for m in exc.messages)
        on = self.evening_run.evening.on
        result = evaluate(profile, on=on)
        case = business_case(profile, on, result)
        text = to_markdown(result) + ("\n\n" + business_summary.to_markdown(case) if case else "")
        return text + "\n\n" + self.evening_run.evening.data.texts["simulator"]

    def action_close(self) -> None:
        self.dismiss(None)
