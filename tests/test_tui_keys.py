"""The chat UI as a doctor meets it (issue 10): clearing, focus and keys, scrolling, the side panel, the palette."""

import asyncio
import threading
import time

import pytest
from textual import events
from textual.command import CommandInput, CommandList, CommandPalette
from textual.widgets import Button

from chatbot.form import form
from tests.tui_helpers import make_app, ready, run, screen_lines, send, until
from tui.palette import PLACEHOLDER
from tui.screens.help_screen import HELP, HelpScreen
from tui.widgets.bot_message import BotMessage
from tui.widgets.quick_replies import QuickReplies
from tui.widgets.topic_browser import TopicBrowser
from tui.widgets.user_message import UserMessage

NOT_ELIGIBLE = "je suis généraliste en secteur 2 sans OPTAM au P60, suis-je éligible ?"
ELIGIBLE = "je suis généraliste en secteur 1 au P60, suis-je éligible ?"


def shown(app, selector: str) -> str:
    """A widget's text as rendered (NBSP read as a space), or '' when it is not displayed."""
    widget = app.query_one(selector)
    return str(widget.render()).replace("\u00a0", " ") if widget.display else ""


def test_f5_and_recommencer_clear_chat_side_panel_and_export(tmp_path, monkeypatch):
    monkeypatch.setenv("AMGUIDE_DATA_DIR", str(tmp_path))

    async def scenario():
        app = make_app()
        async with app.run_test(size=(120, 36)) as pilot:
            await ready(pilot)
            for restart in ("f5", "recommencer"):
                await send(pilot, ELIGIBLE)
                assert "Éligible" in shown(app, "#verdict") and "Total" in shown(app, "#amounts")
                if restart == "f5":
                    await pilot.press("f5")
                else:
                    app.query_one("#prompt").value = restart
                    await pilot.press("enter")
                await pilot.pause()
                assert not app.query(BotMessage) and not app.query("UserMessage") and not app.turns
                assert "Pas encore de simulation" in shown(app, "#verdict")
                assert shown(app, "#amounts") == "" and shown(app, "#criteria") == ""
            await send(pilot, "qui peut devenir assistant médical ?")
            await pilot.press("f3")
            await until(lambda: hasattr(app, "last_export"), pilot)
            text = app.last_export.read_text(encoding="utf-8")
            assert "# Simulation" not in text and "secteur 1" not in text
    run(scenario())


def test_printable_keys_go_to_the_input_even_from_a_button():
    async def scenario():
        app = make_app()
        async with app.run_test(size=(120, 36)) as pilot:
            await ready(pilot)
            button = app.query_one(QuickReplies).query(Button).first()
            button.focus()
            await pilot.pause()
            await pilot.press(*"c est quoi l optam")
            prompt = app.query_one("#prompt")
            assert prompt.value == "c est quoi l optam" and app.focused is prompt
            assert not app.turns and not app.query("UserMessage")  # the space pressed nothing
    run(scenario())


@pytest.mark.parametrize("size", [(80, 24), (120, 36)])
def test_a_new_answer_comes_into_view_under_its_question_even_when_scrolled_up(size):
    async def scenario():
        app = make_app()
        async with app.run_test(size=size) as pilot:
            await ready(pilot)
            for question in ("montant de l'aide à mi-temps", "qui peut devenir assistant médical ?"):
                await send(pilot, question)
            conversation = app.query_one("#conversation")
            conversation.scroll_home(animate=False)
            await pilot.pause()
            await send(pilot, "combien d'heures de formation pour une aide-soignante ?")
            await pilot.pause(0.3)
            question, answer = app.query(UserMessage).last(), app.query(BotMessage).last()
            view = conversation.region
            assert view.y <= question.region.y and question.region.bottom <= view.bottom    # the question in view
            assert answer.region.height and view.y < answer.region.y < view.bottom - 1   # and the answer's start
            if question.region.height + answer.region.height > view.height:
                assert conversation.scroll_y < conversation.max_scroll_y  # a long answer: not shown from its end
    run(scenario())


def test_answers_typed_in_a_burst_each_sit_under_their_question():
    async def scenario():
        app = make_app()
        load = app.load_engine
        app.load_engine = lambda: None   # both questions are on screen before the first answer
        async with app.run_test(size=(120, 36)) as pilot:
            questions = ["qui peut devenir assistant médical ?", "montant de l'aide à mi-temps"]
            for text in questions:
                app.query_one("#prompt").value = text
                await pilot.press("enter")
            load()
            await until(lambda: len(app.turns) == 2, pilot, seconds=180)
            await pilot.pause()
            order = [w.text if isinstance(w, UserMessage) else "→" for w in app.query("UserMessage, BotMessage")]
            assert order == [questions[0], "→", questions[1], "→"]
    run(scenario())


def test_enter_right_after_typed_text_in_one_burst_sends_it_without_crashing():
    """Regression test of 49d5668 (« pop from an empty deque »): the keys of a question and its Enter arrive from
    another thread, as a terminal's do, while the question box is taking a burst of keys (a paste then Enter)."""
    async def scenario():
        app = make_app()
        async with app.run_test(size=(120, 36)) as pilot:
            await ready(pilot)
            loop = asyncio.get_running_loop()
            keys = [*"qui paie la formation ?", "enter"]

            def terminal() -> None:
                for key in keys:
                    loop.call_soon_threadsafe(app.post_message, events.Key(key, key if len(key) == 1 else None))
                    time.sleep(0.0005)

            for round_ in range(5):
                feeder = threading.Thread(target=terminal)
                feeder.start()
                await until(lambda: len(app.turns) > round_, pilot)
                feeder.join()
            assert [text for text, _ in app.turns] == ["qui paie la formation ?"] * 5
            assert app.query_one("#prompt").value == "" and app.is_running
    run(scenario())


def test_help_lists_every_key_the_chat_binds():
    from tui.app import AmguideApp
    from tui.screens.chat_screen import ChatScreen
    from tui.screens.help_screen import HELP

    names = {"escape": "Échap", "pageup": "Page préc.", "pagedown": "suiv.", "ctrl+p": "Ctrl+P",
             "ctrl+q": "Ctrl+Q"}
    keys = {k for b in [*AmguideApp.BINDINGS, *ChatScreen.BINDINGS] for k in b.key.split(",")} | {"ctrl+p"}
    rows = [line for line in HELP.splitlines() if line.startswith("|")]
    for key in keys:
        shown = names.get(key, key.upper())
        assert any(line.startswith(f"| {shown}") or f"/ {shown}" in line for line in rows), key


def test_keys_escape_page_down_and_f6():
    async def scenario():
        app = make_app()
        async with app.run_test(size=(120, 36)) as pilot:
            await ready(pilot)
            await send(pilot, "montant de l'aide à mi-temps")
            await send(pilot, "qui peut devenir assistant médical ?")
            app.query_one("#topics").focus()
            await pilot.press("escape")
            assert app.focused is app.query_one("#prompt")
            conversation = app.query_one("#conversation")
            before = conversation.scroll_y
            await pilot.press("pageup")
            await pilot.pause()
            assert conversation.scroll_y < before
            await pilot.press("pagedown")
            await pilot.pause()
            assert conversation.scroll_y > conversation.scroll_y - 1 and conversation.scroll_y >= before - 1
            side = app.query_one("#side")
            assert side.display
            await pilot.press("f6")
            assert not side.display
            await pilot.press("f6")
            assert side.display
    run(scenario())


def test_side_panel_shows_every_option_and_the_total_at_120x36():
    async def scenario():
        app = make_app()
        async with app.run_test(size=(120, 36)) as pilot:
            await ready(pilot)
            await send(pilot, "je suis généraliste en secteur 1 au P60, je veux un assistant")
            await pilot.pause(0.2)
            panel, grid = app.query_one("#result"), app.query_one("#amounts")
            assert "Mi-temps" in shown(app, "#amounts") and "Temps plein" in shown(app, "#amounts")
            assert grid.region.height == 7 and panel.region.contains_region(grid.region)  # all of it on screen
            assert grid.region.right <= panel.region.right - 1 and "Total" in shown(app, "#amounts")
    run(scenario())


def test_side_panel_is_folded_at_80x24_and_opens_on_f6():
    async def scenario():
        app = make_app()
        async with app.run_test(size=(80, 24)) as pilot:
            await ready(pilot)
            assert not app.query_one("#side").display
            await pilot.press("f6")
            assert app.query_one("#side").display
    run(scenario())


def test_side_panel_leads_with_what_blocks_when_not_eligible():
    async def scenario():
        app = make_app()
        async with app.run_test(size=(120, 36)) as pilot:
            await ready(pilot)
            await send(pilot, NOT_ELIGIBLE)
            blocking = shown(app, "#blocking")
            assert "Ce qui bloque — Secteur conventionnel" in blocking and "OPTAM" in blocking
            assert "si vous étiez éligible" in shown(app, "#amounts-title")
            assert app.query_one("#blocking").region.y < app.query_one("#amounts").region.y
    run(scenario())


async def open_palette(pilot) -> None:
    await ready(pilot)
    await pilot.press("ctrl+p")
    await until(lambda: isinstance(pilot.app.screen, CommandPalette), pilot)
    await pilot.pause()


def test_palette_is_french_and_keeps_fast_typed_keys_in_order():
    async def scenario():
        app = make_app()
        async with app.run_test(size=(120, 36)) as pilot:
            await open_palette(pilot)
            palette_input = app.screen.query_one(CommandInput)
            assert palette_input.placeholder == PLACEHOLDER
            for key in [*"quiz", *["backspace"] * 4, *"nouvelle"]:  # a burst: nothing waits between keys
                app.post_message(events.Key(key, key if len(key) == 1 else None))
            await until(lambda: len(palette_input.value) >= 8, pilot)
            await pilot.pause(0.3)
            assert palette_input.value == "nouvelle"
    run(scenario())


def test_suggestion_chips_are_never_cut():
    async def scenario():
        app = make_app()
        async with app.run_test(size=(80, 24)) as pilot:
            await ready(pilot)
            await pilot.pause(0.2)
            chat = app.query_one("#chat").region
            buttons = list(app.query_one(QuickReplies).query(Button))
            assert len(buttons) >= 4
            for button in buttons:
                label = str(button.label)
                assert button.region.width >= len(label) + 2 and button.region.right <= chat.right, label
    run(scenario())


def test_a_question_asked_while_the_engine_loads_says_so_then_gets_its_answer():
    """A first start can take a minute (phrasings embedded): the doctor's question is not met by silence."""
    async def scenario():
        app = make_app()
        load = app.load_engine
        app.load_engine = lambda: None   # the engine is still loading
        async with app.run_test(size=(120, 36)) as pilot:
            app.query_one("#prompt").value = "qui paie la formation ?"
            await pilot.press("enter")
            await pilot.pause()
            assert any("se prépare" in n.message for n in app._notifications) and not app.turns
            load()
            await until(lambda: app.turns, pilot, seconds=180)
            assert app.turns[0][0] == "qui paie la formation ?"
    run(scenario())


def test_every_key_of_the_help_is_bound_and_in_view_at_80x24():
    """At 80 columns the footer shows five keys; F1 says it lists the others, and lists every one of them on one
    screen (a newcomer never found F2, F4, F7); each key it names is bound."""
    keys = [line.split("|")[1].strip() for line in HELP.splitlines() if line.startswith("| ") and "Touche" not in line]

    async def scenario():
        app = make_app()
        async with app.run_test(size=(80, 24)) as pilot:
            await ready(pilot)
            await pilot.pause(0.2)
            assert "Aide, touches" in screen_lines(app)[-1]
            bound = {key for key in app.active_bindings}
            for key in keys:
                if key.startswith(("F", "Ctrl+")):
                    assert key.lower() in bound, key
            await pilot.press("f1")
            await until(lambda: isinstance(app.screen, HelpScreen), pilot)
            await pilot.pause(0.3)
            text = "\n".join(screen_lines(app))
            for key in keys:
                assert f"  {key}  " in text, key
    run(scenario())


def test_the_palette_opens_on_the_actions_then_the_questions_in_the_themes_order():
    """Ctrl+P opened on the centres de santé's questions (the knowledge base's files in alphabetical order, and
    Textual's actions arriving interleaved with them)."""
    async def scenario():
        app = make_app()
        async with app.run_test(size=(120, 36)) as pilot:
            await open_palette(pilot)
            listed = app.screen.query_one(CommandList)
            await until(lambda: listed.option_count >= 40, pilot)
            await pilot.pause(0.4)
            first = [str(listed.get_option_at_index(i).prompt).split("\n")[0] for i in range(listed.option_count)]
            assert first[:2] == ["Simulation", "Budget"]
            themes = list(app.themes)
            assert themes[0] == form().chat_order[0] == "Le dispositif"
            assert first.index(app.themes[themes[0]][0].title) < 12   # right after the actions
            assert not any(text.startswith(("Quels centres", "Quelle aide pour un centre")) for text in first[:20])
            await pilot.press("escape")
            app.query_one("#side").active = "topics-tab"
            await pilot.pause(0.2)
            assert str(app.query_one(TopicBrowser).root.children[0].label) == "Le dispositif"   # the same order
    run(scenario())
