"""BudgetView: the business case of the doctor's profile — cost, aid and net per year, bars aid vs cost."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from rich.bar import Bar
from rich.table import Table
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from common.text import eur, number
from tui.widgets.text_table import TextTable

if TYPE_CHECKING:   # the rules are imported when a budget is first shown, not on the chat's start-up path
    from rules import Result
    from rules.business import BusinessCase

EMPTY = ("Pas encore de budget : choisissez une option (mi-temps, temps plein) dans une simulation, "
         "puis demandez « combien ça me coûte ? ».")
BAR_WIDTH = 16


class BudgetView(VerticalScroll):
    DEFAULT_CSS = """
    BudgetView { border: round $accent; height: 1fr; scrollbar-gutter: stable; }
    BudgetView #budget-table { height: auto; margin-bottom: 1; }
    BudgetView Static { margin-bottom: 1; }
    """

    _profile: dict | None = None   # the profile last shown

    def compose(self) -> ComposeResult:
        yield Static(Content(EMPTY), id="budget-summary")
        yield TextTable(id="budget-table")
        yield Static(id="budget-chart")
        yield Static(id="budget-break-even")

    def on_mount(self) -> None:
        self.border_title = "Budget"
        self.query_one(TextTable).display = False

    def show(self, profile: dict, result: Result | None, on: dt.date) -> None:
        """Recompute from the profile and its result (pure and fast: rules/business.py). A turn without a result
        that changed the profile (a salary said while the form asks the option) is evaluated here, so the budget
        follows on that turn, not the next one."""
        if result is None and profile == self._profile:
            return
        self._profile = dict(profile)
        if not profile:
            self.show_case(None)
            return
        from rules import ProfileError, parse_profile
        from rules.business import business_case

        try:
            case = business_case(parse_profile(profile), on, result)
        except ProfileError:
            case = None
        self.show_case(case)

    def show_case(self, case: BusinessCase | None) -> None:
        table = self.query_one(TextTable)
        chart = self.query_one("#budget-chart", Static)
        balance = self.query_one("#budget-break-even", Static)
        if case is None:
            self.query_one("#budget-summary", Static).update(Content(EMPTY))
            table.update([])
            table.display = False
            chart.update("")
            balance.update("")
            return
        from rules.business_summary import amount, verdict

        self.query_one("#budget-summary", Static).update(Content(verdict(case)))
        rows = [[str(y.year), *(amount(v) for v in (y.cost_eur, y.aid_eur, y.net_eur))] for y in case.years]
        totals = ["Total", *(amount(v) for v in (case.total_cost_eur, case.total_aid_eur, case.total_net_eur))]
        table.update([["Année", "Coût €", "Aide €", "Reste €"], *rows, totals])
        table.display = True
        chart.update(bars(case))
        balance.update(Content(break_even_line(case)))


def bars(case: BusinessCase) -> Table:
    """Aid vs cost per contract year, as Rich bars on one scale."""
    top = max([y.cost_eur for y in case.years] + [y.aid_eur for y in case.years] + [1])
    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True)
    grid.add_column(width=BAR_WIDTH)
    grid.add_column(justify="right", no_wrap=True)
    for y in case.years:
        grid.add_row(f"{y.year} aide", Bar(top, 0, y.aid_eur, width=BAR_WIDTH, color="green"), eur(y.aid_eur))
        grid.add_row("  coût", Bar(top, 0, y.cost_eur, width=BAR_WIDTH, color="red"), eur(y.cost_eur))
    return grid


def break_even_line(case: BusinessCase) -> str:
    be = case.break_even
    if be.consultations_per_year is None:
        return "Équilibre : indiquez votre tarif de consultation pour le calculer."
    if be.consultations_per_year == 0:
        return "Équilibre : l'aide couvre le coût en moyenne."
    return (f"Équilibre : {number(be.consultations_per_year)} consultations de plus par an "
            f"(≈ {number(be.consultations_per_week, 1)} par semaine) à {number(be.consultation_fee_eur, 2)} €.")
