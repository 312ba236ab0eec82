"""A situation's answer carries the fact asked (issue 9 kind 3, session 7): a contract year's commitment, one
verdict when it hangs on one fact, a salary as typed, a date before the aid, the errors of `--json`, and the
classes of lots K and L's situation misses (own wordings)."""

import datetime as dt
import json
import subprocess
import sys

import pytest

from chatbot import budget
from chatbot.session import PERSONAL_INTENT, Session
from rules import evaluate, parse_profile
from rules.summary import to_markdown
from tests.conftest import ROOT

ON = dt.date(2026, 11, 27)


def ask(text: str, on: dt.date = ON):
    return Session(on=on).handle(text)


def plain(text: str) -> str:
    return text.replace("\u00a0", " ").replace("\u202f", " ")


# (1) a contract's year and option, no day, and a commitment question: the commitment of that regime, computed
@pytest.mark.parametrize("text", [
    "contrat signé en 2020 mi temps 800 PMT combien de patients en plus",
    "j'ai signé en 2020 pour une AM à mi-temps, 800 patients médecin traitant : combien de patients supplémentaires ?",
    "mi-temps, contrat de 2020, patientèle de 800 : il me faut combien de patients de plus ?",
])
def test_a_dated_contract_and_a_commitment_question_get_the_regimes_commitment(text):
    reply = ask(text)
    assert reply.intent == PERSONAL_INTENT
    assert "+48 à +200 patients" in plain(reply.text) and "Mi-temps : augmentation de +6 %" in plain(reply.text)


# (2) one verdict, said once: a low activity that only a newly installed doctor escapes
@pytest.mark.parametrize("text", ["pédiatre S1 P25 éligible ?", "je suis dermato secteur 1 au 20e percentile, j'ai droit à l'aide ?",
                                  "rhumato S1, P15 : ça passe ?"])
def test_a_verdict_hanging_on_one_fact_names_it_in_its_headline(text):
    reply = ask(text)
    assert "Éligible seulement si vous êtes nouvel installé" in reply.text
    assert "Éligibilité à confirmer" not in reply.text and "sauf si" not in reply.text
    assert reply.text.lower().count("non éligible") == 1 and "sinon, non éligible" in reply.text


def test_the_condition_is_in_the_rules_output_and_its_json():
    result = evaluate(parse_profile({"specialty": "pédiatrie", "sector": "1", "percentile": 25}), on=ON)
    assert to_markdown(result).startswith("## ❔ Éligible seulement si vous êtes nouvel installé")
    data = result.to_dict()
    assert data["eligible"] == "unknown" and data["eligible_if"] == "vous êtes nouvel installé"
    assert evaluate(parse_profile({"specialty": "pédiatrie", "sector": "1", "percentile": 60}), on=ON).to_dict()["eligible_if"] is None


# (3) a salary as doctors type it
@pytest.mark.parametrize("text,salary", [
    ("2100 e brut", 2100), ("salaire 2 100 euros", 2100), ("2100€/mois", 2100), ("25k annuel", 2083),
    ("26 000 € brut par an", 2167), ("je la paie 1 950 eur", 1950), ("salaire 2000", 2000), ("2,2k brut", 2200),
])
def test_a_salary_is_read_as_typed(text, salary):
    assert budget.assumptions_said(text) == {"salary_gross_month": salary}


@pytest.mark.parametrize("text", ["combien je touche par an en 2e année ?", "l'aide annuelle de 19 000 €, c'est pour un mi-temps ?",
                                  "combien par mois à mi-temps ?"])
def test_no_salary_where_none_is_said(text):
    assert "salary_gross_month" not in budget.assumptions_said(text)


def test_a_salary_typed_after_a_profile_changes_the_cost():
    s = Session(on=ON)
    s.handle("je suis généraliste secteur 1 au P50 à mi-temps")
    reply = s.handle("2100 e brut")
    assert s.state.profile["salary_gross_month"] == 2100 and "Coût et équilibre" in reply.text


# (4) a day before the aid existed
def test_an_answer_for_a_day_before_the_aid_says_so_first():
    reply = ask("montant mi temps", on=dt.date(2018, 1, 1))
    assert reply.text.startswith("_L'aide à l'emploi d'un assistant médical n'existait pas encore")
    assert "20 juin 2019" in reply.notice and reply.notice in reply.text
    signed_not_in_force = ask("combien pour un assistant à mi-temps ?", on=dt.date(2019, 7, 1))
    assert "pas encore en vigueur" in signed_not_in_force.notice
    assert ask("montant mi temps").notice == ""


def amguide(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "tui.cli", *args], capture_output=True, text=True, cwd=ROOT)


def test_ask_json_carries_the_notice():
    before = json.loads(amguide("ask", "--json", "--date", "2018-01-01", "montant de l'aide à mi-temps").stdout)
    assert "n'existait pas encore" in before["notice"]
    assert json.loads(amguide("ask", "--json", "--date", "2026-11-24", "montant de l'aide à mi-temps").stdout)["notice"] is None


# (5) an error under --json: a French line on stderr, nothing on stdout, exit 2
@pytest.mark.parametrize("args", [
    ("ask", "--json", ""), ("ask", "--json", "--date", "2018-13-01", "montant"), ("ask", "--json", "--inconnu", "x"),
    ("simulate", "--json", "--set", "sector=7"), ("simulate", "--json", "--set", "pas_de_egal"),
    ("simulate", "--json", "--profile", "/nonexistent/profil.yaml"), ("eval", "--json", "/nonexistent/q.yaml"),
])
def test_json_errors_print_nothing_on_stdout(args):
    done = amguide(*args)
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr.startswith("amguide : ") and "Traceback" not in done.stderr


# (6) lots K and L's classes: the fact asked, not only the simulation
@pytest.mark.parametrize("text", ["Je suis en secteur 2, suis-je éligible à l'aide pour un assistant ?",
                                  "secteur 2 moi, j'ai droit à l'aide AM ?", "ma consoeur est en S2, elle est éligible ?"])
def test_sector_2_alone_names_the_optam(text):
    reply = ask(text)
    assert reply.intent == PERSONAL_INTENT and "OPTAM" in reply.text


MIXED, HIRED = ("eligibilite.cas_particuliers", "contrat adapté"), ("profil.qui_recruter", "auxiliaires de puériculture")


@pytest.mark.parametrize("text,expected", [
    ("je suis PH à mi-temps et libéral secteur 1 le reste du temps, l'aide est possible ?", MIXED),
    ("cardiologue S1, une partie de mon activité à l'hôpital : éligible quand même ?", MIXED),
    ("généraliste secteur 1 avec une activité salariée à côté, éligible ?", MIXED),
    ("MG S1 en libéral, je suis aussi salarié deux jours par semaine, j'ai droit à l'aide ?", MIXED),
    ("pédiatre, puis-je embaucher une auxiliaire de puériculture comme AM ?", HIRED),
    ("MG S1 : je peux prendre une infirmière pour ce poste ?", HIRED),
    ("je suis ORL secteur 1, mon aide-soignante peut devenir assistante médicale ?", HIRED),
])
def test_what_the_rules_do_not_model_gets_its_entry(text, expected):
    """A mixed activity (its contract adapted) or a trade to hire (who may be): the entry, not the simulation."""
    intent, fact = expected
    reply = ask(text)
    assert reply.intent == intent and fact in reply.text


@pytest.mark.parametrize("text", ["MG S1, je voudrais embaucher une infirmière de l'hôpital comme AM, combien ?",
                                  "chirurgien S2 OPTAM, mon activité est à 85 % clinique : éligible ?",
                                  "MG S1 P50, mon assistante sera salariée à mi-temps : combien ?"])
def test_the_hospital_or_a_salary_named_otherwise_is_no_mixed_activity(text):
    assert ask(text).intent != MIXED[0]


@pytest.mark.parametrize("text", ["MG secteur 1, hors zone, contrat signé en 2020 à temps plein : c'était possible ?",
                                  "en 2021, pas en ZIP, un généraliste S1 pouvait-il avoir un assistant à temps plein ?"])
def test_a_closed_option_names_the_open_ones(text):
    reply = ask(text)
    assert "Temps plein** : non disponible" in reply.text and "Options ouvertes : tiers-temps, mi-temps" in reply.text


@pytest.mark.parametrize("text", ["MG S1 P60, un tiers temps signé maintenant c'est jouable ?",
                                  "généraliste secteur 1 au P70 : un mi-temps maintenant, possible ?"])
def test_maintenant_is_now_not_maintaining_the_patientele(text):
    reply = ask(text)
    assert "Votre engagement** : augmenter" not in reply.text.split("\n\n")[1] and "Éligible" in reply.text


@pytest.mark.parametrize("text,percentile", [
    ("Pédiatre secteur 1, file active au-dessus du P30, une AM à mi-temps ça fait combien ?", 31),
    ("MG S1 avec une activité supérieure au 90e percentile : éligible ?", 91),
    ("je dépasse le P95, généraliste secteur 1, combien à temps plein ?", 96),
])
def test_a_bound_exceeded_is_computed_just_above_and_said(text, percentile):
    """« Au-dessus du P30 » meets « dépasse le 30e » (P30 itself does not); a sector's digit is no patient count."""
    reply = ask(text)
    assert reply.profile["percentile"] == percentile and "file_active" not in reply.profile
    assert f"je calcule au {percentile}e, le premier au-dessus" in reply.text and "seulement si" not in reply.text
