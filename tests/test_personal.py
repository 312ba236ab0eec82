"""Once a profile exists, money questions are answered for that profile (option chosen, age, total over the
contract, from `evaluate`), and « pourquoi » explains the doctor's own figures with each source once."""

import datetime as dt
import re

from chatbot.session import Session

DAY = dt.date(2026, 11, 24)


def simulated(text: str) -> Session:
    session = Session(on=DAY)
    reply = session.handle(text)
    assert reply.result is not None and reply.status == "result", reply.text
    return session


def test_money_after_a_simulation_is_for_the_chosen_option_with_its_total():
    session = simulated("je suis généraliste en secteur 1 au P50, suis-je éligible ?")
    reply = session.handle("combien je touche au total à mi-temps ?")
    assert reply.profile["option"] == "mi_temps"
    text = reply.text.replace("\u00a0", " ")
    assert "**Mi-temps** : 19 000 € (1re année)" in text and "66 000 € sur les 5 ans du contrat" in text
    assert "Temps plein" not in text and "lancez une simulation" not in text


def test_money_follows_the_profile_percentile_and_age():
    session = simulated("je suis pédiatre secteur 1 au P96, 66 ans, éligible ?")
    reply = session.handle("combien je toucherais à temps plein ?")
    option = reply.result.option("temps_plein")
    assert f"{option.total_eur:,}".replace(",", " ") + " € sur les 5 ans" in reply.text.replace("\u00a0", " ")
    assert len({y.amount_eur for y in option.years}) == 1          # above P95: the first-year amount every year
    assert "66 ans" in reply.text and "maintenir votre patientèle" in reply.text


def test_money_for_a_non_eligible_profile_leads_with_the_blocking_criterion():
    session = simulated("je suis généraliste secteur 2 sans OPTAM, suis-je éligible ?")
    reply = session.handle("combien je touche à mi-temps ?")
    assert "vous n'êtes pas éligible" in reply.text and "OPTAM" in reply.text
    assert "€" not in reply.text


def test_pourquoi_explains_only_the_chosen_option_each_source_once():
    session = simulated("je suis pédiatre secteur 2 optam au P92 à temps plein, éligible ?")
    reply = session.handle("pourquoi")
    assert "Temps plein, 1re année" in reply.text and "Mi-temps" not in reply.text
    urls = re.findall(r"https?://[^\s)]+", reply.text)
    assert urls and len(urls) == len(set(urls))
    assert not reply.sources            # listed once, in the text, not again under it


def test_pourquoi_without_option_explains_every_open_option():
    session = simulated("je suis pédiatre secteur 1 au P50, éligible ?")
    text = session.handle("pourquoi").text
    assert "Mi-temps, 1re année" in text and "Temps plein, 1re année" in text
