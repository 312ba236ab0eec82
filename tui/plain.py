"""`amguide --plain`: the same conversation line by line, for screen readers, pipes and dumb terminals.

Answers are written as clean text: headings, lists and aligned tables, without Markdown marks (`**`, `##`, `|`)
that a screen reader would spell out; with piped input, each question is echoed after « Vous : »."""

import datetime as dt
import re
import sys

from tui.output import source_label
from tui.tables import aligned, blocks, inline


def plain_text(markdown: str) -> str:
    """Markdown as clean text: `## Titre` → `Titre`, `**gras**` → `gras`, tables aligned on spaces."""
    out: list[str] = []
    for block in blocks(markdown):
        if not isinstance(block, str):
            out += aligned(block)
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
        reply = session.handle(text)
        print(f"\namguide : {plain_text(reply.text)}")
        if reply.sources:
            print("\nSources :")
            for s in reply.sources:
                print(f"- {source_label(s)}" + (f" : {s['url']}" if s["url"] else ""))
        choices = [q.label for q in reply.quick_replies] or list(reply.suggestions)
        if choices:
            print("\nSuggestions :")
            for choice in choices:
                print(f"- {choice}")
        sys.stdout.flush()
