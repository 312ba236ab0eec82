"""Helpers for Pilot tests: a fixed date, no cursor blink, waiting for the engine and for answers."""

import asyncio
import datetime as dt

from tui.app import AmguideApp

DAY = dt.date(2026, 11, 24)


def make_app() -> AmguideApp:
    return AmguideApp(on=DAY, blink=False)


async def until(condition, pilot, seconds: float = 20.0) -> None:
    for _ in range(int(seconds / 0.05)):
        if condition():
            return
        await pilot.pause(0.05)
    raise AssertionError("condition not reached in time")


async def ready(pilot) -> None:
    """The engine is loaded: the first app of a test session builds the cache (phrasings embedded), which can
    take a minute on a busy machine."""
    await until(lambda: pilot.app.session is not None, pilot, seconds=180)
    await pilot.pause()


async def send(pilot, text: str) -> None:
    """Type `text` in the prompt, press Enter, wait for the answer to be shown."""
    app = pilot.app
    before = len(app.turns)
    prompt = app.query_one("#prompt")
    prompt.focus()
    prompt.value = text
    await pilot.press("enter")
    await until(lambda: len(app.turns) > before, pilot)
    await pilot.pause()


def run(coroutine) -> None:
    asyncio.run(coroutine)


async def settle(pilot) -> None:
    """Let Markdown rendering, layout, the scroll to the last answer and animations finish before a screenshot:
    wait past the app's second scroll (0.15 s) until two consecutive screenshots are identical."""
    await pilot.pause(0.3)
    previous = None
    for _ in range(100):
        await pilot.wait_for_scheduled_animations()
        await pilot.pause(0.05)
        shot = pilot.app.export_screenshot()
        if shot == previous:
            return
        previous = shot


def screen_lines(app, region=None) -> list[str]:
    """The text on screen now, line by line (cropped to `region` if given), NBSP read as a space."""
    strips = app.screen._compositor.render_strips()
    lines = [strip.text.replace("\u00a0", " ") for strip in strips]
    if region is not None:
        lines = [line[region.x:region.right] for line in lines[region.y:region.bottom]]
    return lines


async def chat_text(pilot) -> list[str]:
    """Every line of the conversation column, scrolled through from top to bottom (the doctor's view of it)."""
    conversation = pilot.app.query_one("#conversation")
    seen: list[str] = []
    y = 0
    while True:
        conversation.scroll_to(y=y, animate=False)
        await pilot.pause()
        seen += screen_lines(pilot.app, conversation.region)
        if y >= conversation.max_scroll_y:
            return seen
        y += max(1, conversation.region.height - 1)
