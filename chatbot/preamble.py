"""The question inside a long message: greetings, politeness and the story told first set aside, so that they do not
drown what is asked (« Bonjour docteur, je me permets de vous écrire car mon confrère m'a parlé d'un dispositif ;
pourriez-vous m'indiquer quelles tâches une assistante peut réaliser ? »).

The session answers from this core only when the whole message gets no answer (a story often says what the question
points to: « Mon AM part en congé maternité… Qu'advient-il de mon contrat ? »): the sentences that ask (a « ? », a question
word, a request), without the courtesy formulas that open or close them (chatbot/data/vocabulary.yaml, `courtesy`),
plus the terms of the lexicon the story named (« … me parle de l'avenant 7. Quand ce texte a-t-il été signé ? »
keeps « avenant 7 »)."""

import functools
import re

from chatbot.language import vocabulary
from chatbot.normalize import normalize
from chatbot.routing import FIRST_PERSON, QUESTION
from knowledge import shipped

_SENTENCE = re.compile(r"(?<=[.;!?…])\s+|\s*;\s*")
# A colon after a story the doctor tells (« cardiologue installé depuis 1994, je n'ai pas suivi les négociations :
# pourriez-vous… ») ends it like a full stop; after a label it does not (« PDSA : tarif… », « Aide à l'installation des
# kinés en zone sous-dotée : montant ? »: what precedes is the topic).
_COLON = re.compile(r"\s+:\s+|(?<=\w):\s+")
# What asks, once normalised: a question word (routing.QUESTION) or a request (« pouvez-vous », « je souhaiterais »).
_REQUEST = re.compile(r"\b(?:pouvez|pourriez|souhaiterais|souhaite|aimerais|voudrais|dites|expliquez|indiquez|"
                      r"precisez|rappeler|rappelez|savoir|obtenir)\b")
MIN_WORDS = 8   # shorter messages have no preamble worth setting aside
MAX_SENTENCES = 12   # a longer run of « sentences » is a paste, not a letter: not split (each costs a normalisation)


@functools.cache
def _courtesy() -> re.Pattern:
    phrases = sorted({normalize(p) for p in vocabulary().courtesy} - {""}, key=len, reverse=True)
    one = r"(?:" + "|".join(re.escape(p) for p in phrases) + r")"
    return re.compile(rf"^(?:{one}\b\s*)+|(?:\s*\b{one})+$")   # a leading or trailing run: never « docteur junior »


@functools.cache
def _terms() -> re.Pattern:
    """The lexicon's defined terms (« avenant 7 », « OPTAM », « CPTS »…), normalised, longest first."""
    lexicon = shipped().lexicon
    terms = {normalize(t, lexicon) for d in lexicon.definitions for t in d.terms}
    terms = sorted((t for t in terms if len(t) >= 3), key=len, reverse=True)
    return re.compile(r"\b(?:" + "|".join(re.escape(t) for t in terms) + r")\b")


def _after_story(sentence: str) -> list[str]:
    """A sentence cut at its colons where what comes before is a story (MIN_WORDS or more, in the first person), not a
    label."""
    parts: list[str] = []
    for piece in _COLON.split(sentence):
        before = normalize(parts[-1]) if parts else ""
        if parts and (len(before.split()) < MIN_WORDS or not FIRST_PERSON.search(before)):
            parts[-1] += " : " + piece
        else:
            parts.append(piece)
    return parts


def core(raw: str, story_terms: bool = True) -> str | None:
    """The normalised question without its preamble, or None when there is nothing to set aside; with the lexicon
    terms the story named unless `story_terms` is False (they are the doctor's facts, not what is asked)."""
    norm = normalize(raw)
    if len(norm.split()) < MIN_WORDS:
        return None
    parts = [c for p in _SENTENCE.split(raw) for c in _after_story(p) if c.strip()]
    if len(parts) > MAX_SENTENCES:
        return None
    sentences = [normalize(p) for p in parts]
    asking = {i for i, (p, s) in enumerate(zip(parts, sentences))
              if "?" in p or QUESTION.search(s) or _REQUEST.search(s)}
    kept = [_courtesy().sub(" ", s) for i, s in enumerate(sentences) if not asking or i in asking]
    story = " ".join(s for i, s in enumerate(sentences) if asking and i not in asking)
    named = [m.group(0) for m in _terms().finditer(story)] if story_terms else []
    text = " ".join(" ".join(named + kept).split())
    return text if text and text != norm else None
