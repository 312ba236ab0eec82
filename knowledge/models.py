"""The schema of the knowledge base: every file is validated against these models (unknown fields refused)."""

import datetime as dt
from typing import Annotated

from common.schema import Convert, Limits, Strict

ID_PATTERN = r"^[a-z0-9_]+(\.[a-z0-9_]+)+$"


def _not_blank(example: str) -> str:
    if not example.strip():
        raise ValueError("exemple vide")
    return example


class Source(Strict):
    title: str
    url: str | None = None
    file: str | None = None
    date: dt.date | None = None


class Entry(Strict):
    """One question a doctor asks, its phrasings, and the curated answer."""

    id: Annotated[str, Limits(pattern=ID_PATTERN)]
    title: str
    examples: Annotated[tuple[Annotated[str, Convert(_not_blank)], ...], Limits(min_length=10, max_length=30)]
    answer: Annotated[str, Limits(min_length=1)]
    sources: Annotated[tuple[str, ...], Limits(min_length=1)]
    related: tuple[str, ...] = ()
    valid_from: dt.date | None = None
    valid_until: dt.date | None = None


class ThemeFile(Strict):
    theme: str
    entries: tuple[Entry, ...]


class Country(Strict):
    id: str
    name: str
    since: str
    training: str
    functions: str
    aliases: tuple[str, ...] = ()   # other ways doctors name it (« hollande », « américains »), for look-ups


class Note(Strict):
    """A sourced sentence that a block appends to its answers."""

    text: str
    sources: Annotated[tuple[str, ...], Limits(min_length=1)]


class InternationalFile(ThemeFile):
    source: str
    countries: tuple[Country, ...]
    france: Note


class ProgrammeStep(Strict):
    step: str
    detail: str
    topics: tuple[str, ...]


class QuizQuestion(Strict):
    question: str
    choices: Annotated[tuple[str, ...], Limits(min_length=2, max_length=5)]
    answer: int
    explanation: str
    sources: Annotated[tuple[str, ...], Limits(min_length=1)]


class EveningFile(ThemeFile):
    title: str
    source: str
    programme: tuple[ProgrammeStep, ...]
    quiz: Annotated[tuple[QuizQuestion, ...], Limits(min_length=20)]


class Share(Strict):
    pct: Annotated[float, Limits(ge=0, le=100)]
    n: Annotated[int, Limits(ge=0)]


class SurveyRow(Strict):
    task: str
    indispensable: Share
    utile: Share
    accessoire: Share


class Survey(Strict):
    source: str
    title: str
    respondents: int
    rows: tuple[SurveyRow, ...]
    indispensables: tuple[str, ...]
    accessoires: tuple[str, ...]


class Definition(Strict):
    """What a term of the lexicon means (the answer to « c'est quoi X ? »), with its sources."""

    id: Annotated[str, Limits(pattern=r"^[a-z0-9_]+$")]
    terms: Annotated[tuple[str, ...], Limits(min_length=1)]
    text: Annotated[str, Limits(min_length=1)]
    sources: Annotated[tuple[str, ...], Limits(min_length=1)]
    see: str | None = None


class Lexicon(Strict):
    symbols: dict[str, str]
    abbreviations: dict[str, str]
    synonyms: dict[str, str]
    plain_words: frozenset[str] = frozenset()       # chat shorthand (« cb », « stp »): no definition
    definitions: tuple[Definition, ...] = ()

