"""What a newcomer met in the atelier: the room's question (I) says what to try or to type, and records a chosen
question once; the footer offers « Suivant » only where there is a next chapter; the volunteer's placeholders
are read whole."""

import pytest
from textual.widgets import Input

from tests.test_atelier import DAY, drive, screen_text, typed
from tests.tui_helpers import screen_lines, until


def footer(app) -> str:
    return screen_lines(app)[-1]


async def room_answer(pilot, question: str) -> str:
    app = pilot.app
    before = len(app.evening_run.state.questions), app.screen.answered
    await typed(pilot, question)
    await pilot.press("enter")
    await until(lambda: app.screen.answered > before[1], pilot, 240)   # the first answer loads the engine
    await pilot.pause()
    return app.screen.query_one("#room-answer").source


def test_room_question_lists_what_to_try_and_records_a_chosen_question_once():
    async def steps(pilot):
        app = pilot.app
        await pilot.press("3", "i")
        await pilot.pause()
        declined = await room_answer(pilot, "quelle est la recette de la tarte tatin ?")
        assert "ci-dessous" in declined and "\n- " in declined.split("ci-dessous", 1)[1]   # the examples are there
        assert app.evening_run.state.questions[-1].question.startswith("quelle est la recette")
        asked = len(app.evening_run.state.questions)
        choice = await room_answer(pilot, "formation")
        assert "Vouliez-vous dire" in choice and "Tapez le numéro" in choice and "1 à 3" in choice
        assert len(app.evening_run.state.questions) == asked            # nothing recorded until one is chosen
        chosen = await room_answer(pilot, "1")
        logged = app.evening_run.state.questions
        assert len(logged) == asked + 1 and logged[-1].question != "1" and logged[-1].question in chosen
        await pilot.press("escape")

    drive(steps)


@pytest.mark.parametrize("size", [(80, 24), (120, 36)])
def test_footer_offers_next_only_where_there_is_a_next_chapter(size):
    async def steps(pilot):
        await pilot.press("1")
        await pilot.pause()
        assert "Suivant" in footer(pilot.app)
        await pilot.press("9")
        await pilot.pause()
        assert "Suivant" not in footer(pilot.app)
        await pilot.press("left")
        await pilot.pause()
        assert "Suivant" in footer(pilot.app)

    drive(steps, size=size)


@pytest.mark.parametrize("size", [(80, 24), (120, 36)])
def test_volunteer_placeholders_are_read_whole(size):
    async def steps(pilot):
        await pilot.press("9", "v")
        await pilot.pause(0.3)
        shown = "\n".join(screen_lines(pilot.app))
        for field in pilot.app.screen.query(Input):
            assert field.placeholder in shown, field.placeholder

    drive(steps, size=size)


@pytest.mark.parametrize("from_chat", [False, True])
def test_quit_key_shown_on_every_chapter_at_80_columns(from_chat):
    """At 80×24 the footer ends with « ^q Quitter » whole on the programme and on every chapter; the quiz keys
    are shown where their quiz runs, and the programme's slide lists every key (F4 and Ctrl+Q too)."""
    import asyncio

    from tests.tui_helpers import make_app, ready
    from tui.atelier.app import AtelierApp

    async def main():
        app = make_app() if from_chat else AtelierApp(on=DAY, fresh=True)
        async with app.run_test(size=(80, 24)) as pilot:
            if from_chat:
                await ready(pilot)
                await pilot.press("f7")
            await pilot.press("home")
            await pilot.pause()
            assert all(k in screen_text(app) for k in ("F4 thème", "Ctrl+Q quitter"))
            for key in "123456789":
                await pilot.press(key)
                await pilot.pause()
                line = footer(app)
                assert "^q Quitter" in line, (key, line)
                assert ("p Pré-test" in line) == (key == "1") and ("o Post-test" in line) == (key == "8"), line
                assert all(k in line for k in ("a Attente", "i Question", "v Volontaire", "f3 Exporter")), line

    asyncio.run(main())


def test_quiz_keys_fit_at_80_columns():
    """The quiz's footer keeps « ^q Quitter » whole at 80×24 and its key line names T (typed counts)."""
    async def steps(pilot):
        await pilot.press("p")
        await pilot.pause()
        line = footer(pilot.app)
        assert all(k in line for k in ("⌫ Retirer", "r Révéler", "t Comptes", "esc Retour", "^q Quitter")), line
        assert "T saisir les comptes" in " ".join(screen_text(pilot.app).split())

    drive(steps, size=(80, 24))


def test_a_table_in_the_rooms_answer_is_whole_at_80x24_and_a_simulation_points_to_the_volunteer():
    """The amounts' table was cut by Textual's Markdown at 80 columns (« 9 45… »): laid out as the chat lays it out,
    each amount is whole; a question that starts the simulation form shows its choices and names V."""
    async def steps(pilot):
        app = pilot.app
        await pilot.press("5", "i")
        await pilot.pause()
        answer = await room_answer(pilot, "les montants de l'aide pour chaque option, année par année ?")
        assert "| Option" in answer or "|---" in answer   # the answer holds a Markdown table
        await until(lambda: "9 450 €" in screen_text(app), pilot)
        shown = screen_text(app)
        assert "9 45…" not in shown and "│" not in shown   # whole amounts, no boxed cells
        form = await room_answer(pilot, "combien vais-je toucher ?")
        assert "Médecin libéral" in form and "puis V" in form
        await pilot.press("escape")

    drive(steps, size=(80, 24))


def test_every_chapters_footer_ends_with_a_whole_key_at_80x24():
    """With « p Pré-test » (chapter 1) or « o Post-test » (chapter 8) the footer ran past 80 columns and its last
    key was cut (« f4 »)."""
    async def steps(pilot):
        for chapter in "123456789":
            await pilot.press(chapter)
            await pilot.pause()
            keys = footer(pilot.app).rstrip()
            assert keys.endswith("^q Quitter") and "i Question" in keys, (chapter, keys)

    drive(steps, size=(80, 24))
