"""SVG snapshots of the presenter mode (fixed date, new evening, isolated user data): a chapter with its
chart, the quiz with its answer revealed, the pre/post comparison. Review and update with
`pytest tests/test_atelier_snapshots.py --snapshot-update`."""

import datetime as dt

from tests.tui_helpers import settle
from tui.atelier.app import AtelierApp

DAY = dt.date(2026, 11, 24)


def make_app() -> AtelierApp:
    return AtelierApp(on=DAY, fresh=True)


async def _money_chapter(pilot):
    await pilot.press("5")
    await settle(pilot)


async def _quiz_reveal(pilot):
    await pilot.press("p", "1", "1", "1", "2", "3", "r")
    await settle(pilot)


async def _prepost(pilot):
    state = pilot.app.evening_run.state
    for question, pre, post in [(0, [3, 5, 2], [9, 1, 0]), (1, [2, 8, 0], [1, 9, 0]), (4, [1, 4, 5], [0, 10, 0])]:
        for choice in range(3):
            state.add_hand("pre", question, choice, 3, pre[choice])
            state.add_hand("post", question, choice, 3, post[choice])
    await pilot.press("8")
    await settle(pilot)


def test_chapter_with_chart(snap_compare):
    assert snap_compare(make_app(), terminal_size=(120, 36), run_before=_money_chapter)


def test_quiz_reveal(snap_compare):
    assert snap_compare(make_app(), terminal_size=(120, 36), run_before=_quiz_reveal)


def test_prepost_comparison(snap_compare):
    assert snap_compare(make_app(), terminal_size=(120, 36), run_before=_prepost)
