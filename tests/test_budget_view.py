"""The side panel's « Budget » view (Pilot): filled by a cost question, emptied by a new conversation."""

from tests.tui_helpers import make_app, ready, run, send
from tui.widgets.budget_view import EMPTY, BudgetView
from tui.widgets.text_table import TextTable


def test_cost_question_opens_the_budget_view_with_one_row_a_year_and_the_total():
    async def scenario():
        app = make_app()
        async with app.run_test(size=(120, 36)) as pilot:
            await ready(pilot)
            view = app.query_one(BudgetView)
            assert str(view.query_one("#budget-summary").render()) == EMPTY
            await send(pilot, "je suis généraliste en secteur 1 au 60e percentile à mi-temps")
            await send(pilot, "combien ça me coûte ?")
            assert app.query_one("#side").active == "budget-tab"
            table = view.query_one(TextTable)
            lines = str(table.render()).replace("\u00a0", " ").splitlines()
            assert table.display and len(lines) == 7 and table.region.height == 7   # header, 5 years, total
            assert lines[-1].split() == ["Total", "70", "820", "66", "000", "4", "820"]
            await pilot.press("f5")
            await pilot.pause()
            assert not table.display
    run(scenario())


def test_budget_view_stays_empty_without_an_option():
    async def scenario():
        app = make_app()
        async with app.run_test(size=(120, 36)) as pilot:
            await ready(pilot)
            await send(pilot, "je suis généraliste en secteur 1 au 60e percentile")
            assert not app.query_one(BudgetView).query_one(TextTable).display
    run(scenario())
