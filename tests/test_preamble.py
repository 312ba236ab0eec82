"""A long message's question found under its greetings, politeness and story (chatbot/preamble.py)."""

import pytest

from chatbot.preamble import core
from chatbot.session import Session


def test_the_courtesy_and_the_story_are_set_aside():
    asked = core("Bonsoir docteur, je me permets de vous écrire car j'ai repris un cabinet cet été ; pourriez-vous "
                 "m'indiquer quelles tâches une assistante peut réaliser ?")
    assert asked == "quelles taches une assistant peut realiser"


def test_a_term_the_story_named_is_kept_for_the_question_that_points_back_to_it():
    asked = core("Mon associé ne parle que de l'avenant 7 depuis des semaines. Pouvez-vous me rappeler quand ce texte "
                 "a été signé ?")
    assert asked.startswith("avenant 7 ") and "associe" not in asked


@pytest.mark.parametrize("text", ["combien pour un temps plein ?",
                                  "Rémunération d'un docteur junior en 4e année de médecine générale ?"])
def test_short_or_plain_questions_have_no_preamble(text):
    assert core(text) is None


def test_a_courteous_question_is_answered_not_declined():
    reply = Session().handle("Bonjour, je vous écris car un confrère m'a parlé de ce dispositif hier soir. Pouvez-vous "
                             "me dire ce que fait un assistant médical pendant la consultation ?")
    assert reply.contract_status == "answer" and reply.intent.startswith("missions.")


def test_an_off_topic_question_stays_declined_under_its_preamble():
    reply = Session().handle("Bonjour docteur, je vous écris car mon fils passe le bac. Pourriez-vous me dire comment "
                             "se déroule le concours d'infirmier ?")
    assert reply.contract_status == "fallback"


def test_a_story_the_question_points_back_to_is_kept_when_the_whole_is_answered():
    reply = Session().handle("Mon assistante est en arrêt maladie depuis quatre mois et personne ne la remplace. "
                             "Que devient mon contrat avec la caisse ?")
    assert reply.contract_status == "answer" and reply.intent == "employeur.absence"


def test_a_paste_of_many_sentences_is_not_split():
    assert core("Bonjour. " + "Une phrase de plus. " * 40 + "Combien pour un temps plein ?") is None


def test_a_colon_ends_a_story_told_in_the_first_person_not_a_label():
    asked = core("Madame, gériatre depuis trente ans, je n'ai pas lu les textes de l'époque : pourriez-vous me dire "
                 "quand l'avenant 7 a été signé ?")
    assert asked is not None and asked.startswith("quand avenant 7") and "geriatre" not in asked
    assert core("Aide à l'installation des kinés en zone très sous-dotée : montant ?") is None


def test_the_story_terms_can_be_left_out():
    text = "Bonjour, pédiatre en secteur 2, je vous écris au sujet de l'OPTAM : quelles tâches confier à une assistante ?"
    assert "optam" in core(text) and "optam" not in core(text, story_terms=False)


@pytest.mark.parametrize("text, intent", [
    # « secteur 2 » told in the story reads near « second assistant »: the question alone is answered
    ("Madame, pneumologue en secteur 2, je découvre ce dossier : pouvez-vous me dire en quelle année l'aide à l'emploi "
     "des assistants médicaux a été créée ?", "dispositif.avenant7"),
    # a story with a sector draws any entry its words share: the question alone, when surer
    ("Chère consœur, neurologue en secteur 2, je n'ai rien suivi : l'aide pour les assistants, elle a été créée quand "
     "exactement ?", "dispositif.avenant7"),
])
def test_a_letter_whose_sector_pulls_elsewhere_is_answered_from_its_question(text, intent):
    reply = Session().handle(text)
    assert reply.contract_status == "answer" and reply.intent == intent, reply.intent
