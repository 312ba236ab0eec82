"""VolunteerScreen (« Et maintenant, j'embauche ? »): a volunteer's profile typed live; the personal result
from the rules is recomputed at each keystroke and shown large on the projected screen."""

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Input, Label, Markdown, Static

from rules import ProfileError, business_summary, evaluate, parse_profile
from rules.business import business_case
from rules.profile import LABELS
from rules.summary import to_markdown
from tui.atelier.evening_run import EveningRun


class VolunteerScreen(Screen):
    DEFAULT_CSS = """
    VolunteerScreen #fields { width: 38; padding: 0 1; }
    VolunteerScreen #fields Input { border: none; height: 1; margin: 0 0 1 0; background: $panel; }
    VolunteerScreen #volunteer-result { width: 1fr; padding: 0 1; }
    VolunteerScreen.narrow #fields { width: 30; }
    VolunteerScreen #volunteer-title { text-style: bold reverse; width: 1fr; }
    """
    BINDINGS = [Binding("escape", "close", "Retour aux chapitres")]

    def __init__(self, evening_run: EveningRun) -> None:
        super().__init__()
        self.evening_run = evening_run

    def compose(self) -> ComposeResult:
        texts = self.evening_run.evening.data.texts
        yield Static(texts["hire_title"], id="volunteer-title", markup=False)
        with Horizontal():
            with VerticalScroll(id="fields"):
                for spec in self.evening_run.evening.data.hire_fields:
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
        self.query_one("#volunteer-markdown", Markdown).update(self.result_text())

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.focus_next()

    def profile_data(self) -> dict[str, str]:
        return {i.id.removeprefix("field-"): i.value.strip() for i in self.query(Input) if i.value.strip()}

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
