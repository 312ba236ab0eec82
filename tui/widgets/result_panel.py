"""ResultPanel: the live verdict, criteria ✓ ✗ ?, options × years with totals, commitment, regime and date."""

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Button, DataTable, Static

from common.text import day, eur
from rules import Result
from rules.summary import MARKS, VERDICTS


class ResultPanel(VerticalScroll):
    DEFAULT_CSS = """
    ResultPanel { border: round $accent; height: 1fr; scrollbar-gutter: stable; }
    ResultPanel #why { width: auto; }
    """

    def compose(self) -> ComposeResult:
        yield Static(Content("Pas encore de simulation."), id="verdict")
        yield Static(id="criteria")
        yield DataTable(id="amounts", show_cursor=False, zebra_stripes=True)
        yield Static(id="commitment")
        yield Button("Pourquoi ? (origine des chiffres)", id="why", compact=True)

    def on_mount(self) -> None:
        self.border_title = "Simulation"
        self.query_one("#why").display = False
        self.query_one(DataTable).display = False

    def show(self, result: Result | None) -> None:
        if result is None:
            return
        regime = f" — {result.regime.label}, contrat signé le {day(result.signature_date)}" if result.regime else ""
        self.query_one("#verdict", Static).update(Content(VERDICTS[result.eligible] + regime))
        lines = [f"{MARKS[c.status]} {c.label}" for c in result.criteria]
        self.query_one("#criteria", Static).update(Content("\n".join(lines)))
        table = self.query_one(DataTable)
        table.clear(columns=True)
        rows = [o for o in result.options if o.available and o.years]
        if rows:
            table.add_columns("Option", *(f"An {y.year}" for y in rows[0].years), "Total")
            for o in rows:
                table.add_row(o.label, *(eur(y.amount_eur) for y in o.years), eur(o.total_eur or 0))
        table.styles.height = len(rows) + 1  # header + one line per option; « auto » can stay at 0 after a refill
        table.display = bool(rows)
        self.query_one("#commitment", Static).update(Content(f"Engagement : {result.objectives.summary}"))
        self.query_one("#why").display = True
