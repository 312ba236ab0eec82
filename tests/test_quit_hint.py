"""Ctrl+C, pressed by reflex, tells in French how to quit — in the chat and in the atelier alike."""

import asyncio
import datetime as dt

from tests.tui_helpers import make_app, ready, run
from tui.atelier.app import AtelierApp


async def hint_after_ctrl_c(pilot) -> str:
    await pilot.press("ctrl+c")
    await pilot.pause()
    return " ".join(f"{n.title} {n.message}" for n in pilot.app._notifications)


def test_ctrl_c_in_the_chat_says_in_french_how_to_quit():
    async def scenario():
        app = make_app()
        async with app.run_test(size=(100, 30)) as pilot:
            await ready(pilot)
            said = await hint_after_ctrl_c(pilot)
            assert "Ctrl+Q" in said and "quitter" in said and "quit the app" not in said
            assert app.is_running
    run(scenario())


def test_ctrl_c_in_the_atelier_says_in_french_how_to_quit():
    async def scenario():
        app = AtelierApp(on=dt.date(2026, 11, 24), fresh=True)
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            said = await hint_after_ctrl_c(pilot)
            assert "Ctrl+Q" in said and "quitter" in said and "quit the app" not in said
            assert app.is_running
    asyncio.run(scenario())
