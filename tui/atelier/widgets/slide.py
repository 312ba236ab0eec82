"""The current chapter, large: title, key points, figures (« en 2019 → aujourd'hui »), pictures, sources."""

from rich.console import Group, RenderableType
from rich.markdown import Markdown
from rich.padding import Padding
from rich.table import Table
from rich.text import Text
from textual.containers import VerticalScroll
from textual.widgets import Static

from tui.atelier import charts
from tui.atelier.content import Chapter, Evening
from tui.atelier.state import EveningState


class Slide(VerticalScroll, can_focus=False):
    """Not focusable: the screen's keys (←/→, PageUp/PageDown, ↑/↓ to scroll) always reach the screen."""

    DEFAULT_CSS = """
    Slide { width: 1fr; height: 1fr; padding: 0 2; }
    Slide > Static { width: 1fr; }
    """

    def compose(self):
        yield Static(id="slide-body")

    def show(self, evening: Evening, state: EveningState, survey_filter: str = "") -> None:
        body = programme(evening) if state.chapter < 0 else chapter(evening, evening.chapters[state.chapter],
                                                                      state, survey_filter)
        self.query_one("#slide-body", Static).update(body)
        self.scroll_home(animate=False)


def programme(evening: Evening) -> RenderableType:
    texts = evening.data.texts
    lines = [Text(evening.title, style="bold"), Text(texts["programme_title"], style="bold underline"), Text("")]
    lines += [Text(f"{c.number}. {c.title} — {c.detail}") for c in evening.chapters]
    lines += [Text(""), Text(texts["keys"], style="italic")]
    return Group(*lines)


def chapter(evening: Evening, c: Chapter, state: EveningState, survey_filter: str) -> RenderableType:
    texts = evening.data.texts
    parts: list[RenderableType] = [
        Text(f"{c.number}/{len(evening.chapters)} · {c.title}", style="bold reverse"),
        Text(c.detail, style="italic"), Text("")]
    if c.figures:
        parts += [_figures(c), Text("")]
    for picture in c.pictures:      # pictures first: the room would rather look than read
        parts += [_picture(picture, evening, state, survey_filter), Text("")]
    for point in c.points:
        parts += [Text(f"■ {point.title}", style="bold"), Padding(Markdown(point.text), (0, 0, 1, 2))]
    if not c.points and not c.pictures and not c.activities:
        parts.append(Text(texts["no_points"]))
    for activity in c.activities:
        hint = texts.get(f"hint_{activity}")
        if hint:
            parts += [Text(""), Text(hint, style="bold")]
        if activity == "bilan_expectations":
            parts += [Text(""), _expectations(evening, state)]
    if c.sources:
        parts += [Text(""), Text("Sources", style="bold underline")] + [Text(f"· {s}", style="dim") for s in c.sources]
    return Group(*parts)


def _figures(c: Chapter) -> Table:
    table = Table(box=None, show_header=True, pad_edge=False, expand=False, header_style="bold")
    table.add_column("Chiffre")
    table.add_column("En 2019")
    table.add_column("→ aujourd'hui", style="bold")
    for f in c.figures:
        table.add_row(f.label, f.before or "inchangé", f.now)
    return table


def _picture(name: str, evening: Evening, state: EveningState, survey_filter: str) -> RenderableType:
    draw = {
        "amounts": lambda w: charts.amounts(evening, w),
        "survey": lambda w: charts.survey(evening, survey_filter, w),
        "international": lambda w: charts.international(evening, w),
        "bilan": lambda w: charts.bilan(evening, w),
        "prepost": lambda w: charts.prepost(evening, state, w),
    }[name]
    return charts.Fitted(draw)


def _expectations(evening: Evening, state: EveningState) -> RenderableType:
    texts = evening.data.texts
    if not state.expectations:
        return Text(texts["expectations_empty"])
    done = sum(e.done for e in state.expectations)
    lines = [Text(f"{texts['expectations_title']} — {done} sur {len(state.expectations)} traitée(s)", style="bold")]
    lines += [Text(f"[{'x' if e.done else ' '}] {e.text}") for e in state.expectations]
    return Group(*lines)
