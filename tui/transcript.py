"""The conversation as Markdown, for export and copy: the doctor's words quoted literally, answers as given."""

import datetime as dt

from chatbot.reply import Reply
from rules.summary import to_markdown
from tui.output import source_label


def quote(text: str) -> str:
    """The doctor's text as a Markdown quote, escaped so that nothing in it is read as Markdown."""
    escaped = "".join("\\" + c if c in "\\`*_{}[]<>()#+-.!|~" else c for c in text)
    return "\n".join(f"> {line}" for line in escaped.splitlines() or [""])


def export(turns: list[tuple[str, Reply]], on: dt.date) -> str:
    lines = [f"# Conversation amguide — {on.isoformat()}", ""]
    last_result = None
    for question, reply in turns:
        lines += ["**Vous :**", "", quote(question), "", "**amguide :**", "", reply.text, ""]
        if reply.sources:
            lines += ["Sources :", "", *(f"- {source_label(s)}" + (f" — <{s['url']}>" if s["url"] else "")
                                         for s in reply.sources), ""]
        last_result = reply.result or last_result
    if last_result is not None:
        lines += ["---", "", "# Simulation", "", to_markdown(last_result), ""]
    return "\n".join(lines)
