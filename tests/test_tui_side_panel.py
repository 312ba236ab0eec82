"""The side panel and the palette as a doctor meets them (newcomer, session 6): the Simulation panel shows the option
asked, the Budget follows an assumption said on the turn that says it, the themes keep the chat's order, and an
answer's border ends with its last line. (The palette's order: tests/test_tui_keys.py.)"""

from chatbot.form import form
from knowledge import shipped
from tests.test_tui_keys import shown
from tests.tui_helpers import make_app, ready, run, screen_lines, send, settle
from tui.app import ordered_themes
from tui.widgets.bot_message import BotMessage
from tui.widgets.budget_view import EMPTY, BudgetView

PROFILE = "je suis généraliste en secteur 1 au P60"


def test_the_simulation_panel_shows_the_option_asked_and_names_the_others():
    async def scenario():
        app = make_app()
        async with app.run_test(size=(120, 36)) as pilot:
            await ready(pilot)
            await send(pilot, PROFILE)
            assert "Mi-temps" in shown(app, "#amounts") and "Temps plein" in shown(app, "#amounts")  # none chosen yet
            assert not shown(app, "#options-note")
            await send(pilot, "je veux un mi-temps")
            await pilot.pause(0.1)
            grid = shown(app, "#amounts")
            assert "Mi-temps" in grid and "66 000 €" in grid and "Temps plein" not in grid
            assert "Autre option ouverte : temps plein" in shown(app, "#options-note")
            await send(pilot, "plutôt un tiers-temps")   # closed to a contract signed today: the open ones, and why
            await pilot.pause(0.1)
            assert app.turns[-1][1].profile.get("option") == "tiers_temps"
            assert "Mi-temps" in shown(app, "#amounts") and "Temps plein" in shown(app, "#amounts")
            assert "tiers-temps n'est pas ouverte" in shown(app, "#options-note")
    run(scenario())


def test_a_salary_said_while_the_form_asks_a_question_reaches_the_budget_on_its_turn():
    """Mid-form, an assumption's reply carried the profile as it was before it (its pending question was built
    first), and the panels only follow a reply's result: the Budget changed one question later."""
    async def scenario():
        app = make_app()
        async with app.run_test(size=(120, 36)) as pilot:
            await ready(pilot)
            view = app.query_one(BudgetView)
            await send(pilot, "je suis généraliste au P60, mi-temps")   # the form then asks the sector
            assert app.turns[-1][1].asking == "sector"
            before = shown(app, "#budget-summary")
            await send(pilot, "je la paierai 2 100 € brut par mois")
            reply = app.turns[-1][1]
            assert reply.asking == "sector" and reply.result is None   # the pending question, no result
            assert reply.profile["salary_gross_month"] == 2100
            summary = shown(app, "#budget-summary")
            assert "81 900 €" in summary and summary != before    # 2 100 € × 0,5 ETP × 12 × 5 × 1,3
            await pilot.press("f5")
            await pilot.pause()
            assert str(view.query_one("#budget-summary").render()) == EMPTY
    run(scenario())


def test_every_theme_the_chat_orders_exists_and_none_is_lost():
    themes = shipped().themes
    assert set(form().chat_order) <= set(themes), set(form().chat_order) - set(themes)
    ordered = ordered_themes(themes, form().chat_order)
    assert sorted(ordered) == sorted(themes) and list(ordered)[0] == "Le dispositif"
    assert list(ordered_themes({"b": [], "a": [], "c": []}, ("c",))) == ["c", "b", "a"]   # unnamed: in their order


def test_an_answer_ends_with_its_last_line_inside_its_border():
    async def scenario():
        app = make_app()
        async with app.run_test(size=(100, 40)) as pilot:
            await ready(pilot)
            for question in ("simulation", "combien d'heures de formation pour une aide-soignante ?"):
                await send(pilot, question)
                await settle(pilot)
                message = app.query(BotMessage).last()
                lines = screen_lines(app, message.region)
                assert lines[-1].strip("█ ").strip(), lines   # the bottom line inside the border holds text
    run(scenario())
