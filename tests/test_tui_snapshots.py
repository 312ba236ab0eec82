"""A handful of SVG snapshots (Textual pinned exactly, fixed date, no cursor blink, isolated user data).
Review and update with `pytest tests/test_tui_snapshots.py --snapshot-update`."""

from tests.tui_helpers import make_app, ready, send, settle


async def _welcome(pilot):
    await ready(pilot)
    await settle(pilot)


async def _mid_form(pilot):
    await ready(pilot)
    for text in ["simulation", "médecin libéral", "médecine générale"]:
        await send(pilot, text)
    await settle(pilot)


async def _result(pilot):
    await ready(pilot)
    await send(pilot, "je suis généraliste en secteur 1 au P92, suis-je éligible ?")
    await settle(pilot)


async def _budget(pilot):
    await ready(pilot)
    await send(pilot, "je suis généraliste en secteur 1 au 60e percentile à mi-temps")
    await send(pilot, "combien ça me coûte ?")
    await settle(pilot)


async def _help(pilot):
    await ready(pilot)
    await pilot.press("f1")
    await settle(pilot)


def test_welcome(snap_compare):
    assert snap_compare(make_app(), terminal_size=(120, 36), run_before=_welcome)


def test_mid_form(snap_compare):
    assert snap_compare(make_app(), terminal_size=(120, 36), run_before=_mid_form)


def test_result(snap_compare):
    assert snap_compare(make_app(), terminal_size=(120, 36), run_before=_result)


def test_budget(snap_compare):
    assert snap_compare(make_app(), terminal_size=(120, 36), run_before=_budget)


def test_help(snap_compare):
    assert snap_compare(make_app(), terminal_size=(120, 36), run_before=_help)


def test_small_terminal(snap_compare):
    assert snap_compare(make_app(), terminal_size=(80, 24), run_before=_result)
