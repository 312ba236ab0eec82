"""The chat UI driven with Pilot: what a doctor does, and what they see."""

import pytest

from tests.tui_helpers import make_app, ready, run, screen_lines, send, until
from tui.screens.help_screen import HelpScreen
from tui.widgets.bot_message import BotMessage
from tui.widgets.profile_panel import ProfilePanel
from tui.widgets.result_panel import ResultPanel
from tui.widgets.user_message import UserMessage

MARKUP = ["[bold]x", "[/", "[0]", "[b", "[@click=app.quit]"]


def test_question_and_enter_shows_the_answer():
    async def scenario():
        app = make_app()
        async with app.run_test(size=(120, 36)) as pilot:
            await ready(pilot)
            await send(pilot, "combien d'heures de formation pour une aide-soignante ?")
            assert len(app.query(BotMessage)) == 1
            assert "115 h" in app.turns[-1][1].text
    run(scenario())


def test_form_run_fills_the_side_panel():
    async def scenario():
        app = make_app()
        async with app.run_test(size=(120, 36)) as pilot:
            await ready(pilot)
            for text in ["simulation", "médecin libéral", "pédiatre", "secteur 1", "P60"]:
                await send(pilot, text)
            labels = [str(o.prompt) for o in app.query_one(ProfilePanel).options]
            assert any("pédiatrie" in label for label in labels)
            verdict = str(app.query_one("#verdict").render())
            assert "Éligible" in verdict
            grid = app.query_one(ResultPanel).query_one("#amounts")
            await pilot.pause(0.1)
            text = str(grid.render())
            assert "Mi-temps" in text and "Temps plein" in text and "Total" in text
            assert grid.size.height == 7  # header, five years, total
    run(scenario())


def test_a_digression_resumes_the_form():
    async def scenario():
        app = make_app()
        async with app.run_test(size=(120, 36)) as pilot:
            await ready(pilot)
            for text in ["simulation", "libéral", "cardiologue"]:
                await send(pilot, text)
            await send(pilot, "qui paie la formation de l'assistant ?")
            reply = app.turns[-1][1]
            assert reply.intent == "formation.financement" and reply.asking == "sector"
            assert "Reprenons la simulation" in reply.text
    run(scenario())


def test_f1_opens_help_and_escape_closes_it():
    async def scenario():
        app = make_app()
        async with app.run_test(size=(100, 32)) as pilot:
            await pilot.press("f1")
            assert isinstance(app.screen, HelpScreen)
            await pilot.press("escape")
            assert not isinstance(app.screen, HelpScreen)
    run(scenario())


def test_export_writes_the_conversation(tmp_path, monkeypatch):
    monkeypatch.setenv("AMGUIDE_DATA_DIR", str(tmp_path))

    async def scenario():
        app = make_app()
        async with app.run_test(size=(120, 36)) as pilot:
            await ready(pilot)
            await send(pilot, "[bold]quel est le montant de l'aide à mi-temps ?")
            await pilot.press("f3")
            await until(lambda: hasattr(app, "last_export"), pilot)
            text = app.last_export.read_text(encoding="utf-8")
            assert app.last_export.parent == tmp_path / "exports"
            assert "\\[bold\\]quel est le montant" in text and "19" in text
            assert not list((tmp_path / "exports").glob(".*.tmp"))
    run(scenario())


def test_copy_sets_the_clipboard():
    async def scenario():
        app = make_app()
        async with app.run_test(size=(120, 36)) as pilot:
            await ready(pilot)
            await send(pilot, "qui peut devenir assistant médical ?")
            await pilot.press("f2")
            assert app.clipboard == app.turns[-1][1].text and "aides-soignants" in app.clipboard
    run(scenario())


def test_history_recalls_previous_questions(tmp_path, monkeypatch):
    monkeypatch.setenv("AMGUIDE_DATA_DIR", str(tmp_path))

    async def scenario():
        app = make_app()
        async with app.run_test(size=(120, 36)) as pilot:
            await ready(pilot)
            await send(pilot, "première question sur les missions")
            await send(pilot, "deuxième question sur la formation")
            prompt = app.query_one("#prompt")
            await pilot.press("up")
            assert prompt.value == "deuxième question sur la formation"
            await pilot.press("up")
            assert prompt.value == "première question sur les missions"
            await pilot.press("down", "down")
            assert prompt.value == ""
        assert (tmp_path / "history.json").exists()
    run(scenario())


@pytest.mark.parametrize("text", MARKUP)
def test_markup_is_shown_literally_and_never_crashes(text):
    async def scenario():
        app = make_app()
        async with app.run_test(size=(120, 36)) as pilot:
            await ready(pilot)
            await send(pilot, text)
            shown = app.query(UserMessage).last()
            assert str(shown.render()) == text
            assert app.is_running
    run(scenario())


def test_a_huge_paste_is_answered_and_shown_truncated():
    async def scenario():
        app = make_app()
        async with app.run_test(size=(120, 36)) as pilot:
            await ready(pilot)
            await send(pilot, "assistant " * 10_000)
            assert "tronqué" in str(app.query(UserMessage).last().render())
    run(scenario())


def test_new_conversation_clears_everything():
    async def scenario():
        app = make_app()
        async with app.run_test(size=(120, 36)) as pilot:
            await ready(pilot)
            await send(pilot, "je suis généraliste en secteur 1 au P50, suis-je éligible ?")
            await pilot.press("f5")
            await pilot.pause()
            assert not app.query(BotMessage) and app.session.state.profile == {}
    run(scenario())


def test_editing_a_profile_field_asks_it_again_off_the_ui_thread():
    """Choosing a field of « Votre profil » is a turn like a question: answered in the worker, shown after."""
    import threading

    async def scenario():
        app = make_app()
        async with app.run_test(size=(120, 36)) as pilot:
            await ready(pilot)
            for text in ["simulation", "médecin libéral", "pédiatre"]:
                await send(pilot, text)
            threads = []
            ask = app.session.ask
            app.session.ask = lambda field: threads.append(threading.current_thread()) or ask(field)
            panel = app.query_one(ProfilePanel)
            panel.focus()
            panel.highlighted = next(i for i, o in enumerate(panel.options) if o.id == "specialty")
            before = len(app.turns)
            await pilot.press("enter")
            await until(lambda: len(app.turns) > before, pilot)
            assert threads and threads[0] is not threading.main_thread()
            text, reply = app.turns[-1]
            assert text.startswith("(modifier : ") and reply.asking == "specialty"
    run(scenario())


def test_tab_to_the_profile_shows_which_field_enter_will_edit():
    """Tab from the question box goes to the profile panel, which highlights a field and says « Entrée : modifier »;
    Entrée asks that field again."""
    async def scenario():
        app = make_app()
        async with app.run_test(size=(120, 36)) as pilot:
            await ready(pilot)
            await send(pilot, "je suis MG secteur 1, 52 ans, 1200 patients médecin traitant")
            panel = app.query_one(ProfilePanel)
            assert app.focused is app.query_one("#prompt")
            await pilot.press("tab")   # one press from the question box (the latest answer and the tabs came first)
            assert panel.has_focus and panel.highlighted_option.id == "specialty"
            await pilot.pause()
            lines = screen_lines(app, panel.region)
            assert "Entrée : modifier" in lines[-1]
            row = next(y for y, line in enumerate(lines) if "spécialité :" in line) + panel.region.y
            strips = app.screen._compositor.render_strips()
            x = panel.region.x + 3
            style_at = lambda y: next(s.style for s in strips[y].crop(x, x + 1))
            assert style_at(row).bgcolor != style_at(row + 1).bgcolor   # the highlighted field stands out
            await pilot.press("down")
            before = len(app.turns)
            await pilot.press("enter")
            await until(lambda: len(app.turns) > before, pilot)
            assert app.turns[-1][1].asking == "sector"
            await until(lambda: panel.highlighted_option is not None and panel.highlighted_option.id == "sector",
                        pilot)   # the panel redrawn keeps the field where it was
            await pilot.press("escape")
            assert not panel.has_focus and "Entrée" not in screen_lines(app, panel.region)[-1]
    run(scenario())
