"""`amguide --plain` says each choice once: the quiz's choices are in its question, not repeated under
« Suggestions »; a question of the form lists its « Réponses possibles »."""

from chatbot.session import Session
from tests.tui_helpers import DAY
from tui.plain import reply_text


def test_the_quiz_lists_its_choices_once_and_the_form_its_possible_answers():
    session = Session(on=DAY)
    quiz = reply_text(session.handle("quiz"))
    choices = [line for line in quiz.splitlines() if line[:2] in ("1.", "2.", "3.")]
    assert len(choices) >= 2 and "Suggestions" not in quiz
    assert all(quiz.count(choice) == 1 for choice in choices)
    stopped = reply_text(session.handle("stop"))
    assert "Suggestions :\n- " in stopped   # the follow-up questions are still offered
    form = reply_text(Session(on=DAY).handle("simulation"))
    assert "Réponses possibles :\n- Médecin libéral\n- Centre de santé" in form
