"""Showing or hiding the side panel (F6) reflows the conversation to a new width: the reader keeps the latest
answer in view instead of landing on an older reply."""

from tests.tui_helpers import make_app, ready, run, send, settle
from tui.widgets.bot_message import BotMessage


def latest_answer_in_view(app) -> bool:
    conversation, latest = app.query_one("#conversation"), app.query(BotMessage).last()
    top = latest.region.y
    return conversation.region.y <= top < conversation.region.bottom


def test_f6_keeps_the_latest_answer_in_view():
    async def scenario():
        app = make_app()
        async with app.run_test(size=(80, 24)) as pilot:
            await ready(pilot)
            for question in ("montant de l'aide à mi-temps", "quelles missions confier à un assistant médical ?",
                             "je suis généraliste en secteur 1 au P60, suis-je éligible ?",
                             "combien d'heures de formation pour une aide-soignante ?"):
                await send(pilot, question)
            await settle(pilot)
            assert latest_answer_in_view(app)
            for _ in range(2):   # opens the panel (narrow terminal: folded at start), then folds it again
                await pilot.press("f6")
                await settle(pilot)
                assert latest_answer_in_view(app)
    run(scenario())
