"""« Combien ça me coûte ? » in the chat: answered for the doctor's profile (chatbot/budget.py)."""

import datetime as dt

import pytest

from chatbot import budget
from chatbot.session import Session

ON = dt.date(2026, 11, 24)
GP = "je suis généraliste en secteur 1 au 60e percentile"


def flat(text: str) -> str:
    return text.replace("\u00a0", " ")


def test_cost_question_asks_the_option_then_gives_the_cost_with_the_result():
    s = Session(on=ON)
    s.handle(GP)
    asked = s.handle("combien ça me coûte ?")
    assert asked.asking == "option" and "option" in asked.text
    assert [q.label for q in asked.quick_replies] == ["Mi-temps", "Temps plein"]
    shown = s.handle("mi-temps")
    text = flat(shown.text)
    assert "Coût et équilibre" in text and "| −4 836 |" in text and "33 consultations supplémentaires" in text


@pytest.mark.parametrize("question", ["quel reste à charge ?", "c'est rentable ?", "Combien ça va me coûter ?"])
def test_cost_questions_after_a_simulation_with_an_option(question):
    s = Session(on=ON)
    s.handle(GP)
    s.handle("et en temps plein ?")
    reply = s.handle(question)
    assert reply.intent == budget.COST_INTENT
    assert "Coût et équilibre" in reply.text and reply.result is not None


def test_salary_and_contributions_said_in_the_chat_are_used_and_kept():
    s = Session(on=ON)
    s.handle(GP + " à mi-temps")
    reply = s.handle("mon assistante serait payée 2 000 € brut, cotisations 42 %, c'est rentable ?")
    text = flat(reply.text)
    assert "12 000" in text and "5 040" in text
    assert s.state.profile["salary_gross_month"] == 2000 and s.state.profile["employer_rate"] == 0.42
    why = flat(s.handle("pourquoi").text)
    assert "2 000 € × 12 mois × 0,5 ETP = 12 000 €" in why and "42 %" in why


def test_an_absurd_value_in_the_chat_is_refused_in_french():
    s = Session(on=ON)
    s.handle(GP + " à mi-temps")
    reply = s.handle("cotisations 150 %, quel reste à charge ?")
    assert "taux de cotisations patronales : « 150 % » n'est pas possible" in flat(reply.text)
    assert "employer_rate" not in s.state.profile and "employer_rate" not in reply.text


def test_not_eligible_gets_no_cost_table():
    s = Session(on=ON)
    s.handle("je suis généraliste en secteur 2 sans OPTAM au 60e percentile")
    reply = s.handle("combien ça me coûte ?")
    assert "pas éligible" in reply.text and "Coût et équilibre" not in reply.text


def test_without_a_profile_the_question_stays_a_faq():
    reply = Session(on=ON).handle("combien ça me coûte d'embaucher un assistant ?")
    assert reply.intent != budget.COST_INTENT


@pytest.mark.parametrize("text,expected", [
    ("mon assistante à 1 900,50 € brut par mois", {"salary_gross_month": 1900.5}),
    ("ma consultation est à 31,50 €", {"consultation_fee": 31.5}),
    ("je travaille 200 jours par an", {"working_days": 200}),
    ("charges patronales à 25 pour cent", {"employer_rate": 0.25}),
    ("combien ça me coûte ?", {}),
])
def test_assumptions_said_in_words(text, expected):
    assert budget.assumptions_said(text) == expected


def test_one_sentence_with_the_facts_and_the_cost_question():
    reply = Session(on=ON).handle("je suis généraliste en secteur 1 au P50, à mi-temps : combien ça me coûte ?")
    assert reply.intent == budget.COST_INTENT and "Coût et équilibre" in reply.text
    assert reply.profile["option"] == "mi_temps"


@pytest.mark.parametrize(("said", "shown"), [
    ("mon assistante payée 0 € brut, combien ça me coûte ?",
     "salaire brut mensuel de l'assistant à temps plein : « 0 » n'est pas possible, la valeur doit être supérieure à 0"),
    ("cotisations à 150 %, combien ça me coûte ?",
     "taux de cotisations patronales : « 150 % » n'est pas possible, la valeur va de 0 % à 100 %."),
])
def test_an_impossible_assumption_is_refused_in_french_words(said, shown):
    s = Session(on=ON)
    s.handle(GP + " à mi-temps")
    text = flat(s.handle(said).text)
    assert shown in text
    assert "salary_gross_month" not in text and "employer_rate" not in text and "0.0" not in text and "≤" not in text


def test_an_assumption_asked_again_from_the_profile_panel_is_read():
    """The panel's « modifier » asks the field again: a bare number answers it (it was « Je n'ai pas compris »)."""
    s = Session(on=ON)
    s.handle(GP + " à mi-temps")
    s.handle("combien ça me coûte ?")
    for field, typed, kept in (("salary_gross_month", "1 900", 1900), ("employer_rate", "42 %", 0.42),
                               ("consultation_fee", "31,5", 31.5), ("working_days", "200", 200)):
        assert s.ask(field).asking == field
        assert s.handle(typed).profile[field] == kept
    s.ask("employer_rate")
    refused = flat(s.handle("150").text)
    assert "« 150 % » n'est pas possible" in refused and s.state.profile["employer_rate"] == 0.42
    s.ask("signature_date")
    assert "Je n'ai pas compris votre réponse. Donnez une date" in s.handle("zzz").text
