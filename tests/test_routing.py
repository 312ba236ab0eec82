"""Situations sent to the rules core: facts read from free text (negations, patient counts, third person),
echoed back, and generic questions left to the FAQ."""

import datetime as dt

import pytest

from chatbot import routing
from chatbot.entities import extract
from chatbot.normalize import normalize
from chatbot.scoring import norm
from chatbot.session import PERSONAL_INTENT, Session

DAY = dt.date(2026, 11, 24)


@pytest.mark.parametrize("text, expected", [
    ("pas adhérent à l'OPTAM", {"optam": False}),
    ("non OPTAM", {"optam": False}),
    ("je n'ai pas signé l'OPTAM", {"optam": False}),
    ("secteur 2 OPTAM : non", {"sector": "2", "optam": False}),
    ("secteur 2 optam", {"sector": "2", "optam": True}),
    ("pas en zone sous-dense", {"zone": "hors_zone"}),
    ("hors ZIP", {"zone": "hors_zone"}),
    ("ni ZIP ni ZAC", {"zone": "hors_zone"}),
    ("pas en ZIP mais en ZAC", {"zone": "zac"}),
    ("je suis en ZIP", {"zone": "zip"}),
    ("pas en secteur 2 mais en secteur 1", {"sector": "1"}),
    ("je ne suis pas en secteur 2", {}),
    ("je suis généraliste non OPTAM en secteur 2", {"specialty": "medecine_generale", "optam": False, "sector": "2"}),
    ("pas conventionné", {"sector": "non_conventionne"}),
    ("pas de MSP", {"coordinated_practice": False}),
    ("membre d'une CPTS", {"coordinated_practice": True}),
    ("secteur 2 pas en zone sous-dense optam", {"sector": "2", "optam": True, "zone": "hors_zone"}),
])
def test_negations_are_understood(text, expected):
    assert extract(normalize(text)) == expected


@pytest.mark.parametrize("text, expected", [
    ("1 200 patients médecin traitant", {"pmt": 1200}),
    ("j'ai 1100 patients MT", {"pmt": 1100}),
    ("une patientèle de 900", {"pmt": 900}),
    ("file active de 2 500 patients", {"file_active": 2500}),
    ("file active de 2 500 patients et 1200 patients médecin traitant", {"file_active": 2500, "pmt": 1200}),
    ("P60 et 900 patients", {"percentile": 60.0, "pmt": 900}),
])
def test_patient_counts_go_to_pmt_or_file_active_never_to_a_percentile(text, expected):
    assert extract(normalize(text)) == expected


@pytest.mark.parametrize("text, expected", [
    ("médecin de 64 ans", {"age": 64}),
    ("mon associé est cardiologue, il a 58 ans", {"specialty": "cardiologie", "age": 58}),
    ("installé depuis 30 ans", {}),
    ("il y a 30 ans", {}),
    ("j'ai deux associés", {"doctors_in_practice": 3}),
    ("je suis seul au cabinet", {"doctors_in_practice": 1}),
    ("c'est quoi une CPTS", {}),
])
def test_age_and_practice(text, expected):
    assert extract(normalize(text)) == expected


@pytest.mark.parametrize("text", [
    "pédiatre secteur 2 optam ça passe ?",
    "je suis MG secteur 1, 62 ans, 1 200 patients médecin traitant, je veux un assistant à mi-temps",
    "mon associé est cardiologue secteur 2 non OPTAM, il peut avoir l'aide ?",
    "ma consœur pédiatre est en secteur 1, elle a droit à l'aide ?",
    "j'ai 1100 patients mt, je peux avoir une assistante a temps plein ?",
    "gynéco secteur 2 non OPTAM éligible ?",
    "j'ai 66 ans, je dois augmenter ma patientèle ?",
    "rhumato S1, 1500 patients en file active, ok pour une AM ?",
    "dermato non conventionnée, possible ?",
    "je ne suis pas adhérent optam, secteur 2, rhumato, ça coince ?",
    # a newly installed doctor, or one settling in a zone, who asks about this aid
    "je viens de m'installer en ZIP, MG secteur 1, ai-je droit à l'aide ?",
    "je m'installe en ZIP, MG secteur 1, je peux embaucher une assistante avec l'aide ?",
])
def test_situations_go_to_the_rules(text):
    reply = Session(on=DAY).handle(text)
    assert reply.intent == PERSONAL_INTENT and reply.result is not None
    assert reply.text.startswith("J'ai compris : ")


@pytest.mark.parametrize("text", [
    "faut-il être en secteur 1 pour avoir l'aide ?",
    "un pédiatre peut-il avoir l'aide ?",
    "combien d'heures de formation pour une infirmière ?",
    "je suis MG, combien d'heures de formation pour mon assistante ?",
    "je suis seul dans mon cabinet, éligible ?",
    "MG S1 1 200 patients MT, quelles missions pour mon AM ?",
])
def test_generic_questions_stay_with_the_faq(text):
    reply = Session(on=DAY).handle(text)
    assert reply.intent != PERSONAL_INTENT and reply.profile == {}


def test_is_situation_needs_a_question_about_the_aid():
    assert routing.is_situation(normalize("pédiatre secteur 2 optam ça passe ?"),
                                extract(normalize("pédiatre secteur 2 optam ça passe ?")))
    text = normalize("je suis pédiatre secteur 2, mon assistante peut-elle faire des ECG ?")
    assert not routing.is_situation(text, extract(text))


def test_third_person_negation_gives_the_verdict_and_echoes_the_facts():
    reply = Session(on=DAY).handle("mon associé est cardiologue secteur 2, pas adhérent à l'OPTAM, il peut avoir l'aide ?")
    assert reply.result.eligible == "no"
    assert "J'ai compris : cardiologie (cardiologue), secteur 2, non adhérent à l'OPTAM." in reply.text


def test_a_gp_without_percentile_gets_the_indicative_threshold():
    reply = Session(on=DAY).handle("je suis généraliste secteur 1 avec 1 200 patients médecin traitant, je peux avoir l'aide ?")
    assert reply.profile.get("pmt") == 1200 and "percentile" not in reply.profile
    assert "775 patients médecin traitant" in reply.text and "probablement au-dessus" in reply.text


def test_a_commitment_question_gets_the_commitment_for_the_age_given():
    reply = Session(on=DAY).handle("j'ai 66 ans, je dois augmenter ma patientèle ?")
    assert reply.profile == {"age": 66}
    assert "**Votre engagement** : À 66 ans (dès 65 ans) : maintenir votre patientèle" in reply.text


# ---------------------------------------------------------------- kinds of situations found in the tuning lots

@pytest.mark.parametrize("text, share", [
    ("85 % d'honoraires cliniques", 0.85),
    ("90 % de mes honoraires viennent des actes cliniques", 0.9),
    ("mes actes techniques CCAM font 35% de mes honoraires totaux", 0.65),
    ("environ 70% de mes honoraires en actes CCAM", 0.3),
    ("20 % de patients de moins de 16 ans", None),
])
def test_the_clinical_share_is_read_from_clinical_or_technical_fees(text, share):
    assert extract(normalize(text)).get("clinical_fee_share") == share


@pytest.mark.parametrize("text, date", [
    ("contrat signé en octobre 2021", "2021-10-01"),
    ("signé le 20/06/2024", "2024-06-20"),
    ("signé en mars 2023, pour ma 4e année (oct 2024 - oct 2025)", "2023-03-01"),
    ("signé en 2021", "2021-12-31"),
    ("en 2020, un généraliste seul", "2020-12-31"),
    ("depuis la convention 2024", None),
])
def test_the_signing_date_is_read_from_a_month_or_a_year(text, date):
    assert extract(normalize(text)).get("signature_date") == date


@pytest.mark.parametrize("text, option", [
    ("une assistante à 17h30 par semaine", "mi_temps"),
    ("35 h par semaine", "temps_plein"),
    ("l'option 1 ETP", "temps_plein"),
    ("2 ETP d'assistants", None),
    ("1 ETP de médecin", None),
    # a fraction of an FTE, however written: digits, a fraction, « ½ », « demi »
    ("1/2 ETP d'assistante", "mi_temps"),
    ("0,5 ETP", "mi_temps"),
    ("½ ETP", "mi_temps"),
    ("un demi ETP", "mi_temps"),
    ("1/3 ETP", "tiers_temps"),
    ("0,33 ETP", "tiers_temps"),
])
def test_the_option_is_read_from_hours_or_fte(text, option):
    assert extract(normalize(text)).get("option") == option


@pytest.mark.parametrize("text", ["je viens juste de m'installer", "Je viens de m'installer il y a 4 mois",
                                  "installée depuis 6 mois", "jeune installé"])
def test_newly_installed(text):
    assert extract(normalize(text)).get("newly_installed") is True


def test_french_decimals_are_kept():
    assert normalize("P92,5 et 150,5") == "p92,5 et 150,5"
    assert extract(normalize("au 92,5e percentile")) == {"percentile": 92.5}
    assert extract(normalize("P92.5")) == {"percentile": 92.5}
    assert normalize("1.200 patients") == "1200 patients"


@pytest.mark.parametrize("text, expected", [
    # third person, terse, negation, no « éligible »: each gets the computed answer
    ("Ma consœur ORL, secteur 1, fait 85 % d'honoraires cliniques. Peut-elle bénéficier de l'aide ?",
     "ce profil peut être éligible"),
    ("chir ortho secteur 2 optam, 70% de mes honoraires en actes CCAM, ça passe ?", "Non éligible"),
    ("Psychiatre S1, exerce seul, pas en zone sous-dense, pas dans une CPTS: eligible ou pas ?",
     "plus exigé pour les contrats signés depuis le 1er mai 2023"),
    ("je viens juste de m'installer, je peux demander l'aide ?", "atteindre la médiane (P50)"),
    ("j'ai 67 ans et je ne compte pas prendre plus de patients, l'aide reste possible ?",
     "maintenir votre patientèle, avec une tolérance de −10 %"),
    ("je suis généraliste en secteur 1 au 60e percentile", "Éligible"),
])
def test_lot_kinds_get_the_personal_answer(text, expected):
    reply = Session(on=DAY).handle(text)
    assert reply.intent == PERSONAL_INTENT and reply.text.startswith("J'ai compris : ")
    assert expected in reply.text


def test_a_contract_and_a_money_question_get_its_amounts_year_by_year():
    reply = Session(on=DAY).handle("J'ai un contrat tiers-temps signé en octobre 2021, je touche combien en 4e année ?")
    text = reply.text.replace("\u00a0", " ")
    assert "contrat signé le 1er octobre 2021" in text and "7 350 € (4e année)" in text
    reply = Session(on=DAY).handle("MG en ZIP, contrat temps plein signé en janvier 2020 : total perçu sur les 5 ans ?")
    assert "126 000 € sur les 5 ans" in reply.text.replace("\u00a0", " ")


@pytest.mark.parametrize("text, amounts", [
    ("Sur un contrat temps complet signé maintenant, ça fait combien au cumulé sur 5 ans ?", ["132 000 €"]),
    ("Je signe ce mois-ci pour une assistante à 17h30 par semaine, je vais percevoir quoi ?",
     ["19 000 € (1re année)", "14 000 € (2e année)", "11 000 € (3e année)"]),
    ("contrat demi poste signé ce mois ci, le 1er versement c'est combien ?", ["19 000 € (1re année)"]),
])
def test_a_contract_signed_now_gets_todays_amounts(text, amounts):
    reply = Session(on=DAY).handle(text)
    assert reply.intent == PERSONAL_INTENT
    assert all(a in reply.text.replace("\u00a0", " ") for a in amounts)


@pytest.mark.parametrize("text", [
    "une ancienne sage femme peut faire assistante médicale chez un MG ?",
    "MG en ZIP, une AM à temps plein depuis 3 ans. Est-ce que je peux en embaucher une deuxième avec une aide ?",
    "Comment adhérer à l'OPTAM et quel taux de dépassement je dois respecter ?",
    "CAIM en ZIP : combien je touche pour m'installer en zone sous dense ?",
    "Hors ZIP, un généraliste peut-il avoir 2 ETP d'assistants financés ?",
    "Donne-moi les tâches jugées indispensables par les généralistes dans la thèse",
    "Quels étaient les montants de l'option mi-temps en 2019, année par année ?",
    # the doctor's own installation is what the aid pays for, and no assistant is named: the installation aids
    "MG secteur 1, je m'installe en ZIP en mars : l'aide de 50 000 € tombe quand ?",
])
def test_not_situations(text):
    reply = Session(on=DAY).handle(text)
    assert reply.intent != PERSONAL_INTENT and reply.profile == {}


# ---------------------------------------------------------------- facts never dropped silently, nor misread

@pytest.mark.parametrize("text, field, shown", [
    ("j'ai -1200 patients MT, éligible ?", "patientèle médecin traitant", "« -1\u00a0200 »"),
    ("cardiologue secteur 1 avec une file active de -3000, c'est bon ?", "file active", "« -3\u00a0000 »"),
    ("j'ai -45 ans et je suis MG S1, l'aide me concerne ?", "âge", "« -45 »"),
    ("cardio secteur 1 au percentile -10, éligible ?", "percentile", "« -10 »"),
])
def test_a_negative_count_is_refused_with_its_sign_never_read_as_positive(text, field, shown):
    reply = Session(on=DAY).handle(text)
    assert reply.intent == PERSONAL_INTENT
    assert f"{shown} n'est pas possible" in reply.text and field in reply.text.lower()
    assert all(v is None or v >= 0 for v in reply.profile.values() if isinstance(v, (int, float)))


def test_a_minus_sign_is_kept_only_where_it_starts_a_number():
    assert normalize("j'ai -1200 patients, P90-P95, 2019-2024, mi-temps") == "ai -1200 patients p90 p95 2019 2024 mi temps"
    assert extract(normalize("file active de −3000")) == {"file_active": -3000}


def test_a_sector_followed_by_a_count_is_not_read_as_one_number():
    assert extract(normalize("MG S1 900 PMT")) == {"specialty": "medecine_generale", "sector": "1", "pmt": 900}
    assert normalize("1 200 patients et 12 000 €") == "1200 patients et 12000 euros"


@pytest.mark.parametrize("text", ["je suis en secteur 3, je peux avoir une AM ?",
                                  "dermato secteur 3, une assistante médicale financée c'est possible ?"])
def test_sector_3_is_read_as_outside_the_convention_and_echoed(text):
    reply = Session(on=DAY).handle(text)
    assert reply.profile.get("sector") == "non_conventionne"
    assert "non conventionné" in reply.text and ("Non éligible" in reply.text or "pas éligible" in reply.text)


@pytest.mark.parametrize("text, verdict", [
    ("endocrino secteur 2 non optam ?", "Non éligible"),                     # facts only, no question word
    ("pédiatre S2 adhérent optam, ça le fait pour une AM ?", "ce profil peut être éligible"),
    ("MG secteur 2 sans OPTAM mais 2000 patients MT, toujours pas ?", "pas éligible"),
    ("slt jsuis mg s1 jpeux avoir 1 am ?", "ce profil peut être éligible"),  # SMS spelling
    ("chu pediatre s2 optam g droit a 1 am ?", "ce profil peut être éligible"),
])
def test_terse_colloquial_and_sms_situations_go_to_the_rules(text, verdict):
    reply = Session(on=DAY).handle(text)
    assert reply.intent == PERSONAL_INTENT and reply.text.startswith("J'ai compris : ")
    assert verdict in reply.text


@pytest.mark.parametrize("text", [
    "je suis en secteur 2, c'est quoi les engagements de l'OPTAM sur les dépassements ?",
    "secteur 2 pédiatre, comment j'adhère à l'OPTAM ?",
    "je suis cardiologue secteur 2 optam, quel taux de dépassement maximal je dois respecter ?",
    "MG secteur 1 en ZIP, le CAIM ça rapporte combien ?",
    "je suis généraliste en ZIP, je peux toucher le contrat d'aide à l'installation (CAIM) ?",
    "un orthoptiste peut-il travailler dans mon cabinet d'ophtalmo ?",
])
def test_questions_about_the_optam_or_another_scheme_are_declined_not_simulated(text):
    reply = Session(on=DAY).handle(text)
    assert reply.contract_status == "fallback" and reply.profile == {}


def test_sms_spellings_are_expanded():
    assert normalize("slt jsuis mg, ki paye la formation ? c koi une zip") == (
        "salut je suis medecin generaliste qui paie la formation c est quoi une zone d intervention prioritaire")


@pytest.mark.parametrize("text", ["je suis dermatologue, une lampe de Wood pour mon cabinet ça se trouve où ?",
                                  "je suis pédiatre, où acheter un otoscope pas cher ?"])
def test_a_lone_fact_with_a_question_no_entry_knows_is_declined_not_simulated(text):
    reply = Session(on=DAY).handle(text)
    assert reply.contract_status == "fallback" and reply.profile == {}


def test_a_question_about_the_installation_contract_is_read_on_the_normalised_text():
    # elisions are gone once normalised: « contrat d'aide à l'installation » → « contrat aide a installation »
    text = normalize("MG de 35 ans en ZIP : combien me verse le contrat d'aide à l'installation ?")
    assert routing.NOT_RULES.search(text)
    assert not routing.NOT_RULES.search(normalize("MG de 35 ans en ZIP : combien pour une assistante ?"))


@pytest.mark.parametrize("text, sector", [("un ami neurologue déconventionné", "non_conventionne"),
                                          ("secteur trois", "non_conventionne")])
def test_outside_the_convention_in_other_words(text, sector):
    assert extract(normalize(text)).get("sector") == sector


def test_a_cost_question_naming_an_option_gets_the_business_case():
    reply = Session(on=DAY).handle("au final ça me coûte combien de ma poche, une AM à mi-temps ?")
    assert reply.intent == "simulation.cout" and "Coût et équilibre" in reply.text
    assert reply.profile.get("option") == "mi_temps"


# ---------------------------------------------------------------- casual spellings, years of signature (session 4)
@pytest.mark.parametrize("typed, read", [
    ("une asistante medicale", "une assistant medical"),
    ("assitant médical", "assistant medical"),
    ("la patientelle", "la patientele"),
    ("elligibilité", "eligibilite"),
    ("lavenant 7", "avenant 7"),
    ("lav 7", "avenant 7"),
    ("la secu me file combien", "la assurance maladie me verse combien"),
    ("ma file active", "ma file active"),                          # « file » the noun is untouched
    ("l'assistance médicale à la procréation", "assistance medicale a la procreation"),   # a real word kept
])
def test_casual_spellings_are_read_as_the_domain_terms(typed, read):
    assert normalize(typed) == read


def test_no_word_of_the_knowledge_base_is_taken_for_a_typo():
    """Every real word the entries and declined topics use stays as it is (else add it to typo_keep)."""
    import re

    from chatbot.matcher import out_of_scope_topics
    from chatbot.normalize import corrected
    from common.text import fold
    from knowledge import shipped

    texts = [t for e in shipped().entries for t in (e.title, e.answer, *e.examples)]
    texts += [t for phrasings in out_of_scope_topics().values() for t in phrasings]
    words = {w for t in texts for w in re.findall(r"[a-z]+", fold(t.lower()))}
    assert {w: corrected(w) for w in words if corrected(w) != w} == {}


@pytest.mark.parametrize("text, date", [
    ("j'ai signé un contrat à mi-temps en 2020", "2020-12-31"),
    ("j'ai signé un tiers-temps en 2023", "2023-04-30"),      # closed on 1 May 2023: its last day open
    ("mon contrat temps plein date de 2022", "2022-12-31"),
    ("signé en mars 2021", "2021-03-01"),
])
def test_a_year_of_signature(text, date):
    assert extract(normalize(text))["signature_date"] == date


def test_a_year_alone_is_said_to_be_an_assumption():
    reply = Session(on=DAY).handle("j'ai signé un contrat mi-temps en 2021, combien au total ?")
    assert "Vous m'avez donné l'année (2021), pas le jour" in reply.text
    assert "31 décembre 2021" in reply.text
    month = Session(on=DAY).handle("j'ai signé un contrat mi-temps en mars 2021, combien au total ?")
    assert "pas le jour" not in month.text


def test_a_past_year_does_not_date_a_question_about_now():
    assert "signature_date" not in extract(normalize("en 2021 on m'avait refusé l'aide, et aujourd'hui ?"))
    assert "signature_date" in extract(normalize("j'ai signé un tiers temps en 2021, je touche quoi maintenant ?"))


def test_two_options_named_are_compared_not_chosen():
    assert "option" not in extract(normalize("mi-temps ou temps plein, lequel choisir ?"))
    reply = Session(on=DAY).handle("généraliste secteur 1 : mi-temps ou temps plein, combien la première année ?")
    assert "19000" in norm(reply.text) and "38000" in norm(reply.text)


def test_training_and_definition_questions_stay_with_the_faq():
    training = Session(on=DAY).handle("je suis MG secteur 1 en MSP, mon AM est aide-soignante : combien d'heures de "
                                      "formation doit-elle faire ?")
    assert training.intent != PERSONAL_INTENT and "115 h" in norm(training.text)


@pytest.mark.parametrize("question", ["chir ortho ça passe ?", "radiologue éligible ?"])
def test_a_one_fact_profile_told_tersely_gets_the_verdict(question):
    assert Session(on=DAY).handle(question).intent == PERSONAL_INTENT


def test_a_commitment_asked_with_an_age_gets_the_rules_engagement():
    reply = Session(on=DAY).handle("j'ai 68 ans, si je prends une AM on va m'imposer plus de patients ?")
    assert reply.intent == PERSONAL_INTENT and "tolérance de −10 %" in reply.text


@pytest.mark.parametrize("typed, read", [
    ("un coup de pouce de la caisse", "un aide de la caisse"),
    ("la secu file-t-elle", "la assurance maladie verse t elle"),
    ("entre plusieurs med", "entre plusieurs medecin"),
    ("mon assistante med", "mon assistant medical"),
    ("pdt la consult", "pendant la consultation"),
])
def test_more_casual_words(typed, read):
    assert normalize(typed) == read


def test_a_centre_told_by_its_doctors_full_time_equivalents():
    found = extract(normalize("notre centre de santé emploie 2 ETP de généralistes"))
    assert found["centre_type"] == "generalistes" and found["doctor_fte"] == 2


def test_the_specialty_is_echoed_with_the_doctors_word():
    reply = Session(on=DAY).handle("stomato secteur 1, j'y ai droit ?")
    assert "stomatologie (stomatologue)" in reply.text and reply.result.eligible == "no"


@pytest.mark.parametrize("text, percentile", [
    ("entre le 90e et le 95e percentile", 90.0),
    ("entre P90 et P95", 90.0),
    ("P90-P95", 90.0),
    ("du 90e au 95e percentile", 90.0),
    ("au-dessus du 95e percentile", 96.0),    # a bound exceeded: computed just above (« dépasse le 30e »)
    ("sous le 95e percentile", None),         # a bound from above: no percentile to compute with
    ("en dessous du P90", None),
    ("entre 10 et 20 patients", None),        # a band of patients is no band of percentiles
])
def test_a_band_of_percentiles_is_read_at_its_bottom(text, percentile):
    assert extract(normalize(text)).get("percentile") == percentile


def test_a_band_of_percentiles_is_said_back_and_gets_its_amounts():
    reply = Session(on=DAY).handle("MG secteur 1 entre le 90e et le 95e percentile, combien à temps plein ?")
    assert reply.intent == PERSONAL_INTENT
    assert "entre le 90e et le 95e percentile" in reply.text and "26000 € (3e annee)" in norm(reply.text)


def test_a_contract_year_asked_is_a_money_question():
    reply = Session(on=DAY).handle("pneumo S1, contrat mi-temps signé ce mois-ci, 1re année ?")
    assert reply.intent == PERSONAL_INTENT and "19000 € (1re annee)" in norm(reply.text)


def test_a_past_situation_asked_with_pouvait_goes_to_the_rules():
    reply = Session(on=DAY).handle("En 2020, un généraliste seul hors ZIP pouvait-il embaucher une AM avec l'aide ?")
    assert reply.intent == PERSONAL_INTENT and reply.result.regime.id == "A7" and reply.result.eligible == "no"


@pytest.mark.parametrize("question", ["optam-co accepté pour l'aide ?", "secteur 2 optam ça compte ?"])
def test_a_condition_asked_alone_and_tersely_is_a_question_about_the_rule(question):
    reply = Session(on=DAY).handle(question)
    assert reply.intent != PERSONAL_INTENT and reply.contract_status == "answer" and "OPTAM" in reply.text


def test_an_option_of_several_assistants_is_not_simulated():
    norm_text = normalize("MG en ZIP, déjà une AM à temps plein : option 2 ETP possible ?")
    assert routing.NOT_RULES.search(norm_text)
    assert Session(on=DAY).handle("MG en ZIP, déjà une AM à temps plein : option 2 ETP possible ?").intent != PERSONAL_INTENT


@pytest.mark.parametrize("text, asks", [
    ("je peux obtenir l'aide ?", True),
    ("est-ce que je peux en bénéficier", True),
    ("généraliste, quel délai pour obtenir une carte vitale", False),
])
def test_obtaining_is_about_the_aid_only_when_the_aid_is_named(text, asks):
    assert bool(routing.ASKS.search(normalize(text))) is asks


@pytest.mark.parametrize("text, intent", [
    ("Chère consœur, généraliste à Rouen en secteur 1, je voudrais savoir quels syndicats ont signé l'aide à "
     "l'embauche.", "dispositif.signataires"),
    # the whole letter draws the sectors' entry: its question alone, without the story's « secteur 1 »
    ("Bonjour, rhumatologue en secteur 1, je vous écris pour une question d'histoire : qui a signé l'aide à l'embauche "
     "des assistants médicaux ?", "dispositif.signataires"),
])
def test_a_letter_naming_the_aid_but_asking_its_history_stays_with_the_faq(text, intent):
    reply = Session(on=DAY).handle(text)
    assert reply.intent == intent and reply.profile == {}, reply.intent


def test_the_aid_named_in_a_money_question_is_still_a_situation():
    reply = Session(on=DAY).handle("je suis MG secteur 1 avec 1200 patients, quelle aide à l'embauche ?")
    assert reply.intent == PERSONAL_INTENT


@pytest.mark.parametrize("text, regime", [
    ("sous l'avenant 7, un MG seul pouvait-il en bénéficier ?", "A7"),
    ("du temps du règlement arbitral, un pédiatre secteur 2 sans OPTAM y avait droit ?", "RA2023"),
])
def test_a_past_regime_named_dates_the_situation_and_says_so(text, regime):
    from rules.params import shipped as params

    first = next(d.start for d in params()["regimes"].history if d.value.id == regime)
    reply = Session(on=DAY).handle(text)
    assert reply.intent == PERSONAL_INTENT and reply.profile["signature_date"] == first.isoformat()
    assert "pas la date : je calcule pour un contrat signé le" in reply.text


def test_todays_regime_named_dates_nothing():
    assert "signature_date" not in extract(normalize("sous la convention 2024, un MG seul peut-il avoir l'aide ?"))
