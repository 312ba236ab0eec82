"""Markdown answers as pieces a terminal can lay out: inline marks removed, tables parsed and aligned to a width.

One place for tables, shared by the chat (tui.widgets.text_table), the side panel and `--plain`: a table is laid
out as aligned columns when they fit the width, else one line group per row (« Année 1 — Salaire 10 895 · … »),
so headers are never cut and a number never breaks across lines."""

import re
import textwrap

from rich.cells import cell_len

LINK = re.compile(r"\[([^\]]+)\]\(([^)\s]+)\)")
EMPHASIS = re.compile(r"(\*\*|__|\*|`)(.+?)\1")
ITALIC = re.compile(r"(?<![\w\\])_(.+?)_(?!\w)")
RULE = re.compile(r"^\s*\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)*\|?\s*$")
NBSP = "\u00a0"
DASHES = ("—", "–", "-")   # « none » in a column of numbers
MIN_TEXT = 20    # narrowest a wrapped text column may be
MAX_GROUPS = 3   # beyond, one block per row reads better than a table cut into slivers

Rows = list[list[str]]


def inline(text: str) -> str:
    """Inline Markdown as plain text: links as « titre (url) », emphasis and code marks dropped."""
    text = LINK.sub(lambda m: m.group(1) if m.group(1) == m.group(2) else f"{m.group(1)} ({m.group(2)})", text)
    text = EMPHASIS.sub(r"\2", text)
    text = ITALIC.sub(r"\1", text)
    return text.replace("\\", "")


def is_table_line(line: str) -> bool:
    return line.lstrip().startswith("|")


def table_rows(lines: list[str]) -> Rows:
    """The cells of a Markdown table (header first, the rule line dropped), every row as long as the longest."""
    rows = [[inline(c.strip()) for c in line.strip().strip("|").split("|")] for line in lines if not RULE.match(line)]
    count = max(len(r) for r in rows)
    return [r + [""] * (count - len(r)) for r in rows]


def blocks(markdown: str) -> list[str | Rows]:
    """The answer cut into Markdown text (str) and tables (rows), in order."""
    out: list[str | Rows] = []
    text: list[str] = []
    lines = markdown.splitlines()
    i = 0
    while i < len(lines):
        if is_table_line(lines[i]):
            start = i
            while i < len(lines) and is_table_line(lines[i]):
                i += 1
            if "\n".join(text).strip():
                out.append("\n".join(text))
            text = []
            out.append(table_rows(lines[start:i]))
            continue
        text.append(lines[i])
        i += 1
    if "\n".join(text).strip():
        out.append("\n".join(text))
    return out


def numeric(cell: str) -> bool:
    return bool(cell) and (cell[0].isdigit() or cell[0] in "+-−")


def _right_aligned(rows: Rows) -> list[bool]:
    """A column after the first is right-aligned when every filled cell below its header is a number (or « — »)."""
    body = rows[1:] or rows
    return [i > 0 and all(numeric(r[i]) or r[i] in DASHES for r in body if r[i]) and any(numeric(r[i]) for r in body)
            for i in range(len(rows[0]))]


def aligned(rows: Rows, gap: int = 2) -> list[str]:
    """Rows as lines of aligned columns (numbers right-aligned), `gap` spaces between columns."""
    if not rows:
        return []
    right = _right_aligned(rows)
    widths = [max(cell_len(r[i]) for r in rows) for i in range(len(rows[0]))]

    def pad(cell: str, width: int, to_right: bool) -> str:
        space = " " * (width - cell_len(cell))
        return space + cell if to_right else cell + space

    return [(" " * gap).join(pad(c, w, r) for c, w, r in zip(row, widths, right)).rstrip() for row in rows]


def stacked(rows: Rows, width: int) -> list[str]:
    """Rows too wide for `width` columns: one group of lines per row, « first cell — header : value · … », wrapped
    between items (an item longer than a line wraps between its words; a number stays whole, it holds NBSPs)."""
    head, body = rows[0], rows[1:]
    lines: list[str] = []
    for row in body:
        items = [f"{h} : {c}" if h else c for h, c in zip(head[1:], row[1:]) if c]
        items = [i.replace(" ", NBSP) if cell_len(i) <= width - 2 else i for i in items]   # an item on one line
        name = f"{head[0]} {row[0]}" if head[0] and numeric(row[0]) else row[0]   # « Année 1 », not « 1 »
        text = f"{name} — " + f"{NBSP}· ".join(items) if items else name
        # textwrap breaks only at ordinary spaces, kept between items; an item longer than a line is cut
        lines += textwrap.wrap(text, max(width, 10), subsequent_indent="  ", break_on_hyphens=False) or [""]
    return lines


def _groups(rows: Rows, width: int, gap: int) -> list[list[int]] | None:
    """The columns after the first split into as few groups as fit `width` beside the first column (repeated in
    each group), the same number of columns in each group where that fits; None if one column alone is too wide."""
    widths = [max(cell_len(r[i]) for r in rows) for i in range(len(rows[0]))]
    columns = list(range(1, len(widths)))

    def fits(group: list[int]) -> bool:
        return widths[0] + sum(gap + widths[i] for i in group) <= width

    greedy: list[list[int]] = [[]]
    for i in columns:
        if not fits([i]):
            return None
        if not fits(greedy[-1] + [i]):
            greedy.append([])
        greedy[-1].append(i)
    size = -(-len(columns) // len(greedy))
    even = [columns[k:k + size] for k in range(0, len(columns), size)]
    return even if len(even) == len(greedy) and all(fits(g) for g in even) else greedy


def wrapped_last(rows: Rows, width: int, gap: int = 2) -> list[str] | None:
    """Aligned columns whose last one, a text, wraps under itself (« F7  atelier : la soirée… » / «     présentateur… »);
    None when that leaves it fewer than MIN_TEXT cells."""
    left = [line for line in aligned([r[:-1] for r in rows], gap)]
    indent = max(cell_len(line) for line in left) + gap
    room = width - indent
    if room < MIN_TEXT:
        return None
    lines: list[str] = []
    for prefix, row in zip(left, rows):
        parts = textwrap.wrap(row[-1], room, break_on_hyphens=False) or [""]
        lines.append((prefix + " " * (indent - cell_len(prefix)) + parts[0]).rstrip())
        lines += [" " * indent + part for part in parts[1:]]
    return lines


def fit(rows: Rows, width: int) -> tuple[list[list[str]], bool]:
    """The table laid out for `width` cells, as blocks of lines, and whether each block starts with a header:
    aligned columns (gap 2, else 1) when they fit; a last column of text wrapped under itself; else the columns
    in up to MAX_GROUPS groups, each beside the first column; else one block of wrapped lines per row."""
    if len(rows) < 2 or len(rows[0]) < 2:
        return [aligned(rows, 1)], False
    for gap in (2, 1):
        lines = aligned(rows, gap)
        if max(cell_len(line) for line in lines) <= width:
            return [lines], True
    if not _right_aligned(rows)[-1]:
        lines = wrapped_last(rows, width)
        if lines is not None:
            return [lines], True
    for gap in (2, 1):
        groups = _groups(rows, width, gap)
        if groups is not None and len(groups) <= MAX_GROUPS:
            return [aligned([[r[0], *(r[i] for i in group)] for r in rows], gap) for group in groups], True
    return [stacked([rows[0], row], width) for row in rows[1:]], False
