"""ResultPanel: the live verdict; for « non éligible », what blocks and what would change it first; the amounts
(years × options, with totals; clearly conditional unless eligible) — of the doctor's option alone once one is chosen,
the other open options named under it; criteria ✓ ✗ ?, commitment, regime and date."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Button, Static

from common.text import after_colon, day
from tui.widgets.text_table import TextTable

if TYPE_CHECKING:   # the rules are imported with the first result, not on the chat's start-up path
    from rules import Result

EMPTY = "Pas encore de simulation."


class ResultPanel(VerticalScroll):
    DEFAULT_CSS = """
    ResultPanel { border: round $accent; height: 1fr; scrollbar-gutter: stable; }
    ResultPanel #blocking { color: $error; margin-top: 1; }
    ResultPanel #amounts-title { margin-top: 1; }
    ResultPanel #options-note { color: $text-muted; }
    ResultPanel #criteria, ResultPanel #commitment { margin-top: 1; }
    ResultPanel #why { width: auto; margin-top: 1; }
    """

    def compose(self) -> ComposeResult:
        yield Static(Content(EMPTY), id="verdict")
        yield Static(id="blocking")
        yield Static(id="amounts-title")
        yield TextTable(id="amounts")
        yield Static(id="options-note")
        yield Static(id="criteria")
        yield Static(id="commitment")
        yield Button("Pourquoi ? (origine des chiffres)", id="why", compact=True)

    def on_mount(self) -> None:
        self.border_title = "Simulation"
        self.clear()

    def clear(self) -> None:
        """Back to « no simulation yet » (a new conversation shows nothing of the old one)."""
        self.query_one("#verdict", Static).update(Content(EMPTY))
        for part in ("#blocking", "#amounts-title", "#options-note", "#criteria", "#commitment"):
            self.query_one(part, Static).update(Content(""))
            self.query_one(part).display = False
        self.query_one("#amounts", TextTable).update([])
        self.query_one("#amounts").display = False
        self.query_one("#why").display = False

    def _set(self, part: str, text: str) -> None:
        self.query_one(part, Static).update(Content(text))
        self.query_one(part).display = bool(text)

    def show(self, result: Result | None, option: str | None = None) -> None:
        """`option`: the profile's option, whose amounts alone are shown when it is open (« je veux un mi-temps »
        showed the mi-temps and the temps plein side by side, as if nothing had been chosen)."""
        if result is None:
            return
        from rules.summary import AMOUNTS_TITLES, CONDITIONAL, MARKS, amounts_rows, blocking, verdict_label

        regime = f"\n{result.regime.label}, contrat signé le {day(result.signature_date)}" if result.regime else ""
        self._set("#verdict", verdict_label(result) + regime)
        self._set("#blocking", "\n".join(f"Ce qui bloque — {label} : {after_colon(why)}\nCe qui changerait : "
                                         f"{after_colon(change)}"
                                         for label, why, change in blocking(result)))
        grid, options_note = chosen_column(amounts_rows(result), result, option)
        note = f"\n{CONDITIONAL[result.eligible]}" if result.eligible in CONDITIONAL else ""
        title = Content.assemble((AMOUNTS_TITLES[result.eligible], "bold"), note) if grid else Content("")
        self.query_one("#amounts-title", Static).update(title)
        self.query_one("#amounts-title").display = bool(grid)
        self.query_one("#amounts", TextTable).update(grid)
        self.query_one("#amounts").display = bool(grid)
        self._set("#options-note", options_note if grid else "")
        self._set("#criteria", "\n".join(f"{MARKS[c.status]} {c.label}" for c in result.criteria))
        self._set("#commitment", f"Engagement : {result.objectives.after_colon}" if result.objectives.summary else "")
        self.query_one("#why").display = True


def chosen_column(grid: list[list[str]], result: Result, option: str | None) -> tuple[list[list[str]], str]:
    """The amounts grid (years down, open options across) cut to the chosen option's column, and a line naming the
    other open options; the whole grid with a line saying why when the chosen option is closed (or none is)."""
    if not grid or option is None:
        return grid, ""
    chosen = result.option(option)
    header = grid[0]
    if chosen is None or chosen.label not in header[1:]:
        label = chosen.label.lower() if chosen is not None else option
        return grid, f"L'option {label} n'est pas ouverte à ce contrat : voici les options ouvertes."
    column = header.index(chosen.label)
    others = [label.lower() for label in header[1:] if label != chosen.label]
    rows = [[row[0], row[column]] for row in grid]
    if not others:
        return rows, ""
    return rows, (f"Votre option. Autre{'s' if len(others) > 1 else ''} option{'s' if len(others) > 1 else ''} "
                  f"ouverte{'s' if len(others) > 1 else ''} : {', '.join(others)} (tapez son nom pour la simuler).")
