"""Intent ranking: which knowledge entry a question asks for, with a calibrated confidence.

Two scorers, fused. The lexical one: how much of the question's weighted vocabulary (IDF) an entry's
phrasings cover, and how close the question is to its nearest phrasing (rapidfuzz). The semantic one
(chatbot/semantic.py, optional): the best cosine between the question's sentence embedding and an
entry's phrasings. Their mix and the answer / clarify / decline thresholds are learned by
leave-one-out cross-validation (bench/calibrate.py → chatbot/data/calibration.yaml); without the
encoder the lexical scorer decides alone, with its own learned thresholds. Out-of-scope near misses
are declined topics, each scored like an entry on its own phrasings, so that « aide à
l'installation » does not pass for the assistant aid, nor « tiers temps » for « tiers payant »."""

import copy
import functools
import heapq
import math
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

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


class Tuning(Strict):
    """The lexical scorer's hand-set knobs (chatbot/data/matcher.yaml)."""

    keyword_weight: float
    min_coverage: float       # share of the question's weighted words that amguide knows (follow-ups)
    typo_cutoff: float
    number_weight: float      # a number (a year, an amount) weighs less than a word
    fuzzy_pool: int           # entries whose phrasings are compared one by one
    key_share: float          # a word in this share of an entry's phrasings is one of its key terms
    key_rarity: float         # … if it appears in at most this share of entries
    key_penalty: float        # score lost by an entry when the question has none of its key terms


class Decision(Strict):
    """When to answer, ask which, or decline (learned)."""

    answer_from: float        # confidence needed to answer (or to ask which); below: decline
    close_margin: float       # two entries this close: ask which one
    min_coverage: float       # below this share of known words: decline
    # A question of more content words than `vague_words` says what it asks: its two first entries this close
    # (`full_margin`; None: close_margin) before « vouliez-vous dire », while « la formation » is still asked about.
    vague_words: int = 0
    full_margin: float | None = None


class Shortcut(Strict):
    """When the lexical scores alone settle an answer, the encoder is not asked (learned: only where the
    cross-validation shows the fused verdict no better)."""

    answer_from: float        # lexical score of the first candidate, an entry…
    margin: float             # … this far ahead of the second (a declined topic included)


class Fusion(Strict):
    semantic_weight: float    # score = (1 - w) × lexical + w × semantic
    cosine_floor: float       # semantic = (cosine - floor) / (1 - floor), clipped to [0, 1]
    decision: Decision
    shortcut: Shortcut


class Costs(Strict):
    """What each outcome is worth to the calibration (in scope: right, asked among the right ones,
    declined, wrong; off-topic: declined, answered); in-scope and off-topic phrasings weigh alike."""

    right: float
    clarify_right: float
    declined: float
    wrong: float
    off_topic_declined: float
    off_topic_answered: float


class Calibration(Strict):
    costs: Costs
    lexical: Decision         # the encoder absent
    fused: Fusion


def _data(name: str) -> Path:
    return Path(str(resources.files("chatbot") / "data" / name))


def load_tuning() -> Tuning:
    return load_model(_data("matcher.yaml"), Tuning)


def load_calibration(path: Path | None = None) -> Calibration:
    return load_model(path or _data("calibration.yaml"), Calibration)


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


def out_of_scope_topics() -> dict[str, tuple[str, ...]]:
    """Near-miss topics, one pseudo-entry each, so that each is matched on its own words."""
    return load_model(_data("out_of_scope.yaml"), OutOfScope).topics


def out_of_scope(intent: str) -> bool:
    return intent == OUT_OF_SCOPE or intent.startswith(OUT_OF_SCOPE + ".")


def fuse(lexical: dict[str, float], semantic: dict[str, float] | None, fusion: Fusion) -> dict[str, float]:
    """One score per intent from the two scorers (the lexical ones alone without the encoder)."""
    if semantic is None:
        return lexical
    w, floor = fusion.semantic_weight, fusion.cosine_floor
    rest, span = 1 - w, 1 - floor
    return {i: rest * lexical.get(i, 0.0) + w * (0.0 if s < 0.0 else 1.0 if s > 1.0 else s)   # s clipped to [0, 1]
            for i, s in ((i, (cosine - floor) / span) for i, cosine in semantic.items())}


RANKED = 4   # candidates a turn reads: a reply shows up to four, the verdicts look at the first three


def ranked(scores: dict[str, float], first: int = RANKED) -> list[tuple[str, float]]:
    """The `first` best, best first, ties by name, the declined topics as one candidate. Only the scores at or
    above the `first`-th best are sorted (sorting every intent was most of a turn with a knowledge base ×20), more
    when the declined topics among them, merged, leave fewer than `first`."""
    values, kept = sorted(scores.values(), reverse=True), first
    while kept < len(values):
        best = _merged((i, s) for i, s in scores.items() if s >= values[kept - 1])
        if len(best) >= first:
            return best[:first]
        kept *= 4
    return _merged(scores.items())[:first]


def _merged(items: Iterable[tuple[str, float]]) -> list[tuple[str, float]]:
    best: dict[str, float] = {}
    for intent, score in sorted(items, key=lambda item: (-item[1], item[0])):
        best.setdefault(OUT_OF_SCOPE if out_of_scope(intent) else intent, score)
    return list(best.items())


def settled(ranking: list[tuple[str, float]], coverage: float, fusion: Fusion) -> str | None:
    """The fused matcher's verdict when the lexical ranking already decides it, else None: a question of
    too few known words is declined whatever its cosines; a clear lexical lead is answered (`shortcut`)."""
    if not ranking or coverage < fusion.decision.min_coverage:
        return "fallback"
    (intent, score), second = ranking[0], ranking[1][1] if len(ranking) > 1 else 0.0
    if intent != OUT_OF_SCOPE and score >= fusion.shortcut.answer_from and score - second >= fusion.shortcut.margin:
        return "answer"
    return None


def decide(ranking: list[tuple[str, float]], coverage: float, decision: Decision, words: int = 0) -> str:
    """answer, clarify (the second in-scope entry within the margin: a vague question's, or a full one's, of
    `words` content words) or fallback."""
    if not ranking:
        return "fallback"
    intent, score = ranking[0]
    if intent == OUT_OF_SCOPE or coverage < decision.min_coverage or score < decision.answer_from:
        return "fallback"
    second = next((s for i, s in ranking[1:] if i != OUT_OF_SCOPE), None)
    full = decision.full_margin is not None and words > decision.vague_words
    margin = decision.full_margin if full else decision.close_margin
    return "clarify" if second is not None and score - second < margin else "answer"


class Matcher:
    def __init__(self, kb: KnowledgeBase, tuning: Tuning | None = None, calibration: Calibration | None = None,
                 topics: dict[str, tuple[str, ...]] | None = None) -> None:
        self.tuning = tuning or load_tuning()
        self.calibration = calibration or load_calibration()
        self.semantic: Any = None      # a semantic.Index, attached by with_semantic (never pickled)
        self.stop = vocabulary().stopwords
        self.titles = {e.id: e.title for e in kb.entries}
        self.titles[OUT_OF_SCOPE] = "Hors sujet"
        topics = out_of_scope_topics() if topics is None else topics
        self.declined = tuple(f"{OUT_OF_SCOPE}.{topic}" for topic in topics)
        self.phrasings: list[str] = []  # every phrasing, normalised (what the encoder reads), each intent's together
        self.examples: list[str] = []   # the same, as the lexical scorer sees them
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
        self.by_intent: dict[str, list[str]] = {}   # each intent's phrasings, words sorted (see `lexical`)
        for text, intent in zip(self.examples, self.owner):
            self.by_intent.setdefault(intent, []).append(_sorted_words(text))
        self.anchors = tuple(normalize(a, kb.lexicon) for a in vocabulary().anchors)
        documents = len(self.bags)
        df = Counter(w for bag in self.bags.values() for w in bag)
        self.idf = {w: math.log((documents + 1) / (n + 0.5)) for w, n in df.items()}
        self.unknown_idf = math.log((documents + 1) / 0.5)
        # The weight of a word as rare as an entry's key term may be (`key_rarity`): a question whose words weigh less
        # together only names what every entry names (« que fait un assistant médical »), see `lexical`.
        self.telling = math.log((documents + 1) / (self.tuning.key_rarity * documents + 0.5))
        answers = " ".join(normalize(e.answer, kb.lexicon) for e in kb.entries)
        self.known = {w for w in df if w not in self.stop} | set(answers.split())
        self.known_list = sorted(w for w in self.known if len(w) >= 4)
        counts = Counter(self.owner)
        self.keys = {intent: {w for w, n in bag.items() if n >= self.tuning.key_share * counts[intent]
                              and df[w] <= documents * self.tuning.key_rarity} for intent, bag in bags.items()}
        self.key_counts = {intent: len(keys) for intent, keys in self.keys.items()}
        self.keyed: dict[str, list[str]] = {}   # a key term → the intents it is a key term of
        for intent, keys in self.keys.items():
            for word in keys:
                self.keyed.setdefault(word, []).append(intent)

    def _add(self, intent: str, text: str, bags: dict[str, Counter]) -> None:
        self.exact.setdefault(text, intent)
        self.phrasings.append(text)
        if not out_of_scope(intent):   # a declined topic naming a specialty must not attract specialty questions
            text = with_specialty(text)
        words = [w for w in text.split() if w not in self.stop]
        self.examples.append(" ".join(words))
        self.owner.append(intent)
        bags.setdefault(intent, Counter()).update(words)

    def with_semantic(self, index: Any) -> "Matcher":
        """A copy that fuses the semantic scores of `index` (None: the same lexical matcher)."""
        if index is None:
            return self
        fused = copy.copy(self)
        fused.semantic = index
        return fused

    def __getstate__(self) -> dict:
        return {**self.__dict__, "semantic": None}   # the model is never cached

    @property
    def decision(self) -> Decision:
        """The thresholds used when the encoder is available (the lexical ones otherwise)."""
        return self.calibration.fused.decision if self.semantic is not None else self.calibration.lexical

    def warm(self) -> None:
        """Load the encoder and the phrasings' vectors now (the chat does it in a worker after start-up)."""
        if self.semantic is not None:
            self.semantic.warm()

    def prepare(self, normalized: str) -> None:
        """Embed a question ahead of its turn when ranking it will ask the encoder (the chat calls this while the
        doctor types, in a worker): the turn then finds its vector ready. Nothing when the encoder is not loaded."""
        if self.semantic is not None and self.semantic.vectors is not None and self.needs_encoder(normalized):
            self.semantic.embed(normalized)

    def embed_ahead(self, normalized: str) -> None:
        """Start embedding a question in a thread when ranking it will ask the encoder (`amguide ask`, before it
        imports and loads the rest of the conversation: semantic.Index.embed_ahead); nothing otherwise."""
        if self.semantic is not None and self.needs_encoder(normalized):
            self.semantic.embed_ahead(normalized)

    def needs_encoder(self, normalized: str) -> bool:
        """Whether ranking the normalised question will ask the encoder: its lexical scores do not settle it."""
        if normalized in self.exact:
            return False
        lexical, coverage = self.lexical(normalized)
        return bool(lexical) and settled(ranked(lexical), coverage, self.calibration.fused) is None

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

    def lexical(self, text: str) -> tuple[dict[str, float], float]:
        """Lexical score per intent that shares a word with the normalised question, and its coverage."""
        text = with_specialty(text)
        words = self._content(text)
        if not words:
            return {}, 0.0
        weight = {w: min(self.idf.get(w, self.unknown_idf), self.tuning.number_weight) if w.isdigit()
                  else self.idf[w] for w in dict.fromkeys(words) if w.isdigit() or w in self.idf}
        # A word no entry uses weighs as much as the question's rarest known word, not as the rarest word
        # there is: one stray word (« bold », « zut ») no longer outweighs « combien … mi temps » together.
        stray = max(weight.values(), default=self.unknown_idf)
        weight = {w: weight.get(w, stray) for w in dict.fromkeys(words)}   # in order: same sums, same ties in every process
        total = sum(weight.values())
        coverage = sum(v for w, v in weight.items() if w in self.known) / total
        if any(f" {a} " in f" {text} " for a in self.anchors):
            coverage = max(coverage, self.tuning.min_coverage)
        keyword: dict[str, float] = {}
        for word, value in weight.items():
            share = value / total
            for intent in self.postings.get(word, ()):
                keyword[intent] = keyword.get(intent, 0.0) + share
        # The fuzzy half only for the entries that lead on keywords (and the out-of-scope set): fast at any size.
        # Entries tied with the last of the pool come in too: a question whose only words are everywhere (« que fait
        # un assistant médical ») ties a hundred entries, and a cut among them by the knowledge base's order gave
        # the fuzzy half to the first forty only (the employer's entries), never to the missions.
        leaders = list(keyword)
        if len(leaders) > self.tuning.fuzzy_pool:   # the pool's last score found without sorting every entry
            last = heapq.nlargest(self.tuning.fuzzy_pool, keyword.values())[-1]
            leaders = [i for i in leaders if keyword[i] >= last]
        query = _sorted_words(" ".join(words))
        fuzzy: dict[str, float] = {}
        for intent in {*leaders, *self.declined}:   # token_sort_ratio, the phrasings' words sorted once (4× faster)
            found = process.extractOne(query, self.by_intent.get(intent, ()), scorer=fuzz.ratio, processor=None)
            fuzzy[intent] = found[1] / 100 if found else 0.0
        k, rest, penalty, counts = self.tuning.keyword_weight, 1 - self.tuning.keyword_weight, self.tuning.key_penalty, \
            self.key_counts
        held = Counter(i for w in set(words) for i in self.keyed.get(w, ()))   # key terms the question has, per intent
        # Words found in most entries match a hundred of them at once: matching them all proves little, and a phrasing
        # that says only them (« qu'est-ce qu'un assistant médical ne peut pas faire ») is no answer. The lexical
        # evidence is as strong as the question's words are telling; the encoder weighs the rest.
        evidence = min(1.0, total / self.telling)
        # An entry loses `penalty` × the share of its key terms that the question lacks (nothing if it has none).
        scores = {i: evidence * (k * keyword.get(i, 0.0) + rest * fuzzy.get(i, 0.0))
                  * (1 - penalty * ((counts[i] - held.get(i, 0)) / counts[i] if counts[i] else 0.0))
                  for i in {*keyword, *fuzzy}}
        return scores, coverage

    def rank(self, question: str, normalized: str | None = None) -> Match:
        text = normalized if normalized is not None else normalize(question)
        if text in self.exact:
            intent = self.exact[text]
            if out_of_scope(intent):
                return Match("fallback", (Candidate(OUT_OF_SCOPE, self.titles[OUT_OF_SCOPE], 1.0),), 1.0)
            return Match("answer", (Candidate(intent, self.titles[intent], 1.0),), 1.0)
        lexical, coverage = self.lexical(text)
        if not lexical:
            return Match("fallback", (), round(coverage, 3))
        ranking, verdict, fusion = ranked(lexical), None, self.calibration.fused
        if self.semantic is not None and (verdict := settled(ranking, coverage, fusion)) is None:
            semantic = self.semantic.scores(text)       # None if the encoder cannot load: lexical alone
            if semantic is not None:
                ranking = ranked(fuse(lexical, semantic, fusion))
                verdict = self._decide(ranking, coverage, fusion.decision, text)
        candidates = tuple(Candidate(i, self.titles[i], round(min(1.0, s), 3)) for i, s in ranking[:4])
        return Match(verdict or self._decide(ranking, coverage, self.calibration.lexical, text), candidates,
                     round(coverage, 3))

    def _decide(self, ranking: list[tuple[str, float]], coverage: float, decision: Decision, text: str) -> str:
        """`decide`, counting the question's words only when two entries are close enough to ask which."""
        verdict = decide(ranking, coverage, decision)
        return decide(ranking, coverage, decision, self.content_words(text)) if verdict == "clarify" else verdict

    def content_words(self, text: str) -> int:
        """How many distinct meaningful words the normalised question has (« la formation »: one, a vague question)."""
        return len(dict.fromkeys(self._content(with_specialty(text))))


def _sorted_words(text: str) -> str:
    """`text`'s words in order: fuzz.ratio of two such strings is fuzz.token_sort_ratio of the texts."""
    return " ".join(sorted(text.split()))


def with_specialty(text: str) -> str:
    """Add the canonical name of a specialty the text names (« gynecos » → « … gynecologue medical »),
    so that every form of a specialty looks alike to the matcher."""
    found = specialties.find_in(text)
    if found is None:
        return text
    practitioner = fold(found.practitioner).replace("-", " ")
    return text if f" {practitioner} " in f" {text} " else f"{text} {practitioner}"


@kept("matcher")
def lexical_matcher() -> Matcher:
    return Matcher(shipped())


@functools.cache
def shipped_matcher() -> Matcher:
    """The shipped matcher, semantic where the encoder is installed (its model and vectors are loaded
    when a question first needs them, or by `warm`)."""
    from chatbot import semantic

    matcher = lexical_matcher()
    if not semantic.available():
        return matcher
    return matcher.with_semantic(semantic.Index(matcher.phrasings, matcher.owner))
