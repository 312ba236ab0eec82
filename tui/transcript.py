"""The conversation as Markdown, for export and copy: the doctor's words quoted as typed, answers as given."""

import datetime as dt
import re

from chatbot.reply import Reply
from rules.summary import to_markdown
from common.text import source_label

# What Markdown would read in a line of text: emphasis, code, links, HTML, tables, entities (« R&D » stays)
_INLINE = re.compile(r"[\\`*_\[\]<>|~]|&(?=#?\w+;)")
# What starts a block at the beginning of a line: a heading, a list item, a setext underline
_BLOCK = re.compile(r"^(\s*)(#|[-+=](?=\s|$|[-=])|\d+(?=[.)](?:\s|$)))")


def inline(text: str) -> str:
    """One line of someone's text, Markdown's inline marks escaped: it reads back as typed."""
    return _INLINE.sub(lambda m: "\\" + m.group(0), text)


def quote(text: str) -> str:
    """The doctor's text as a Markdown quote that reads back exactly as typed: only what Markdown would take
    for markup is escaped (« 58 ans. suis-je » stays as it is; « [bold] », « *x* », « # » do not format)."""
    lines = []
    for line in text.splitlines() or [""]:
        line = inline(line)
        line = _BLOCK.sub(lambda m: m.group(1) + ("\\" + m.group(2) if not m.group(2).isdigit() else m.group(2) + "\\"),
                          line)
        lines.append(f"> {line}")
    return "\n".join(lines)


def inputs(profile: dict) -> str:
    """The facts a simulation used, one per line, in the doctor's words (« 850 patients médecin traitant »)."""
    from chatbot.form import form

    return "\n".join(f"- {form().describe(k, v)}" for k, v in profile.items())


def body(turns: list[tuple[str, Reply]]) -> str:
    """The questions and answers, then the last simulation (its data and result)."""
    lines = []
    last = None
    for question, reply in turns:
        lines += ["**Vous :**", "", quote(question), "", "**amguide :**", "", reply.text, ""]
        if reply.sources:
            lines += ["Sources :", "", *(f"- {source_label(s)}" + (f" — <{s['url']}>" if s["url"] else "")
                                         for s in reply.sources), ""]
        last = reply if reply.result is not None else last
    if last is not None:
        lines += ["---", "", "# Simulation", ""]
        if last.profile:
            lines += ["## Données utilisées", "", inputs(last.profile), ""]
        lines += [to_markdown(last.result), ""]
    return "\n".join(lines)


def export(turns: list[tuple[str, Reply]], on: dt.date, earlier: list[dict] = (),
           started: dt.datetime | None = None) -> str:
    """The conversation as Markdown; `earlier` (tui.journal): conversations cut short by a crash, which come
    first, each said with when it started, then this one from its start (`started`)."""
    from tui.journal import when

    lines = [f"# Conversation amguide — {on.isoformat()}", ""]
    for part in earlier:
        lines += [f"## Avant l'interruption (conversation {when(part['started'])})", "", part["markdown"], ""]
    if earlier and turns:
        since = f" (conversation {when(started.isoformat())})" if started else ""
        lines += [f"## Depuis le redémarrage{since}", ""]
    return "\n".join(lines) + "\n" + body(turns)
