"""The fifth newcomer's findings (chat): a question about a closed option keeps the doctor's own option, a closed
option is never said « Éligible » alone, the commitment says what the sources give and do not give, the balance's
consultations are tied to the commitment in words."""

import datetime as dt

from chatbot.session import Session

DAY = dt.date(2026, 11, 27)
DOCTOR = "je suis MG secteur 1 non optam, 1200 patients médecin traitant, 52 ans, P60, suis-je éligible ?"


def test_a_question_about_a_closed_option_keeps_the_doctors_option():
    session = Session(on=DAY)
    for text in (DOCTOR, "mi-temps"):
        session.handle(text)
    reply = session.handle("[bold]combien[/bold] pour un [red]tiers temps")
    assert session.state.profile["option"] == "mi_temps"
    assert "n'est pas ouverte à un contrat signé le 27 novembre 2026 : votre simulation garde l'option mi-temps" in reply.text
    assert "Éligible" not in reply.text and "C'est corrigé" not in reply.text
    assert "Pour un contrat en cours signé le 30 avril 2023, dernier jour avant la fermeture" in reply.text
    assert "Coût et équilibre" in session.handle("combien ça me coûte ?").text     # the cost of the kept option


def test_a_chosen_closed_option_is_never_said_eligible_alone():
    session = Session(on=DAY)
    reply = session.handle("je suis MG secteur 1 non optam P60 et je veux un tiers temps, suis-je éligible ?")
    assert "## ✅ Éligible\n\n**Mais pas avec l'option tiers-temps : option fermée aux nouveaux contrats" in reply.text
    assert "Options ouvertes : mi-temps, temps plein." in reply.text
    reply = session.handle("combien pour moi ?")
    assert reply.text.startswith("✅ **Éligible** d'après ce que vous m'avez dit, mais pas avec l'option tiers-temps")


def test_an_open_option_chosen_by_a_question_is_still_taken_and_said_in_words():
    session = Session(on=DAY)
    for text in (DOCTOR, "mi-temps"):
        session.handle(text)
    reply = session.handle("et combien pour un temps plein ?")
    assert session.state.profile["option"] == "temps_plein" and "C'est corrigé : option temps plein." in reply.text


def test_the_commitment_says_what_the_sources_give_and_do_not_give():
    session = Session(on=DAY)
    session.handle("je suis MG secteur 1 non optam, 1200 patients médecin traitant, 52 ans, suis-je éligible ?")
    text = session.handle("mi-temps").text
    commitment = text[text.index("**Votre engagement**"):]
    assert "Pas de barème public des objectifs dans nos sources pour ce régime (Convention médicale 2024)" in commitment
    assert "à titre indicatif seulement, l'ancien barème" in commitment and "+72 à +300 patients" in commitment
    assert "L'objectif chiffré est fixé au contrat par votre CPAM" in commitment
    session.handle("P60")
    cost = session.handle("combien ça me coûte ?").text
    assert "consultations supplémentaires par an" in cost
    assert "Votre engagement, lui, se compte en patients et non en consultations : augmenter votre patientèle" in cost


def test_a_salary_said_in_the_chat_is_noted_echoed_and_used():
    session = Session(on=DAY)
    for text in (DOCTOR, "mi-temps"):
        session.handle(text)
    reply = session.handle("je la paierai 2100 euros brut par mois")
    assert reply.text.startswith("C'est noté : salaire brut de 2\u00a0100 € par mois à temps plein.")
    assert session.state.profile["salary_gross_month"] == 2100 and "Coût et équilibre" in reply.text
    assert "Pour changer une hypothèse, dites-la" in reply.text
    # In the middle of the form: noted, then the pending question again (never read as a percentile).
    session = Session(on=DAY)
    for text in ("simulation", "médecin libéral", "médecine générale"):
        session.handle(text)
    reply = session.handle("salaire 2100 € brut")
    assert reply.text.startswith("C'est noté : salaire brut de 2\u00a0100 €") and reply.asking == "sector"


def test_every_way_of_changing_an_assumption_the_chat_suggests_is_understood():
    import re

    from chatbot import budget

    examples = re.findall(r"« ([^»]+) »", budget.change())
    assert len(examples) == 4 and all(budget.assumptions_said(e) for e in examples)


def test_french_after_a_colon_and_agreement():
    session = Session(on=DAY)
    text = session.handle("je suis généraliste secteur 1, suis-je éligible ?").text
    assert "✓ **Secteur conventionnel** : secteur 1, condition remplie." in text
    assert "✓ **Spécialité** : la médecine générale" in text and ": Il faut" not in text
    money = Session(on=DAY).handle("je suis MG secteur 1, combien je toucherais ?").text
    assert "Pour confirmer : où se situe votre activité" in money
    session = Session(on=DAY)
    session.handle("quiz")
    session.handle("1")
    stopped = session.handle("stop").text
    assert "sur 1 question posée" in stopped and "(s)" not in stopped


def test_a_verdict_that_names_the_conditions_met_lists_them():
    reply = Session(on=DAY).handle("je suis MG secteur 1, combien je toucherais ?")
    verdict = reply.text.index("conditions remplies : spécialité, secteur conventionnel")
    assert verdict < reply.text.index("✓ **Spécialité**") < reply.text.index("✓ **Secteur conventionnel**")


def test_a_source_date_is_said_for_what_it_is():
    from common.text import source_label

    label = source_label({"title": "Convention médicale 2024, en vigueur le 22 juin 2024", "date": "2024-06-27"})
    assert label == "Convention médicale 2024, en vigueur le 22 juin 2024 (publié le 27 juin 2024)"


def test_a_refused_value_is_its_own_paragraph_not_merged_with_the_criteria_list():
    session = Session(on=DAY)
    for text in ("simulation", "médecin libéral", "médecine générale", "secteur 1"):
        session.handle(text)
    text = session.handle("P150").text
    assert text.startswith("Valeur non retenue — percentile d'activité : « 150 » n'est pas possible, la valeur va de 0 à 100.\n\n")
    assert "\n- " not in text[:text.index("\n\n")]
