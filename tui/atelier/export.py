"""The evening as Markdown for the CPTS's report: programme, pre/post results, expectations, questions, the
volunteer's simulation (profile as typed and its result), sources."""

import datetime as dt
import re
from pathlib import Path

from common.text import day, number
from common.userfiles import data_dir, write_new
from tui.atelier.content import Evening
from tui.atelier.plain import programme_lines
from tui.atelier.state import EveningState


def _escape(text: str) -> str:
    return text.replace("|", "\\|")


def to_markdown(evening: Evening, state: EveningState) -> str:
    lines = [f"# {evening.title}", "", f"Soirée du {day(evening.on)} — compte rendu exporté par amguide.", "",
             "## Programme", ""]
    lines += programme_lines(evening)
    lines += ["", "## Pré-test et post-test", "",
              "| Question | Bonne réponse | Mains avant | Bonnes réponses avant | Mains après | Bonnes réponses après |",
              "|---|---|--:|--:|--:|--:|"]
    for i, q in enumerate(evening.quiz):
        cells = []
        for phase in ("pre", "post"):
            hands = state.hands(phase, i, len(q.choices))
            share = state.right_share(phase, i, q.answer, len(q.choices))
            cells += [str(sum(hands)), "—" if share is None else f"{number(round(100 * share))} %"]
        lines.append(f"| {_escape(q.question)} | {_escape(q.choices[q.answer])} | " + " | ".join(cells) + " |")
    lines += ["", "## Attentes de la salle", ""]
    lines += [f"- [{'x' if e.done else ' '}] {e.text}" for e in state.expectations] or ["Aucune attente notée."]
    lines += ["", "## Questions de la salle", ""]
    for q in state.questions:
        title = evening.chapters[q.chapter].title if 0 <= q.chapter < len(evening.chapters) else "?"
        lines += [f"### {q.question}", "", f"*Chapitre {q.chapter + 1} — {title}*", "", q.answer, ""]
    if not state.questions:
        lines += ["Aucune question posée.", ""]
    lines += volunteer_lines(evening, state)
    lines += ["## Sources", ""]
    sources = dict.fromkeys(s for c in evening.chapters for s in c.sources)
    sources.update(dict.fromkeys(evening.source_title(s) for q in evening.quiz for s in q.sources))
    lines += [f"- {s}" for s in sources]
    return "\n".join(lines) + "\n"


def volunteer_lines(evening: Evening, state: EveningState) -> list[str]:
    """« Et maintenant, j'embauche ? »: the profile the volunteer gave, as typed, and the result computed from it
    (as the room saw it); nothing when no profile was typed."""
    if not state.volunteer:
        return []
    from tui.atelier.hire import hire_markdown, label
    from tui.transcript import inline

    fields = [spec.field for spec in evening.data.hire_fields]
    typed = {f: state.volunteer[f] for f in fields if f in state.volunteer}
    if not typed:
        return []
    texts = evening.data.texts
    expected = {spec.field: spec.placeholder for spec in evening.data.hire_fields}
    result = hire_markdown(typed, expected, evening.on, texts)
    result = re.sub(r"^(#{1,3}) ", "#### ", result, flags=re.M)   # its headings under this section's
    return [f"## {texts['hire_title']}", "", "### Profil saisi", "",
            *(f"- {label(f)} : {inline(v)}" for f, v in typed.items()), "", "### Résultat", "", result, ""]


def file_name() -> str:
    return dt.datetime.now().strftime("soiree_%Y-%m-%d_%H%M%S.md")


def export(evening: Evening, state: EveningState, name: str | None = None) -> Path:
    """Write the export whole (or not at all) in the user's exports folder; return its path."""
    return write_new(data_dir() / "exports" / (name or file_name()), to_markdown(evening, state))   # never overwrites
