"""The training evening in the chat, as a newcomer met it: a chapter opens as a chapter (its key point under its
own question), and the quiz takes a choice's words as well as its number (chatbot/choices.py)."""

import datetime as dt

import pytest

from chatbot.choices import pick
from chatbot.normalize import normalize
from chatbot.session import Session
from knowledge import shipped

DAY = dt.date(2026, 11, 24)
QUIZ = shipped().evening.quiz


def chosen(question: int, text: str) -> str | None:
    choices = QUIZ[question].choices
    index = pick(text, normalize(text), choices)
    return None if index is None else choices[index]


def question_with(*choices: str) -> int:
    return next(i for i, q in enumerate(QUIZ) if all(c in q.choices for c in choices))


def test_every_chapter_with_topics_shows_the_question_its_answer_answers():
    session = Session(on=DAY)
    programme = shipped().evening.programme
    for number, step in enumerate(programme, 1):
        text = session.handle(f"chapitre {number}").text
        assert text.startswith(f"### Chapitre {number} / {len(programme)} — {step.step}")
        topics = [shipped().by_id[t] for t in step.topics if t in shipped().by_id]
        if topics:
            body = text.split("\n\n", 2)[2]            # after the heading and the chapter's detail
            assert body.startswith(f"#### {topics[0].title}"), body[:120]


@pytest.mark.parametrize("text, meant", [
    ("2019", "Le 20 juin 2019"), ("le 20 juin 2019", "Le 20 juin 2019"), ("2018", "Le 1er janvier 2018"),
    ("1", "Le 20 juin 2019"), ("réponse 3", "Le 22 juin 2024"), ("je dirais 2", "Le 1er janvier 2018"),
    ("banane", None),
])
def test_a_date_question_takes_the_date_or_the_number(text, meant):
    assert chosen(question_with("Le 20 juin 2019"), text) == meant


def test_words_of_a_choice_beat_its_number_word_and_digits_stay_numbers():
    q = question_with("Deux", "Trois", "Cinq")
    assert chosen(q, "trois") == "Trois" and chosen(q, "deux") == "Deux"   # the choice named, not the 3rd / 2nd
    assert chosen(q, "3") == "Cinq" and chosen(q, "2") == "Trois"           # a digit is the choice's number
    q = question_with("La CPAM", "Le médecin")
    assert chosen(q, "le medecin") == "Le médecin" and chosen(q, "cpam") == "La CPAM"
    q = question_with("115 heures", "380 heures")
    assert chosen(q, "380 h") == "380 heures" and chosen(q, "380") == "380 heures"
    q = question_with("Mi-temps et temps plein")
    assert chosen(q, "mi temps et temps plein") == "Mi-temps et temps plein"
    assert chosen(q, "temps plein") is None                                 # two choices say it: asked again


def test_the_quiz_in_the_chat_accepts_the_words_and_explains_what_it_takes():
    session = Session(on=DAY)
    assert "numéro ou les mots" in session.handle("quiz").text
    assert "Bonne réponse" in session.handle("2019").text
    reply = session.handle("banane")
    assert "par les mots d'un choix" in reply.text and "Question 2 /" in reply.text
