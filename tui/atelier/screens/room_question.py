"""RoomQuestionScreen: the chat over the slides for a question from the room; the answer fills most of the
screen (a terminal has no larger type) and the question is logged with its chapter (for the export)."""

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from tui.atelier.evening_run import EveningRun
from tui.atelier.state import MAX_TEXT, clean
from tui.widgets.markdown_view import MarkdownView


class RoomQuestionScreen(ModalScreen[None]):
    DEFAULT_CSS = """
    RoomQuestionScreen { align: center middle; }
    RoomQuestionScreen > Vertical { width: 95%; height: 90%; border: thick $accent; padding: 0 1;
                                    background: $surface; }
    RoomQuestionScreen #room-label { text-style: bold; }
    RoomQuestionScreen VerticalScroll { height: 1fr; }
    """
    BINDINGS = [Binding("escape", "close", "Retour aux chapitres")]

    def __init__(self, evening_run: EveningRun) -> None:
        super().__init__()
        self.evening_run = evening_run
        self.answered = 0
        self.choices: tuple[dict, ...] = ()   # the candidates of a « Vouliez-vous dire… ? » awaiting a number

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(self.evening_run.evening.data.texts["question_prompt"], id="room-label", markup=False)
            yield Input(max_length=MAX_TEXT, id="room-input")
            with VerticalScroll():
                yield MarkdownView(id="room-answer")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        question = clean(event.value)
        if question:
            self.query_one("#room-answer", MarkdownView).update("*Je cherche…*")
            self.answer(question)

    @work(thread=True, exclusive=True)
    def answer(self, question: str) -> None:
        reply = self.evening_run.answer(question)
        self.app.call_from_thread(self._show, question, reply)

    def _show(self, question: str, reply) -> None:
        texts = self.evening_run.evening.data.texts
        chosen = next((c["title"] for c in self.choices if c["intent"] == reply.intent), None)
        question = chosen or question
        self.choices = reply.candidates if reply.status == "clarify" else ()
        text = f"## {question}\n\n{reply.text}"
        if self.choices:
            text += "\n\n" + texts["room_choose"].format(last=len(self.choices))
        elif reply.status in ("fallback", "form") and reply.quick_replies:   # what to try, or the form's choices
            text += "\n\n" + "\n".join(f"- {q.label}" for q in reply.quick_replies)
        if reply.status == "form":   # a simulation started from the room: the volunteer's screen does it better
            text += "\n\n" + texts["room_form"]
        sources = "\n".join(f"- {s['title']}" for s in reply.sources)
        text += f"\n\n**Sources**\n\n{sources}" if sources else ""
        self.query_one("#room-answer", MarkdownView).update(text)
        state = self.evening_run.state
        if not self.choices:   # a « Vouliez-vous dire » is recorded once answered, as the question chosen
            state.log_question(max(0, state.chapter), question, reply.text)
        warning = self.evening_run.changed()
        if warning:
            self.notify(warning, severity="warning", markup=False)
        self.answered += 1
        self.query_one("#room-input", Input).value = ""

    def action_close(self) -> None:
        self.dismiss(None)
