"""Once a profile exists, money questions are answered for that profile (option chosen, age, total over the
contract, from `evaluate`), and « pourquoi » explains the doctor's own figures with each source once."""

import datetime as dt
import re

import pytest

from chatbot.session import Session
from common.text import number
from rules.params import shipped as shipped_params

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


def test_money_for_an_option_reserved_to_a_zone_not_given_states_its_amounts_there():
    """2019: full time only in ZIP. Zone unknown: the amounts are given for the ZIP, not just « non disponible »."""
    session = Session(on=DAY)
    reply = session.handle("temps plein signé en mars 2020, combien je touche la 3e année ?")
    text = reply.text.replace("\u00a0", " ")
    zoned = Session(on=DAY).handle("je suis généraliste secteur 1 au P50 en ZIP, temps plein signé en mars 2020, éligible ?")
    years = zoned.result.option("temps_plein").years
    assert "Si vous exercez en zone d'intervention prioritaire (ZIP)" in text
    assert f"{years[2].amount_eur:,}".replace(",", " ") + " € (3e année)" in text


def test_money_for_a_contract_revalued_at_its_anniversary_says_so():
    session = Session(on=DAY)
    reply = session.handle("contrat mi-temps signé en mars 2021, combien je touche en 4e et 5e année ?")
    assert "date anniversaire" in reply.text


def test_a_revalued_contract_also_gets_the_amounts_its_own_regime_set():
    """« quels montants prévus ? » for a 2023 contract: the règlement arbitral's figures (written in the contract),
    beside those paid since its anniversary after June 2024."""
    reply = Session(on=DAY).handle("contrat temps plein signé en octobre 2023, sous le règlement arbitral : "
                                   "quels montants ?")
    text = reply.text.replace("\u00a0", " ")
    assert "28 000 € (2e année)" in text
    assert "montants prévus à la signature (Règlement arbitral de 2023) : 36 000 € (1re année), 27 000 € (2e année), " \
           "21 000 € (3e année)" in text


def test_a_contract_signed_under_todays_amounts_gets_no_second_line():
    reply = Session(on=DAY).handle("contrat temps plein signé en janvier 2025 : combien par an ?")
    assert "prévus à la signature" not in reply.text


def test_a_closed_option_asked_without_a_date_gets_what_a_running_contract_is_paid():
    """« mon vieux contrat tiers-temps, je suis au P96, combien depuis la revalo ? »: not only « non disponible »."""
    reply = Session(on=DAY).handle("mon vieux contrat tiers-temps, je suis au P96, combien je touche maintenant ?")
    text = reply.text.replace("\u00a0", " ")
    revalued = shipped_params()["amounts_tiers_temps"].value_at(DAY).every_year_p95
    assert "non disponible" in text and "signé le 30 avril 2023, dernier jour avant la fermeture" in text
    assert f"{number(revalued)} € (3e année)".replace("\u00a0", " ") in text


def test_a_condition_met_by_the_doctors_figure_is_said_against_its_threshold():
    """« 90 % d'honoraires cliniques, suis-je éligible ? »: the verdict says the 80 % it was measured against."""
    reply = Session(on=DAY).handle("chirurgien orthopédiste, 85 % d'honoraires cliniques, suis-je éligible ?")
    text = reply.text.replace("\u00a0", " ")
    assert "85 %" in text and "au moins 80 %" in text


def test_centre_situation_states_the_thresholds_per_doctor_fte():
    session = Session(on=DAY)
    reply = session.handle("notre centre de santé a 900 patients médecin traitant, on peut avoir l'aide ?")
    text = reply.text.replace("\u00a0", " ")
    thresholds = shipped_params()["centre_thresholds"].value_at(DAY)
    for rule in (thresholds.generalistes, thresholds.specialistes, thresholds.mixte):
        assert f"au moins {number(rule.min_per_doctor_fte)}".replace("\u00a0", " ") in text


def test_excluded_specialty_typed_short_is_named_in_the_verdict():
    reply = Session(on=DAY).handle("je suis anesth, secteur 1, j'ai droit à l'aide pour une AM ?")
    assert "anesthésie" in reply.text.lower() and "exclue" in reply.text


def test_outside_a_percentile_band_is_no_percentile():
    reply = Session(on=DAY).handle("total sur 5 ans d'un temps plein signé en 2025, hors P90 ?")
    assert reply.profile.get("percentile") is None


def test_pourquoi_says_each_year_once():
    """The line's head names the year: its explanation does not open with it again (« 1re année = 19 000 € :
    1re année ; … »), and keeps what the year's rule adds."""
    session = simulated("je suis généraliste secteur 1 au P50 à mi-temps, éligible ?")
    lines = [line for line in session.handle("pourquoi").text.splitlines() if " année = " in line]
    assert len(lines) == 5
    for line in lines:
        year = re.search(r"(\d+(?:re|e) année) = ", line).group(1)
        assert line.count(year) == 1, line
    assert "(3e année et suivantes)" not in lines[2], lines[2]    # « 3e année (3e année et suivantes) » said it twice
    assert "3e année et suivantes" in lines[3] and "Année de contrat commençant" in lines[0]


def test_one_fact_situation_states_the_figures_of_the_conditions_left():
    """A surgeon who says only his specialty hears the clinical-fees rule and the activity threshold."""
    reply = Session(on=DAY).handle("je suis chirurgien viscéral, l'aide pour une AM c'est possible ?")
    text = reply.text.replace("\u00a0", " ")
    rule = shipped_params()["surgical_rule"].value_at(DAY)
    assert f"au moins {number(rule.min_clinical_fee_share * 100)} %" in text
    assert "P30" in text


@pytest.mark.parametrize("text, kind", [
    ("notre centre de santé n'emploie que des généralistes : 3 ETP de médecins, 1300 patients MT, éligible ?",
     "generalistes"),
    ("notre CDS (uniquement des spécialistes), on a droit à l'aide ?", "specialistes"),
    ("centre de santé mixte, 2 ETP de médecins, file active de 2500, on a droit à l'aide ?", "mixte"),
])
def test_the_doctors_a_centre_employs_set_its_type_and_threshold(text, kind):
    reply = Session(on=DAY).handle(text)
    assert reply.profile.get("structure") == "centre_de_sante" and reply.profile.get("centre_type") == kind
    assert "specialty" not in reply.profile
    rule = getattr(shipped_params()["centre_thresholds"].value_at(DAY), kind)
    assert number(rule.min_per_doctor_fte).replace("\u00a0", " ") in reply.text.replace("\u00a0", " ")


def test_money_answer_states_the_commitment_range_of_the_2019_option():
    reply = Session(on=DAY).handle("je suis MG secteur 1, P50, j'ai signé un mi-temps en mars 2021, combien je touche ?")
    low, high = shipped_params()["objectives"].value_at(dt.date(2021, 3, 1)).increase_pct["mi_temps"]
    assert f"+{number(low, 1)} % à +{number(high, 1)} %" in reply.text and "CPAM" in reply.text


def test_the_commitment_follows_its_colon_in_lower_case():
    from chatbot.personal import money
    from rules import evaluate, parse_profile

    profile = {"specialty": "médecine générale", "sector": "1", "percentile": 60, "option": "mi_temps"}
    text = money(evaluate(parse_profile(profile), on=DAY), profile)
    assert "**Votre engagement** : augmenter votre patientèle" in text


@pytest.mark.parametrize("text, met", [("je suis adhérent optam, suis-je éligible ?", True),
                                       ("pédiatre pas optam ça passe ?", False)])
def test_optam_told_without_a_sector_says_what_it_means_for_the_sector_rule(text, met):
    """OPTAM is an option of conventioned doctors: told alone, the sector condition is met (secteur 1 or 2);
    its absence leaves secteur 1 open and secteur 2 closed, which is said instead of « Secteur non précisé »."""
    reply = Session(on=DAY).handle(text)
    sector = next(c for c in reply.result.criteria if c.id == "sector")
    assert (sector.status == "met") is met and "OPTAM-CO" in sector.explanation
    assert "OPTAM-CO" in reply.text and "Secteur non précisé." not in reply.text
