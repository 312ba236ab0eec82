"""What a newcomer stumbled on in the chat's screen (fourth session): the palette, the export, the grey completion,
French line breaks. Each test failed before its fix."""

import html
import re

import markdown_it
import pytest
from textual.command import CommandList, CommandPalette
from textual.widgets import Input

from tests.tui_helpers import chat_text, make_app, ready, run, screen_lines, send, until
from tui.palette import NO_MATCHES
from tui.suggestions import HINT
from tui.transcript import quote
from tui.widgets.bot_message import BotMessage

PROFILE = "slt, je suis MG en S1, pas d optam, 850 PMT, 58 ans. suis-je eligible? P60"


def test_palette_says_no_match_in_french_and_finds_the_budget():
    async def scenario():
        app = make_app()
        async with app.run_test(size=(100, 30)) as pilot:
            await ready(pilot)
            await pilot.press("ctrl+p")
            await until(lambda: isinstance(app.screen, CommandPalette), pilot)
            await pilot.press(*"budget")
            commands = app.screen.query_one(CommandList)
            await until(lambda: commands.option_count > 0, pilot)
            assert "Budget" in str(commands.get_option_at_index(0).prompt)
            for _ in range(6):
                await pilot.press("backspace")
            await pilot.press(*"zzqxw")
            await until(lambda: "Aucun résultat" in " ".join(screen_lines(app)), pilot, seconds=5)
            text = " ".join(screen_lines(app))
            assert NO_MATCHES.split(" :")[0] in text and "No matches" not in text
    run(scenario())


@pytest.mark.parametrize("typed", ["slt, je suis MG en S1, 58 ans. suis-je eligible?", "[bold]x", "# titre",
                                   "- moins", "1. un", "*gras* _x_ `c` <b>x</b> | a | ~~s~~", "R&D &amp; a\\b"])
def test_the_doctors_words_read_back_as_typed_in_the_export(typed):
    shown = html.unescape(re.sub(r"<[^>]+>", "", markdown_it.MarkdownIt("commonmark").render(quote(typed)))).strip()
    assert shown == typed
    assert quote("58 ans. suis-je") == "> 58 ans. suis-je"    # nothing escaped that Markdown would not read


def test_f3_export_shows_the_text_as_typed_and_the_simulations_inputs(tmp_path, monkeypatch):
    monkeypatch.setenv("AMGUIDE_DATA_DIR", str(tmp_path))

    async def scenario():
        app = make_app()
        async with app.run_test(size=(120, 36)) as pilot:
            await ready(pilot)
            await send(pilot, PROFILE)
            await pilot.press("f3")
            await until(lambda: hasattr(app, "last_export"), pilot)
            text = app.last_export.read_text(encoding="utf-8")
            assert f"> {PROFILE}" in text
            simulation = text.split("# Simulation", 1)[1]
            used = simulation.split("## Données utilisées", 1)[1].split("##", 1)[0]
            for fact in ("médecine générale", "secteur 1", "non adhérent à l'OPTAM", "850 patients médecin traitant",
                         "58 ans", "60e percentile"):
                assert fact in used.replace("\u00a0", " "), fact
    run(scenario())


def test_the_grey_completion_waits_for_two_words_and_says_how_to_take_it():
    async def scenario():
        app = make_app()
        async with app.run_test(size=(80, 24)) as pilot:
            await ready(pilot)
            prompt = app.query_one("#prompt", Input)
            prompt.focus()
            await pilot.press(*"pourquoi")
            await pilot.pause(0.3)
            assert prompt._suggestion == "" and prompt.border_subtitle == ""
            await pilot.press(*" les")
            await until(lambda: prompt._suggestion.lower().startswith("pourquoi les "), pilot, seconds=5)
            await pilot.pause()
            assert prompt.border_subtitle == HINT and HINT in " ".join(screen_lines(app))
            await pilot.press("right")
            assert prompt.value == prompt._suggestion or prompt.value.lower().startswith("pourquoi les ")
            await pilot.pause()
            assert prompt.border_subtitle == ""
    run(scenario())


def test_french_punctuation_never_starts_or_ends_a_line_and_answers_start_at_once():
    async def scenario():
        app = make_app()
        async with app.run_test(size=(80, 24)) as pilot:
            await ready(pilot)
            for question in ("je suis MG secteur 1 optam 1200 PMT, suis-je éligible ?", "P45 je crois",
                             "combien de patients en plus ?", "combien ça me coûte à mi-temps ?"):
                await send(pilot, question)
                message = list(app.query(BotMessage))[-1]
                app.query_one("#conversation").scroll_to_widget(message, top=True, animate=False)
                await pilot.pause(0.2)
                first = screen_lines(app, message.region)[0]
                assert first.strip(" ▌▎▊█┃"), f"{question}: the answer starts with a blank line"
            lines = [line.strip(" ▌▎▊█┃▁▔") for line in await chat_text(pilot)]
            assert not [ln for ln in lines if re.match(r"^[:;%»?!]", ln)], "a line starts with French punctuation"
            assert not [ln for ln in lines if ln.endswith("«")], "a line ends with an opening «"
    run(scenario())


def test_french_punctuation_is_glued_but_markdown_syntax_is_kept():
    from tui.nobreak import glued

    assert glued("tolérance −10 %, dans « tout autre » cas, 964 € ; cotisations, **Coût** : x") == (
        "tolérance −10\u00a0%, dans «\u00a0tout autre\u00a0» cas, 964\u00a0€\u00a0; cotisations, **Coût**\u00a0: x")
    for kept in ("- ? **Secteur** : x", "* ? a", "| a | % |", "|---|:--|"):
        assert glued(kept).split("**")[0] == kept.split("**")[0], kept
