"""Answers inside the simulation form: a value that fits another field goes there, messages are French with
French numbers, nothing typed is silently dropped, and a side question about a term is answered then the form
resumes."""

import datetime as dt

import pytest

from chatbot.session import Session

DAY = dt.date(2026, 11, 24)


def at_percentile() -> Session:
    session = Session(on=DAY)
    for text in ("simulation", "médecin libéral", "médecine générale", "secteur 1"):
        session.handle(text)
    assert session.state.asking == "percentile"
    return session


def test_patients_given_at_the_percentile_question_fill_pmt():
    session = at_percentile()
    reply = session.handle("1200 patients médecin traitant")
    assert reply.profile["pmt"] == 1200 and "percentile" not in reply.profile
    assert "J'ai compris : 1\u00a0200 patients médecin traitant." in reply.text
    assert "doit être" not in reply.text and "100.0" not in reply.text
    assert reply.asking == "percentile"


def test_a_bare_count_at_the_percentile_question_is_not_dropped():
    session = at_percentile()
    reply = session.handle("1500")
    assert "« 1\u00a0500 » ne peut pas être un percentile" in reply.text
    assert [q.send for q in reply.quick_replies][:2] == ["1500 patients médecin traitant", "file active de 1500 patients"]
    reply = session.handle(reply.quick_replies[0].send)
    assert reply.profile["pmt"] == 1500


def test_an_impossible_value_gets_a_french_message_with_french_numbers():
    session = at_percentile()
    reply = session.handle("P150")
    assert "« 150 » n'est pas possible, la valeur va de 0 à 100." in reply.text
    assert "≤" not in reply.text and "100.0" not in reply.text and "percentile" not in reply.profile


def test_a_side_question_about_a_term_defines_it_and_asks_again():
    session = Session(on=DAY)
    for text in ("simulation", "médecin libéral", "médecine générale", "secteur 2"):
        reply = session.handle(text)
    assert reply.asking == "optam"
    reply = session.handle("c'est quoi l'OPTAM déjà ?")
    assert reply.intent == "lexique.optam" and "options tarifaires" in reply.text
    assert reply.text.endswith("Reprenons la simulation : Adhérez-vous à l'OPTAM ou à l'OPTAM-CO ?")
    assert reply.asking == "optam" and "optam" not in reply.profile
    assert session.handle("oui").profile["optam"] is True


def test_facts_given_beside_the_answer_are_kept_and_echoed():
    session = Session(on=DAY)
    for text in ("simulation", "médecin libéral"):
        session.handle(text)
    reply = session.handle("pédiatre en secteur 2 sans OPTAM")
    assert reply.profile["specialty"] == "pediatrie" and reply.profile["optam"] is False
    assert "non adhérent à l'OPTAM" in reply.text


def test_a_french_decimal_is_read_whole():
    session = at_percentile()
    reply = session.handle("150,5")
    assert "« 150,5 » n'est pas possible, la valeur va de 0 à 100." in reply.text
    assert session.handle("92,5").profile["percentile"] == 92.5


def test_validation_messages_print_french_numbers():
    from pydantic import BaseModel, Field, ValidationError

    from common.yamlio import french_message

    class Bounded(BaseModel):
        share: float = Field(le=100.0, ge=0.5)

    for value, message in ((150, "doit être ≤ 100"), (0.1, "doit être ≥ 0,5")):
        with pytest.raises(ValidationError) as caught:
            Bounded(share=value)
        assert french_message(caught.value.errors()[0]) == message


@pytest.mark.parametrize("said", ["je suis MG secteur 1, percentile 70, je veux un assistant à mi-temps",
                                  "je suis généraliste secteur 2 percentile 70 optam, éligible ?"])
def test_the_sector_number_is_not_read_as_the_percentile(said):
    """« secteur 1, percentile 70 » was read as the 1st percentile (then « non éligible »)."""
    assert Session(on=DAY).handle(said).profile["percentile"] == 70
