"""`amguide --plain`: the same conversation line by line, for screen readers, pipes and dumb terminals.

Answers are written as clean text: headings, lists and aligned tables, without Markdown marks (`**`, `##`, `|`)
that a screen reader would spell out; with piped input, each question is echoed after « Vous : »."""

import datetime as dt
import re
import sys

from tui.output import source_label

LINK = re.compile(r"\[([^\]]+)\]\(([^)\s]+)\)")
EMPHASIS = re.compile(r"(\*\*|__|\*|`)(.+?)\1")
ITALIC = re.compile(r"(?<![\w\\])_(.+?)_(?!\w)")
RULE = re.compile(r"^\s*\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)*\|?\s*$")


def _inline(text: str) -> str:
    text = LINK.sub(lambda m: m.group(1) if m.group(1) == m.group(2) else f"{m.group(1)} ({m.group(2)})", text)
    text = EMPHASIS.sub(r"\2", text)
    text = ITALIC.sub(r"\1", text)
    return text.replace("\\", "")


def _table(lines: list[str]) -> list[str]:
    rows = [[_inline(c.strip()) for c in line.strip().strip("|").split("|")] for line in lines if not RULE.match(line)]
    count = max(len(r) for r in rows)
    rows = [r + [""] * (count - len(r)) for r in rows]
    widths = [max(len(r[i]) for r in rows) for i in range(count)]

    def numeric(cell: str) -> bool:
        return bool(cell) and (cell[0].isdigit() or cell[0] in "+-−")

    return ["  ".join(c.rjust(w) if numeric(c) else c.ljust(w) for c, w in zip(r, widths)).rstrip() for r in rows]


def plain_text(markdown: str) -> str:
    """Markdown as clean text: `## Titre` → `Titre`, `**gras**` → `gras`, tables aligned on spaces."""
    out: list[str] = []
    lines = markdown.splitlines()
    i = 0
    while i < len(lines):
        line = lines[i]
        if line.lstrip().startswith("|"):
            block = []
            while i < len(lines) and lines[i].lstrip().startswith("|"):
                block.append(lines[i])
                i += 1
            out += _table(block)
            continue
        heading = re.match(r"^\s*#{1,6}\s+(.*)$", line)
        if heading:
            out.append(_inline(heading.group(1)))
        elif re.match(r"^\s*(-{3,}|\*{3,})\s*$", line):
            out.append("")
        else:
            out.append(_inline(re.sub(r"^(\s*)[*+] ", r"\1- ", line)))
        i += 1
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
