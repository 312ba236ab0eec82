"""What a newcomer stumbled on in the chat and the command line (fourth session): each test failed before its fix."""

import datetime as dt
import json
import re

import pytest

from chatbot.session import Session
from tests.test_cli_ask_eval import amguide

DAY = dt.date(2026, 11, 24)
PROFILE = "slt, je suis MG en S1, pas d optam, 850 PMT, 62 ans, P60. suis je eligible? cb?"


def plain(text: str) -> str:
    return text.replace("\u00a0", " ").replace("\u202f", " ")


def test_the_old_scale_of_amounts_is_said_to_be_old_and_the_asked_option_leads():
    data = json.loads(amguide("ask", "--json", "--date", "2026-11-24", "montant de l'aide à mi-temps").stdout)
    answer = plain(data["answer"])
    old = next(p for p in answer.split("\n\n") if "18 000 €" in p)
    assert "Ancien barème" in old and "21 juin 2024" in old
    assert "Soit, dans cet ancien barème, 18 000 € la 1re année pour un mi-temps" in old
    assert "Soit de 12 000 €" not in answer    # a range that read as today's
    rows = [line for line in answer.splitlines() if line.startswith("| ") and "€" in line]
    assert rows[0].startswith("| Mi-temps |")
    whole = plain(json.loads(amguide("ask", "--json", "--date", "2026-11-24", "montant de l'aide").stdout)["answer"])
    assert "Soit, dans cet ancien barème, de 12 000 € à 36 000 € la 1re année selon l'option" in whole


def test_the_chat_states_the_verdict_with_the_money():
    reply = Session(on=DAY).handle(PROFILE)
    assert "✅ **Éligible**" in reply.text and "66 000 €" in plain(reply.text)
    assert reply.text.index("Éligible") < reply.text.index("Pour votre profil")


def test_an_announced_indicative_threshold_is_shown():
    reply = Session(on=DAY).handle(PROFILE.replace("850", "1200").replace(" P60.", ""))
    text = plain(reply.text)
    assert "Seuil d'activité estimé à titre indicatif" in text
    assert "environ 775 patients" in text and "avec 1 200 patients, vous êtes probablement au-dessus" in text


@pytest.mark.parametrize("typed, option", [("mi temps", "mi_temps"), ("tps plein", "temps_plein"),
                                           ("1/3 temps", "tiers_temps"), ("temps partiel", "mi_temps"),
                                           ("1/2 temps", "mi_temps"), ("je prends le mi temps", "mi_temps")])
def test_an_option_typed_casually_after_the_hint_is_the_option(typed, option):
    session = Session(on=DAY)
    assert "Dites-moi l'option qui vous intéresse" in session.handle(PROFILE).text
    reply = session.handle(typed)
    assert session.state.profile["option"] == option and reply.status == "result"


def test_part_time_answers_the_forms_option_question_when_one_option_is_open():
    session = Session(on=DAY)
    session.handle("je suis MG secteur 1 P60, suis-je éligible ?")
    session.state.mode, session.state.asking = "form", "option"
    session.handle("temps partiel")
    assert session.state.profile["option"] == "mi_temps"


def test_more_patients_for_me_gives_the_old_scale_on_my_count_labelled_and_no_other_story():
    session = Session(on=DAY)
    session.handle(PROFILE)
    for question in ("combien de patients en plus ?", "donc concretement cb de patients MT en plus pour moi avec 850 ?"):
        text = plain(session.handle(question).text)
        assert text.startswith("**Votre engagement**"), text[:80]
        assert "+6 % à +25 %" in text and "soit environ +51 à +213 patients pour vos 850 patients médecin traitant" in text
        assert "à titre indicatif seulement, l'ancien barème (avenant 7, contrats signés du 21 août 2019 au 30 avril 2023)" in text
        assert "Pas de barème public des objectifs dans nos sources pour ce régime (Convention médicale 2024)" in text
    faq = plain(Session(on=DAY).handle("combien de patients en plus ?").text)
    assert "**Avenant 7** (contrats signés jusqu'au 30 avril 2023)" in faq and "nos sources ne donnent pas le barème" in faq


def test_a_doctor_who_only_maintains_gets_no_increase_scale():
    session = Session(on=DAY)
    session.handle(PROFILE.replace("62 ans", "66 ans"))
    text = plain(session.handle("combien de patients en plus ?").text)
    assert "maintenir votre patientèle" in text and "ancien barème" not in text


def test_an_avenant_7_contract_gets_its_scale_applied_to_the_count():
    done = amguide("simulate", "--date", "2021-03-01", "--set", "specialty=medecine_generale", "--set", "sector=1",
                   "--set", "pmt=850", "--set", "percentile=60", "--set", "option=mi_temps")
    assert done.returncode == 0, done.stderr
    assert re.search(r"Mi-temps : augmentation de \+6 % à \+25 % .*soit environ \+51 à \+213 patients", plain(done.stdout))


def test_more_patients_asked_in_the_middle_of_the_form_gets_the_doctors_figures_then_the_form_goes_on():
    session = Session(on=DAY)
    session.handle("je suis MG secteur 1, 850 patients médecin traitant")
    reply = session.handle("combien de patients en plus ?")
    text = plain(reply.text)
    assert "soit environ +51 à +213 patients pour vos 850 patients médecin traitant" in text
    assert reply.asking == "percentile" and text.rstrip().endswith("vous le donne.")
