"""The evening's slides as Markdown, for `amguide atelier` without a terminal (a pipe, a script, a reader)."""

from tui.atelier.content import Evening


def programme_lines(evening: Evening) -> list[str]:
    return [f"{c.number}. **{c.title}** — {c.detail}" for c in evening.chapters]


def slides_markdown(evening: Evening) -> str:
    lines = [f"# {evening.title}", "", f"## {evening.data.texts['programme_title']}", "", *programme_lines(evening)]
    for c in evening.chapters:
        lines += ["", f"## {c.number}. {c.title}", "", f"*{c.detail}*", ""]
        for f in c.figures:
            lines.append(f"- {f.label} : " + (f"en 2019 {f.before} → aujourd'hui {f.now}" if f.before else f.now))
        for point in c.points:
            lines += ["", f"### {point.title}", "", point.text]
        if c.sources:
            lines += ["", "Sources :", *[f"- {s}" for s in c.sources]]
    return "\n".join(lines) + "\n"
