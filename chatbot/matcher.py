"""Intent ranking: which knowledge entry a question asks for, with a calibrated confidence.

Two pieces of evidence per entry: how much of the question's weighted vocabulary (IDF) the entry's
examples cover, and how close the question is to its nearest example (rapidfuzz). Out-of-scope
near misses are declined topics, each scored like an entry on its own words, so that « aide à
l'installation » does not pass for the assistant aid, nor « tiers temps » for « tiers payant »."""

import math
from collections import Counter
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from rapidfuzz import fuzz, process

from chatbot.language import vocabulary
from chatbot.normalize import normalize
from common.built import kept
from common.schema import Strict
from common.text import fold
from common.yamlio import load_model
from knowledge import KnowledgeBase, shipped
from rules import specialties

OUT_OF_SCOPE = "hors_sujet"


@dataclass(frozen=True)
class Tuning:
    """The matcher's knobs, in one place (measured with `amguide eval`, see bench/README.md)."""

    keyword_weight: float = 0.6
    answer_from: float = 0.42        # confidence needed to answer (or to ask which, when two are close); below: fallback
    close_margin: float = 0.02       # two candidates this close: ask which one
    min_coverage: float = 0.40       # share of the question's weighted words that amguide knows
    typo_cutoff: float = 84.0
    number_weight: float = 0.5       # a number (a year, an amount) weighs less than a word
    fuzzy_pool: int = 40             # entries whose examples are compared one by one
    key_share: float = 0.5           # a word in this share of an entry's examples is one of its key terms
    key_rarity: float = 0.17          # … if it appears in at most this share of entries
    key_penalty: float = 0.2         # score lost by an entry when the question has none of its key terms


@dataclass(frozen=True)
class Candidate:
    intent: str
    title: str
    confidence: float


@dataclass(frozen=True)
class Match:
    status: str                       # answer | clarify | fallback
    candidates: tuple[Candidate, ...]
    coverage: float

    @property
    def best(self) -> Candidate | None:
        return self.candidates[0] if self.candidates else None


class OutOfScope(Strict):
    topics: dict[str, tuple[str, ...]]


def _out_of_scope_topics() -> dict[str, tuple[str, ...]]:
    """Near-miss topics, one pseudo-entry each, so that each is matched on its own words."""
    path = Path(str(resources.files("chatbot") / "data" / "out_of_scope.yaml"))
    return load_model(path, OutOfScope).topics


def out_of_scope(intent: str) -> bool:
    return intent.split(".")[0] == OUT_OF_SCOPE


class Matcher:
    def __init__(self, kb: KnowledgeBase, tuning: Tuning = Tuning()) -> None:
        self.tuning = tuning
        self.stop = vocabulary().stopwords
        self.titles = {e.id: e.title for e in kb.entries}
        self.titles[OUT_OF_SCOPE] = "Hors sujet"
        topics = _out_of_scope_topics()
        self.declined = tuple(f"{OUT_OF_SCOPE}.{topic}" for topic in topics)
        self.examples: list[str] = []
        self.owner: list[str] = []
        self.exact: dict[str, str] = {}    # a known phrasing (title or example), normalised → its intent
        bags: dict[str, Counter] = {}
        for entry in kb.entries:
            for text in (entry.title, *entry.examples):
                self._add(entry.id, normalize(text, kb.lexicon), bags)
        for intent, examples in zip(self.declined, topics.values()):
            for text in examples:
                self._add(intent, normalize(text, kb.lexicon), bags)
        self.bags = {intent: set(bag) for intent, bag in bags.items()}
        self.postings: dict[str, list[str]] = {}
        for intent, bag in self.bags.items():
            for word in bag:
                self.postings.setdefault(word, []).append(intent)
        self.by_intent: dict[str, list[str]] = {}
        for text, intent in zip(self.examples, self.owner):
            self.by_intent.setdefault(intent, []).append(text)
        self.anchors = tuple(normalize(a, kb.lexicon) for a in vocabulary().anchors)
        documents = len(self.bags)
        df = Counter(w for bag in self.bags.values() for w in bag)
        self.idf = {w: math.log((documents + 1) / (n + 0.5)) for w, n in df.items()}
        self.unknown_idf = math.log((documents + 1) / 0.5)
        answers = " ".join(normalize(e.answer, kb.lexicon) for e in kb.entries)
        self.known = {w for w in df if w not in self.stop} | set(answers.split())
        self.known_list = sorted(w for w in self.known if len(w) >= 4)
        counts = Counter(self.owner)
        self.keys = {intent: {w for w, n in bag.items() if n >= self.tuning.key_share * counts[intent]
                              and df[w] <= documents * self.tuning.key_rarity} for intent, bag in bags.items()}

    def _add(self, intent: str, text: str, bags: dict[str, Counter]) -> None:
        self.exact.setdefault(text, intent)
        if not out_of_scope(intent):   # a declined topic naming a specialty must not attract specialty questions
            text = with_specialty(text)
        words = [w for w in text.split() if w not in self.stop]
        self.examples.append(" ".join(words))
        self.owner.append(intent)
        bags.setdefault(intent, Counter()).update(words)

    def _content(self, text: str) -> list[str]:
        """The question's meaningful words, typos mapped to the nearest known word."""
        words = []
        for word in text.split():
            if word in self.stop or (word.isdigit() and word not in self.known):
                continue
            if word not in self.known and len(word) >= 6 and not word.isdigit():
                found = process.extractOne(word, self.known_list, scorer=fuzz.ratio, score_cutoff=self.tuning.typo_cutoff)
                word = found[0] if found else word
            words.append(word)
        return words

    def _missing_keys(self, intent: str, present: set[str]) -> float:
        """Share of an entry's key terms that the question lacks (0 when it has no key terms)."""
        keys = self.keys[intent]
        return len(keys - present) / len(keys) if keys else 0.0

    def rank(self, question: str, normalized: str | None = None) -> Match:
        text = normalized if normalized is not None else normalize(question)
        if text in self.exact:
            intent = self.exact[text]
            if out_of_scope(intent):
                return Match("fallback", (Candidate(OUT_OF_SCOPE, self.titles[OUT_OF_SCOPE], 1.0),), 1.0)
            return Match("answer", (Candidate(intent, self.titles[intent], 1.0),), 1.0)
        text = with_specialty(text)
        words = self._content(text)
        if not words:
            return Match("fallback", (), 0.0)
        weight = {w: min(self.idf.get(w, self.unknown_idf), self.tuning.number_weight) if w.isdigit()
                  else self.idf.get(w, self.unknown_idf) for w in set(words)}
        total = sum(weight.values())
        coverage = sum(v for w, v in weight.items() if w in self.known) / total
        if any(f" {a} " in f" {text} " for a in self.anchors):
            coverage = max(coverage, self.tuning.min_coverage)
        keyword: dict[str, float] = {}
        for word, value in weight.items():
            for intent in self.postings.get(word, ()):
                keyword[intent] = keyword.get(intent, 0.0) + value / total
        # The fuzzy half only for the entries that lead on keywords (and the out-of-scope set): fast at any size.
        leaders = sorted(keyword, key=keyword.get, reverse=True)[: self.tuning.fuzzy_pool]
        query = " ".join(words)
        fuzzy: dict[str, float] = {}
        for intent in {*leaders, *self.declined}:
            found = process.extractOne(query, self.by_intent.get(intent, ()), scorer=fuzz.token_sort_ratio, processor=None)
            fuzzy[intent] = found[1] / 100 if found else 0.0
        k = self.tuning.keyword_weight
        present = set(words)
        scores = {i: (k * keyword.get(i, 0.0) + (1 - k) * fuzzy.get(i, 0.0))
                  * (1 - self.tuning.key_penalty * self._missing_keys(i, present))
                  for i in {*keyword, *fuzzy}}
        if not scores:
            return Match("fallback", (), round(coverage, 3))
        ranked: dict[str, float] = {}   # best first, the out-of-scope topics as one candidate
        for intent, score in sorted(scores.items(), key=lambda item: (-item[1], item[0])):
            ranked.setdefault(OUT_OF_SCOPE if out_of_scope(intent) else intent, score)
        candidates = tuple(Candidate(i, self.titles[i], round(min(1.0, s), 3)) for i, s in list(ranked.items())[:4])
        return Match(self._decide(candidates, coverage), candidates, round(coverage, 3))

    def _decide(self, candidates: tuple[Candidate, ...], coverage: float) -> str:
        t, best = self.tuning, candidates[0]
        if best.intent == OUT_OF_SCOPE or coverage < t.min_coverage or best.confidence < t.answer_from:
            return "fallback"
        second = next((c for c in candidates[1:] if c.intent != OUT_OF_SCOPE), None)
        close = second is not None and best.confidence - second.confidence < t.close_margin
        return "clarify" if close else "answer"


def with_specialty(text: str) -> str:
    """Add the canonical name of a specialty the text names (« gynecos » → « … gynecologue medical »),
    so that every form of a specialty looks alike to the matcher."""
    found = specialties.find_in(text)
    if found is None:
        return text
    practitioner = fold(found.practitioner).replace("-", " ")
    return text if f" {practitioner} " in f" {text} " else f"{text} {practitioner}"


@kept("matcher")
def shipped_matcher() -> Matcher:
    return Matcher(shipped())
