"""A bare answer to one field's question, read once for the chat's form and the atelier's volunteer
(chatbot.form.read_answer): numbers in digits and in words, oui / non and their casual and mistyped forms,
choices and specialties with a typo; what is not the field's answer is None."""

import pytest

from chatbot.form import form, read_answer


@pytest.mark.parametrize(("field", "text", "value"), [
    ("percentile", "70", 70.0), ("percentile", "70e", 70.0), ("percentile", "P 70", 70.0),
    ("percentile", "soixante-dix", 70.0), ("pmt", "douze cents", 1200.0), ("pmt", "1 500", 1500.0),
    ("consultation_fee", "26,50 €", 26.5), ("consultation_fee", "trente euros", 30.0),
    ("age", "cinquante-cinq", 55.0), ("doctor_fte", "2,5", 2.5),
    ("clinical_fee_share", "85 %", 0.85), ("clinical_fee_share", "quatre-vingt-cinq pour cent", 0.85),
    ("clinical_fee_share", "0,9", 0.9), ("clinical_fee_share", "Moins de 80 %", 0.79), ("employer_rate", "42 %", 0.42),
])
def test_numbers_in_digits_and_in_words(field, text, value):
    assert read_answer(field, text) == pytest.approx(value)


@pytest.mark.parametrize(("text", "value"), [
    ("oui", True), ("Oui !", True), ("ouais", True), ("d'accord", True), ("ouiii", True), ("ouias", True),
    ("non", False), ("nan", False), ("non merci", False), ("nonnn", False), ("pas du tout", False),
    ("peut-être", None), ("bonjour", None), ("qui", None),
])
def test_yes_or_no_with_casual_words_and_typos(text, value):
    for field in ("optam", "newly_installed", "coordinated_practice", "centre_new"):
        assert read_answer(field, text) is value


@pytest.mark.parametrize(("field", "text", "value"), [
    ("sector", "Secteur 2", "2"), ("sector", "2", "2"), ("sector", "sectuer 1", "1"),
    ("sector", "non conventione", "non_conventionne"),
    ("zone", "ZAC", "zac"), ("zone", "zone d'intervention prioritaire", "zip"), ("zone", "70", None),
    ("option", "mi temps", "mi_temps"), ("option", "tier temps", "tiers_temps"), ("option", "temp plein", "temps_plein"),
    ("centre_type", "généralistes et spécialistes", "mixte"), ("centre_type", "Uniquement des généralistes", "generalistes"),
    ("specialty", "pédiatr", "pediatrie"), ("specialty", "cardilogue", "cardiologie"), ("specialty", "MG", "medecine_generale"),
    ("specialty", "je ne sais pas", None),
    ("structure", "Centre de santé", "centre_de_sante"), ("structure", "médecin libéral", "cabinet"),
])
def test_choices_and_specialties_with_typos(field, text, value):
    assert read_answer(field, text) == value


def test_what_is_not_the_fields_answer():
    assert read_answer("percentile", "1200 patients médecin traitant") is None   # a number said for another field
    assert read_answer("percentile", "je viens de m'installer") is None          # newly installed, not a percentile
    assert read_answer("signature_date", "2025") is None                          # a year alone is no date
    assert read_answer("signature_date", "15 mars 2025") == "2025-03-15"
    assert read_answer("percentile", "je ne sais pas") is None
    assert read_answer("no_such_field", "70") is None


def test_a_value_the_sentence_names_wins():
    assert read_answer("percentile", "P60, j'ai 1200 patients") == 60.0
    assert read_answer("optam", "non adhérent à l'OPTAM") is False


def test_every_field_of_the_form_has_a_kind_its_answers_are_read_by():
    for name, slot in form().slots.items():
        assert slot.kind in ("choice", "yes_no", "number", "percent", "specialty", "date"), name
        assert (slot.choices is not None) == (slot.kind in ("choice", "yes_no")), name
