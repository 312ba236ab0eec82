"""The evening's state (chapter, quiz tallies, expectations, questions from the room, the volunteer's profile),
saved whole soon after each change (tui/atelier/evening_run.py) so a crash or a closed laptop resumes where it was."""

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path

from common.text import printable
from common.userfiles import UnreadableFile, data_dir, read_text, set_aside

PHASES = ("pre", "post")
MAX_HANDS = 999          # per choice: a room, not a stadium
MAX_ITEMS = 200          # expectations, questions
MAX_TEXT = 500
MAX_FIELDS = 20          # the volunteer's profile: a handful of fields
MAX_BYTES = 1 << 20     # a saved evening is a few kilobytes


@dataclass
class Expectation:
    text: str
    done: bool = False


@dataclass
class RoomQuestion:
    chapter: int
    question: str
    answer: str


@dataclass
class EveningState:
    chapter: int = -1                                        # index in the programme; -1: the programme itself
    quiz_position: dict[str, int] = field(default_factory=lambda: {p: 0 for p in PHASES})
    tallies: dict[str, list[list[int]]] = field(default_factory=dict)   # phase → question → hands per choice
    revealed: dict[str, list[int]] = field(default_factory=lambda: {p: [] for p in PHASES})
    expectations: list[Expectation] = field(default_factory=list)
    questions: list[RoomQuestion] = field(default_factory=list)
    volunteer: dict[str, str] = field(default_factory=dict)   # « Et maintenant, j'embauche ? »: field → as typed

    def hands(self, phase: str, question: int, choices: int) -> list[int]:
        rows = self.tallies.setdefault(phase, [])
        while len(rows) <= question:
            rows.append([])
        row = rows[question]
        row.extend([0] * (choices - len(row)))
        return row

    def add_hand(self, phase: str, question: int, choice: int, choices: int, delta: int = 1) -> None:
        row = self.hands(phase, question, choices)
        row[choice] = max(0, min(MAX_HANDS, row[choice] + delta))

    def right_share(self, phase: str, question: int, answer: int, choices: int) -> float | None:
        """Share of right answers for one question, None when nobody was counted."""
        row = self.hands(phase, question, choices)
        total = sum(row)
        return row[answer] / total if total else None

    def add_expectation(self, text: str) -> bool:
        text = clean(text)
        if not text or len(self.expectations) >= MAX_ITEMS:
            return False
        self.expectations.append(Expectation(text))
        return True

    def log_question(self, chapter: int, question: str, answer: str) -> None:
        if len(self.questions) < MAX_ITEMS:
            self.questions.append(RoomQuestion(chapter, clean(question), answer))

    def type_volunteer(self, typed: dict[str, str]) -> None:
        """The volunteer's fields as typed (blank ones dropped), kept for the export and a resumed evening."""
        self.volunteer = {clean(k): clean(v) for k, v in list(typed.items())[:MAX_FIELDS] if clean(v)}

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False, indent=1)

    @classmethod
    def from_json(cls, text: str) -> "EveningState":
        """Read a saved state; anything malformed gives a fresh evening rather than a crash."""
        try:
            return cls.parse(text)
        except ValueError:
            return cls()

    @classmethod
    def parse(cls, text: str) -> "EveningState":
        """Read a saved state; ValueError if it is not one (nested too deep, numbers out of range included)."""
        try:
            raw = json.loads(text)
            state = cls(
                chapter=int(raw.get("chapter", -1)),
                quiz_position={p: int(raw.get("quiz_position", {}).get(p, 0)) for p in PHASES},
                tallies={p: [[max(0, min(MAX_HANDS, int(n))) for n in row] for row in rows]
                         for p, rows in raw.get("tallies", {}).items() if p in PHASES},
                revealed={p: [int(i) for i in raw.get("revealed", {}).get(p, [])] for p in PHASES},
                expectations=[Expectation(clean(str(e["text"])), bool(e.get("done"))) for e in raw.get("expectations", [])],
                questions=[RoomQuestion(max(0, int(q["chapter"])), clean(str(q["question"])),
                                        printable(str(q["answer"]), keep_newlines=True)) for q in raw.get("questions", [])],
                volunteer={clean(str(k)): clean(str(v)) for k, v in list(raw.get("volunteer", {}).items())[:MAX_FIELDS]},
            )
        except (ValueError, TypeError, KeyError, AttributeError, OverflowError, RecursionError) as exc:
            raise ValueError(str(exc)) from None
        state.expectations, state.questions = state.expectations[:MAX_ITEMS], state.questions[:MAX_ITEMS]
        return state


def clean(text: str) -> str:
    """One line of printable text, bounded: what the room says is shown large, never as markup or control codes."""
    text = "".join(c if c.isprintable() else " " for c in text)
    return " ".join(text.split())[:MAX_TEXT]


def state_path() -> Path:
    return data_dir() / "atelier" / "soiree.json"


def load_state(path: Path | None = None) -> tuple[EveningState | None, str | None]:
    """The saved evening (None when there is none: a fresh start), and a French notice when the saved file
    was unreadable or damaged: it is then kept aside (soiree.json.broken-…), never overwritten by the new one."""
    path = path or state_path()
    if not path.exists() and not path.is_symlink():
        return None, None
    try:
        return EveningState.parse(read_text(path, MAX_BYTES)), None
    except (UnreadableFile, ValueError) as exc:
        problem = str(exc) if isinstance(exc, UnreadableFile) else "contenu abîmé"
    aside = set_aside(path)
    if aside is None:
        return None, f"Soirée enregistrée illisible ({problem}) : {path} n'est pas utilisé."
    return None, f"Soirée enregistrée illisible ({problem}) : mise de côté dans {aside} ; une nouvelle soirée commence."
