"""The evening's pictures as Rich renderables (bars and tables a terminal and a browser both show). Every bar
carries its figure as text too: colour or length is never the only carrier of meaning."""

from rich import box
from rich.bar import Bar
from collections.abc import Callable

from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.table import Table
from rich.text import Text

from common.text import day, fold, number
from tui.atelier.content import Evening

OPTIONS = ("tiers_temps", "mi_temps", "temps_plein")
YEARS = (("year_1", "an 1"), ("year_2", "an 2"), ("year_3_plus", "an 3 et +"))


BAR = "▇"   # marks the column that holds the bars


class Fitted:
    """A chart drawn for the width it is given (bars take what the labels and figures leave)."""

    def __init__(self, draw: Callable[[int], RenderableType]) -> None:
        self.draw = draw

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield self.draw(options.max_width)


def bar_width(total: int, used: int) -> int:
    return max(4, min(40, total - used))


def _table(*columns: str, title: str | None = None, header: bool = True, width: int = 20) -> Table:
    """A table whose column named BAR holds bars `width` cells wide; the first column wraps, figures never do."""
    table = Table(title=title, box=box.SIMPLE_HEAD, expand=False, title_justify="left", pad_edge=False,
                  show_header=header, title_style="bold")
    for i, name in enumerate(columns):
        if name == BAR:
            table.add_column("", width=width, no_wrap=True)
        else:
            table.add_column(name, justify="right" if i else "left", no_wrap=i > 0)
    return table


def _bar(value: float, top: float, width: int, color: str = "default") -> Bar:
    return Bar(size=top or 1, begin=0, end=value, width=width, color=color)


def amounts(evening: Evening, width: int = 80) -> RenderableType:
    """Amounts per option and contract year: a column per regime — what a contract year starting under it pays,
    new contracts and running ones alike (the 2024 revaluation reaches older contracts at their anniversary) —
    and a bar for the regime in force at the evening's date. An option closed to new contracts has no 1st year
    (« fermé ») and its later years, paid to running contracts only, are starred and explained under the table."""
    regimes = evening.params["regimes"].history
    current = evening.params["regimes"].at(evening.on)
    size = bar_width(width, 30 + 9 * len(regimes))
    table = _table("Option, année", BAR, *(r.value.id for r in regimes), width=size,
                   title=f"Aide par année de contrat, en euros — barres : {current.value.label if current else '—'}")
    cells = {(o, key, r.start): _amount_cell(evening, o, key, r.start) for o in OPTIONS for key, _ in YEARS
             for r in regimes}
    top = max(value or 0 for _, value in cells.values())
    for option in OPTIONS:
        name = evening.params[f"option_{option}"].history[0].value.label
        for key, label in YEARS:
            now = cells[option, key, current.start][1] if current in regimes else None
            table.add_row(f"{name}, {label}", _bar(now or 0, top, size), *(cells[option, key, r.start][0] for r in regimes))
    lines = [Text("Année de contrat commencée sous " + " ; ".join(f"{r.value.id} ({r.value.label}, depuis le "
                                                              f"{day(r.start)})" for r in regimes)
                  + ", pour les nouveaux contrats comme pour ceux en cours (revalorisés à leur date anniversaire).",
                  style="dim")]
    closures = {o: _closed_since(evening, o) for o in OPTIONS}
    lines += [Text(f"* {evening.params[f'option_{o}'].history[0].value.label} : contrats signés avant le {day(d)} "
                   f"seulement (option fermée aux nouveaux contrats depuis).", style="dim")
              for o, d in closures.items() if d is not None]
    return Group(table, *lines)


def _amount_cell(evening: Evening, option: str, key: str, when) -> tuple[str, int | None]:
    """The cell's text and its figure: a contract year starting at `when` (running contracts only: « * »)."""
    closed = evening.params[f"option_{option}"].value_at(when) is None
    value = getattr(evening.params[f"amounts_{option}"].value_at(when), key)
    if closed and key == "year_1":
        return "fermé", None
    if value is None:
        return "—", None
    return number(value) + ("*" if closed else ""), value


def _closed_since(evening: Evening, option: str):
    """The day the option closed to new contracts, if it has."""
    return next((d.start for d in evening.params[f"option_{option}"].history if d.value is None), None)


def survey(evening: Evening, query: str = "", width: int = 80, limit: int = 12) -> RenderableType:
    """Share of doctors who find each task « indispensable », most wanted first; `query` filters by a word of
    the task, or by the seed's own groups (« indispensables », « accessoires »)."""
    data = evening.kb.survey
    rows = sorted(data.rows, key=lambda r: -r.indispensable.pct)
    wanted = fold(query.strip())
    if wanted.startswith("indispensable"):
        rows = [r for r in rows if r.task in data.indispensables]
    elif wanted.startswith("accessoire"):
        rows = [r for r in rows if r.task in data.accessoires]
    elif wanted:
        rows = [r for r in rows if wanted in fold(r.task)]
    shown = rows if wanted else rows[:limit]
    title = (f"Tâches jugées « indispensables » ({data.respondents} généralistes) — "
             + (f"filtre « {query.strip()} » : {len(rows)} tâche(s)" if wanted else f"les {len(shown)} premières sur {len(rows)}"))
    size = bar_width(width, 50)
    table = _table("Tâche", BAR, "Indispensable", title=title, width=size)
    for row in shown:
        table.add_row(row.task, _bar(row.indispensable.pct, 100, size),
                      f"{number(row.indispensable.pct, 1)} % ({row.indispensable.n})")
    return table if shown else Group(Text(title), Text("Aucune tâche ne correspond à ce filtre."))


def international(evening: Evening, width: int = 80) -> RenderableType:
    table = Table(title="L'assistant médical dans les autres pays", box=box.SIMPLE_HEAD, expand=True,
                  title_justify="left", show_lines=True, title_style="bold")
    for name in ("Pays", "Depuis", "Formation", "Fonctions"):
        table.add_column(name, ratio=3 if name == "Fonctions" else 2 if name == "Formation" else 1)
    for c in evening.kb.international.countries:
        table.add_row(c.name, c.since, c.training, c.functions)
    return table


def bilan(evening: Evening, width: int = 80) -> RenderableType:
    size = bar_width(width, 48)
    parts: list[RenderableType] = []
    for series in evening.data.bilan:
        table = _table("", BAR, "", title=series.title, header=False, width=size)
        top = 100 if series.unit == "%" else max(b.value for b in series.bars)
        for b in series.bars:
            shown = b.note or (f"{number(b.value, 1)} %" if series.unit == "%" else f"{number(b.value)} {series.unit}")
            table.add_row(b.label, _bar(b.value, top, size), shown)
        parts.append(table)
    return Group(*parts)


def tally(hands: list[int], choices: tuple[str, ...], answer: int | None, width: int = 80) -> RenderableType:
    """The room's hands per choice; once revealed (`answer` given), the right one is marked in words."""
    total = sum(hands)
    size = bar_width(width, 50)
    table = _table("Choix", BAR, "Mains", width=size)
    for i, choice in enumerate(choices):
        right = answer == i
        share = f" ({number(round(100 * hands[i] / total))} %)" if total else ""
        table.add_row(Text(f"{i + 1}. {choice}" + (" ✓ bonne réponse" if right else ""), style="bold" if right else ""),
                      _bar(hands[i], max(hands) if total else 1, size, "green" if right else "default"),
                      f"{hands[i]}{share}")
    return table


def prepost(evening: Evening, state, width: int = 80) -> RenderableType:
    """Share of right answers per question, before (pré-test, upper bar) and after (post-test, lower bar)."""
    size = bar_width(width, 60)
    table = _table("Question", BAR, "Avant", "Après", width=size,
                   title=evening.data.texts["prepost_title"])
    for i, q in enumerate(evening.quiz):
        before = state.right_share("pre", i, q.answer, len(q.choices))
        after = state.right_share("post", i, q.answer, len(q.choices))
        if before is None and after is None:
            continue
        bars = Group(_bar(100 * (before or 0), 100, size), _bar(100 * (after or 0), 100, size, "green"))
        table.add_row(f"{i + 1}. {q.question}", bars, _pct(before), _pct(after))
    return table if table.row_count else Text(evening.data.texts["prepost_empty"])


def _pct(share: float | None) -> str:
    return "—" if share is None else f"{number(round(100 * share))} %"
