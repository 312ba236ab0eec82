"""`amguide --plain`: the same conversation line by line, for screen readers, pipes and dumb terminals.

Answers are written as clean text: headings, lists and tables laid out for the terminal's width (80 columns when
it is unknown, as in a pipe), without Markdown marks (`**`, `##`, `|`) that a screen reader would spell out; with
piped input, each question is echoed after « Vous : »."""

import datetime as dt
import re
import shutil
import sys

from common.text import source_label
from tui.tables import blocks, fit, inline


def width() -> int:
    """The terminal's columns ($COLUMNS first), 80 when there is none."""
    return shutil.get_terminal_size((80, 24)).columns


def plain_text(markdown: str, columns: int | None = None) -> str:
    """Markdown as clean text: `## Titre` → `Titre`, `**gras**` → `gras`, tables aligned on spaces within `columns`
    (regrouped or listed row by row when too wide, as the chat does)."""
    out: list[str] = []
    for block in blocks(markdown):
        if not isinstance(block, str):
            laid_out, _ = fit(block, columns or width())
            out += [line for part in laid_out for line in ("", *part)][1:]
            continue
        for line in block.split("\n"):
            heading = re.match(r"^\s*#{1,6}\s+(.*)$", line)
            if heading:
                out.append(inline(heading.group(1)))
            elif re.match(r"^\s*(-{3,}|\*{3,})\s*$", line):
                out.append("")
            else:
                out.append(inline(re.sub(r"^(\s*)[*+] ", r"\1- ", line)))
    return re.sub(r"\n{3,}", "\n\n", "\n".join(out)).strip()


def run(on: dt.date | None = None) -> int:
    from chatbot.session import Session

    session = Session(on=on)
    echo = not sys.stdin.isatty()  # piped questions are not echoed by the terminal: print them
    print("amguide — l'aide à l'emploi d'un assistant médical. Posez votre question (« aide », « quitter »).")
    while True:
        try:
            text = input("\nVous : ")
        except (EOFError, KeyboardInterrupt):
            print()
            return 0
        if echo:
            print(text)
        if text.strip().lower() in ("quitter", "exit", "quit"):
            return 0
        print(f"\namguide : {reply_text(session.handle(text))}")
        sys.stdout.flush()


def reply_text(reply) -> str:
    """A reply as clean text: the answer, then « Sources : » and the choices or suggestions as lists (`--plain`, and
    `amguide ask --plain`). A choice the answer already lists (the quiz's « 1. Le 20 juin 2019 ») is not said twice;
    the choices of a question asked are « Réponses possibles »."""
    text = plain_text(reply.text)
    parts = [text]
    if reply.sources:
        parts.append("Sources :\n" + "\n".join(f"- {source_label(s)}" + (f" : {s['url']}" if s["url"] else "")
                                                for s in reply.sources))
    said = {line.strip() for line in text.splitlines()}
    choices = ([q.label for q in reply.quick_replies if q.label.strip() not in said] if reply.quick_replies
               else list(reply.suggestions))
    if choices:
        heading = "Réponses possibles" if reply.asking else "Suggestions"
        parts.append(f"{heading} :\n" + "\n".join(f"- {choice}" for choice in choices))
    return "\n\n".join(parts)
