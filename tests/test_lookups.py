"""Table look-ups: each fires on its named slot, quotes the row held in knowledge/ or rules/parameters/
with its source, and leaves general questions to the FAQ. Expected figures are read from the same
data, never typed here."""

import datetime as dt

import pytest

from chatbot.lookups import Lookups
from chatbot.normalize import normalize
from chatbot.render import Renderer
from chatbot.session import Session
from common.text import day, eur, number
from knowledge import shipped
from rules.params import shipped as shipped_params

ON = dt.date(2026, 11, 24)


@pytest.fixture(scope="module")
def lookups() -> Lookups:
    kb, params = shipped(), shipped_params()
    return Lookups(kb, params, Renderer(kb, params))


def find(lookups: Lookups, question: str, on: dt.date = ON):
    return lookups.find(normalize(question), on)


def start(regime_id: str) -> dt.date:
    return next(d.start for d in shipped_params()["regimes"].history if d.value.id == regime_id)


def amounts(option: str, regime_id: str):
    return shipped_params()[f"amounts_{option}"].value_at(start(regime_id))


# ---------------------------------------------------------------------- thesis survey
def row(task_start: str):
    return next(r for r in shipped().survey.rows if r.task.startswith(task_start))


@pytest.mark.parametrize("question, task", [
    ("tenir l'agenda c'est indispensable pour les MG ?", "Tenir l'agenda"),
    ("pour les généralistes, répondre au tel c'est utile ou accessoire ?", "Répondre au téléphone"),
    ("les médecins jugent-ils indispensable que l'assistante prenne les constantes ?", "Mesurer les paramètres"),
    ("dans la thèse, encaisser les patients c'est jugé comment ?", "Encaisser le paiement"),
    ("avis des MG sur la gestion des stocks par l'AM", "Gérer les stocks"),
])
def test_survey_task_quotes_its_row_and_source(lookups, question, task):
    found = find(lookups, question)
    assert found is not None and found.kind == "tache" and found.intent == "theses.tableau"
    expected = row(task)
    assert expected.task in found.slots["tasks"]
    for share in (expected.indispensable, expected.utile, expected.accessoire):
        assert f"{share.n} ({number(share.pct, 1)} %)" in found.text
    assert found.kb_sources == (shipped().survey.source,)
    assert shipped().survey.title in found.text


def test_survey_two_tasks_named(lookups):
    found = find(lookups, "les généralistes jugent-ils indispensable que l'AM fasse les ECG et les BU ?")
    assert set(found.slots["tasks"]) == {row("Réaliser les ECG").task, row("Réaliser les BU").task}


@pytest.mark.parametrize("question", [
    "mon assistant peut-il tenir mon agenda ?",                  # no word of opinion: the missions entry
    "quelles tâches les MG jugent indispensables ?",             # no task named: the list entry
    "zone ZIP c'est quoi",
    "la revalorisation de 5 % s'applique à mon ancien contrat ?",
    "résultats de la thèse sur les tâches",
])
def test_survey_does_not_fire_without_a_named_task(lookups, question):
    assert find(lookups, question) is None or find(lookups, question).kind != "tache"


# ---------------------------------------------------------------------- international comparison
@pytest.mark.parametrize("question, country", [
    ("et en hollande ça se passe comment ?", "pays_bas"),
    ("les assistants suisses font quoi ?", "allemagne_suisse"),
    ("au Québec l'assistant examine les patients ?", "canada"),
    ("les PA américains prescrivent ?", "usa"),
])
def test_country_quotes_its_row(lookups, question, country):
    found = find(lookups, question)
    assert found.kind == "pays" and found.slots == {"country": country}
    data = next(c for c in shipped().international.countries if c.id == country)
    assert data.name in found.text and data.functions in found.text
    assert found.intent == f"international.{country}"
    assert found.kb_sources == (shipped().international.source,)


@pytest.mark.parametrize("question", ["les assistants existent-ils à l'étranger ?",
                                      "comparer l'Allemagne et le Canada", "en France, l'assistant prescrit-il ?"])
def test_country_needs_exactly_one_country(lookups, question):
    found = find(lookups, question)
    assert found is None or found.kind != "pays"


# ---------------------------------------------------------------------- amounts by regime × option × year or band
def test_closed_2019_tiers_temps_row(lookups):
    found = find(lookups, "combien pour un tiers-temps en 2e année avec l'avenant 7 ?")
    assert found.kind == "montants" and found.intent == "montants.tiers_temps"
    assert found.slots["regimes"] == ["A7"] and found.slots["option"] == "tiers_temps" and found.slots["year"] == 2
    assert f"**{eur(amounts('tiers_temps', 'A7').year_2)}**" in found.text
    closed = next(d.start for d in shipped_params()["option_tiers_temps"].history if d.value is None)
    assert f"fermée depuis le {day(closed)}" in found.text
    assert f"du {day(start('A7'))}" in found.text
    reference = shipped_params()["amounts_tiers_temps"].at(start("A7")).source.title
    assert reference in found.text and reference in [s["title"] for s in found.sources]


def test_tiers_temps_without_regime_gives_2019_and_revalued_rows(lookups):
    found = find(lookups, "un tiers temps ça fait combien la 3e année ?")
    assert found.slots["regimes"] == ["A7", "C2024"]
    assert eur(amounts("tiers_temps", "A7").year_3_plus) in found.text
    assert eur(amounts("tiers_temps", "C2024").year_3_plus) in found.text
    assert "option fermée aux nouveaux contrats" in found.text


def test_reglement_arbitral_year(lookups):
    found = find(lookups, "montant à mi-temps la 3e année sous le règlement arbitral")
    assert found.slots["regimes"] == ["RA2023"]
    assert f"**{eur(amounts('mi_temps', 'RA2023').year_3_plus)}**" in found.text


@pytest.mark.parametrize("question, column", [
    ("temps plein entre P90 et P95, combien à partir de la 3e année ?", "year_3_plus_p90_p95"),
    ("aide temps plein au P92 en 4e année", "year_3_plus_p90_p95"),
    ("cb pour un temps plein au-delà du P95 ?", "every_year_p95"),
])
def test_activity_bands_current_regime_with_2019_figure(lookups, question, column):
    found = find(lookups, question)
    assert found.intent == "montants.forte_activite" and found.slots["regimes"] == ["C2024"]
    assert f"**{eur(getattr(amounts('temps_plein', 'C2024'), column))}**" in found.text
    assert f"avenant 7 de 2019 : {eur(getattr(amounts('temps_plein', 'A7'), column))}" in found.text


def test_regime_follows_the_date(lookups):
    found = find(lookups, "combien la 2e année pour un mi-temps ?", on=dt.date(2023, 6, 1))
    assert found.slots["regimes"] == ["RA2023"]
    assert f"**{eur(amounts('mi_temps', 'RA2023').year_2)}**" in found.text


def test_calendar_year_names_the_regimes_in_force_that_year(lookups):
    found = find(lookups, "quels montants en 2024 ?")
    assert found.slots["regimes"] == ["RA2023", "C2024"]


@pytest.mark.parametrize("question", [
    "montant de l'aide pour un mi-temps",                  # general: the FAQ table
    "combien d'heures fait une AM à temps plein la 1re année ?",
    "combien de contrats signés en 2019 ?",
    "qu'a changé la convention 2024 ?",
    "combien coûte un assistant à mi-temps la 1re année ?",
    "objectifs de patientèle la 3e année à mi-temps",
    "quand est versée l'aide de la 2e année ?",
    "montant pour un centre de santé la 2e année",
    "avenant 7 tiers temps",
])
def test_amounts_do_not_fire_on_other_questions(lookups, question):
    found = find(lookups, question)
    assert found is None or found.kind not in ("montants", "total")


# ---------------------------------------------------------------------- five-year totals
def test_total_current_regime(lookups):
    found = find(lookups, "total sur 5 ans pour un temps plein")
    assert found.kind == "total" and found.slots["option"] == "temps_plein"
    row = amounts("temps_plein", "C2024")
    assert f"**{eur(row.year_1 + row.year_2 + 3 * row.year_3_plus)}**" in found.text
    assert f"contrat signé le {day(ON)}" in found.text


def test_total_closed_tiers_temps_and_flat_band(lookups):
    found = find(lookups, "un tiers temps ça rapportait combien au total ?")
    assert found.slots["regimes"] == ["A7"]
    row = amounts("tiers_temps", "A7")
    assert f"**{eur(row.year_1 + row.year_2 + 3 * row.year_3_plus)}**" in found.text
    flat = find(lookups, "mi-temps au-dessus du P95, combien en tout sur 5 ans ?")
    assert f"**{eur(5 * amounts('mi_temps', 'C2024').every_year_p95)}**" in flat.text


def test_total_reglement_arbitral_is_revalued_at_anniversary(lookups):
    found = find(lookups, "combien au total sur 5 ans avec le règlement arbitral à mi-temps")
    old, new = amounts("mi_temps", "RA2023"), amounts("mi_temps", "C2024")
    assert f"**{eur(old.year_1 + old.year_2 + 3 * new.year_3_plus)}**" in found.text
    assert "(revalorisée)" in found.text


# ---------------------------------------------------------------------- through the session
def test_session_answers_a_lookup_with_its_sources():
    reply = Session(on=ON).handle("combien pour un tiers-temps en 2e année avec l'avenant 7 ?")
    assert reply.status == "answer" and reply.intent == "montants.tiers_temps"
    assert any("avenant 7" in s["title"] for s in reply.sources)
    assert reply.suggestions


def test_session_general_question_still_goes_to_the_faq():
    reply = Session(on=ON).handle("combien touche-t-on pour un assistant médical ?")
    assert reply.status == "answer" and reply.intent == "montants.annuels" and reply.confidence < 1.0


def test_pourquoi_after_a_lookup_cites_the_entry_sources():
    session = Session(on=ON)
    session.handle("tenir l'agenda c'est indispensable pour les MG ?")
    assert "s'appuie sur" in session.handle("pourquoi").text


def test_closed_option_named_with_money_is_looked_up(lookups):
    """« combien pour un tiers-temps » : today's FAQ table has no such row, the look-up quotes it, marked closed."""
    found = find(lookups, "et un AM à 1/3 temps, ça rapporte combien ?")
    assert found.kind == "montants" and found.slots["option"] == "tiers_temps"
    assert eur(amounts("tiers_temps", "A7").year_1) in found.text and "fermée depuis le" in found.text
    assert find(lookups, "et un AM à mi-temps, ça rapporte combien ?") is None


# ---------------------------------------------------------------------- doctors' wordings of the slots
@pytest.mark.parametrize("question, task", [
    ("tenir le planning de garde, les MG veulent le déléguer ?", "Tenir le planning des médecins de garde"),
    ("le suivi psychiatrique par l'assistante, les généralistes sont pour ?", "Réaliser le suivi psychiatrique"),
    ("interpréter la biologie : quel score dans l'enquête ?", "Lire et interpréter les résultats de biologie"),
    ("le suivi psy par l'assistant, les MG sondés en disent quoi ?", "Réaliser le suivi psychiatrique"),
    ("vérifier les droits des patients, classé comment dans l'étude ?", "Vérifier les droits sociaux du patient"),
])
def test_survey_cues_of_a_casual_question(lookups, question, task):
    found = find(lookups, question)
    assert found is not None and found.kind == "tache" and found.slots["tasks"][0] == row(task).task


@pytest.mark.parametrize("question, option", [
    ("versements an 1, an 2, an 3 pour un plein temps ?", "temps_plein"),
    ("assistante à 17h30 par semaine, je perçois quoi en année 1, 2 puis 3 ?", "mi_temps"),
    ("temps complet : combien en année 1 et en année 2 ?", "temps_plein"),
])
def test_several_years_named_quote_the_whole_row(lookups, question, option):
    found = find(lookups, question)
    assert found.kind == "montants" and found.slots["option"] == option and found.slots["year"] is None
    row = amounts(option, "C2024")
    assert all(eur(v) in found.text for v in (row.year_1, row.year_2, row.year_3_plus))


def test_half_post_and_first_payment(lookups):
    found = find(lookups, "un demi poste signé ce mois-ci, le 1er versement fait combien ?")
    assert found.slots["option"] == "mi_temps" and found.slots["year"] == 1
    assert f"**{eur(amounts('mi_temps', 'C2024').year_1)}**" in found.text


def test_total_with_objectives_as_premise_and_month_of_signature(lookups):
    found = find(lookups, "total sur 5 ans d'un temps plein si j'atteins mes objectifs ?")
    row = amounts("temps_plein", "C2024")
    assert found.kind == "total" and f"**{eur(row.year_1 + row.year_2 + 3 * row.year_3_plus)}**" in found.text
    old = find(lookups, "mi-temps signé en octobre 2019, combien au total sur les 5 ans ?")
    assert old.slots["signed"] == dt.date(2019, 10, 1) and "contrat signé le 1er octobre 2019" in old.text
    a7 = amounts("mi_temps", "A7")
    assert f"**{eur(a7.year_1 + a7.year_2 + 3 * a7.year_3_plus)}**" in old.text   # 5th year starts before 2024


@pytest.mark.parametrize("question", [
    "un temps plein, ça me rapporte quoi année après année ?",
    "mi-temps : l'aide année par année, concrètement ?",
    "années 4 et 5 d'un contrat mi-temps, ils me versent combien ?",
])
def test_year_by_year_asks_for_the_whole_row(lookups, question):
    found = find(lookups, question)
    assert found is not None and found.kind == "montants" and found.slots["year"] is None
    option = found.slots["option"]
    assert f"3e année et suivantes {eur(amounts(option, 'C2024').year_3_plus)}" in found.text


def test_a_revaluation_named_with_an_option_and_a_year_is_money(lookups):
    found = find(lookups, "la hausse de 2024 appliquée au mi-temps en 1re année, ça donne quoi pour moi ?")
    assert found is not None and found.slots["year"] == 1 and "C2024" in found.slots["regimes"]
    assert f"**{eur(amounts('mi_temps', 'C2024').year_1)}**" in found.text


def test_revaluation_named_adds_the_row_paid_today(lookups):
    found = find(lookups, "tiers temps signé en 2021, avec la revalo combien en 3e année ?")
    assert found.slots["regimes"] == ["A7", "C2024"]
    assert f"**{eur(amounts('tiers_temps', 'C2024').year_3_plus)}**" in found.text


@pytest.mark.parametrize("question", [
    "le tiers temps c'est toujours possible pour avoir l'aide ?",
    "sous l'avenant 7 fallait-il être en cabinet de groupe pour toucher l'aide ?",
])
def test_amounts_do_not_fire_on_conditions(lookups, question):
    found = find(lookups, question)
    assert found is None or found.kind not in ("montants", "total")


def test_country_named_about_something_else(lookups):
    assert find(lookups, "quelle est la capitale de l'Australie ?") is None
    assert find(lookups, "et en Australie ?").kind == "pays"


def test_month_of_signature_gives_that_contract_year_by_year(lookups):
    """A 2023 contract's 2nd year starts after the 2024 amounts: paid at them (anniversary), said so."""
    found = find(lookups, "mi-temps signé en septembre 2023 sous le règlement arbitral, combien en année 1 et en année 2 ?")
    old, new = amounts("mi_temps", "RA2023"), amounts("mi_temps", "C2024")
    assert "contrat signé le 1er septembre 2023" in found.text
    assert f"1re année {eur(old.year_1)} · 2e année {eur(new.year_2)} (revalorisée)" in found.text


@pytest.mark.parametrize("question", ["ROSP 2024 montant moyen d'un généraliste", "aide à l'embauche d'un senior, montant 2026"])
def test_amounts_need_the_aid_named_in_a_long_question(lookups, question):
    assert find(lookups, question) is None
    assert find(lookups, "montant de l'aide assistant en 2026 la 2e année").kind == "montants"


# ---------------------------------------------------------------------- centres de santé: n ETP of assistants
@pytest.mark.parametrize("question, fte", [
    ("notre centre embauche 2 ETP d'assistantes, quelle aide la première année ?", 2.0),
    ("pour 1,5 ETP d'AM dans notre CDS, quel financement sur 5 ans", 1.5),
    ("centre de santé avec 3 assistants à temps plein, montant de l'aide", 3.0),
])
def test_centre_amounts_for_a_volume_of_assistants(lookups, question, fte):
    found = find(lookups, question)
    assert found is not None and found.kind == "centre" and found.slots["assistant_fte"] == fte
    row = shipped_params()["centre_amounts"].value_at(ON)
    text = found.text.replace("\u00a0", " ")
    assert f"**{eur(round(row.year_1 * fte))}**".replace("\u00a0", " ") in text
    assert f"**{eur(round(row.year_2 * fte))}**".replace("\u00a0", " ") in text
    assert "CPAM" in text and found.sources


@pytest.mark.parametrize("question", [
    "seuil de patients par ETP pour un centre de 2 ETP d'assistants, combien ?",
    "combien d'assistants un centre de santé peut-il financer ?",
    "le cabinet embauche 2 ETP d'assistants, combien d'aide ?",
])
def test_centre_amounts_need_a_centre_a_volume_and_money(lookups, question):
    found = find(lookups, question)
    assert found is None or found.kind != "centre"


def test_survey_cue_in_the_conditional(lookups):
    found = find(lookups, "gérer les stocks, les généralistes le confieraient à leur assistante ?")
    assert found is not None and found.kind == "tache" and found.slots["tasks"][0].startswith("Gérer les stocks")


@pytest.mark.parametrize("question, country", [
    ("in the Netherlands, what can medical assistants do?", "pays_bas"),
    ("les assistants aux USA ont-ils le droit de prescrire ?", "usa"),
])
def test_country_named_in_english(lookups, question, country):
    found = find(lookups, question)
    assert found is not None and found.slots["country"] == country


@pytest.mark.parametrize("question, column, least", [
    ("quelle tâche les généralistes jugent-ils le plus souvent indispensable ?", "indispensable", False),
    ("la mission la moins utile selon la thèse ?", "utile", True),
    ("top des tâches accessoires pour les MG", "accessoire", False),
])
def test_survey_rows_ranked_by_a_column(lookups, question, column, least):
    found = find(lookups, question)
    assert found is not None and found.slots["column"] == column and found.slots["least"] == least
    rows = sorted(shipped().survey.rows, key=lambda r: getattr(r, column).pct, reverse=not least)
    first = rows[0]
    assert f"« {first.task} »" in found.text and f"{number(getattr(first, column).pct, 1)} %" in found.text


def test_survey_ranking_needs_a_superlative(lookups):
    found = find(lookups, "quelles tâches sont jugées indispensables ?")
    assert found is None or "column" not in found.slots


def test_option_and_contract_year_name_a_cell_without_a_money_word(lookups):
    found = find(lookups, "temps plein nouvelle convention, 2e année ?")
    assert found is not None and found.kind == "montants"
    assert eur(amounts("temps_plein", "C2024").year_2) in found.text



def test_an_option_of_a_replaced_regime_is_not_said_open_to_new_contracts(lookups):
    """Under the avenant 7, replaced since 2023, mi-temps was open to its own contracts: « ouverte aux nouveaux
    contrats » would be false of that regime; under today's regime it is true."""
    old = find(lookups, "montants avenant 7 mi temps")
    assert old.slots["regimes"] == ["A7"] and "option ouverte aux nouveaux contrats" not in old.text
    assert "option de ce régime" in old.text
    now = find(lookups, "montants convention 2024 mi temps")
    assert "option ouverte aux nouveaux contrats" in now.text
    then = find(lookups, "montants avenant 7 mi temps", dt.date(2020, 3, 1))   # asked while it was in force
    assert "option ouverte aux nouveaux contrats" in then.text


def test_a_row_says_what_its_option_is(lookups):
    """« ⅓ ETP … partagé entre trois médecins » comes with the tiers-temps row, from the option's parameter."""
    found = find(lookups, "montants avenant 7 tiers temps")
    meaning = shipped_params()["option_tiers_temps"].value_at(start("A7")).meaning
    assert meaning and meaning in found.text


def test_how_long_a_bands_amount_lasts_is_its_row(lookups):
    """« au-delà du P95, combien et pendant combien de temps ? » : the flat amount paid every year."""
    found = find(lookups, "mi temps au dessus du P95 sous l'avenant 7 : combien et pendant combien de temps ?")
    assert found is not None and found.slots["band"] == "p95"
    assert f"**{eur(amounts('mi_temps', 'A7').every_year_p95)}**" in found.text and "chaque année" in found.text
    assert find(lookups, "la formation dure combien de temps pour une AS ?") is None


def test_how_many_doctors_share_an_option_is_no_amounts_question(lookups):
    assert find(lookups, "un tiers temps c'était pour combien de médecins ?") is None


def test_the_assurance_maladies_survey_is_not_the_thesis_table(lookups):
    """« l'enquête … de l'assurance maladie en 2021 » names words of a task (« Caisse Primaire d'Assurance
    Maladie ») but asks about the BVA survey, not the thesis's table; the thesis's rows are still found."""
    assert find(lookups, "les conclusions de l'enquête de l'assurance maladie en 2021") is None
    assert find(lookups, "gérer la communication avec la CPAM, c'est indispensable pour les MG ?").kind == "tache"


@pytest.mark.parametrize("question, option", [
    ("un demi-ETP sur la durée complète du contrat, ça rapporte quoi ?", "mi_temps"),   # « temps plein » inside it
    ("combien cumulé sur toute la durée du contrat pour un demi poste ?", "mi_temps"),
    ("tiers temps avenant 7 : les cinq années additionnées, combien ?", "tiers_temps"),
])
def test_a_total_asked_in_other_words_is_summed_from_the_options_amounts(lookups, question, option):
    found = find(lookups, question)
    assert found is not None and found.kind == "total" and found.slots["option"] == option, found
    regime = found.slots["regimes"][0]
    row = amounts(option, regime)
    assert f"**{eur(row.year_1 + row.year_2 + 3 * row.year_3_plus)}**" in found.text


def test_a_revaluation_ruled_out_keeps_the_row_as_signed(lookups):
    found = find(lookups, "mi-temps avenant 7 sans la revalorisation : somme des 5 annuités ?")
    assert found.kind == "total" and found.slots["regimes"] == ["A7"]
    revalued = find(lookups, "mi-temps avenant 7 avec la revalorisation, total ?")
    assert len(revalued.slots["regimes"]) == 2


def test_running_tiers_temps_contracts_get_their_whole_revalued_row():
    reply = Session(on=ON).handle("mon tiers-temps de 2021 touche quoi depuis la hausse de 2024 ?")
    new, old = amounts("tiers_temps", "C2024"), amounts("tiers_temps", "A7")
    assert all(eur(v) in reply.text for v in (new.year_2, new.year_3_plus, old.year_2)), reply.text


@pytest.mark.parametrize("question, intent", [
    ("1 576 patients médecin traitant : que signifie ce chiffre ?", "chiffres.patientele"),
    ("d'où vient le chiffre de 5 358 ?", "chiffres.contrats"),
])
def test_a_figure_asked_about_is_the_entry_that_gives_it(lookups, question, intent):
    found = find(lookups, question)
    assert found is not None and found.kind == "chiffre" and found.intent == intent


@pytest.mark.parametrize("question", [
    "36 000 €, ça correspond à quoi ?",            # a figure several entries give: none is chosen
    "que représente l'année 2019 pour les assistants ?",   # a year is no figure
    "1 576 patients médecin traitant en moyenne après 4 ans ?",   # a figure, not asked about as one
])
def test_a_figure_of_several_entries_or_not_asked_about_is_no_look_up(lookups, question):
    found = find(lookups, question)
    assert found is None or found.kind != "chiffre"


def test_soft_skills_and_the_2023_threshold_are_asked_as_doctors_say_them():
    assert Session(on=ON).handle("le savoir-être d'une bonne assistante, c'est quoi ?").intent == "profil.qualites"
    reply = Session(on=ON).handle("775 patients MT, d'où sort ce seuil ?")
    assert reply.intent == "eligibilite.seuil_activite" and "775" in reply.text
