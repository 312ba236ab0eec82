"""Showing or hiding the side panel (F6) reflows the conversation to a new width: the reader keeps the latest
answer in view instead of landing on an older reply. On a narrow terminal the panel opens in place of the
conversation (beside it, the chat kept ~28 columns at 80), and Échap or a key typed comes back to it."""

from tests.tui_helpers import make_app, ready, run, screen_lines, send, settle
from tui.widgets.bot_message import BotMessage

QUESTIONS = ("montant de l'aide à mi-temps", "quelles missions confier à un assistant médical ?",
             "je suis généraliste en secteur 1 au P60, suis-je éligible ?",
             "combien d'heures de formation pour une aide-soignante ?")


def latest_answer_in_view(app) -> bool:
    conversation, latest = app.query_one("#conversation"), app.query(BotMessage).last()
    top = latest.region.y
    return conversation.region.y <= top < conversation.region.bottom


def test_f6_keeps_the_latest_answer_in_view():
    async def scenario():
        app = make_app()
        async with app.run_test(size=(120, 36)) as pilot:
            await ready(pilot)
            for question in QUESTIONS:
                await send(pilot, question)
            await settle(pilot)
            assert latest_answer_in_view(app)
            for _ in range(2):   # folds the panel (open at start on a wide terminal), then opens it again
                await pilot.press("f6")
                await settle(pilot)
                assert latest_answer_in_view(app)
    run(scenario())


def test_f6_on_a_narrow_terminal_opens_the_panel_in_place_of_the_conversation():
    async def scenario():
        app = make_app()
        async with app.run_test(size=(80, 24)) as pilot:
            await ready(pilot)
            for question in QUESTIONS[2:]:
                await send(pilot, question)
            await settle(pilot)
            side, chat = app.query_one("#side"), app.query_one("#chat")
            assert not side.display and chat.display
            await pilot.press("f6")
            await settle(pilot)
            assert side.display and not chat.display and side.region.width == 80   # the whole width, not 46
            assert app.focused is app.query_one("#profile")
            assert any("Temps plein" in line for line in screen_lines(app))   # the amounts grid whole
            await pilot.press("escape")
            await settle(pilot)
            assert chat.display and not side.display and app.focused is app.query_one("#prompt")
            assert latest_answer_in_view(app)
            await pilot.press("f6")
            await pilot.press("a")   # a key typed goes to the question box, the conversation back in view
            await settle(pilot)
            assert chat.display and not side.display and app.query_one("#prompt").value == "a"
            await pilot.press("f6", "enter")   # a field asked again from the panel is answered in the conversation
            await settle(pilot)
            assert chat.display and app.turns[-1][0].startswith("(modifier")
    run(scenario())
