"""One normalisation for the knowledge base's examples and for what the doctor types."""

import functools
import re
import unicodedata

from rapidfuzz import process
from rapidfuzz.distance import DamerauLevenshtein

from chatbot.language import vocabulary

from common.text import bounded, fold
from knowledge import shipped
from knowledge.models import Lexicon

MAX_CHARS = 2000  # a question longer than this is understood from its beginning and its end (common.text.bounded)
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u2028\u2029\ufeff]")
# Thousands separators inside a number that starts as a word (« 1 200 », « 1.200 »), not after a letter:
# « S1 900 PMT » is sector 1 and 900 patients, not 1900.
_GROUPED = re.compile(r"(?<![\w,])\d{1,3}(?:[ .\u00a0\u202f]\d{3})+(?!\d)")
_SEPARATOR = re.compile(r"[ .\u00a0\u202f]")
_ELISION = re.compile(r"\b(?:[ldjnmtsc]|qu|jusqu|lorsqu|puisqu|quoiqu)'")
# Punctuation goes, except a decimal separator between digits (« 150,5 » stays 150,5, not 150 and 5) and a
# minus sign that starts a number (« -1200 patients » must not be read as 1 200: entities.py keeps the sign).
_PUNCT = re.compile(r"(?:(?!(?<=\d)[.,](?=\d))(?!(?<!\w)-(?=\d))[^\w/])+")
_DECIMAL_POINT = re.compile(r"(?<=\d)\.(?=\d)")
# A slash between words joins two of them (« habillage/déshabillage », « évaluer/orienter »): two words. Between
# digits it stays (« 1/3 », a date).
_WORD_SLASH = re.compile(r"(?<=[^\W\d])/|/(?=[^\W\d])")


def clean(text: str) -> str:
    """What was typed, made safe: no control characters, no odd spaces, bounded length."""
    text = _CONTROL.sub(" ", unicodedata.normalize("NFC", text))
    return bounded(" ".join(text.split()), MAX_CHARS)


_COMPILED: dict[int, tuple[Lexicon, re.Pattern, re.Pattern, dict[str, str], dict[str, str]]] = {}


def _symbol(symbol: str) -> str:
    """A symbol's pattern; one that starts or ends with a digit is not part of a longer number or a date
    (« 11/3/2021 » is the 11th of March, not « 1 tiers »)."""
    before = r"(?<![\d/])" if symbol[:1].isdigit() else ""
    after = r"(?![\d/])" if symbol[-1:].isdigit() else ""
    return before + re.escape(symbol) + after


def _patterns(lexicon: Lexicon) -> tuple[re.Pattern, re.Pattern, dict[str, str], dict[str, str]]:
    """The lexicon compiled once (per lexicon object: the shipped one, or a test's)."""
    if id(lexicon) in _COMPILED and _COMPILED[id(lexicon)][0] is lexicon:
        return _COMPILED[id(lexicon)][1:]
    symbols = re.compile("|".join(_symbol(s) for s in sorted(lexicon.symbols, key=len, reverse=True)) or "(?!)")
    phrases = {fold(k): v for k, v in lexicon.synonyms.items()}
    alternation = "|".join(re.escape(k) for k in sorted(phrases, key=len, reverse=True))
    compiled = (symbols, re.compile(rf"\b(?:{alternation})\b"), phrases,
                {fold(k): v for k, v in lexicon.abbreviations.items()})
    _COMPILED[id(lexicon)] = (lexicon, *compiled)
    return compiled


_NUMBER_WORD = re.compile(r"\b(?:deux|trois|quatre|cinq|six|sept|huit|neuf|dix|onze|douze|treize|quatorze|quinze|"
                          r"seize|vingt|trente|quarante|cinquante|soixante|septante|huitante|nonante|cent|cents|"
                          r"mille|million|millions)")


def _words_to_digits(text: str) -> str:
    if not _NUMBER_WORD.search(text):
        return text
    from text_to_num import alpha2digit  # French number words: « mille deux cents » → 1200

    try:
        return alpha2digit(text, "fr")
    except Exception:  # the parser is for numbers; any other surprise leaves the text as it was
        return text


TYPO_MIN_LENGTH = 7   # shorter words have too many real neighbours one letter away


@functools.cache
def _typo_targets() -> tuple[tuple[str, ...], frozenset[str]]:
    vocab = vocabulary()
    return vocab.typo_targets, frozenset(vocab.typo_targets) | vocab.typo_keep


def corrected(word: str) -> str:
    """A domain term misspelt by one letter (« asistante », « patientelle », « lavenant ») as the term itself, so
    that the synonyms and the routing rules, not only the lexical scorer, read it."""
    targets, kept = _typo_targets()
    if len(word) < TYPO_MIN_LENGTH or word in kept or not word.isalpha():
        return word
    found = process.extractOne(word, targets, scorer=DamerauLevenshtein.distance, score_cutoff=1)
    return found[0] if found else word


def normalize(text: str, lexicon: Lexicon | None = None) -> str:
    """Lower case, no accents, elisions split off, numbers in digits, domain terms' typos corrected, abbreviations
    and synonyms expanded."""
    lexicon = lexicon or shipped().lexicon
    text = clean(text).replace("\u2019", "'").replace("`", "'").replace("\u2212", "-")
    symbols, pattern, phrases, abbreviations = _patterns(lexicon)
    text = symbols.sub(lambda m: f" {lexicon.symbols[m.group(0)]} ", text)
    text = _words_to_digits(text.lower()).replace("œ", "oe").replace("æ", "ae")
    text = fold(text)
    text = _GROUPED.sub(lambda m: _SEPARATOR.sub("", m.group(0)), text)
    text = _DECIMAL_POINT.sub(",", text)
    text = _ELISION.sub(" ", text)
    text = _WORD_SLASH.sub(" ", _PUNCT.sub(" ", text)).replace("_", " ")
    text = " ".join(corrected(word) for word in text.split())
    text = pattern.sub(lambda m: phrases[m.group(0)], text)
    return " ".join(abbreviations.get(word, word) for word in text.split())
