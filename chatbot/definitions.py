"""« C'est quoi l'OPTAM ? »: a term of the lexicon defined (knowledge/data/lexicon.yaml, `definitions`).

A definition answers only when the question is nothing but « what is X » about a known term, so
« c'est quoi le montant à mi-temps ? » still goes to the FAQ. Works on normalised text, where the
lexicon has already expanded abbreviations (« PMT » and « patientèle médecin traitant » are one key)."""

import re
from rapidfuzz import fuzz, process

from chatbot.normalize import normalize
from knowledge import shipped
from knowledge.models import Definition, Lexicon

# « c'est quoi », « qu'est-ce que », « que veut dire », « définition de »… as they read once normalised.
_ASKING = re.compile(r"\b(?:c est quoi|est quoi|est ce que c est|est ce que|est ce|ce est|que veut dire|ca veut dire quoi|"
                     r"veut dire quoi|ca veut dire|que signifie|signifie quoi|ca signifie|signification|definition|"
                     r"definir|definis|definissez|kesako|quesaco)\b")
_EDGE = frozenset("le la les l un une des d de du deja exactement au juste donc encore ca cela c est et mais alors "
                  "bonjour bonsoir salut svp merci moi me rappelle rappelez dites dis explique expliquez en fait "
                  "terme mot sigle acronyme abreviation que qu ce quoi".split())
_SIMILAR = 90     # a typo (« optamm ») still finds its term


def _strip(words: list[str]) -> str:
    while words and words[0] in _EDGE:
        words = words[1:]
    while words and words[-1] in _EDGE:
        words = words[:-1]
    return " ".join(words)


_INDEXES: dict[int, tuple[Lexicon, dict[str, Definition]]] = {}


def _index(lexicon: Lexicon) -> dict[str, Definition]:
    """Every term of every definition, normalised like the doctor's text → its definition (built once
    per lexicon object: the shipped one, or a test's)."""
    if id(lexicon) in _INDEXES and _INDEXES[id(lexicon)][0] is lexicon:
        return _INDEXES[id(lexicon)][1]
    table: dict[str, Definition] = {}
    for definition in lexicon.definitions:
        for term in definition.terms:
            table.setdefault(_strip(normalize(term, lexicon).split()), definition)
    _INDEXES[id(lexicon)] = (lexicon, table)
    return table


def asks_definition(norm: str) -> bool:
    """The turn is worded as « what is … ? »."""
    return _ASKING.search(norm) is not None


def find(norm: str, lexicon: Lexicon | None = None) -> Definition | None:
    """The definition asked for, if the question is only « what is X » about a known term."""
    if not asks_definition(norm):
        return None
    lexicon = lexicon or shipped().lexicon
    term = _strip(_ASKING.sub(" ", norm).split())
    if not term:
        return None
    table = _index(lexicon)
    if term in table:
        return table[term]
    best = process.extractOne(term, list(table), scorer=fuzz.ratio, score_cutoff=_SIMILAR)
    return table[best[0]] if best else None
