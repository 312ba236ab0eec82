"""Every term of the lexicon has a sourced definition that answers « c'est quoi X ? » asked fresh."""

import datetime as dt

import pytest

from chatbot.definitions import find
from chatbot.normalize import normalize
from chatbot.session import Session
from knowledge import shipped

LEXICON = shipped().lexicon
DEFINITIONS = LEXICON.definitions


def test_every_term_of_the_lexicon_has_a_definition():
    defined = {normalize(term) for d in DEFINITIONS for term in d.terms}
    missing = [abbr for abbr, expansion in LEXICON.abbreviations.items()
               if abbr not in LEXICON.plain_words and normalize(abbr) not in defined]
    assert not missing, f"termes sans définition : {missing}"


@pytest.mark.parametrize("definition", DEFINITIONS, ids=[d.id for d in DEFINITIONS])
def test_c_est_quoi_asked_fresh_gets_the_definition(definition):
    for term in definition.terms[:2]:
        reply = Session(on=dt.date(2026, 11, 24)).handle(f"c'est quoi {term} ?")
        assert reply.status == "answer" and definition.text in reply.text, term
        titles = {s["title"] for s in reply.sources}
        assert {shipped().sources[s].title for s in definition.sources} <= {t.split(" [document")[0] for t in titles}


@pytest.mark.parametrize("question, expected", [
    ("qu'est-ce que l'OPTAM ?", "optam"), ("OPTAM, c'est quoi ?", "optam"), ("ça veut dire quoi PMT", "pmt"),
    ("définition de la file active", "file_active"), ("c'est quoi l'optamm", "optam"),
    ("c'est quoi le montant à mi-temps ?", None), ("qu'est-ce qu'un assistant médical peut faire ?", None),
])
def test_only_a_bare_term_is_defined(question, expected):
    found = find(normalize(question))
    assert (found.id if found else None) == expected
