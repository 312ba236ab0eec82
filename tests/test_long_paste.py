"""A paste longer than the question box (or than what the engine reads): its middle is cut, marked « […] », and
the question pasted or typed after it is kept and answered."""

from textual import events

from chatbot.normalize import MAX_CHARS, clean
from common.text import CUT, bounded
from tests.tui_helpers import make_app, ready, run, until
from tui.widgets.prompt_input import MAX_LENGTH, PromptInput

PASTE = "Voici le courrier reçu de la caisse, que je recopie en entier. " * 80   # ~5 000 characters
QUESTION = "combien d'heures de formation pour une aide-soignante ?"


def test_bounded_keeps_the_beginning_and_the_end_and_cuts_again_at_the_same_place():
    text = bounded("a" * 3000 + "z", 100)
    assert len(text) == 100 and text.startswith("a" * 50 + CUT) and text.endswith("az")
    again = bounded(text + "y", 100)
    assert again == text[:50] + CUT + text[56:] + "y" and again.count("[…]") == 1
    assert bounded("court", 100) == "court"


def test_the_engine_reads_the_question_after_a_long_paste():
    assert clean(PASTE + QUESTION).endswith(QUESTION) and len(clean(PASTE + QUESTION)) == MAX_CHARS


def test_a_question_typed_after_a_long_paste_in_the_chat_is_answered():
    async def scenario():
        app = make_app()
        async with app.run_test(size=(120, 36)) as pilot:
            await ready(pilot)
            box = app.query_one(PromptInput)
            box.post_message(events.Paste(PASTE))
            await pilot.pause()
            assert len(box.value) == MAX_LENGTH and CUT in box.value
            assert any("le début et la fin" in str(n.message) for n in app._notifications)
            await pilot.press("space", *"combien", "space")   # typed keys in a full box are kept at the end
            assert box.value.endswith(". combien ") and len(box.value) == MAX_LENGTH
            box.post_message(events.Paste(QUESTION.removeprefix("combien ")))
            await pilot.pause()
            assert box.value.endswith(QUESTION) and len(box.value) == MAX_LENGTH and box.value.count("[…]") == 1
            await pilot.press("enter")
            await until(lambda: app.turns, pilot)
            text, reply = app.turns[-1]
            assert text.endswith(QUESTION) and reply.intent == "formation.duree"
            assert "dépassait 2\u00a0000 caractères" in reply.text and "le début et la fin" in reply.text
    run(scenario())


def test_a_long_message_is_answered_by_its_last_sentence_and_says_so():
    from chatbot.session import Session

    reply = Session().handle(PASTE * 3 + "Et *vous*, " + QUESTION)
    assert reply.intent == "formation.duree" and "115" in reply.text
    assert reply.text.startswith("_Votre message dépassait") and "(« Et \\*vous\\*, " in reply.text
    short = Session().handle("je lis « […] » dans un courrier : combien d'heures de formation ?")
    assert "dépassait" not in short.text                       # a short message with « […] » is not a cut one
