"""QuizScreen: the pre-test or post-test, one question at a time, large; a key per choice adds a hand, R
reveals the answer and its explanation, and the tally is shown as bars."""

from rich.console import Group
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Static

from tui.atelier import charts
from tui.atelier.evening_run import EveningRun
from tui.atelier.state import MAX_HANDS
from tui.widgets.footer import KeysFooter


class QuizScreen(Screen):
    DEFAULT_CSS = """
    QuizScreen VerticalScroll { padding: 1 2; }
    """
    BINDINGS = [
        *[Binding(str(n), f"hand({n - 1})", show=False) for n in range(1, 6)],
        # Short words: at 80 columns the footer keeps « ^q Quitter » (the quiz's key line names them all).
        Binding("backspace", "undo", "Retirer", id="quiz.undo"),
        Binding("r", "reveal", "Révéler", id="quiz.reveal"),
        Binding("t", "type_counts", "Comptes", id="quiz.counts"),
        Binding("right,pagedown", "move(1)", "Suivante", id="quiz.next"),
        Binding("left,pageup", "move(-1)", "Précédente", id="quiz.previous", show=False),
        Binding("escape", "close", "Retour", id="quiz.close"),
    ]

    def __init__(self, evening_run: EveningRun, phase: str) -> None:
        super().__init__()
        self.evening_run, self.phase = evening_run, phase
        self.undo: list[tuple[int, int]] = []

    @property
    def position(self) -> int:
        last = len(self.evening_run.evening.quiz) - 1
        return max(0, min(last, self.evening_run.state.quiz_position[self.phase]))

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield Static(id="quiz-body")
        yield KeysFooter()

    def on_mount(self) -> None:
        self.show()

    def on_resize(self) -> None:
        from tui.atelier.screens.atelier_screen import NARROW

        self.query_one(Footer).show_command_palette = self.size.width >= NARROW   # the room's keys first

    def show(self) -> None:
        evening, state = self.evening_run.evening, self.evening_run.state
        texts = evening.data.texts
        i = self.position
        q = evening.quiz[i]
        revealed = i in state.revealed[self.phase]
        hands = state.hands(self.phase, i, len(q.choices))
        name = texts["pretest" if self.phase == "pre" else "posttest"]
        parts = [Text(f"{name} · question {i + 1}/{len(evening.quiz)}", style="bold reverse"), Text(""),
                 Text(q.question, style="bold"), Text(""),
                 charts.Fitted(lambda w: charts.tally(hands, q.choices, q.answer if revealed else None, w)),
                 Text(f"{sum(hands)} {texts['hands']}" if sum(hands) else texts["no_hands"], style="italic")]
        if revealed:
            parts += [Text(""), Text(f"{texts['revealed']} : {q.answer + 1}. {q.choices[q.answer]}", style="bold"),
                      Text(q.explanation),
                      Text("Sources : " + " ; ".join(evening.source_title(s) for s in q.sources), style="dim")]
        parts += [Text(""), Text(texts["quiz_keys"], style="italic")]
        self.query_one("#quiz-body", Static).update(Group(*parts))
        self.sub_title = name

    def _save(self) -> None:
        warning = self.evening_run.changed()
        if warning:
            self.notify(warning, severity="warning", markup=False)
        self.show()

    def action_hand(self, choice: int) -> None:
        q = self.evening_run.evening.quiz[self.position]
        if choice < len(q.choices):
            self.evening_run.state.add_hand(self.phase, self.position, choice, len(q.choices))
            self.undo.append((self.position, choice))
            self._save()

    def action_undo(self) -> None:
        if self.undo:
            position, choice = self.undo.pop()
            q = self.evening_run.evening.quiz[position]
            self.evening_run.state.add_hand(self.phase, position, choice, len(q.choices), -1)
            self.evening_run.state.quiz_position[self.phase] = position
            self._save()

    def action_reveal(self) -> None:
        revealed = self.evening_run.state.revealed[self.phase]
        if self.position in revealed:
            revealed.remove(self.position)
        else:
            revealed.append(self.position)
        self._save()

    def action_type_counts(self) -> None:
        from tui.atelier.screens.text_prompt import TextPrompt

        q = self.evening_run.evening.quiz[self.position]
        current = " ".join(map(str, self.evening_run.state.hands(self.phase, self.position, len(q.choices))))
        label = f"Mains par choix, dans l'ordre ({len(q.choices)} nombres séparés par des espaces)"
        self.app.push_screen(TextPrompt(label, current, self._counts_problem), self._set_counts)

    def _counts_problem(self, text: str) -> str | None:
        """What is wrong with the typed counts, in French (the box stays open with them), or None."""
        count = len(self.evening_run.evening.quiz[self.position].choices)
        words = text.replace(",", " ").split()
        example = " ".join(["12", "3", "0", "5", "1"][:count])
        wrong = next((w for w in words if not (w.isascii() and w.isdigit())), None)
        if wrong is not None:
            return f"« {wrong} » n'est pas un nombre entier positif ou nul : tapez par exemple « {example} »."
        if len(words) != count:
            return (f"Il faut {count} nombres, un par choix dans l'ordre ; vous en avez tapé {len(words)}. "
                    f"Par exemple « {example} ».")
        big = next((w for w in words if int(w) > MAX_HANDS), None)
        return f"« {big} » : au plus {MAX_HANDS} mains par choix." if big else None

    def _set_counts(self, text: str | None) -> None:
        if text is None or self._counts_problem(text):
            return
        q = self.evening_run.evening.quiz[self.position]
        row = self.evening_run.state.hands(self.phase, self.position, len(q.choices))
        for k, word in enumerate(text.replace(",", " ").split()):
            row[k] = 0
            self.evening_run.state.add_hand(self.phase, self.position, k, len(q.choices), int(word))
        self._save()

    def action_move(self, step: int) -> None:
        last = len(self.evening_run.evening.quiz) - 1
        self.evening_run.state.quiz_position[self.phase] = max(0, min(last, self.position + step))
        self._save()

    def action_close(self) -> None:
        self.dismiss(None)
